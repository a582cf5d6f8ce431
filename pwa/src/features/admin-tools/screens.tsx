// #/quan-tri/lich, #/quan-tri/mau-thong-bao, #/quan-tri/nhat-ky: the administrator's working calendar (holidays,
// days off, make-up working days and their effect on a sample due date), the notification templates with their SMS
// segment counts, and the audit log filtered by person, dossier, action and days, exportable as CSV.
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../../api_schema/openapi';
import { apiGet, apiSend, messageOf } from '../../api';
import { isIsoDate, isoToDmy } from '../../dates';
import { DateInput } from '../../DateInput';
import { ErrorText } from '../../ErrorText';
import { formatDateTime, vietnamDay } from '../../format';
import { getLang, t } from '../../i18n';
import { usePages } from '../../usePages';
import { href } from '../../router';
import '../account/messages'; // role names
import type { AdminToolsRouteName } from './AdminToolsRoute';
import { calendarLines, dayWithWeekday, type CalendarLine } from './days';
import { KNOWN_ACTIONS } from './messages';
import './admin-tools.css';

type Schemas = components['schemas'];
type CalendarYear = Schemas['CalendarYear'];
type CalendarDay = Schemas['CalendarDay'];
type CalendarDueDate = Schemas['CalendarDueDate'];
type TemplatePreview = Schemas['TemplatePreview'];
type AuditEntry = Schemas['AuditEntry'];

export function AdminTools({ route }: { route: AdminToolsRouteName }) {
  return (
    <section class="page admin-tools" aria-labelledby="admin-tools-title">
      <a class="back-link" href={href.staffHome}>{t('adminTools.back')}</a>
      {route.name === 'adminCalendar' && <CalendarScreen />}
      {route.name === 'adminTemplates' && <TemplatesScreen />}
      {route.name === 'adminAudit' && <AuditScreen />}
    </section>
  );
}

// ---- the working calendar --------------------------------------------------------------------------

function CalendarScreen() {
  const [year, setYear] = useState(() => Number(vietnamDay().slice(0, 4)));
  const [calendar, setCalendar] = useState<CalendarYear | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0); // bumped on every change, so the sample is recomputed

  useEffect(() => {
    setCalendar(null);
    apiGet<CalendarYear>(`/api/admin/calendar/?year=${year}`).then(setCalendar, (e: unknown) => setError(messageOf(e)));
  }, [year, version]);

  const changed = (message: string, day?: string) => {
    setNotice(message);
    setError(null);
    if (day) setYear(Number(day.slice(0, 4)));
    setVersion((n) => n + 1);
  };

  const remove = (day: string) => {
    const date = isoToDmy(day);
    if (!confirm(t('calendar.removeConfirm', { date }))) return;
    apiSend<void>('DELETE', `/api/admin/calendar/${day}`).then(() => changed(t('calendar.removed', { date })), (e: unknown) => setError(messageOf(e)));
  };

  return (
    <>
      <h1 id="admin-tools-title">{t('calendar.title', { year })}</h1>
      <p class="hint">{t('calendar.intro')}</p>
      <nav class="admin-tools-years" aria-label={t('calendar.years')}>
        <button class="button button--secondary" type="button" onClick={() => setYear(year - 1)}>{t('calendar.previous', { year: year - 1 })}</button>
        <button class="button button--secondary" type="button" onClick={() => setYear(year + 1)}>{t('calendar.next', { year: year + 1 })}</button>
      </nav>
      {error && <ErrorText message={error} />}
      {notice && <p class="status status--ok" role="status">{notice}</p>}
      <div class="admin-tools-columns">
        <div>
          {!calendar && !error && <p class="status" role="status">{t('calendar.loading')}</p>}
          {calendar && <CalendarTable year={year} lines={calendarLines(calendar.holidays, calendar.items)} onRemove={remove} />}
        </div>
        <div>
          <AdjustmentForm onSaved={(day, kind) => changed(t('calendar.added', { date: isoToDmy(day), kind: t(`calendar.${kind}`).toLowerCase() }), day)} />
          <SampleDueDate version={version} />
        </div>
      </div>
    </>
  );
}

