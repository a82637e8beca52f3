// Private keys come only from OpenSSL (node:crypto's generateKeyPair): every algorithm kubeadm
// offers gives a key of that type and size, in upstream's PEM form, that `openssl pkey -check`
// accepts; and src/ has no key-generation arithmetic of its own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { encodePrivateKeyPem, generatePrivateKey } from "../../../src/pki/keys.js";

const dir = mkdtempSync(path.join(tmpdir(), "keys-"));
const CASES = [
  { algorithm: "RSA-2048", pemType: "RSA PRIVATE KEY", text: /Private-Key: \(2048 bit, 2 primes\)/ },
  { algorithm: "RSA-3072", pemType: "RSA PRIVATE KEY", text: /Private-Key: \(3072 bit, 2 primes\)/ },
  { algorithm: "RSA-4096", pemType: "RSA PRIVATE KEY", text: /Private-Key: \(4096 bit, 2 primes\)/ },
  { algorithm: "ECDSA-P256", pemType: "EC PRIVATE KEY", text: /ASN1 OID: prime256v1/ },
  { algorithm: "ECDSA-P384", pemType: "EC PRIVATE KEY", text: /ASN1 OID: secp384r1/ },
];

describe("private keys from OpenSSL", () => {
  for (const c of CASES) {
    it(`${c.algorithm}: the right type and size, upstream's PEM block, openssl pkey -check passes`, { timeout: 60_000 }, async () => {
      const key = await generatePrivateKey(c.algorithm);
      const pem = encodePrivateKeyPem(key);
      expect(pem.startsWith(`-----BEGIN ${c.pemType}-----\n`)).toBe(true);
      const file = path.join(dir, `${c.algorithm}.key`);
      writeFileSync(file, pem, { mode: 0o600 });
      const check = execFileSync("openssl", ["pkey", "-in", file, "-check", "-noout"], { encoding: "utf8" });
      expect(check).toMatch(/Key is valid/);
      expect(execFileSync("openssl", ["pkey", "-in", file, "-noout", "-text"], { encoding: "utf8" })).toMatch(c.text);
      if (key.spec.kind === "rsa") {
        expect(key.privateKey.asymmetricKeyDetails?.publicExponent).toBe(65537n);
      }
    });
  }

  it("two keys are never the same", async () => {
    const [a, b] = await Promise.all([generatePrivateKey("ECDSA-P256"), generatePrivateKey("ECDSA-P256")]);
    expect(encodePrivateKeyPem(a)).not.toBe(encodePrivateKeyPem(b));
  });

  it("src/ has no prime search, Miller-Rabin or modular exponentiation of its own", () => {
    const src = path.resolve(__dirname, "../../../src");
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = path.join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk(src);
    const offenders = files.filter((f) => /millerRabin|miller-rabin|modPow|modexp|probablePrime|isProbablePrime|sieve|worker_threads/i.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => path.relative(src, f))).toEqual([]);
    expect(files.some((f) => /rsa-(kernel|keygen|prime-farm)/.test(f))).toBe(false);
  });
});
