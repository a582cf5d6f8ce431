// Screens behind a route load on demand, so they cost nothing on the first load.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorText } from './ErrorText';
import { t } from './i18n';

/** A component that loads `load()` once (shared by every use) and renders with the module. */
export function lazyScreens<M>(load: () => Promise<M>) {
  let loaded: M | null = null;

  return function LazyScreens({ render }: { render: (module: M) => JSX.Element }) {
    const [module, setModule] = useState<M | null>(loaded);
    const [failed, setFailed] = useState(false);

    useEffect(() => {
      if (loaded) return;
      load()
        .then((value) => {
          loaded = value;
          setModule(() => value);
        })
        .catch(() => setFailed(true));
    }, []);

    if (failed) return <ErrorText message={t('error.network')} />;
    if (!module) return <p class="status" role="status">{t('app.loading')}</p>;
    return render(module);
  };
}
