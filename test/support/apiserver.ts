// A real etcd + kube-apiserver (the lab's upstream binaries) on loopback ports, with a throwaway
// PKI made by openssl, for integration tests. Fails naming the missing binaries when they are
// not built (`npm run lab:build`).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientFromKubeconfigFile } from "../../src/client/from-kubeconfig.js";
import type { KubeClient } from "../../src/client/types.js";
import { requireUpstreams } from "./upstream.js";

export interface RealApiserver {
  /** The temp dir with the PKI (ca.crt, admin.crt, ...), etcd's data and admin.conf. */
  dir: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** admin.conf (system:masters) under dir. */
  kubeconfig: string;
  /** A client from admin.conf; /readyz answered 200 through it. */
  admin: KubeClient;
  /** Closes admin, stops kube-apiserver then etcd, removes dir. */
  stop(): Promise<void>;
}

export interface ApiserverOptions {
  /** admin.conf embeds the certificates (…-data) instead of naming the files next to it (by absolute path). */
  embedCerts?: boolean;
  /** --enable-bootstrap-token-auth (bootstrap tokens as credentials, as kubeadm's control planes run). */
  bootstrapTokenAuth?: boolean;
  /** --allow-privileged=true (kube-proxy's DaemonSet runs privileged, as kubeadm's control planes allow). */
  allowPrivileged?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function startApiserver(prefix: string, opts: ApiserverOptions = {}): Promise<RealApiserver> {
  const [etcdBin, apiserverBin] = requireUpstreams("etcd", "kube-apiserver");
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const procs: ChildProcess[] = [];
  let admin: KubeClient | undefined;
  const stop = async (): Promise<void> => {
    admin?.close();
    for (const p of procs.reverse()) {
      p.kill("SIGTERM");
      await new Promise((res) => { if (p.exitCode !== null) res(undefined); else p.once("exit", res); setTimeout(res, 5000); });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
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
    procs.push(spawn(etcdBin!, [
      "--name=default", `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`, "--log-level=error",
    ], { stdio: "ignore" }));
    procs.push(spawn(apiserverBin!, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`, "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
      // v1.37 refuses a loopback advertise address for the endpoint reconciler of the kubernetes Service
      "--endpoint-reconciler-type=none",
      `--tls-cert-file=${join(dir, "apiserver.crt")}`, `--tls-private-key-file=${join(dir, "apiserver.key")}`, `--client-ca-file=${join(dir, "ca.crt")}`,
      `--service-account-key-file=${join(dir, "sa.pub")}`, `--service-account-signing-key-file=${join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-cluster-ip-range=10.96.0.0/12",
      "--authorization-mode=Node,RBAC", "--enable-priority-and-fairness=false", `--cert-dir=${join(dir, "certs")}`, "-v=0",
      ...(opts.bootstrapTokenAuth ? ["--enable-bootstrap-token-auth=true"] : []),
      ...(opts.allowPrivileged ? ["--allow-privileged=true"] : []),
    ], { stdio: "ignore" }));
    const server = `https://127.0.0.1:${apiPort}`;

    const b64 = (f: string) => readFileSync(join(dir, f)).toString("base64");
    const [ca, cert, key] = opts.embedCerts
      ? [`certificate-authority-data: ${b64("ca.crt")}`, `client-certificate-data: ${b64("admin.crt")}`, `client-key-data: ${b64("admin.key")}`]
      : // absolute: kubeadm reads a kubeconfig's relative paths from the current directory (clientcmd.LoadFromFile)
        [`certificate-authority: ${join(dir, "ca.crt")}`, `client-certificate: ${join(dir, "admin.crt")}`, `client-key: ${join(dir, "admin.key")}`];
    const kubeconfig = join(dir, "admin.conf");
    writeFileSync(kubeconfig, [
      "apiVersion: v1", "kind: Config",
      "clusters:", "- name: k", "  cluster:", `    server: ${server}`, `    ${ca}`,
      "users:", "- name: admin", "  user:", `    ${cert}`, `    ${key}`,
      "contexts:", "- name: admin@k", "  context: {cluster: k, user: admin}", "current-context: admin@k", "",
    ].join("\n"));
    const client = await clientFromKubeconfigFile(kubeconfig, { timeoutMs: 10_000 });
    admin = client;

    const deadline = Date.now() + 90_000;
    for (;;) {
      const r = await client.getRaw("/readyz").catch(() => ({ statusCode: 0, body: "" }));
      if (r.statusCode === 200) break;
      if (Date.now() > deadline) throw new Error(`kube-apiserver not ready: ${r.statusCode} ${r.body}`);
      await new Promise((res) => setTimeout(res, 500));
    }
    return { dir, server, kubeconfig, admin: client, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** kubelet.conf as the kubelet writes it after the TLS bootstrap: a client certificate of system:node:<node> from the cluster CA. */
export function kubeletKubeconfig(api: RealApiserver, node: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kubelet-conf-"));
  const ossl = (...a: string[]) => execFileSync("openssl", a, { cwd: dir, stdio: "pipe" });
  ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "k.key", "-out", "k.csr", "-subj", `/O=system:nodes/CN=system:node:${node}`);
  writeFileSync(join(dir, "k.ext"), "extendedKeyUsage=clientAuth\n");
  ossl("x509", "-req", "-in", "k.csr", "-CA", join(api.dir, "ca.crt"), "-CAkey", join(api.dir, "ca.key"), "-CAcreateserial", "-out", "k.crt", "-days", "1", "-extfile", "k.ext");
  const b64 = (f: string) => readFileSync(join(dir, f)).toString("base64");
  return [
    "apiVersion: v1", "kind: Config",
    "clusters:", "- name: default-cluster", "  cluster:", `    certificate-authority-data: ${readFileSync(join(api.dir, "ca.crt")).toString("base64")}`, `    server: ${api.server}`,
    "contexts:", "- name: default-context", "  context: {cluster: default-cluster, user: default-auth}", "current-context: default-context",
    "users:", "- name: default-auth", "  user:", `    client-certificate-data: ${b64("k.crt")}`, `    client-key-data: ${b64("k.key")}`, "",
  ].join("\n");
}
