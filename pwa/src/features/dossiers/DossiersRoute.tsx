// "Hồ sơ của tôi" loads on demand, like the other screens behind sign-in.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

type Screens = typeof import('./screens');

let loaded: Screens | null = null;

export function DossiersRoute({ id }: { id?: string }) {
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
  return id ? <screens.DossierDetailPage id={id} /> : <screens.DossierList />;
}
