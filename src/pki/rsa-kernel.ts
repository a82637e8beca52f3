// RSA key generation with the acceptance rules of FIPS 186-5 Appendix A.1.3 and of Go's crypto/rsa
// (crypto/internal/fips140/rsa/keygen.go, Go 1.26, the toolchain upstream kubeadm v1.36.3 is
// built with): odd candidates of exactly the prime size with the top two bits set,
// gcd(p-1, e) = 1, Miller-Rabin with Go's round counts, |p - q| > 2^(nlen/2-100), d > 2^(nlen/2).
//
// Where the candidates come from differs from Go, for speed: Go draws a fresh random number for
// every candidate and trial-divides it by the primes below 2^11. Here a fresh random start S
// opens a window of WINDOW odd numbers S, S+2, ...; one sieve over the window by every odd
// prime below 2^16 (and by e, for the p mod e = 1 rule) leaves about one number in ten, and
// those survivors are Miller-Rabin tested in uniformly random order until one is prime. A
// window is never reused: each prime gets its own random start. Against Go's search this
// halves the modular exponentiations per prime (~36 instead of ~57; they are ~90% of the
// cost), and unlike the classic incremental search (the first prime after S, which favours
// primes that follow long gaps) the random order makes every prime of a window equally
// likely, so the output distribution stays close to uniform.
//
// Why not crypto.generateKeyPair: OpenSSL 3 takes the SP 800-56B route for e = 65537 (auxiliary
// primes) and never runs fewer than 64 Miller-Rabin rounds per prime (BN_check_prime raises
// any smaller count, so crypto.checkPrime({checks}) cannot help either). For random
// candidates a handful of rounds already gives a false-positive rate far below 2^-100
// (Damgard-Landrock-Pomerance; FIPS 186-5 Table B.1), which is why Go and BoringSSL use them.
//
// The modular exponentiation is OpenSSL's: a raw RSA public operation (no padding) with
// modulus = candidate and exponent = (candidate-1)/2^a computes b^m mod w in constant-size
// native code, about 10x faster than BigInt.
//
// This file must stay self-contained: `rsaKernel` is shipped to worker threads as source
// text (Function.prototype.toString), so it may refer to nothing outside its own body.

/** What the kernel needs from node:crypto (passed in, so the worker can give its own). */
export interface KernelCrypto {
  randomFillSync<T extends Uint8Array>(buf: T): T;
  createPublicKey(opts: { key: { kty: "RSA"; n: string; e: string }; format: "jwk" }): unknown;
  publicEncrypt(key: { key: never; padding: number }, data: Uint8Array): Buffer;
  constants: { RSA_NO_PADDING: number };
}

/** A resumable search for one prime. */
export interface PrimeSearch {
  /** Tests candidates until `maxTests` of them reached Miller-Rabin; the prime, or null. */
  step(maxTests: number): bigint | null;
}

export interface RsaKernel {
  /** A random probable prime of exactly `bits` bits, top two bits set, gcd(e, p-1) = 1. */
  findPrime(bits: number, fill?: (buf: Uint8Array) => void): bigint;
  /** The same search in slices (main thread); `fill` draws window starts (tests script it). */
  primeSearch(bits: number, fill?: (buf: Uint8Array) => void): PrimeSearch;
  /** The window offsets k (candidate start + 2k, k < count) that survive the sieve. */
  sieveWindow(start: bigint, count: number): Int32Array;
  /** Miller-Rabin with Go's round count for the size (after trial division). */
  isProbablePrime(w: bigint): boolean;
  /** The PKCS#1 RSAPrivateKey DER for primes p, q (e = 65537), or why they are unusable. */
  assemble(p: bigint, q: bigint, nlen: number): { der: Uint8Array } | { retry: string } | { error: string };
  bitLength(x: bigint): number;
}

