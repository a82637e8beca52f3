/**
 * Polling with the semantics of apimachinery's wait.PollUntilContextTimeout(immediate=true):
 * the condition runs at once, then on a fixed-rate tick (the interval includes the condition's
 * own run time) until it reports done, returns an error (which aborts), or the timeout passes.
 * Time comes from an injectable Clock so tests run instantly.
 */

export interface Clock {
  /** Milliseconds since some fixed point. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock whose sleep only advances its own time: for tests. */
export class FakeClock implements Clock {
  private t: number;
  readonly sleeps: number[] = [];
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** What wait.PollUntilContextTimeout returns on timeout: the context's error. */
export class WaitTimeoutError extends Error {
  constructor() {
    super("context deadline exceeded");
    this.name = "WaitTimeoutError";
  }
}

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
  clock?: Clock;
  /** Run the condition before the first tick (upstream's kubeadm always does). Default true. */
  immediate?: boolean;
}

/**
 * Resolves when `condition` returns true; rejects with the condition's error, or with
 * WaitTimeoutError when the timeout passes first.
 */
export async function pollUntilTimeout(options: PollOptions, condition: () => Promise<boolean> | boolean): Promise<void> {
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  const deadline = start + options.timeoutMs;
  let nextTick = start + options.intervalMs;
  if (options.immediate ?? true) {
    if (await condition()) return;
  }
  for (;;) {
    if (clock.now() >= deadline) throw new WaitTimeoutError();
    if (nextTick >= deadline) {
      // The deadline comes before the next tick: wait it out, as the context would.
      await clock.sleep(deadline - clock.now());
      throw new WaitTimeoutError();
    }
    const wait = nextTick - clock.now();
    if (wait > 0) await clock.sleep(wait);
    nextTick += options.intervalMs;
    if (nextTick <= clock.now()) nextTick = clock.now() + options.intervalMs;
    if (await condition()) return;
  }
}

export interface WaitResult {
  ok: boolean;
  elapsedMs: number;
  /** The last error the condition reported (thrown errors are remembered and retried). */
  lastError?: unknown;
}

/**
 * Polls a condition that may throw (a thrown error is remembered and retried, like upstream's
 * `lastError = err; return false, nil`), and reports how long it took. `onAttemptError` sees
 * each failure (for verbose logs); nothing is printed here.
 */
export async function waitFor(
  options: PollOptions & { onAttemptError?: (err: unknown) => void },
  condition: () => Promise<boolean> | boolean,
): Promise<WaitResult> {
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  let lastError: unknown;
  try {
    await pollUntilTimeout(options, async () => {
      try {
        return await condition();
      } catch (err) {
        lastError = err;
        options.onAttemptError?.(err);
        return false;
      }
    });
    return { ok: true, elapsedMs: clock.now() - start };
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    return { ok: false, elapsedMs: clock.now() - start, lastError };
  }
}
