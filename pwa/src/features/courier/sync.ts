// Runs the courier queue on this phone: flushes on start, on `online`, when the app comes back to the
// front, and after each step; one flush at a time (a request while one runs asks for another after it).
// Screens subscribe to the number of steps waiting and the last outcome.
import { ApiError, apiFetch } from '../../api';
import { t } from '../../i18n';
import type { CourierEvent, EventResults } from '../delivery/types';
import { enqueue, flush, type QueueIO, type Step } from './queue';
import { idbStore } from './store';

export interface SyncState {
  pending: number;
  syncing: boolean;
  /** Why the last flush could not send everything (offline…); null when it did. */
  error: string | null;
  /** Bumped after every flush, so screens re-read the round and the refusals. */
  version: number;
}

const io: QueueIO = {
  send: async (events: CourierEvent[]) =>
    (
      await apiFetch<EventResults>('/api/courier/events', {
        method: 'POST',
        body: JSON.stringify({ events }),
        headers: { 'Content-Type': 'application/json' },
      })
    ).results,
  uploadSlip: async (trackingCode: string, photo: Blob) =>
    (
      await apiFetch<{ slip_photo_id: string }>(`/api/courier/shipments/${encodeURIComponent(trackingCode)}/slip`, {
        method: 'POST',
        body: photo,
        headers: { 'Content-Type': photo.type || 'image/jpeg' },
      })
    ).slip_photo_id,
  failure: (error: unknown) =>
    error instanceof ApiError ? { status: error.status, message: error.message } : { status: 0, message: t('error.network') },
};

let state: SyncState = { pending: 0, syncing: false, error: null, version: 0 };
const listeners = new Set<(state: SyncState) => void>();
let running: Promise<void> | null = null;
let again = false;

function publish(change: Partial<SyncState>) {
  state = { ...state, ...change };
  listeners.forEach((listener) => listener(state));
}

export function subscribe(listener: (state: SyncState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

export function syncNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      publish({ syncing: true });
      try {
        publish({ pending: (await idbStore.events.all()).length });
        const report = await flush(idbStore, io, t('courier.refusedGeneric'));
        publish({ pending: report.kept, error: report.error, version: state.version + 1 });
      } catch {
        publish({ error: t('courier.storageError') }); // IndexedDB unavailable (private mode, storage full)
      }
    } while (again && navigator.onLine !== false);
    publish({ syncing: false });
    running = null;
  })();
  return running;
}

/** Queue a step (shown as taken at once) and try to send it. */
export async function takeStep(step: Step): Promise<void> {
  await enqueue(idbStore, step, new Date(), crypto.randomUUID());
  publish({ pending: (await idbStore.events.all()).length, version: state.version + 1 });
  void syncNow();
}

let started = false;

export function startSync(): void {
  if (started) return;
  started = true;
  addEventListener('online', () => void syncNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  void syncNow();
}
