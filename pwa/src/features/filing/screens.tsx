// The filing screen: applicant, the procedure's form, delivery, document photos, fee, submit.
// Everything typed is saved on the phone at once and on the server shortly after (engine.ts);
// photos are compressed on the device before upload. Loaded lazily by FilingRoute.
import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiGet, apiSend, hasSession, messageOf } from '../../api';
import { formatVnd } from '../../format';
import { t } from '../../i18n';
import { useUnits } from '../../units';
import { href, rememberReturn } from '../../router';
import { compressPhoto } from '../photos/compress';
import type { PhotoWarning } from '../photos/quality';
import * as engine from './engine';
import { formErrors, withAnswer, type FormField } from './formRules';
import { SupplementRequestBox, supplementRound } from './supplement';
import { uuidv7 } from './uuid';
import type { Outcome } from './outbox';
import type {
  Applicant, Delivery, DocumentSlot, DossierDetail, LocalDraft, LocalPage, OutboxEntry, PageOut,
  ProcedureDetail, WalletDocument,
} from './types';
import './filing.css';
import './messages';


function ErrorText({ message }: { message: string }) {
  return (
    <p class="status status--error" role="alert">
      {message}
    </p>
  );
}

// Starting: #/thu-tuc/{code}/nop

export function FilingStart({ code }: { code: string }) {
  const [error, setError] = useState('');
  useEffect(() => {
    if (!hasSession()) {
      rememberReturn(location.hash);
      location.hash = href.signIn;
      return;
    }
    (async () => {
      try {
        const existing = await engine.openDraftFor(code);
        const draft =
          existing ?? (await engine.newLocalDraft(await apiGet<ProcedureDetail>(`/api/catalog/procedures/${encodeURIComponent(code)}`)));
        location.replace(href.editDossier(draft.id));
      } catch (err) {
        setError(messageOf(err));
      }
    })();
  }, [code]);
  return (
    <section class="page">
      <a class="back-link" href={href.procedure(code)}>
        ← {t('filing.back')}
      </a>
      <h1>{t('filing.title')}</h1>
      {error ? <ErrorText message={error} /> : <p class="status" role="status">{t('filing.loading')}</p>}
    </section>
  );
}

// Data for the screen


/** A draft opened on this phone for the first time (e.g. from "Hồ sơ của tôi") is rebuilt from the server. */
async function loadDraft(id: string): Promise<LocalDraft | undefined> {
  const local = await engine.store.drafts.get(id);
  if (local) return local;
  const server = await apiGet<DossierDetail>(`/api/dossiers/${id}`);
  const draft: LocalDraft = {
    id, procedure_code: server.procedure_code, procedure: null, commune_code: null, applicant: server.applicant,
    form: server.form, delivery: server.delivery, idempotency_key: uuidv7(), revision: 0, synced_revision: 0,
    server, sync_error: null, updated_at: Date.now(),
  };
  await engine.store.drafts.put(draft);
  return draft;
}

interface ViewPage {
  id: string;
  position: number;
  local?: LocalPage;
  server?: PageOut;
}

function slotsOf(draft: LocalDraft): DocumentSlot[] {
  if (draft.server) return draft.server.documents;
  return (draft.procedure?.documents ?? []).map((d) => ({
    code: d.code, name: d.name, required: d.required !== false, copies: d.copies, original_needed_at_counter: d.original_needed_at_counter,
    wallet_type: d.reusable_from_wallet ?? null, pages: [], reused_wallet_document_id: null, complete: false,
  }));
}

