// The phone side of filing: local drafts and photos in IndexedDB, synced to the server whenever
// online (the server copy is the archive), page uploads with progress, and the outbox flush with its
// triggers (app start, `online`, becoming visible, "Gửi lại"). Screens subscribe to changes.
import { actingFor } from '../../acting';
import { ApiError, apiGet, apiFetch, apiSend } from '../../api';
import { isIsoDate } from '../../dates';
import { t } from '../../i18n';
import type { PhotoWarning } from '../photos/quality';
import { isCccd } from './formRules';
import { enqueue, flushAll, type Failure, type OutboxIO, type Outcome } from './outbox';
import { idbStore, type Store } from './store';
import type { Applicant, DossierDetail, LocalDraft, LocalPage, OutboxAction, OutboxEntry, ProcedureDetail } from './types';
import { uploadWithRetry } from './upload';
import { uuidv7 } from './uuid';

const store: Store = idbStore;

// Change notifications

export type Change =
  | { kind: 'draft'; dossierId: string }
  | { kind: 'pages'; dossierId: string }
  | { kind: 'progress'; dossierId: string; pageId: string; fraction: number }
  | { kind: 'outcome'; outcome: Outcome };

const listeners = new Set<(change: Change) => void>();

export function subscribe(listener: (change: Change) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(change: Change): void {
  listeners.forEach((listener) => listener(change));
}

export function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) {
    const errors = (error.problem as { errors?: Failure['errors'] }).errors;
    return { status: error.status, code: error.code, message: error.message, errors };
  }
  if (error instanceof TypeError) return { status: 0, code: 'network_error', message: t('error.network') };
  return { status: 0, code: 'unknown', message: error instanceof Error ? error.message : String(error) };
}

// Drafts

export async function newLocalDraft(procedure: ProcedureDetail): Promise<LocalDraft> {
  const draft: LocalDraft = {
    id: uuidv7(), procedure_code: procedure.code, procedure, commune_code: null, applicant: null, form: {},
    delivery: { method: 'counter', postage_payment: 'with_fee' }, idempotency_key: uuidv7(), revision: 1, synced_revision: 0, server: null,
    sync_error: null, updated_at: Date.now(), acting_token: actingFor()?.token,
  };
  await store.drafts.put(draft);
  return draft;
}

/** The draft as kept on this phone; one opened here for the first time (e.g. from "Hồ sơ của tôi") is
 * rebuilt from the server's copy. */
export async function openDraft(id: string): Promise<LocalDraft> {
  const local = await store.drafts.get(id);
  if (local) return local;
  const server = await apiGet<DossierDetail>(`/api/dossiers/${id}`);
  const draft: LocalDraft = {
    id, procedure_code: server.procedure_code, procedure: null, commune_code: server.commune_code, applicant: server.applicant,
    form: server.form, delivery: server.delivery, idempotency_key: uuidv7(), revision: 0, synced_revision: 0,
    server, sync_error: null, updated_at: Date.now(),
  };
  await store.drafts.put(draft);
  return draft;
}

/** "Xoá bản nháp": the server's draft when it has one, then every row this phone keeps for it. */
export async function discardDraft(id: string): Promise<void> {
  if ((await store.drafts.get(id))?.server) await apiSend<void>('DELETE', `/api/dossiers/${id}`);
  for (const page of await store.pages.of(id)) await store.pages.delete(page.id);
  await store.drafts.delete(id);
  await store.outbox.delete(id);
}

/** The request round of a supplement: the time of the latest request, so each round gets its own key. */
export function supplementRound(dossier: DossierDetail): string | null {
  if (dossier.supplement) return dossier.supplement.requested_at;
  const asked = [...dossier.timeline].reverse().find((e) => e.action === 'request_supplement');
  return asked?.at ?? null;
}

/** Give this supplement round its own Idempotency-Key for "Nộp bổ sung" (kept across reloads of the
 * round). The server copy may be older than the request on this phone, so it is fetched first. */
export async function prepareResubmit(id: string): Promise<void> {
  await openDraft(id);
  const fresh = navigator.onLine ? await refreshDossier(id).catch(() => undefined) : undefined;
  const server = fresh ?? (await store.drafts.get(id))?.server;
  const round = server ? supplementRound(server) : null;
  if (!round) return;
  await updateDraft(id, (d) => (d.resubmit_round === round && d.resubmit_key ? d : { ...d, resubmit_round: round, resubmit_key: uuidv7() }));
}

