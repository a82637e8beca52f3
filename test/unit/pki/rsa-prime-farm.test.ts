import * as crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { PrimeFarm, rsaFarmStats } from "../../../src/pki/rsa-prime-farm.js";

const bits = (x: bigint): number => x.toString(2).length;

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("PrimeFarm: primes searched ahead of need", () => {
  it("speculated primes are found by the worker and answer later requests at once", { timeout: 30_000 }, async () => {
    const farm = new PrimeFarm(1);
    const before = { ...rsaFarmStats };
    farm.speculate(512, 3);
    expect(farm.counts(512).outstanding).toBe(3);
    await until(() => farm.counts(512).spare === 3);
    expect(farm.counts(512).outstanding).toBe(0);
    expect(rsaFarmStats.workers - before.workers).toBe(3);
    const primes = await Promise.all([farm.prime(512), farm.prime(512), farm.prime(512)]);
    // no new search: all three were spares
    expect(rsaFarmStats.mainThread).toBe(before.mainThread);
    expect(farm.counts(512)).toEqual({ spare: 0, outstanding: 0 });
    expect(new Set(primes).size).toBe(3);
    for (const p of primes) {
      expect(bits(p)).toBe(512);
      expect(p >> 510n).toBe(3n);
      expect(crypto.checkPrimeSync(p)).toBe(true);
    }
    // asking beyond the spares starts a search again
    expect(crypto.checkPrimeSync(await farm.prime(512))).toBe(true);
  });

  it("withdrawn speculation does not delay the primes asked for, and a caller's own searches are kept", { timeout: 30_000 }, async () => {
    const farm = new PrimeFarm(1);
    farm.speculate(2048, 40);
    farm.cancelSpeculation();
    // at most the item the worker already claimed is still running
    expect(farm.counts(2048).outstanding).toBeLessThanOrEqual(1);
    const p = await farm.prime(512);
    expect(bits(p)).toBe(512);
    // keepBits: the speculation of that size stays
    farm.speculate(512, 5);
    farm.cancelSpeculation(512);
    expect(farm.counts(512).outstanding + farm.counts(512).spare).toBeGreaterThanOrEqual(5);
    // a waiting caller's search is never withdrawn
    const waiting = farm.prime(768);
    farm.cancelSpeculation();
    expect(bits(await waiting)).toBe(768);
  });

  it("no worker (one core): speculation does nothing and requests are served on the main thread", async () => {
    const farm = new PrimeFarm(0);
    farm.speculate(512, 4);
    expect(farm.counts(512)).toEqual({ spare: 0, outstanding: 0 });
    const before = rsaFarmStats.mainThread;
    expect(bits(await farm.prime(512))).toBe(512);
    expect(rsaFarmStats.mainThread).toBe(before + 1);
  });
});
