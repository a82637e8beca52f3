// kubeconfig files: structure byte-identical to the pinned upstream kubeadm (secrets redacted) over the
// golden corpus, client certificate subjects, and the reuse rules for existing files.
import "reflect-metadata";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KUBECONFIG_FILES, caSigner, createKubeconfigFile, kubeconfigSpecs, type CertificateAuthority } from "../../../src/kubeconfig/index.js";
import * as pki from "../../../src/pki/index.js";
import { expectedFile, goldenCases, loadCaseConfig } from "../manifests/golden-helpers.js";

const redact = (s: string) =>
  s.replace(/^( *(certificate-authority-data|client-certificate-data|client-key-data|token): ).*$/gm, "$1REDACTED");

async function testCA(): Promise<CertificateAuthority> {
  const key = await pki.generatePrivateKey("ECDSA-P256");
  const notBefore = new Date(Date.now() - 60_000);
  const der = await pki.signCertificate(
    { commonName: "kubernetes", organization: [], dnsNames: [], ips: [], usages: [], isCA: true, notBefore, notAfter: new Date(Date.now() + 86400_000) },
    key.publicKey,
    { self: key },
  );
  const parsed = pki.parseCertificateDer(der);
  return caSigner(der, parsed.notBefore, parsed.rawSubject, parsed.subjectKeyId, key, "ECDSA-P256");
}

const tmp = mkdtempSync(join(tmpdir(), "kubeconfig-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("kubeconfig files vs upstream", async () => {
  const ca = await testCA();
  for (const c of goldenCases()) {
    it(`${c.name}: five files with upstream's structure, servers and identities`, async () => {
      const cfg = await loadCaseConfig(c);
      const specs = kubeconfigSpecs({ cluster: cfg.clusterConfiguration, localAPIEndpoint: cfg.localAPIEndpoint, nodeName: cfg.nodeRegistration.name });
      const dir = join(tmp, c.name);
      const out: string[] = [];
      for (const f of KUBECONFIG_FILES) await createKubeconfigFile(dir, specs[f]!, ca, new Date(Date.now() + 3600_000), { write: (s) => out.push(s) });
      expect(out).toEqual(KUBECONFIG_FILES.map((f) => `[kubeconfig] Writing "${f}" kubeconfig file\n`));
      for (const f of KUBECONFIG_FILES) {
        const got = readFileSync(join(dir, f), "utf8");
        expect(redact(got), `${c.name}/${f}`).toBe(expectedFile(c, `etc/kubernetes/${f}`));
        expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
        const certPem = Buffer.from(/client-certificate-data: (\S+)/.exec(got)![1]!, "base64").toString();
        const cert = pki.parseCertificatesPem(certPem)[0]!;
        expect(cert.commonName).toBe(specs[f]!.userName);
        expect(cert.organization).toEqual(specs[f]!.organizations);
        expect(cert.extKeyUsages).toEqual(["clientAuth"]);
        expect(got).not.toContain("preferences");
      }
    });
  }
});

describe("kubeconfig reuse rules", async () => {
  const ca = await testCA();
  const other = await testCA();
  const spec = { fileName: "admin.conf", clusterName: "kubernetes", server: "https://10.0.0.5:6443", userName: "kubernetes-admin", organizations: ["kubeadm:cluster-admins"] };

  it("keeps a file with the same CA and says so; re-running writes nothing new", async () => {
    const dir = join(tmp, "reuse");
    await createKubeconfigFile(dir, spec, ca, new Date(Date.now() + 3600_000), { write: () => true });
    const before = readFileSync(join(dir, "admin.conf"));
    const out: string[] = [];
    await createKubeconfigFile(dir, spec, ca, new Date(Date.now() + 3600_000), { write: (s) => out.push(s) });
    expect(out).toEqual([`[kubeconfig] Using existing kubeconfig file: "${join(dir, "admin.conf")}"\n`]);
    expect(readFileSync(join(dir, "admin.conf")).equals(before)).toBe(true);
  });

  it("warns on another server but keeps the file", async () => {
    const dir = join(tmp, "reuse");
    const warnings: string[] = [];
    await createKubeconfigFile(dir, { ...spec, server: "https://cp:6443" }, ca, new Date(), { write: () => true }, (w) => warnings.push(w));
    expect(warnings).toEqual([
      `a kubeconfig file "${join(dir, "admin.conf")}" exists already but has an unexpected API Server URL: expected: https://cp:6443, got: https://10.0.0.5:6443`,
    ]);
  });

  it("fails on a file signed by another CA", async () => {
    const dir = join(tmp, "reuse");
    await expect(createKubeconfigFile(dir, spec, other, new Date(), { write: () => true })).rejects.toThrow(
      `a kubeconfig file "${join(dir, "admin.conf")}" exists but does not contain a trusted CA in its current context's cluster. Total CA certificates found: 1`,
    );
  });

  it("fails on a file without a current context", async () => {
    const dir = join(tmp, "broken");
    await createKubeconfigFile(dir, spec, ca, new Date(), { write: () => true });
    writeFileSync(join(dir, "admin.conf"), readFileSync(join(dir, "admin.conf"), "utf8").replace(/current-context: .*/, "current-context: nope"));
    await expect(createKubeconfigFile(dir, spec, ca, new Date(), { write: () => true })).rejects.toThrow(
      `failed to find CurrentContext in Contexts of the kubeconfig file ${join(dir, "admin.conf")}`,
    );
  });
});
