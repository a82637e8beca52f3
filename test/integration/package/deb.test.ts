// The packaged kubeadm-ts on a clean system: `npm run package`'s single executable and .deb
// (scripts/package/) are made from this checkout's build, then the .deb is installed with dpkg
// into a fresh Debian bookworm root made by debootstrap (minbase, no Node.js; cached by
// debian-root.sh), where the commands run through chroot, in their own PID, mount and network
// namespaces (no network: what kubeadm would fetch falls back offline as upstream's does). It
// replaces a stand-in of upstream's `kubeadm` package (Conflicts/Replaces), runs `version`,
// `config images list`, `init --dry-run` and `init phase certs all` with the same output as
// bin/kubeadm, keeps the launcher's thread pool and code cache, ships upstream's kubelet drop-in,
// completion that completes and a man page, passes lintian (each override explained in
// scripts/package/lintian-overrides), and `dpkg -r` leaves the root as it was.
// Needs root (debootstrap, chroot, dpkg, unshare).
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const REPO = resolve(import.meta.dirname, "../../..");
const HERE = import.meta.dirname;
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
const DEB = join(REPO, "dist", `kubeadm-ts_${VERSION}_amd64.deb`);
const BIN_KUBEADM = join(REPO, "bin/kubeadm");
const ADVERTISE = "192.0.2.10";
const HOST_PATH = process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin";

