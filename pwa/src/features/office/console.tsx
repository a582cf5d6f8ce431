// The officer console (desktop): the agency's queue with counts, filters and search; a dossier with its
// form data, photos (zoom), timeline and the moves the caller's role may make, each behind a dialog.
// Every write sends the lock_version the officer saw; a 409 shows the server's words and reloads.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiGet, apiSend, hasSession, messageOf } from '../../api';
import type { components } from '../../../../api_schema/openapi';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { href, rememberReturn } from '../../router';
import type { OfficeRouteName } from './OfficeRoute';
import './messages';
import './office.css';

interface QueueItem {
  id: string;
  code: string;
  procedure_name: string;
  agency_name: string;
  state: string;
  applicant_name: string | null;
  applicant_phone: string | null;
  submitted_at: string | null;
  due_date: string | null;
  overdue: boolean;
}

interface Queue {
  counts: Record<string, number>;
  overdue: number;
  items: QueueItem[];
  next: string | null;
}

interface Page {
  id: string;
  status: string;
  image_url: string | null;
  thumbnail_url: string | null;
}

interface Slot {
  code: string;
  name: string;
  required: boolean;
  pages: Page[];
}

interface TimelineEvent {
  at: string;
  action: string;
  to_state: string;
  note: string | null;
  actor_role: string | null;
  actor_name: string | null;
  visibility: 'citizen' | 'internal';
}

interface Handover {
  from_agency_name: string;
  to_agency_name: string;
  handed_by: string;
  handed_at: string;
  taken_by: string | null;
  taken_at: string | null;
}

type FormField = components['schemas']['FormField'];

interface Dossier {
  id: string;
  code: string;
  procedure_name: string;
  agency_code: string;
  agency_name: string;
  working_days: number;
  state: string;
  state_words: string;
  lock_version: number;
  applicant: { full_name?: string; phone?: string; cccd?: string };
  form: Record<string, unknown>;
  form_definition: FormField[];
  documents: Slot[];
  allowed_actions: string[];
  timeline: TimelineEvent[];
  handovers: Handover[];
  submitted_at: string | null;
  received_at: string | null;
  due_date: string | null;
  overdue: boolean;
  receipt_url: string | null;
  result: { url: string; verification_code: string } | null;
}

interface Agency {
  code: string;
  name: string;
}

const STATES = [
  'submitted', 'supplement_requested', 'received', 'processing', 'pending_approval', 'result_ready',
  'returned', 'delivering', 'refused', 'stopped', 'withdrawn',
];
const ACTIVE = ['received', 'processing', 'pending_approval'];


/** A form answer as people read it: dates dd/mm/yyyy, nothing for blanks. */
function answerText(field: FormField, value: unknown): string {
  if (value === null || value === undefined) return '';
  return field.type === 'date' && typeof value === 'string' ? formatDate(value) : String(value);
}

function dateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const time = date.toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
  return `${formatDate(iso)} ${time}`;
}

function SignInFirst() {
  return (
    <section class="page office">
      <p>{t('office.signIn')}</p>
      <a class="button" href={href.staffSignIn} onClick={() => rememberReturn(location.hash)}>{t('office.signInLink')}</a>
    </section>
  );
}

export function OfficeScreen({ route }: { route: OfficeRouteName }) {
  if (!hasSession()) return <SignInFirst />;
  return route.name === 'office' ? <QueueScreen /> : <DossierScreen id={route.id} />;
}

// The queue

