import { describe, expect, it } from 'vitest';
import type { CourierEvent, EventResult } from '../delivery/types';
import { actionsFrom, stateAfter } from './lifecycle';
import { enqueue, flush, queued, type Failure, type QueueIO } from './queue';
import { memoryStore } from './store';

class NetworkDown extends Error {}
class Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** A stand-in for the API that records what it was sent and answers as the server does. */
function fakeApi(answer: (event: CourierEvent) => EventResult['outcome'] = () => 'applied') {
  const sent: CourierEvent[][] = [];
  const uploads: string[] = [];
  const log: string[] = [];
  let online = true;
  let slipStatus = 201;
  const io: QueueIO = {
    async send(events) {
      if (!online) throw new NetworkDown();
      sent.push(events);
      log.push(`send ${events.map((e) => e.tracking_code).join(',')}`);
      return events.map((e) => {
        const outcome = answer(e);
        return {
          idempotency_key: e.idempotency_key,
          outcome,
          state: outcome === 'refused' ? 'out_for_delivery' : 'delivered',
          problem: outcome === 'refused' ? { code: 'recipient_code_wrong', detail: 'Mã người nhận không đúng.' } : null,
        };
      });
    },
    async uploadSlip(trackingCode) {
      if (!online) throw new NetworkDown();
      if (slipStatus !== 201) throw new Refused(slipStatus, 'Ảnh không đọc được.');
      uploads.push(trackingCode);
      log.push(`slip ${trackingCode}`);
      return `slip-${trackingCode}`;
    },
    failure(error): Failure {
      if (error instanceof Refused) return { status: error.status, message: error.message };
      return { status: 0, message: 'offline' };
    },
  };
  return {
    io, sent, uploads, log,
    setOnline: (value: boolean) => void (online = value),
    refuseSlips: (status: number) => void (slipStatus = status),
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 2, minute));

