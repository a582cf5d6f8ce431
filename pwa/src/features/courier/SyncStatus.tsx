// How many steps wait on the phone, or "Đã đồng bộ"; spoken politely by screen readers as it changes.
import { t } from '../../i18n';
import { syncNow, type SyncState } from './sync';

export function SyncStatus({ sync }: { sync: SyncState | null }) {
  if (!sync) return null;
  const words = sync.syncing ? t('courier.syncing') : sync.pending > 0 ? t('courier.pending', { n: sync.pending }) : t('courier.synced');
  return (
    <div class={sync.pending > 0 ? 'courier-sync courier-sync--pending' : 'courier-sync'}>
      <p id="courier-sync" role="status" aria-live="polite" data-pending={sync.pending}>
        {words}
        {sync.error && sync.pending > 0 && <> — {t('courier.notSent', { reason: sync.error })}</>}
      </p>
      {sync.pending > 0 && !sync.syncing && (
        <button type="button" class="button button--secondary" onClick={() => void syncNow()}>
          {t('courier.syncNow')}
        </button>
      )}
    </div>
  );
}
