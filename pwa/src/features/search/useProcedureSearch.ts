import { useEffect, useState } from 'preact/hooks';
import { apiGet, isAbort } from '../../api';
import type { ProcedurePage, ProcedureSummary } from './procedureSummary';

const DEBOUNCE_MS = 250;

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; items: ProcedureSummary[] }
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
          `/api/catalog/procedures?q=${encodeURIComponent(q)}`,
          controller.signal,
        );
        setState({ status: 'done', items: page.items ?? [] });
      } catch (error) {
        if (!isAbort(error)) setState({ status: 'error', message: (error as Error).message });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  return state;
}
