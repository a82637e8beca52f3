// Spreads RSA prime searches over the main thread and worker threads (one per extra core, at
// most three). Prime search is pure CPU, and the main thread is otherwise idle while a certs
// phase waits for its keys.
//
// The unit of work is one prime, not one key, so that the threads finish close together.
// Primes of one size are interchangeable (each comes from its own random start): whichever
// thread finds one hands it to the oldest caller waiting for that size, or keeps it as a spare
// for the next caller. That is what lets a command start searching before it knows it needs
// keys (`speculate`, called while the rest of the program is still loading): the primes found
// ahead of time answer the first requests at once.
//
// Work items sit in a shared-memory ring that every thread claims from with an atomic
// compare-exchange, so a worker takes its next item at once, without waiting for the (busy)
// main thread to hand it out. Results come back as messages.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { rsaKernel, type KernelCrypto, type PrimeSearch, type RsaKernel } from "./rsa-kernel.js";
import * as nodeCrypto from "node:crypto";

let mainKernel: RsaKernel | undefined;
/** The kernel of the main thread. */
export const kernel = (): RsaKernel => (mainKernel ??= rsaKernel(nodeCrypto as unknown as KernelCrypto));

export class RsaKeyError extends Error {}

const MAIN_THREAD_SLICE = 1; // Miller-Rabin candidates per main-thread turn (~0.3 ms)
const QUEUE_CAPACITY = 1024; // items in the ring; far above any kubeadm run (16 keys = 32 primes)
const HEAD = 0; // next item index to claim
const TAIL = 1; // next item index to fill
const SLOTS = 2; // item i: prime size in bits at SLOTS + i % QUEUE_CAPACITY
const CANCELLED = 0; // slot value of an item withdrawn before anyone claimed it
const TAKEN = -1; // slot value once a thread has claimed the item

/**
 * The claim function over a ring with this layout: it takes the next item and returns its prime
 * size (CANCELLED for a withdrawn one), or index -1 when the ring is empty. Shared by the main
 * thread and the workers, so self-contained (shipped as source text).
 */
