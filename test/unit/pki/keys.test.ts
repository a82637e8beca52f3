import { createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENCRYPTION_ALGORITHMS, keySpecFor } from "../../../src/pki/algorithm.js";
import { encodePrivateKeyPem, encodePublicKeyPem, generatePrivateKey, parsePrivateKeyPem } from "../../../src/pki/keys.js";
import { signatureAlgorithmFor } from "../../../src/pki/signer.js";

const expected: Record<string, { type: string; size: number | string; header: string; hash: string }> = {
  "RSA-2048": { type: "rsa", size: 2048, header: "RSA PRIVATE KEY", hash: "sha256" },
  "RSA-3072": { type: "rsa", size: 3072, header: "RSA PRIVATE KEY", hash: "sha256" },
  "RSA-4096": { type: "rsa", size: 4096, header: "RSA PRIVATE KEY", hash: "sha256" },
  "ECDSA-P256": { type: "ec", size: "prime256v1", header: "EC PRIVATE KEY", hash: "sha256" },
  "ECDSA-P384": { type: "ec", size: "secp384r1", header: "EC PRIVATE KEY", hash: "sha384" },
};

describe("keys", () => {
  for (const alg of ENCRYPTION_ALGORITHMS) {
    it(`${alg}: key type/size, PEM headers, round trip, signature hash`, { timeout: 60_000 }, async () => {
      const key = await generatePrivateKey(alg);
      const e = expected[alg]!;
      expect(key.privateKey.asymmetricKeyType).toBe(e.type);
      const d = key.privateKey.asymmetricKeyDetails!;
      expect(d.modulusLength ?? d.namedCurve).toBe(e.size);
      if (e.type === "rsa") expect(d.publicExponent).toBe(65537n);
      const pem = encodePrivateKeyPem(key);
      expect(pem.startsWith(`-----BEGIN ${e.header}-----\n`)).toBe(true);
      expect(pem.endsWith(`-----END ${e.header}-----\n`)).toBe(true);
      expect(encodePublicKeyPem(key).startsWith("-----BEGIN PUBLIC KEY-----\n")).toBe(true);
      const back = parsePrivateKeyPem(pem);
      expect(back.spec).toEqual(key.spec);
      expect(signatureAlgorithmFor(key).hash).toBe(e.hash);
    });
  }
  it("empty algorithm means RSA-2048; unknown is upstream's error", () => {
    expect(keySpecFor("")).toEqual({ kind: "rsa", modulusLength: 2048 });
    expect(() => keySpecFor("DSA-1024")).toThrow('cannot obtain key size from unknown RSA algorithm: "DSA-1024"');
  });
  it("loads PKCS#8 keys too, and rejects non-RSA/ECDSA keys and garbage", async () => {
    const key = await generatePrivateKey("ECDSA-P256");
    const pkcs8 = key.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    expect(parsePrivateKeyPem(pkcs8).spec).toEqual({ kind: "ec", namedCurve: "P-256" });
    const ed = createPrivateKey({ key: Buffer.from("302e020100300506032b657004220420" + "11".repeat(32), "hex"), format: "der", type: "pkcs8" });
    expect(() => parsePrivateKeyPem(ed.export({ type: "pkcs8", format: "pem" }) as string)).toThrow("neither in RSA nor ECDSA format");
    expect(() => parsePrivateKeyPem("hello")).toThrow("data does not contain a valid RSA or ECDSA private key");
  });
});