/** A draft of this procedure not yet submitted (nor queued), to continue instead of starting over. */
export async function openDraftFor(procedureCode: string): Promise<LocalDraft | undefined> {
  const queued = new Set((await store.outbox.all()).map((e) => e.dossier_id));
  // A helper's device keeps drafts of several people: continue only one started for the person helped now.
  const acting = actingFor()?.token;
  const drafts = (await store.drafts.all()).filter(
    (d) => d.procedure_code === procedureCode && !queued.has(d.id) && (!d.server || d.server.state === 'draft')
      && d.acting_token === acting,
  );
  return drafts.sort((a, b) => b.updated_at - a.updated_at)[0];
}

export type DraftEdit = Partial<Pick<LocalDraft, 'commune_code' | 'applicant' | 'form' | 'delivery'>>;

/** Save what was typed on the phone at once; the server gets it shortly after (debounced). */
export async function editDraft(id: string, edit: DraftEdit): Promise<LocalDraft | undefined> {
  const next = await updateDraft(id, (draft) => ({ ...draft, ...edit, revision: draft.revision + 1, updated_at: Date.now() }));
  if (next) scheduleSync(id);
  return next;
}

const draftWrites = new Map<string, Promise<unknown>>();

/** Read-modify-write of one draft, serialised so a keystroke and a server answer never overwrite each other. */
export function updateDraft(id: string, change: (draft: LocalDraft) => LocalDraft): Promise<LocalDraft | undefined> {
  const previous = draftWrites.get(id) ?? Promise.resolve();
  const write = previous
    .catch(() => undefined)
    .then(async () => {
      const draft = await store.drafts.get(id);
      if (!draft) return undefined;
      const next = change(draft);
      await store.drafts.put(next);
      return next;
    });
  draftWrites.set(id, write);
  void write.finally(() => {
    if (draftWrites.get(id) === write) draftWrites.delete(id);
  });
  return write;
}

const syncTimers = new Map<string, ReturnType<typeof setTimeout>>();

export function scheduleSync(id: string, delayMs = 800): void {
  clearTimeout(syncTimers.get(id));
  syncTimers.set(
    id,
    setTimeout(() => {
      syncTimers.delete(id);
      if (navigator.onLine) void syncAll(id).catch(() => undefined);
    }, delayMs),
  );
}

async function adoptServer(id: string, server: DossierDetail, sentRevision?: number): Promise<void> {
  await updateDraft(id, (draft) => ({
    ...draft,
    server,
    applicant: draft.applicant ?? server.applicant,
    commune_code: draft.commune_code ?? server.commune_code,
    synced_revision: sentRevision ?? draft.synced_revision,
    sync_error: null,
  }));
  emit({ kind: 'draft', dossierId: id });
}

const inFlight = new Map<string, Promise<void>>();

function single(key: string, run: () => Promise<void>): Promise<void> {
  const running = inFlight.get(key);
  if (running) return running.catch(() => undefined).then(() => single(key, run));
  const promise = run().finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}

function dropBlanks<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')),
  ) as T;
}

/** What the server accepts of a half-typed applicant: a CCCD or date only once complete (kept on the phone meanwhile). */
export function cleanApplicant(applicant: Applicant): Applicant {
  const clean = dropBlanks(applicant);
  if (clean.cccd && !isCccd(clean.cccd)) delete clean.cccd;
  if (clean.date_of_birth && !isIsoDate(clean.date_of_birth)) delete clean.date_of_birth;
  return clean;
}

/** PUT the draft if the server lacks what the phone has (creating it under the phone's id). */
export function syncDraft(id: string): Promise<void> {
  return single(`draft:${id}`, async () => {
    const draft = await store.drafts.get(id);
    if (!draft) throw new ApiError({ status: 404, code: 'draft_missing', title: t('error.notFound') });
    if (draft.server && draft.synced_revision >= draft.revision) return;
    if (draft.server && draft.server.state !== 'draft' && draft.server.state !== 'supplement_requested') return;
    const sent = draft.revision;
    try {
      const server = await apiSend<DossierDetail>('PUT', `/api/dossiers/${id}`, {
        procedure_code: draft.procedure_code,
        commune_code: draft.commune_code ?? undefined,
        applicant: draft.applicant ? cleanApplicant(draft.applicant) : undefined,
        form: draft.form,
        delivery: dropBlanks(draft.delivery),
      });
      await adoptServer(id, server, sent);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status >= 400 && failure.status < 500) {
        await updateDraft(id, (current) => ({ ...current, sync_error: { code: failure.code, message: failure.message } }));
        emit({ kind: 'draft', dossierId: id });
      }
      throw error;
    }
  });
}

