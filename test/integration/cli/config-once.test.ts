// A --config that can be read only once (a pipe on /dev/stdin, bash's <(cat cfg.yaml)) works as
// upstream's does: the file is read once, by the loader (the pre-start that read it first is
// gone). Runs bin/kubeadm (needs `npm run build`) and the pinned upstream kubeadm the same way.
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const repo = resolve(import.meta.dirname, "../../..");
const ours = join(repo, "bin", "kubeadm");
let upstream: string;
let dir: string;

let caDir: string;

beforeAll(() => {
  upstream = requireUpstream("kubeadm");
  dir = mkdtempSync(join(tmpdir(), "config-once-"));
  // a CA for `kubeconfig user` (read from the config's certificatesDir)
  caDir = join(dir, "ca-pki");
  const ca = spawnSync(ours, ["init", "phase", "certs", "ca", "--cert-dir", caDir, "--kubernetes-version", KUBERNETES_VERSION], { encoding: "utf8" });
  if (ca.status !== 0) throw new Error(`making a CA failed: ${ca.stderr}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` in bash with $KUBEADM set to `bin`. */
function bash(bin: string, script: string): Run {
  const r = spawnSync("bash", ["-o", "pipefail", "-c", script], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", KUBEADM: bin },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const config = (certDir: string, extra = ""): string =>
  `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 10.0.0.5
nodeRegistration:
  name: node1
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
certificatesDir: ${certDir}
${extra}`;

/** The two ways a config is read once: piped on /dev/stdin, and bash's process substitution. */
const WAYS = [
  // a pipe, not a redirected file (which could be read twice)
  ["--config /dev/stdin (piped)", (file: string, args: string) => `cat ${file} | "$KUBEADM" ${args} --config /dev/stdin`],
  ["--config <(cat cfg.yaml)", (file: string, args: string) => `"$KUBEADM" ${args} --config <(cat ${file})`],
] as const;

const pkiFiles = (d: string): string[] => (readdirSync(d, { recursive: true }) as string[]).sort();

describe("a config that can be read once", () => {
  for (const [way, cmd] of WAYS) {
    it(`init phase certs all, ${way}: the PKI in the config's certificatesDir, the lines upstream prints`, () => {
      const tag = way.includes("stdin") ? "stdin" : "subst";
      const runOne = (bin: string, who: string) => {
        const pki = join(dir, `certs-${tag}-${who}`);
        const file = join(dir, `certs-${tag}-${who}.yaml`);
        writeFileSync(file, config(pki));
        const r = bash(bin, cmd(file, "init phase certs all"));
        return { r, pki };
      };
      const mine = runOne(ours, "ours");
      const theirs = runOne(upstream, "upstream");
      expect(mine.r.stderr).toBe("");
      expect(mine.r.status).toBe(0);
      expect(theirs.r.status).toBe(0);
      expect(mine.r.stdout.replaceAll(mine.pki, "PKI")).toBe(theirs.r.stdout.replaceAll(theirs.pki, "PKI"));
      expect(mine.r.stdout).toContain("IPs [10.96.0.1 10.0.0.5]"); // the config's advertise address: the file was read
      expect(pkiFiles(mine.pki)).toEqual(pkiFiles(theirs.pki));
      expect(pkiFiles(mine.pki)).toContain("etcd/server.key");
    });

    it(`config images list, ${way}: the config's image repository, as upstream lists it`, () => {
      const file = join(dir, "images.yaml");
      writeFileSync(file, config(join(dir, "unused"), "imageRepository: registry.example.com/k8s\n"));
      const mine = bash(ours, cmd(file, "config images list"));
      const theirs = bash(upstream, cmd(file, "config images list"));
      expect(mine).toEqual({ status: 0, stdout: theirs.stdout, stderr: "" });
      expect(mine.stdout.split("\n")[0]).toBe(`registry.example.com/k8s/kube-apiserver:${KUBERNETES_VERSION}`);
      // the same as from a plain file
      expect(bash(ours, `"$KUBEADM" config images list --config ${file}`).stdout).toBe(mine.stdout);
    });

    it(`kubeconfig user --client-name, ${way}: a client certificate signed by the config's CA, for its endpoint`, () => {
      const pki = caDir;
      const file = join(dir, "user.yaml");
      writeFileSync(file, config(pki));
      const mine = bash(ours, cmd(file, "kubeconfig user --client-name x --org team"));
      expect(mine.stderr).toBe("");
      expect(mine.status).toBe(0);
      const kc = parse(mine.stdout) as {
        clusters: Array<{ cluster: { server: string } }>;
        users: Array<{ name: string; user: { "client-certificate-data": string } }>;
      };
      expect(kc.clusters[0]!.cluster.server).toBe("https://10.0.0.5:6443");
      expect(kc.users[0]!.name).toBe("x");
      const cert = new X509Certificate(Buffer.from(kc.users[0]!.user["client-certificate-data"], "base64"));
      const ca = new X509Certificate(readFileSync(join(pki, "ca.crt")));
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.subject).toBe("O=team\nCN=x");
      // upstream prints the same kubeconfig but for the key and certificate
      const theirs = bash(upstream, cmd(file, "kubeconfig user --client-name x --org team"));
      expect(theirs.status).toBe(0);
      const blank = (s: string) => s.replace(/(client-(certificate|key)-data): \S+/g, "$1: DATA");
      expect(blank(mine.stdout)).toBe(blank(theirs.stdout));
    });
  }

  it("config validate reads /dev/stdin once, as upstream", () => {
    const file = join(dir, "validate.yaml");
    writeFileSync(file, config(join(dir, "unused")));
    const mine = bash(ours, `cat ${file} | "$KUBEADM" config validate --config /dev/stdin`);
    const theirs = bash(upstream, `cat ${file} | "$KUBEADM" config validate --config /dev/stdin`);
    expect(mine).toEqual(theirs);
    expect(mine.status).toBe(0);
  });

  it("--cert-dir next to --config is refused before anything is read, as upstream refuses it", () => {
    const file = join(dir, "mixed.yaml");
    writeFileSync(file, config(join(dir, "mixed-pki")));
    const mine = bash(ours, `cat ${file} | "$KUBEADM" init phase certs all --cert-dir ${join(dir, "mixed-pki")} --config /dev/stdin`);
    const theirs = bash(upstream, `cat ${file} | "$KUBEADM" init phase certs all --cert-dir ${join(dir, "mixed-pki")} --config /dev/stdin`);
    expect(mine).toEqual(theirs);
    expect(mine.stderr).toMatch(/^error: can not mix '--config' with arguments \[cert-dir\]\n/);
  });
});
