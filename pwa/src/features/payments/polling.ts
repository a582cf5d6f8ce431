// Asking the server, every few seconds, whether an unpaid fee has been paid — only while someone can see the
// page and the phone is online: a hidden tab or a phone without network asks nothing, and asks at once when
// the page is shown again or the network returns. After ten minutes of waiting it asks less often.

export const FAST_POLL_MS = 4_000;
export const SLOW_POLL_MS = 30_000;
export const FAST_FOR_MS = 10 * 60_000;

export function pollDelayMs(waitedMs: number): number {
  return waitedMs < FAST_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
}

export interface PollEnvironment {
  visible(): boolean;
  online(): boolean;
  /** Calls `listener` when the page is shown again or the network returns; returns what stops that. */
  onResume(listener: () => void): () => void;
  now(): number;
}

export const browserEnvironment: PollEnvironment = {
  visible: () => document.visibilityState === 'visible',
  online: () => navigator.onLine,
  onResume(listener) {
    document.addEventListener('visibilitychange', listener);
    addEventListener('online', listener);
    return () => {
      document.removeEventListener('visibilitychange', listener);
      removeEventListener('online', listener);
    };
  },
  now: () => Date.now(),
};

/**
 * Runs `check` on the rules above until it answers true (done) or the returned function is called.
 * A check that fails (the server briefly away) is simply tried again at the next turn.
 */
export function poll(check: () => Promise<boolean>, env: PollEnvironment = browserEnvironment): () => void {
  const started = env.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checking = false;
  let stopped = false;

  function schedule() {
    timer = setTimeout(turn, pollDelayMs(env.now() - started));
  }

  async function turn() {
    timer = undefined;
    if (stopped || checking || !env.visible() || !env.online()) return; // paused until onResume
    checking = true;
    const done = await check().catch(() => false);
    checking = false;
    if (done) stop();
    else if (!stopped) schedule();
  }

  const stopResuming = env.onResume(() => {
    if (timer === undefined) void turn();
  });

  function stop() {
    stopped = true;
    clearTimeout(timer);
    stopResuming();
  }

  schedule();
  return stop;
}