function QueueScreen() {
  const [state, setState] = useState<string | null>('submitted');
  const [overdue, setOverdue] = useState(false);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState('');

  async function load(after?: string) {
    const params = new URLSearchParams({ limit: '25' });
    if (state) params.set('state', state);
    if (overdue) params.set('overdue', 'true');
    if (search) params.set('q', search);
    if (after) params.set('after', after);
    try {
      const page = await apiGet<Queue>(`/api/office/queue?${params}`);
      setQueue((previous) => (after && previous ? { ...page, items: [...previous.items, ...page.items] } : page));
      setError('');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        rememberReturn(location.hash);
        location.hash = href.staffSignIn;
      }
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    void load();
  }, [state, overdue, search]);

  function choose(next: string | null, late = false) {
    setState(next);
    setOverdue(late);
  }

  const total = queue ? Object.values(queue.counts).reduce((a, b) => a + b, 0) : 0;
  return (
    <section class="page office">
      <h1>{t('office.title')}</h1>
      <div class="office-filters" role="toolbar" aria-label={t('office.state')}>
        <button type="button" class="chip" aria-pressed={state === null && !overdue} onClick={() => choose(null)}>
          {t('office.all')} <span class="chip__count">{total}</span>
        </button>
        {STATES.map((s) => (
          <button key={s} type="button" class="chip" aria-pressed={state === s && !overdue} onClick={() => choose(s)}>
            {t(`state.${s}`)} <span class="chip__count">{queue?.counts[s] ?? 0}</span>
          </button>
        ))}
        <button type="button" class="chip chip--alert" aria-pressed={overdue} onClick={() => choose(null, true)}>
          {t('office.overdue')} <span class="chip__count">{queue?.overdue ?? 0}</span>
        </button>
      </div>
      <form
        class="office-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(query.trim());
          if (query.trim()) choose(null);
        }}
      >
        <label for="office-q" class="visually-hidden">{t('office.search')}</label>
        <input id="office-q" class="input" type="search" placeholder={t('office.search')} value={query}
          onInput={(e) => setQuery(e.currentTarget.value)} />
        <button class="button" type="submit">{t('office.searchButton')}</button>
      </form>
      {error && <p class="status status--error" role="alert">{error}</p>}
      {queue && queue.items.length === 0 && <p class="status">{t('office.empty')}</p>}
      {queue && queue.items.length > 0 && (
        <table class="office-table">
          <thead>
            <tr>
              <th scope="col">{t('office.code')}</th>
              <th scope="col">{t('office.procedure')}</th>
              <th scope="col">{t('office.applicant')}</th>
              <th scope="col">{t('office.phone')}</th>
              <th scope="col">{t('office.submitted')}</th>
              <th scope="col">{t('office.due')}</th>
              <th scope="col">{t('office.state')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.items.map((item) => (
              <tr key={item.id}>
                <td><a href={href.officeDossier(item.id)}>{item.code}</a></td>
                <td>{item.procedure_name}<br /><small>{item.agency_name}</small></td>
                <td>{item.applicant_name}</td>
                <td>{item.applicant_phone}</td>
                <td>{dateTime(item.submitted_at)}</td>
                <td>
                  {item.due_date ? formatDate(item.due_date) : ''}
                  {item.overdue && <span class="badge badge--alert">{t('office.overdueBadge')}</span>}
                </td>
                <td>{t(`state.${item.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {queue?.next && (
        <button type="button" class="button button--secondary" onClick={() => void load(queue.next ?? undefined)}>
          {t('office.more')}
        </button>
      )}
    </section>
  );
}

// One dossier

type Dialog =
  | { kind: 'action'; action: string }
  | { kind: 'result' }
  | { kind: 'apology' }
  | { kind: 'photo'; url: string; label: string };

function DossierScreen({ id }: { id: string }) {
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);

  async function load() {
    try {
      setDossier(await apiGet<Dossier>(`/api/office/dossiers/${id}`));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  useEffect(() => {
    void load();
  }, [id]);

  async function send(path: string, body: Record<string, unknown>) {
    if (!dossier) return;
    try {
      setDossier(await apiSend<Dossier>('POST', path, { lock_version: dossier.lock_version, ...body }));
      setNotice(t('office.done'));
      setError('');
      setDialog(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setDialog(null);
        setNotice('');
        setError(messageOf(err));
        await load();
        return;
      }
      throw err; // field errors stay in the dialog
    }
  }

  if (!dossier) {
    return (
      <section class="page office">
        <a href={href.office}>{t('office.back')}</a>
        {error ? <p class="status status--error" role="alert">{error}</p> : <p class="status" role="status">{t('app.loading')}</p>}
      </section>
    );
  }

  const canIssue = !dossier.result && (
    (dossier.state === 'processing' && dossier.allowed_actions.includes('submit_for_approval')) ||
    (dossier.state === 'received' && dossier.working_days === 0 && dossier.allowed_actions.includes('resolve_on_the_spot'))
  );
  const canApologise = ACTIVE.includes(dossier.state);
  return (
    <section class="page office">
      <a href={href.office}>{t('office.back')}</a>
      <h1>
        {dossier.code} <span class="badge">{t(`state.${dossier.state}`)}</span>
        {dossier.overdue && <span class="badge badge--alert">{t('office.overdueBadge')}</span>}
      </h1>
      {notice && <p class="status" role="status">{notice}</p>}
      {error && <p class="status status--error" role="alert">{error}</p>}
      <div class="office-columns">
        <div>
          <dl class="facts">
            <dt>{t('office.procedure')}</dt><dd>{dossier.procedure_name}</dd>
            <dt>{t('office.agency')}</dt><dd>{dossier.agency_name}</dd>
            <dt>{t('office.applicant')}</dt><dd>{dossier.applicant.full_name} {dossier.applicant.cccd && `· ${dossier.applicant.cccd}`}</dd>
            <dt>{t('office.phone')}</dt><dd>{dossier.applicant.phone}</dd>
            <dt>{t('office.submitted')}</dt><dd>{dateTime(dossier.submitted_at)}</dd>
            {dossier.received_at && <><dt>{t('office.received')}</dt><dd>{dateTime(dossier.received_at)}</dd></>}
            {dossier.due_date && <><dt>{t('office.due')}</dt><dd>{formatDate(dossier.due_date)}</dd></>}
          </dl>
          <p class="office-links">
            {dossier.receipt_url && <a href={dossier.receipt_url} target="_blank" rel="noopener">{t('office.receipt')}</a>}
            {dossier.result && <a href={dossier.result.url} target="_blank" rel="noopener">{t('office.result')}</a>}
          </p>
          <h2>{t('office.form')}</h2>
          <dl class="facts">
            {dossier.form_definition.map((field) => (
              <>
                <dt key={`${field.name}-l`}>{field.label}</dt>
                <dd key={`${field.name}-v`}>{answerText(field, dossier.form[field.name])}</dd>
              </>
            ))}
          </dl>
          <h2>{t('office.documents')}</h2>
          {dossier.documents.map((slot) => (
            <div key={slot.code} class="office-slot">
              <h3>{slot.name}</h3>
              {slot.pages.length === 0 && <p class="hint">{t('office.noPages')}</p>}
              <div class="office-thumbs">
                {slot.pages.map((page, index) => {
                  const label = t('office.page', { n: index + 1, doc: slot.name });
                  return page.thumbnail_url && page.image_url ? (
                    <button key={page.id} type="button" class="office-thumb" aria-label={label}
                      onClick={() => setDialog({ kind: 'photo', url: page.image_url as string, label })}>
                      <img src={page.thumbnail_url} alt="" loading="lazy" />
                    </button>
                  ) : null;
                })}
              </div>
            </div>
          ))}
        </div>
        <div>
          <h2>{t('office.actions')}</h2>
          <div class="office-actions">
            {dossier.allowed_actions.map((action) => (
              <button key={action} type="button" class={action === 'refuse' || action === 'stop' ? 'button button--secondary' : 'button'}
                onClick={() => setDialog({ kind: 'action', action })}>
                {t(`action.${action}`)}
              </button>
            ))}
            {canIssue && <button type="button" class="button button--secondary" onClick={() => setDialog({ kind: 'result' })}>{t('office.issueResult')}</button>}
            {canApologise && <button type="button" class="button button--ghost" onClick={() => setDialog({ kind: 'apology' })}>{t('office.apology')}</button>}
          </div>
          {dossier.allowed_actions.length === 0 && !canIssue && <p class="hint">{t('office.noActions')}</p>}
          <h2>{t('office.timeline')}</h2>
          <ol class="office-timeline">
            {dossier.timeline.map((event, index) => (
              <li key={index}>
                <strong>{t(`action.${event.action}`)}</strong>
                {event.visibility === 'internal' && <span class="badge">{t('office.internal')}</span>}
                <br />
                <small>{dateTime(event.at)} · {event.actor_name ?? (event.actor_role === 'citizen' ? t('office.citizen') : event.actor_role ?? t('office.system'))}</small>
                {event.note && <p>{event.note}</p>}
              </li>
            ))}
          </ol>
          {dossier.handovers.length > 0 && (
            <>
              <h2>{t('office.handovers')}</h2>
              <ol class="office-timeline">
                {dossier.handovers.map((h, index) => (
                  <li key={index}>
                    <strong>{h.from_agency_name} → {h.to_agency_name}</strong><br />
                    <small>{t('office.handedAt', { at: dateTime(h.handed_at), who: h.handed_by })}</small><br />
                    <small>{h.taken_at ? t('office.takenAt', { at: dateTime(h.taken_at), who: h.taken_by ?? '' }) : t('office.notTaken')}</small>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      </div>
      {dialog?.kind === 'photo' && <PhotoDialog url={dialog.url} label={dialog.label} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'action' && (
        <ActionDialog dossier={dossier} action={dialog.action} onClose={() => setDialog(null)}
          onSend={(body) => send(`/api/office/dossiers/${id}/actions/${dialog.action}`, body)} />
      )}
      {dialog?.kind === 'result' && (
        <ResultDialog dossier={dossier} onClose={() => setDialog(null)} onSend={(body) => send(`/api/office/dossiers/${id}/result`, body)} />
      )}
      {dialog?.kind === 'apology' && (
        <ApologyDialog onClose={() => setDialog(null)} onSend={(body) => send(`/api/office/dossiers/${id}/apology`, body)} />
      )}
    </section>
  );
}

// Dialogs: native <dialog> with showModal() keeps focus inside and closes on Escape.

function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} class="office-dialog" aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

function PhotoDialog({ url, label, onClose }: { url: string; label: string; onClose: () => void }) {
  const [zoom, setZoom] = useState(1);
  function onKey(event: KeyboardEvent) {
    if (event.key === '+' || event.key === '=') setZoom((z) => Math.min(4, z + 0.5));
    if (event.key === '-') setZoom((z) => Math.max(0.5, z - 0.5));
  }
  return (
    <Modal title={label} onClose={onClose}>
      <div class="office-zoom" tabIndex={0} onKeyDown={onKey}>
        <img src={url} alt={label} style={{ width: `${zoom * 100}%` }} />
      </div>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => setZoom((z) => Math.max(0.5, z - 0.5))}>{t('office.zoomOut')}</button>
        <button type="button" class="button button--secondary" onClick={() => setZoom((z) => Math.min(4, z + 0.5))}>{t('office.zoomIn')}</button>
        <button type="button" class="button" onClick={onClose}>{t('office.close')}</button>
      </div>
    </Modal>
  );
}

function useSubmit(onSend: (body: Record<string, unknown>) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  async function submit(event: Event, body: Record<string, unknown>) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onSend(body);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }
  return { busy, error, submit };
}

function Buttons({ busy, onClose }: { busy: boolean; onClose: () => void }) {
  return (
    <div class="form__actions">
      <button type="submit" class="button" disabled={busy}>{busy ? t('office.busy') : t('office.confirm')}</button>
      <button type="button" class="button button--secondary" onClick={onClose}>{t('office.cancel')}</button>
    </div>
  );
}

const NEEDS_REASON = ['refuse', 'stop', 'send_back'];

function ActionDialog({ dossier, action, onClose, onSend }: {
  dossier: Dossier; action: string; onClose: () => void; onSend: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { busy, error, submit } = useSubmit(onSend);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState('');
  const [assignee, setAssignee] = useState('');
  const [assignees, setAssignees] = useState<Agency[]>([]);
  const [agency, setAgency] = useState('');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [recipient, setRecipient] = useState(dossier.applicant.full_name ?? '');

  useEffect(() => {
    if (action === 'start') {
      void apiGet<{ id: string; full_name: string }[]>(`/api/office/dossiers/${dossier.id}/assignees`)
        .then((list) => setAssignees(list.map((a) => ({ code: a.id, name: a.full_name }))))
        .catch(() => undefined);
    }
    if (action === 'hand_over') {
      void apiGet<{ items: Agency[] }>('/api/catalog/agencies?level=province&limit=100')
        .then((page) => setAgencies(page.items.filter((a) => a.code !== dossier.agency_code)))
        .catch(() => undefined);
    }
  }, [action]);

  function body(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (note.trim()) out.note = note.trim();
    if (action === 'request_supplement') out.missing = missing.split('\n').map((s) => s.trim()).filter(Boolean);
    if (action === 'start' && assignee) out.assignee_id = assignee;
    if (action === 'hand_over') out.to_agency_code = agency;
    if (action === 'return_result') out.recipient_name = recipient;
    return out;
  }

  const reasonLabel = NEEDS_REASON.includes(action) ? t('office.reason') : action === 'request_supplement' ? t('office.message') : t('office.note');
  return (
    <Modal title={t(`action.${action}`)} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, body())}>
        {action === 'request_supplement' && (
          <>
            <label for="office-missing">{t('office.missing')}</label>
            <textarea id="office-missing" class="input" rows={3} value={missing} onInput={(e) => setMissing(e.currentTarget.value)} />
          </>
        )}
        {action === 'start' && (
          <>
            <label for="office-assignee">{t('office.assignee')}</label>
            <select id="office-assignee" class="input" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
              <option value="">—</option>
              {assignees.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
            </select>
          </>
        )}
        {action === 'hand_over' && (
          <>
            <label for="office-agency">{t('office.toAgency')}</label>
            <select id="office-agency" class="input" required value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
              <option value="">—</option>
              {agencies.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
            </select>
          </>
        )}
        {action === 'return_result' && (
          <>
            <label for="office-recipient">{t('office.recipient')}</label>
            <input id="office-recipient" class="input" required value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} />
          </>
        )}
        <label for="office-note">{reasonLabel}</label>
        <textarea id="office-note" class="input" rows={3} required={NEEDS_REASON.includes(action)} value={note}
          onInput={(e) => setNote(e.currentTarget.value)} />
        {error && <p class="status status--error" role="alert">{error}</p>}
        <Buttons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}

function ResultDialog({ dossier, onClose, onSend }: {
  dossier: Dossier; onClose: () => void; onSend: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { busy, error, submit } = useSubmit(onSend);
  const [title, setTitle] = useState(dossier.procedure_name);
  const [text, setText] = useState(`Cấp cho: ${dossier.applicant.full_name ?? ''}`);
  return (
    <Modal title={t('office.issueResult')} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, { title, body: text.split('\n').map((s) => s.trim()).filter(Boolean) })}>
        <label for="office-result-title">{t('office.resultTitle')}</label>
        <input id="office-result-title" class="input" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        <label for="office-result-body">{t('office.resultBody')}</label>
        <textarea id="office-result-body" class="input" rows={6} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
        {error && <p class="status status--error" role="alert">{error}</p>}
        <Buttons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}

function ApologyDialog({ onClose, onSend }: { onClose: () => void; onSend: (body: Record<string, unknown>) => Promise<void> }) {
  const { busy, error, submit } = useSubmit(onSend);
  const [reason, setReason] = useState('');
  const [day, setDay] = useState('');
  return (
    <Modal title={t('office.apology')} onClose={onClose}>
      <form class="form" onSubmit={(e) => void submit(e, { reason, new_due_date: day })}>
        <label for="office-apology-reason">{t('office.reason')}</label>
        <textarea id="office-apology-reason" class="input" rows={3} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        <label for="office-apology-date">{t('office.newDueDate')}</label>
        <input id="office-apology-date" class="input" type="date" required value={day} onInput={(e) => setDay(e.currentTarget.value)} />
        {error && <p class="status status--error" role="alert">{error}</p>}
        <Buttons busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
