// The account screens load on demand so they cost nothing on the first load.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { Route } from '../../router';

type Screens = typeof import('./screens');
export type AccountRouteName = Extract<Route, { name: 'signIn' | 'staffSignIn' | 'account' }>;

let loaded: Screens | null = null;

export function AccountRoute({ route }: { route: AccountRouteName }) {
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
  return <screens.AccountScreen route={route} />;
}
