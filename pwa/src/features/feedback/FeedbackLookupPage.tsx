// #/phan-anh/tra-cuu: anyone holding a tracking code sees the feedback's state and the answer, with the last
// four digits of the sender's phone. A wrong code and a wrong ending get the same words from the server.
import { useRef, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href } from '../../router';
import { keepDigits } from '../lookup/lookup';
import { FeedbackFacts } from './FeedbackFacts';
import './feedback.css';
import './messages';

type FeedbackView = components['schemas']['FeedbackView'];

export function FeedbackLookupPage() {
  const [code, setCode] = useState('');
  const [last4, setLast4] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [found, setFound] = useState<FeedbackView | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const last4Input = useRef<HTMLInputElement>(null);
  const trackingCode = code.trim().toUpperCase();
  const codeProblem = checked && trackingCode.length < 4 ? 'feedbackLookup.codeMissing' : '';
  const last4Problem = checked && !/^[0-9]{4}$/.test(last4) ? 'feedbackLookup.last4Wrong' : '';

  async function submit(event: Event) {
    event.preventDefault();
    setChecked(true);
    if (trackingCode.length < 4) return codeInput.current?.focus();
    if (!/^[0-9]{4}$/.test(last4)) return last4Input.current?.focus();
    setBusy(true);
    setError('');
    setFound(null);
    try {
      setFound(await apiSend<FeedbackView>('POST', '/api/feedback/lookup', { tracking_code: trackingCode, phone_last4: last4 }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="feedback-lookup-title">
      <a class="back-link" href={href.feedback}>
        ← {t('feedback.title')}
      </a>
      <h1 id="feedback-lookup-title">{t('feedbackLookup.title')}</h1>
      <p class="hint">{t('feedbackLookup.intro')}</p>
      <form class="form" onSubmit={submit} noValidate>
        <label for="feedback-lookup-code">{t('feedbackLookup.code')}</label>
        <input ref={codeInput} id="feedback-lookup-code" class="input" type="text" autocomplete="off" autocapitalize="characters"
          spellcheck={false} maxLength={30} aria-invalid={codeProblem ? 'true' : undefined}
          aria-describedby="feedback-lookup-code-hint" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        <p id="feedback-lookup-code-hint" class="hint">{codeProblem ? t(codeProblem) : t('feedbackLookup.codeHint')}</p>
        <label for="feedback-lookup-last4">{t('feedbackLookup.last4')}</label>
        <input ref={last4Input} id="feedback-lookup-last4" class="input input--code" type="text" inputMode="numeric"
          autocomplete="off" aria-invalid={last4Problem ? 'true' : undefined}
          aria-describedby={last4Problem ? 'feedback-lookup-last4-problem' : undefined} value={last4}
          onInput={(e) => {
            e.currentTarget.value = keepDigits(e.currentTarget.value);
            setLast4(e.currentTarget.value);
          }} />
        {last4Problem && <p id="feedback-lookup-last4-problem" class="field-error">{t(last4Problem)}</p>}
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('feedbackLookup.busy') : t('feedbackLookup.submit')}
        </button>
      </form>
      {error && <ErrorText message={error} />}
      {found && (
        <section aria-labelledby="feedback-lookup-result">
          <h2 id="feedback-lookup-result">{t('feedbackLookup.result')}</h2>
          <p><strong class="tracking-code">{found.tracking_code}</strong> · {found.agency_name}</p>
          <p class="feedback-question">{found.body}</p>
          <FeedbackFacts feedback={found} />
        </section>
      )}
    </section>
  );
}
