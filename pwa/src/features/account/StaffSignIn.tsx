// Staff (officers, couriers, volunteers) sign in with a username and password, then the 6-digit code of their
// authenticator app (or a recovery code; the first time, enrolment with a QR code), and land where their work
// is: officers at the queue (or the console page that sent them here), others on their role's page.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href, takeReturn } from '../../router';
import { lazyScreens } from '../../lazy';
import { BackHome } from './BackHome';
import { SecondFactorCode } from './SecondFactorCode';
import { isOfficer, landingOf, rememberWho, type Who } from './session';
import type { Me, SecondFactorStep } from './types';

const Enrolment = lazyScreens(() => import('./SecondFactorEnrolment'));

/** A console page that asked for the sign-in is where an officer goes back to; nobody else goes there. Leaders
 * otherwise land on their agency's overview. */
function destination(who: Who, back: string | null): string {
  if (isOfficer(who) && back?.startsWith(href.office)) return back;
  return who.kind === 'staff' && who.role === 'leader' ? href.leaderView : landingOf(who);
}

export function StaffSignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [step, setStep] = useState<SecondFactorStep['second_factor'] | null>(null);

  async function signIn(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const accepted = await apiSend<SecondFactorStep>('POST', '/api/auth/staff/session', { username, password });
      setPassword('');
      setStep(accepted.second_factor);
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  }

  function signedIn(me: Me) {
    rememberWho(me);
    location.hash = destination(me.role ? { kind: 'staff', role: me.role } : { kind: 'unknown' }, takeReturn());
  }

  if (step) {
    return (
      <section class="page">
        <h1>{t('staff.title')}</h1>
        {step === 'code' ? (
          <>
            <p>{t('totp.intro')}</p>
            <SecondFactorCode path="/api/auth/staff/totp" onSignedIn={signedIn} allowRecovery />
          </>
        ) : (
          <Enrolment render={(module) => <module.SecondFactorEnrolment onSignedIn={signedIn} />} />
        )}
        <BackHome />
      </section>
    );
  }

  return (
    <section class="page">
      <h1>{t('staff.title')}</h1>
      <form class="form" onSubmit={signIn}>
        <label for="staff-username">{t('staff.username')}</label>
        <input
          id="staff-username"
          class="input"
          autocomplete="username"
          autocapitalize="none"
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <label for="staff-password">{t('staff.password')}</label>
        <input
          id="staff-password"
          class="input"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && <ErrorText message={error} />}
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
      <p>
        <a href={href.signIn}>{t('staff.citizenLink')}</a>
      </p>
      <BackHome />
    </section>
  );
}
