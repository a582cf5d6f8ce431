// #/tai-khoan: who is signed in — a citizen's profile (editable) and notification choices, or a staff
// member's role and unit by name, with the way to their work — and signing out. A lapsed session shows
// "Bạn chưa đăng nhập" and forgets the session here.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { lazyScreens } from '../../lazy';
import { Localized } from '../../Localized';
import { href } from '../../router';
import { BackHome } from './BackHome';
import { CitizenProfile } from './CitizenProfile';
import { forgetSession, isOfficer, landingOf, rememberWho, signOut, type Who } from './session';
import type { Me, Profile } from './types';

const Notifications = lazyScreens(() => import('../notify/NotificationSettings'));

type AccountState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'error'; message: string }
  | { status: 'staff'; me: Me }
  | { status: 'citizen'; me: Me; profile: Profile };

function StaffFacts({ me }: { me: Me }) {
  const who: Who = me.role ? { kind: 'staff', role: me.role } : { kind: 'unknown' };
  return (
    <>
      <dl class="facts">
        <dt>{t('account.fullName')}</dt>
        <dd>{me.display_name}</dd>
        <dt>{t('account.username')}</dt>
        <dd>{me.username}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`role.${me.role}`)}</dd>
        <dt>{t('account.unit')}</dt>
        <dd>
          <span>{me.agency_name ? <Localized vi={me.agency_name} en={me.agency_name_en} /> : me.team_name}</span>
          <small class="unit-code">{me.agency_code ?? me.team_code}</small>
        </dd>
      </dl>
      <p>
        <a class="button" href={landingOf(who)}>{isOfficer(who) ? t('account.openQueue') : t('account.openWork')}</a>
      </p>
    </>
  );
}

export function AccountPage() {
  const [state, setState] = useState<AccountState>({ status: 'loading' });

  useEffect(() => {
    (async () => {
      try {
        const me = await apiGet<Me>('/api/me');
        rememberWho(me);
        if (me.kind === 'staff') return setState({ status: 'staff', me });
        const profile = await apiGet<Profile>('/api/me/profile');
        setState({ status: 'citizen', me, profile });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          forgetSession();
          setState({ status: 'signedOut' });
        } else setState({ status: 'error', message: messageOf(err) });
      }
    })();
  }, []);

  return (
    <section class="page">
      <h1>{t('account.title')}</h1>
      {state.status === 'loading' && <p class="status" role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <ErrorText message={state.message} />}
      {state.status === 'signedOut' && (
        <>
          <p>{t('account.signedOut')}</p>
          <a class="button" href={href.signIn}>
            {t('nav.signIn')}
          </a>
        </>
      )}
      {state.status === 'staff' && <StaffFacts me={state.me} />}
      {state.status === 'citizen' && (
        <>
          <CitizenProfile profile={state.profile} onSaved={(profile) => setState({ ...state, profile })} />
          <Notifications render={(module) => <module.NotificationSettings />} />
        </>
      )}
      {(state.status === 'staff' || state.status === 'citizen') && (
        <p>
          <button class="button button--secondary" type="button" onClick={() => void signOut()}>
            {t('account.signOut')}
          </button>
        </p>
      )}
      <BackHome />
    </section>
  );
}
