// The offer shown under a successful submission (loaded only when `shouldOffer` says so): why, in
// plain words, then the browser's own prompt only after "Bật thông báo".
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { requestPermission, subscribe } from './browserPush';
import { decline, enable } from './consent';
import './messages';
import { fetchPushKey, saveSubscription } from './subscriptions';

type Stage = 'asking' | 'working' | 'enabled' | 'declined' | 'failed';

export function NotifyOffer() {
  const [stage, setStage] = useState<Stage>('asking');

  async function turnOn() {
    setStage('working');
    try {
      const permission = await enable({
        requestPermission,
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
