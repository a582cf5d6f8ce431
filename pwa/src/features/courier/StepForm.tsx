// What a step needs before it is queued: "Giao thành công" the recipient's 6-digit code (or, when they
// have no phone, a photo of the signed slip, compressed on the phone like the filing photos); a failed
// attempt or a return, a reason (a choice, and words of the courier's own).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { CourierAction } from '../delivery/types';
import { compressPhoto } from '../photos/compress';
import { needsProof, needsReason } from './lifecycle';
import type { Step } from './queue';
import type { RoundShipment } from './round';

const REASONS = ['absent', 'wrong_address', 'refused', 'later', 'other'] as const;
/** Reasons are recorded in Vietnamese, as the desk and the recipient read them, whatever the phone's language. */
const REASON_RECORDED: Record<(typeof REASONS)[number], string> = {
  absent: 'Không có người nhận',
  wrong_address: 'Sai hoặc không tìm thấy địa chỉ',
  refused: 'Người nhận từ chối nhận',
  later: 'Người nhận hẹn giao lại',
  other: 'Lý do khác',
};

export function stepIsImmediate(action: CourierAction, shipment: RoundShipment): boolean {
  return !needsProof(action, shipment.direction) && !needsReason(action);
}

function recordedReason(choice: string, words: string): string {
  const chosen = choice && choice !== 'other' ? REASON_RECORDED[choice as keyof typeof REASON_RECORDED] : '';
  return [chosen, words.trim()].filter(Boolean).join(': ');
}

export function StepForm(props: { shipment: RoundShipment; action: CourierAction; onStep: (step: Step) => void; onCancel: () => void }) {
  const { shipment, action } = props;
  const proof = needsProof(action, shipment.direction);
  const bySlip = proof && !shipment.has_phone;
  const [code, setCode] = useState('');
  const [slip, setSlip] = useState<Blob | null>(null);
  const [compressing, setCompressing] = useState(false);
  const [choice, setChoice] = useState('');
  const [words, setWords] = useState('');
  const [problem, setProblem] = useState('');
  const form = useRef<HTMLFormElement>(null);

  // The form replaces the buttons: focus moves to what it asks first, so a screen reader follows.
  useEffect(() => form.current?.querySelector<HTMLElement>('input, textarea')?.focus(), []);

  async function takePhoto(file: File | undefined) {
    if (!file) return;
    setCompressing(true);
    setSlip((await compressPhoto(file)).blob);
    setCompressing(false);
  }

  function onSubmit(event: Event) {
    event.preventDefault();
    const step: Step = { tracking_code: shipment.tracking_code, action };
    if (proof && !bySlip) {
      if (!/^\d{6}$/.test(code)) return setProblem(t('courier.codeInvalid'));
      step.recipient_code = code;
    }
    if (bySlip) {
      if (!slip) return setProblem(t('courier.slipMissing'));
      step.slip = slip;
    }
    if (needsReason(action)) {
      const reason = recordedReason(choice, words);
      if (!reason) return setProblem(t('courier.reasonMissing'));
      step.reason = reason;
    }
    props.onStep(step);
  }

  return (
    <form ref={form} class="form courier-step" onSubmit={onSubmit} noValidate aria-labelledby="courier-step-title">
      <h2 id="courier-step-title">{t(`courier.action.${action}`)}</h2>
      {proof && !bySlip && (
        <>
          <label for="courier-recipient-code">{t('courier.code')}</label>
          <input id="courier-recipient-code" class="input input--code" type="text" inputMode="numeric" autocomplete="one-time-code"
            pattern="[0-9]{6}" maxLength={6} value={code}
            onInput={(e) => {
              e.currentTarget.value = e.currentTarget.value.replace(/\D/g, '').slice(0, 6);
              setCode(e.currentTarget.value);
            }} />
          <p class="hint">{t('courier.codeAsk')}</p>
        </>
      )}
      {bySlip && (
        <>
          <label for="courier-slip">{t('courier.slip')}</label>
          <input id="courier-slip" class="input" type="file" accept="image/*" capture="environment"
            onChange={(e) => void takePhoto(e.currentTarget.files?.[0])} />
          <p class="hint" aria-live="polite">
            {compressing ? t('courier.compressing') : slip ? t('courier.slipReady', { size: Math.ceil(slip.size / 1024) }) : ''}
          </p>
        </>
      )}
      {needsReason(action) && (
        <fieldset class="courier-reasons">
          <legend>{t('courier.reason')}</legend>
          {REASONS.map((reason) => (
            <label key={reason} class="choice">
              <input type="radio" name="courier-reason" value={reason} checked={choice === reason} onChange={() => setChoice(reason)} />
              {t(`courier.reason.${reason}`)}
            </label>
          ))}
          <label for="courier-reason-words">{t('courier.reasonMore')}</label>
          <textarea id="courier-reason-words" class="input" rows={2} maxLength={500} value={words} onInput={(e) => setWords(e.currentTarget.value)} />
        </fieldset>
      )}
      {problem && <p class="status status--error" role="alert">{problem}</p>}
      <div class="form__actions">
        <button type="submit" class="button" disabled={compressing}>{t('courier.save')}</button>
        <button type="button" class="button button--secondary" onClick={props.onCancel}>{t('courier.cancel')}</button>
      </div>
    </form>
  );
}
