// #/phan-anh "Gửi phản ánh, kiến nghị": to an agency (the province's departments and communes' People's
// Committees), optionally about one of my dossiers when signed in, or, signed out, from a phone confirmed by a
// code sent to it. What is typed is kept on the phone until it is sent; the tracking code is shown afterwards.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiFetch, apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatPhone } from '../../format';
import { getLang, t } from '../../i18n';
import { localized } from '../../Localized';
import { href, rememberReturn } from '../../router';
import { learnWho, whoIsSignedIn } from '../account/session';
import type { CodeSent } from '../account/types';
import type { DossierPage, DossierSummary } from '../filing/types';
import { uuidv7 } from '../filing/uuid';
import { clearDraft, feedbackBody, feedbackProblems, MAX_BODY, readDraft, saveDraft, type FeedbackDraft } from './draft';
import { FeedbackFacts } from './FeedbackFacts';
import { FeedbackPhotos, usePhotos, type UploadHeaders } from './FeedbackPhotos';
import './feedback.css';
import './messages';

type Agency = components['schemas']['Agency'];
type FeedbackView = components['schemas']['FeedbackView'];
type FeedbackPageOut = components['schemas']['FeedbackPage'];

function useAgencies(): { province: Agency[]; commune: Agency[] } {
  const [province, setProvince] = useState<Agency[]>([]);
  const [commune, setCommune] = useState<Agency[]>([]);
  useEffect(() => {
    const list = (level: string) => apiGet<{ items: Agency[] }>(`/api/catalog/agencies?level=${level}&limit=100`).then((page) => page.items);
    list('province').then(setProvince, () => undefined);
    list('commune').then(setCommune, () => undefined);
  }, []);
  return { province, commune };
}

function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft];
}

function FieldProblem({ id, message }: { id: string; message?: string }) {
  return message ? <p id={id} class="field-error">{t(message)}</p> : null;
}

/** Signed out: the phone, "Gửi mã", and the code that came by SMS. */
function PhoneConfirmation(props: { phone: string; setPhone: (phone: string) => void; code: string; setCode: (code: string) => void; problems: { phone?: string; code?: string } }) {
  const { phone, setPhone, code, setCode, problems } = props;
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [resendIn, setResendIn] = useCountdown();

  async function sendCode() {
    setBusy(true);
    setError('');
    try {
      const sent = await apiSend<CodeSent>('POST', '/api/auth/citizen/code', { phone });
      setSentTo(sent.phone);
      setResendIn(sent.resend_after);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset class="filing-section">
      <legend>{t('feedback.phone')}</legend>
      <p id="feedback-phone-hint" class="hint">{t('feedback.phoneHint')}</p>
      <label for="feedback-phone" class="visually-hidden">{t('feedback.phone')}</label>
      <div class="feedback-phone">
        <input id="feedback-phone" class="input" type="tel" inputMode="tel" autocomplete="tel" maxLength={32}
          aria-describedby={problems.phone ? 'feedback-phone-hint feedback-phone-problem' : 'feedback-phone-hint'}
          aria-invalid={problems.phone ? 'true' : undefined} value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)} />
        <button class="button button--secondary" type="button" disabled={busy || resendIn > 0 || !phone.trim()} onClick={() => void sendCode()}>
          {resendIn > 0 ? t('feedback.resendIn', { s: resendIn }) : t('feedback.sendCode')}
        </button>
      </div>
      <FieldProblem id="feedback-phone-problem" message={problems.phone} />
      {error && <ErrorText message={error} />}
      {sentTo && <p role="status">{t('feedback.codeSent', { phone: formatPhone(sentTo) })}</p>}
      <label for="feedback-code">{t('feedback.code')}</label>
      <input id="feedback-code" class="input input--code" type="text" inputMode="numeric" autocomplete="one-time-code"
        maxLength={6} aria-invalid={problems.code ? 'true' : undefined}
        aria-describedby={problems.code ? 'feedback-code-problem' : undefined} value={code}
        onInput={(e) => {
          e.currentTarget.value = e.currentTarget.value.replace(/\D/g, '').slice(0, 6);
          setCode(e.currentTarget.value);
        }} />
      <FieldProblem id="feedback-code-problem" message={problems.code} />
      <a href={href.signIn} onClick={() => rememberReturn(location.hash)}>{t('feedback.signInInstead')}</a>
    </fieldset>
  );
}

