// #/quan-tri/can-bo: the administrators' staff accounts — the list (search, role filter), a new account, one
// account's page (role, desk or team, phone; disable/enable; reset the password or the second factor). The admin
// never sees a password: creating and resetting both show a one-time set-password link, once.
// #/can-bo/dat-mat-khau/<token>: where the staff member opens that link and chooses their password.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDate, formatDateTime, formatPhone } from '../../format';
import { t } from '../../i18n';
import { usePages } from '../../usePages';
import { href } from '../../router';
import { BackHome } from '../account/BackHome';
import type { StaffAdminRouteName } from './StaffAdminRoute';
import './messages';
import './staff-admin.css';

type Schemas = components['schemas'];
type StaffMember = Schemas['StaffMember'];
type StaffCreated = Schemas['StaffCreated'];
type PasswordLink = Schemas['PasswordLink'];
type StaffTeam = Schemas['StaffTeam'];
type Agency = Schemas['Agency'];
type AgencyPage = Schemas['AgencyPage'];
type PasswordLinkOwner = Schemas['PasswordLinkOwner'];
type Role = Schemas['StaffInput']['role'];

const ROLES: Role[] = ['reception_officer', 'specialist', 'leader', 'courier', 'volunteer', 'admin'];
const TEAM_ROLES: Role[] = ['courier', 'volunteer'];

export function StaffAdmin({ route }: { route: StaffAdminRouteName }) {
  if (route.name === 'setPassword') return <SetPasswordScreen token={route.token} />;
  return (
    <section class="page staff-admin" aria-labelledby="staff-admin-title">
      {route.creating ? <CreateScreen /> : route.id ? <MemberScreen id={route.id} /> : <ListScreen />}
    </section>
  );
}

function roleName(role: string): string {
  return t(`staffAdmin.role.${role}`);
}

function unitOf(staff: StaffMember) {
  return staff.team_name ?? staff.agency_name ?? staff.agency_code ?? staff.team_code ?? '';
}

// ---- the list ------------------------------------------------------------------------------------

