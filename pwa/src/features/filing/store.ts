// A thin store over IndexedDB (via `idb`): drafts, page photos and the submission outbox. The
// browser copy is a buffer — the server is the archive — so everything here is synced when online.
// `memoryStore()` implements the same interface for unit tests.
import type { DBSchema, IDBPDatabase } from 'idb';
import type { LocalDraft, LocalPage, OutboxEntry } from './types';

export interface Table<T> {
  get(key: string): Promise<T | undefined>;
  put(value: T): Promise<void>;
  delete(key: string): Promise<void>;
  all(): Promise<T[]>;
}

export interface Store {
  drafts: Table<LocalDraft>;
  pages: Table<LocalPage> & { of(dossierId: string): Promise<LocalPage[]> };
  outbox: Table<OutboxEntry>;
}

interface FilingDB extends DBSchema {
  drafts: { key: string; value: LocalDraft };
  pages: { key: string; value: LocalPage; indexes: { by_dossier: string } };
  outbox: { key: string; value: OutboxEntry };
}

type StoreName = 'drafts' | 'pages' | 'outbox';

let opening: Promise<IDBPDatabase<FilingDB>> | null = null;

function open(): Promise<IDBPDatabase<FilingDB>> {
  opening ??= import('idb').then(({ openDB }) =>
    openDB<FilingDB>('motcua-filing', 1, {
      upgrade(db) {
        db.createObjectStore('drafts', { keyPath: 'id' });
        db.createObjectStore('pages', { keyPath: 'id' }).createIndex('by_dossier', 'dossier_id');
        db.createObjectStore('outbox', { keyPath: 'dossier_id' });
      },
    }),
  );
  return opening;
}

function idbTable<N extends StoreName>(name: N): Table<FilingDB[N]['value']> {
  return {
    get: async (key) => (await open()).get(name, key),
    put: async (value) => void (await (await open()).put(name, value)),
    delete: async (key) => (await open()).delete(name, key),
    all: async () => (await open()).getAll(name),
  };
}

export const idbStore: Store = {
  drafts: idbTable('drafts'),
  pages: { ...idbTable('pages'), of: async (dossierId) => (await open()).getAllFromIndex('pages', 'by_dossier', dossierId) },
  outbox: idbTable('outbox'),
};

function memoryTable<T>(keyOf: (value: T) => string): Table<T> & { rows: Map<string, T> } {
  const rows = new Map<string, T>();
  return {
    rows,
    get: async (key) => rows.get(key),
    put: async (value) => void rows.set(keyOf(value), { ...value }),
    delete: async (key) => void rows.delete(key),
    all: async () => [...rows.values()],
  };
}

export function memoryStore(): Store {
  const pages = memoryTable<LocalPage>((p) => p.id);
  return {
    drafts: memoryTable<LocalDraft>((d) => d.id),
    pages: { ...pages, of: async (id) => [...pages.rows.values()].filter((p) => p.dossier_id === id) },
    outbox: memoryTable<OutboxEntry>((e) => e.dossier_id),
  };
}
