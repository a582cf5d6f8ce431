// The dossier's history as staff see it (internal steps marked), and the handover slips between agencies.
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import type { Dossier } from './types';

function actorOf(event: Dossier['timeline'][number]): string {
  return event.actor_name ?? (event.actor_role === 'citizen' ? t('office.citizen') : event.actor_role ?? t('office.system'));
}

export function Timeline({ dossier }: { dossier: Dossier }) {
  return (
    <>
      <h2>{t('office.timeline')}</h2>
      <ol class="office-timeline">
        {dossier.timeline.map((event, index) => (
          <li key={index}>
            <strong>{t(`action.${event.action}`)}</strong>
            {event.visibility === 'internal' && <span class="badge">{t('office.internal')}</span>}
            <br />
            <small>{formatDateTime(event.at)} · {actorOf(event)}</small>
            {event.note && <p>{event.note}</p>}
          </li>
        ))}
      </ol>
      {dossier.handovers.length > 0 && (
        <>
          <h2>{t('office.handovers')}</h2>
          <ol class="office-timeline">
            {dossier.handovers.map((h, index) => (
              <li key={index}>
                <strong>
                  <Localized vi={h.from_agency_name} en={h.from_agency_name_en} /> →{' '}
                  <Localized vi={h.to_agency_name} en={h.to_agency_name_en} />
                </strong>
                <br />
                <small>{t('office.handedAt', { at: formatDateTime(h.handed_at), who: h.handed_by })}</small><br />
                <small>{h.taken_at ? t('office.takenAt', { at: formatDateTime(h.taken_at), who: h.taken_by ?? '' }) : t('office.notTaken')}</small>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
