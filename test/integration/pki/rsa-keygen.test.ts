import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { encodePrivateKeyPem, generatePrivateKeys } from "../../../src/pki/keys.js";
import { openssl, tmp } from "./helpers.js";

describe("generated RSA keys pass OpenSSL's consistency check", () => {
  for (const [alg, count] of [["RSA-2048", 4], ["RSA-3072", 2], ["RSA-4096", 2]] as const) {
    it(`${alg}: openssl rsa -check, modulus size, exponent`, { timeout: 120_000 }, async () => {
      const dir = tmp("rsa-check");
      const keys = await generatePrivateKeys(alg, count);
      for (const [i, key] of keys.entries()) {
        const file = path.join(dir, `k${i}.key`);
        const pem = encodePrivateKeyPem(key);
        expect(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).toBe(true);
        writeFileSync(file, pem, { mode: 0o600 });
        expect(openssl("rsa", "-check", "-noout", "-in", file).trim()).toBe("RSA key ok");
        const text = openssl("rsa", "-text", "-noout", "-in", file);
        expect(text).toContain(`Private-Key: (${alg.slice(4)} bit, 2 primes)`);
        expect(text).toContain("publicExponent: 65537 (0x10001)");
      }
    });
  }
});
