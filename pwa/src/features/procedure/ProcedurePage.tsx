import { useEffect, useState } from 'preact/hooks';
import { apiGet, isAbort } from '../../api';
import { t } from '../../i18n';
import { href } from '../../router';
import type { ProcedureDetail } from '../search/procedureSummary';

type State = { status: 'loading' } | { status: 'done'; procedure: ProcedureDetail } | { status: 'error'; message: string };

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

  return (
    <section class="page">
      <h1>{state.status === 'done' ? state.procedure.name : t('procedure.title', { code })}</h1>
      <p class={state.status === 'error' ? 'status status--error' : 'status'} role="status" aria-live="polite">
        {state.status === 'loading' ? t('procedure.loading') : state.status === 'error' ? state.message : ''}
      </p>
      {state.status === 'done' && (
        <dl class="facts">
          <dt>{t('procedure.field')}</dt>
          <dd>{state.procedure.field.name}</dd>
          <dt>{t('procedure.agency')}</dt>
          <dd>{state.procedure.agency_description}</dd>
          <dt>{t('procedure.time')}</dt>
          <dd>{state.procedure.processing.text}</dd>
          <dt>{t('procedure.fee')}</dt>
          <dd>{state.procedure.fee.summary}</dd>
        </dl>
      )}
      <a class="button button--secondary" href={href.home}>
        {t('notFound.back')}
      </a>
    </section>
  );
}
