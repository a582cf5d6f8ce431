// #/buu-ta: the courier's day on a phone — what waits on the phone (and "Đã đồng bộ"), the desk's
// hand-overs to confirm, finding a shipment by scanning or typing its code, and today's shipments
// grouped by commune with their counts.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { href } from '../../router';
import type { CourierHandover } from '../delivery/types';
import { findTrackingCode, spacedTrackingCode } from '../delivery/tracking';
import { byCommune, type RoundShipment } from './round';
import { canScan, Scanner } from './Scanner';
import { SyncStatus } from './SyncStatus';
import { useRound, useSync, type RoundView } from './useRound';

function Handovers({ handovers, onConfirmed }: { handovers: CourierHandover[]; onConfirmed: () => Promise<void> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  if (handovers.length === 0 && !notice) return null;

  async function confirm(id: string) {
    setBusy(id);
    setError('');
    try {
      await apiSend('POST', `/api/courier/handovers/${encodeURIComponent(id)}/confirm`);
      setNotice(t('courier.confirmed'));
      await onConfirmed();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="courier-handovers-title">
      <h2 id="courier-handovers-title">{t('courier.handovers')}</h2>
      <ul class="courier-list">
        {handovers.map((h) => (
          <li key={h.id} class="courier-handover">
            <span>{t('courier.handover', { agency: h.agency_name, slot: formatDateTime(h.slot), n: h.count })}</span>
            <button type="button" class="button" disabled={busy !== null} onClick={() => void confirm(h.id)}>
              {t('courier.confirm')}
            </button>
          </li>
        ))}
      </ul>
      <p class="status" role="status" aria-live="polite">{notice}</p>
      {error && <ErrorText message={error} />}
    </section>
  );
}

function FindShipment() {
  const [typed, setTyped] = useState('');
  const [wrong, setWrong] = useState(false);
  const [scanning, setScanning] = useState(false);
  const open = (code: string) => (location.hash = href.courierShipment(code));

  function onSubmit(event: Event) {
    event.preventDefault();
    const code = findTrackingCode(typed);
    setWrong(!code);
    if (code) open(code);
  }

  return (
    <section aria-labelledby="courier-find-title">
      <h2 id="courier-find-title">{t('courier.find')}</h2>
      {scanning ? (
        <Scanner onCode={open} onClose={() => setScanning(false)} />
      ) : (
        canScan() && (
          <button type="button" class="button" onClick={() => setScanning(true)}>
            {t('courier.scan')}
          </button>
        )
      )}
      <form class="form courier-find" onSubmit={onSubmit} noValidate>
        <label for="courier-code">{t('courier.typeCode')}</label>
        <input
          id="courier-code"
          class="input"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={40}
          aria-invalid={wrong ? 'true' : undefined}
          aria-describedby={wrong ? 'courier-code-hint courier-code-problem' : 'courier-code-hint'}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <p id="courier-code-hint" class="hint">{t('courier.codeHint')}</p>
        {wrong && <p id="courier-code-problem" class="status status--error">{t('courier.codeWrong')}</p>}
        <button type="submit" class="button button--secondary">{t('courier.open')}</button>
      </form>
    </section>
  );
}

function ShipmentLink({ shipment }: { shipment: RoundShipment }) {
  return (
    <li class={shipment.refusal ? 'courier-item courier-item--refused' : 'courier-item'}>
      <a href={href.courierShipment(shipment.tracking_code)}>
        <strong class="courier-code">{spacedTrackingCode(shipment.tracking_code)}</strong>
        <span>{[shipment.recipient_name, shipment.street].filter(Boolean).join(' · ')}</span>
        <span class="meta">
          {t(`courier.direction.${shipment.direction}`)} · {t(`courier.state.${shipment.state}`)}
          {shipment.pending > 0 && <> · <em>{t('courier.waitingSync')}</em></>}
        </span>
      </a>
      {shipment.refusal && <p class="status status--error">{t('courier.refused', { message: shipment.refusal })}</p>}
    </li>
  );
}

function Shipments({ round }: { round: RoundView }) {
  const groups = byCommune(round.shipments);
  return (
    <section aria-labelledby="courier-shipments-title">
      <h2 id="courier-shipments-title">{t('courier.count', { n: round.shipments.length })}</h2>
      {!round.loading && round.shipments.length === 0 && !round.error && <p class="status">{t('courier.empty')}</p>}
      {groups.map((group) => (
        <section key={group.commune_code} class="courier-commune" aria-labelledby={`commune-${group.commune_code || 'none'}`}>
          <h3 id={`commune-${group.commune_code || 'none'}`}>
            {group.commune_name ?? t('courier.noCommune')} <span class="meta">({group.shipments.length})</span>
          </h3>
          <ul class="courier-list">
            {group.shipments.map((s) => (
              <ShipmentLink key={s.tracking_code} shipment={s} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

export function RoundScreen() {
  const sync = useSync();
  const round = useRound(sync);
  return (
    <section class="page courier" aria-labelledby="courier-title">
      <a class="back-link" href={href.staffHome}>
        ← {t('nav.work')}
      </a>
      <h1 id="courier-title">{t('courier.title')}</h1>
      <SyncStatus sync={sync} />
      {round.loading && <p class="status" role="status">{t('courier.loading')}</p>}
      {round.offline && round.fetchedAt && <p class="status">{t('courier.offlineCopy', { at: formatDateTime(round.fetchedAt) })}</p>}
      {round.error && <ErrorText message={`${round.error} ${t('courier.noCopy')}`} />}
      <Handovers handovers={round.handovers} onConfirmed={round.reload} />
      <FindShipment />
      <Shipments round={round} />
    </section>
  );
}
