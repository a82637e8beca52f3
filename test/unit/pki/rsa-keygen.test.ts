import * as crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { rsaKernel, type KernelCrypto } from "../../../src/pki/rsa-kernel.js";
import { generateRsaKey, loadCheckedRsaKey, rsaKeygenStats } from "../../../src/pki/rsa-keygen.js";
import { generatePrivateKeys } from "../../../src/pki/keys.js";
import { primeFarm } from "../../../src/pki/rsa-prime-farm.js";

const kernel = rsaKernel(crypto as unknown as KernelCrypto);

const toBig = (b: Buffer | undefined): bigint => BigInt(`0x${b!.toString("hex")}`);
const bits = (x: bigint): number => x.toString(2).length;

/** The integers of a PKCS#1 RSAPrivateKey, via Node's JWK export. */
function keyParts(key: crypto.KeyObject) {
  const j = key.export({ format: "jwk" });
  const n = (s: string | undefined) => toBig(Buffer.from(s!, "base64url"));
  return { n: n(j.n), e: n(j.e), d: n(j.d), p: n(j.p), q: n(j.q), dp: n(j.dp), dq: n(j.dq), qi: n(j.qi) };
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** Hands out the given candidate byte strings in order, then fails the test if asked for more. */
function scriptedRandom(values: bigint[], len: number): (buf: Uint8Array) => void {
  let i = 0;
  return (buf) => {
    expect(buf.length).toBe(len);
    if (i >= values.length) throw new Error("scripted random source exhausted");
    buf.set(Buffer.from(values[i++]!.toString(16).padStart(len * 2, "0"), "hex"));
  };
}

/** A random prime of `b` bits with the top two bits set (what the kernel itself would accept). */
function primeWithTopBits(b: number): bigint {
  for (;;) {
    const p = crypto.generatePrimeSync(b, { bigint: true });
    if (p >> BigInt(b - 2) === 3n && p % 65537n !== 1n) return p;
  }
}

/** The largest 1024-bit prime that is not 1 mod e (its window holds no other prime). */
let pMaxCache: bigint | undefined;
function largestUsablePrime(): bigint {
  if (pMaxCache) return pMaxCache;
  let c = (1n << 1024n) - 1n;
  while (!crypto.checkPrimeSync(c) || c % 65537n === 1n) c -= 2n;
  return (pMaxCache = c);
}

describe("RSA key generation (FIPS 186-5 A.1.3, Go's parameters)", () => {
  for (const size of [2048, 3072, 4096]) {
    it(`RSA-${size}: exact modulus size, e = 65537, FIPS 186-5 bounds, consistent CRT values, sign/verify`, { timeout: 60_000 }, async () => {
      const key = await generateRsaKey(size);
      const k = keyParts(key);
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(size);
      expect(bits(k.n)).toBe(size);
      expect(k.e).toBe(65537n);
      expect(k.p * k.q).toBe(k.n);
      expect(k.p).not.toBe(k.q);
      expect(bits(k.p)).toBe(size / 2);
      expect(bits(k.q)).toBe(size / 2);
      // top two bits of each prime set
      expect(k.p >> BigInt(size / 2 - 2)).toBe(3n);
      expect(k.q >> BigInt(size / 2 - 2)).toBe(3n);
      const diff = k.p > k.q ? k.p - k.q : k.q - k.p;
      expect(bits(diff)).toBeGreaterThan(size / 2 - 100);
      expect(gcd(k.e, k.p - 1n)).toBe(1n);
      expect(gcd(k.e, k.q - 1n)).toBe(1n);
      // d = e^-1 mod lcm(p-1, q-1), and d > 2^(nlen/2)
      const lambda = ((k.p - 1n) * (k.q - 1n)) / gcd(k.p - 1n, k.q - 1n);
      expect((k.e * k.d) % lambda).toBe(1n);
      expect(k.d < lambda).toBe(true);
      expect(bits(k.d)).toBeGreaterThan(size / 2);
      expect(k.dp).toBe(k.d % (k.p - 1n));
      expect(k.dq).toBe(k.d % (k.q - 1n));
      expect((k.qi * k.q) % k.p).toBe(1n);
      const sig = crypto.sign("sha256", Buffer.from("x"), key);
      expect(crypto.verify("sha256", Buffer.from("x"), crypto.createPublicKey(key), sig)).toBe(true);
      expect(kernel.isProbablePrime(k.p) && kernel.isProbablePrime(k.q)).toBe(true);
    });
  }

  it("the sieve keeps exactly the window's numbers with no odd prime factor below 2^16 that are not 1 mod e", () => {
    const start = toBig(crypto.randomBytes(128)) | 1n | (3n << 1022n);
    const count = 300;
    const small: bigint[] = [];
    for (let d = 3; d < 65536; d += 2) if (crypto.checkPrimeSync(BigInt(d))) small.push(BigInt(d));
    const expected: number[] = [];
    for (let k = 0; k < count; k++) {
      const c = start + 2n * BigInt(k);
      if (c % 65537n !== 1n && small.every((d) => c % d !== 0n)) expected.push(k);
    }
    expect([...kernel.sieveWindow(start, count)]).toEqual(expected);
    // every prime of the window survives it
    for (let k = 0; k < count; k++) if (crypto.checkPrimeSync(start + 2n * BigInt(k)) && (start + 2n * BigInt(k)) % 65537n !== 1n) expect(expected).toContain(k);
  });

  it("a window's primes are tested in random order: every prime of it can come out, not only the first", () => {
    // a random start whose window (2048 odd numbers) holds at least three usable primes
    let start = 0n;
    let primes: bigint[] = [];
    while (primes.length < 3) {
      start = toBig(crypto.randomBytes(128)) | 1n | (3n << 1022n);
      primes = [...kernel.sieveWindow(start, 2048)].map((k) => start + 2n * BigInt(k)).filter((c) => crypto.checkPrimeSync(c));
    }
    const seen = new Set<bigint>();
    for (let i = 0; i < 60; i++) seen.add(kernel.findPrime(1024, scriptedRandom([start], 128)));
    for (const p of seen) expect(primes).toContain(p);
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].some((p) => p !== primes[0])).toBe(true);
  });

  it("a window stops below 2^bits; a window without a prime moves on to a fresh random start", () => {
    const pMax = largestUsablePrime();
    // 2^1024 - 1 is divisible by 3: its window is that one number, and nothing survives
    expect(kernel.findPrime(1024, scriptedRandom([(1n << 1024n) - 1n, pMax], 128))).toBe(pMax);
  });

  it("Miller-Rabin, not Fermat: a Carmichael number with large factors is composite", () => {
    // Chernick: (6k+1)(12k+1)(18k+1) is a Carmichael number when all three factors are prime
    let n = 0n;
    for (let k = 400n; n === 0n; k++) {
      const f = [6n * k + 1n, 12n * k + 1n, 18n * k + 1n];
      if (f.every((x) => crypto.checkPrimeSync(x))) n = f[0]! * f[1]! * f[2]!;
    }
    // it fools the Fermat test to base 2
    const fermat = (() => {
      let r = 1n, b = 2n, e = n - 1n;
      while (e > 0n) { if (e & 1n) r = (r * b) % n; b = (b * b) % n; e >>= 1n; }
      return r;
    })();
    expect(fermat).toBe(1n);
    for (let i = 0; i < 20; i++) expect(kernel.isProbablePrime(n)).toBe(false);
    expect(kernel.isProbablePrime(2n ** 127n - 1n)).toBe(true);
    expect(kernel.isProbablePrime(2n ** 128n + 1n)).toBe(false);
    expect([2n, 3n, 5n, 2039n].map(kernel.isProbablePrime)).toEqual([true, true, true, true]);
    expect([0n, 1n, 4n, 561n, 2047n].map(kernel.isProbablePrime)).toEqual([false, false, false, false, false]);
  });

  it("window starts get the top two bits and the low bit forced, as Go's randomPrime does", () => {
    const pMax = largestUsablePrime();
    // the source returns the prime with its top two bits and low bit cleared
    const mangled = pMax & ~(3n << 1022n) & ~1n;
    expect(kernel.findPrime(1024, scriptedRandom([mangled], 128))).toBe(pMax);
  });

  it("a search run in slices stops after its Miller-Rabin budget and ends on the same prime", () => {
    const pMax = largestUsablePrime();
    const room = Number(((1n << 1024n) - pMax + 1n) / 2n);
    const survivors = kernel.sieveWindow(pMax, room).length;
    // count the candidates that reach Miller-Rabin: each builds one OpenSSL key
    let keys = 0;
    const counting = { ...crypto, createPublicKey: (o: never) => (keys++, crypto.createPublicKey(o)) } as unknown as KernelCrypto;
    const search = rsaKernel(counting).primeSearch(1024, scriptedRandom([pMax], 128));
    let steps = 0;
    let p: bigint | null = null;
    while (p === null) {
      const before = keys;
      p = search.step(1);
      expect(keys - before).toBe(1);
      steps++;
    }
    expect(p).toBe(pMax);
    expect(steps).toBeLessThanOrEqual(survivors);
  });

  it("a broken random source that repeats itself is an error (p and q from one window)", async () => {
    const prime = primeWithTopBits(1024);
    const fill = (buf: Uint8Array) => buf.set(Buffer.from(prime.toString(16), "hex"));
    await expect(generateRsaKey(2048, { random: fill })).rejects.toThrow(/^rsa: generated (p == q|p and q from the same window), random source is broken$/);
  });

  it("p and q too close together are thrown away (|p - q| <= 2^(nlen/2 - 100))", () => {
    const p = primeWithTopBits(1024);
    const nextUsablePrime = (x: bigint): bigint => {
      while (!crypto.checkPrimeSync(x) || x % 65537n === 1n) x += 2n;
      return x;
    };
    // far enough apart to come from two windows, too close for FIPS 186-5: drawn again, as in Go
    expect(kernel.assemble(p, nextUsablePrime(p + (1n << 20n)), 2048)).toEqual({ retry: "|p - q| too small" });
    // within one window's reach: only a repeating random source does that
    expect(kernel.assemble(p, nextUsablePrime(p + 2n), 2048)).toEqual({ error: "rsa: generated p and q from the same window, random source is broken" });
    const q2 = primeWithTopBits(1024);
    expect("der" in kernel.assemble(p, q2, 2048)).toBe(true);
  });

  it("primes that make n one bit short are an internal error, not a key", () => {
    // primes just above 2^1023 (top bits 10, which the kernel never draws) give a 2047-bit n
    const nextPrime = (x: bigint): bigint => {
      let c = x | 1n;
      while (!crypto.checkPrimeSync(c)) c += 2n;
      return c;
    };
    const p = nextPrime((1n << 1023n) + toBig(crypto.randomBytes(100)));
    const q = nextPrime((1n << 1023n) + toBig(crypto.randomBytes(100)));
    expect(bits(p * q)).toBe(2047);
    expect(kernel.assemble(p, q, 2048)).toEqual({ error: "rsa: internal error: modulus size incorrect" });
    expect(kernel.assemble(p, p, 2048)).toEqual({ error: "rsa: generated p == q, random source is broken" });
  });

  it("loadCheckedRsaKey refuses a key of the wrong size", async () => {
    const key = await generateRsaKey(2048);
    const der = key.export({ format: "der", type: "pkcs1" });
    expect(() => loadCheckedRsaKey(der, 3072)).toThrow("rsa: generated key is not a 3072-bit RSA key with e = 65537");
    expect(loadCheckedRsaKey(der, 2048).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("several keys at once are shared between the main thread and a worker", { timeout: 120_000 }, async () => {
    const before = { ...rsaKeygenStats };
    // primes found ahead (an earlier RSA-3072 key's last search) are used first and not counted again
    const spares = primeFarm().counts(1536).spare;
    const keys = await generatePrivateKeys("RSA-3072", 6);
    expect(new Set(keys.map((k) => k.publicKey.export({ format: "der", type: "spki" }).toString("hex"))).size).toBe(6);
    const main = rsaKeygenStats.mainThread - before.mainThread;
    const workers = rsaKeygenStats.workers - before.workers;
    // 12 primes used; at the end the main thread also searches for the size a worker is still
    // busy with, so a thread may find one more than asked (kept as a spare)
    expect(main + workers).toBeGreaterThanOrEqual(12 - spares);
    expect(main + workers).toBeLessThanOrEqual(12 - spares + 2);
    expect(workers).toBeGreaterThan(0);
    for (const k of keys) expect(k.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });
});
