// #/buu-ta/van-don/{code}: one shipment of the round — who, where (with a call link), what to collect in
// cash, and the steps the courier can take now. A step is queued on the phone and shown as taken at once;
// the server's refusal, if it comes, is shown here with its words.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatPhone, formatVnd } from '../../format';
import { t } from '../../i18n';
import { href } from '../../router';
import type { CourierAction } from '../delivery/types';
import { findTrackingCode, spacedTrackingCode } from '../delivery/tracking';
import type { Step } from './queue';
import type { RoundShipment } from './round';
import { StepForm, stepIsImmediate } from './StepForm';
import { SyncStatus } from './SyncStatus';
import { takeStep } from './sync';
import { useRound, useSync } from './useRound';

function ResendCode({ code }: { code: string }) {
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  async function resend() {
    setError('');
    try {
      await apiSend('POST', `/api/courier/shipments/${encodeURIComponent(code)}/code`);
      setNotice(t('courier.codeSent'));
    } catch (err) {
      setError(messageOf(err));
    }
  }
  return (
    <>
      <button type="button" class="button button--secondary" onClick={() => void resend()}>{t('courier.resendCode')}</button>
      <p class="status" role="status" aria-live="polite">{notice}</p>
      {error && <ErrorText message={error} />}
    </>
  );
}

function Details({ shipment }: { shipment: RoundShipment }) {
  const phone = formatPhone(shipment.phone);
  return (
    <dl class="facts">
      <dt>{t(shipment.direction === 'inbound' ? 'courier.sender' : 'courier.recipient')}</dt>
      <dd>{shipment.recipient_name}</dd>
      <dt>{t('courier.address')}</dt>
      <dd>{[shipment.street, shipment.commune_name, shipment.province_name].filter(Boolean).join(', ')}</dd>
      <dt>{t('courier.phone')}</dt>
      <dd>
        {shipment.phone ? (
          <a class="courier-call" href={`tel:${shipment.phone}`} aria-label={t('courier.call', { phone })}>{phone}</a>
        ) : (
          t('courier.noPhone')
        )}
      </dd>
      <dt>{t('courier.state')}</dt>
      <dd id="courier-state">
        {t(`courier.state.${shipment.state}`)}
        {shipment.pending > 0 && <> · <em>{t('courier.waitingSync')}</em></>}
      </dd>
    </dl>
  );
}

function Actions({ shipment }: { shipment: RoundShipment }) {
  const [asking, setAsking] = useState<CourierAction | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');

  async function record(step: Step) {
    setAsking(null);
    setError('');
    try {
      await takeStep(step);
      setNotice(t('courier.stepSaved', { action: t(`courier.action.${step.action}`) }));
    } catch {
      setError(t('courier.storageError'));
    }
  }

  function choose(action: CourierAction) {
    if (stepIsImmediate(action, shipment)) void record({ tracking_code: shipment.tracking_code, action });
    else setAsking(action);
  }

  return (
    <section aria-labelledby="courier-actions-title">
      <h2 id="courier-actions-title">{t('courier.actions')}</h2>
      {shipment.refusal && <p class="status status--error" role="alert">{t('courier.refused', { message: shipment.refusal })}</p>}
      {asking ? (
        <StepForm shipment={shipment} action={asking} onStep={(step) => void record(step)} onCancel={() => setAsking(null)} />
      ) : shipment.allowed_actions.length === 0 ? (
        <p class="status">{t('courier.noActions')}</p>
      ) : (
        <div class="courier-actions">
          {shipment.allowed_actions.map((action) => (
            <button key={action} type="button" class={action === 'fail' || action === 'return_to_sender' ? 'button button--secondary' : 'button'}
              onClick={() => choose(action)}>
              {t(`courier.action.${action}`)}
            </button>
          ))}
        </div>
      )}
      {!asking && shipment.allowed_actions.includes('deliver') && shipment.direction === 'outbound' && shipment.has_phone && (
        <ResendCode code={shipment.tracking_code} />
      )}
      <p class="status" role="status" aria-live="polite">{notice}</p>
      {error && <ErrorText message={error} />}
    </section>
  );
}

export function ShipmentScreen({ code: typed }: { code: string }) {
  const sync = useSync();
  const round = useRound(sync);
  const code = findTrackingCode(typed) ?? typed.toUpperCase();
  const shipment = round.shipments.find((s) => s.tracking_code === code);
  return (
    <section class="page courier" aria-labelledby="courier-shipment-title">
      <a class="back-link" href={href.courier}>
        ← {t('courier.back')}
      </a>
      <h1 id="courier-shipment-title" class="courier-code">{spacedTrackingCode(code)}</h1>
      <SyncStatus sync={sync} />
      {round.loading && <p class="status" role="status">{t('courier.loading')}</p>}
      {!round.loading && !shipment && <ErrorText message={round.error || t('courier.notInRound', { code: spacedTrackingCode(code) })} />}
      {shipment && (
        <>
          <p class="meta">{t(`courier.direction.${shipment.direction}`)}</p>
          <Details shipment={shipment} />
          <p class="courier-collect" id="courier-collect">
            <strong>{shipment.cash_to_collect > 0 ? t('courier.collect', { amount: formatVnd(shipment.cash_to_collect) }) : t('courier.nothingToCollect')}</strong>
          </p>
          <Actions key={shipment.tracking_code} shipment={shipment} />
        </>
      )}
    </section>
  );
}