export async function refreshDossier(id: string): Promise<DossierDetail> {
  const server = await apiGet<DossierDetail>(`/api/dossiers/${id}`);
  await adoptServer(id, server);
  return server;
}

// Pages

export function localPages(dossierId: string): Promise<LocalPage[]> {
  return store.pages.of(dossierId);
}

export async function addPage(dossierId: string, documentCode: string, blob: Blob, warnings: PhotoWarning[], replacing?: LocalPage | string): Promise<void> {
  const pages = await store.pages.of(dossierId);
  const draft = await store.drafts.get(dossierId);
  const serverPositions = draft?.server?.documents.find((d) => d.code === documentCode)?.pages.map((p) => p.position) ?? [];
  const positions = [...pages.filter((p) => p.document_code === documentCode).map((p) => p.position), ...serverPositions];
  let position = positions.length ? Math.max(...positions) + 1 : 0;
  if (replacing) {
    const old = typeof replacing === 'string' ? replacing : replacing.id;
    const oldPosition = pages.find((p) => p.id === old)?.position ?? draft?.server?.documents.flatMap((d) => d.pages).find((p) => p.id === old)?.position;
    if (oldPosition !== undefined) position = oldPosition;
    await removePage(dossierId, old);
  }
  await store.pages.put({ id: uuidv7(), dossier_id: dossierId, document_code: documentCode, position, blob, status: 'pending', error: null, warnings });
  emit({ kind: 'pages', dossierId });
  scheduleSync(dossierId, 0);
}

export async function removePage(dossierId: string, pageId: string): Promise<void> {
  const local = await store.pages.get(pageId);
  const draft = await store.drafts.get(dossierId);
  const onServer = local?.status === 'uploaded' || draft?.server?.documents.some((d) => d.pages.some((p) => p.id === pageId));
  if (onServer) await apiSend<void>('DELETE', `/api/dossiers/${dossierId}/pages/${pageId}`);
  await store.pages.delete(pageId);
  emit({ kind: 'pages', dossierId });
  if (onServer) await refreshDossier(dossierId).catch(() => undefined);
}

/** Swap a page with its neighbour (`delta` −1 up, +1 down) among the document's pages. */
export async function movePage(dossierId: string, documentCode: string, orderedIds: string[], pageId: string, delta: number): Promise<void> {
  const index = orderedIds.indexOf(pageId);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= orderedIds.length) return;
  const order = [...orderedIds];
  [order[index], order[target]] = [order[target], order[index]];
  for (const [position, id] of order.entries()) {
    const local = await store.pages.get(id);
    if (local) await store.pages.put({ ...local, position });
  }
  emit({ kind: 'pages', dossierId });
  const draft = await store.drafts.get(dossierId);
  const serverIds = new Set(draft?.server?.documents.find((d) => d.code === documentCode)?.pages.map((p) => p.id) ?? []);
  const onServer = order.filter((id) => serverIds.has(id));
  if (onServer.length > 1) {
    await apiSend<void>('PUT', `/api/dossiers/${dossierId}/documents/${encodeURIComponent(documentCode)}/order`, { page_ids: onServer });
    await refreshDossier(dossierId);
  }
}

/** Upload every pending page of the dossier as soon as the server has the draft, whatever the draft
 * still lacks (the draft is created on the server first; a refused save stops nothing already there). */
export function uploadPages(dossierId: string): Promise<void> {
  return single(`pages:${dossierId}`, async () => {
    const pending = (await store.pages.of(dossierId)).filter((p) => p.status === 'pending').sort((a, b) => a.position - b.position);
    if (pending.length === 0) return;
    try {
      await syncDraft(dossierId);
    } catch (error) {
      if (!(await store.drafts.get(dossierId))?.server) throw error;
    }
    for (const page of pending) {
      const url = `/api/dossiers/${dossierId}/documents/${encodeURIComponent(page.document_code)}/pages/${page.id}?position=${page.position}`;
      try {
        await uploadWithRetry(url, page.blob, {
          onProgress: (fraction) => emit({ kind: 'progress', dossierId, pageId: page.id, fraction }),
        });
        const current = await store.pages.get(page.id);
        if (current) await store.pages.put({ ...current, status: 'uploaded', error: null });
      } catch (error) {
        const failure = failureOf(error);
        if (failure.status === 0 || failure.status >= 500) {
          emit({ kind: 'pages', dossierId });
          throw error; // the network: kept pending, retried later
        }
        const current = await store.pages.get(page.id);
        if (current) await store.pages.put({ ...current, status: 'failed', error: failure.message });
      }
      emit({ kind: 'pages', dossierId });
    }
    await refreshDossier(dossierId).catch(() => undefined);
  });
}

