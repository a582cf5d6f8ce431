// "Vận chuyển" on the citizen's dossier page: the dossier's shipments (the result going home, the paper
// originals coming in) with their tracking code, state in plain words, postage and journey; and "Nhờ bưu
// điện đến lấy hồ sơ giấy", which asks the post to collect the originals from an address (the delivery
// step's fields) — sent with one Idempotency-Key per request, so a retry cannot order a second pick-up.
import { useEffect, useState } from 'preact/hooks';
import { apiFetch, apiGet, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatVnd } from '../../format';
import { getLang, t } from '../../i18n';
import { href } from '../../router';
import { AddressFields, type Address } from '../delivery/AddressFields';
import { ShipmentTimeline } from '../delivery/ShipmentTimeline';
import { spacedTrackingCode } from '../delivery/tracking';
import type { CollectionInput, Shipment } from '../delivery/types';
import '../delivery/messages';
import type { DossierDetail } from '../filing/types';
import { uuidv7 } from '../filing/uuid';

/** While the desk may still need the originals: sent, received, or sent back for a supplement (the server's rule). */
const COLLECTABLE = ['submitted', 'received', 'supplement_requested'];

function ShipmentItem({ shipment }: { shipment: Shipment }) {
  return (
    <li class="shipment">
      <h3>{t(shipment.direction === 'inbound' ? 'delivery.inbound' : 'delivery.outbound')}</h3>
      <dl class="facts">
        <dt>{t('delivery.trackingCode')}</dt>
        <dd><a href={href.trackShipment(shipment.tracking_code)}>{spacedTrackingCode(shipment.tracking_code)}</a></dd>
        <dt>{t('delivery.state')}</dt>
        <dd><strong>{shipment.state_words}</strong></dd>
        {shipment.failure_reason && (
          <>
            <dt>{t('delivery.failureReason')}</dt>
            <dd>{shipment.failure_reason}</dd>
          </>
        )}
        {shipment.postage > 0 && (
          <>
            <dt>{t('delivery.postage')}</dt>
            <dd>
              {formatVnd(shipment.postage)} · {t(shipment.postage_payment === 'on_delivery' ? 'delivery.onDelivery' : 'delivery.withFee')}
            </dd>
          </>
        )}
      </dl>
      <ShipmentTimeline steps={shipment.timeline} />
    </li>
  );
}

function addressFrom(dossier: DossierDetail): Address {
  const a = dossier.applicant;
  return { recipient_name: a.full_name ?? null, phone: a.phone ?? null, province_code: a.province_code ?? null, commune_code: a.commune_code ?? null, street: a.street ?? null };
}

function complete(address: Address): CollectionInput | null {
  const [name, phone, street] = [address.recipient_name?.trim(), address.phone?.trim(), address.street?.trim()];
  if (!name || !phone || !address.province_code || !address.commune_code || !street) return null;
  return { name, phone, province_code: address.province_code, commune_code: address.commune_code, street };
}

function CollectionForm({ dossier, onCreated, onCancel }: { dossier: DossierDetail; onCreated: (s: Shipment) => void; onCancel: () => void }) {
  const [address, setAddress] = useState<Address>(() => addressFrom(dossier));
  const [key] = useState(uuidv7); // kept across retries of this one request
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function onSubmit(event: Event) {
    event.preventDefault();
    const body = complete(address);
    if (!body) return setError(t('collection.incomplete'));
    setBusy(true);
    setError('');
    try {
      const shipment = await apiFetch<Shipment>(`/api/dossiers/${dossier.id}/collection`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      });
      onCreated(shipment);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form delivery-address" onSubmit={onSubmit} noValidate aria-labelledby="collection-title">
      <h3 id="collection-title">{t('collection.title')}</h3>
      <p class="hint">{t('collection.intro')}</p>
      <AddressFields idPrefix="collection" address={address} onChange={setAddress} />
      {error && <ErrorText message={error} />}
      <div class="form__actions">
        <button class="button" type="submit" disabled={busy}>{t('collection.submit')}</button>
        <button class="button button--secondary" type="button" onClick={onCancel}>{t('dossiers.cancel')}</button>
      </div>
    </form>
  );
}

export function DossierShipments({ dossier }: { dossier: DossierDetail }) {
  const [shipments, setShipments] = useState<Shipment[] | null>(null);
  const [error, setError] = useState('');
  const [asking, setAsking] = useState(false);
  const [notice, setNotice] = useState('');

  const lang = getLang(); // the state words come in the reader's language
  useEffect(() => {
    const controller = new AbortController();
    apiGet<Shipment[]>(`/api/dossiers/${dossier.id}/shipments`, controller.signal).then(setShipments, (err: unknown) => {
      if (!controller.signal.aborted) setError(messageOf(err));
    });
    return () => controller.abort();
  }, [dossier.id, lang]);

  const collecting = shipments?.some((s) => s.direction === 'inbound' && !['delivered', 'returned', 'cancelled'].includes(s.state));
  const canAsk = shipments !== null && !collecting && COLLECTABLE.includes(dossier.state);
  if (!error && shipments?.length === 0 && !canAsk) return null;

  return (
    <section aria-labelledby="shipments-title">
      <h2 id="shipments-title">{t('collection.section')}</h2>
      {error && <ErrorText message={error} />}
      <ul class="shipments">
        {shipments?.map((s) => <ShipmentItem key={s.tracking_code} shipment={s} />)}
      </ul>
      <p class="status" role="status" aria-live="polite">{notice}</p>
      {canAsk &&
        (asking ? (
          <CollectionForm
            dossier={dossier}
            onCancel={() => setAsking(false)}
            onCreated={(shipment) => {
              setShipments((current) => [...(current ?? []), shipment]);
              setAsking(false);
              setNotice(t('collection.created', { code: spacedTrackingCode(shipment.tracking_code) }));
            }}
          />
        ) : (
          <button class="button button--secondary" type="button" onClick={() => setAsking(true)}>
            {t('collection.open')}
          </button>
        ))}
    </section>
  );
}
