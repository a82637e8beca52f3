// join's download-certs: the kubeadm-certs Secret decrypted with the certificate key (AES-GCM as
// Go's gcm.Seal lays it out: nonce ‖ ciphertext ‖ tag; checked with a GCM known-answer vector and
// against our own upload side), each value written as a key (0600) or a certificate (0644) as
// upstream's writeCertOrKey classifies it, unknown data refused, nothing done for a worker.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DryRunClient } from "../../../src/client/index.js";
import { buildKubeadmCertsSecret, certOrKeyKind, certsOwnerReference, bufferWriter } from "../../../src/cluster/index.js";
import { decryptBytes, decodeCertificateKey } from "../../../src/cluster/certs-crypto.js";
import { downloadCerts } from "../../../src/phases/join/control-plane-prepare.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import { TEST_CA_CERT as CERT } from "./join-fixtures.js";


const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const ed = generateKeyPairSync("ed25519");
const pem = (k: { export(o: object): string | Buffer }, o: object): string => String(k.export(o));

describe("AES-GCM values of kubeadm-certs", () => {
  it("decrypts the GCM spec's AES-256 test case 14 laid out as nonce ‖ ciphertext ‖ tag", () => {
    const sealed = Buffer.concat([Buffer.alloc(12), Buffer.from("cea7403d4d606b6e074ec5d3baf39d18", "hex"), Buffer.from("d0d1c8a799996bf0265b98b5d48ab919", "hex")]);
    expect(decryptBytes(sealed, Buffer.alloc(32)).equals(Buffer.alloc(16))).toBe(true);
  });
});

describe("certOrKeyKind (upstream writeCertOrKey)", () => {
  it("private keys in PKCS#1, SEC 1 and PKCS#8 are keys; public keys and certificates are certs", () => {
    expect(certOrKeyKind(Buffer.from(pem(rsa.privateKey, { type: "pkcs1", format: "pem" })))).toBe("key");
    expect(certOrKeyKind(Buffer.from(pem(ec.privateKey, { type: "sec1", format: "pem" })))).toBe("key");
    expect(certOrKeyKind(Buffer.from(pem(rsa.privateKey, { type: "pkcs8", format: "pem" })))).toBe("key");
    expect(certOrKeyKind(Buffer.from(pem(rsa.publicKey, { type: "spki", format: "pem" })))).toBe("cert");
    expect(certOrKeyKind(Buffer.from(pem(rsa.publicKey, { type: "pkcs1", format: "pem" })))).toBe("cert");
    expect(certOrKeyKind(Buffer.from(CERT))).toBe("cert");
  });
  it("neither: no PEM, an Ed25519 key (client-go parses RSA and ECDSA only), garbage in a PEM block", () => {
    expect(certOrKeyKind(Buffer.from("content of ca.crt"))).toBeUndefined();
    expect(certOrKeyKind(Buffer.from(pem(ed.publicKey, { type: "spki", format: "pem" })))).toBeUndefined();
    expect(certOrKeyKind(Buffer.from("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))).toBeUndefined();
  });
});

function joinData(over: Partial<JoinData> & { files: Map<string, Buffer | null>; key: string; dir: string; controlPlane?: boolean; certificateKey?: string }): { data: JoinData; out: ReturnType<typeof bufferWriter> } {
  const out = bufferWriter();
  const client = new DryRunClient({ writer: bufferWriter() });
  const secret = buildKubeadmCertsSecret(over.files, decodeCertificateKey(over.key), certsOwnerReference("bootstrap-token-abcdef", "uid"));
  client.tracker.create("secrets", "kube-system", secret as never);
  const cluster = { certificatesDir: "/etc/kubernetes/pki", etcd: { local: { dataDir: "/var/lib/etcd", extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] } } };
  const data = {
    cfg: { controlPlane: over.controlPlane === false ? undefined : { certificateKey: over.certificateKey ?? over.key, localAPIEndpoint: { advertiseAddress: "10.0.0.2", bindPort: 6443 } } },
    dryRun: true,
    out,
    verbosity: 0,
    log: { info: () => undefined, warn: () => undefined },
    initCfg: async () => ({ clusterConfiguration: cluster }),
    certificateWriteDir: async () => over.dir,
    client: async () => client,
  } as unknown as JoinData;
  return { data, out };
}

describe("download-certs phase", () => {
  const key = "0123456789abcdef".repeat(4);
  const files = (): Map<string, Buffer | null> =>
    new Map<string, Buffer | null>([
      ["ca.crt", Buffer.from(CERT)],
      ["ca.key", Buffer.from(pem(ec.privateKey, { type: "sec1", format: "pem" }))],
      ["sa.key", Buffer.from(pem(rsa.privateKey, { type: "pkcs1", format: "pem" }))],
      ["sa.pub", Buffer.from(pem(rsa.publicKey, { type: "spki", format: "pem" }))],
      ["front-proxy-ca.crt", Buffer.from(CERT)],
      ["front-proxy-ca.key", Buffer.from(pem(ec.privateKey, { type: "sec1", format: "pem" }))],
      ["etcd/ca.crt", Buffer.from(CERT)],
      ["etcd/ca.key", null],
    ]);

  it("writes every non-empty value with a key's or a certificate's mode, as upstream's lines say", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-dl-"));
    const { data, out } = joinData({ files: files(), key, dir });
    await downloadCerts(data);
    expect(out.text()).toBe(
      `[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n[download-certs] Saving the certificates to the folder: "${dir}"\n`,
    );
    const mode = (f: string) => statSync(join(dir, f)).mode & 0o777;
    expect([mode("ca.crt"), mode("ca.key"), mode("sa.key"), mode("sa.pub"), mode("front-proxy-ca.crt"), mode("front-proxy-ca.key"), mode("etcd/ca.crt")]).toEqual([0o644, 0o600, 0o600, 0o644, 0o644, 0o600, 0o644]);
    expect(statSync(join(dir, "etcd")).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, "ca.crt"), "utf8")).toBe(CERT);
    expect(existsSync(join(dir, "etcd/ca.key"))).toBe(false);
  });

  it("a wrong key, unknown data and a missing entry fail as upstream words them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-dl-"));
    await expect(downloadCerts(joinData({ files: files(), key, certificateKey: "ff".repeat(32), dir }).data)).rejects.toThrow(
      "error downloading certs: error decoding secret data with provided key: cipher: message authentication failed",
    );
    const bad = files();
    bad.set("sa.pub", Buffer.from("not pem"));
    await expect(downloadCerts(joinData({ files: bad, key, dir }).data)).rejects.toThrow("error downloading certs: unknown data found in Secret entry");
    const missing = files();
    missing.delete("sa.pub");
    await expect(downloadCerts(joinData({ files: missing, key, dir }).data)).rejects.toThrow(
      "error downloading certs: the Secret does not include the required certificate or key - name: sa.pub, path: " + join(dir, "sa.pub"),
    );
  });

  it("does nothing for a worker or without a certificate key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-dl-"));
    const w = joinData({ files: files(), key, dir, controlPlane: false });
    await downloadCerts(w.data);
    const nokey = joinData({ files: files(), key, dir, certificateKey: "" });
    await downloadCerts(nokey.data);
    expect(w.out.text() + nokey.out.text()).toBe("");
  });
});
