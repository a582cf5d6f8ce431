import { t } from '../../i18n';
import { useOnline } from './useOnline';

export function OfflineBanner() {
  const online = useOnline();
  // The live region stays mounted so screen readers announce the change.
  return (
    <div class="banner banner--offline" role="status" aria-live="polite" hidden={online}>
      {online ? '' : t('offline.banner')}
    </div>
  );
}
