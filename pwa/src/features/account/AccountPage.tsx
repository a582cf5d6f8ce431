// #/tai-khoan: who is signed in — a citizen's profile (editable) or a staff member's role and unit —
// and signing out. A lapsed session shows "Bạn chưa đăng nhập" and forgets the session here.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { t } from '../../i18n';
import { href } from '../../router';
import { BackHome } from './BackHome';
import { CitizenProfile } from './CitizenProfile';
import type { Me, Profile } from './types';

type AccountState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'error'; message: string }
  | { status: 'staff'; me: Me }
  | { status: 'citizen'; me: Me; profile: Profile };

function forgetSession(): void {
  // The session cookie is HttpOnly; dropping the readable CSRF cookie is enough for the shell to show "Đăng nhập".
  document.cookie = 'motcua_csrf=; Max-Age=0; Path=/; SameSite=Lax';
}

function StaffFacts({ me }: { me: Me }) {
  return (
    <dl class="facts">
      <dt>{t('account.fullName')}</dt>
      <dd>{me.display_name}</dd>
      <dt>{t('account.username')}</dt>
      <dd>{me.username}</dd>
      <dt>{t('account.role')}</dt>
      <dd>{t(`role.${me.role}`)}</dd>
      <dt>{t('account.unit')}</dt>
      <dd>{me.agency_code ?? me.team_code}</dd>
    </dl>
  );
}

export function AccountPage() {
  const [state, setState] = useState<AccountState>({ status: 'loading' });

  useEffect(() => {
    (async () => {
      try {
        const me = await apiGet<Me>('/api/me');
        if (me.kind === 'staff') return setState({ status: 'staff', me });
        const profile = await apiGet<Profile>('/api/me/profile');
        setState({ status: 'citizen', me, profile });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          forgetSession();
          setState({ status: 'signedOut' });
        } else setState({ status: 'error', message: messageOf(err) });
      }
    })();
  }, []);

  async function signOut() {
    try {
      await apiSend<void>('DELETE', '/api/auth/session');
    } catch {
      /* already signed out or offline: forget the session here anyway */
    }
    forgetSession();
    location.hash = href.home;
  }

  return (
    <section class="page">
      <h1>{t('account.title')}</h1>
      {state.status === 'loading' && <p class="status" role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <ErrorText message={state.message} />}
      {state.status === 'signedOut' && (
        <>
          <p>{t('account.signedOut')}</p>
          <a class="button" href={href.signIn}>
            {t('nav.signIn')}
          </a>
        </>
      )}
      {state.status === 'staff' && <StaffFacts me={state.me} />}
      {state.status === 'citizen' && (
        <CitizenProfile profile={state.profile} onSaved={(profile) => setState({ ...state, profile })} />
      )}
      {(state.status === 'staff' || state.status === 'citizen') && (
        <p>
          <button class="button button--secondary" type="button" onClick={signOut}>
            {t('account.signOut')}
          </button>
        </p>
      )}
      <BackHome />
    </section>
  );
}
