// join's download-certs against a kubeadm-certs Secret made by upstream kubeadm:
// `kubeadm init phase upload-certs --upload-certs` with certificateKey K in its config (the pinned upstream
// binary) against a real kube-apiserver, then kubeadm-ts's control-plane-prepare download-certs
// reads it with the same key: every shared certificate and key comes back byte for byte, keys
// 0600 and certificates 0644; another key fails as upstream words it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";
import { bufferWriter } from "../../../src/cluster/output.js";
import { downloadCerts } from "../../../src/phases/join/control-plane-prepare.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const KEY = "1f0c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a";
const FILES = ["ca.crt", "ca.key", "sa.key", "sa.pub", "front-proxy-ca.crt", "front-proxy-ca.key", "etcd/ca.crt", "etcd/ca.key"];

let api: RealApiserver;
let pki: string;

beforeAll(async () => {
  const kubeadm = requireUpstream("kubeadm");
  // embedded: upstream reads --kubeconfig with clientcmd.LoadFromFile, which resolves no relative path
  api = await startApiserver("join-download-certs-", { embedCerts: true });
  pki = mkdtempSync(join(tmpdir(), "upload-certs-pki-"));
  mkdirSync(join(pki, "etcd"));
  const ossl = (...a: string[]) => execFileSync("openssl", a, { cwd: pki, stdio: "pipe" });
  for (const base of ["ca", "front-proxy-ca", "etcd/ca"]) {
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${base}.key`, "-out", `${base}.crt`, "-days", "2", "-subj", `/CN=${base.replace("/", "-")}`);
  }
  ossl("genrsa", "-traditional", "-out", "sa.key", "2048");
  ossl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
  const cfg = join(pki, "kubeadm.yaml");
  writeFileSync(
    cfg,
    [
      "apiVersion: kubeadm.k8s.io/v1beta4", "kind: InitConfiguration",
      `certificateKey: ${KEY}`,
      "localAPIEndpoint: {advertiseAddress: 10.0.0.1, bindPort: 6443}",
      "nodeRegistration: {name: cp1, criSocket: unix:///var/run/containerd/containerd.sock}",
      "---",
      "apiVersion: kubeadm.k8s.io/v1beta4", "kind: ClusterConfiguration", `kubernetesVersion: ${KUBERNETES_VERSION}`, `certificatesDir: ${pki}`, ""].join("\n"),
  );
  execFileSync(kubeadm, ["init", "phase", "upload-certs", "--upload-certs", "--config", cfg, "--kubeconfig", api.kubeconfig], { stdio: "pipe" });
}, 150_000);
afterAll(async () => {
  await api?.stop();
});

function joinData(dir: string, key: string): { data: JoinData; out: ReturnType<typeof bufferWriter> } {
  const out = bufferWriter();
  const data = {
    cfg: { controlPlane: { certificateKey: key, localAPIEndpoint: { advertiseAddress: "127.0.0.1", bindPort: 6443 } } },
    // the dry-run path takes data.client(): here the real admin client
    dryRun: true,
    out,
    verbosity: 0,
    log: { info: () => undefined, warn: () => undefined },
    initCfg: async () => ({ clusterConfiguration: { certificatesDir: "/etc/kubernetes/pki", etcd: { local: { dataDir: "/var/lib/etcd" } } } }),
    certificateWriteDir: async () => dir,
    client: async () => api.admin,
  } as unknown as JoinData;
  return { data, out };
}

describe("download-certs of a Secret upstream kubeadm uploaded", () => {
  it("every shared file back byte for byte, with key and certificate modes", async () => {
    const secret = await api.admin.get("secrets", "kubeadm-certs", "kube-system");
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(["ca.crt", "ca.key", "etcd-ca.crt", "etcd-ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub"]);
    const dir = mkdtempSync(join(tmpdir(), "download-certs-"));
    const { data, out } = joinData(dir, KEY);
    await downloadCerts(data);
    expect(out.text()).toBe(
      `[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n[download-certs] Saving the certificates to the folder: "${dir}"\n`,
    );
    for (const f of FILES) {
      expect(readFileSync(join(dir, f)).equals(readFileSync(join(pki, f))), f).toBe(true);
      expect(statSync(join(dir, f)).mode & 0o777, f).toBe(f.endsWith(".key") ? 0o600 : 0o644);
    }
  });

  it("another certificate key: upstream's error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "download-certs-"));
    await expect(downloadCerts(joinData(dir, "ff".repeat(32)).data)).rejects.toThrow(
      "error downloading certs: error decoding secret data with provided key: cipher: message authentication failed",
    );
  });
});
