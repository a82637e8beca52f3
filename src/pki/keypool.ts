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
