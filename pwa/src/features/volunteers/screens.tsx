// Filing for someone: the person's name and phone → the SMS code they read out (their consent) → the procedure →
// the citizen filing screens, acting in the person's account (the banner says whose). Below: today's assisted
// dossiers by code and status, and the counts. Works on a phone and on a centre's tablet (one column, tables
// that scroll sideways).
import type { components } from '../../../../api_schema/openapi';
import { useEffect, useState } from 'preact/hooks';
import { startActing } from '../../acting';
import { apiGet, apiSend, messageOf } from '../../api';
import { ErrorText } from '../../ErrorText';
import { formatDate, formatPhone } from '../../format';
import { t } from '../../i18n';
import { Localized } from '../../Localized';
import { href } from '../../router';
import { whoIsSignedIn } from '../account/session';
import './messages';
import './volunteers.css';

type AssistedSession = components['schemas']['AssistedSession'];
type ActingGrant = components['schemas']['ActingGrant'];
type Dashboard = components['schemas']['AssistedDashboard'];
type ProcedurePage = components['schemas']['ProcedurePage'];

const HELPERS = ['volunteer', 'reception_officer'];
const VIEWERS = [...HELPERS, 'leader', 'admin'];

export function AssistScreen() {
  const who = whoIsSignedIn();
  if (who?.kind !== 'staff' || !VIEWERS.includes(who.role))
    return (
      <section class="page">
        <p>{t('assist.signIn')}</p>
        <a class="button" href={href.staffSignIn}>{t('nav.signIn')}</a>
      </section>
    );
  const counter = who.role === 'reception_officer';
  return (
    <section class="page assist" aria-labelledby="assist-title">
      <h1 id="assist-title">{counter ? t('assist.counterTitle') : t('assist.title')}</h1>
      {HELPERS.includes(who.role) && <HelpPerson />}
      <DashboardView />
    </section>
  );
}

function HelpPerson() {
  const [session, setSession] = useState<AssistedSession | null>(null);
  const [grant, setGrant] = useState<ActingGrant | null>(null);
  if (grant) return <ChooseProcedure grant={grant} />;
  if (session) return <Consent session={session} onGranted={setGrant} />;
  return <PersonForm onStarted={setSession} />;
}

function PersonForm({ onStarted }: { onStarted: (session: AssistedSession) => void }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [noPhone, setNoPhone] = useState(false);
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function send(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    const body = noPhone ? { full_name: name, ...(contact.trim() ? { contact_phone: contact } : {}) } : { full_name: name, phone };
    try {
      onStarted(await apiSend<AssistedSession>('POST', '/api/assisted/people', body));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="assist-form" onSubmit={send}>
      <p class="hint">{t('assist.intro')}</p>
      <label for="assist-name">{t('assist.name')}</label>
      <input id="assist-name" class="input" required maxLength={100} autoComplete="off" value={name}
        onInput={(e) => setName(e.currentTarget.value)} />
      {!noPhone && (
        <>
          <label for="assist-phone">{t('assist.phone')}</label>
          <input id="assist-phone" class="input" type="tel" inputMode="tel" required autoComplete="off" value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)} />
        </>
      )}
      <label class="check">
        <input type="checkbox" checked={noPhone} onChange={(e) => setNoPhone(e.currentTarget.checked)} />
        {t('assist.noPhone')}
      </label>
      {noPhone && (
        <>
          <label for="assist-contact">{t('assist.contact')}</label>
          <input id="assist-contact" class="input" type="tel" inputMode="tel" autoComplete="off" value={contact}
            onInput={(e) => setContact(e.currentTarget.value)} />
        </>
      )}
      {error && <ErrorText message={error} />}
      <button class="button" type="submit" disabled={busy}>{noPhone ? t('assist.next') : t('assist.sendCode')}</button>
    </form>
  );
}

