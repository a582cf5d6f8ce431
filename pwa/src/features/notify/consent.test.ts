import { describe, expect, it, vi } from 'vitest';
import { decline, enable, remembered, shouldOffer, type EnableSteps } from './consent';

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

const SUBSCRIPTION = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { p256dh: 'BPub', auth: 'c2VjcmV0' } };

function steps(permission: NotificationPermission, storage = memoryStorage()): EnableSteps & { storage: ReturnType<typeof memoryStorage> } {
  return {
    requestPermission: vi.fn(async () => permission),
    subscribe: vi.fn(async () => SUBSCRIPTION),
    publicKey: vi.fn(async () => 'BServerKey'),
    save: vi.fn(async () => undefined),
    storage,
  };
}

const offered = (storage: ReturnType<typeof memoryStorage>, permission: NotificationPermission = 'default') =>
  shouldOffer({ supported: true, permission, answer: remembered(storage) });

describe('the notifications offer', () => {
  it('is made where push works, the browser has not decided and the person has not answered', () => {
    expect(shouldOffer({ supported: true, permission: 'default', answer: null })).toBe(true);
    expect(shouldOffer({ supported: false, permission: 'default', answer: null })).toBe(false);
    expect(shouldOffer({ supported: true, permission: 'denied', answer: null })).toBe(false);
    expect(shouldOffer({ supported: true, permission: 'granted', answer: null })).toBe(false);
    expect(shouldOffer({ supported: true, permission: 'default', answer: 'declined' })).toBe(false);
  });

  it('"Để sau" is a no, remembered for good', () => {
    const storage = memoryStorage();
    decline(storage);
    expect(offered(storage)).toBe(false);
  });

  it("the browser's denied (or a dismissed prompt) is a no too, and nothing is subscribed", async () => {
    for (const answer of ['denied', 'default'] as const) {
      const s = steps(answer);
      expect(await enable(s)).toBe(answer);
      expect(s.subscribe).not.toHaveBeenCalled();
      expect(s.save).not.toHaveBeenCalled();
      expect(offered(s.storage)).toBe(false);
    }
  });

  it('on granted, subscribes with the server key and sends the endpoint and keys', async () => {
    const s = steps('granted');
    expect(await enable(s)).toBe('granted');
    expect(s.subscribe).toHaveBeenCalledWith('BServerKey');
    expect(s.save).toHaveBeenCalledWith(SUBSCRIPTION);
    expect(remembered(s.storage)).toBe('enabled');
    expect(offered(s.storage, 'granted')).toBe(false);
  });

  it('a failed save is not an answer: the next submission offers again', async () => {
    const s = steps('granted');
    s.save = vi.fn(async () => Promise.reject(new Error('offline')));
    await expect(enable(s)).rejects.toThrow('offline');
    expect(remembered(s.storage)).toBeNull();
  });

  it('blocked storage neither throws nor invents an answer', () => {
    const blocked = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('SecurityError'); } };
    expect(remembered(blocked)).toBeNull();
    expect(() => decline(blocked)).not.toThrow();
  });
});