function makeClaim(head: number, tail: number, slots: number, capacity: number, taken: number): (q: Int32Array) => { i: number; bits: number } {
  return (q) => {
    for (;;) {
      const h = Atomics.load(q, head);
      if (h >= Atomics.load(q, tail)) return { i: -1, bits: 0 };
      if (Atomics.compareExchange(q, head, h, h + 1) === h) return { i: h, bits: Atomics.exchange(q, slots + (h % capacity), taken) };
    }
  };
}
const LAYOUT = [HEAD, TAIL, SLOTS, QUEUE_CAPACITY, TAKEN] as const;
const claim = makeClaim(...LAYOUT);

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const kernel = (${rsaKernel.toString()})(require("node:crypto"));
const q = new Int32Array(workerData.queue);
const claim = (${makeClaim.toString()})(${LAYOUT.join(", ")});
for (;;) {
  const { i, bits } = claim(q);
  if (i < 0) {
    Atomics.wait(q, ${TAIL}, Atomics.load(q, ${TAIL}), 1000);
    continue;
  }
  if (bits === ${CANCELLED}) continue;
  try {
    parentPort.postMessage({ bits, prime: kernel.findPrime(bits) });
  } catch (err) {
    parentPort.postMessage({ bits, error: String((err && err.message) || err) });
  }
}
`;

/** How many primes the main thread and the workers have found (tests, benchmarks). */
export const rsaFarmStats = { mainThread: 0, workers: 0, speculated: 0 };

interface Waiter {
  resolve(prime: bigint): void;
  reject(err: unknown): void;
}

const listOf = <T>(m: Map<number, T[]>, bits: number): T[] => {
  let l = m.get(bits);
  if (!l) m.set(bits, (l = []));
  return l;
};

export class PrimeFarm {
  private readonly queue = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + QUEUE_CAPACITY)));
  private readonly waiters = new Map<number, Waiter[]>();
  private readonly spares = new Map<number, bigint[]>();
  /** Items queued or being searched, by prime size. */
  private readonly outstanding = new Map<number, number>();
  private readonly workers: Worker[] = [];
  private mainBusy = false;
  private current: { bits: number; fromRing: boolean; search: PrimeSearch } | null = null;

  constructor(private maxWorkers: number) {}

  /** A prime of `bits` bits: a spare one at once, else the next one any thread finds. */
  prime(bits: number): Promise<bigint> {
    const spare = this.spares.get(bits)?.pop();
    if (spare !== undefined) return Promise.resolve(spare);
    return new Promise((resolve, reject) => {
      listOf(this.waiters, bits).push({ resolve, reject });
      try {
        this.ensureWork(bits, this.waiters.get(bits)!.length);
      } catch (err) {
        this.failAll(bits, err);
        return;
      }
      this.refWorkers();
      this.pump();
    });
  }

  /**
   * Starts `count` searches for primes of `bits` bits on the workers before anyone asks. No
   * worker (one core): nothing, as the main thread would only compete with the program.
   */
  speculate(bits: number, count: number): void {
    if (this.maxWorkers === 0) return;
    const want = (this.spares.get(bits)?.length ?? 0) + count;
    if ((this.outstanding.get(bits) ?? 0) >= want) return;
    this.ensureWork(bits, want);
    rsaFarmStats.speculated += count;
  }

  /** Withdraws the queued searches that no caller waits for, except those of `keepBits`. */
  cancelSpeculation(keepBits?: number): void {
    const q = this.queue;
    const tail = Atomics.load(q, TAIL);
    for (let i = tail - 1; i >= Atomics.load(q, HEAD); i--) {
      const slot = SLOTS + (i % QUEUE_CAPACITY);
      const bits = Atomics.load(q, slot);
      if (bits <= 0 || bits === keepBits) continue;
      const surplus = (this.outstanding.get(bits) ?? 0) - (this.waiters.get(bits)?.length ?? 0);
      if (surplus <= 0) continue;
      if (Atomics.compareExchange(q, slot, bits, CANCELLED) === bits) this.outstanding.set(bits, this.outstanding.get(bits)! - 1);
    }
  }

  /** Primes of this size found and not yet asked for; searches queued or running (tests). */
  counts(bits: number): { spare: number; outstanding: number } {
    return { spare: this.spares.get(bits)?.length ?? 0, outstanding: this.outstanding.get(bits) ?? 0 };
  }

  /** Queues items until `want` primes of this size are on their way. */
  private ensureWork(bits: number, want: number): void {
    const q = this.queue;
    while ((this.outstanding.get(bits) ?? 0) < want) {
      const i = Atomics.load(q, TAIL);
      if (i - Atomics.load(q, HEAD) >= QUEUE_CAPACITY) throw new RsaKeyError("rsa: too many keys requested at once");
      Atomics.store(q, SLOTS + (i % QUEUE_CAPACITY), bits);
      Atomics.store(q, TAIL, i + 1);
      this.outstanding.set(bits, (this.outstanding.get(bits) ?? 0) + 1);
    }
    Atomics.notify(q, TAIL);
    // more than the main thread takes on (one item, and only for a waiting caller): start
    // workers (they join in once booted, ~40 ms)
    const forWorkers = Atomics.load(q, TAIL) - Atomics.load(q, HEAD) - (this.anyWaiting() ? 1 : 0);
    for (let i = this.workers.length; i < Math.min(this.maxWorkers, forWorkers); i++) this.spawn();
  }

  /** A prime found by some thread: to the oldest caller waiting for its size, or a spare. */
  private deliver(bits: number, prime: bigint, fromRing: boolean): void {
    if (fromRing) this.outstanding.set(bits, (this.outstanding.get(bits) ?? 1) - 1);
    const waiter = this.waiters.get(bits)?.shift();
    if (waiter) waiter.resolve(prime);
    else listOf(this.spares, bits).push(prime);
    if (!this.anyWaiting()) for (const w of this.workers) w.unref();
  }

  private failAll(bits: number, err: unknown): void {
    const ws = this.waiters.get(bits) ?? [];
    this.waiters.delete(bits);
    for (const w of ws) w.reject(err);
    if (!this.anyWaiting()) for (const w of this.workers) w.unref();
  }

  private anyWaiting(): boolean {
    for (const l of this.waiters.values()) if (l.length > 0) return true;
    return false;
  }

  private refWorkers(): void {
    if (this.anyWaiting()) for (const w of this.workers) w.ref();
  }

  /** The oldest size someone waits for. */
  private wantedBits(): number | undefined {
    for (const [bits, l] of this.waiters) if (l.length > 0) return bits;
    return undefined;
  }

  private pump(): void {
    if (this.mainBusy || !this.anyWaiting()) return;
    this.mainBusy = true;
    // the main thread works in slices of a few candidates, so that the certs phases waiting
    // on it for I/O and signing move on while keys are still being generated
    setImmediate(() => {
      this.mainBusy = false;
      if (this.current && !this.current.fromRing && !this.waiters.get(this.current.bits)?.length) this.current = null;
      if (!this.current) {
        const { i, bits } = claim(this.queue);
        if (i >= 0 && bits !== CANCELLED) {
          this.current = { bits, fromRing: true, search: kernel().primeSearch(bits) };
        } else if (i < 0) {
          // Nothing left to claim but callers still wait on a worker's search: search for the
          // same size here too; the first prime answers the caller, the other becomes a spare.
          const want = this.wantedBits();
          if (want !== undefined) this.current = { bits: want, fromRing: false, search: kernel().primeSearch(want) };
        }
      }
      const cur = this.current;
      if (cur) {
        let prime: bigint | null = null;
        try {
          prime = cur.search.step(MAIN_THREAD_SLICE);
        } catch (err) {
          this.current = null;
          if (cur.fromRing) this.outstanding.set(cur.bits, (this.outstanding.get(cur.bits) ?? 1) - 1);
          this.failAll(cur.bits, err);
        }
        if (prime !== null) {
          this.current = null;
          rsaFarmStats.mainThread++;
          this.deliver(cur.bits, prime, cur.fromRing);
        }
      }
      this.pump();
    });
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { queue: this.queue.buffer } });
    this.workers.push(worker);
    worker.on("message", (m: { bits: number; prime?: bigint; error?: string }) => {
      if (typeof m.prime === "bigint") {
        rsaFarmStats.workers++;
        this.deliver(m.bits, m.prime, true);
      } else {
        this.outstanding.set(m.bits, (this.outstanding.get(m.bits) ?? 1) - 1);
        this.failAll(m.bits, new RsaKeyError(m.error ?? "rsa: prime generation failed"));
      }
    });
    const drop = (why: unknown): void => {
      const k = this.workers.indexOf(worker);
      if (k < 0) return;
      this.workers.splice(k, 1);
      // a worker that dies is not replaced; an item it had claimed would be lost, so every
      // caller still waiting is failed rather than left hanging
      this.maxWorkers = 0;
      const reason = why instanceof Error ? `: ${why.message}` : "";
      for (const bits of [...this.waiters.keys()]) this.failAll(bits, new RsaKeyError(`rsa: key generation worker stopped${reason}`));
    };
    worker.on("error", drop);
    worker.on("exit", () => drop(null));
    if (!this.anyWaiting()) worker.unref();
  }
}

let theFarm: PrimeFarm | undefined;
/** The process's farm: one worker per extra core, at most three. */
export function primeFarm(): PrimeFarm {
  return (theFarm ??= new PrimeFarm(Math.max(0, Math.min(3, availableParallelism() - 1))));
}
