import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAST_FOR_MS, FAST_POLL_MS, SLOW_POLL_MS, poll, pollDelayMs, type PollEnvironment } from './polling';

/** A page whose visibility and network the test switches, as the browser would. */
function fakePage() {
  const listeners = new Set<() => void>();
  const state = { visible: true, online: true };
  const env: PollEnvironment = {
    visible: () => state.visible,
    online: () => state.online,
    onResume(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now: () => Date.now(),
  };
  return {
    state,
    env,
    listening: () => listeners.size,
    resume: () => listeners.forEach((listener) => listener()),
  };
}

describe('how often an unpaid fee is asked about', () => {
  it('every few seconds for ten minutes, then every half minute', () => {
    expect(pollDelayMs(0)).toBe(FAST_POLL_MS);
    expect(pollDelayMs(FAST_FOR_MS - 1)).toBe(FAST_POLL_MS);
    expect(pollDelayMs(FAST_FOR_MS)).toBe(SLOW_POLL_MS);
    expect(FAST_POLL_MS).toBeLessThanOrEqual(5_000);
  });
});

describe('polling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks every few seconds until the answer is "paid", then stops and stops listening', async () => {
    const page = fakePage();
    const answers = [false, false, true];
    const check = vi.fn(async () => answers.shift() ?? true);
    poll(check, page.env);
    expect(check).not.toHaveBeenCalled(); // the page has just loaded the state
    await vi.advanceTimersByTimeAsync(FAST_POLL_MS);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 * FAST_POLL_MS);
    expect(check).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(10 * FAST_POLL_MS);
    expect(check).toHaveBeenCalledTimes(3);
    expect(page.listening()).toBe(0);
  });

  it('asks nothing while the page is hidden, and asks at once when it is shown again', async () => {
    const page = fakePage();
    const check = vi.fn(async () => false);
    poll(check, page.env);
    page.state.visible = false;
    await vi.advanceTimersByTimeAsync(20 * FAST_POLL_MS);
    expect(check).not.toHaveBeenCalled();
    page.state.visible = true;
    page.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(FAST_POLL_MS);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('asks nothing offline, and asks at once when the network returns', async () => {
    const page = fakePage();
    const check = vi.fn(async () => false);
    poll(check, page.env);
    page.state.online = false;
    await vi.advanceTimersByTimeAsync(5 * FAST_POLL_MS);
    page.resume(); // e.g. shown again, still offline
    await vi.advanceTimersByTimeAsync(5 * FAST_POLL_MS);
    expect(check).not.toHaveBeenCalled();
    page.state.online = true;
    page.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('never asks twice at once, however often the page is shown again', async () => {
    const page = fakePage();
    let finish: (paid: boolean) => void = () => undefined;
    const check = vi.fn(() => new Promise<boolean>((resolve) => (finish = resolve)));
    poll(check, page.env);
    await vi.advanceTimersByTimeAsync(FAST_POLL_MS);
    page.resume();
    page.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    finish(false);
    await vi.advanceTimersByTimeAsync(FAST_POLL_MS);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('tries again at the next turn when a check fails', async () => {
    const page = fakePage();
    const check = vi.fn(async () => {
      if (check.mock.calls.length === 1) throw new Error('503');
      return true;
    });
    poll(check, page.env);
    await vi.advanceTimersByTimeAsync(2 * FAST_POLL_MS);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('slows down after ten minutes of waiting', async () => {
    const page = fakePage();
    const check = vi.fn(async () => false);
    poll(check, page.env);
    await vi.advanceTimersByTimeAsync(FAST_FOR_MS);
    const fast = check.mock.calls.length;
    expect(fast).toBe(FAST_FOR_MS / FAST_POLL_MS);
    await vi.advanceTimersByTimeAsync(SLOW_POLL_MS);
    expect(check.mock.calls.length - fast).toBeLessThanOrEqual(2);
  });

  it('stops when the page goes away', async () => {
    const page = fakePage();
    const check = vi.fn(async () => false);
    const stop = poll(check, page.env);
    stop();
    page.resume();
    await vi.advanceTimersByTimeAsync(10 * FAST_POLL_MS);
    expect(check).not.toHaveBeenCalled();
    expect(page.listening()).toBe(0);
  });
});
