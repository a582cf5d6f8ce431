// The submission outbox. "Nộp hồ sơ" writes {dossier_id, idempotency_key, action} here first, then
// flushes. A flush makes sure the draft and its photos are on the server, then submits with the
// entry's Idempotency-Key — replaying the same key is safe, so a flush may run any number of times.
// Pure logic over a Store and injected I/O, so the state transitions are unit-tested.
import type { Store } from './store';
import type { DossierDetail, OutboxAction, OutboxEntry } from './types';

/** What the network answered, reduced to what the outbox needs to decide. */
export interface Failure {
  /** 0 for no network. */
  status: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
}

export interface OutboxIO {
  /** Create/save the draft on the server if the phone has changes it lacks. */
  syncDraft(dossierId: string): Promise<void>;
  /** Upload every page photo still waiting on the phone. */
  uploadPages(dossierId: string): Promise<void>;
  submit(dossierId: string, action: OutboxAction, idempotencyKey: string): Promise<DossierDetail>;
  fetchDossier(dossierId: string): Promise<DossierDetail>;
  /** Turn whatever was thrown into a Failure. */
  failure(error: unknown): Failure;
  now(): number;
}

export type Outcome =
  | { kind: 'submitted'; dossierId: string; dossier: DossierDetail }
  /** Kept: no network or the server is unavailable; retried on the next flush. */
  | { kind: 'queued'; dossierId: string; message: string }
  /** Kept: pages are still being processed; retry shortly. */
  | { kind: 'waiting'; dossierId: string; message: string }
  /** Dropped: the server refused it for a reason the person must fix (incomplete dossier…). */
  | { kind: 'refused'; dossierId: string; failure: Failure };

export function isTransient(failure: Failure): boolean {
  return failure.status === 0 || failure.status === 408 || failure.status === 429 || failure.status >= 500;
}

export async function enqueue(store: Store, dossierId: string, idempotencyKey: string, action: OutboxAction, now: number): Promise<OutboxEntry> {
  const existing = await store.outbox.get(dossierId);
  if (existing && existing.action === action) return existing; // a second tap changes nothing
  const entry: OutboxEntry = {
    dossier_id: dossierId, idempotency_key: idempotencyKey, action, queued_at: now, attempts: 0, status: 'queued', last_error: null,
  };
  await store.outbox.put(entry);
  return entry;
}

/** Send one entry; its row is removed on a final answer and kept (with the attempt noted) otherwise. */
export async function flushEntry(store: Store, io: OutboxIO, entry: OutboxEntry): Promise<Outcome> {
  const id = entry.dossier_id;
  try {
    await io.syncDraft(id);
    await io.uploadPages(id);
    const dossier = await io.submit(id, entry.action, entry.idempotency_key);
    await store.outbox.delete(id);
    return { kind: 'submitted', dossierId: id, dossier };
  } catch (error) {
    const failure = io.failure(error);
    if (isTransient(failure) || failure.code === 'pages_processing' || failure.code === 'page_upload_pending') {
      const status = failure.code === 'pages_processing' ? 'waiting' : 'queued';
      await store.outbox.put({ ...entry, attempts: entry.attempts + 1, status, last_error: failure.message });
      return { kind: status, dossierId: id, message: failure.message };
    }
    if (failure.status === 409) {
      // Already submitted (e.g. by this very entry from another tab, or the key expired): the dossier says.
      try {
        const dossier = await io.fetchDossier(id);
        if (dossier.state !== 'draft' && dossier.state !== 'supplement_requested') {
          await store.outbox.delete(id);
          return { kind: 'submitted', dossierId: id, dossier };
        }
      } catch (fetchError) {
        const again = io.failure(fetchError);
        if (isTransient(again)) {
          await store.outbox.put({ ...entry, attempts: entry.attempts + 1, status: 'queued', last_error: again.message });
          return { kind: 'queued', dossierId: id, message: again.message };
        }
      }
    }
    await store.outbox.delete(id);
    return { kind: 'refused', dossierId: id, failure };
  }
}

/** Flush every entry, one at a time (the network of a cheap phone is not made faster by parallel calls). */
export async function flushAll(store: Store, io: OutboxIO, only?: string): Promise<Outcome[]> {
  const entries = (await store.outbox.all()).filter((e) => !only || e.dossier_id === only);
  entries.sort((a, b) => a.queued_at - b.queued_at);
  const outcomes: Outcome[] = [];
  for (const entry of entries) outcomes.push(await flushEntry(store, io, entry));
  return outcomes;
}
