// RSA key generation as FIPS 186-5 Appendix A.1.3 describes it and as Go's crypto/rsa
// (crypto/internal/fips140/rsa/keygen.go, Go 1.26, the toolchain upstream kubeadm v1.36.3 is
// built with) does it: fresh random odd candidates with the top two bits set, trial division,
// then a few Miller-Rabin rounds chosen by prime size.
//
// Why not crypto.generateKeyPair: OpenSSL 3 takes the SP 800-56B route for e = 65537 (auxiliary
// primes) and never runs fewer than 64 Miller-Rabin rounds per prime (BN_check_prime raises
// any smaller count, so crypto.checkPrime({checks}) cannot help either). For random
// candidates a handful of rounds already gives a false-positive rate far below 2^-100
// (Damgard-Landrock-Pomerance; FIPS 186-5 Table B.1), which is why Go and BoringSSL use them.
//
// The modular exponentiation is OpenSSL's: a raw RSA public operation (no padding) with
// modulus = candidate and exponent = (candidate-1)/2^a computes b^m mod w in constant-size
// native code, about 15x faster than BigInt.
//
// This file must stay self-contained: `rsaKernel` is shipped to worker threads as source
// text (Function.prototype.toString), so it may refer to nothing outside its own body.

/** What the kernel needs from node:crypto (passed in, so the worker can give its own). */
export interface KernelCrypto {
  randomFillSync<T extends Uint8Array>(buf: T): T;
  createPublicKey(opts: { key: Buffer; format: "der"; type: "pkcs1" }): unknown;
  publicEncrypt(key: { key: never; padding: number }, data: Uint8Array): Buffer;
  constants: { RSA_NO_PADDING: number };
}

export interface RsaKernel {
  /** A random probable prime of exactly `bits` bits, top two bits set, gcd(e, p-1) = 1. */
  findPrime(bits: number, fill?: (buf: Uint8Array) => void): bigint;
  /** The same search in slices of at most `maxTests` Miller-Rabin candidates (main thread). */
  primeSearch(bits: number, fill?: (buf: Uint8Array) => void): { step(maxTests: number): bigint | null };
  /** Miller-Rabin with Go's round count for the size (after trial division). */
  isProbablePrime(w: bigint): boolean;
  /** The PKCS#1 RSAPrivateKey DER for primes p, q (e = 65537), or why they are unusable. */
  assemble(p: bigint, q: bigint, nlen: number): { der: Uint8Array } | { retry: string } | { error: string };
  bitLength(x: bigint): number;
}

