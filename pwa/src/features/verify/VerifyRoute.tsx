// The public verification page (what the QR code on an e-result opens) loads on demand.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

type Screen = typeof import('./VerifyPage');

let loaded: Screen | null = null;

export function VerifyRoute({ code }: { code: string }) {
  const [screen, setScreen] = useState<Screen | null>(loaded);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (loaded) return;
    import('./VerifyPage')
      .then((module) => setScreen((loaded = module)))
      .catch(() => setFailed(true));
  }, []);

  if (failed) return <p class="status status--error" role="alert">{t('error.network')}</p>;
  if (!screen) return <p class="status" role="status">{t('account.loading')}</p>;
  return <screen.VerifyPage code={code} />;
}
