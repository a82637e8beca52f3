// renewCertificate / renewAll with the local CAs: renewed certificates (files and kubeconfig-
// embedded) verify against their CA with openssl, keep subject, SANs and usages, get a new
// validity; kubeconfig files still load with kubectl and their client certificate chains to ca.crt.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { kubeconfigYaml } from "../../../src/kubeconfig/index.js";
import { encodeCertificatePem, signCertificate } from "../../../src/pki/certificate.js";
import { encodePrivateKeyPem, generatePrivateKey } from "../../../src/pki/keys.js";
import { checkExpiration, renewAll, renewCertificate, renewHandlers, type RenewalInput } from "../../../src/pki/renewal.js";
import { runCertsAll } from "../../../src/phases/certificates.js";
import * as store from "../../../src/pki/store.js";
import { requireUpstream } from "../../support/upstream.js";
import { baseInput, collectingOutput, openssl, tmp } from "./helpers.js";

const HOUR = 3_600_000;

const KUBECONFIGS: Array<[string, string, string[]]> = [
  ["admin.conf", "kubernetes-admin", ["kubeadm:cluster-admins"]],
  ["super-admin.conf", "kubernetes-super-admin", ["system:masters"]],
  ["controller-manager.conf", "system:kube-controller-manager", []],
  ["scheduler.conf", "system:kube-scheduler", []],
];

/** A PKI created 100 days ago (so renewal visibly moves NotAfter) plus the four kubeconfig files. */
async function cluster(algorithm?: string) {
  const root = tmp("renewal");
  const pki = path.join(root, "pki");
  const kdir = path.join(root, "etc-kubernetes");
  mkdirSync(kdir);
  const start = new Date(Date.now() - 100 * 24 * HOUR);
  await runCertsAll(baseInput(pki, { startTime: start, encryptionAlgorithm: (algorithm ?? "") as "" }), collectingOutput());
  const ca = await store.loadCertAndKey(pki, "ca");
  const caPem = readFileSync(path.join(pki, "ca.crt"), "utf8");
  for (const [file, cn, orgs] of KUBECONFIGS) {
    const key = await generatePrivateKey(algorithm);
    const der = await signCertificate(
      { commonName: cn, organization: orgs, dnsNames: [], ips: [], usages: ["clientAuth"], isCA: false, notBefore: new Date(start.getTime() - 5 * 60_000), notAfter: new Date(start.getTime() + 8760 * HOUR) },
      key.publicKey,
      { subject: ca.cert.rawSubject, subjectKeyId: ca.cert.subjectKeyId, key: ca.key },
    );
    writeFileSync(
      path.join(kdir, file),
      kubeconfigYaml({ clusterName: "kubernetes", server: "https://192.0.2.10:6443", caCertPem: caPem, userName: cn, clientCertPem: encodeCertificatePem(der), clientKeyPem: encodePrivateKeyPem(key) }),
      { mode: 0o600 },
    );
  }
  const input: RenewalInput = { certificatesDir: pki, kubernetesDir: kdir, encryptionAlgorithm: algorithm };
  return { root, pki, kdir, input };
}

const x509 = (file: string, ...what: string[]) => openssl("x509", "-noout", ...what, "-in", file);
const identity = (file: string) => x509(file, "-subject", "-issuer", "-ext", "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints");

/** The client certificate and key of a kubeconfig, as kubectl reads the file. */
function kubeconfigCredentials(file: string, dir: string) {
  const raw = execFileSync(requireUpstream("kubectl"), ["config", "view", "--raw", "--kubeconfig", file, "-o", "jsonpath={.users[0].user.client-certificate-data} {.users[0].user.client-key-data} {.clusters[0].cluster.certificate-authority-data}"], { encoding: "utf8" });
  const [cert, key, ca] = raw.split(" ").map((b) => Buffer.from(b!, "base64").toString("utf8"));
  const certFile = path.join(dir, `${path.basename(file)}.crt`);
  const keyFile = path.join(dir, `${path.basename(file)}.key`);
  writeFileSync(certFile, cert!);
  writeFileSync(keyFile, key!, { mode: 0o600 });
  return { certFile, keyFile, caPem: ca! };
}

