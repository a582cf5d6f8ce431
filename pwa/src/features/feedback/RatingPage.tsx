// #/ho-so/{id}/danh-gia (the dossier page and the result notification link here): the nine criteria of the
// satisfaction index as radio groups in the server's words, an overall 1–5 and an optional comment, sent
// once; then thanks. A dossier already rated says so; one whose result is not in hand yet says when it can be.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { getLang, t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import { useSignedInCitizen } from '../account/useCitizen';
import type { DossierDetail } from '../filing/types';
import { MAX_COMMENT, OVERALL_STEPS, ratingBody, unscored, type Scores } from './rating';
import './feedback.css';
import './messages';

type RatingStatus = components['schemas']['RatingStatus'];
type Criterion = components['schemas']['CriterionView'];

function CriterionGroup(props: { criterion: Criterion; n: number; score: number | undefined; choose: (points: number) => void }) {
  const { criterion, n, score, choose } = props;
  return (
    <fieldset class="rating-group" id={`criterion-${criterion.code}`}>
      <legend>
        {n}. {criterion.question}
      </legend>
      {criterion.choices.map((words, points) => (
        <label class="choice" key={points}>
          <input type="radio" name={criterion.code} value={points} checked={score === points} onChange={() => choose(points)} />
          <span>
            {words} <span class="hint">({t('rating.points', { n: points })})</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function Done({ id, title, body }: { id: string; title: string; body: string }) {
  return (
    <div class="rating-done" role="status">
      <h2>{title}</h2>
      <p>{body}</p>
      <a class="button" href={href.dossier(id)}>{t('rating.back')}</a>
    </div>
  );
}

function RatingForm({ status, onRated }: { status: RatingStatus; onRated: (status: RatingStatus) => void }) {
  const codes = status.criteria.map((c) => c.code);
  const [scores, setScores] = useState<Scores>({});
  const [overall, setOverall] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const overallGroup = useRef<HTMLFieldSetElement>(null);

  function missingMessage(): string | null {
    const missing = unscored(codes, scores);
    if (missing.length > 0) {
      document.querySelector<HTMLInputElement>(`#criterion-${missing[0]} input`)?.focus();
      return t('rating.missing', { list: missing.map((code) => codes.indexOf(code) + 1).join(', ') });
    }
    if (overall === null) {
      overallGroup.current?.querySelector('input')?.focus();
      return t('rating.missingOverall');
    }
    return null;
  }

  async function submit(event: Event) {
    event.preventDefault();
    const body = ratingBody(codes, { scores, overall, comment });
    if (!body) return setProblem(missingMessage() ?? '');
    setBusy(true);
    setProblem('');
    try {
      onRated(await apiSend<RatingStatus>('POST', `/api/dossiers/${status.dossier_id}/rating`, body));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_rated') onRated({ ...status, rated: true, may_rate: false });
      else setProblem(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form class="form rating-form" onSubmit={submit} noValidate>
      {status.criteria.map((criterion, i) => (
        <CriterionGroup key={criterion.code} criterion={criterion} n={i + 1} score={scores[criterion.code]}
          choose={(points) => setScores((current) => ({ ...current, [criterion.code]: points }))} />
      ))}
      <fieldset class="rating-group" ref={overallGroup} aria-describedby="rating-overall-hint">
        <legend>{t('rating.overall')}</legend>
        <p id="rating-overall-hint" class="hint">{t('rating.overallHint')}</p>
        <div class="rating-steps">
          {OVERALL_STEPS.map((n) => (
            <label class="rating-step" key={n}>
              <input type="radio" name="overall" value={n} checked={overall === n} onChange={() => setOverall(n)}
                aria-label={t('rating.star', { n })} />
              <span aria-hidden="true">{n}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label for="rating-comment">{t('rating.comment')}</label>
      <textarea id="rating-comment" class="input" rows={3} maxLength={MAX_COMMENT} aria-describedby="rating-comment-hint"
        value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <p id="rating-comment-hint" class="hint">{t('rating.commentHint')}</p>
      {problem && <ErrorText message={problem} />}
      <button class="button" type="submit" disabled={busy}>
        {busy ? t('rating.busy') : t('rating.submit')}
      </button>
    </form>
  );
}

export function RatingPage({ id }: { id: string }) {
  const signedIn = useSignedInCitizen();
  const [status, setStatus] = useState<RatingStatus | null>(null);
  const [dossier, setDossier] = useState<DossierDetail | null>(null);
  const [thanked, setThanked] = useState(false);
  const [error, setError] = useState('');

  const lang = getLang(); // the criteria come in the reader's language: asked again on a switch
  useEffect(() => {
    if (!signedIn) return;
    apiGet<RatingStatus>(`/api/dossiers/${id}/rating`).then(setStatus, (err: unknown) => setError(messageOf(err)));
    apiGet<DossierDetail>(`/api/dossiers/${id}`).then(setDossier, () => undefined); // only the heading's name
  }, [id, signedIn, lang]);

  function onRated(rated: RatingStatus) {
    setThanked(rated.rated);
    setStatus(rated);
    scrollTo(0, 0);
  }

  return (
    <section class="page" aria-labelledby="rating-title">
      <a class="back-link" href={href.dossier(id)}>
        ← {t('rating.back')}
      </a>
      <h1 id="rating-title">{t('rating.title')}</h1>
      {dossier && (
        <p class="rating-dossier">
          <Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} /> · {dossier.code}
        </p>
      )}
      {error && <ErrorText message={error} />}
      {!status && !error && <p class="status" role="status">{t('rating.loading')}</p>}
      {status && thanked && <Done id={id} title={t('rating.thanks')} body={t('rating.thanksBody')} />}
      {status && !thanked && status.rated && <Done id={id} title={t('rating.rated')} body={t('rating.ratedBody')} />}
      {status && !status.rated && !status.may_rate && <p class="status">{t('rating.notYet')}</p>}
      {status && status.may_rate && (
        <>
          <p class="hint">{t('rating.intro')}</p>
          <RatingForm status={status} onRated={onRated} />
        </>
      )}
    </section>
  );
}