export function rsaKernel(crypto: KernelCrypto): RsaKernel {
  const E = 65537n;

  // Trial division by the odd primes below 2^11 (Go's list stops at 1619; measured, limits
  // from 2^10 to 2^13 cost the same within noise: each extra group of primes costs about what
  // the Miller-Rabin rounds it saves do). The primes below 2^8 are tested first on the
  // candidate's bytes in int32 arithmetic (SMALL_GROUPS below), which rejects most candidates
  // before any BigInt exists; the rest, grouped into products below 2^45, take one BigInt
  // remainder by a single-digit divisor per group.
  const SIEVE_LIMIT = 2048;
  const BYTES_LIMIT = 256;
  const groups: { m: bigint; primes: number[] }[] = [];
  let largeFrom = 0; // first group of primes >= BYTES_LIMIT
  const smallPrimes: number[] = [];
  {
    const composite = new Uint8Array(SIEVE_LIMIT);
    let cur: number[] = [];
    let prod = 1;
    const flush = (): void => {
      if (cur.length > 0) groups.push({ m: BigInt(prod), primes: cur });
      cur = [];
      prod = 1;
    };
    for (let i = 3; i < SIEVE_LIMIT; i += 2) {
      if (composite[i]) continue;
      for (let j = i * i; j < SIEVE_LIMIT; j += 2 * i) composite[j] = 1;
      if (i < BYTES_LIMIT) smallPrimes.push(i);
      if (i >= BYTES_LIMIT && largeFrom === 0) {
        flush();
        largeFrom = groups.length;
      }
      if (prod * i >= 2 ** 45) flush();
      cur.push(i);
      prod *= i;
    }
    flush();
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
   * exponent e: w odd, e < w, inputs of exactly w's byte length and below w.
   */
  function modPowBy(w: bigint, e: bigint): (x: Buffer) => Buffer {
    const key = crypto.createPublicKey({ key: derSequence([derInteger(w), derInteger(e)]), format: "der", type: "pkcs1" }) as never;
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

  // The cheapest first filter: the odd primes below 2^8 in products below 2^15, so that a
  // remainder over 16-bit chunks stays in int32 arithmetic (r * 2^16 + chunk < 2^31). It
  // rejects about four candidates in five before any BigInt is made.
  const SMALL_GROUPS: { m: number; primes: number[] }[] = [];
  {
    let cur: number[] = [];
    let prod = 1;
    for (const p of smallPrimes) {
      if (prod * p >= 1 << 15) {
        SMALL_GROUPS.push({ m: prod, primes: cur });
        cur = [];
        prod = 1;
      }
      cur.push(p);
      prod *= p;
    }
    if (cur.length > 0) SMALL_GROUPS.push({ m: prod, primes: cur });
  }

  /** Whether an odd prime below 256 divides the big-endian number in b. */
  function bytesHaveSmallFactor(b: Uint8Array): boolean {
    const odd = b.length & 1;
    for (const g of SMALL_GROUPS) {
      const m = g.m;
      let r = odd ? b[0]! % m : 0;
      for (let i = odd; i < b.length; i += 2) r = ((r << 16) | (b[i]! << 8) | b[i + 1]!) % m;
      for (const p of g.primes) if (r % p === 0) return true;
    }
    return false;
  }

  /** Whether a prime of the remaining groups divides w. */
  function hasSmallFactor(w: bigint, from = 0): boolean {
    for (let k = from; k < groups.length; k++) {
      const g = groups[k]!;
      const r = Number(w % g.m);
      for (const p of g.primes) if (r % p === 0) return true;
    }
    return false;
  }

  // Candidates come out of one pool of random bytes (one randomFillSync call per 64 KiB).
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

  function isProbablePrime(w: bigint): boolean {
    if (w < 2n) return false;
    if (w < BigInt(SIEVE_LIMIT)) {
      if (w === 2n) return true;
      if (w % 2n === 0n) return false;
      for (let d = 3n; d * d <= w; d += 2n) if (w % d === 0n) return false;
      return true;
    }
    if (w % 2n === 0n || hasSmallFactor(w)) return false;
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
   * A prime search that can be run in slices: step(n) tries candidates until n of them reached
   * Miller-Rabin (about one modular exponentiation each) and returns the prime or null.
   */
  function primeSearch(bits: number, fill?: (buf: Uint8Array) => void): { step(maxTests: number): bigint | null } {
    if (bits < 16) throw new Error("rsa: prime size must be at least 16 bits");
    const len = (bits + 7) >> 3;
    const excess = len * 8 - bits;
    const buf = Buffer.alloc(len);
    return {
      step(maxTests: number): bigint | null {
        for (let tests = 0; tests < maxTests; ) {
          if (fill) fill(buf);
          else randomInto(buf);
          buf[0]! &= 0xff >> excess;
          // top two bits set: p > 3/2 * 2^(bits-1) > sqrt(2) * 2^(bits-1) (A.1.3 steps 4.4,
          // 5.4), and the product of two such primes has exactly 2*bits bits
          if (excess < 7) buf[0]! |= 0xc0 >> excess;
          else {
            buf[0]! |= 0x01;
            buf[1]! |= 0x80;
          }
          buf[len - 1]! |= 1;
          if (bytesHaveSmallFactor(buf)) continue;
          const w = fromBytes(buf);
          if (hasSmallFactor(w, largeFrom)) continue;
          // A.1.3 steps 4.5 / 5.6: gcd(p-1, e) = 1; e is prime, so p mod e != 1
          if (w % E === 1n) continue;
          tests++;
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
    // |p - q| > 2^(nlen/2 - 100) (FIPS 186-5 A.1.3 step 5.5)
    const diff = p > q ? p - q : q - p;
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

  return { findPrime, primeSearch, isProbablePrime, assemble, bitLength };
}
