import { describe, expect, it, vi } from 'vitest';
import { remembered } from './consent';
import { pushSwitch, turnPushOff, turnPushOn, type PushOnSteps, type PushSituation } from './pushSwitch';

const SUBSCRIPTION = { endpoint: 'https://push.example/push/abc', keys: { p256dh: 'BPub', auth: 'c2VjcmV0' } };

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

function onSteps(permission: NotificationPermission): PushOnSteps & { storage: ReturnType<typeof memoryStorage> } {
  return {
    requestPermission: vi.fn(async () => permission),
    subscribe: vi.fn(async () => SUBSCRIPTION),
    publicKey: vi.fn(async () => 'BServerKey'),
    save: vi.fn(async () => undefined),
    savePreference: vi.fn(async () => undefined),
    storage: memoryStorage(),
  };
}

const situation = (change: Partial<PushSituation>): PushSituation => ({
  supported: true, permission: 'granted', subscribed: true, preference: true, ...change,
});

describe('the push switch', () => {
  it('is on only where the browser allows it, holds a subscription and the person wants push', () => {
    expect(pushSwitch(situation({}))).toEqual({ on: true, blocked: null });
    expect(pushSwitch(situation({ subscribed: false }))).toEqual({ on: false, blocked: null });
    expect(pushSwitch(situation({ preference: false }))).toEqual({ on: false, blocked: null });
    expect(pushSwitch(situation({ permission: 'default' }))).toEqual({ on: false, blocked: null });
  });

  it('says why it cannot be used: no push in this browser, or the browser blocks this site', () => {
    expect(pushSwitch(situation({ supported: false }))).toEqual({ on: false, blocked: 'unsupported' });
    expect(pushSwitch(situation({ permission: 'denied' }))).toEqual({ on: false, blocked: 'denied' });
  });
});

describe('turning push on', () => {
  it('asks the browser, subscribes with the server key, sends the subscription, then stores the choice', async () => {
    const steps = onSteps('granted');
    expect(await turnPushOn(steps)).toBe('granted');
    expect(steps.subscribe).toHaveBeenCalledWith('BServerKey');
    expect(steps.save).toHaveBeenCalledWith(SUBSCRIPTION);
    expect(steps.savePreference).toHaveBeenCalledWith(true);
    expect(remembered(steps.storage)).toBe('enabled');
  });

  it('stores nothing when the browser says no', async () => {
    for (const answer of ['denied', 'default'] as const) {
      const steps = onSteps(answer);
      expect(await turnPushOn(steps)).toBe(answer);
      expect(steps.save).not.toHaveBeenCalled();
      expect(steps.savePreference).not.toHaveBeenCalled();
    }
  });

  it('does not store the choice when the subscription could not be sent', async () => {
    const steps = onSteps('granted');
    steps.save = vi.fn(async () => Promise.reject(new Error('offline')));
    await expect(turnPushOn(steps)).rejects.toThrow('offline');
    expect(steps.savePreference).not.toHaveBeenCalled();
  });
});

describe('turning push off', () => {
  function offSteps(subscribed: boolean) {
    const calls: string[] = [];
    const subscription = { endpoint: SUBSCRIPTION.endpoint, unsubscribe: vi.fn(async () => (calls.push('browser'), true)) };
    return {
      calls,
      subscription,
      steps: {
        subscription: vi.fn(async () => (subscribed ? subscription : null)),
        forget: vi.fn(async (endpoint: string) => void calls.push(`server ${endpoint}`)),
        savePreference: vi.fn(async (push: boolean) => void calls.push(`preference ${push}`)),
      },
    };
  }

  it('removes the subscription from the server, then from the browser, and stores the choice', async () => {
    const { steps, calls } = offSteps(true);
    await turnPushOff(steps);
    expect(calls).toEqual([`server ${SUBSCRIPTION.endpoint}`, 'browser', 'preference false']);
  });

  it('keeps the browser subscribed when the server could not be told', async () => {
    const { steps, subscription } = offSteps(true);
    steps.forget = vi.fn(async () => Promise.reject(new Error('offline')));
    await expect(turnPushOff(steps)).rejects.toThrow('offline');
    expect(subscription.unsubscribe).not.toHaveBeenCalled();
    expect(steps.savePreference).not.toHaveBeenCalled();
  });

  it('without a subscription here, only stores the choice', async () => {
    const { steps, calls } = offSteps(false);
    await turnPushOff(steps);
    expect(calls).toEqual(['preference false']);
  });
});
