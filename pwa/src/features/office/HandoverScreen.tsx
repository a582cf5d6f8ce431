// "Bàn giao bưu điện" (#/can-bo/ban-giao): the desk's results waiting for the post, "Bàn giao ngay" to put
// them in a batch now rather than at the next scheduled slot, and the day's batches with their manifest
// (the PDF list, a QR per shipment, that the courier signs and confirms in the app).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiFetch, apiGet, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDateTime, formatVnd } from '../../format';
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import { spacedTrackingCode } from '../delivery/tracking';
import type { HandoverBatch, Handovers } from '../delivery/types';
import { uuidv7 } from '../filing/uuid';

function WaitingTable({ handovers }: { handovers: Handovers }) {
  return (
    <table class="office-table" id="handover-waiting">
      <caption>{t('office.handoverWaiting', { n: handovers.waiting.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('office.trackingCode')}</th>
          <th scope="col">{t('office.code')}</th>
          <th scope="col">{t('office.handoverRecipient')}</th>
          <th scope="col">{t('office.handoverCommune')}</th>
          <th scope="col" class="money">{t('office.handoverCollect')}</th>
        </tr>
      </thead>
      <tbody>
        {handovers.waiting.map((s) => (
          <tr key={s.id}>
            <td class="nowrap">{spacedTrackingCode(s.tracking_code)}</td>
            <td>{s.dossier_code ?? '—'}</td>
            <td>{s.recipient_name}</td>
            <td>{s.commune_name ?? '—'}</td>
            <td class="money">{s.cash_to_collect > 0 ? formatVnd(s.cash_to_collect) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BatchList({ batches }: { batches: HandoverBatch[] }) {
  return (
    <table class="office-table" id="handover-batches">
      <caption>{t('office.handoverBatches')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('office.handoverSlot')}</th>
          <th scope="col">{t('office.handoverCount')}</th>
          <th scope="col">{t('office.state')}</th>
          <th scope="col">{t('office.handoverManifest')}</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <tr key={b.id}>
            <td>{formatDateTime(b.slot)}</td>
            <td>{b.count}</td>
            <td>
              {b.state === 'handed_over' && b.confirmed_at
                ? t('office.handoverConfirmed', { at: formatDateTime(b.confirmed_at), courier: b.courier_name ?? '' })
                : t('office.handoverOpen')}
            </td>
            <td>
              <a href={b.manifest_url} download={`ban-giao-${b.id}.pdf`}>
                {t('office.handoverDownload')}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HandoverScreen() {
  const [handovers, setHandovers] = useState<Handovers | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  // One key per "Bàn giao ngay" intent: a retry after a lost answer cannot make a second batch.
  const [batchKey, setBatchKey] = useState(uuidv7);

  async function load() {
    try {
      setHandovers(await apiGet<Handovers>('/api/office/handovers'));
      setError('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        rememberReturn(location.hash);
        location.hash = href.staffSignIn;
      }
      setError(messageOf(err));
    }
  }

  useEffect(() => void load(), []);

  async function handOverNow() {
    setBusy(true);
    setError('');
    try {
      const batch = await apiFetch<HandoverBatch>('/api/office/handovers', { method: 'POST', headers: { 'Idempotency-Key': batchKey } });
      setNotice(t('office.handoverMade', { n: batch.count, slot: formatDateTime(batch.slot) }));
      setBatchKey(uuidv7());
      await load();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page office" aria-labelledby="handover-title">
      <a href={href.office}>{t('office.back')}</a>
      <h1 id="handover-title">{t('office.handover')}</h1>
      <p class="hint">{t('office.handoverIntro')}</p>
      {error && <ErrorText message={error} />}
      <p class="status" role="status" aria-live="polite">{notice}</p>
      {handovers && (
        <>
          {handovers.waiting.length === 0 ? <p class="status">{t('office.handoverNone')}</p> : <WaitingTable handovers={handovers} />}
          <button type="button" class="button" disabled={busy || handovers.waiting.length === 0} onClick={() => void handOverNow()}>
            {t('office.handoverNow')}
          </button>
          {handovers.batches.length > 0 && <BatchList batches={handovers.batches} />}
        </>
      )}
    </section>
  );
}