describe('the courier queue', () => {
  it('keeps steps taken offline and sends them once, oldest first, in one request', async () => {
    const store = memoryStore();
    const api = fakeApi();
    api.setOnline(false);
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'deliver', recipient_code: '111111' }, at(1), 'k1');
    await enqueue(store, { tracking_code: 'RA000000028VN', action: 'deliver', recipient_code: '222222' }, at(2), 'k2');

    const offline = await flush(store, api.io, 'refused');
    expect(offline).toEqual({ done: 0, refused: [], kept: 2, error: 'offline' });

    api.setOnline(true);
    const report = await flush(store, api.io, 'refused');
    expect(report).toEqual({ done: 2, refused: [], kept: 0, error: null });
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]).toEqual([
      { idempotency_key: 'k1', tracking_code: 'RA000000014VN', action: 'deliver', device_time: '2026-11-30T02:01:00.000Z', recipient_code: '111111' },
      { idempotency_key: 'k2', tracking_code: 'RA000000028VN', action: 'deliver', device_time: '2026-11-30T02:02:00.000Z', recipient_code: '222222' },
    ]);
    expect(await flush(store, api.io, 'refused')).toEqual({ done: 0, refused: [], kept: 0, error: null });
    expect(api.sent).toHaveLength(1);
  });

  it('orders by when the step was queued, not by key', async () => {
    const store = memoryStore();
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'out_for_delivery' }, at(1), 'zz');
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'deliver', recipient_code: '123456' }, at(2), 'aa');
    expect((await queued(store)).map((e) => [e.idempotency_key, e.seq])).toEqual([['zz', 1], ['aa', 2]]);
  });

  it('counts a duplicate as done (an earlier flush got through before its answer was lost)', async () => {
    const store = memoryStore();
    const api = fakeApi(() => 'duplicate');
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'pick_up' }, at(1), 'k1');
    expect(await flush(store, api.io, 'refused')).toEqual({ done: 1, refused: [], kept: 0, error: null });
    expect(store.refusalRows.size).toBe(0);
  });

  it("drops a refused step and keeps the server's words for its shipment, until the next step on it", async () => {
    const store = memoryStore();
    const api = fakeApi((e) => (e.tracking_code === 'RA000000028VN' ? 'refused' : 'applied'));
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'deliver', recipient_code: '111111' }, at(1), 'k1');
    await enqueue(store, { tracking_code: 'RA000000028VN', action: 'deliver', recipient_code: '000000' }, at(2), 'k2');

    const report = await flush(store, api.io, 'refused');
    expect(report).toEqual({
      done: 1,
      refused: [{ tracking_code: 'RA000000028VN', action: 'deliver', message: 'Mã người nhận không đúng.' }],
      kept: 0,
      error: null,
    });
    expect([...store.refusalRows.keys()]).toEqual(['RA000000028VN']);

    await enqueue(store, { tracking_code: 'RA000000028VN', action: 'deliver', recipient_code: '222222' }, at(3), 'k3');
    expect(store.refusalRows.size).toBe(0);
  });

  it('uploads a slip photo before its event and sends the photo id with it', async () => {
    const store = memoryStore();
    const api = fakeApi();
    const photo = new Blob(['jpeg'], { type: 'image/jpeg' });
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'deliver', slip: photo }, at(1), 'k1');
    await flush(store, api.io, 'refused');
    expect(api.log).toEqual(['slip RA000000014VN', 'send RA000000014VN']);
    expect(api.sent[0][0]).toMatchObject({ idempotency_key: 'k1', slip_photo_id: 'slip-RA000000014VN' });
    expect(api.sent[0][0]).not.toHaveProperty('slip');
  });

  it('sends only the steps before a slip that cannot be uploaded yet, keeping the order', async () => {
    const store = memoryStore();
    const api = fakeApi();
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'out_for_delivery' }, at(1), 'k1');
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'deliver', slip: new Blob(['x']) }, at(2), 'k2');
    await enqueue(store, { tracking_code: 'RA000000028VN', action: 'out_for_delivery' }, at(3), 'k3');
    const io: QueueIO = { ...api.io, uploadSlip: () => Promise.reject(new NetworkDown()) };

    expect(await flush(store, io, 'refused')).toEqual({ done: 1, refused: [], kept: 2, error: 'offline' });
    expect(api.sent).toEqual([[expect.objectContaining({ idempotency_key: 'k1' })]]);
    expect((await queued(store)).map((e) => e.idempotency_key)).toEqual(['k2', 'k3']);
  });

  it('refuses a step whose slip photo the server will never take, and sends the rest', async () => {
    const store = memoryStore();
    const api = fakeApi();
    api.refuseSlips(415);
    await enqueue(store, { tracking_code: 'RA000000014VN', action: 'deliver', slip: new Blob(['x']) }, at(1), 'k1');
    await enqueue(store, { tracking_code: 'RA000000028VN', action: 'out_for_delivery' }, at(2), 'k2');
    const report = await flush(store, api.io, 'refused');
    expect(report.refused).toEqual([{ tracking_code: 'RA000000014VN', action: 'deliver', message: 'Ảnh không đọc được.' }]);
    expect(report.done).toBe(1);
    expect(api.sent).toEqual([[expect.objectContaining({ idempotency_key: 'k2' })]]);
  });
});

describe("the courier's offline view of a shipment", () => {
  it('follows the server table: out for delivery, then deliver or fail', () => {
    expect(actionsFrom('handed_over', 'outbound')).toEqual(['transit', 'out_for_delivery']);
    expect(stateAfter('handed_over', 'outbound', 'out_for_delivery')).toBe('out_for_delivery');
    expect(actionsFrom('out_for_delivery', 'outbound')).toEqual(['deliver', 'fail']);
    expect(actionsFrom('failed_attempt', 'outbound')).toEqual(['out_for_delivery', 'return_to_sender']);
    expect(actionsFrom('delivered', 'outbound')).toEqual([]);
  });

  it('collects inbound papers from home and delivers them to the desk', () => {
    expect(actionsFrom('created', 'inbound')).toEqual(['pick_up', 'fail']);
    expect(stateAfter('created', 'inbound', 'pick_up')).toBe('picked_up');
    expect(actionsFrom('picked_up', 'inbound')).toEqual(['transit', 'deliver']);
    expect(stateAfter('delivered', 'inbound', 'deliver')).toBe('delivered');
  });
});
