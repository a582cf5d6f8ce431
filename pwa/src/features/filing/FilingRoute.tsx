// The filing screens load on demand (with idb and the photo code), so they cost nothing on the first load.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

type Screens = typeof import('./screens');

let loaded: Screens | null = null;

export function FilingRoute(props: { code: string } | { id: string; supplement?: boolean }) {
  const [screens, setScreens] = useState<Screens | null>(loaded);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (loaded) return;
    import('./screens')
      .then((module) => setScreens((loaded = module)))
      .catch(() => setFailed(true));
  }, []);

  if (failed) return <p class="status status--error" role="alert">{t('error.network')}</p>;
  if (!screens) return <p class="status" role="status">{t('account.loading')}</p>;
  return 'code' in props ? <screens.FilingStart code={props.code} /> : <screens.FilingScreen id={props.id} supplement={props.supplement ?? false} />;
}
