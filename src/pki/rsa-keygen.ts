// RSA private keys for kubeadm: primes as Go's crypto/rsa finds them (see rsa-kernel.ts), the
// PKCS#1 key loaded into a Node KeyObject, and every key checked before it is handed out.
// Several keys at once are spread over the main thread and worker threads (one per extra
// core): prime search is pure CPU, and the main thread is otherwise idle while a certs phase
// waits for its keys.
import * as nodeCrypto from "node:crypto";
import { availableParallelism } from "node:os";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { rsaKernel, type KernelCrypto, type RsaKernel } from "./rsa-kernel.js";

const kernelCrypto = nodeCrypto as unknown as KernelCrypto;
let mainKernel: RsaKernel | undefined;
const kernel = (): RsaKernel => (mainKernel ??= rsaKernel(kernelCrypto));

export class RsaKeyError extends Error {}

const PROBE = Buffer.from("kubeadm-ts RSA key pairwise consistency test");

function loadRsaKey(der: Uint8Array, bits: number): nodeCrypto.KeyObject {
  const key = nodeCrypto.createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs1" });
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== "rsa" || d?.modulusLength !== bits || d.publicExponent !== 65537n) {
    throw new RsaKeyError(`rsa: generated key is not a ${bits}-bit RSA key with e = 65537`);
  }
  return key;
}

/**
 * Loads a PKCS#1 DER and checks it the way a key is checked before use: exact modulus size,
 * e = 65537, and a sign/verify round trip with the public half (FIPS 186-5's pairwise test).
 */
export function loadCheckedRsaKey(der: Uint8Array, bits: number): nodeCrypto.KeyObject {
  const key = loadRsaKey(der, bits);
  const sig = nodeCrypto.sign("sha256", PROBE, key);
  if (!nodeCrypto.verify("sha256", PROBE, nodeCrypto.createPublicKey(key), sig)) {
    throw new RsaKeyError("rsa: generated key failed its sign/verify check");
  }
  return key;
}

/** loadCheckedRsaKey with the sign/verify round trip on the libuv pool, off the main thread. */
async function loadCheckedRsaKeyAsync(der: Uint8Array, bits: number): Promise<nodeCrypto.KeyObject> {
  const key = loadRsaKey(der, bits);
  const sig = await new Promise<Buffer>((res, rej) => nodeCrypto.sign("sha256", PROBE, key, (e, b) => (e ? rej(e) : res(b))));
  const ok = await new Promise<boolean>((res, rej) =>
    nodeCrypto.verify("sha256", PROBE, nodeCrypto.createPublicKey(key), sig, (e, v) => (e ? rej(e) : res(v))),
  );
  if (!ok) throw new RsaKeyError("rsa: generated key failed its sign/verify check");
  return key;
}

/** Options for generating one key on the calling thread (tests inject the candidate source). */
export interface RsaKeygenOptions {
  /** Fills a prime candidate buffer; defaults to the CSPRNG. */
  random?: (buf: Uint8Array) => void;
}

/** One key on the main thread, yielding to the event loop between primes. */
async function generateOnMainThread(bits: number, opts: RsaKeygenOptions = {}): Promise<Uint8Array> {
  const k = kernel();
  for (;;) {
    const p = k.findPrime((bits + 1) >> 1, opts.random);
    await yieldToLoop();
    const q = k.findPrime(bits >> 1, opts.random);
    const r = k.assemble(p, q, bits);
    if ("der" in r) return r.der;
    if ("error" in r) throw new RsaKeyError(r.error);
    await yieldToLoop();
  }
}

/** A fresh RSA private key of `bits` bits (2048, 3072 or 4096 for kubeadm). */
export async function generateRsaKey(bits: number, opts: RsaKeygenOptions = {}): Promise<nodeCrypto.KeyObject> {
  checkBits(bits);
  if (opts.random) return loadCheckedRsaKey(await generateOnMainThread(bits, opts), bits);
  return loadCheckedRsaKeyAsync(await farm().key(bits), bits);
}

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1024 || bits % 2 !== 0 || bits > 8192) {
    throw new RsaKeyError(`rsa: unsupported key size ${bits}`);
  }
}

// ---- spreading prime searches over the main thread and workers ----
// The unit of work is one prime (not one key), so that the threads finish close together. Jobs
// sit in a shared-memory queue that every thread claims from with an atomic compare-exchange:
// a worker takes its next prime at once, without waiting for the (busy) main thread to hand
// it out. Results come back as messages.

const MAIN_THREAD_SLICE = 8; // Miller-Rabin candidates per main-thread turn
const QUEUE_CAPACITY = 1024; // outstanding primes; far above any kubeadm run (11 keys = 22)
const HEAD = 0; // next job index to claim
const TAIL = 1; // next job index to fill
const SLOTS = 2; // bits of job i at SLOTS + i % QUEUE_CAPACITY

interface Job {
  resolve(prime: bigint): void;
  reject(err: unknown): void;
}

