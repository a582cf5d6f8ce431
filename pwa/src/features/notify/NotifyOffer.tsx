// The offer shown under a successful submission (loaded only when `shouldOffer` says so): why, in
// plain words, then the browser's own prompt only after "Bật thông báo".
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { decline, enable } from './consent';
import './messages';
import { fetchPushKey, saveSubscription } from './subscriptions';

type Stage = 'asking' | 'working' | 'enabled' | 'declined' | 'failed';

/** The key as bytes: every browser takes a BufferSource, not all take the base64url string. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function subscribe(applicationServerKey: string): Promise<PushSubscriptionJSON> {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(applicationServerKey),
  });
  return subscription.toJSON();
}

export function NotifyOffer() {
  const [stage, setStage] = useState<Stage>('asking');

  async function turnOn() {
    setStage('working');
    try {
      const permission = await enable({
        requestPermission: () => Notification.requestPermission(),
        subscribe,
        publicKey: fetchPushKey,
        save: saveSubscription,
        storage: globalThis.localStorage,
      });
      setStage(permission === 'granted' ? 'enabled' : 'declined');
    } catch {
      setStage('failed'); // nothing remembered: the next submission offers again
    }
  }

  function later() {
    decline(globalThis.localStorage);
    setStage('declined');
  }

  return (
    <section class="filing-section notify-offer" aria-labelledby="notify-title">
      <h2 id="notify-title">{t('notify.title')}</h2>
      {(stage === 'asking' || stage === 'failed') && <p>{t('notify.why')}</p>}
      <p role="status">
        {stage === 'working' && t('notify.working')}
        {stage === 'enabled' && t('notify.enabled')}
        {stage === 'declined' && t('notify.declined')}
        {stage === 'failed' && t('notify.failed')}
      </p>
      {(stage === 'asking' || stage === 'failed') && (
        <div class="notify-actions">
          <button type="button" class="button" onClick={() => void turnOn()}>
            {stage === 'failed' ? t('notify.retry') : t('notify.yes')}
          </button>
          <button type="button" class="button button--secondary" onClick={later}>
            {t('notify.later')}
          </button>
        </div>
      )}
    </section>
  );
}
