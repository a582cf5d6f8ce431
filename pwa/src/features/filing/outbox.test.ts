import { describe, expect, it } from 'vitest';
import { enqueue, flushAll, type Failure, type OutboxIO } from './outbox';
import { memoryStore } from './store';
import type { DossierDetail } from './types';

class Fail extends Error {
  constructor(readonly f: Failure) {
    super(f.message);
  }
}

const offline: Failure = { status: 0, code: 'network_error', message: 'no network' };
const processing: Failure = { status: 422, code: 'pages_processing', message: 'đang xử lý' };
const incomplete: Failure = { status: 422, code: 'dossier_incomplete', message: 'thiếu', errors: [{ field: 'x', message: 'y' }] };

function fakeIO(answers: Array<Failure | 'ok'>, calls: string[] = []) {
  const dossier = { id: 'd1', code: 'A-261122-0001', state: 'submitted' } as DossierDetail;
  const keys: string[] = [];
  const io: OutboxIO = {
    syncDraft: async (id) => void calls.push(`sync ${id}`),
    uploadPages: async (id) => void calls.push(`upload ${id}`),
    submit: async (id, _action, key) => {
      calls.push(`submit ${id}`);
      keys.push(key);
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw new Fail(answer);
      return dossier;
    },
    fetchDossier: async () => dossier,
    failure: (e) => (e instanceof Fail ? e.f : { status: 0, code: 'network_error', message: String(e) }),
    now: () => 1,
  };
  return { io, keys, calls };
}

describe('outbox', () => {
  it('enqueue is idempotent per dossier and action', async () => {
    const store = memoryStore();
    const first = await enqueue(store, 'd1', 'k1', 'submit', 1);
    const again = await enqueue(store, 'd1', 'k2', 'submit', 2);
    expect(again.idempotency_key).toBe(first.idempotency_key);
    expect(await store.outbox.all()).toHaveLength(1);
  });

  it('syncs the draft and photos before submitting, then drops the entry', async () => {
    const store = memoryStore();
    await enqueue(store, 'd1', 'k1', 'submit', 1);
    const { io, calls } = fakeIO(['ok']);
    const [outcome] = await flushAll(store, io);
    expect(outcome.kind).toBe('submitted');
    expect(calls).toEqual(['sync d1', 'upload d1', 'submit d1']);
    expect(await store.outbox.all()).toEqual([]);
  });

  it('keeps the entry with no network and replays the same key later', async () => {
    const store = memoryStore();
    await enqueue(store, 'd1', 'k1', 'submit', 1);
    const { io, keys } = fakeIO([offline, offline, 'ok']);
    expect((await flushAll(store, io))[0].kind).toBe('queued');
    expect((await flushAll(store, io))[0].kind).toBe('queued');
    expect((await store.outbox.get('d1'))?.attempts).toBe(2);
    expect((await flushAll(store, io))[0].kind).toBe('submitted');
    expect(keys).toEqual(['k1', 'k1', 'k1']);
    expect(await store.outbox.all()).toEqual([]);
  });

  it('waits while pages are processing', async () => {
    const store = memoryStore();
    await enqueue(store, 'd1', 'k1', 'submit', 1);
    const { io } = fakeIO([processing]);
    expect((await flushAll(store, io))[0].kind).toBe('waiting');
    expect((await store.outbox.get('d1'))?.status).toBe('waiting');
  });

  it('drops the entry and reports the reasons when the dossier is incomplete', async () => {
    const store = memoryStore();
    await enqueue(store, 'd1', 'k1', 'submit', 1);
    const { io } = fakeIO([incomplete]);
    const [outcome] = await flushAll(store, io);
    expect(outcome).toMatchObject({ kind: 'refused', failure: { code: 'dossier_incomplete' } });
    expect(await store.outbox.all()).toEqual([]);
  });

  it('treats a 409 on an already submitted dossier as delivered', async () => {
    const store = memoryStore();
    await enqueue(store, 'd1', 'k1', 'submit', 1);
    const { io } = fakeIO([{ status: 409, code: 'invalid_transition', message: 'đã gửi' }]);
    const [outcome] = await flushAll(store, io);
    expect(outcome).toMatchObject({ kind: 'submitted', dossier: { code: 'A-261122-0001' } });
  });

  it('keeps the entry when a sync step fails for lack of network', async () => {
    const store = memoryStore();
    await enqueue(store, 'd1', 'k1', 'submit', 1);
    const { io, calls } = fakeIO([]);
    io.uploadPages = async () => {
      throw new Fail(offline);
    };
    expect((await flushAll(store, io))[0].kind).toBe('queued');
    expect(calls).toEqual(['sync d1']);
  });
});
