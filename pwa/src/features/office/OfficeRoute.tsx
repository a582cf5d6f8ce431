// The officer console loads on demand: citizens' phones never download it.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { Route } from '../../router';

type Screens = typeof import('./console');
export type OfficeRouteName = Extract<Route, { name: 'office' | 'officeDossier' }>;

let loaded: Screens | null = null;

export function OfficeRoute({ route }: { route: OfficeRouteName }) {
  const [screens, setScreens] = useState<Screens | null>(loaded);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (loaded) return;
    import('./console')
      .then((module) => setScreens((loaded = module)))
      .catch(() => setFailed(true));
  }, []);

  if (failed) return <p class="status status--error" role="alert">{t('error.network')}</p>;
  if (!screens) return <p class="status" role="status">{t('account.loading')}</p>;
  return <screens.OfficeScreen route={route} />;
}
