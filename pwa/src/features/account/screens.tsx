// Citizen sign-in (phone → one-time code), staff sign-in, and the account page (profile, sign-out).
// Loaded lazily by AccountRoute. Errors show the server's problem+json `detail` as written.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, apiSend, messageOf } from '../../api';
import { formatDate } from '../../format';
import { setLang, t } from '../../i18n';
import { useUnits } from '../../units';
import { href, takeReturn } from '../../router';
import type { AccountRouteName } from './AccountRoute';
import './messages';

interface Me {
  kind: 'citizen' | 'staff';
  id: string;
  display_name: string | null;
  phone?: string | null;
  username?: string | null;
  role?: string | null;
  agency_code?: string | null;
  team_code?: string | null;
}

interface Address {
  province_code: string;
  commune_code: string | null;
  street: string | null;
  province_name?: string | null;
  commune_name?: string | null;
}

interface Profile {
  phone: string;
  full_name: string | null;
  cccd: string | null;
  date_of_birth: string | null;
  address: Address | null;
  language: 'vi' | 'en';
}


function goTo(hash: string): void {
  location.hash = hash;
}

function ErrorText({ message }: { message: string }) {
  return (
    <p class="status status--error" role="alert">
      {message}
    </p>
  );
}

function BackHome() {
  return (
    <p>
      <a href={href.home}>{t('notFound.back')}</a>
    </p>
  );
}

export function AccountScreen({ route }: { route: AccountRouteName }) {
  switch (route.name) {
    case 'signIn':
      return <CitizenSignIn />;
    case 'staffSignIn':
      return <StaffSignIn />;
    case 'account':
      return <AccountPage />;
  }
}

// Citizens

function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft];
}

function CitizenSignIn() {
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
      const sent = await apiSend<{ phone: string; resend_after: number }>('POST', '/api/auth/citizen/code', { phone });
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
      await apiSend<Me>('POST', '/api/auth/citizen/session', { phone, code });
      goTo(takeReturn() ?? href.account);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
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
          <p role="status">{t('signIn.codeSent', { phone: sentTo })}</p>
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
            <button
              class="button button--secondary"
              type="button"
              onClick={() => {
                setSentTo(null);
                setCode('');
                setError('');
              }}
            >
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

// Staff

function StaffSignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function signIn(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await apiSend<Me>('POST', '/api/auth/staff/session', { username, password });
      goTo(takeReturn() ?? href.account);
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

// Account

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

function AccountPage() {
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
    goTo(href.home);
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

function CitizenProfile({ profile, onSaved }: { profile: Profile; onSaved: (profile: Profile) => void }) {
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  if (editing)
    return (
      <ProfileForm
        profile={profile}
        onCancel={() => setEditing(false)}
        onSaved={(saved) => {
          onSaved(saved);
          setEditing(false);
          setNotice(t('account.saved'));
        }}
      />
    );
  const empty = t('account.empty');
  const address = profile.address;
  return (
    <>
      {notice && <p class="status" role="status">{notice}</p>}
      <dl class="facts">
        <dt>{t('account.phone')}</dt>
        <dd>{profile.phone}</dd>
        <dt>{t('account.fullName')}</dt>
        <dd>{profile.full_name || empty}</dd>
        <dt>{t('account.cccd')}</dt>
        <dd>{profile.cccd || empty}</dd>
        <dt>{t('account.dob')}</dt>
        <dd>{profile.date_of_birth ? formatDate(`${profile.date_of_birth}T12:00:00+07:00`) : empty}</dd>
        <dt>{t('account.address')}</dt>
        <dd>
          {address
            ? [address.street, address.commune_name, address.province_name].filter(Boolean).join(', ')
            : empty}
        </dd>
      </dl>
      <p>
        <button class="button" type="button" onClick={() => setEditing(true)}>
          {t('account.edit')}
        </button>
      </p>
    </>
  );
}


function ProfileForm(props: { profile: Profile; onCancel: () => void; onSaved: (profile: Profile) => void }) {
  const { profile } = props;
  const [fullName, setFullName] = useState(profile.full_name ?? '');
  const [cccd, setCccd] = useState(profile.cccd ?? '');
  const [dob, setDob] = useState(profile.date_of_birth ?? '');
  const [province, setProvince] = useState(profile.address?.province_code ?? '');
  const [commune, setCommune] = useState(profile.address?.commune_code ?? '');
  const [street, setStreet] = useState(profile.address?.street ?? '');
  const [language, setLanguage] = useState(profile.language);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const provinces = useUnits('/api/catalog/provinces?limit=100');
  const communes = useUnits(province ? `/api/catalog/provinces/${province}/communes?limit=500` : null);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const saved = await apiSend<Profile>('PUT', '/api/me/profile', {
        full_name: fullName.trim() || null,
        cccd: cccd || null,
        date_of_birth: dob || null,
        address: province ? { province_code: province, commune_code: commune || null, street: street.trim() || null } : null,
        language,
      });
      setLang(saved.language);
      props.onSaved(saved);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={save}>
      <label for="profile-name">{t('account.fullName')}</label>
      <input id="profile-name" class="input" autocomplete="name" maxLength={100} value={fullName} onInput={(e) => setFullName(e.currentTarget.value)} />
      <label for="profile-cccd">{t('account.cccd')}</label>
      <input
        id="profile-cccd"
        class="input"
        inputMode="numeric"
        pattern="[0-9]{12}"
        maxLength={12}
        value={cccd}
        onInput={(e) => setCccd(e.currentTarget.value.replace(/\D/g, ''))}
      />
      <label for="profile-dob">{t('account.dob')}</label>
      <input id="profile-dob" class="input" type="date" autocomplete="bday" value={dob} onInput={(e) => setDob(e.currentTarget.value)} />
      <label for="profile-province">{t('account.province')}</label>
      <select
        id="profile-province"
        class="input"
        value={province}
        onChange={(e) => {
          setProvince(e.currentTarget.value);
          setCommune('');
        }}
      >
        <option value="">{t('account.choose')}</option>
        {provinces.map((unit) => (
          <option value={unit.code} key={unit.code}>
            {unit.name}
          </option>
        ))}
      </select>
      <label for="profile-commune">{t('account.commune')}</label>
      <select id="profile-commune" class="input" value={commune} disabled={!province} onChange={(e) => setCommune(e.currentTarget.value)}>
        <option value="">{t('account.choose')}</option>
        {communes.map((unit) => (
          <option value={unit.code} key={unit.code}>
            {unit.name}
          </option>
        ))}
      </select>
      <label for="profile-street">{t('account.street')}</label>
      <input id="profile-street" class="input" autocomplete="street-address" maxLength={200} value={street} onInput={(e) => setStreet(e.currentTarget.value)} />
      <label for="profile-language">{t('account.language')}</label>
      <select id="profile-language" class="input" value={language} onChange={(e) => setLanguage(e.currentTarget.value as 'vi' | 'en')}>
        <option value="vi">Tiếng Việt</option>
        <option value="en">English</option>
      </select>
      {error && <ErrorText message={error} />}
      <div class="form__actions">
        <button class="button" type="submit" disabled={busy}>
          {busy ? t('signIn.busy') : t('account.save')}
        </button>
        <button class="button button--secondary" type="button" onClick={props.onCancel}>
          {t('account.cancel')}
        </button>
      </div>
    </form>
  );
}