/** Claims the next job index, or -1 when the queue is empty (shared by main thread and workers). */
function claim(q: Int32Array): number {
  for (;;) {
    const h = Atomics.load(q, HEAD);
    if (h >= Atomics.load(q, TAIL)) return -1;
    if (Atomics.compareExchange(q, HEAD, h, h + 1) === h) return h;
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const kernel = (${rsaKernel.toString()})(require("node:crypto"));
const q = new Int32Array(workerData.queue);
const HEAD = ${HEAD}, TAIL = ${TAIL};
const claim = ${claim.toString()};
for (;;) {
  const i = claim(q);
  if (i < 0) {
    Atomics.wait(q, ${TAIL}, Atomics.load(q, ${TAIL}), 1000);
    continue;
  }
  try {
    parentPort.postMessage({ i, prime: kernel.findPrime(q[${SLOTS} + (i % ${QUEUE_CAPACITY})]) });
  } catch (err) {
    parentPort.postMessage({ i, error: String((err && err.message) || err) });
  }
}
`;

/** How many primes the main thread and the workers have found (tests, benchmarks). */
export const rsaKeygenStats = { mainThread: 0, workers: 0 };

class KeyFarm {
  private readonly queue = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + QUEUE_CAPACITY)));
  private readonly jobs = new Map<number, Job>();
  private readonly workers: Worker[] = [];
  private mainBusy = false;
  private current: { i: number; search: { step(maxTests: number): bigint | null } } | null = null;

  constructor(private maxWorkers: number) {}

  /** The PKCS#1 DER of a new key: two primes from the pool, assembled here (retried as Go does). */
  async key(bits: number): Promise<Uint8Array> {
    for (;;) {
      const [p, q] = await Promise.all([this.prime((bits + 1) >> 1), this.prime(bits >> 1)]);
      const r = kernel().assemble(p, q, bits);
      if ("der" in r) return r.der;
      if ("error" in r) throw new RsaKeyError(r.error);
    }
  }

  private prime(bits: number): Promise<bigint> {
    return new Promise((resolve, reject) => {
      const q = this.queue;
      const i = Atomics.load(q, TAIL);
      if (i - Atomics.load(q, HEAD) >= QUEUE_CAPACITY) {
        reject(new RsaKeyError("rsa: too many keys requested at once"));
        return;
      }
      this.jobs.set(i, { resolve, reject });
      Atomics.store(q, SLOTS + (i % QUEUE_CAPACITY), bits);
      Atomics.store(q, TAIL, i + 1);
      Atomics.notify(q, TAIL);
      this.pump();
    });
  }

  private settle(i: number, prime: bigint | undefined, error: unknown): void {
    const job = this.jobs.get(i);
    this.jobs.delete(i);
    if (this.jobs.size === 0) for (const w of this.workers) w.unref();
    if (!job) return;
    if (prime !== undefined) job.resolve(prime);
    else job.reject(error);
  }

  private pump(): void {
    const q = this.queue;
    const waiting = Atomics.load(q, TAIL) - Atomics.load(q, HEAD);
    // more work than the main thread alone: start workers (they join in once booted, ~40 ms)
    for (let i = this.workers.length; i < Math.min(this.maxWorkers, waiting - 1); i++) this.spawn();
    if (this.jobs.size > 0) for (const w of this.workers) w.ref();
    if (this.mainBusy || this.jobs.size === 0) return;
    this.mainBusy = true;
    // the main thread works in slices of a few candidates (~2 ms), so that the certs phases
    // waiting on it for I/O and signing move on while keys are still being generated
    setImmediate(() => {
      this.mainBusy = false;
      if (this.current && !this.jobs.has(this.current.i)) this.current = null; // a worker won
      if (!this.current) {
        let i = claim(q);
        // Nothing left to claim but a worker is still searching: search for the same prime
        // size here too and let the first result answer. Candidates are independent, so which
        // search finishes first says nothing about the prime it found: no bias, and the last
        // prime no longer leaves the main thread idle.
        if (i < 0 && this.jobs.size > 0) i = Math.min(...this.jobs.keys());
        if (i >= 0) this.current = { i, search: kernel().primeSearch(q[SLOTS + (i % QUEUE_CAPACITY)]!) };
      }
      const cur = this.current;
      if (cur) {
        let prime: bigint | null = null;
        let error: unknown;
        try {
          prime = cur.search.step(MAIN_THREAD_SLICE);
        } catch (err) {
          error = err;
        }
        if (prime !== null || error !== undefined) {
          this.current = null;
          if (prime !== null && this.jobs.has(cur.i)) rsaKeygenStats.mainThread++;
          this.settle(cur.i, prime ?? undefined, error);
        }
      }
      this.pump();
    });
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { queue: this.queue.buffer } });
    this.workers.push(worker);
    worker.on("message", (m: { i: number; prime?: bigint; error?: string }) => {
      if (typeof m.prime === "bigint" && this.jobs.has(m.i)) rsaKeygenStats.workers++;
      this.settle(m.i, m.prime, m.prime === undefined ? new RsaKeyError(m.error ?? "rsa: prime generation failed") : undefined);
    });
    const drop = (why: unknown): void => {
      const k = this.workers.indexOf(worker);
      if (k < 0) return;
      this.workers.splice(k, 1);
      // a worker that dies is not replaced; a job it had claimed would be lost, so every job
      // still unanswered is failed rather than left hanging
      this.maxWorkers = 0;
      const reason = why instanceof Error ? `: ${why.message}` : "";
      for (const i of [...this.jobs.keys()]) this.settle(i, undefined, new RsaKeyError(`rsa: key generation worker stopped${reason}`));
    };
    worker.on("error", drop);
    worker.on("exit", () => drop(null));
    if (this.jobs.size === 0) worker.unref();
  }
}

let theFarm: KeyFarm | undefined;
function farm(): KeyFarm {
  return (theFarm ??= new KeyFarm(Math.max(0, Math.min(3, availableParallelism() - 1))));
}
