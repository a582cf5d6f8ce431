// Tra cứu vận đơn: anyone with the tracking code (in the SMS to the recipient, on the label) and the last
// 4 digits of the recipient's phone follows a shipment without signing in, seeing nothing personal beyond
// the recipient's initials and commune. A wrong pair is answered like an unknown code, in the server's words.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { ShipmentTimeline } from '../delivery/ShipmentTimeline';
import { spacedTrackingCode } from '../delivery/tracking';
import type { ShipmentLookupInput, ShipmentStatus } from '../delivery/types';
import '../delivery/messages';
import { keepDigits, readShipmentQuery, shipmentProblems } from './lookup';
import { usePublicLookup } from './usePublicLookup';


function Found({ shipment }: { shipment: ShipmentStatus }) {
  return (
    <section aria-labelledby="shipment-result-title">
      <h3 id="shipment-result-title">{t('lookup.shipmentResult')}</h3>
      <dl class="facts">
        <dt>{t('delivery.trackingCode')}</dt>
        <dd>{spacedTrackingCode(shipment.tracking_code)}</dd>
        <dt>{t('delivery.state')}</dt>
        <dd><strong id="shipment-state">{shipment.state_words}</strong></dd>
        <dt>{t('delivery.recipientInitials')}</dt>
        <dd>{shipment.recipient_initials}</dd>
        {shipment.commune_name && (
          <>
            <dt>{t('delivery.commune')}</dt>
            <dd>{shipment.commune_name}</dd>
          </>
        )}
      </dl>
      <h4>{t('delivery.timeline')}</h4>
      <ShipmentTimeline steps={shipment.timeline} />
    </section>
  );
}

export function ShipmentLookup({ initialCode }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode ?? '');
  const [phoneLast4, setPhoneLast4] = useState('');
  const [checked, setChecked] = useState(false);
  const [answer, ask] = usePublicLookup<ShipmentStatus, ShipmentLookupInput>('/api/lookup/shipment');
  const codeInput = useRef<HTMLInputElement>(null);
  const last4Input = useRef<HTMLInputElement>(null);
  const query = readShipmentQuery(code, phoneLast4);
  const problems = checked ? shipmentProblems(query) : {};

  // Arriving from the SMS link, the code is there: the phone's last digits are what is left to type.
  useEffect(() => {
    if (initialCode) last4Input.current?.focus();
  }, [initialCode]);

  function onSubmit(event: Event) {
    event.preventDefault();
    setChecked(true);
    const found = shipmentProblems(query);
    if (found.trackingCode) codeInput.current?.focus();
    else if (found.phoneLast4) last4Input.current?.focus();
    else ask(query);
  }

  const asking = answer.status === 'asking';
  return (
    <section id="track-shipment" aria-labelledby="track-shipment-title">
      <h2 id="track-shipment-title">{t('lookup.shipmentTitle')}</h2>
      <p class="hint">{t('lookup.shipmentIntro')}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <label for="track-code">{t('delivery.trackingCode')}</label>
        <input ref={codeInput} id="track-code" class="input" type="text" autocomplete="off" autocapitalize="characters" spellcheck={false}
          maxLength={40} aria-invalid={problems.trackingCode ? 'true' : undefined}
          aria-describedby={problems.trackingCode ? 'track-code-hint track-code-problem' : 'track-code-hint'}
          value={code} onInput={(event) => setCode(event.currentTarget.value)} />
        <p id="track-code-hint" class="hint">{t('lookup.trackingHint')}</p>
        {problems.trackingCode && <p id="track-code-problem" class="status status--error">{t(problems.trackingCode)}</p>}

        <label for="track-last4">{t('lookup.recipientLast4')}</label>
        <input ref={last4Input} id="track-last4" class="input input--code" type="text" inputMode="numeric" autocomplete="off" pattern="[0-9]{4}"
          aria-invalid={problems.phoneLast4 ? 'true' : undefined}
          aria-describedby={problems.phoneLast4 ? 'track-last4-problem' : undefined}
          value={phoneLast4}
          onInput={(event) => {
            event.currentTarget.value = keepDigits(event.currentTarget.value);
            setPhoneLast4(event.currentTarget.value);
          }} />
        {problems.phoneLast4 && <p id="track-last4-problem" class="status status--error">{t(problems.phoneLast4)}</p>}

        <button class="button" type="submit" disabled={asking}>
          {asking ? t('lookup.busy') : t('lookup.trackSubmit')}
        </button>
      </form>
      <p class="status" role="status" aria-live="polite">{asking ? t('lookup.busy') : ''}</p>
      {answer.status === 'failed' && <ErrorText message={answer.message} />}
      {answer.status === 'found' && <Found shipment={answer.found} />}
    </section>
  );
}
