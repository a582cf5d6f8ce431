// #/can-bo/phan-anh: the agency's feedback, the earliest due first, overdue ones flagged; each unanswered one
// with its answer box and "công khai" (publish, anonymised, in the public Q&A). Reception officers and leaders.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { isoToDmy } from '../../dates';
import { ErrorText } from '../../ErrorText';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import { MIN_BODY } from './draft';
import './feedback.css';
import './officeMessages';

type OfficeFeedback = components['schemas']['OfficeFeedback'];
type OfficeFeedbackPage = components['schemas']['OfficeFeedbackPage'];
type Only = 'sent' | 'answered' | null;

const FILTERS: { only: Only; label: string }[] = [
  { only: 'sent', label: 'officeFeedback.sent' },
  { only: 'answered', label: 'officeFeedback.answered' },
  { only: null, label: 'officeFeedback.all' },
];

function AnswerForm({ item, onAnswered }: { item: OfficeFeedback; onAnswered: (answered: OfficeFeedback) => void }) {
  const [answer, setAnswer] = useState('');
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const id = `answer-${item.id}`;

  async function submit(event: Event) {
    event.preventDefault();
    if (answer.trim().length < MIN_BODY) return setError(t('officeFeedback.answerShort'));
    setBusy(true);
    setError('');
    try {
      onAnswered(await apiSend<OfficeFeedback>('POST', `/api/office/feedback/${item.id}/answer`, { answer: answer.trim(), publish }));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={submit} noValidate>
      <label for={id}>{t('officeFeedback.answer')}</label>
      <textarea id={id} class="input" rows={4} maxLength={4000} aria-describedby={`${id}-hint`} value={answer}
        onInput={(e) => setAnswer(e.currentTarget.value)} />
      <p id={`${id}-hint`} class="hint">{t('officeFeedback.answerHint')}</p>
      <label class="choice">
        <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.currentTarget.checked)} />
        <span>{t('officeFeedback.publish')}</span>
      </label>
      {error && <ErrorText message={error} />}
      <button class="button" type="submit" disabled={busy}>{busy ? t('officeFeedback.busy') : t('officeFeedback.submit')}</button>
    </form>
  );
}

function FeedbackItem({ item, onAnswered }: { item: OfficeFeedback; onAnswered: (answered: OfficeFeedback) => void }) {
  return (
    <li class="office-feedback" aria-labelledby={`feedback-${item.id}`}>
      <h2 id={`feedback-${item.id}`}>
        {item.tracking_code} {item.overdue && <span class="badge badge--alert">{t('officeFeedback.overdue')}</span>}
      </h2>
      <p class="hint">
        {t('officeFeedback.received', { date: formatDate(item.created_at) })}
        {item.state === 'sent' && <> · {t('officeFeedback.due', { date: isoToDmy(item.due_on) })}</>}
        {item.dossier_code && <> · {t('officeFeedback.dossier', { code: item.dossier_code })}</>}
      </p>
      <p class="feedback-question">{item.body}</p>
      {item.photo_urls.length > 0 && (
        <ul class="feedback-thumbs" aria-label={t('officeFeedback.photos')}>
          {item.photo_urls.map((url, index) => (
            <li key={url}>
              <a href={url} target="_blank" rel="noopener">
                <img src={url} alt={t('officeFeedback.photo', { n: index + 1, code: item.tracking_code })} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {item.state === 'sent' ? (
        <AnswerForm item={item} onAnswered={onAnswered} />
      ) : (
        <div class="office-feedback__answer">
          <p class="feedback-answer">{item.answer}</p>
          <p class="hint">
            {item.answered_at && t('officeFeedback.answeredAt', { date: formatDate(item.answered_at) })} ·{' '}
            {item.published ? t('officeFeedback.published') : t('officeFeedback.notPublished')}
          </p>
        </div>
      )}
    </li>
  );
}

export function OfficeFeedbackScreen() {
  const [only, setOnly] = useState<Only>('sent');
  const [page, setPage] = useState<OfficeFeedbackPage | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  async function load(after: string | null) {
    const params = new URLSearchParams({ limit: '20' });
    if (only) params.set('only', only);
    if (after) params.set('after', after);
    try {
      const next = await apiGet<OfficeFeedbackPage>(`/api/office/feedback?${params}`);
      setPage((current) => (after && current ? { ...next, items: [...current.items, ...next.items] } : next));
      setError('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        rememberReturn(location.hash);
        location.hash = href.staffSignIn;
      }
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    setPage(null);
    void load(null);
  }, [only]);

  function onAnswered(answered: OfficeFeedback) {
    setNotice(t('officeFeedback.done', { code: answered.tracking_code }));
    setPage((current) => current && { ...current, items: current.items.map((i) => (i.id === answered.id ? answered : i)) });
  }

  return (
    <section class="page office" aria-labelledby="office-feedback-title">
      <a href={href.office}>{t('office.back')}</a>
      <h1 id="office-feedback-title">{t('officeFeedback.title')}</h1>
      <div class="office-filters" role="toolbar" aria-label={t('officeFeedback.filters')}>
        {FILTERS.map((filter) => (
          <button key={filter.label} type="button" class="chip" aria-pressed={only === filter.only} onClick={() => setOnly(filter.only)}>
            {t(filter.label)}
          </button>
        ))}
      </div>
      <p class="status" role="status" aria-live="polite">{notice}</p>
      {error && <ErrorText message={error} />}
      {page && page.items.length === 0 && <p class="status">{t('officeFeedback.empty')}</p>}
      {page && page.items.length > 0 && (
        <ul class="office-feedback-list">
          {page.items.map((item) => <FeedbackItem key={item.id} item={item} onAnswered={onAnswered} />)}
        </ul>
      )}
      {page?.next && (
        <button type="button" class="button button--secondary" onClick={() => void load(page.next)}>{t('officeFeedback.more')}</button>
      )}
    </section>
  );
}
