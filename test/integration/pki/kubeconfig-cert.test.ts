// Renewal of the client certificate embedded in a kubeconfig (src/pki/kubeconfig-cert.ts): the
// rewritten file is serialised as clientcmd writes it — byte-equal to kubeconfigYaml for a
// kubeadm-written file, other entries kept and sorted — and, with key material masked, the same
// as what upstream `kubeadm certs renew` writes from the same input.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kubeconfigSummary } from "../../lab/oracle/compare.js";
import { runKubeadm } from "../../lab/oracle/run.js";
import { requireUpstream } from "../../support/upstream.js";
import { caSigner, kubeconfigYaml } from "../../../src/kubeconfig/index.js";
import * as pki from "../../../src/pki/index.js";
import { readKubeconfigClientCert, writeKubeconfigClientCert } from "../../../src/pki/kubeconfig-cert.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const tmp = mkdtempSync(join(tmpdir(), "kubeconfig-cert-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function makeCA(dir: string): { crt: string; key: string } {
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "ca.key"), "-out", join(dir, "ca.crt"),
    "-subj", "/CN=kubernetes", "-days", "30", "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
  ], { stdio: "ignore" });
  return { crt: readFileSync(join(dir, "ca.crt"), "utf8"), key: readFileSync(join(dir, "ca.key"), "utf8") };
}

async function signer(ca: { crt: string; key: string }) {
  const cert = pki.parseCertificatesPem(ca.crt)[0]!;
  return caSigner(cert.der, cert.notBefore, cert.rawSubject, cert.subjectKeyId, pki.parsePrivateKeyPem(ca.key), "RSA-2048");
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

/** admin.conf as kubeadm writes it, plus (when `extra`) entries a user added, out of order. */
async function adminConf(ca: { crt: string; key: string }, extra: boolean): Promise<string> {
  const client = await (await signer(ca)).signClient("kubernetes-admin", ["kubeadm:cluster-admins"], new Date(Date.now() + 3600_000));
  const base = kubeconfigYaml({ clusterName: "kubernetes", server: "https://10.0.0.5:6443", caCertPem: ca.crt, userName: "kubernetes-admin", clientCertPem: client.certPem, clientKeyPem: client.keyPem });
  if (!extra) return base;
  return [
    "apiVersion: v1",
    "kind: Config",
    "current-context: kubernetes-admin@kubernetes",
    "users:",
    "- name: zed",
    "  user:",
    "    token: abc",
    "- name: kubernetes-admin",
    "  user:",
    `    client-certificate-data: ${b64(client.certPem)}`,
    `    client-key-data: ${b64(client.keyPem)}`,
    "contexts:",
    "- name: zed@other",
    "  context: {cluster: other, user: zed, namespace: ns1}",
    "- name: kubernetes-admin@kubernetes",
    "  context: {cluster: kubernetes, user: kubernetes-admin}",
    "clusters:",
    "- name: other",
    "  cluster: {server: 'https://other:6443', insecure-skip-tls-verify: true}",
    "- name: kubernetes",
    "  cluster:",
    "    server: https://10.0.0.5:6443",
    `    certificate-authority-data: ${b64(ca.crt)}`,
    "",
  ].join("\n");
}

describe("writeKubeconfigClientCert", () => {
  it("a kubeadm-written admin.conf comes out byte-equal to kubeconfigYaml with the new credentials (mode 0600)", async () => {
    const ca = makeCA(tmp);
    const file = join(tmp, "admin.conf");
    writeFileSync(file, await adminConf(ca, false), { mode: 0o644 });
    const fresh = await (await signer(ca)).signClient("kubernetes-admin", ["kubeadm:cluster-admins"], new Date(Date.now() + 7200_000));
    const der = pki.parseCertificatesPem(fresh.certPem)[0]!.der;
    const key = pki.parsePrivateKeyPem(fresh.keyPem);
    await writeKubeconfigClientCert(file, der, key, ca.crt);
    const got = readFileSync(file, "utf8");
    expect(got).toBe(
      kubeconfigYaml({ clusterName: "kubernetes", server: "https://10.0.0.5:6443", caCertPem: ca.crt, userName: "kubernetes-admin", clientCertPem: pki.encodeCertificatePem(der), clientKeyPem: pki.encodePrivateKeyPem(key) }),
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await readKubeconfigClientCert(file)).der).toEqual(der);
  });

  it("other clusters, contexts and users are kept, lists sorted by name, keys sorted", async () => {
    const ca = makeCA(tmp);
    const file = join(tmp, "extra.conf");
    writeFileSync(file, await adminConf(ca, true));
    const fresh = await (await signer(ca)).signClient("kubernetes-admin", [], new Date(Date.now() + 7200_000));
    await writeKubeconfigClientCert(file, pki.parseCertificatesPem(fresh.certPem)[0]!.der, pki.parsePrivateKeyPem(fresh.keyPem), ca.crt);
    expect(kubeconfigSummary(readFileSync(file, "utf8")).maskedText).toBe(
      [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        "    certificate-authority-data: <certificate-authority-data>",
        "    server: https://10.0.0.5:6443",
        "  name: kubernetes",
        "- cluster:",
        "    insecure-skip-tls-verify: true",
        "    server: https://other:6443",
        "  name: other",
        "contexts:",
        "- context:",
        "    cluster: kubernetes",
        "    user: kubernetes-admin",
        "  name: kubernetes-admin@kubernetes",
        "- context:",
        "    cluster: other",
        "    namespace: ns1",
        "    user: zed",
        "  name: zed@other",
        "current-context: kubernetes-admin@kubernetes",
        "kind: Config",
        "users:",
        "- name: kubernetes-admin",
        "  user:",
        "    client-certificate-data: <client-certificate-data>",
        "    client-key-data: <client-key-data>",
        "- name: zed",
        "  user:",
        "    token: <token>",
        "",
      ].join("\n"),
    );
  });
});

describe("vs upstream kubeadm certs renew", () => {
  for (const extra of [false, true]) {
    it(`admin.conf${extra ? " with extra entries" : ""}: same file as upstream writes, key material masked`, async () => {
      requireUpstream("kubeadm");
      const ca = makeCA(tmp);
      const input = await adminConf(ca, extra);
      const config = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${KUBERNETES_VERSION}\n`;
      const up = await runKubeadm({
        args: ["certs", "renew", "admin.conf"],
        config,
        seed: {
          "/etc/kubernetes/pki/ca.crt": { content: ca.crt, mode: 0o644 },
          "/etc/kubernetes/pki/ca.key": ca.key,
          "/etc/kubernetes/admin.conf": input,
        },
      });
      expect(up.code, up.stderr).toBe(0);
      const upText = up.files["/etc/kubernetes/admin.conf"]!.content.toString("utf8");

      const file = join(tmp, `up-${extra}.conf`);
      writeFileSync(file, input);
      const old = await readKubeconfigClientCert(file);
      const fresh = await (await signer(ca)).signClient(old.commonName, old.organization, new Date(Date.now() + 7200_000));
      await writeKubeconfigClientCert(file, pki.parseCertificatesPem(fresh.certPem)[0]!.der, pki.parsePrivateKeyPem(fresh.keyPem), ca.crt);
      const ours = readFileSync(file, "utf8");
      expect(kubeconfigSummary(ours).maskedText).toBe(kubeconfigSummary(upText).maskedText);
      expect(up.files["/etc/kubernetes/admin.conf"]!.mode).toBe(0o600);
    });
  }
});
