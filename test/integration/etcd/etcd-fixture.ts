// A throwaway etcd PKI (openssl) and real etcd members on loopback ports with client and peer TLS,
// for the etcd client's integration tests. Everything lives in one temp dir removed by cleanup().
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";

export interface EtcdPki {
  dir: string;
  /** Laid out as kubeadm's certificatesDir: etcd/ca.crt, etcd/server.*, etcd/healthcheck-client.*, etcd/other-ca.crt. */
  certificatesDir: string;
  ca: string;
  otherCa: string;
  clientCert: string;
  clientKey: string;
  serverCert: string;
  serverKey: string;
}

/** `ips`: the members' addresses (the server/peer certificate's IP SANs). */
export function makeEtcdPki(prefix: string, ips: string[] = ["127.0.0.1"]): EtcdPki {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const etcdDir = join(dir, "pki", "etcd");
  mkdirSync(etcdDir, { recursive: true });
  const ossl = (...args: string[]) => execFileSync("openssl", args, { cwd: etcdDir, stdio: "pipe" });
  const ca = (name: string, cn: string) =>
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${cn}`);
  ca("ca", "etcd-ca");
  ca("other-ca", "not-the-etcd-ca");
  const leaf = (name: string, cn: string, ext: string) => {
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    writeFileSync(join(etcdDir, `${name}.ext`), ext);
    ossl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`);
  };
  leaf("server", "etcd-member", `subjectAltName=${ips.map((ip) => `IP:${ip}`).join(",")},DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n`);
  leaf("healthcheck-client", "kube-etcd-healthcheck-client", "extendedKeyUsage=clientAuth\n");
  const p = (f: string) => join(etcdDir, f);
  return {
    dir,
    certificatesDir: join(dir, "pki"),
    ca: p("ca.crt"),
    otherCa: p("other-ca.crt"),
    clientCert: p("healthcheck-client.crt"),
    clientKey: p("healthcheck-client.key"),
    serverCert: p("server.crt"),
    serverKey: p("server.key"),
  };
}

export interface EtcdMemberProcess {
  name: string;
  clientURL: string;
  peerURL: string;
  proc: ChildProcess;
  /** etcd's stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export async function memberURLs(): Promise<{ clientURL: string; peerURL: string }> {
  const [c, p] = [await freePort(), await freePort()];
  return { clientURL: `https://127.0.0.1:${c}`, peerURL: `https://127.0.0.1:${p}` };
}

/** Starts one member; `initialCluster` is the --initial-cluster value, `existing` joins a running cluster. */
export function startEtcdMember(
  pki: EtcdPki,
  name: string,
  urls: { clientURL: string; peerURL: string },
  initialCluster: string,
  existing = false,
): EtcdMemberProcess {
  const bin = requireUpstream("etcd");
  const args = [
    `--name=${name}`,
    `--data-dir=${join(pki.dir, `data-${name}`)}`,
    `--listen-client-urls=${urls.clientURL}`,
    `--advertise-client-urls=${urls.clientURL}`,
    `--listen-peer-urls=${urls.peerURL}`,
    `--initial-advertise-peer-urls=${urls.peerURL}`,
    `--initial-cluster=${initialCluster}`,
    `--initial-cluster-state=${existing ? "existing" : "new"}`,
    "--client-cert-auth=true",
    `--trusted-ca-file=${pki.ca}`,
    `--cert-file=${pki.serverCert}`,
    `--key-file=${pki.serverKey}`,
    "--peer-client-cert-auth=true",
    `--peer-trusted-ca-file=${pki.ca}`,
    `--peer-cert-file=${pki.serverCert}`,
    `--peer-key-file=${pki.serverKey}`,
    "--log-level=warn",
  ];
  const proc = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-8000);
  });
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    await new Promise((res) => {
      proc.once("exit", res);
      setTimeout(() => {
        proc.kill("SIGKILL");
        res(undefined);
      }, 5000);
    });
  };
  return { name, ...urls, proc, log: () => stderr, stop };
}

export function cleanupPki(pki: EtcdPki | undefined): void {
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
}
