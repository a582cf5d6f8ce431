import { useEffect, useState } from 'preact/hooks';
import { apiGet, isAbort } from '../../api';
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import { href } from '../../router';
import type { ProcedureSummary } from '../search/procedureSummary';

type State = { status: 'loading' } | { status: 'done'; procedure: ProcedureSummary } | { status: 'error'; message: string };

export function ProcedurePage({ code }: { code: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    apiGet<ProcedureSummary>(`/api/catalog/procedures/${encodeURIComponent(code)}`, controller.signal)
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
          {state.procedure.field && (
            <>
              <dt>{t('procedure.field')}</dt>
              <dd>{state.procedure.field}</dd>
            </>
          )}
          {state.procedure.agency && (
            <>
              <dt>{t('procedure.agency')}</dt>
              <dd>{state.procedure.agency}</dd>
            </>
          )}
          {state.procedure.fee != null && (
            <>
              <dt>{t('procedure.fee')}</dt>
              <dd>{formatVnd(state.procedure.fee)}</dd>
            </>
          )}
        </dl>
      )}
      <a class="button button--secondary" href={href.home}>
        {t('notFound.back')}
      </a>
    </section>
  );
}
