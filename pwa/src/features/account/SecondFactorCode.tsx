// The second step of a staff sign-in: the 6-digit code the authenticator app shows, or one recovery code.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import type { Me } from './types';

export function SecondFactorCode({ path, onSignedIn, allowRecovery }: {
  path: string;
  onSignedIn: (me: Me) => void;
  allowRecovery: boolean;
}) {
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await apiSend<Me>('POST', path, recovery ? { recovery_code: value } : { code: value.trim() }));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={submit}>
      {recovery ? (
        <>
          <label for="second-factor-recovery">{t('totp.recoveryCode')}</label>
          <input id="second-factor-recovery" class="input" autocomplete="off" autocapitalize="none" required
            value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </>
      ) : (
        <>
          <label for="second-factor-code">{t('totp.code')}</label>
          <input id="second-factor-code" class="input" inputMode="numeric" autocomplete="one-time-code"
            pattern="[0-9]{6}" maxLength={6} required autoFocus
            value={value} onInput={(e) => setValue(e.currentTarget.value)} />
          <p class="hint">{t('totp.codeHint')}</p>
        </>
      )}
      {error && <ErrorText message={error} />}
      <button class="button" type="submit" disabled={busy}>{busy ? t('signIn.busy') : t('totp.confirm')}</button>
      {allowRecovery && (
        <button class="button button--ghost" type="button" onClick={() => { setRecovery(!recovery); setValue(''); setError(''); }}>
          {recovery ? t('totp.useCode') : t('totp.useRecovery')}
        </button>
      )}
    </form>
  );
}
