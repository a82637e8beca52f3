import { generatePrivateKey, type PrivateKey } from "./keys.js";

/** Where a run gets its fresh keys from. */
export interface KeySource {
  take(): Promise<PrivateKey>;
}

/** Generates each key on demand. */
export function onDemandKeys(algorithm: string | undefined): KeySource {
  return { take: () => generatePrivateKey(algorithm) };
}

/**
 * How many keys are generated ahead at once. The launcher sizes libuv's pool to six threads
 * (src/launch.ts), so three stay free for the file, DNS and crypto work of the phases that run
 * meanwhile. Three generations keep two cores busy even while the main thread holds a result
 * back (measured on the 2-core lab: all of init's keys made 0.35 s sooner than with two; four
 * or more starve preflight's file and CRI work).
 */
const SPECULATION_CONCURRENCY = 3;

/**
 * Keys generated ahead of their use: once `count` settles (how many keys the run will need, found
 * by looking at which files are missing), that many generations start at once on libuv's pool and
 * are handed out in order; asks beyond them are generated on demand. Lets a command start the keys
 * of later phases while earlier ones (preflight) run; keys nobody takes are dropped, never written.
 */
export function speculativeKeys(
  algorithm: string | undefined,
  count: Promise<number>,
  concurrency = SPECULATION_CONCURRENCY,
  generate: (algorithm: string | undefined) => Promise<PrivateKey> = generatePrivateKey,
): KeySource {
  // Generations wait their turn here, not in libuv's queue: a key job holds a pool thread for
  // its whole run, and the checks and file reads running meanwhile need the pool too.
  const queue: Array<() => void> = [];
  let running = 0;
  const release = (): void => {
    running--;
    queue.shift()?.();
  };
  const limited = (): Promise<PrivateKey> =>
    new Promise<void>((start) => {
      const begin = (): void => {
        running++;
        start();
      };
      if (running < concurrency) begin();
      else queue.push(begin);
    }).then(() => {
      const key = generate(algorithm);
      key.then(release, release);
      return key;
    });
  const pending = count.then(
    (n) => {
      const keys = Array.from({ length: n }, limited);
      // a failed generation surfaces when taken, not as an unhandled rejection
      for (const k of keys) k.catch(() => undefined);
      return keys;
    },
    () => [] as Array<Promise<PrivateKey>>, // counting failed: the phases report what is wrong
  );
  let next = 0;
  return {
    async take() {
      const keys = await pending;
      return next < keys.length ? keys[next++]! : generatePrivateKey(algorithm);
    },
  };
}

/**
 * Starts `count` key generations at once (they run in parallel on the libuv pool) and hands
 * them out in order; asks beyond `count` fall back to on-demand generation. Unused keys are
 * dropped (never written anywhere).
 */
export function prefetchedKeys(algorithm: string | undefined, count: number): KeySource {
  const pending = Array.from({ length: count }, () => generatePrivateKey(algorithm));
  // a failed prefetch surfaces when taken, not as an unhandled rejection
  for (const p of pending) p.catch(() => undefined);
  let next = 0;
  return {
    take: () => (next < pending.length ? pending[next++]! : generatePrivateKey(algorithm)),
  };
}
