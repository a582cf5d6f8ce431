// Staff (officers, couriers, volunteers) sign in with a username and password, and land where their work
// is in one step: officers at the queue (or the console page that sent them here), others on their role's page.
import { useState } from 'preact/hooks';
import { apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href, takeReturn } from '../../router';
import { BackHome } from './BackHome';
import { isOfficer, landingOf, rememberWho, type Who } from './session';
import type { Me } from './types';

/** A console page that asked for the sign-in is where an officer goes back to; nobody else goes there. */
function destination(who: Who, back: string | null): string {
  return isOfficer(who) && back?.startsWith(href.office) ? back : landingOf(who);
}

export function StaffSignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function signIn(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const me = await apiSend<Me>('POST', '/api/auth/staff/session', { username, password });
      rememberWho(me);
      location.hash = destination(me.role ? { kind: 'staff', role: me.role } : { kind: 'unknown' }, takeReturn());
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
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
