// What `bin/kubeadm init phase certs all` and `init phase kubeconfig all` write is accepted by the
// real tools: every certificate verifies with `openssl verify` against its CA, every kubeconfig
// loads with `kubectl config view --raw`, and its client certificate chains to ca.crt.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { TS_KUBEADM, UPSTREAM_BIN_DIR } from "../../lab/oracle/index.js";

const KUBECTL = path.join(UPSTREAM_BIN_DIR, "kubectl");

/** Leaf certificate → the CA that must have signed it. */
const CHAINS: Array<[string, string]> = [
  ["ca.crt", "ca.crt"],
  ["apiserver.crt", "ca.crt"],
  ["apiserver-kubelet-client.crt", "ca.crt"],
  ["front-proxy-ca.crt", "front-proxy-ca.crt"],
  ["front-proxy-client.crt", "front-proxy-ca.crt"],
  ["etcd/ca.crt", "etcd/ca.crt"],
  ["etcd/server.crt", "etcd/ca.crt"],
  ["etcd/peer.crt", "etcd/ca.crt"],
  ["etcd/healthcheck-client.crt", "etcd/ca.crt"],
  ["apiserver-etcd-client.crt", "etcd/ca.crt"],
];
const KUBECONFIGS = ["admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf"];

function kubeadm(args: string[]): string {
  const r = spawnSync(TS_KUBEADM, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bin/kubeadm ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

function openssl(args: string[], input?: string): string {
  return execFileSync("openssl", args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

describe.each(["RSA-2048", "ECDSA-P256"])("artifacts written by bin/kubeadm (%s)", (algorithm) => {
  it("certificates verify with openssl; kubeconfigs load in kubectl and chain to ca.crt", () => {
    if (!existsSync(KUBECTL)) throw new Error(`kubectl missing at ${KUBECTL}: run \`npm run lab:build\``);
    if (!existsSync(path.join(TS_KUBEADM, "../../dist/main.js"))) throw new Error("bin/kubeadm is not built: run `npm run build`");
    const root = mkdtempSync(path.join(tmpdir(), "artifacts-verify-"));
    const pki = path.join(root, "pki");
    const config = path.join(root, "kubeadm.yaml");
    writeFileSync(
      config,
      [
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: InitConfiguration",
        "localAPIEndpoint: {advertiseAddress: 10.0.0.10}",
        "nodeRegistration: {name: node-a}",
        "---",
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: ClusterConfiguration",
        `certificatesDir: ${pki}`,
        `encryptionAlgorithm: ${algorithm}`,
        "",
      ].join("\n"),
    );
    kubeadm(["init", "phase", "certs", "all", "--config", config]);
    kubeadm(["init", "phase", "kubeconfig", "all", "--config", config, "--kubeconfig-dir", root]);

    for (const [leaf, ca] of CHAINS) {
      const out = openssl(["verify", "-CAfile", path.join(pki, ca), path.join(pki, leaf)]);
      expect(out.trim()).toBe(`${path.join(pki, leaf)}: OK`);
    }
    // sa.key / sa.pub are a matching pair.
    const pub = openssl(["pkey", "-in", path.join(pki, "sa.key"), "-pubout"]);
    expect(pub).toBe(readFileSync(path.join(pki, "sa.pub"), "utf8"));

    const caPem = readFileSync(path.join(pki, "ca.crt"), "utf8");
    for (const file of KUBECONFIGS) {
      const kc = path.join(root, file);
      const fields = execFileSync(
        KUBECTL,
        ["config", "view", "--raw", "--kubeconfig", kc, "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data} {.users[0].user.client-certificate-data}"],
        { encoding: "utf8" },
      ).split(" ");
      expect(fields).toHaveLength(2);
      expect(Buffer.from(fields[0]!, "base64").toString("utf8"), `${file}: CA data`).toBe(caPem);
      const clientCert = path.join(root, `${file}.client.crt`);
      writeFileSync(clientCert, Buffer.from(fields[1]!, "base64"));
      expect(openssl(["verify", "-CAfile", path.join(pki, "ca.crt"), clientCert]).trim()).toBe(`${clientCert}: OK`);
    }
  });
});