function Consent({ session, onGranted }: { session: AssistedSession; onGranted: (grant: ActingGrant) => void }) {
  const [code, setCode] = useState('');
  const [method, setMethod] = useState<'sms_code_read_out' | 'confirmed_on_own_phone'>('sms_code_read_out');
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const withPhone = session.code_sent;

  async function confirm(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const body = withPhone ? { method, code: code.trim() } : { method: 'no_phone' };
      const grant = await apiSend<ActingGrant>('POST', `/api/assisted/people/${session.id}/consent`, body);
      startActing({ token: grant.token, name: grant.citizen_name, channel: grant.channel, expires_at: grant.expires_at });
      onGranted(grant);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="assist-form" onSubmit={confirm}>
      {withPhone ? (
        <>
          <h2>{t('assist.codeTitle')}</h2>
          <p>{t('assist.codeIntro', { phone: formatPhone(session.phone) })}</p>
          <label for="assist-code">{t('assist.code')}</label>
          <input id="assist-code" class="input" inputMode="numeric" pattern="[0-9]{6}" maxLength={6} required
            autoComplete="one-time-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <fieldset>
            <legend>{t('assist.method')}</legend>
            <label class="check">
              <input type="radio" name="method" checked={method === 'sms_code_read_out'} onChange={() => setMethod('sms_code_read_out')} />
              {t('assist.readOut')}
            </label>
            <label class="check">
              <input type="radio" name="method" checked={method === 'confirmed_on_own_phone'} onChange={() => setMethod('confirmed_on_own_phone')} />
              {t('assist.ownPhone')}
            </label>
          </fieldset>
        </>
      ) : (
        <label class="check">
          <input type="checkbox" required checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
          {t('assist.noPhoneConsent')}
        </label>
      )}
      {error && <ErrorText message={error} />}
      <button class="button" type="submit" disabled={busy}>{withPhone ? t('assist.consent') : t('assist.recordConsent')}</button>
    </form>
  );
}

function ChooseProcedure({ grant }: { grant: ActingGrant }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProcedurePage['items'] | null>(null);
  const [error, setError] = useState('');

  async function search(event: Event) {
    event.preventDefault();
    setError('');
    try {
      const page = await apiGet<ProcedurePage>(`/api/catalog/procedures?q=${encodeURIComponent(query.trim())}&limit=20`);
      setFound(page.items.filter((p) => p.online !== 'none'));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <div class="assist-form">
      <h2>{t('assist.chooseTitle')}</h2>
      <p>{t('assist.chooseIntro', { name: grant.citizen_name })}</p>
      <form role="search" class="assist-search" onSubmit={search}>
        <label for="assist-q">{t('assist.search')}</label>
        <input id="assist-q" class="input" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <button class="button" type="submit">{t('assist.searchButton')}</button>
      </form>
      {error && <ErrorText message={error} />}
      {found && found.length === 0 && <p class="status">{t('assist.noResults')}</p>}
      {found && found.length > 0 && (
        <ul class="assist-procedures">
          {found.map((p) => (
            <li key={p.code}>
              <a href={href.file(p.code)}><Localized vi={p.name} en={p.name_en} /></a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DashboardView() {
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    apiGet<Dashboard>('/api/assisted/dashboard').then(setDashboard, (err) => setError(messageOf(err)));
  }, []);
  if (error) return <ErrorText message={error} />;
  if (!dashboard) return null;
  return (
    <>
      <h2>{t('assist.today')}</h2>
      {dashboard.today.length === 0 ? (
        <p class="status">{t('assist.todayEmpty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="assist-table">
            <thead>
              <tr>
                <th scope="col">{t('assist.code_')}</th>
                <th scope="col">{t('assist.person')}</th>
                <th scope="col">{t('assist.procedure')}</th>
                <th scope="col">{t('assist.state')}</th>
                {dashboard.scope !== 'own' && <th scope="col">{t('assist.filedBy')}</th>}
              </tr>
            </thead>
            <tbody>
              {dashboard.today.map((d) => (
                <tr key={d.code}>
                  <td class="dossier-code-inline">{d.code}</td>
                  <td>{d.person_name}</td>
                  <td><Localized vi={d.procedure_name} en={d.procedure_name_en} /></td>
                  <td>{d.state_words}</td>
                  {dashboard.scope !== 'own' && <td>{d.filed_by}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('assist.perHelper')}</h2>
      <div class="table-scroll">
        <table class="assist-table">
          <thead>
            <tr>
              <th scope="col">{t('assist.helper')}</th>
              <th scope="col">{t('assist.todayCount')}</th>
              <th scope="col">{t('assist.fourteen')}</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.per_helper.map((h) => (
              <tr key={h.staff_id}>
                <td>{h.full_name}</td>
                <td>{h.today}</td>
                <td>{h.last_14_days}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('assist.perDay')}</h2>
      <div class="table-scroll">
        <table class="assist-table">
          <thead>
            <tr>
              <th scope="col">{t('assist.day')}</th>
              <th scope="col">{t('assist.count')}</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.per_day.map((d) => (
              <tr key={d.day}>
                <td>{formatDate(d.day)}</td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