export async function retryPage(dossierId: string, pageId: string): Promise<void> {
  const page = await store.pages.get(pageId);
  if (page) await store.pages.put({ ...page, status: 'pending', error: null });
  emit({ kind: 'pages', dossierId });
  await syncAll(dossierId);
}

/** Draft then photos (photos even when the save was refused); throws when the network is missing
 * so callers can say so. */
export async function syncAll(dossierId: string): Promise<void> {
  const refused = await syncDraft(dossierId).then(() => null, (error: unknown) => error ?? new Error('sync failed'));
  await uploadPages(dossierId);
  if (refused) throw refused;
}

// Wallet

export async function reuseFromWallet(dossierId: string, documentCode: string, walletDocumentId: string | null): Promise<void> {
  const path = `/api/dossiers/${dossierId}/documents/${encodeURIComponent(documentCode)}/reuse`;
  if (walletDocumentId) await apiSend<void>('PUT', path, { wallet_document_id: walletDocumentId });
  else await apiSend<void>('DELETE', path);
  await refreshDossier(dossierId);
}

// Outbox

const io: OutboxIO = {
  syncDraft,
  uploadPages,
  submit: (id, action, key) =>
    apiFetch<DossierDetail>(`/api/dossiers/${id}/${action}`, { method: 'POST', headers: { 'Idempotency-Key': key } }),
  fetchDossier: (id) => apiGet<DossierDetail>(`/api/dossiers/${id}`),
  failure: failureOf,
  now: () => Date.now(),
};

let flushing: Promise<Outcome[]> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

async function settle(outcome: Outcome): Promise<void> {
  if (outcome.kind === 'submitted') {
    const id = outcome.dossierId;
    await updateDraft(id, (draft) => ({ ...draft, server: outcome.dossier }));
    // The server has every page now; the phone's copies were only a buffer.
    for (const page of await store.pages.of(id)) await store.pages.delete(page.id);
  }
  emit({ kind: 'outcome', outcome });
}

/** Flush the outbox (one flush at a time); pages still processing are retried shortly after. */
export async function flushOutbox(fresh = false): Promise<Outcome[]> {
  while (flushing) {
    if (!fresh) return flushing;
    await flushing.catch(() => undefined);
  }
  clearTimeout(retryTimer);
  flushing = (async () => {
    const outcomes = await flushAll(store, io);
    for (const outcome of outcomes) await settle(outcome);
    const waiting = outcomes.some((o) => o.kind === 'waiting');
    const queued = outcomes.some((o) => o.kind === 'queued');
    if (waiting) retryTimer = setTimeout(() => void flushOutbox(), 1500);
    else if (queued) retryTimer = setTimeout(() => void flushOutbox(), 10_000); // cheap when offline: fails at once
    return outcomes;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

/** Queue the submission (a resubmission uses the key of its supplement round) and flush at once. */
export async function submitDossier(draft: LocalDraft, action: OutboxAction = 'submit'): Promise<Outcome | undefined> {
  const key = action === 'resubmit' ? (draft.resubmit_key ?? uuidv7()) : draft.idempotency_key;
  await enqueue(store, draft.id, key, action, Date.now());
  const outcomes = await flushOutbox(true);
  return outcomes.find((o) => o.dossierId === draft.id);
}

export async function queuedEntry(dossierId: string): Promise<OutboxEntry | undefined> {
  return store.outbox.get(dossierId);
}

let started = false;

/** Flush on start, when the network returns and when the app becomes visible; sync unsent drafts. */
export function startBackground(): void {
  if (started) return;
  started = true;
  const kick = () => {
    if (!navigator.onLine) return;
    void (async () => {
      for (const draft of await store.drafts.all()) {
        const editable = !draft.server || draft.server.state === 'draft' || draft.server.state === 'supplement_requested';
        if (editable && !(await store.outbox.get(draft.id))) scheduleSync(draft.id, 0);
      }
      await flushOutbox();
    })().catch(() => undefined);
  };
  addEventListener('online', kick);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') kick();
  });
  kick();
}