describe("certificate renewal with the local CA", () => {
  it("renewAll: every certificate and kubeconfig renewed, identities kept, chains verify, NotAfter moved", { timeout: 120_000 }, async () => {
    const c = await cluster();
    const leafFiles = renewHandlers(c.input).filter((h) => h.kind === "pki").map((h) => ({ h, file: store.certPath(c.pki, h.fileName), ca: store.certPath(c.pki, h.caBaseName) }));
    const before = new Map(leafFiles.map(({ file }) => [file, { id: identity(file), end: x509(file, "-enddate"), key: readFileSync(file.replace(/\.crt$/, ".key"), "utf8") }]));
    const kcBefore = new Map(KUBECONFIGS.map(([f]) => [f, x509(kubeconfigCredentials(path.join(c.kdir, f), c.root).certFile, "-subject", "-enddate")]));
    const out = collectingOutput();
    await renewAll(c.input, out);
    expect(out.lines.filter((l) => l.endsWith(" renewed")).length).toBe(11);
    expect(out.lines.at(-1)).toContain("Done renewing certificates.");
    for (const { file, ca } of leafFiles) {
      const b = before.get(file)!;
      expect(identity(file)).toBe(b.id);
      expect(x509(file, "-enddate")).not.toBe(b.end);
      expect(readFileSync(file.replace(/\.crt$/, ".key"), "utf8")).not.toBe(b.key); // a new key
      expect(openssl("verify", "-CAfile", ca, file).trim()).toBe(`${file}: OK`);
      // the key on disk belongs to the certificate
      expect(openssl("pkey", "-pubout", "-in", file.replace(/\.crt$/, ".key"))).toBe(x509(file, "-pubkey"));
    }
    const caPem = readFileSync(path.join(c.pki, "ca.crt"), "utf8");
    for (const [f, cn] of KUBECONFIGS) {
      const file = path.join(c.kdir, f);
      const cred = kubeconfigCredentials(file, c.root);
      expect(cred.caPem).toBe(caPem);
      expect(openssl("verify", "-CAfile", path.join(c.pki, "ca.crt"), cred.certFile).trim()).toBe(`${cred.certFile}: OK`);
      expect(openssl("pkey", "-pubout", "-in", cred.keyFile)).toBe(x509(cred.certFile, "-pubkey"));
      const [subject, end] = x509(cred.certFile, "-subject", "-enddate").split("\n");
      const [subjectBefore, endBefore] = kcBefore.get(f)!.split("\n");
      expect(subject).toBe(subjectBefore);
      expect(subject).toContain(`CN = ${cn}`);
      expect(end).not.toBe(endBefore);
      expect(x509(cred.certFile, "-ext", "extendedKeyUsage")).toContain("TLS Web Client Authentication");
      expect((await import("node:fs")).statSync(file).mode & 0o777).toBe(0o600);
    }
    // check-expiration sees the renewed dates (about a year left again)
    const report = await checkExpiration(c.input);
    for (const e of report.certificates) {
      expect(e.missing).toBe(false);
      expect(e.residualTimeSeconds).toBeGreaterThan(364 * 24 * 3600);
    }
  });

  it("renewCertificate keeps the algorithm configured, and an external CA is left alone", { timeout: 60_000 }, async () => {
    const c = await cluster("ECDSA-P256");
    const h = (n: string) => renewHandlers(c.input).find((x) => x.name === n)!;
    const out = collectingOutput();
    expect(await renewCertificate(c.input, h("etcd-server"), out)).toBe("renewed");
    expect(openssl("pkey", "-noout", "-text", "-in", path.join(c.pki, "etcd/server.key"))).toContain("NIST CURVE: P-256");
    expect(openssl("verify", "-CAfile", path.join(c.pki, "etcd/ca.crt"), path.join(c.pki, "etcd/server.crt")).trim()).toMatch(/OK$/);
    // without front-proxy-ca.key the front-proxy CA is external: nothing is written
    const { rmSync } = await import("node:fs");
    rmSync(path.join(c.pki, "front-proxy-ca.key"));
    const fp = path.join(c.pki, "front-proxy-client.crt");
    const before = readFileSync(fp, "utf8");
    expect(await renewCertificate(c.input, h("front-proxy-client"), out)).toBe("external");
    expect(readFileSync(fp, "utf8")).toBe(before);
    expect(out.lines.at(-1)).toBe("Detected external front-proxy-ca, certificate for the front proxy client can't be renewed");
    // a missing kubeconfig is reported, not created
    rmSync(path.join(c.kdir, "scheduler.conf"));
    expect(await renewCertificate(c.input, h("scheduler.conf"), out)).toBe("missing");
    expect(out.lines.at(-1)).toBe("MISSING! certificate embedded in the kubeconfig file for the scheduler manager to use");
    expect(existsSync(path.join(c.kdir, "scheduler.conf"))).toBe(false);
  });
});