export function rsaKernel(crypto: KernelCrypto): RsaKernel {
  const E = 65537n;
  const E_NUM = 65537;

  // The sieve primes: every odd prime below 2^16, grouped into products below 2^53 so that one
  // BigInt remainder per group (then Number arithmetic) gives a start's residue by each prime.
  const SIEVE_LIMIT = 1 << 16;
  // Odd numbers per window: about 5.8 primes and 200 sieve survivors each at 1024 bits.
  const WINDOW = 2048;
  const sievePrimes: number[] = [];
  const groups: { m: bigint; from: number; to: number }[] = [];
  {
    const composite = new Uint8Array(SIEVE_LIMIT);
    let from = 0;
    let prod = 1;
    for (let i = 3; i < SIEVE_LIMIT; i += 2) {
      if (composite[i]) continue;
      for (let j = i * i; j < SIEVE_LIMIT; j += 2 * i) composite[j] = 1;
      if (prod * i >= 2 ** 53) {
        groups.push({ m: BigInt(prod), from, to: sievePrimes.length });
        from = sievePrimes.length;
        prod = 1;
      }
      sievePrimes.push(i);
      prod *= i;
    }
    groups.push({ m: BigInt(prod), from, to: sievePrimes.length });
  }
  const residues = new Float64Array(sievePrimes.length);

  /** residues[j] = w mod sievePrimes[j] */
  function computeResidues(w: bigint): void {
    for (const g of groups) {
      const r = Number(w % g.m);
      for (let j = g.from; j < g.to; j++) residues[j] = r % sievePrimes[j]!;
    }
  }

  function bitLength(x: bigint): number {
    return x === 0n ? 0 : x.toString(2).length;
  }

  function toBytes(x: bigint, len: number): Buffer {
    return Buffer.from(x.toString(16).padStart(len * 2, "0"), "hex");
  }

  function fromBytes(b: Uint8Array): bigint {
    return BigInt(`0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")}`);
  }

  function base64url(x: bigint): string {
    let hex = x.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    return Buffer.from(hex, "hex").toString("base64url");
  }

  // DER: a length, an INTEGER (minimal two's complement, non-negative), a SEQUENCE.
  function derLength(n: number): number[] {
    if (n < 0x80) return [n];
    const out: number[] = [];
    while (n > 0) {
      out.unshift(n & 0xff);
      n = Math.floor(n / 256);
    }
    return [0x80 | out.length, ...out];
  }
  function derInteger(x: bigint): Buffer {
    let hex = x.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    let body = Buffer.from(hex, "hex");
    if (body[0]! & 0x80) body = Buffer.concat([Buffer.of(0), body]);
    return Buffer.concat([Buffer.of(0x02, ...derLength(body.length)), body]);
  }
  function derSequence(items: Buffer[]): Buffer {
    const body = Buffer.concat(items);
    return Buffer.concat([Buffer.of(0x30, ...derLength(body.length)), body]);
  }

  /**
   * x -> x^e mod w through OpenSSL's raw RSA public operation (no padding) with modulus w and
   * exponent e: w odd, e < w, inputs of exactly w's byte length and below w. The key goes in as
   * a JWK, which OpenSSL builds directly (half the cost of decoding a DER key).
   */
  function modPowBy(w: bigint, e: bigint): (x: Buffer) => Buffer {
    const key = crypto.createPublicKey({ key: { kty: "RSA", n: base64url(w), e: base64url(e) }, format: "jwk" }) as never;
    const padding = crypto.constants.RSA_NO_PADDING;
    return (x) => crypto.publicEncrypt({ key, padding }, x);
  }

  // Go's isPrime: rounds by size of w, after BoringSSL's table for random candidates
  // (worst-case error below 2^-security-level for that RSA size).
  function millerRabinRounds(bits: number): number {
    if (bits >= 3747) return 3;
    if (bits >= 1345) return 4;
    if (bits >= 476) return 5;
    if (bits >= 400) return 6;
    if (bits >= 347) return 7;
    if (bits >= 308) return 8;
    if (bits >= 55) return 27;
    return 34;
  }

  // Random bytes come out of one pool (one randomFillSync call per 64 KiB).
  let pool = Buffer.alloc(0);
  let poolOff = 0;
  function randomInto(buf: Uint8Array): void {
    if (poolOff + buf.length > pool.length) {
      pool = crypto.randomFillSync(Buffer.alloc(Math.max(65536, buf.length)));
      poolOff = 0;
    }
    buf.set(pool.subarray(poolOff, poolOff + buf.length));
    poolOff += buf.length;
  }
  const word = Buffer.alloc(4);
  /** A uniform integer in [0, n), 0 < n <= 2^32 (rejection sampling: no modulo bias). */
  function randomBelow(n: number): number {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      randomInto(word);
      const x = word.readUInt32BE(0);
      if (x < limit) return x % n;
    }
  }

  function isProbablePrime(w: bigint): boolean {
    if (w < 2n) return false;
    if (w < 2n ** 32n) {
      if (w === 2n) return true;
      if (w % 2n === 0n) return false;
      const n = Number(w);
      for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
      return true;
    }
    if (w % 2n === 0n) return false;
    computeResidues(w);
    for (let j = 0; j < residues.length; j++) if (residues[j] === 0) return false;
    return millerRabin(w);
  }

  const isOne = (x: Buffer): boolean => {
    for (let i = 0; i < x.length - 1; i++) if (x[i] !== 0) return false;
    return x[x.length - 1] === 1;
  };

  function millerRabin(w: bigint): boolean {
    const bits = bitLength(w);
    const len = (bits + 7) >> 3;
    const wMinus1 = w - 1n;
    const wMinus1Bytes = toBytes(wMinus1, len);
    let m = wMinus1;
    let a = 0;
    while ((m & 1n) === 0n) {
      m >>= 1n;
      a++;
    }
    const pow = modPowBy(w, m);
    let rounds = millerRabinRounds(bits);
    const buf = Buffer.alloc(len);
    const excess = len * 8 - bits;
    while (rounds > 0) {
      randomInto(buf);
      buf[0]! &= 0xff >> excess;
      // b must lie in [2, w-2]: out of range, draw again, as Go does
      if (buf.compare(wMinus1Bytes) >= 0 || isOne(buf) || buf.every((x) => x === 0)) continue;
      const zb = pow(buf);
      let maybePrime = isOne(zb) || zb.equals(wMinus1Bytes);
      if (!maybePrime && a > 1) {
        let z = fromBytes(zb);
        for (let i = 1; i < a; i++) {
          z = (z * z) % w;
          if (z === wMinus1) {
            maybePrime = true;
            break;
          }
          if (z === 1n) break;
        }
      }
      if (!maybePrime) return false;
      rounds--;
    }
    return true;
  }

  /**
   * The offsets k < count for which start + 2k has no odd prime factor below SIEVE_LIMIT and is
   * not 1 mod e. start is odd and above SIEVE_LIMIT (no candidate is itself a sieve prime).
   */
  function sieveWindow(start: bigint, count: number): Int32Array {
    const hit = new Uint8Array(count);
    computeResidues(start);
    // start + 2k = 0 (mod p)  <=>  k = (p - r) * 2^-1 (mod p), where 2^-1 = (p + 1) / 2
    for (let j = 0; j < sievePrimes.length; j++) {
      const p = sievePrimes[j]!;
      for (let k = ((p - residues[j]!) * ((p + 1) / 2)) % p; k < count; k += p) hit[k] = 1;
    }
    // start + 2k = 1 (mod e): FIPS 186-5 A.1.3 wants gcd(p - 1, e) = 1, and e is prime
    const re = Number(start % E);
    for (let k = (((1 - re + E_NUM) % E_NUM) * ((E_NUM + 1) / 2)) % E_NUM; k < count; k += E_NUM) hit[k] = 1;
    let n = 0;
    for (let k = 0; k < count; k++) if (!hit[k]) n++;
    const out = new Int32Array(n);
    n = 0;
    for (let k = 0; k < count; k++) if (!hit[k]) out[n++] = k;
    return out;
  }

  function primeSearch(bits: number, fill?: (buf: Uint8Array) => void): PrimeSearch {
    if (bits < 32) throw new Error("rsa: prime size must be at least 32 bits");
    const len = (bits + 7) >> 3;
    const excess = len * 8 - bits;
    const buf = Buffer.alloc(len);
    const top = 1n << BigInt(bits);
    let start = 0n;
    let survivors: Int32Array = new Int32Array(0);
    let tested = 0;
    function openWindow(): void {
      if (fill) fill(buf);
      else randomInto(buf);
      buf[0]! &= 0xff >> excess;
      // top two bits set: p > 3/2 * 2^(bits-1) > sqrt(2) * 2^(bits-1) (A.1.3 steps 4.4, 5.4),
      // so the product of two such primes has exactly 2*bits bits; and odd
      if (excess < 7) buf[0]! |= 0xc0 >> excess;
      else {
        buf[0]! |= 0x01;
        buf[1]! |= 0x80;
      }
      buf[len - 1]! |= 1;
      start = fromBytes(buf);
      // the window stays below 2^bits (a start among the last WINDOW odd numbers gets fewer)
      const room = Number((top - start + 1n) / 2n);
      survivors = sieveWindow(start, Math.min(WINDOW, room));
      tested = 0;
    }
    return {
      step(maxTests: number): bigint | null {
        for (let tests = 0; tests < maxTests; tests++) {
          while (tested >= survivors.length) openWindow();
          // a uniformly random untested survivor (an incremental Fisher-Yates shuffle)
          const j = tested + randomBelow(survivors.length - tested);
          const k = survivors[j]!;
          survivors[j] = survivors[tested]!;
          survivors[tested++] = k;
          const w = start + 2n * BigInt(k);
          if (millerRabin(w)) return w;
        }
        return null;
      },
    };
  }

  function findPrime(bits: number, fill?: (buf: Uint8Array) => void): bigint {
    const search = primeSearch(bits, fill);
    for (;;) {
      const p = search.step(Infinity);
      if (p !== null) return p;
    }
  }

  function modInverse(a: bigint, m: bigint): bigint | null {
    let [r0, r1] = [((a % m) + m) % m, m];
    let [s0, s1] = [1n, 0n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1] = [r1, r0 - q * r1];
      [s0, s1] = [s1, s0 - q * s1];
    }
    if (r0 !== 1n) return null;
    return ((s0 % m) + m) % m;
  }

  function gcd(a: bigint, b: bigint): bigint {
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
  }

  function assemble(p: bigint, q: bigint, nlen: number): { der: Uint8Array } | { retry: string } | { error: string } {
    if (p === q) return { error: "rsa: generated p == q, random source is broken" };
    const n = p * q;
    if (bitLength(n) !== nlen) return { error: "rsa: internal error: modulus size incorrect" };
    const diff = p > q ? p - q : q - p;
    // two primes of one window (a random source that repeated itself): about 2^-1000 likely
    // from a working source, so an error, not a retry (Go's p == q check, for windows)
    if (diff < BigInt(4 * WINDOW)) return { error: "rsa: generated p and q from the same window, random source is broken" };
    // |p - q| > 2^(nlen/2 - 100) (FIPS 186-5 A.1.3 step 5.5)
    if (bitLength(diff) <= nlen / 2 - 100) return { retry: "|p - q| too small" };
    // d = e^-1 mod lambda(n), lambda(n) = lcm(p-1, q-1) (FIPS 186-5 A.1.1 (3), as Go computes it)
    const pm1 = p - 1n;
    const qm1 = q - 1n;
    const lambda = (pm1 / gcd(pm1, qm1)) * qm1;
    const d = modInverse(E, lambda);
    if (d === null) return { retry: "e not invertible" };
    // d > 2^(nlen/2) (FIPS 186-5 A.1.1 (3))
    if (bitLength(d) <= nlen / 2) return { retry: "d too small" };
    const qInv = modInverse(q, p);
    if (qInv === null) return { error: "rsa: internal error: q not invertible mod p" };
    const der = derSequence([derInteger(0n), derInteger(n), derInteger(E), derInteger(d), derInteger(p), derInteger(q), derInteger(d % pm1), derInteger(d % qm1), derInteger(qInv)]);
    return { der: new Uint8Array(der) };
  }

  return { findPrime, primeSearch, sieveWindow, isProbablePrime, assemble, bitLength };
}