function pagesOf(slot: DocumentSlot, local: LocalPage[]): ViewPage[] {
  const pages = new Map<string, ViewPage>();
  for (const page of slot.pages) pages.set(page.id, { id: page.id, position: page.position, server: page });
  for (const page of local) {
    if (page.document_code !== slot.code) continue;
    const known = pages.get(page.id);
    pages.set(page.id, { id: page.id, position: page.position, server: known?.server, local: page });
  }
  return [...pages.values()].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

function hasUsablePage(pages: ViewPage[]): boolean {
  return pages.some((p) => (p.server ? p.server.status !== 'failed' : p.local?.status !== 'failed'));
}

// The screen: #/ho-so/{id}/nop

type Notice =
  | { kind: 'none' }
  | { kind: 'submitting' }
  | { kind: 'queued'; message?: string }
  | { kind: 'waiting' }
  | { kind: 'refused'; message: string; errors: string[] }
  | { kind: 'problems'; errors: string[] };

/** In supplement mode (#/ho-so/{id}/bo-sung) the same screen adds pages to a dossier the agency sent
 * back, under the officer's request, and "Nộp bổ sung" resubmits it through the outbox. */
export function FilingScreen({ id, supplement = false }: { id: string; supplement?: boolean }) {
  const [draft, setDraft] = useState<LocalDraft | null>(null);
  const [pages, setPages] = useState<LocalPage[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [loadError, setLoadError] = useState('');
  const [actionError, setActionError] = useState('');
  const [notice, setNotice] = useState<Notice>({ kind: 'none' });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [attempted, setAttempted] = useState(false);
  const [wallet, setWallet] = useState<WalletDocument[]>([]);
  const [syncing, setSyncing] = useState(false);
  const [resubmitted, setResubmitted] = useState(false);

  /** The server copy may be older than the request on this phone: fetch it, and key this round. */
  async function prepareSupplement() {
    await loadDraft(id);
    const fresh = navigator.onLine ? await engine.refreshDossier(id).catch(() => undefined) : undefined;
    const server = fresh ?? (await engine.store.drafts.get(id))?.server;
    const round = server ? supplementRound(server) : null;
    if (round) {
      await engine.updateDraft(id, (d) => (d.resubmit_round === round && d.resubmit_key ? d : { ...d, resubmit_round: round, resubmit_key: uuidv7() }));
    }
  }

  async function reload() {
    try {
      const loaded = await loadDraft(id);
      if (!loaded) return setLoadError(t('error.notFound'));
      // Keystrokes not yet written to IndexedDB win over the copy just read.
      setDraft((current) =>
        current && current.id === loaded.id && current.revision > loaded.revision
          ? { ...loaded, form: current.form, applicant: current.applicant, delivery: current.delivery, commune_code: current.commune_code, revision: current.revision }
          : loaded,
      );
      setPages(await engine.store.pages.of(id));
      const queued: OutboxEntry | undefined = await engine.queuedEntry(id);
      if (queued) setNotice((n) => (n.kind === 'none' ? { kind: queued.status === 'waiting' ? 'waiting' : 'queued' } : n));
    } catch (err) {
      setLoadError(messageOf(err));
    }
  }

  useEffect(() => {
    if (!hasSession()) {
      rememberReturn(location.hash);
      location.hash = href.signIn;
      return;
    }
    const first = supplement ? prepareSupplement().catch(() => undefined) : Promise.resolve();
    void first.then(reload).then(async () => {
      engine.startBackground();
      if (!navigator.onLine) return;
      setSyncing(true);
      await engine.syncAll(id).catch(() => undefined);
      setSyncing(false);
      apiGet<{ items: WalletDocument[] }>('/api/wallet').then((w) => setWallet(w.items), () => undefined);
    });
    const onOutcome = (outcome: Outcome) => {
      if (outcome.dossierId !== id) return;
      if (outcome.kind === 'submitted') {
        setNotice({ kind: 'none' });
        if (supplement) setResubmitted(true);
      } else if (outcome.kind === 'queued') setNotice({ kind: 'queued' });
      else if (outcome.kind === 'waiting') setNotice({ kind: 'waiting' });
      else setNotice({ kind: 'refused', message: outcome.failure.message, errors: (outcome.failure.errors ?? []).map((e) => e.message) });
    };
    return engine.subscribe((change) => {
      if (change.kind === 'progress') {
        if (change.dossierId === id) setProgress((p) => ({ ...p, [change.pageId]: change.fraction }));
        return;
      }
      if (change.kind === 'outcome') onOutcome(change.outcome);
      else if (change.dossierId !== id) return;
      void reload();
    });
  }, [id, supplement]);

  // While the server is still normalising pages, look again shortly.
  const processing = draft?.server?.documents.some((d) => d.pages.some((p) => p.status === 'processing')) ?? false;
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => void engine.refreshDossier(id).catch(() => undefined), 1500);
    return () => clearInterval(timer);
  }, [processing, id]);

  const back = supplement ? { href: href.dossier(id), label: t('supplement.back') } : undefined;
  if (loadError) return <Shell code={null} back={back}><ErrorText message={loadError} /></Shell>;
  if (!draft) return <Shell code={null} back={back}><p class="status" role="status">{t('filing.loading')}</p></Shell>;

  const server = draft.server;
  if (supplement) {
    if (server && server.state !== 'supplement_requested') return <Resubmitted dossier={server} done={resubmitted} />;
  } else if (server?.code && server.state !== 'draft') return <Submitted dossier={server} />;

  const definition: FormField[] = server?.form_definition ?? draft.procedure?.form ?? [];
  const clientErrors = formErrors(definition, draft.form);
  const synced = server !== null && draft.synced_revision >= draft.revision;
  const serverErrors = synced ? server.form_errors : [];
  const slots = slotsOf(draft);
  const applicant: Applicant = draft.applicant ?? {};
  const procedureName = server?.procedure_name ?? draft.procedure?.name ?? draft.procedure_code;
  const resultByPost = draft.procedure?.result_by_post ?? true;

  function edit(change: engine.DraftEdit) {
    setDraft((current) => (current ? { ...current, ...change, revision: current.revision + 1 } : current));
    void engine.editDraft(id, change);
  }

  function problems(): string[] {
    const list = clientErrors.map((e) => e.message);
    if (!applicant.full_name?.trim()) list.unshift(t('filing.nameRequired'));
    if (applicant.cccd && !/^\d{12}$/.test(applicant.cccd)) list.push(t('filing.cccdInvalid'));
    const d = draft!.delivery;
    if (d.method === 'post' && !(d.province_code && d.commune_code && d.street?.trim())) list.push(t('filing.addressMissing'));
    for (const slot of slots) {
      const own = pagesOf(slot, pages);
      if (slot.required && !slot.reused_wallet_document_id && !hasUsablePage(own)) list.push(`chưa có ảnh “${slot.name}”`);
    }
    return list;
  }

  async function submit() {
    setAttempted(true);
    const found = problems();
    if (found.length) return setNotice({ kind: 'problems', errors: found });
    setNotice({ kind: 'submitting' });
    const sent = supplement
      ? engine.submitDossier({ ...draft!, idempotency_key: draft!.resubmit_key ?? uuidv7() }, 'resubmit')
      : engine.submitDossier(draft!);
    const outcome = await sent.catch((err: unknown) => ({
      kind: 'refused' as const, dossierId: id, failure: engine.failureOf(err),
    }));
    if (!outcome) return setNotice({ kind: 'queued' });
    if (outcome.kind === 'submitted') {
      if (supplement) setResubmitted(true);
      return void reload();
    }
    if (outcome.kind === 'queued') return setNotice({ kind: 'queued' });
    if (outcome.kind === 'waiting') return setNotice({ kind: 'waiting' });
    setNotice({ kind: 'refused', message: outcome.failure.message, errors: (outcome.failure.errors ?? []).map((e) => e.message) });
  }

  async function sendAgain() {
    setNotice({ kind: 'submitting' });
    const outcomes = await engine.flushOutbox(true);
    if (!outcomes.some((o) => o.dossierId === id)) setNotice({ kind: 'none' });
  }

  async function discard() {
    if (!confirm(t('filing.discardConfirm'))) return;
    try {
      if (draft!.server) await apiSend<void>('DELETE', `/api/dossiers/${id}`);
      for (const page of pages) await engine.store.pages.delete(page.id);
      await engine.store.drafts.delete(id);
      await engine.store.outbox.delete(id);
      location.hash = href.procedure(draft!.procedure_code);
    } catch (err) {
      setActionError(messageOf(err));
    }
  }

  const fieldError = (name: string) => {
    if (!touched[name] && !attempted) return undefined;
    return clientErrors.find((e) => e.field === name)?.message ?? serverErrors.find((e) => e.field === name)?.message;
  };
  const touch = (name: string) => setTouched((x) => (x[name] ? x : { ...x, [name]: true }));
  const pendingSync = draft.revision > draft.synced_revision || pages.some((p) => p.status === 'pending');

  return (
    <Shell code={draft.procedure_code} back={back}>
      <h1 class="filing-title">
        {supplement ? t('supplement.title') : t('filing.title')}
        <small>{procedureName}</small>
      </h1>
      {supplement && server && (
        <>
          <p>
            {t('dossiers.code')}: <strong class="dossier-code-inline">{server.code}</strong>
          </p>
          <SupplementRequestBox dossier={server}>
            <p class="hint">{t('supplement.hint')}</p>
          </SupplementRequestBox>
        </>
      )}
      <p class="status save-state" role="status" aria-live="polite">
        {syncing ? t('filing.saving') : pendingSync ? (navigator.onLine ? t('filing.savedLocal') : t('filing.notSynced')) : t('filing.savedServer')}
      </p>
      {draft.sync_error && draft.sync_error.code !== 'commune_required' && <ErrorText message={draft.sync_error.message} />}

      {(draft.sync_error?.code === 'commune_required' || draft.commune_code) && !server && (
        <PlacePicker draft={draft} onChange={(commune_code) => edit({ commune_code })} />
      )}
      {server && <p class="hint">{t('filing.agency', { name: server.agency_name })}</p>}

      <fieldset class="filing-section">
        <legend>{t('filing.applicant')}</legend>
        <ApplicantFields applicant={applicant} showErrors={attempted} onChange={(a) => edit({ applicant: a })} />
      </fieldset>

      {definition.length > 0 && (
        <fieldset class="filing-section">
          <legend>{t('filing.form')}</legend>
          {definition.map((field) => (
            <FormInput
              key={field.name}
              field={field}
              value={draft.form[field.name]}
              error={fieldError(field.name)}
              onInput={(text) => {
                touch(field.name);
                edit({ form: withAnswer(draft.form, field, text) });
              }}
              onBlur={() => touch(field.name)}
            />
          ))}
        </fieldset>
      )}

      <section class="filing-section" aria-labelledby="documents-title">
        <h2 id="documents-title">{t('filing.documents')}</h2>
        {slots.map((slot) => (
          <DocumentBlock
            key={slot.code}
            dossierId={id}
            slot={slot}
            pages={pagesOf(slot, pages)}
            progress={progress}
            wallet={wallet.filter((w) => slot.wallet_type && w.document_type === slot.wallet_type)}
            canUseServer={server !== null}
            onError={setActionError}
          />
        ))}
      </section>

      {resultByPost && (
        <DeliveryFields delivery={draft.delivery} applicant={applicant} onChange={(delivery) => edit({ delivery })} />
      )}

      <section class="filing-section" aria-labelledby="fee-title">
        <h2 id="fee-title">{t('filing.fee')}</h2>
        {server?.fee ? (
          <>
            <p class="fee-total">{server.fee.total === 0 ? t('filing.free') : formatVnd(server.fee.total)}</p>
            {server.fee.lines.length > 1 && (
              <ul class="fee-lines">
                {server.fee.lines.map((line) => (
                  <li key={line.label}>
                    {line.label}: {formatVnd(line.amount)}
                  </li>
                ))}
              </ul>
            )}
            <p class="hint">{server.fee.explanation}</p>
          </>
        ) : (
          <p class="hint">{t('filing.feeUnknown')}</p>
        )}
      </section>

      {actionError && <ErrorText message={actionError} />}
      <div class="submit-area" aria-live="polite">
        {notice.kind === 'problems' && <ProblemList title={t('filing.fixFirst')} items={notice.errors} />}
        {notice.kind === 'refused' && <ProblemList title={notice.message} items={notice.errors} />}
        {notice.kind === 'queued' && (
          <div class="queued" role="status">
            <p>{t('filing.queued')}</p>
            <button class="button button--secondary" type="button" onClick={sendAgain}>
              {t('filing.sendAgain')}
            </button>
          </div>
        )}
        {notice.kind === 'waiting' && <p class="status" role="status">{t('filing.waiting')}</p>}
        {notice.kind === 'submitting' && <p class="status" role="status">{t('filing.submitting')}</p>}
      </div>
      <button class="button button--submit" type="button" disabled={notice.kind === 'submitting'} onClick={submit}>
        {supplement ? t('supplement.submit') : t('filing.submit')}
      </button>
      {!supplement && (
        <p>
          <button class="button button--secondary" type="button" onClick={discard}>
            {t('filing.discard')}
          </button>
        </p>
      )}
    </Shell>
  );
}

