// Citizens sign in with their mobile number and a one-time code sent by SMS (resend after a countdown),
// then go back to where they were asked to sign in. Errors are the server's words as written.
import { useEffect, useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatPhone } from '../../format';
import { t } from '../../i18n';
import { href, takeReturn } from '../../router';
import { BackHome } from './BackHome';
import { rememberWho } from './session';
import type { CodeSent, Me } from './types';

function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft];
}

export function CitizenSignIn() {
  const [phone, setPhone] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [resendIn, setResendIn] = useCountdown();

  async function sendCode(event?: Event) {
    event?.preventDefault();
    setBusy(true);
    setError('');
    try {
      const sent = await apiSend<CodeSent>('POST', '/api/auth/citizen/code', { phone });
      setSentTo(sent.phone);
      setResendIn(sent.resend_after);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function signIn(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      rememberWho(await apiSend<Me>('POST', '/api/auth/citizen/session', { phone, code }));
      const back = takeReturn();
      location.hash = back && !back.startsWith(href.office) ? back : href.account; // the console is for staff
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  function changePhone() {
    setSentTo(null);
    setCode('');
    setError('');
  }

  return (
    <section class="page">
      <h1>{t('signIn.title')}</h1>
      {sentTo === null ? (
        <form class="form" onSubmit={sendCode}>
          <p>{t('signIn.intro')}</p>
          <label for="sign-in-phone">{t('signIn.phone')}</label>
          <input
            id="sign-in-phone"
            class="input"
            type="tel"
            inputMode="tel"
            autocomplete="tel"
            required
            maxLength={32}
            placeholder={t('signIn.phoneHint')}
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
          {error && <ErrorText message={error} />}
          <button class="button" type="submit" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.sendCode')}
          </button>
        </form>
      ) : (
        <form class="form" onSubmit={signIn}>
          <p role="status">{t('signIn.codeSent', { phone: formatPhone(sentTo) })}</p>
          <label for="sign-in-code">{t('signIn.code')}</label>
          <input
            id="sign-in-code"
            class="input input--code"
            type="text"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          />
          {error && <ErrorText message={error} />}
          <button class="button" type="submit" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
          <div class="form__actions">
            <button class="button button--secondary" type="button" disabled={busy || resendIn > 0} onClick={() => sendCode()}>
              {resendIn > 0 ? t('signIn.resendIn', { s: resendIn }) : t('signIn.resend')}
            </button>
            <button class="button button--secondary" type="button" onClick={changePhone}>
              {t('signIn.changePhone')}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href={href.staffSignIn}>{t('signIn.staffLink')}</a>
      </p>
      <BackHome />
    </section>
  );
}