function Sent({ feedback, again }: { feedback: FeedbackView; again: () => void }) {
  return (
    <section class="feedback-sent" aria-labelledby="feedback-sent-title">
      <h2 id="feedback-sent-title">{t('feedback.sent')}</h2>
      <p>
        {t('feedback.trackingCode')}: <strong class="tracking-code">{feedback.tracking_code}</strong>
      </p>
      <p>{t('feedback.keepCode')}</p>
      <FeedbackFacts feedback={feedback} />
      <div class="form__actions">
        <button class="button button--secondary" type="button" onClick={again}>{t('feedback.another')}</button>
        <a class="button button--secondary" href={href.feedbackLookup}>{t('feedback.lookupLink')}</a>
      </div>
    </section>
  );
}

function MyFeedback() {
  const [items, setItems] = useState<FeedbackView[]>([]);
  const lang = getLang();
  useEffect(() => {
    apiGet<FeedbackPageOut>('/api/feedback/mine?limit=20').then((page) => setItems(page.items), () => undefined);
  }, [lang]);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="feedback-mine-title">
      <h2 id="feedback-mine-title">{t('feedback.mine')}</h2>
      <ul class="feedback-list">
        {items.map((item) => (
          <li key={item.tracking_code}>
            <strong>{item.tracking_code}</strong> · {item.agency_name}
            <FeedbackFacts feedback={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FeedbackPage() {
  const [who, setWho] = useState(whoIsSignedIn);
  const citizen = who?.kind === 'citizen';
  const agencies = useAgencies();
  const [draft, setDraft] = useState<FeedbackDraft>(readDraft);
  const [code, setCode] = useState('');
  const [dossiers, setDossiers] = useState<DossierSummary[]>([]);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState<FeedbackView | null>(null);
  // One key per version of what is sent: a retry of the same feedback is answered once, a changed one is new.
  const [key, setKey] = useState(uuidv7);
  const photos = usePhotos();
  const attached = photos.photos.map((photo) => photo.id ?? photo.key).join();
  useEffect(() => setKey(uuidv7()), [attached]);

  useEffect(() => {
    if (who?.kind === 'unknown') void learnWho().then(() => setWho(whoIsSignedIn()));
  }, []);
  useEffect(() => {
    if (!citizen) return;
    apiGet<DossierPage>('/api/dossiers?limit=50').then((page) => setDossiers(page.items.filter((d) => d.code)), () => undefined);
  }, [citizen]);

  const signedOutCode = citizen ? null : code;
  const problems = checked ? feedbackProblems(draft, signedOutCode) : {};

  function edit(change: Partial<FeedbackDraft>) {
    const next = { ...draft, ...change };
    setDraft(next);
    saveDraft(next);
    setKey(uuidv7());
    if (change.phone !== undefined && !citizen) photos.forgetUploads();
  }

  // Signed in, a photo goes up as soon as it is compressed; signed out, at the send, with the phone and its code.
  const uploadNow: UploadHeaders | null = citizen ? {} : null;
  const sendHeaders = (): UploadHeaders => (citizen ? {} : { 'X-Phone': draft.phone.trim(), 'X-Phone-Code': code });

  function chooseDossier(id: string) {
    const dossier = dossiers.find((d) => d.id === id);
    edit({ dossier_id: id, ...(dossier?.agency_code ? { agency_code: dossier.agency_code } : {}) });
  }

  async function submit(event: Event) {
    event.preventDefault();
    setChecked(true);
    const found = feedbackProblems(draft, signedOutCode);
    const first = (['agency', 'body', 'phone', 'code'] as const).find((field) => found[field]);
    if (first) return document.getElementById(`feedback-${first}`)?.focus();
    if (photos.photos.some((photo) => photo.status === 'compressing')) return setError(t('feedback.photosBusy'));
    setBusy(true);
    setError('');
    try {
      const photoIds = await photos.uploadAll(sendHeaders());
      if (photoIds === null) return setError(t('feedback.photosFailed'));
      const answer = await apiFetch<FeedbackView>('/api/feedback', {
        method: 'POST',
        body: JSON.stringify(feedbackBody(draft, signedOutCode, photoIds)),
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      });
      clearDraft();
      photos.clear();
      setSent(answer);
      scrollTo(0, 0);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  function again() {
    setSent(null);
    setDraft(readDraft());
    setCode('');
    setChecked(false);
    setKey(uuidv7());
  }

  const options = (list: Agency[]) => list.map((a) => <option key={a.code} value={a.code}>{localized(a.name, a.name_en)}</option>);
  return (
    <section class="page feedback" aria-labelledby="feedback-title">
      <a class="back-link" href={href.home}>
        ← {t('notFound.back')}
      </a>
      <h1 id="feedback-title">{t('feedback.title')}</h1>
      {sent ? (
        <Sent feedback={sent} again={again} />
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <p class="hint">{t('feedback.intro')}</p>
          {dossiers.length > 0 && (
            <>
              <label for="feedback-dossier">{t('feedback.dossier')}</label>
              <select id="feedback-dossier" class="input" value={draft.dossier_id} onChange={(e) => chooseDossier(e.currentTarget.value)}>
                <option value="">{t('feedback.dossierNone')}</option>
                {dossiers.map((d) => (
                  <option key={d.id} value={d.id}>{d.code} · {localized(d.procedure_name, d.procedure_name_en)}</option>
                ))}
              </select>
            </>
          )}
          <label for="feedback-agency">{t('feedback.agency')}</label>
          <select id="feedback-agency" class="input" value={draft.agency_code}
            aria-invalid={problems.agency ? 'true' : undefined} aria-describedby={problems.agency ? 'feedback-agency-problem' : undefined}
            onChange={(e) => edit({ agency_code: e.currentTarget.value })}>
            <option value="">{t('feedback.agencyChoose')}</option>
            <optgroup label={t('feedback.agencyProvince')}>{options(agencies.province)}</optgroup>
            <optgroup label={t('feedback.agencyCommune')}>{options(agencies.commune)}</optgroup>
          </select>
          <FieldProblem id="feedback-agency-problem" message={problems.agency} />
          <label for="feedback-body">{t('feedback.body')}</label>
          <textarea id="feedback-body" class="input" rows={6} maxLength={MAX_BODY} value={draft.body}
            aria-invalid={problems.body ? 'true' : undefined}
            aria-describedby={problems.body ? 'feedback-body-hint feedback-body-problem' : 'feedback-body-hint'}
            onInput={(e) => edit({ body: e.currentTarget.value })} />
          <p id="feedback-body-hint" class="hint">{t('feedback.bodyHint')}</p>
          <FieldProblem id="feedback-body-problem" message={problems.body} />
          <FeedbackPhotos state={photos} uploadNow={uploadNow} />
          {!citizen && (
            <PhoneConfirmation phone={draft.phone} setPhone={(phone) => edit({ phone })} code={code}
              setCode={(typed) => { setCode(typed); setKey(uuidv7()); }} problems={problems} />
          )}
          {error && <ErrorText message={error} />}
          <button class="button" type="submit" disabled={busy}>
            {busy ? t('feedback.busy') : t('feedback.submit')}
          </button>
        </form>
      )}
      <ul class="feedback-links">
        <li><a href={href.feedbackLookup}>{t('feedback.lookupLink')}</a></li>
        <li><a href={href.qa}>{t('feedback.qaLink')}</a></li>
      </ul>
      {citizen && <MyFeedback key={sent?.tracking_code ?? 'form'} />}
    </section>
  );
}
