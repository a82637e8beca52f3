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
// The unit of work is one prime (not one key), so that the threads finish close together.

interface Job {
  bits: number;
  resolve(prime: bigint): void;
  reject(err: unknown): void;
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  job: Job | null;
}

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const kernel = (${rsaKernel.toString()})(require("node:crypto"));
parentPort.on("message", (m) => {
  try {
    parentPort.postMessage({ prime: kernel.findPrime(m.bits) });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
});
parentPort.postMessage({ ready: true });
`;

/** How many primes the main thread and the workers have found (tests, benchmarks). */
export const rsaKeygenStats = { mainThread: 0, workers: 0 };

class KeyFarm {
  private readonly queue: Job[] = [];
  private readonly workers: PoolWorker[] = [];
  private mainBusy = false;

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
      this.queue.push({ bits, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const w of this.workers) {
      if (w.ready && !w.job && this.queue.length > 0) this.assign(w, this.queue.shift()!);
    }
    // more work than hands: start workers first (they pick jobs up once booted, ~40 ms)
    const waiting = this.queue.length - (this.mainBusy ? 0 : 1) - this.workers.filter((w) => !w.ready).length;
    for (let i = 0; i < waiting && this.workers.length < this.maxWorkers; i++) this.spawn();
    if (!this.mainBusy && this.queue.length > 0) {
      this.mainBusy = true;
      // started on the next turn, so that a caller queueing several keys queues them all first,
      // and so that I/O and signing waiting on the main thread get a turn between primes
      setImmediate(() => {
        const job = this.queue.shift();
        if (job) {
          try {
            const prime = kernel().findPrime(job.bits);
            rsaKeygenStats.mainThread++;
            job.resolve(prime);
          } catch (err) {
            job.reject(err);
          }
        }
        this.mainBusy = false;
        this.pump();
      });
    }
  }

  private assign(w: PoolWorker, job: Job): void {
    w.job = job;
    w.worker.ref();
    w.worker.postMessage({ bits: job.bits });
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const w: PoolWorker = { worker, ready: false, job: null };
    this.workers.push(w);
    const drop = (): void => {
      const i = this.workers.indexOf(w);
      if (i < 0) return;
      this.workers.splice(i, 1);
      // a worker that dies is not replaced: the main thread carries on alone
      this.maxWorkers = 0;
      if (w.job) this.queue.unshift(w.job);
      w.job = null;
      this.pump();
    };
    worker.on("message", (m: { ready?: boolean; prime?: bigint; error?: string }) => {
      if (m.ready) w.ready = true;
      else {
        const job = w.job!;
        w.job = null;
        if (typeof m.prime === "bigint") {
          rsaKeygenStats.workers++;
          job.resolve(m.prime);
        } else job.reject(new RsaKeyError(m.error ?? "rsa: prime generation failed"));
      }
      worker.unref();
      this.pump();
    });
    worker.on("error", drop);
    worker.on("exit", drop);
    worker.unref();
  }
}

let theFarm: KeyFarm | undefined;
function farm(): KeyFarm {
  return (theFarm ??= new KeyFarm(Math.max(0, Math.min(3, availableParallelism() - 1))));
}