function run(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: "utf8", cwd: opts.cwd ?? REPO, env: opts.env ?? { ...process.env }, input: opts.input, maxBuffer: 64 << 20, timeout: opts.timeout ?? 10 * 60_000 });
}
function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what}: ${r.error ?? ""}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Every path under `dir` (files, links and directories), relative, sorted; `skip` prefixes left out. */
function listing(dir: string, skip: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const r = relative(dir, p);
      if (skip.some((s) => r === s || r.startsWith(`${s}/`))) continue;
      out.push(e.isDirectory() ? `${r}/` : r);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe("kubeadm-ts's .deb on a fresh Debian bookworm root without Node.js", () => {
  let work = "";
  let root = "";
  let before: string[] = [];
  let installed: string[] = [];
  // what changes in the root besides the package's own files: dpkg's database and logs, and what
  // the kubeadm commands here wrote (/etc/kubernetes) or the test put in /tmp
  const NOT_THE_PACKAGES = ["var/lib/dpkg", "var/log", "var/cache/debconf", "etc/kubernetes", "tmp", "proc", "dev", "root"];

  /** A command inside the root: chroot in new PID, mount and network namespaces, a clean environment. */
  const inRoot = (args: string[], env: Record<string, string> = {}) =>
    run("unshare", ["--pid", "--fork", "--mount", "--net", `--mount-proc=${root}/proc`, "chroot", root, "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...args]);
  const hostKubeadm = (args: string[]) => run(BIN_KUBEADM, args, { env: { PATH: HOST_PATH } });

  beforeAll(() => {
    expect(process.getuid?.(), "this test needs root (debootstrap, chroot, dpkg, unshare)").toBe(0);
    ok(run(process.execPath, ["scripts/package/sea.mjs"]), "scripts/package/sea.mjs");
    ok(run("bash", ["scripts/package/deb.sh"]), "scripts/package/deb.sh");
    const tarball = ok(run("bash", [join(HERE, "debian-root.sh")]), "debian-root.sh").trim();
    work = mkdtempSync(join(tmpdir(), "kubeadm-ts-deb-"));
    root = join(work, "root");
    mkdirSync(root);
    ok(run("tar", ["-C", root, "--numeric-owner", "-xf", tarball]), "unpack the Debian root");
    before = listing(root, NOT_THE_PACKAGES);
  }, 20 * 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the root has no Node.js", () => {
    expect(inRoot(["sh", "-c", "command -v node || command -v nodejs"]).status).not.toBe(0);
    expect(before.filter((p) => /(^|\/)(node|nodejs|libnode\.so[.\d]*)$/.test(p))).toEqual([]);
  });

  it("lintian: no tag beyond the explained overrides", () => {
    ok(run("bash", ["scripts/package/lintian.sh"]), "lintian");
  }, 10 * 60_000);

  it("dpkg -i replaces upstream's kubeadm package (Conflicts, Replaces) and installs the files", () => {
    // a stand-in for upstream's kubeadm_1.37.2-1.1 package: its two files
    const fake = join(work, "fake");
    mkdirSync(join(fake, "DEBIAN"), { recursive: true });
    mkdirSync(join(fake, "usr/bin"), { recursive: true });
    mkdirSync(join(fake, "usr/lib/systemd/system/kubelet.service.d"), { recursive: true });
    writeFileSync(join(fake, "DEBIAN/control"), "Package: kubeadm\nVersion: 1.37.2-1.1\nArchitecture: amd64\nMaintainer: Kubernetes Authors <dev@kubernetes.io>\nDescription: stand-in for upstream's kubeadm package\n");
    writeFileSync(join(fake, "usr/bin/kubeadm"), "#!/bin/sh\necho upstream\n", { mode: 0o755 });
    copyFileSync(join(REPO, "test/lab/systemd/10-kubeadm.conf"), join(fake, "usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"));
    ok(run("dpkg-deb", ["--root-owner-group", "--build", fake, join(root, "tmp/kubeadm_1.37.2-1.1_amd64.deb")]), "build the stand-in");
    ok(inRoot(["dpkg", "-i", "/tmp/kubeadm_1.37.2-1.1_amd64.deb"]), "install the stand-in");
    expect(inRoot(["kubeadm"]).stdout).toBe("upstream\n");

    copyFileSync(DEB, join(root, "tmp/kubeadm-ts.deb"));
    const r = inRoot(["dpkg", "-i", "/tmp/kubeadm-ts.deb"]);
    ok(r, "dpkg -i kubeadm-ts");
    expect(r.stdout + r.stderr).toMatch(/will remove kubeadm in favour of kubeadm-ts|Removing kubeadm/);
    expect(inRoot(["dpkg-query", "-W", "-f", "${Status}", "kubeadm"]).stdout).not.toContain("install ok installed");
    expect(ok(inRoot(["dpkg-query", "-W", "-f", "${Status} ${Version}", "kubeadm-ts"]), "dpkg-query")).toBe(`install ok installed ${VERSION}`);
    installed = ok(inRoot(["dpkg", "-L", "kubeadm-ts"]), "dpkg -L").trim().split("\n");
    for (const f of [
      "/usr/bin/kubeadm",
      "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
      "/usr/share/bash-completion/completions/kubeadm",
      "/usr/share/zsh/vendor-completions/_kubeadm",
      "/usr/share/man/man1/kubeadm.1.gz",
      "/usr/share/doc/kubeadm-ts/copyright",
    ])
      expect(installed).toContain(f);
  });

  it("kubeadm version: the same as bin/kubeadm's", () => {
    const want = ok(hostKubeadm(["version"]), "bin/kubeadm version");
    expect(ok(inRoot(["kubeadm", "version"]), "kubeadm version")).toBe(want);
    expect(ok(inRoot(["kubeadm", "version", "-o", "short"]), "kubeadm version -o short")).toBe(`${KUBERNETES_VERSION}\n`);
  });

  it("kubeadm config images list: the same as bin/kubeadm's, also offline without --kubernetes-version", () => {
    const want = ok(hostKubeadm(["config", "images", "list", "--kubernetes-version", KUBERNETES_VERSION]), "bin/kubeadm config images list");
    expect(ok(inRoot(["kubeadm", "config", "images", "list", "--kubernetes-version", KUBERNETES_VERSION]), "config images list")).toBe(want);
    expect(want.trim().split("\n")).toHaveLength(7);
    expect(want).toContain(`registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}\n`);
    const offline = inRoot(["kubeadm", "config", "images", "list"]);
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stdout.trim().split("\n")).toHaveLength(7);
  });

  it("kubeadm init --dry-run: every phase, the files and objects it would write, the join command", () => {
    const args = ["init", "--dry-run", "--ignore-preflight-errors=all", "--kubernetes-version", KUBERNETES_VERSION, "--apiserver-advertise-address", ADVERTISE, "--node-name", "node1"];
    const r = inRoot(["kubeadm", ...args]);
    ok(r, "kubeadm init --dry-run");
    const phases = (s: string) => [...new Set(s.split("\n").map((l) => /^\[([a-z-]+)\]/.exec(l)?.[1]).filter(Boolean))];
    const host = hostKubeadm(args);
    ok(host, "bin/kubeadm init --dry-run");
    expect(phases(r.stdout)).toEqual(phases(host.stdout));
    for (const line of [`[init] Using Kubernetes version: ${KUBERNETES_VERSION}`, "[dryrun] Would write file \"/etc/kubernetes/manifests/kube-apiserver.yaml\"", "Your Kubernetes control-plane has initialized successfully!"])
      expect(r.stdout).toContain(line);
    expect(r.stdout).toMatch(new RegExp(`kubeadm join ${ADVERTISE.replace(/\./g, "\\.")}:6443 --token [a-z0-9]{6}\\.[a-z0-9]{16}`));
    // a dry run writes nothing outside its own temporary directory
    expect(existsSync(join(root, "etc/kubernetes/manifests/kube-apiserver.yaml"))).toBe(false);
  });

  it("kubeadm init phase certs all: the same files as bin/kubeadm writes, each certificate verified by openssl", () => {
    const args = ["init", "phase", "certs", "all", "--apiserver-advertise-address", ADVERTISE, "--kubernetes-version", KUBERNETES_VERSION];
    const r = inRoot(["kubeadm", ...args]);
    ok(r, "kubeadm init phase certs all");
    const hostDir = join(work, "host-pki");
    const host = hostKubeadm([...args, "--cert-dir", hostDir]);
    ok(host, "bin/kubeadm init phase certs all");
    const pki = join(root, "etc/kubernetes/pki");
    expect(listing(pki, [])).toEqual(listing(hostDir, []));
    expect(r.stdout.replaceAll("/etc/kubernetes/pki", "PKI")).toBe(host.stdout.replaceAll(hostDir, "PKI"));
    for (const [ca, certs] of [
      ["ca.crt", ["apiserver.crt", "apiserver-kubelet-client.crt"]],
      ["front-proxy-ca.crt", ["front-proxy-client.crt"]],
      ["etcd/ca.crt", ["etcd/server.crt", "etcd/peer.crt", "etcd/healthcheck-client.crt", "apiserver-etcd-client.crt"]],
    ] as const)
      for (const c of certs) ok(run("openssl", ["verify", "-CAfile", join(pki, ca), join(pki, c)]), `openssl verify ${c}`);
    expect(ok(run("openssl", ["x509", "-noout", "-ext", "subjectAltName", "-in", join(pki, "apiserver.crt")]), "apiserver SANs")).toContain(`IP Address:${ADVERTISE}`);
  });

  it("keeps the launcher's behaviour: libuv's pool of six threads (unless set) and the code cache", () => {
    writeFileSync(
      join(root, "tmp/probe.cjs"),
      'process.on("exit", () => process.stderr.write(`threads=${require("fs").readdirSync("/proc/self/task").length} UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE}\\n`));\n',
    );
    const threads = (env: Record<string, string>, dir: string) => {
      const r = inRoot(["kubeadm", "init", "phase", "certs", "all", "--cert-dir", dir, "--apiserver-advertise-address", ADVERTISE], { NODE_OPTIONS: "--require /tmp/probe.cjs", ...env });
      ok(r, "kubeadm init phase certs all");
      const m = /threads=(\d+) UV_THREADPOOL_SIZE=(\S+)/.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      return { threads: Number(m![1]), size: m![2] };
    };
    const six = threads({}, "/tmp/pool-a");
    const two = threads({ UV_THREADPOOL_SIZE: "2" }, "/tmp/pool-b");
    expect(six.size).toBe("6");
    expect(two.size).toBe("2");
    // key generation ran on the pool, so it started with its full size: 6 threads vs 2
    expect(six.threads - two.threads).toBe(4);
    const cache = inRoot(["kubeadm", "version", "-o", "short"], { KUBEADM_TS_SEA_DEBUG: "1" });
    expect(cache.stderr).toContain("code cache used");
  });

  it("FIPS: with OPENSSL_CONF naming a config that loads OpenSSL's FIPS provider, the executable runs in FIPS mode", () => {
    // the provider and its config (test/fips/build-fips.sh, cached), put at the same path inside the root
    // (a cold cache builds it, or waits on its lock while npm test builds it in the background)
    ok(run("bash", [join(REPO, "test/fips/build-fips.sh")], { timeout: 25 * 60_000 }), "test/fips/build-fips.sh");
    const fipsDir = join(process.env.KUBEADM_TS_CACHE ?? join(process.env.HOME ?? "/root", ".cache/kubeadm-ts"), "fips");
    mkdirSync(join(root, fipsDir), { recursive: true });
    for (const f of ["fips.so", "fipsmodule.cnf", "openssl.cnf"]) copyFileSync(join(fipsDir, f), join(root, fipsDir, f));
    writeFileSync(
      join(root, "tmp/fips-probe.cjs"),
      'process.on("exit", () => { const c = require("node:crypto"); let md5 = "allowed"; try { c.createHash("md5"); } catch { md5 = "refused"; } process.stderr.write(`fips=${c.getFips()} md5=${md5}\\n`); });\n',
    );
    const conf = join(fipsDir, "openssl.cnf");
    const args = ["kubeadm", "init", "phase", "certs", "all", "--cert-dir", "/tmp/fips-pki", "--apiserver-advertise-address", ADVERTISE];
    const r = inRoot(args, { OPENSSL_CONF: conf, NODE_OPTIONS: "--require /tmp/fips-probe.cjs" });
    ok(r, "kubeadm init phase certs all in FIPS mode");
    expect(r.stderr).toContain("fips=1 md5=refused");
    ok(run("openssl", ["verify", "-CAfile", join(root, "tmp/fips-pki/ca.crt"), join(root, "tmp/fips-pki/apiserver.crt")]), "openssl verify");
    // Node's own way works too: --enable-fips (through NODE_OPTIONS: the executable's arguments are kubeadm's)
    const e = inRoot(["kubeadm", "version", "-o", "short"], { OPENSSL_CONF: conf, NODE_OPTIONS: "--enable-fips --require /tmp/fips-probe.cjs" });
    expect(e.stderr).toContain("fips=1 md5=refused");
    // without the config: not in FIPS mode
    expect(inRoot(["kubeadm", "version", "-o", "short"], { NODE_OPTIONS: "--require /tmp/fips-probe.cjs" }).stderr).toContain("fips=0 md5=allowed");
  }, 30 * 60_000);

  it("ships upstream's kubelet drop-in (the .deb variant: /etc/default/kubelet)", () => {
    expect(readFileSync(join(root, "usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"), "utf8")).toBe(readFileSync(join(REPO, "test/lab/systemd/10-kubeadm.conf"), "utf8"));
  });

  it("bash completion completes kubeadm's commands, flags and phases", () => {
    const complete = (words: string[]) => {
      const script = `source /usr/share/bash-completion/completions/kubeadm; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; COMP_LINE='${words.join(" ")}'; COMP_POINT=\${#COMP_LINE}; __start_kubeadm; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return ok(inRoot(["bash", "-c", script]), `complete ${words.join(" ")}`).trim().split("\n");
    };
    expect(complete(["kubeadm", "in"])).toEqual(["init"]);
    expect(complete(["kubeadm", "init", "phase", "cer"])).toEqual(["certs"]);
    expect(complete(["kubeadm", "token", "--kubec"])).toContain("--kubeconfig");
    const zsh = readFileSync(join(root, "usr/share/zsh/vendor-completions/_kubeadm"), "utf8");
    expect(zsh.split("\n")[0]).toBe("#compdef kubeadm");
  });

  it("zsh completion: compinit loads it from vendor-completions and the first TAB completes", () => {
    // zsh is not in the minimal root: an interactive zsh on this machine (zpty) with the root's file
    if (run("sh", ["-c", "command -v zsh"]).status !== 0) ok(run("sh", ["-c", "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends zsh"]), "apt-get install zsh");
    const driver = join(work, "zpty.zsh");
    writeFileSync(
      driver,
      [
        "zmodload zsh/zpty",
        "zpty z 'zsh -f -i'",
        `zpty -w z "PS1='> '; fpath=(${join(root, "usr/share/zsh/vendor-completions")} \\$fpath); autoload -U compinit; compinit -u -D"`,
        "zpty -w -n z $'kubeadm ini\\t'",
        // read what the terminal shows until the completion appears (20 s at most)
        'out=""; for i in {1..40}; do while zpty -r -t z chunk; do out+=$chunk; done; [[ $out == *"kubeadm init"* ]] && break; sleep 0.5; done',
        'print -r -- "$out"',
        "zpty -d z",
      ].join("\n"),
    );
    const r = run("zsh", ["-f", driver]);
    const screen = r.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/[\r\b]/g, "");
    expect(screen, screen).toContain("kubeadm init");
    expect(screen).not.toMatch(/bad option|command not found|_kubeadm:/);
  });

  it("man kubeadm: generated from the help of every command", () => {
    const page = ok(run("sh", ["-c", `zcat '${join(root, "usr/share/man/man1/kubeadm.1.gz")}'`]), "zcat");
    expect(page).toMatch(/^\.TH KUBEADM 1 /);
    for (const cmd of ["kubeadm init", "kubeadm init phase certs all", "kubeadm join", "kubeadm reset", "kubeadm token create", "kubeadm certs renew", "kubeadm upgrade apply"]) expect(page).toContain(`.SS "${cmd}"`);
    const rendered = run("man", ["--warnings", "-E", "UTF-8", "-l", join(root, "usr/share/man/man1/kubeadm.1.gz")], { env: { ...process.env, MANWIDTH: "120" } });
    expect(rendered.status, rendered.stderr).toBe(0);
    expect(rendered.stderr).toBe("");
    expect(rendered.stdout).toContain("--apiserver-advertise-address string");
  });

  it("dpkg -r removes every file it installed and leaves the root as it was", () => {
    expect(installed.length).toBeGreaterThan(0);
    ok(inRoot(["dpkg", "-r", "kubeadm-ts"]), "dpkg -r kubeadm-ts");
    expect(inRoot(["dpkg-query", "-W", "-f", "${Status}", "kubeadm-ts"]).stdout).not.toContain("installed");
    const left = installed.filter((p) => p !== "/." && existsSync(join(root, p)) && !before.includes(`${p.slice(1)}/`));
    expect(left).toEqual([]);
    expect(listing(root, NOT_THE_PACKAGES)).toEqual(before);
  });
});
