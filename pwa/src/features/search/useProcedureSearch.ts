import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, isAbort } from '../../api';
import { searchOffline } from './offlineCatalogue';
import type { ProcedurePage, ProcedureSummary } from './procedureSummary';

const DEBOUNCE_MS = 250;
// Online and offline alike, the first results only: people refine the query rather than scroll.
const RESULTS_SHOWN = 20;

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; items: ProcedureSummary[]; offline?: boolean }
  | { status: 'error'; message: string };

export function useProcedureSearch(query: string): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'idle' });

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController(); // a newer keystroke cancels the older request
    const timer = setTimeout(async () => {
      setState({ status: 'loading' });
      try {
        const page = await apiGet<ProcedurePage>(
          `/api/catalog/procedures?q=${encodeURIComponent(q)}&limit=${RESULTS_SHOWN}`,
          controller.signal,
        );
        setState({ status: 'done', items: page.items ?? [] });
      } catch (error) {
        if (isAbort(error)) return;
        if (error instanceof ApiError && error.code === 'network_error') {
          try {
            setState({ status: 'done', items: await searchOffline(q, RESULTS_SHOWN), offline: true });
            return;
          } catch {
            /* nothing cached yet: show the network error below */
          }
        }
        setState({ status: 'error', message: (error as Error).message });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  return state;
}
