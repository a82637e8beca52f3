// Runs the real client against a real etcd + kube-apiserver (the lab's v1.36.3 binaries) on
// loopback, with a throwaway PKI made by openssl. Registered only when the lab binaries exist.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpKubeClient } from "../../../src/client/http-client.js";
import { clientFromKubeconfigFile } from "../../../src/client/from-kubeconfig.js";
import { isAlreadyExists, isConflict, isNotFound, isForbidden } from "../../../src/client/api-error.js";
import { createOrUpdate, createOrMutate } from "../../../src/client/idempotency.js";
import type { KubeClient } from "../../../src/client/types.js";

const BIN = join(homedir(), ".cache/kubeadm-ts/upstream/v1.36.3/bin");
const available = existsSync(join(BIN, "kube-apiserver")) && existsSync(join(BIN, "etcd"));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe.runIf(available)("real kube-apiserver", () => {
  let dir = "";
  const procs: ChildProcess[] = [];
  let admin: KubeClient;
  let anonymous: KubeClient;
  let server = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-apiserver-"));
    const ossl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=kubernetes");
    const leaf = (name: string, subj: string, ext: string) => {
      ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subj);
      writeFileSync(join(dir, `${name}.ext`), ext);
      ossl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`);
    };
    leaf("apiserver", "/CN=kube-apiserver", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    leaf("admin", "/O=system:masters/CN=kubernetes-super-admin", "extendedKeyUsage=clientAuth\n");
    ossl("genrsa", "-out", "sa.key", "2048");
    ossl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");

    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcd = spawn(join(BIN, "etcd"), [
      "--name=default", `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`, "--log-level=error",
    ], { stdio: "ignore" });
    procs.push(etcd);
    const apiserver = spawn(join(BIN, "kube-apiserver"), [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
      `--tls-cert-file=${join(dir, "apiserver.crt")}`, `--tls-private-key-file=${join(dir, "apiserver.key")}`, `--client-ca-file=${join(dir, "ca.crt")}`,
      `--service-account-key-file=${join(dir, "sa.pub")}`, `--service-account-signing-key-file=${join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-cluster-ip-range=10.96.0.0/12",
      "--authorization-mode=Node,RBAC", "--enable-priority-and-fairness=false", `--cert-dir=${join(dir, "certs")}`, "-v=0",
    ], { stdio: "ignore" });
    procs.push(apiserver);
    server = `https://127.0.0.1:${apiPort}`;

    const kubeconfig = [
      "apiVersion: v1", "kind: Config",
      "clusters:", "- name: k", "  cluster:", `    server: ${server}`, "    certificate-authority: ca.crt",
      "users:", "- name: admin", "  user:", "    client-certificate: admin.crt", "    client-key: admin.key",
      "contexts:", "- name: admin@k", "  context: {cluster: k, user: admin}", "current-context: admin@k", "",
    ].join("\n");
    writeFileSync(join(dir, "admin.conf"), kubeconfig);
    admin = await clientFromKubeconfigFile(join(dir, "admin.conf"), { timeoutMs: 10_000 });
    anonymous = new HttpKubeClient({ server, insecureSkipTLSVerify: true, timeoutMs: 10_000 });

    const deadline = Date.now() + 90_000;
    for (;;) {
      const r = await admin.getRaw("/readyz").catch(() => ({ statusCode: 0, body: "" }));
      if (r.statusCode === 200) break;
      if (Date.now() > deadline) throw new Error(`kube-apiserver not ready: ${r.statusCode} ${r.body}`);
      await new Promise((res) => setTimeout(res, 500));
    }
  }, 120_000);

  afterAll(async () => {
    admin?.close();
    anonymous?.close();
    for (const p of procs.reverse()) {
      p.kill("SIGTERM");
      await new Promise((res) => { if (p.exitCode !== null) res(undefined); else p.once("exit", res); setTimeout(res, 5000); });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("serves /version and /livez", async () => {
    expect((await admin.serverVersion()).gitVersion).toMatch(/^v1\.36\./);
    expect(await admin.getRaw("/livez")).toEqual({ statusCode: 200, body: "ok" });
  });

  it("create/get/update/patch/delete a ConfigMap; AlreadyExists, Conflict, NotFound decode", async () => {
    const cm = { metadata: { name: "kubeadm-ts-test", namespace: "kube-system" }, data: { a: "1" } };
    const created = await admin.create("configmaps", cm);
    expect(created.metadata?.uid).toBeTruthy();
    expect(isAlreadyExists(await admin.create("configmaps", cm).catch((e: unknown) => e))).toBe(true);
    const stale = { ...created, metadata: { ...created.metadata, resourceVersion: "1" }, data: { a: "stale" } };
    expect(isConflict(await admin.update("configmaps", stale).catch((e: unknown) => e))).toBe(true);
    await admin.update("configmaps", { ...cm, data: { a: "2" } });
    await admin.patch("configmaps", cm.metadata.name, "merge", { data: { b: "3" } }, "kube-system");
    await admin.patch("configmaps", cm.metadata.name, "strategic", { metadata: { labels: { x: "y" } } }, "kube-system");
    await admin.patch("configmaps", cm.metadata.name, "json", [{ op: "add", path: "/data/c", value: "4" }], "kube-system");
    const got = await admin.get("configmaps", cm.metadata.name, "kube-system");
    expect(got.data).toEqual({ a: "2", b: "3", c: "4" });
    expect(got.metadata?.labels).toEqual({ x: "y" });
    await createOrMutate(admin, "configmaps", cm, (o) => { o.data = { ...o.data, mutated: "yes" }; });
    expect((await admin.get("configmaps", cm.metadata.name, "kube-system")).data?.mutated).toBe("yes");
    await admin.delete("configmaps", cm.metadata.name, "kube-system");
    expect(isNotFound(await admin.get("configmaps", cm.metadata.name, "kube-system").catch((e: unknown) => e))).toBe(true);
  });

  it("createOrUpdate a ClusterRoleBinding twice, then delete it; anonymous is refused", async () => {
    const crb = {
      metadata: { name: "kubeadm-ts:test" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "Group", name: "kubeadm-ts:testers", apiGroup: "rbac.authorization.k8s.io" }],
    };
    await createOrUpdate(admin, "clusterrolebindings", crb);
    await createOrUpdate(admin, "clusterrolebindings", { ...crb, subjects: [{ kind: "User", name: "someone", apiGroup: "rbac.authorization.k8s.io" }] });
    const got = await admin.get("clusterrolebindings", crb.metadata.name);
    expect(got.subjects).toEqual([{ kind: "User", name: "someone", apiGroup: "rbac.authorization.k8s.io" }]);
    const list = await admin.list("clusterrolebindings");
    expect(list.items.some((i) => i.metadata?.name === crb.metadata.name)).toBe(true);
    expect(isForbidden(await anonymous.get("clusterrolebindings", crb.metadata.name).catch((e: unknown) => e))).toBe(true);
    await admin.delete("clusterrolebindings", crb.metadata.name);
    expect(isNotFound(await admin.get("clusterrolebindings", crb.metadata.name).catch((e: unknown) => e))).toBe(true);
  });
});
