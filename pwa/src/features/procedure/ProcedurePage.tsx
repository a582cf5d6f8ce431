import { useEffect, useState } from 'preact/hooks';
import { apiGet, isAbort } from '../../api';
import { formatVnd, saysMoreThan, saysWhenNeeded } from '../../format';
import { t } from '../../i18n';
import { inLang, Localized, pick } from '../../Localized';
import { href } from '../../router';
import type { ProcedureDetail, RequiredDocument } from '../search/procedureSummary';

type State = { status: 'loading' } | { status: 'done'; procedure: ProcedureDetail } | { status: 'error'; message: string };

function DocumentItem({ document }: { document: RequiredDocument }) {
  const notes = [
    document.required === false && !saysWhenNeeded(pick(document.name, document.name_en).text) ? t('procedure.optional') : '',
    (document.copies ?? 1) > 1 ? t('procedure.copies', { n: document.copies ?? 1 }) : '',
    document.original_needed_at_counter ? t('procedure.original') : '',
  ].filter(Boolean);
  return (
    <li>
      <Localized vi={document.name} en={document.name_en} />
      {notes.length > 0 && <small class="doc-notes"> — {notes.join(', ')}</small>}
    </li>
  );
}

function Fee({ procedure }: { procedure: ProcedureDetail }) {
  const { example } = procedure.fee;
  const summary = inLang(procedure.fee.summary, procedure.fee.summary_en);
  const total = example.total === 0 ? t('procedure.free') : formatVnd(example.total);
  return (
    <>
      <p class="fee-total">{total}</p>
      {saysMoreThan(summary, total) && <p class="hint">{summary}</p>}
    </>
  );
}

export function ProcedurePage({ code }: { code: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    apiGet<ProcedureDetail>(`/api/catalog/procedures/${encodeURIComponent(code)}`, controller.signal)
      .then((procedure) => setState({ status: 'done', procedure }))
      .catch((error: unknown) => {
        if (!isAbort(error)) setState({ status: 'error', message: (error as Error).message });
      });
    return () => controller.abort();
  }, [code]);

  const procedure = state.status === 'done' ? state.procedure : null;
  return (
    <section class="page" aria-labelledby="procedure-title">
      <a class="back-link" href={href.home}>
        ← {t('notFound.back')}
      </a>
      <h1 id="procedure-title">
        {procedure ? <Localized vi={procedure.name} en={procedure.name_en} /> : t('procedure.title', { code })}
      </h1>
      <p class={state.status === 'error' ? 'status status--error' : 'status'} role="status" aria-live="polite">
        {state.status === 'loading' ? t('procedure.loading') : state.status === 'error' ? state.message : ''}
      </p>
      {procedure && <ProcedureFacts procedure={procedure} />}
    </section>
  );
}

/** What a citizen reads about a procedure, below its name: also the administrators' preview of a draft. */
export function ProcedureFacts({ procedure, preview = false }: { procedure: ProcedureDetail; preview?: boolean }) {
  return (
    <>
      <h2>{t('procedure.bring')}</h2>
      <ul class="documents">
        {procedure.documents.map((document) => (
          <DocumentItem key={document.code} document={document} />
        ))}
      </ul>
      <dl class="facts">
        <dt>{t('procedure.fee')}</dt>
        <dd>
          <Fee procedure={procedure} />
        </dd>
        <dt>{t('procedure.time')}</dt>
        <dd>{inLang(procedure.processing.text, procedure.processing.text_en)}</dd>
        <dt>{t('procedure.agency')}</dt>
        <dd>
          {procedure.agency ? (
            <Localized vi={procedure.agency.name} en={procedure.agency.name_en} />
          ) : (
            inLang(procedure.agency_description, procedure.agency_description_en)
          )}
        </dd>
        <dt>{t('procedure.online')}</dt>
        <dd>{inLang(procedure.online_label, procedure.online_label_en)}</dd>
      </dl>
      {procedure.note && (
        <p class="hint">
          <Localized vi={procedure.note} en={procedure.note_en} />
        </p>
      )}
      {procedure.online !== 'none' && !preview && (
        <a class="button" href={href.file(procedure.code)}>
          {t('procedure.file')}
        </a>
      )}
    </>
  );
}
