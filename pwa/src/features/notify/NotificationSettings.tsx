// "Thông báo" on the citizen's account page (loaded lazily with it): SMS on or off — the law's notices
// still come by SMS — and push on this device, turned on through the same consent path as the offer
// after a submission, and off by unsubscribing this browser. Each change is saved at once.
import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { currentSubscription, requestPermission, subscribe } from './browserPush';
import { currentEnvironment } from './consent';
import './messages';
import './notify.css';
import { pushSwitch, turnPushOff, turnPushOn } from './pushSwitch';
import { fetchPreferences, fetchPushKey, forgetSubscription, saveSubscription, savePreferences, type Preferences } from './subscriptions';

interface SwitchProps {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled: boolean;
  onToggle: (on: boolean) => void;
}

function Switch({ id, label, hint, checked, disabled, onToggle }: SwitchProps) {
  return (
    <div class="switch">
      <input
        type="checkbox"
        role="switch"
        id={id}
        class="switch__input"
        checked={checked}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onToggle(e.currentTarget.checked)}
      />
      <label for={id} class="switch__label">
        {label}
      </label>
      <p id={`${id}-hint`} class="hint switch__hint">
        {hint}
      </p>
    </div>
  );
}

export function NotificationSettings() {
  const [supported] = useState(() => currentEnvironment().supported);
  const [permission, setPermission] = useState(() => currentEnvironment().permission);
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [subscribed, setSubscribed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([fetchPreferences(), supported ? currentSubscription() : null])
      .then(([stored, subscription]) => {
        setPreferences(stored);
        setSubscribed(subscription !== null);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  if (!preferences)
    return (
      <section class="notify-settings" aria-labelledby="notify-settings-title">
        <h2 id="notify-settings-title">{t('settings.title')}</h2>
        {error ? <ErrorText message={error} /> : <p class="status" role="status">{t('app.loading')}</p>}
      </section>
    );

  const current = preferences;
  const push = pushSwitch({ supported, permission, subscribed, preference: current.push });

  /** One change at a time; its outcome (or its problem) is said under the switches. */
  async function change(work: () => Promise<string>) {
    setBusy(true);
    setError('');
    setNotice(t('settings.saving'));
    try {
      setNotice(await work());
    } catch (err) {
      setNotice('');
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const savePush = async (on: boolean) => setPreferences(await savePreferences({ sms: current.sms, push: on }));

  const toggleSms = (on: boolean) =>
    change(async () => {
      setPreferences(await savePreferences({ sms: on, push: current.push }));
      return t('settings.saved');
    });

  const togglePush = (on: boolean) =>
    change(async () => {
      if (!on) {
        await turnPushOff({ subscription: currentSubscription, forget: forgetSubscription, savePreference: savePush });
        setSubscribed(false);
        return t('settings.saved');
      }
      const answer = await turnPushOn({
        requestPermission, subscribe, publicKey: fetchPushKey, save: saveSubscription, savePreference: savePush,
        storage: globalThis.localStorage,
      });
      setPermission(answer);
      if (answer !== 'granted') return answer === 'denied' ? '' : t('settings.dismissed'); // denied: the switch says how to allow
      setSubscribed(true);
      return t('settings.saved');
    });

  return (
    <section class="notify-settings" aria-labelledby="notify-settings-title">
      <h2 id="notify-settings-title">{t('settings.title')}</h2>
      <Switch
        id="notify-sms"
        label={t('settings.sms')}
        hint={current.sms_required_notices ? t('settings.smsRequired') : ''}
        checked={current.sms}
        disabled={busy}
        onToggle={(on) => void toggleSms(on)}
      />
      <Switch
        id="notify-push"
        label={t('settings.push')}
        hint={push.blocked ? t(`settings.${push.blocked}`) : t('settings.pushHint')}
        checked={push.on}
        disabled={busy || push.blocked !== null}
        onToggle={(on) => void togglePush(on)}
      />
      {error && <ErrorText message={error} />}
      <p class="status" role="status" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}
