// RSA private keys for kubeadm: primes as rsa-kernel.ts finds them (spread over threads by
// rsa-prime-farm.ts), the PKCS#1 key loaded into a Node KeyObject, and every key checked before
// it is handed out.
import * as nodeCrypto from "node:crypto";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { kernel, primeFarm, RsaKeyError } from "./rsa-prime-farm.js";

export { RsaKeyError } from "./rsa-prime-farm.js";
export { rsaFarmStats as rsaKeygenStats } from "./rsa-prime-farm.js";

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
  return loadCheckedRsaKeyAsync(await keyFromFarm(bits), bits);
}

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1024 || bits % 2 !== 0 || bits > 8192) {
    throw new RsaKeyError(`rsa: unsupported key size ${bits}`);
  }
}

/** The PKCS#1 DER of a new key: two primes from the farm, assembled here (retried as Go does). */
async function keyFromFarm(bits: number): Promise<Uint8Array> {
  for (;;) {
    const [p, q] = await Promise.all([primeFarm().prime((bits + 1) >> 1), primeFarm().prime(bits >> 1)]);
    const r = kernel().assemble(p, q, bits);
    if ("der" in r) return r.der;
    if ("error" in r) throw new RsaKeyError(r.error);
  }
}

/**
 * Starts the primes of `keys` RSA keys of `bits` bits ahead of need, on worker threads: for a
 * command that will generate keys, called before it has loaded its configuration. What is not
 * asked for is dropped at exit (or by settleRsaSpeculation).
 */
export function speculateRsaKeys(bits: number, keys: number): void {
  checkBits(bits);
  primeFarm().speculate(bits >> 1, 2 * keys);
}

/** The command now knows its key size (undefined: no RSA keys): drops other speculation. */
export function settleRsaSpeculation(bits: number | undefined): void {
  primeFarm().cancelSpeculation(bits === undefined ? undefined : bits >> 1);
}
