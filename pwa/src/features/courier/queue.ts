// The courier's offline queue. Every step (picked up, delivered, failed…) is written here first, with
// its own Idempotency key and the phone's time, and shown as done at once; a flush sends what is queued,
// oldest first, in one POST /api/courier/events, after uploading any delivery slip photo its event needs.
// The server orders by device time and answers each event: "applied" and "duplicate" (an earlier flush
// already got through) both mean done; "refused" drops the event and keeps the server's words to show
// beside the shipment. No answer at all (offline, 5xx, a lapsed session) keeps everything for next time.
// Pure logic over a CourierStore and injected I/O, so it is unit-tested.
import type { CourierEvent, EventProblem, EventResult } from '../delivery/types';
import type { CourierStore, QueuedEvent, Refusal } from './store';

export interface Failure {
  /** 0 for no network. */
  status: number;
  message: string;
}

export interface QueueIO {
  send(events: CourierEvent[]): Promise<EventResult[]>;
  uploadSlip(trackingCode: string, photo: Blob): Promise<string>;
  /** Turn whatever was thrown into a Failure. */
  failure(error: unknown): Failure;
}

export interface Step {
  tracking_code: string;
  action: CourierEvent['action'];
  recipient_code?: string;
  reason?: string;
  slip?: Blob | null;
}

export interface FlushReport {
  done: number;
  refused: Refusal[];
  /** Still queued after this flush. */
  kept: number;
  /** Why the queue could not be sent (null when the server answered). */
  error: string | null;
}

/** Worth trying again later unchanged: no network, the server busy or away, the session to renew. */
export function isTransient(failure: Failure): boolean {
  return failure.status === 0 || failure.status === 401 || failure.status === 408 || failure.status === 429 || failure.status >= 500;
}

export async function queued(store: CourierStore): Promise<QueuedEvent[]> {
  return (await store.events.all()).sort((a, b) => a.seq - b.seq);
}

/** Queue a step; a refusal shown for that shipment is cleared, as the courier has moved on. */
export async function enqueue(store: CourierStore, step: Step, now: Date, key: string): Promise<QueuedEvent> {
  const last = (await queued(store)).at(-1);
  const event: QueuedEvent = {
    idempotency_key: key,
    tracking_code: step.tracking_code,
    action: step.action,
    device_time: now.toISOString(),
    ...(step.recipient_code ? { recipient_code: step.recipient_code } : {}),
    ...(step.reason ? { reason: step.reason } : {}),
    seq: (last?.seq ?? 0) + 1,
    slip: step.slip ?? null,
  };
  await store.events.put(event);
  await store.refusals.delete(step.tracking_code);
  return event;
}

function wire({ seq: _seq, slip: _slip, ...event }: QueuedEvent): CourierEvent {
  return event;
}

function problemWords(problem: EventProblem | null): string {
  return problem?.detail || problem?.title || '';
}

async function refuse(store: CourierStore, event: QueuedEvent, message: string): Promise<Refusal> {
  const refusal: Refusal = { tracking_code: event.tracking_code, action: event.action, message };
  await store.events.delete(event.idempotency_key);
  await store.refusals.put(refusal);
  return refusal;
}

/** Upload the slip photos of queued events, in order. Returns the events ready to send (those before the
 * first upload that could not be made now) and the ones refused on the way. */
async function uploadSlips(store: CourierStore, io: QueueIO, events: QueuedEvent[]) {
  const ready: QueuedEvent[] = [];
  const refused: Refusal[] = [];
  for (const event of events) {
    if (event.slip) {
      try {
        const slipPhotoId = await io.uploadSlip(event.tracking_code, event.slip);
        Object.assign(event, { slip: null, slip_photo_id: slipPhotoId });
        await store.events.put(event);
      } catch (error) {
        const failure = io.failure(error);
        if (isTransient(failure)) return { ready, refused, error: failure.message };
        refused.push(await refuse(store, event, failure.message));
        continue;
      }
    }
    ready.push(event);
  }
  return { ready, refused, error: null };
}

export async function flush(store: CourierStore, io: QueueIO, fallbackMessage: string): Promise<FlushReport> {
  const events = await queued(store);
  if (events.length === 0) return { done: 0, refused: [], kept: 0, error: null };
  const uploads = await uploadSlips(store, io, events);
  const refused = [...uploads.refused];
  let done = 0;
  let error = uploads.error;
  if (uploads.ready.length > 0) {
    try {
      const results = await io.send(uploads.ready.map(wire));
      const byKey = new Map(results.map((r) => [r.idempotency_key, r]));
      for (const event of uploads.ready) {
        const result = byKey.get(event.idempotency_key);
        if (!result) continue; // not answered: kept for the next flush
        if (result.outcome === 'refused') refused.push(await refuse(store, event, problemWords(result.problem) || fallbackMessage));
        else {
          await store.events.delete(event.idempotency_key);
          done++;
        }
      }
    } catch (thrown) {
      error = io.failure(thrown).message;
    }
  }
  return { done, refused, kept: (await store.events.all()).length, error };
}