function Shell({ code, back, children }: { code: string | null; back?: { href: string; label: string }; children: ComponentChildren }) {
  return (
    <section class="page filing">
      <a class="back-link" href={back?.href ?? (code ? href.procedure(code) : href.dossiers)}>
        ← {back?.label ?? (code ? t('filing.back') : t('dossiers.back'))}
      </a>
      {children}
    </section>
  );
}

function ProblemList({ title, items }: { title: string; items: string[] }) {
  return (
    <div class="status status--error" role="alert">
      <p>{title}</p>
      {items.length > 0 && (
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Submitted({ dossier }: { dossier: DossierDetail }) {
  return (
    <section class="page filing submitted" aria-labelledby="submitted-title">
      <h1 id="submitted-title">{t('filing.done')}</h1>
      <p>{dossier.procedure_name}</p>
      <p class="code-label">{t('filing.codeLabel')}</p>
      <p class="dossier-code" role="status">
        {(dossier.code ?? '').split('-').map((part, i) => (
          <Fragment key={i}>
            {i > 0 && '-'}
            {i > 0 && <wbr />}
            {part}
          </Fragment>
        ))}
      </p>
      <p class="hint">{t('filing.codeHint')}</p>
      <p>{t('filing.agency', { name: dossier.agency_name })}</p>
      <a class="button" href={href.dossiers}>
        {t('filing.myDossiers')}
      </a>
      <p>
        <a href={href.home}>{t('notFound.back')}</a>
      </p>
    </section>
  );
}

function Resubmitted({ dossier, done }: { dossier: DossierDetail; done: boolean }) {
  return (
    <section class="page filing submitted" aria-labelledby="resubmitted-title">
      <a class="back-link" href={href.dossier(dossier.id)}>
        ← {t('supplement.back')}
      </a>
      <h1 id="resubmitted-title">{done ? t('supplement.done') : t('supplement.title')}</h1>
      <p>{dossier.procedure_name}</p>
      <p class="code-label">{t('filing.codeLabel')}</p>
      <p class="dossier-code">{dossier.code}</p>
      <p role="status">{done ? t('supplement.doneHint') : t('supplement.notNeeded')}</p>
      <p>
        {t('dossiers.state')}: {dossier.state_words}
      </p>
      <a class="button" href={href.dossier(dossier.id)}>
        {t('supplement.view')}
      </a>
    </section>
  );
}

// Parts of the form

function PlacePicker({ draft, onChange }: { draft: LocalDraft; onChange: (commune: string | null) => void }) {
  const [province, setProvince] = useState('');
  const provinces = useUnits('/api/catalog/provinces?limit=100');
  const communes = useUnits(province ? `/api/catalog/provinces/${province}/communes?limit=500` : null);
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.placeTitle')}</legend>
      <p class="hint">{t('filing.placeHint')}</p>
      <label for="place-province">{t('filing.province')}</label>
      <select id="place-province" class="input" value={province} onChange={(e) => setProvince(e.currentTarget.value)}>
        <option value="">{t('filing.choose')}</option>
        {provinces.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        ))}
      </select>
      <label for="place-commune">{t('filing.commune')}</label>
      <select
        id="place-commune"
        class="input"
        value={draft.commune_code ?? ''}
        disabled={!province}
        onChange={(e) => onChange(e.currentTarget.value || null)}
      >
        <option value="">{t('filing.choose')}</option>
        {communes.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

function ApplicantFields({ applicant, showErrors, onChange }: { applicant: Applicant; showErrors: boolean; onChange: (a: Applicant) => void }) {
  const set = (key: keyof Applicant, value: string) => {
    const next = { ...applicant };
    if (value.trim()) next[key] = value;
    else delete next[key];
    onChange(next);
  };
  const nameMissing = showErrors && !applicant.full_name?.trim();
  const cccdBad = !!applicant.cccd && applicant.cccd.length === 12 && !/^\d{12}$/.test(applicant.cccd);
  return (
    <>
      <label for="applicant-name">{t('filing.fullName')} <span class="req">({t('filing.required')})</span></label>
      <input
        id="applicant-name"
        class="input"
        autocomplete="name"
        maxLength={200}
        aria-invalid={nameMissing}
        aria-describedby={nameMissing ? 'applicant-name-error' : undefined}
        value={applicant.full_name ?? ''}
        onInput={(e) => set('full_name', e.currentTarget.value)}
      />
      {nameMissing && (
        <p id="applicant-name-error" class="field-error">
          {t('filing.nameRequired')}
        </p>
      )}
      <label for="applicant-cccd">{t('filing.cccd')}</label>
      <input
        id="applicant-cccd"
        class="input"
        inputMode="numeric"
        maxLength={12}
        aria-invalid={cccdBad}
        value={applicant.cccd ?? ''}
        onInput={(e) => set('cccd', e.currentTarget.value.replace(/\D/g, ''))}
      />
      <label for="applicant-dob">{t('filing.dob')}</label>
      <input id="applicant-dob" class="input" type="date" value={applicant.date_of_birth ?? ''} onInput={(e) => set('date_of_birth', e.currentTarget.value)} />
      <label for="applicant-phone">{t('filing.phone')}</label>
      <input id="applicant-phone" class="input" type="tel" inputMode="tel" autocomplete="tel" maxLength={32} value={applicant.phone ?? ''} onInput={(e) => set('phone', e.currentTarget.value)} />
    </>
  );
}

function FormInput(props: { field: FormField; value: unknown; error?: string; onInput: (text: string) => void; onBlur: () => void }) {
  const { field, value, error } = props;
  const id = `form-${field.name}`;
  const text = value === undefined || value === null ? '' : String(value);
  const common = {
    id,
    class: 'input',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'aria-required': field.required || undefined,
    onBlur: props.onBlur,
  };
  let input;
  if (field.type === 'choice') {
    input = (
      <select {...common} value={text} onChange={(e) => props.onInput(e.currentTarget.value)}>
        <option value="">{t('filing.choose')}</option>
        {(field.choices ?? []).map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'address') {
    input = <textarea {...common} rows={2} maxLength={500} value={text} onInput={(e) => props.onInput(e.currentTarget.value)} />;
  } else {
    input = (
      <input
        {...common}
        type={field.type === 'date' ? 'date' : 'text'}
        inputMode={field.type === 'integer' ? 'numeric' : undefined}
        maxLength={field.type === 'text' ? 500 : undefined}
        value={text}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {field.label}
        {field.required && <span class="req"> ({t('filing.required')})</span>}
      </label>
      {input}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function DeliveryFields({ delivery, applicant, onChange }: { delivery: Delivery; applicant: Applicant; onChange: (d: Delivery) => void }) {
  const provinces = useUnits(delivery.method === 'post' ? '/api/catalog/provinces?limit=100' : null);
  const communes = useUnits(delivery.method === 'post' && delivery.province_code ? `/api/catalog/provinces/${delivery.province_code}/communes?limit=500` : null);
  const set = (change: Partial<Delivery>) => onChange({ ...delivery, ...change });
  return (
    <fieldset class="filing-section">
      <legend>{t('filing.delivery')}</legend>
      <label class="choice">
        <input type="radio" name="delivery" checked={delivery.method !== 'post'} onChange={() => onChange({ method: 'counter' })} />
        {t('filing.deliveryCounter')}
      </label>
      <label class="choice">
        <input
          type="radio"
          name="delivery"
          checked={delivery.method === 'post'}
          onChange={() =>
            onChange({
              method: 'post',
              recipient_name: applicant.full_name ?? null,
              phone: applicant.phone ?? null,
              province_code: applicant.province_code ?? null,
              commune_code: applicant.commune_code ?? null,
              street: applicant.street ?? null,
            })
          }
        />
        {t('filing.deliveryPost')}
      </label>
      {delivery.method === 'post' && (
        <div class="delivery-address">
          <label for="delivery-name">{t('filing.recipient')}</label>
          <input id="delivery-name" class="input" maxLength={200} value={delivery.recipient_name ?? ''} onInput={(e) => set({ recipient_name: e.currentTarget.value })} />
          <label for="delivery-phone">{t('filing.recipientPhone')}</label>
          <input id="delivery-phone" class="input" type="tel" inputMode="tel" maxLength={32} value={delivery.phone ?? ''} onInput={(e) => set({ phone: e.currentTarget.value })} />
          <label for="delivery-province">{t('filing.province')}</label>
          <select id="delivery-province" class="input" value={delivery.province_code ?? ''} onChange={(e) => set({ province_code: e.currentTarget.value || null, commune_code: null })}>
            <option value="">{t('filing.choose')}</option>
            {provinces.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
          <label for="delivery-commune">{t('filing.commune')}</label>
          <select id="delivery-commune" class="input" value={delivery.commune_code ?? ''} disabled={!delivery.province_code} onChange={(e) => set({ commune_code: e.currentTarget.value || null })}>
            <option value="">{t('filing.choose')}</option>
            {communes.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
          <label for="delivery-street">{t('filing.street')}</label>
          <input id="delivery-street" class="input" maxLength={200} value={delivery.street ?? ''} onInput={(e) => set({ street: e.currentTarget.value })} />
          <p class="hint">{t('filing.postage')}</p>
        </div>
      )}
    </fieldset>
  );
}

// Photos

interface Review {
  blob: Blob;
  url: string;
  warnings: PhotoWarning[];
  replacing?: string;
}

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : undefined), [blob]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

function PhotoInput(props: { label: string; capture: boolean; multiple?: boolean; onFiles: (files: File[]) => void; class?: string }) {
  return (
    <label class={props.class ?? 'button button--secondary photo-button'}>
      {props.label}
      <input
        class="visually-hidden"
        type="file"
        accept={props.capture ? 'image/*' : 'image/*,.heic,.heif'}
        capture={props.capture ? 'environment' : undefined}
        multiple={props.multiple}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = ''; // the same file can be picked again
          if (files.length) props.onFiles(files);
        }}
      />
    </label>
  );
}

function DocumentBlock(props: {
  dossierId: string;
  slot: DocumentSlot;
  pages: ViewPage[];
  progress: Record<string, number>;
  wallet: WalletDocument[];
  canUseServer: boolean;
  onError: (message: string) => void;
}) {
  const { slot, pages, dossierId } = props;
  const [reviews, setReviews] = useState<Review[]>([]);
  const [compressing, setCompressing] = useState(false);
  const headingId = `doc-${slot.code}`;
  const reusedTitle = props.wallet.find((w) => w.id === slot.reused_wallet_document_id)?.title;
  const complete = slot.reused_wallet_document_id !== null || hasUsablePage(pages);

  async function take(files: File[], replacing?: string) {
    setCompressing(true);
    try {
      for (const file of files) {
        const photo = await compressPhoto(file);
        if (photo.warnings.length) {
          setReviews((r) => [...r, { blob: photo.blob, url: URL.createObjectURL(photo.blob), warnings: photo.warnings, replacing }]);
        } else {
          await engine.addPage(dossierId, slot.code, photo.blob, [], replacing);
        }
        replacing = undefined; // only the first file replaces the page
      }
    } catch (err) {
      props.onError(messageOf(err));
    } finally {
      setCompressing(false);
    }
  }

  async function accept(review: Review) {
    setReviews((r) => r.filter((x) => x !== review));
    URL.revokeObjectURL(review.url);
    await engine.addPage(dossierId, slot.code, review.blob, review.warnings, review.replacing).catch((e: unknown) => props.onError(messageOf(e)));
  }

  function reject(review: Review) {
    setReviews((r) => r.filter((x) => x !== review));
    URL.revokeObjectURL(review.url);
  }

  const run = (action: () => Promise<void>) => () => void action().catch((e: unknown) => props.onError(messageOf(e)));
  const order = pages.map((p) => p.id);

  return (
    <section class="doc-slot" aria-labelledby={headingId} data-document={slot.code}>
      <h3 id={headingId}>
        {slot.name}
        {!slot.required && <small> ({t('filing.optional')})</small>}
      </h3>
      <p class={complete ? 'doc-state doc-state--ok' : 'doc-state'}>{complete ? t('filing.docComplete') : t('filing.docMissing')}</p>
      {slot.reused_wallet_document_id ? (
        <div class="reuse">
          <p>{reusedTitle ? t('filing.reused', { title: reusedTitle }) : t('filing.reusedShort')}</p>
          <button class="button button--secondary" type="button" onClick={run(() => engine.reuseFromWallet(dossierId, slot.code, null))}>
            {t('filing.stopReuse')}
          </button>
        </div>
      ) : (
        props.canUseServer &&
        props.wallet.map((w) => (
          <button key={w.id} class="button button--secondary reuse-button" type="button" onClick={run(() => engine.reuseFromWallet(dossierId, slot.code, w.id))}>
            {t('filing.reuse', { title: w.title })}
          </button>
        ))
      )}
      {pages.length > 0 && (
        <ol class="pages">
          {pages.map((page, index) => (
            <PageItem
              key={page.id}
              page={page}
              n={index + 1}
              docName={slot.name}
              progress={props.progress[page.id]}
              first={index === 0}
              last={index === pages.length - 1}
              onMove={(delta) => run(() => engine.movePage(dossierId, slot.code, order, page.id, delta))()}
              onDelete={run(() => engine.removePage(dossierId, page.id))}
              onRetake={(files) => void take(files, page.id)}
              onRetry={run(() => engine.retryPage(dossierId, page.id))}
            />
          ))}
        </ol>
      )}
      {reviews.map((review) => (
        <div class="photo-review" role="alert" key={review.url}>
          <img src={review.url} alt="" />
          <div>
            <p class="photo-review__title">{t('filing.warnTitle')}</p>
            <ul>
              {review.warnings.map((w) => (
                <li key={w}>{t(`filing.warn.${w}`)}</li>
              ))}
            </ul>
            <div class="form__actions">
              <button class="button" type="button" onClick={() => void accept(review)}>
                {t('filing.useAnyway')}
              </button>
              <PhotoInput
                label={t('filing.retake')}
                capture
                onFiles={(files) => {
                  reject(review);
                  void take(files, review.replacing);
                }}
              />
            </div>
          </div>
        </div>
      ))}
      {compressing && <p class="status" role="status">{t('filing.compressing')}</p>}
      <div class="photo-actions">
        <PhotoInput label={t('filing.takePhoto')} capture onFiles={(files) => void take(files)} class="button photo-button" />
        <PhotoInput label={t('filing.fromGallery')} capture={false} multiple onFiles={(files) => void take(files)} />
      </div>
    </section>
  );
}

function PageItem(props: {
  page: ViewPage;
  n: number;
  docName: string;
  progress?: number;
  first: boolean;
  last: boolean;
  onMove: (delta: number) => void;
  onDelete: () => void;
  onRetake: (files: File[]) => void;
  onRetry: () => void;
}) {
  const { page, n } = props;
  const localUrl = useObjectUrl(page.local?.blob);
  const src = localUrl ?? page.server?.thumbnail_url ?? undefined;
  const local = page.local;
  let state: string;
  let error: string | null = null;
  if (local?.status === 'failed') {
    state = t('filing.pageFailed');
    error = local.error;
  } else if (local?.status === 'pending') state = props.progress !== undefined ? t('filing.pageUploading') : t('filing.pagePending');
  else if (page.server?.status === 'ready') state = t('filing.pageReady');
  else if (page.server?.status === 'failed') {
    state = t('filing.pageFailed');
    error = page.server.failure;
  } else state = t('filing.pageProcessing');
  const uploading = local?.status === 'pending';
  const ready = page.server?.status === 'ready';
  return (
    <li class="page-item" data-page-status={ready ? 'ready' : error ? 'failed' : uploading ? 'uploading' : 'processing'}>
      {src ? <img class="page-item__thumb" src={src} alt={t('filing.page', { n })} /> : <span class="page-item__thumb" />}
      <div class="page-item__body">
        <p class="page-item__title">
          {t('filing.page', { n })} — <span>{state}</span>
        </p>
        {uploading && (
          <progress max={1} value={props.progress ?? 0} aria-label={t('filing.progress', { n, doc: props.docName })} />
        )}
        {error && <p class="field-error">{error}</p>}
        <div class="page-item__actions">
          <button class="button button--small" type="button" disabled={props.first} aria-label={t('filing.moveUp', { n })} onClick={() => props.onMove(-1)}>
            ↑ {t('filing.up')}
          </button>
          <button class="button button--small" type="button" disabled={props.last} aria-label={t('filing.moveDown', { n })} onClick={() => props.onMove(1)}>
            ↓ {t('filing.down')}
          </button>
          <PhotoInput label={t('filing.retake')} capture onFiles={props.onRetake} class="button button--small" />
          {local?.status === 'failed' && (
            <button class="button button--small" type="button" onClick={props.onRetry}>
              {t('filing.retry')}
            </button>
          )}
          <button class="button button--small button--danger" type="button" aria-label={t('filing.deletePage', { n })} onClick={props.onDelete}>
            {t('filing.delete')}
          </button>
        </div>
      </div>
    </li>
  );
}

