import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

type UpdateServiceWorker = (reloadPage?: boolean) => Promise<void>;

export function UpdatePrompt() {
  const [applyUpdate, setApplyUpdate] = useState<UpdateServiceWorker | null>(null);

  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    // Loaded lazily: registration is not needed to draw the first screen.
    void import('virtual:pwa-register').then(({ registerSW }) => {
      const update = registerSW({
        onNeedRefresh: () => setApplyUpdate(() => update),
      });
    });
  }, []);

  return (
    <div class="banner banner--update" role="status" aria-live="polite" hidden={!applyUpdate}>
      {applyUpdate && (
        <>
          <span>{t('update.available')}</span>
          {/* Reloads only on this explicit tap: the page posts SKIP_WAITING, then reloads once the new worker controls it. */}
          <button type="button" class="button button--light" onClick={() => void applyUpdate(true)}>
            {t('update.apply')}
          </button>
          <button type="button" class="button button--ghost" onClick={() => setApplyUpdate(null)}>
            {t('update.later')}
          </button>
        </>
      )}
    </div>
  );
}
