// #/can-bo/cong-viec: where administrators and couriers land after signing in — the screens their role works in,
// and what every staff member can use; never a "no permission". Officers are sent on to their queue, volunteers to
// their assisted filing.
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import { isOfficer, whoIsSignedIn } from './session';
import type { Me } from './types';

export function StaffHome() {
  const who = whoIsSignedIn();
  const [me, setMe] = useState<Me | null>(null);

  useEffect(() => {
    if (isOfficer(who)) location.replace(href.office);
    else if (who?.kind === 'staff' && who.role === 'volunteer') location.replace(href.volunteer);
    else if (who?.kind === 'staff') apiGet<Me>('/api/me').then(setMe, () => undefined); // the unit's name; offline, the page stands without it
  }, []);

  if (who?.kind !== 'staff' || isOfficer(who))
    return (
      <section class="page">
        <p>{t('staffHome.signIn')}</p>
        <a class="button" href={href.staffSignIn}>{t('staffHome.signInLink')}</a>
      </section>
    );
  const role = who.role;
  return (
    <section class="page" aria-labelledby="staff-home-title">
      <h1 id="staff-home-title">{t(`role.${role}`)}</h1>
      {me && (
        <p>
          {me.display_name} · {me.team_name ?? (me.agency_name && <Localized vi={me.agency_name} en={me.agency_name_en} />)}
        </p>
      )}
      {role === 'admin' && (
        <p>
          <a class="button" href={href.catalogueAdmin}>{t('staffHome.catalogue')}</a>{' '}
          <a class="button" href={href.staffAdmin}>{t('staffHome.staff')}</a>
        </p>
      )}
      {role === 'admin' && (
        <ul class="staff-home-tools">
          <li><a href={href.adminCalendar}>{t('staffHome.calendar')}</a></li>
          <li><a href={href.adminTemplates}>{t('staffHome.templates')}</a></li>
          <li><a href={href.adminAudit}>{t('staffHome.audit')}</a></li>
        </ul>
      )}
      {role === 'courier' && (
        <p>
          <a class="button" href={href.courier}>{t('staffHome.courierRound')}</a>
        </p>
      )}
      <h2>{t('staffHome.now')}</h2>
      <ul>
        <li><a href={href.home}>{t('staffHome.search')}</a></li>
        <li><a href={href.account}>{t('staffHome.account')}</a></li>
      </ul>
    </section>
  );
}
