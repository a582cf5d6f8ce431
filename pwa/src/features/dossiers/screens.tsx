// "Hồ sơ của tôi": the citizen's dossiers, and one dossier's status timeline in plain words (each step's
// date and time; the national status code only for screen readers), its notes, due date, its fees (and the
// call to pay one that is owed), its shipments by post (and asking the post to collect the originals), the messages
// sent about it (and whether they arrived), the call to rate the service once the result is in hand, and withdrawal.
// Drafts open in the filing screen.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { formatDate, formatDateTime } from '../../format';
import { getLang, t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import { useSignedInCitizen } from '../account/useCitizen';
import type { DossierDetail, DossierPage, DossierSummary } from '../filing/types';
import { SupplementRequestBox } from '../filing/supplement';
import { DossierPayments, PayCallToAction } from '../payments/DossierPayments';
import { RatingCallToAction } from '../feedback/RatingCallToAction';
import { SentMessages } from './SentMessages';
import { DossierShipments } from './Shipments';
import '../filing/filing.css';
import '../filing/messages';

const dateOnly = (day: string) => formatDate(`${day}T12:00:00+07:00`);

/** The national portal's status code means nothing to most readers: kept for screen readers only. */
function NationalStatus({ n }: { n: number }) {
  return <span class="visually-hidden">({t('dossiers.national', { n })})</span>;
}

function openHref(item: { id: string; state: string }): string {
  return item.state === 'draft' ? href.editDossier(item.id) : href.dossier(item.id);
}

export function DossierList() {
  const signedIn = useSignedInCitizen();
  const [items, setItems] = useState<DossierSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'done' | 'error'>('loading');
  const [error, setError] = useState('');

  async function load(after: string | null) {
    setStatus('loading');
    try {
      const page = await apiGet<DossierPage>(`/api/dossiers?limit=20${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setNext(page.next);
      setStatus('done');
    } catch (err) {
      setError(messageOf(err));
      setStatus('error');
    }
  }

  const lang = getLang(); // the server words its statuses in the app's language: asked again on a switch
  useEffect(() => {
    if (signedIn) void load(null);
  }, [signedIn, lang]);

  return (
    <section class="page" aria-labelledby="dossiers-title">
      <a class="back-link" href={href.home}>
        ← {t('notFound.back')}
      </a>
      <h1 id="dossiers-title">{t('dossiers.title')}</h1>
      <p class={status === 'error' ? 'status status--error' : 'status'} role="status" aria-live="polite">
        {status === 'loading' ? t('dossiers.loading') : status === 'error' ? error : items.length === 0 ? t('dossiers.empty') : ''}
      </p>
      <ul class="dossier-list">
        {items.map((item) => (
          <li key={item.id}>
            <a href={openHref(item)}>
              <strong>{item.code ?? t('dossiers.draft')}</strong>
              <span>
                <Localized vi={item.procedure_name} en={item.procedure_name_en} />
              </span>
              <span class="meta">
                {' — '}
                {item.state_words}
                {' · '}
                {item.submitted_at
                  ? t('dossiers.submittedAt', { date: formatDate(item.submitted_at) })
                  : t('dossiers.createdAt', { date: formatDate(item.created_at) })}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {next && status === 'done' && (
        <button class="button button--secondary" type="button" onClick={() => void load(next)}>
          {t('dossiers.more')}
        </button>
      )}
    </section>
  );
}

export function DossierDetailPage({ id }: { id: string }) {
  const signedIn = useSignedInCitizen();
  const [dossier, setDossier] = useState<DossierDetail | null>(null);
  const [error, setError] = useState('');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  const lang = getLang(); // the server words the status and timeline in the app's language
  useEffect(() => {
    if (!signedIn) return;
    apiGet<DossierDetail>(`/api/dossiers/${id}`)
      .then((d) => {
        if (d.state === 'draft') location.replace(href.editDossier(id));
        else setDossier(d);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, [id, signedIn, lang]);

  async function withdraw(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const updated = await apiSend<DossierDetail>('POST', `/api/dossiers/${id}/withdraw`, { reason: reason.trim() || null });
      setDossier(updated);
      setAsking(false);
      setNotice(t('dossiers.withdrawn'));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="dossier-title">
      <a class="back-link" href={href.dossiers}>
        ← {t('dossiers.back')}
      </a>
      <h1 id="dossier-title">
        {dossier ? <Localized vi={dossier.procedure_name} en={dossier.procedure_name_en} /> : t('dossiers.title')}
      </h1>
      <p class={error ? 'status status--error' : 'status'} role="status" aria-live="polite">
        {error || notice || (!dossier ? t('dossiers.loading') : '')}
      </p>
      {dossier && (
        <>
          <dl class="facts">
            <dt>{t('dossiers.code')}</dt>
            <dd class="dossier-code-inline">{dossier.code}</dd>
            <dt>{t('dossiers.state')}</dt>
            <dd>
              {dossier.state_words} <NationalStatus n={dossier.national_status} />
            </dd>
            <dt>{t('dossiers.agency')}</dt>
            <dd>{dossier.agency_name && <Localized vi={dossier.agency_name} en={dossier.agency_name_en} />}</dd>
            {dossier.submitted_at && (
              <>
                <dt>{t('dossiers.submitted')}</dt>
                <dd>{formatDateTime(dossier.submitted_at)}</dd>
              </>
            )}
            {dossier.due_date && (
              <>
                <dt>{t('dossiers.dueDate')}</dt>
                <dd>{dateOnly(dossier.due_date)}</dd>
              </>
            )}
          </dl>
          <PayCallToAction dossier={dossier} />
          <RatingCallToAction dossier={dossier} />
          {dossier.allowed_actions.includes('resubmit') && (
            <SupplementRequestBox dossier={dossier}>
              <a class="button" href={href.supplement(id)}>
                {t('supplement.open')}
              </a>
            </SupplementRequestBox>
          )}
          {(dossier.has_result || dossier.has_receipt) && (
            <section aria-labelledby="result-title">
              <h2 id="result-title">{t('result.title')}</h2>
              <div class="downloads">
                {dossier.has_result && (
                  <a class="button" href={`/api/dossiers/${id}/result`} download={`${dossier.code ?? id}-ket-qua.pdf`}>
                    {t('result.download')}
                  </a>
                )}
                {dossier.has_receipt && (
                  <a class="button button--secondary" href={`/api/dossiers/${id}/receipt`} download={`${dossier.code ?? id}-phieu-hen.pdf`}>
                    {t('result.receipt')}
                  </a>
                )}
              </div>
              {dossier.has_result && <p class="hint">{t('result.hint')}</p>}
            </section>
          )}
          <DossierPayments dossier={dossier} />
          <DossierShipments dossier={dossier} />
          <h2>{t('dossiers.timeline')}</h2>
          <ol class="timeline">
            {dossier.timeline.map((event) => (
              <li key={`${event.at}-${event.action}`}>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                <strong>{event.words}</strong> <NationalStatus n={event.national_status} />
                {event.note && <p>{t('dossiers.reason', { note: event.note })}</p>}
              </li>
            ))}
          </ol>
          <SentMessages messages={dossier.messages ?? []} />
          {dossier.allowed_actions.includes('withdraw') &&
            (asking ? (
              <form class="withdraw-box" onSubmit={withdraw}>
                <p>{t('dossiers.withdrawAsk')}</p>
                <label for="withdraw-reason">{t('dossiers.withdrawReason')}</label>
                <textarea id="withdraw-reason" class="input" rows={3} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
                <div class="form__actions">
                  <button class="button" type="submit" disabled={busy}>
                    {t('dossiers.withdrawConfirm')}
                  </button>
                  <button class="button button--secondary" type="button" onClick={() => setAsking(false)}>
                    {t('dossiers.cancel')}
                  </button>
                </div>
              </form>
            ) : (
              <p>
                <button class="button button--secondary" type="button" onClick={() => setAsking(true)}>
                  {t('dossiers.withdraw')}
                </button>
              </p>
            ))}
        </>
      )}
    </section>
  );
}
