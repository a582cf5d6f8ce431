// The officer's supplement request as the citizen sees it: what is missing (one line each) and the
// officer's message. Shown on the dossier page (with "Bổ sung hồ sơ") and atop the filing screen in
// supplement mode (#/ho-so/{id}/bo-sung).
import type { ComponentChildren } from 'preact';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import type { DossierDetail } from './types';
import './messages';

export function SupplementRequestBox({ dossier, children }: { dossier: DossierDetail; children?: ComponentChildren }) {
  const request = dossier.supplement;
  const event = [...dossier.timeline].reverse().find((e) => e.action === 'request_supplement');
  const at = request?.requested_at ?? event?.at;
  const missing = request?.missing ?? [];
  const message = request ? request.message : event?.note;
  return (
    <section class="supplement-box" aria-labelledby="supplement-asked">
      <h2 id="supplement-asked">{t('supplement.asked')}</h2>
      {at && <p class="hint">{t('supplement.askedOn', { date: formatDate(at) })}</p>}
      {missing.length > 0 && (
        <>
          <p id="supplement-missing">{t('supplement.missing')}</p>
          <ul aria-labelledby="supplement-missing">
            {missing.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      )}
      {message && <p>{t('supplement.message', { note: message })}</p>}
      {children}
    </section>
  );
}