function CalendarTable({ year, lines, onRemove }: { year: number; lines: CalendarLine[]; onRemove: (day: string) => void }) {
  const en = getLang() === 'en';
  return (
    <table class="admin-tools-table">
      <caption>{t('calendar.caption', { year })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('calendar.day')}</th>
          <th scope="col">{t('calendar.kind')}</th>
          <th scope="col">{t('calendar.name')}</th>
          <th scope="col">{t('calendar.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={`${line.day}-${line.source}`} data-day={line.day} class={`admin-tools-day admin-tools-day--${line.source === 'holiday' ? 'holiday' : line.adjustment.kind}`}>
            <th scope="row">{dayWithWeekday(line.day)}</th>
            <td>{line.source === 'holiday' ? t('calendar.holiday') : t(`calendar.${line.adjustment.kind}`)}</td>
            <td>{line.source === 'holiday' ? (en ? line.holiday.name_en : line.holiday.name) : line.adjustment.note}</td>
            <td>
              {line.source === 'adjustment' && (
                <button class="button button--secondary button--small" type="button" aria-label={t('calendar.remove', { date: isoToDmy(line.day) })} onClick={() => onRemove(line.day)}>
                  {t('calendar.removeShort')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AdjustmentForm({ onSaved }: { onSaved: (day: string, kind: CalendarDay['kind']) => void }) {
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<CalendarDay['kind']>('working_day');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = (event: Event) => {
    event.preventDefault();
    if (!isIsoDate(day)) return setError(t('calendar.badDay'));
    apiSend<CalendarDay>('PUT', `/api/admin/calendar/${day}`, { kind, note: note.trim() }).then(
      (saved) => { setError(null); setDay(''); setNote(''); onSaved(saved.day, saved.kind); },
      (e: unknown) => setError(messageOf(e)),
    );
  };

  return (
    <form class="admin-tools-form" onSubmit={save}>
      <fieldset>
        <legend>{t('calendar.addTitle')}</legend>
        <label for="calendar-day">{t('calendar.addDay')}</label>
        <DateInput id="calendar-day" class="input" value={day} onValue={setDay} required />
        <label for="calendar-kind">{t('calendar.addKind')}</label>
        <select id="calendar-kind" class="input" value={kind} onChange={(e) => setKind(e.currentTarget.value as CalendarDay['kind'])}>
          <option value="working_day">{t('calendar.working_day')}</option>
          <option value="day_off">{t('calendar.day_off')}</option>
        </select>
        <label for="calendar-note">{t('calendar.addNote')}</label>
        <input id="calendar-note" class="input" maxLength={300} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        {error && <ErrorText message={error} />}
        <button class="button" type="submit">{t('calendar.add')}</button>
      </fieldset>
    </form>
  );
}

function SampleDueDate({ version }: { version: number }) {
  const [received, setReceived] = useState(() => vietnamDay());
  const [days, setDays] = useState('5');
  const [sample, setSample] = useState<CalendarDueDate | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!isIsoDate(received) || !/^\d{1,3}$/.test(days)) return;
    const controller = new AbortController();
    const query = new URLSearchParams({ received, days });
    apiGet<CalendarDueDate>(`/api/admin/calendar/due-date?${query}`, controller.signal).then(
      (answer) => { setSample(answer); setError(null); },
      (e: unknown) => { if (!controller.signal.aborted) { setSample(null); setError(messageOf(e)); } },
    );
    return () => controller.abort();
  }, [received, days, version]);

  return (
    <section class="admin-tools-sample" aria-labelledby="calendar-sample-title">
      <h2 id="calendar-sample-title">{t('calendar.sampleTitle')}</h2>
      <p class="hint">{t('calendar.sampleHint')}</p>
      <div class="admin-tools-inline">
        <label>
          {t('calendar.sampleReceived')}
          <DateInput class="input" value={received} onValue={setReceived} />
        </label>
        <label>
          {t('calendar.sampleDays')}
          <input class="input input--short" type="number" inputMode="numeric" min={0} max={365} value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
      </div>
      <div role="status" aria-live="polite">
        {error && <ErrorText message={error} />}
        {sample && (
          <>
            <p class="admin-tools-sample__result" data-due={sample.due_date}>
              {t('calendar.sample', { received: dayWithWeekday(sample.received_on), days: sample.working_days, due: dayWithWeekday(sample.due_date) })}
            </p>
            <p class="hint">
              {sample.skipped.length ? t('calendar.skipped', { days: sample.skipped.map(dayWithWeekday).join('; ') }) : t('calendar.noneSkipped')}
            </p>
          </>
        )}
      </div>
    </section>
  );
}

// ---- notification templates ------------------------------------------------------------------------

const SINGLE_SEGMENT = { gsm7: 160, ucs2: 70 } as const;

function TemplatesScreen() {
  const [previews, setPreviews] = useState<TemplatePreview[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [language, setLanguage] = useState<'vi' | 'en' | 'both'>('both');

  useEffect(() => { apiGet<TemplatePreview[]>('/api/admin/notification-templates').then(setPreviews, (e: unknown) => setError(messageOf(e))); }, []);
  const shown = previews?.filter((p) => language === 'both' || p.language === language) ?? [];

  return (
    <>
      <h1 id="admin-tools-title">{t('templates.title')}</h1>
      <p class="hint">{t('templates.intro')}</p>
      <label for="templates-language">{t('templates.language')}</label>{' '}
      <select id="templates-language" class="input input--inline" value={language} onChange={(e) => setLanguage(e.currentTarget.value as typeof language)}>
        <option value="both">{t('templates.both')}</option>
        <option value="vi">{t('templates.lang.vi')}</option>
        <option value="en">{t('templates.lang.en')}</option>
      </select>
      {error && <ErrorText message={error} />}
      {!previews && !error && <p class="status" role="status">{t('templates.loading')}</p>}
      {previews && (
        <table class="admin-tools-table admin-tools-templates">
          <caption>{t('templates.caption', { n: shown.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templates.event')}</th>
              <th scope="col">{t('templates.push')}</th>
              <th scope="col">{t('templates.sms')}</th>
              <th scope="col">{t('templates.segments')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p, i) => {
              const over = p.sms_segments > 1;
              return (
                <tr key={i} data-kind={p.kind} data-language={p.language}>
                  <th scope="row">
                    <code>{p.kind}</code> · {t(`templates.lang.${p.language}`)}
                    <dl class="admin-tools-sample-values">
                      {Object.entries(p.sample).filter(([, v]) => v !== null && v !== '').map(([k, v]) => (
                        <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
                      ))}
                    </dl>
                    {p.legally_required && <span class="badge">{t('templates.required')}</span>}
                  </th>
                  <td>{p.push_title ? <><strong>{p.push_title}</strong><br />{p.push_body}</> : <span class="hint">{t('templates.noPush')}</span>}</td>
                  <td><span class="admin-tools-sms" lang={p.language}>{p.sms}</span></td>
                  <td class="admin-tools-segments">
                    <strong class={over ? 'admin-tools-over' : undefined}>{t('templates.segmentCount', { n: p.sms_segments })}</strong>
                    {over && <span class="badge badge--warning"> {t('templates.over')}</span>}
                    <br />
                    <small>{t('templates.units', { encoding: p.sms_encoding === 'gsm7' ? 'GSM-7' : 'UCS-2', units: p.sms_units, limit: SINGLE_SEGMENT[p.sms_encoding] })}</small>
                    {p.sms_encoding === 'gsm7' && (
                      <>
                        <br />
                        <small class={p.sms_unicode_segments > 1 ? 'admin-tools-over' : undefined}>{t('templates.unicode', { n: p.sms_unicode_segments })}</small>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

// ---- the audit log ---------------------------------------------------------------------------------

type AuditFilters = { actor: string; dossier: string; action: string; from: string; to: string };
const NO_FILTERS: AuditFilters = { actor: '', dossier: '', action: '', from: '', to: '' };

function auditQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value.trim()) query.set(name, value.trim());
  return query;
}

function actionWords(action: string): string {
  return KNOWN_ACTIONS.includes(action) ? t(`audit.action.${action}`) : action;
}

function AuditScreen() {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const { items, next, error, setItems, setError, load: loadPage } = usePages<AuditEntry>();

  const load = (filters: AuditFilters, before: string | null) => {
    const query = auditQuery(filters);
    query.set('limit', '50');
    if (before) query.set('before', before);
    void loadPage(`/api/admin/audit?${query}`, before !== null);
  };
  useEffect(() => load(applied, null), [applied]);

  const apply = (filters: AuditFilters) => {
    if ((filters.from && !isIsoDate(filters.from)) || (filters.to && !isIsoDate(filters.to))) return setError(t('audit.badDay'));
    setDraft(filters);
    setItems(null);
    setApplied(filters);
  };
  const set = (name: keyof AuditFilters) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const csv = `/api/admin/audit/export.csv?${auditQuery(applied)}`;

  return (
    <>
      <h1 id="admin-tools-title">{t('audit.title')}</h1>
      <p class="hint">{t('audit.intro')}</p>
      <form class="admin-tools-form admin-tools-filters" role="search" aria-label={t('audit.filters')} onSubmit={(e) => { e.preventDefault(); apply(draft); }}>
        <label>{t('audit.actor')}<input class="input" maxLength={100} value={draft.actor} onInput={(e) => set('actor')(e.currentTarget.value)} /></label>
        <label>{t('audit.dossier')}<input class="input" maxLength={100} value={draft.dossier} onInput={(e) => set('dossier')(e.currentTarget.value)} /></label>
        <label>
          {t('audit.action')}
          <input class="input" maxLength={100} list="audit-actions" value={draft.action} onInput={(e) => set('action')(e.currentTarget.value)} />
        </label>
        <datalist id="audit-actions">
          {['dossier.', 'staff.', 'citizen.', 'calendar.', 'payment.', ...KNOWN_ACTIONS].map((a) => <option key={a} value={a}>{a.endsWith('.') ? a : actionWords(a)}</option>)}
        </datalist>
        <label>{t('audit.from')}<DateInput class="input" value={draft.from} onValue={set('from')} /></label>
        <label>{t('audit.to')}<DateInput class="input" value={draft.to} onValue={set('to')} /></label>
        <div class="admin-tools-inline">
          <button class="button" type="submit">{t('audit.apply')}</button>
          <button class="button button--secondary" type="button" onClick={() => apply(NO_FILTERS)}>{t('audit.clear')}</button>
          <a class="button button--secondary" href={csv} download>{t('audit.csv')}</a>
        </div>
      </form>
      {error && <ErrorText message={error} />}
      {items === null && !error && <p class="status" role="status">{t('audit.loading')}</p>}
      {items?.length === 0 && <p role="status">{t('audit.empty')}</p>}
      {items && items.length > 0 && (
        <table class="admin-tools-table">
          <caption>{t('audit.caption', { n: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.object')}</th>
              <th scope="col">{t('audit.where')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => <AuditRow key={entry.id} entry={entry} onFilter={(change) => apply({ ...NO_FILTERS, ...change })} />)}
          </tbody>
        </table>
      )}
      {next && <button class="button button--secondary" type="button" onClick={() => load(applied, next)}>{t('audit.more')}</button>}
    </>
  );
}

function AuditRow({ entry, onFilter }: { entry: AuditEntry; onFilter: (change: Partial<AuditFilters>) => void }) {
  const who = entry.actor_name || entry.actor_label || t('audit.anonymous');
  const objectKind = entry.object_type ? t(`audit.object.${entry.object_type}`) : '';
  const objectName = entry.object_label || entry.object_id;
  return (
    <tr data-action={entry.action}>
      <td>{formatDateTime(entry.at)}</td>
      <td>
        {entry.actor_label ? (
          <button class="link-button" type="button" aria-label={t('audit.byPerson', { name: who })} onClick={() => onFilter({ actor: entry.actor_label ?? '' })}>{who}</button>
        ) : who}
        <br />
        <small>{[entry.actor_role && t(`role.${entry.actor_role}`), entry.actor_name && entry.actor_label].filter(Boolean).join(' · ')}</small>
      </td>
      <td>{actionWords(entry.action)}<br /><small><code>{entry.action}</code></small></td>
      <td>
        {objectKind && <>{objectKind}{objectName ? ': ' : ''}</>}
        {entry.object_type === 'dossier' && entry.object_id ? (
          <button class="link-button" type="button" aria-label={t('audit.byDossier', { code: objectName ?? '' })} onClick={() => onFilter({ dossier: entry.object_label || entry.object_id || '' })}>{objectName}</button>
        ) : entry.object_type === 'calendar_day' && entry.object_id ? isoToDmy(entry.object_id) : objectName}
      </td>
      <td>{entry.ip ?? ''}</td>
    </tr>
  );
}
