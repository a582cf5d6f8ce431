// The courier's phone keeps three things in IndexedDB (via `idb`): the queue of steps not yet on the
// server (with a delivery slip's photo until it is uploaded), the server's refusals still to be shown, and
// the last round fetched, so the round opens with the network cut. `memoryStore()` is the same for tests.
import type { DBSchema, IDBPDatabase } from 'idb';
import type { CourierEvent, CourierHandover, CourierShipment } from '../delivery/types';

/** A step waiting to be sent: the event as the API takes it, its place in the queue, and the slip photo
 * still to upload before it (null once uploaded, its id then in `slip_photo_id`). */
export interface QueuedEvent extends CourierEvent {
  seq: number;
  slip: Blob | null;
}

/** A step the server refused, shown next to its shipment until the courier takes another step on it. */
export interface Refusal {
  tracking_code: string;
  action: CourierEvent['action'];
  message: string;
}

export interface Round {
  shipments: CourierShipment[];
  handovers: CourierHandover[];
  fetched_at: string;
}

export interface CourierStore {
  events: { all(): Promise<QueuedEvent[]>; put(event: QueuedEvent): Promise<void>; delete(key: string): Promise<void> };
  refusals: { all(): Promise<Refusal[]>; put(refusal: Refusal): Promise<void>; delete(trackingCode: string): Promise<void> };
  round: { get(): Promise<Round | undefined>; put(round: Round): Promise<void> };
}

interface CourierDB extends DBSchema {
  events: { key: string; value: QueuedEvent };
  refusals: { key: string; value: Refusal };
  round: { key: string; value: Round };
}

const ROUND_KEY = 'today';
let opening: Promise<IDBPDatabase<CourierDB>> | null = null;

function open(): Promise<IDBPDatabase<CourierDB>> {
  opening ??= import('idb').then(({ openDB }) =>
    openDB<CourierDB>('motcua-courier', 1, {
      upgrade(db) {
        db.createObjectStore('events', { keyPath: 'idempotency_key' });
        db.createObjectStore('refusals', { keyPath: 'tracking_code' });
        db.createObjectStore('round');
      },
    }),
  );
  return opening;
}

export const idbStore: CourierStore = {
  events: {
    all: async () => (await open()).getAll('events'),
    put: async (event) => void (await (await open()).put('events', event)),
    delete: async (key) => (await open()).delete('events', key),
  },
  refusals: {
    all: async () => (await open()).getAll('refusals'),
    put: async (refusal) => void (await (await open()).put('refusals', refusal)),
    delete: async (code) => (await open()).delete('refusals', code),
  },
  round: {
    get: async () => (await open()).get('round', ROUND_KEY),
    put: async (round) => void (await (await open()).put('round', round, ROUND_KEY)),
  },
};

export function memoryStore(): CourierStore & { eventRows: Map<string, QueuedEvent>; refusalRows: Map<string, Refusal> } {
  const eventRows = new Map<string, QueuedEvent>();
  const refusalRows = new Map<string, Refusal>();
  let round: Round | undefined;
  return {
    eventRows,
    refusalRows,
    events: {
      all: async () => [...eventRows.values()].map((e) => ({ ...e })),
      put: async (event) => void eventRows.set(event.idempotency_key, { ...event }),
      delete: async (key) => void eventRows.delete(key),
    },
    refusals: {
      all: async () => [...refusalRows.values()],
      put: async (refusal) => void refusalRows.set(refusal.tracking_code, { ...refusal }),
      delete: async (code) => void refusalRows.delete(code),
    },
    round: { get: async () => round, put: async (value) => void (round = value) },
  };
}