function ListScreen() {
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const { items, next, error, load: loadPage } = usePages<StaffMember>();

  const load = (query: string, chosenRole: string, after: string | null) => {
    const params = new URLSearchParams({ limit: '50' });
    if (query.trim()) params.set('q', query.trim());
    if (chosenRole) params.set('role', chosenRole);
    if (after) params.set('after', after);
    void loadPage(`/api/admin/staff?${params}`, after !== null);
  };
  useEffect(() => load('', '', null), []);

  return (
    <>
      <a class="back-link" href={href.staffHome}>{t('staffAdmin.backHome')}</a>
      <h1 id="staff-admin-title">{t('staffAdmin.title')}</h1>
      <p>
        <a class="button" href={href.staffAdminNew}>{t('staffAdmin.new')}</a>
      </p>
      <form class="staff-admin-search" role="search" onSubmit={(e) => { e.preventDefault(); load(q, role, null); }}>
        <div>
          <label for="staff-admin-q">{t('staffAdmin.search')}</label>
          <input id="staff-admin-q" class="input" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div>
          <label for="staff-admin-role">{t('staffAdmin.roleFilter')}</label>
          <select id="staff-admin-role" class="input" value={role}
            onChange={(e) => { setRole(e.currentTarget.value); load(q, e.currentTarget.value, null); }}>
            <option value="">{t('staffAdmin.allRoles')}</option>
            {ROLES.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
          </select>
        </div>
        <button class="button" type="submit">{t('staffAdmin.searchButton')}</button>
      </form>
      {error && <ErrorText message={error} />}
      {items === null && !error && <p class="status" role="status">{t('staffAdmin.loading')}</p>}
      {items?.length === 0 && <p role="status">{t('staffAdmin.empty')}</p>}
      {items && items.length > 0 && (
        <table class="staff-admin-table">
          <caption>{t('staffAdmin.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staffAdmin.name')}</th>
              <th scope="col">{t('staffAdmin.username')}</th>
              <th scope="col">{t('staffAdmin.role')}</th>
              <th scope="col">{t('staffAdmin.unit')}</th>
              <th scope="col">{t('staffAdmin.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td><a href={href.staffAdminMember(s.id)}>{s.full_name}</a></td>
                <td>{s.username}</td>
                <td>{roleName(s.role)}</td>
                <td>{unitOf(s)}</td>
                <td>
                  {s.active ? t('staffAdmin.active') : t('staffAdmin.disabled')}
                  {!s.password_set && <span class="staff-admin-muted"> · {t('staffAdmin.noPassword')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button class="button button--secondary" type="button" onClick={() => load(q, role, next)}>{t('staffAdmin.more')}</button>}
    </>
  );
}

// ---- the fields a new account and a change share ---------------------------------------------------

interface Assignment {
  full_name: string;
  role: Role;
  agency_code: string;
  team_code: string;
  phone: string;
}

function AgencyChoice({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const [filter, setFilter] = useState('');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const params = new URLSearchParams({ limit: '100' });
    if (filter.trim()) params.set('q', filter.trim());
    const controller = new AbortController();
    apiGet<AgencyPage>(`/api/catalog/agencies?${params}`, controller.signal).then(
      (page) => { setAgencies(page.items); setError(null); },
      (e: unknown) => { if (!controller.signal.aborted) setError(messageOf(e)); },
    );
    return () => controller.abort();
  }, [filter]);
  const listed = agencies.some((a) => a.code === value);

  return (
    <>
      <label for="staff-agency-filter">{t('staffAdmin.agencyFilter')}</label>
      <input id="staff-agency-filter" class="input" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      <label for="staff-agency">{t('staffAdmin.agency')}</label>
      <select id="staff-agency" class="input" required value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('staffAdmin.chooseAgency')}</option>
        {value && !listed && <option value={value}>{value}</option>}
        {agencies.map((a) => (
          <option key={a.code} value={a.code}>{a.name} ({a.code})</option>
        ))}
      </select>
      {error && <ErrorText message={error} />}
    </>
  );
}

function AssignmentFields({ value, onChange, teams }: {
  value: Assignment;
  onChange: (next: Assignment) => void;
  teams: StaffTeam[];
}) {
  const set = (part: Partial<Assignment>) => onChange({ ...value, ...part });
  const inTeam = TEAM_ROLES.includes(value.role);
  return (
    <>
      <label for="staff-name">{t('staffAdmin.name')}</label>
      <input id="staff-name" class="input" required maxLength={100} autocomplete="off" value={value.full_name}
        onInput={(e) => set({ full_name: e.currentTarget.value })} />
      <label for="staff-role">{t('staffAdmin.role')}</label>
      <select id="staff-role" class="input" value={value.role} onChange={(e) => set({ role: e.currentTarget.value as Role })}>
        {ROLES.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
      </select>
      {inTeam ? (
        <>
          <label for="staff-team">{t('staffAdmin.team')}</label>
          <select id="staff-team" class="input" required value={value.team_code} onChange={(e) => set({ team_code: e.currentTarget.value })}>
            <option value="">{t('staffAdmin.chooseTeam')}</option>
            {teams.map((team) => <option key={team.code} value={team.code}>{team.name}</option>)}
          </select>
        </>
      ) : (
        <AgencyChoice value={value.agency_code} onChange={(code) => set({ agency_code: code })} />
      )}
      <label for="staff-phone">{t('staffAdmin.phone')}</label>
      <input id="staff-phone" class="input" type="tel" inputMode="tel" autocomplete="off" maxLength={32}
        aria-describedby="staff-phone-hint" value={value.phone} onInput={(e) => set({ phone: e.currentTarget.value })} />
      <p class="hint" id="staff-phone-hint">{t('staffAdmin.phoneHint')}</p>
    </>
  );
}

function body(value: Assignment) {
  const inTeam = TEAM_ROLES.includes(value.role);
  return {
    full_name: value.full_name,
    role: value.role,
    agency_code: inTeam ? null : value.agency_code || null,
    team_code: inTeam ? value.team_code || null : null,
    phone: value.phone.trim() || null,
  };
}

function useTeams(): StaffTeam[] {
  const [teams, setTeams] = useState<StaffTeam[]>([]);
  useEffect(() => {
    apiGet<StaffTeam[]>('/api/admin/staff/teams').then(setTeams, () => undefined); // the role then cannot be saved; the server says why
  }, []);
  return teams;
}

/** The one-time set-password link, shown this once, with a copy button. */
function LinkPanel({ link, username }: { link: PasswordLink; username: string }) {
  const url = `${location.origin}${location.pathname}${link.path}`;
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => setCopied(t('staffAdmin.copied')),
      () => setCopied(t('staffAdmin.copyFailed')),
    );
  return (
    <div class="staff-admin-link" aria-labelledby="staff-link-title">
      <h2 id="staff-link-title">{t('staffAdmin.linkTitle', { username })}</h2>
      <p>{t('staffAdmin.linkOnce', { time: formatDateTime(link.expires_at) })}</p>
      <label for="staff-link">{t('staffAdmin.link')}</label>
      <input id="staff-link" class="input" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <p>
        <button class="button" type="button" onClick={copy}>{t('staffAdmin.copy')}</button>
      </p>
      {copied && <p class="status" role="status">{copied}</p>}
    </div>
  );
}

// ---- a new account ---------------------------------------------------------------------------------

function CreateScreen() {
  const teams = useTeams();
  const [username, setUsername] = useState('');
  const [value, setValue] = useState<Assignment>({ full_name: '', role: 'reception_officer', agency_code: '', team_code: '', phone: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<StaffCreated | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    apiSend<StaffCreated>('POST', '/api/admin/staff', { username, ...body(value) }).then(
      (answer) => { setCreated(answer); setBusy(false); },
      (e: unknown) => { setError(messageOf(e)); setBusy(false); },
    );
  };

  return (
    <>
      <a class="back-link" href={href.staffAdmin}>{t('staffAdmin.back')}</a>
      <h1 id="staff-admin-title">{t('staffAdmin.createTitle')}</h1>
      {created ? (
        <>
          <LinkPanel link={created.password_link} username={created.staff.username} />
          <p>
            <a class="button button--secondary" href={href.staffAdminMember(created.staff.id)}>{t('staffAdmin.open')}</a>
          </p>
        </>
      ) : (
        <form class="form staff-admin-form" onSubmit={submit}>
          <p>{t('staffAdmin.createIntro')}</p>
          <label for="staff-username">{t('staffAdmin.username')}</label>
          <input id="staff-username" class="input" required autocomplete="off" autocapitalize="none" spellcheck={false}
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]{2,31}" aria-describedby="staff-username-hint"
            value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          <p class="hint" id="staff-username-hint">{t('staffAdmin.usernameHint')}</p>
          <AssignmentFields value={value} onChange={setValue} teams={teams} />
          {error && <ErrorText message={error} />}
          <button class="button" type="submit" disabled={busy}>{busy ? t('staffAdmin.busy') : t('staffAdmin.create')}</button>
        </form>
      )}
    </>
  );
}

// ---- one account -----------------------------------------------------------------------------------

function assignmentOf(staff: StaffMember): Assignment {
  return {
    full_name: staff.full_name,
    role: staff.role as Role,
    agency_code: staff.agency_code ?? '',
    team_code: staff.team_code ?? '',
    phone: staff.phone ? formatPhone(staff.phone) : '',
  };
}

function MemberScreen({ id }: { id: string }) {
  const teams = useTeams();
  const [staff, setStaff] = useState<StaffMember | null>(null);
  const [value, setValue] = useState<Assignment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [link, setLink] = useState<PasswordLink | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (member: StaffMember) => { setStaff(member); setValue(assignmentOf(member)); };
  useEffect(() => {
    apiGet<StaffMember>(`/api/admin/staff/${id}`).then(show, (e: unknown) => setError(messageOf(e)));
  }, [id]);

  const act = <T,>(call: Promise<T>, done: (answer: T) => void) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    call.then(
      (answer) => { done(answer); setBusy(false); },
      (e: unknown) => { setError(messageOf(e)); setBusy(false); },
    );
  };
  const save = (event: Event) => {
    event.preventDefault();
    if (value) act(apiSend<StaffMember>('PUT', `/api/admin/staff/${id}`, body(value)), (m) => { show(m); setNotice(t('staffAdmin.saved')); });
  };

  if (!staff || !value)
    return (
      <>
        <a class="back-link" href={href.staffAdmin}>{t('staffAdmin.back')}</a>
        {error ? <ErrorText message={error} /> : <p class="status" role="status">{t('staffAdmin.loading')}</p>}
      </>
    );

  return (
    <>
      <a class="back-link" href={href.staffAdmin}>{t('staffAdmin.back')}</a>
      <h1 id="staff-admin-title">{staff.full_name}</h1>
      <p>
        {staff.username} · {roleName(staff.role)} · {staff.active ? t('staffAdmin.active') : t('staffAdmin.disabled')}
        {!staff.password_set && <> · {t('staffAdmin.noPassword')}</>}
        {!staff.second_factor_enrolled && <> · {t('staffAdmin.noFactor')}</>}
      </p>
      <p class="staff-admin-muted">
        {t('staffAdmin.unit')}: {unitOf(staff)} ·{' '}
        {t('staffAdmin.created')}: {formatDate(staff.created_at)}
      </p>
      {notice && <p class="status" role="status">{notice}</p>}
      {error && <ErrorText message={error} />}
      {link && <LinkPanel link={link} username={staff.username} />}
      <h2>{t('staffAdmin.details')}</h2>
      <form class="form staff-admin-form" onSubmit={save}>
        <AssignmentFields value={value} onChange={setValue} teams={teams} />
        <button class="button" type="submit" disabled={busy}>{busy ? t('staffAdmin.busy') : t('staffAdmin.save')}</button>
      </form>
      <h2>{t('staffAdmin.access')}</h2>
      <div class="staff-admin-actions">
        <div>
          {staff.active ? (
            <button class="button button--secondary" type="button" disabled={busy} aria-describedby="staff-disable-hint"
              onClick={() => act(apiSend<StaffMember>('POST', `/api/admin/staff/${id}/disable`), (m) => { show(m); setLink(null); setNotice(t('staffAdmin.disabledNotice')); })}>
              {t('staffAdmin.disable')}
            </button>
          ) : (
            <button class="button button--secondary" type="button" disabled={busy}
              onClick={() => act(apiSend<StaffMember>('POST', `/api/admin/staff/${id}/enable`), (m) => { show(m); setNotice(t('staffAdmin.enabledNotice')); })}>
              {t('staffAdmin.enable')}
            </button>
          )}
          <p class="hint" id="staff-disable-hint">{t('staffAdmin.disableHint')}</p>
        </div>
        <div>
          <button class="button button--secondary" type="button" disabled={busy || !staff.active} aria-describedby="staff-reset-hint"
            onClick={() => act(apiSend<PasswordLink>('POST', `/api/admin/staff/${id}/password/reset`), (answer) => {
              setLink(answer);
              setStaff({ ...staff, password_set: false });
            })}>
            {t('staffAdmin.resetPassword')}
          </button>
          <p class="hint" id="staff-reset-hint">{t('staffAdmin.resetPasswordHint')}</p>
        </div>
        <div>
          <button class="button button--secondary" type="button" disabled={busy} aria-describedby="staff-factor-hint"
            onClick={() => act(apiSend<null>('POST', `/api/admin/staff/${id}/totp/reset`), () => {
              setStaff({ ...staff, second_factor_enrolled: false });
              setNotice(t('staffAdmin.factorReset'));
            })}>
            {t('staffAdmin.resetFactor')}
          </button>
          <p class="hint" id="staff-factor-hint">{t('staffAdmin.resetFactorHint')}</p>
        </div>
      </div>
    </>
  );
}

// ---- the staff member's side: choosing their password ------------------------------------------------

function SetPasswordScreen({ token }: { token: string }) {
  const [owner, setOwner] = useState<PasswordLinkOwner | null>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    apiSend<PasswordLinkOwner>('POST', '/api/auth/staff/password-link', { token }).then(setOwner, (e: unknown) => setLinkError(messageOf(e)));
  }, [token]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (password !== repeat) {
      setError(t('setPassword.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    apiSend<null>('POST', '/api/auth/staff/password', { token, password }).then(
      () => { setDone(true); setPassword(''); setRepeat(''); },
      (e: unknown) => { setError(messageOf(e)); setBusy(false); },
    );
  };

  return (
    <section class="page" aria-labelledby="set-password-title">
      <h1 id="set-password-title">{t('setPassword.title')}</h1>
      {linkError && <ErrorText message={linkError} />}
      {!owner && !linkError && <p class="status" role="status">{t('setPassword.checking')}</p>}
      {done ? (
        <>
          <p class="status" role="status">{t('setPassword.done')}</p>
          <p><a class="button" href={href.staffSignIn}>{t('setPassword.signIn')}</a></p>
        </>
      ) : owner && (
        <form class="form" onSubmit={submit}>
          <p>{t('setPassword.for', { username: owner.username, name: owner.full_name })}</p>
          {/* For the browser's password manager: which account this password belongs to. */}
          <input type="text" autocomplete="username" value={owner.username} readOnly hidden />
          <label for="set-password">{t('setPassword.password')}</label>
          <input id="set-password" class="input" type="password" autocomplete="new-password" required minLength={10}
            maxLength={256} aria-describedby="set-password-hint" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <p class="hint" id="set-password-hint">{t('setPassword.hint')}</p>
          <label for="set-password-repeat">{t('setPassword.repeat')}</label>
          <input id="set-password-repeat" class="input" type="password" autocomplete="new-password" required minLength={10}
            maxLength={256} value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
          {error && <ErrorText message={error} />}
          <button class="button" type="submit" disabled={busy}>{t('setPassword.submit')}</button>
        </form>
      )}
      <BackHome />
    </section>
  );
}
