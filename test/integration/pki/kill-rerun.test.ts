// Kill and rerun: `bin/kubeadm` is killed with SIGKILL at many points of `init phase certs all`,
// `init phase kubeconfig all` and a full `init` through its file-writing phases (certs,
// kubeconfig, etcd, control-plane, kubelet-start), then the same command runs again. It must
// exit 0 and leave one consistent PKI: every certificate verifies against its CA (openssl
// verify), every key matches its certificate and passes `openssl pkey -check`, the kubeconfig
// client certificates chain to ca.crt, sa.key and sa.pub match, modes are upstream's, the files
// are those of an uninterrupted run, and no temporary file or pair marker is left anywhere.
//
// Kill points (76): exact ones, at the entry of kubeadm's n-th rename(2) or unlink(2) before it
// runs (strace's syscall injection: before every rename of `certs all`, so before each
// certificate whose key is already in place, and before pair markers are removed); "the k-th
// file-system event in the written directories" (inotify, k spread over the events of an
// uninterrupted run); "when this file appears"; a few times spread over the run (start-up, key
// generation). The full init runs in a private mount namespace (/etc/kubernetes,
// /var/lib/kubelet are temp dirs) with a systemctl that succeeds first on PATH, as
// test/lab/oracle does. Needs root (or user namespaces), openssl and strace.
//
// The binary is a copy of bin/kubeadm and dist/ taken when the test starts; KILL_RERUN_BUILD=<dir>
// tests another checkout's build instead (a build from before the crash-safety rule fails here:
// its reruns leave `.<name>.tmp-*` files, and fail with "failure loading etcd/peer certificate"
// after a kill between a key and its certificate).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_DIR } from "../../lab/oracle/index.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";
import { CERT_CHAINS } from "./helpers.js";

const ROOT = mkdtempSync(path.join(tmpdir(), "kill-rerun-"));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
/** A copy of bin/kubeadm and dist/ as built when the test starts (a concurrent `npm run build` empties dist/). */
const KUBEADM = path.join(ROOT, "app", "bin", "kubeadm");

/** Temporary files of host/temp-files.ts and pair markers of pki/store.ts (any dotfile, to be strict). */
const STRAY = /^\./;

const CHAINS = CERT_CHAINS;
const KUBECONFIGS = ["admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf"];

interface Command {
  name: string;
  /** kubeadm's arguments for one kill point's directories. */
  args(dirs: Dirs): string[];
  /** Fresh directories for one kill point (the watched ones exist before the run). */
  prepare(): Dirs;
  /** Runs kubeadm in a private mount namespace. */
  privateNode?: boolean;
}

interface Dirs {
  /** Where the certificates are. */
  pki: string;
  /** Where the kubeconfig files are (or null). */
  kubeconfigs: string | null;
  /** Directories watched for kill points. */
  watched: string[];
  /** Directories that must end without a stray file, walked recursively. */
  roots: string[];
  /** For the private node: host dirs bound on /etc/kubernetes and /var/lib/kubelet. */
  etc?: string;
  kubelet?: string;
  config: string;
}

/**
 * event: at the index-th inotify event in the watched directories; file: when that name appears;
 * time: after ms; syscall: at the entry of kubeadm's n-th call of that syscall, before it runs
 * (`strace --inject=<syscall>:signal=KILL:when=<n>`: exact, e.g. between a key's and its
 * certificate's rename).
 */
type KillPlan = { kind: "event"; index: number } | { kind: "file"; name: string } | { kind: "time"; ms: number } | { kind: "syscall"; syscall: string; n: number };

interface Calibration extends RunResult {
  /** kubeadm's renaming syscall and how often an uninterrupted run makes it; the same for unlinking. */
  rename: [string, number];
  unlink: [string, number];
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** File-system events seen in the watched directories. */
  events: number;
  ms: number;
}

let counter = 0;
const fresh = (name: string): string => {
  const d = path.join(ROOT, `${name}-${counter++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

function config(lines: string[]): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    "localAPIEndpoint: {advertiseAddress: 10.0.0.10}",
    "nodeRegistration: {name: node-a, criSocket: unix:///run/containerd/containerd.sock}",
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${KUBERNETES_VERSION}`,
    ...lines,
    "",
  ].join("\n");
}

// a systemctl that succeeds (kubelet-start asks whether the kubelet is active, then restarts it)
const SHIM = path.join(ROOT, "shim");
beforeAll(async () => {
  mkdirSync(SHIM, { recursive: true });
  writeFileSync(path.join(SHIM, "systemctl"), '#!/bin/sh\ncase "$1" in is-active) echo inactive; exit 3 ;; is-enabled) echo enabled; exit 0 ;; esac\nexit 0\n', { mode: 0o755 });
  const dist = path.join(process.env.KILL_RERUN_BUILD ?? REPO_DIR, "dist");
  // the build empties dist/ first and writes the code cache's stamp last: wait out a build under way
  for (let i = 0; !existsSync(path.join(dist, "kubeadm.cjs.cache.json")); i++) {
    if (i >= 120) throw new Error(`${dist} is not built (or a build has been running for a minute): run \`npm run build\``);
    await new Promise((r) => setTimeout(r, 500));
  }
  cpSync(path.join(process.env.KILL_RERUN_BUILD ?? REPO_DIR, "bin"), path.join(ROOT, "app", "bin"), { recursive: true });
  cpSync(dist, path.join(ROOT, "app", "dist"), { recursive: true });
}, 70_000);

/** Runs the command once; kills it with SIGKILL when `plan` says. */
function run(cmd: Command, dirs: Dirs, plan?: KillPlan, traceTo?: string): Promise<RunResult> {
  const args = cmd.args(dirs);
  const rootless = process.getuid?.() !== 0;
  const strace = (argv: string[]): string[] =>
    plan?.kind === "syscall"
      ? ["strace", "-f", "-qq", "-o", "/dev/null", "-e", `trace=${plan.syscall}`, "-e", `inject=${plan.syscall}:signal=KILL:when=${plan.n}`, ...argv]
      : traceTo
        ? ["strace", "-f", "-qq", "-o", traceTo, "-e", `trace=${TRACED.join(",")}`, ...argv]
        : argv;
  const spawnArgv = (argv: string[], opts: Parameters<typeof spawn>[2]) => {
    const full = strace(argv);
    return spawn(full[0]!, full.slice(1), opts);
  };
  const child = cmd.privateNode
    ? spawnArgv(
        [
          "unshare",
          ...(rootless ? ["--map-root-user"] : []),
          "--mount",
          "--propagation",
          "private",
          "--",
          "/bin/sh",
          "-c",
          'mount --bind "$1" /etc/kubernetes && mount --bind "$2" /var/lib/kubelet && shift 2 && exec "$@"',
          "kill-rerun",
          dirs.etc!,
          dirs.kubelet!,
          KUBEADM,
          ...args,
        ],
        { env: { ...process.env, PATH: `${SHIM}:${process.env.PATH}`, LANG: "C" }, stdio: ["ignore", "pipe", "pipe"] },
      )
    : spawnArgv([KUBEADM, ...args], { env: { ...process.env, LANG: "C" }, stdio: ["ignore", "pipe", "pipe"] });
  const started = Date.now();
  let events = 0;
  let killed = false;
  const kill = (): void => {
    if (killed) return;
    killed = true;
    child.kill("SIGKILL");
  };
  const watchers: FSWatcher[] = dirs.watched.map((d) =>
    watch(d, (_type, name) => {
      events++;
      if (plan?.kind === "event" && events >= plan.index) kill();
      if (plan?.kind === "file" && name === plan.name) kill();
    }),
  );
  const timer = plan?.kind === "time" ? setTimeout(kill, plan.ms) : undefined;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on("data", (d: Buffer) => out.push(d));
  child.stderr!.on("data", (d: Buffer) => err.push(d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), events, ms: Date.now() - started });
    });
  });
}

/** The renaming and unlinking system calls (which ones libc uses depends on the architecture). */
const TRACED = ["rename", "renameat", "renameat2", "unlink", "unlinkat"];

/** How often kubeadm (the process that made the most of them) called each traced syscall. */
function syscallCounts(traceFile: string): { rename: [string, number]; unlink: [string, number] } {
  const perPid = new Map<string, Map<string, number>>();
  for (const line of readFileSync(traceFile, "utf8").split("\n")) {
    const m = /^(\d+)\s+(\w+)\(/.exec(line);
    if (!m) continue;
    const counts = perPid.get(m[1]!) ?? new Map<string, number>();
    counts.set(m[2]!, (counts.get(m[2]!) ?? 0) + 1);
    perPid.set(m[1]!, counts);
  }
  const total = (c: Map<string, number>): number => [...c.values()].reduce((a, b) => a + b, 0);
  const main = [...perPid.values()].sort((a, b) => total(b) - total(a))[0] ?? new Map<string, number>();
  const most = (prefix: string): [string, number] =>
    [...main.entries()].filter(([name]) => name.startsWith(prefix)).sort((a, b) => b[1] - a[1])[0] ?? [prefix, 0];
  return { rename: most("rename"), unlink: most("unlink") };
}

/** Every file under the roots: relative path → mode (octal); stray files listed apart. */
function listing(roots: string[]): { files: Record<string, string>; stray: string[] } {
  const files: Record<string, string> = {};
  const stray: string[] = [];
  roots.forEach((root, i) => {
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        const rel = `${i}:${path.relative(root, p)}`;
        if (STRAY.test(e.name)) stray.push(rel);
        if (e.isDirectory()) walk(p);
        else files[rel] = (statSync(p).mode & 0o777).toString(8);
      }
    };
    walk(root);
  });
  return { files, stray };
}

/** Runs every check as one shell script (one process, not hundreds); returns the failed labels. */
function failedChecks(checks: Array<[label: string, command: string]>): string[] {
  const script = checks.map(([label, command]) => `if ${command} >/dev/null 2>&1; then :; else echo ${JSON.stringify(label)}; fi`).join("\n");
  const r = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`checks did not run: ${r.stderr}`);
  return r.stdout.split("\n").filter(Boolean);
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The openssl checks of one PKI (and the client certificates of its kubeconfig files). */
function pkiChecks(dirs: Dirs, scratch: string): Array<[string, string]> {
  const p = (f: string): string => q(path.join(dirs.pki, f));
  const checks: Array<[string, string]> = [];
  for (const [base, ca] of CHAINS) {
    checks.push([`${base}: verify`, `openssl verify -CAfile ${p(`${ca}.crt`)} ${p(`${base}.crt`)}`]);
    checks.push([`${base}: key matches`, `[ "$(openssl x509 -in ${p(`${base}.crt`)} -noout -pubkey)" = "$(openssl pkey -in ${p(`${base}.key`)} -pubout)" ]`]);
    checks.push([`${base}: pkey -check`, `openssl pkey -in ${p(`${base}.key`)} -check -noout`]);
  }
  checks.push(["sa: pkey -check", `openssl pkey -in ${p("sa.key")} -check -noout`]);
  checks.push(["sa: sa.pub matches", `[ "$(openssl pkey -in ${p("sa.key")} -pubout)" = "$(cat ${p("sa.pub")})" ]`]);
  if (dirs.kubeconfigs) {
    const caPem = readFileSync(path.join(dirs.pki, "ca.crt"), "utf8");
    for (const file of KUBECONFIGS) {
      const text = readFileSync(path.join(dirs.kubeconfigs, file), "utf8");
      const field = (name: string): string => Buffer.from(new RegExp(`${name}: (\\S+)`).exec(text)?.[1] ?? "", "base64").toString("utf8");
      expect(field("certificate-authority-data"), `${file}: its CA is ca.crt`).toBe(caPem);
      const crt = path.join(scratch, `${file}.crt`);
      const key = path.join(scratch, `${file}.key`);
      writeFileSync(crt, field("client-certificate-data"));
      writeFileSync(key, field("client-key-data"), { mode: 0o600 });
      checks.push([`${file}: client certificate verifies against ca.crt`, `openssl verify -CAfile ${p("ca.crt")} ${q(crt)}`]);
      checks.push([`${file}: client key matches`, `[ "$(openssl x509 -in ${q(crt)} -noout -pubkey)" = "$(openssl pkey -in ${q(key)} -pubout)" ]`]);
      checks.push([`${file}: client key pkey -check`, `openssl pkey -in ${q(key)} -check -noout`]);
    }
  }
  return checks;
}

/** Upstream's modes: keys 0600, certificates 0644, sa.pub 0600 (upstream writes it with keyutil.WriteKey), kubeconfigs 0600. */
function expectedMode(rel: string): string | undefined {
  if (rel.endsWith(".key") || rel.endsWith(".pub") || rel.endsWith(".conf")) return "600";
  if (rel.endsWith(".crt")) return "644";
  return undefined;
}

interface Tally {
  points: number;
  killed: number;
  /** Kills that left a stray file (temporary file or marker) for the rerun to deal with. */
  leftStray: number;
  /** Kills that left a key without its certificate or public key. */
  leftHalfPair: number;
  ms: number;
}

function halfPairs(pki: string): number {
  let n = 0;
  for (const [base] of [...CHAINS, ["sa"]] as Array<[string]>) {
    const other = base === "sa" ? "sa.pub" : `${base}.crt`;
    if (existsSync(path.join(pki, `${base}.key`)) && !existsSync(path.join(pki, other))) n++;
  }
  return n;
}

/** Calibrates on an uninterrupted run, then kills at every plan and reruns. */
async function killAndRerun(cmd: Command, plans: (calibration: Calibration) => KillPlan[], tally: Tally): Promise<void> {
  const cleanDirs = cmd.prepare();
  const first = await run(cmd, cleanDirs);
  expect(first.code, `${cmd.name}: uninterrupted run\n${first.stderr}`).toBe(0);
  const traceFile = path.join(fresh("trace"), "strace.log");
  const traced = await run(cmd, cmd.prepare(), undefined, traceFile);
  expect(traced.code, `${cmd.name}: uninterrupted run under strace\n${traced.stderr}`).toBe(0);
  const clean: Calibration = { ...first, ...syscallCounts(traceFile) };
  expect(clean.rename[1], `${cmd.name}: renames seen by strace`).toBeGreaterThan(0);
  const cleanListing = listing(cleanDirs.roots);
  expect(cleanListing.stray).toEqual([]);
  for (const [rel, mode] of Object.entries(cleanListing.files)) {
    const want = expectedMode(rel);
    if (want) expect(mode, `${cmd.name}: mode of ${rel}`).toBe(want);
  }

  for (const plan of plans(clean)) {
    const what = `${cmd.name}, kill at ${JSON.stringify(plan)}`;
    const dirs = cmd.prepare();
    const t0 = Date.now();
    const first = await run(cmd, dirs, plan);
    tally.points++;
    if (first.signal === "SIGKILL") {
      tally.killed++;
      if (listing(dirs.roots).stray.length > 0) tally.leftStray++;
      if (halfPairs(dirs.pki) > 0) tally.leftHalfPair++;
    } else {
      expect(first.code, `${what}: finished before the kill\n${first.stderr}`).toBe(0);
    }
    const again = await run(cmd, dirs);
    expect(again.code, `${what}: rerun\n${again.stdout}\n${again.stderr}`).toBe(0);
    const after = listing(dirs.roots);
    expect(after.stray, `${what}: stray files`).toEqual([]);
    expect(after.files, `${what}: the files and modes of an uninterrupted run`).toEqual(cleanListing.files);
    const scratch = fresh("scratch");
    expect(failedChecks(pkiChecks(dirs, scratch)), what).toEqual([]);
    tally.ms += Date.now() - t0;
  }
}

/** A kill before every `step`-th call of kubeadm's renaming (or unlinking) syscall. */
const everyCall = ([syscall, count]: [string, number], step = 1, from = 1): KillPlan[] => {
  const out: KillPlan[] = [];
  for (let n = from; n <= count; n += step) out.push({ kind: "syscall", syscall, n });
  return out;
};

/** k spread evenly over 1..n. */
const spread = (n: number, k: number): number[] => Array.from({ length: k }, (_, i) => Math.max(1, Math.round(((i + 0.5) * n) / k)));

// each case kills and reruns a command tens of times: a bound on a hang, not a speed target (RSA keys
// and openssl checks take minutes on a loaded 2-core machine)
const HANG = 600_000;
const tallies: Record<string, Tally> = {};
const tallyFor = (name: string): Tally => (tallies[name] ??= { points: 0, killed: 0, leftStray: 0, leftHalfPair: 0, ms: 0 });

afterAll(() => {
  const total = Object.values(tallies).reduce((a, t) => ({ points: a.points + t.points, killed: a.killed + t.killed }), { points: 0, killed: 0 });
  console.log(
    [
      ...Object.entries(tallies).map(
        ([name, t]) => `${name}: ${t.points} kill points, ${t.killed} killed mid-run, ${t.leftStray} left a temporary file or marker, ${t.leftHalfPair} left a key without its certificate; ${(t.ms / 1000).toFixed(1)} s`,
      ),
      `total: ${total.points} kill points, ${total.killed} killed mid-run`,
    ].join("\n"),
  );
});

describe("kill -9 at any point, then the same command again", () => {
  const certsAll = (algorithm: string): Command => ({
    name: `init phase certs all (${algorithm})`,
    prepare() {
      const root = fresh("certs");
      const pki = path.join(root, "pki");
      mkdirSync(path.join(pki, "etcd"), { recursive: true });
      const cfg = path.join(root, "kubeadm.yaml");
      writeFileSync(cfg, config([`certificatesDir: ${pki}`, `encryptionAlgorithm: ${algorithm}`]));
      return { pki, kubeconfigs: null, watched: [pki, path.join(pki, "etcd")], roots: [pki], config: cfg };
    },
    args: (d) => ["init", "phase", "certs", "all", "--config", d.config],
  });

  // ECDSA keys are quick to make and to check (openssl pkey -check on an RSA key tests its
  // primes: ~60 ms a key), so most points use them; the kill points do not depend on the algorithm
  it("init phase certs all", async () => {
    const ecdsa = certsAll("ECDSA-P256");
    const tally = tallyFor(ecdsa.name);
    await killAndRerun(
      ecdsa,
      (clean) => {
        // 11 pairs, each: the marker, the key, the certificate (or sa.pub) renamed into place
        expect(clean.rename[1]).toBe(33);
        expect(clean.unlink[1]).toBeGreaterThanOrEqual(11);
        return [
          ...everyCall(clean.rename), // before each rename: 11 of them between a key and its certificate
          ...everyCall(clean.unlink, 3), // before a marker is removed: the pair is complete
          ...spread(clean.events, 4).map((index): KillPlan => ({ kind: "event", index })),
          { kind: "file", name: ".front-proxy-ca.kubeadm-writing" },
          { kind: "time", ms: Math.round(clean.ms * 0.3) },
          { kind: "time", ms: Math.round(clean.ms * 0.8) },
        ];
      },
      tally,
    );
    expect(tally.points).toBeGreaterThanOrEqual(33 + 4 + 7);
    // every syscall kill lands; a kill before a certificate's rename leaves its key alone
    expect(tally.killed).toBeGreaterThanOrEqual(33 + 4);
    expect(tally.leftHalfPair).toBeGreaterThanOrEqual(11);

    const rsa = certsAll("RSA-2048");
    const rsaTally = tallyFor(rsa.name);
    await killAndRerun(
      rsa,
      (clean) => [
        { kind: "syscall", syscall: clean.rename[0], n: 3 }, // ca.key renamed, ca.crt not
        { kind: "syscall", syscall: clean.rename[0], n: 33 }, // sa.key renamed, sa.pub not
        ...spread(clean.events, 2).map((index): KillPlan => ({ kind: "event", index })),
        { kind: "file", name: "front-proxy-ca.key" },
      ],
      rsaTally,
    );
    expect(rsaTally.points).toBe(5);
    expect(rsaTally.killed).toBeGreaterThanOrEqual(4);
    expect(rsaTally.leftHalfPair).toBeGreaterThanOrEqual(2);
  }, HANG);

  it("init phase kubeconfig all (after the certificates)", async () => {
    const pkiRoot = fresh("kc-pki");
    const certs = certsAll("ECDSA-P256");
    const base = certs.prepare();
    const made = await run(certs, base);
    expect(made.code, made.stderr).toBe(0);
    cpSync(base.pki, path.join(pkiRoot, "pki"), { recursive: true });
    const kubeconfigAll: Command = {
      name: "init phase kubeconfig all",
      prepare() {
        const root = fresh("kubeconfig");
        const pki = path.join(root, "pki");
        cpSync(path.join(pkiRoot, "pki"), pki, { recursive: true });
        const kc = path.join(root, "kubeconfigs");
        mkdirSync(kc);
        const cfg = path.join(root, "kubeadm.yaml");
        writeFileSync(cfg, config([`certificatesDir: ${pki}`, "encryptionAlgorithm: ECDSA-P256"]));
        return { pki, kubeconfigs: kc, watched: [kc], roots: [root], config: cfg };
      },
      args: (d) => ["init", "phase", "kubeconfig", "all", "--config", d.config, "--kubeconfig-dir", d.kubeconfigs!],
    };
    const tally = tallyFor(kubeconfigAll.name);
    await killAndRerun(
      kubeconfigAll,
      (clean) => {
        expect(clean.rename[1]).toBe(5);
        return [
          ...everyCall(clean.rename),
          ...spread(clean.events, 3).map((index): KillPlan => ({ kind: "event", index })),
          { kind: "time", ms: Math.round(clean.ms * 0.5) },
        ];
      },
      tally,
    );
    expect(tally.points).toBe(9);
    expect(tally.killed).toBeGreaterThanOrEqual(5 + 2);
  }, HANG);

  it("init through its file-writing phases (certs, kubeconfig, etcd, control-plane, kubelet-start) on a private node", async () => {
    for (const p of ["/etc/kubernetes", "/var/lib/kubelet"]) mkdirSync(p, { recursive: true });
    const init: Command = {
      name: "init (file-writing phases)",
      privateNode: true,
      prepare() {
        const root = fresh("init");
        const etc = path.join(root, "etc-kubernetes");
        const kubelet = path.join(root, "var-lib-kubelet");
        for (const d of ["pki/etcd", "manifests"]) mkdirSync(path.join(etc, d), { recursive: true });
        mkdirSync(kubelet);
        const cfg = path.join(root, "kubeadm.yaml");
        writeFileSync(cfg, config(["encryptionAlgorithm: ECDSA-P256"]));
        return {
          pki: path.join(etc, "pki"),
          kubeconfigs: etc,
          watched: [etc, path.join(etc, "pki"), path.join(etc, "pki/etcd"), path.join(etc, "manifests"), kubelet],
          roots: [etc, kubelet],
          etc,
          kubelet,
          config: cfg,
        };
      },
      args: (d) => [
        "init",
        "--config",
        d.config,
        "--skip-phases=preflight,wait-control-plane,upload-config,upload-certs,mark-control-plane,bootstrap-token,kubelet-finalize,addon,show-join-command",
      ],
    };
    const tally = tallyFor(init.name);
    await killAndRerun(
      init,
      (clean) => {
        // 33 renames of the certificates, 5 kubeconfigs, 4 manifests, the kubelet's files
        expect(clean.rename[1]).toBeGreaterThanOrEqual(33 + 5 + 4);
        return [
          // 2, 6, 10, ...: a stride of 4 over the pairs' triples (marker, key, certificate) hits
          // each position; 6, 18, 30 are certificates whose key is already in place
          ...everyCall(clean.rename, 4, 2),
          ...everyCall(clean.unlink, 5, 3),
          ...spread(clean.events, 3).map((index): KillPlan => ({ kind: "event", index })),
          { kind: "file", name: "admin.conf" },
          { kind: "time", ms: Math.round(clean.ms * 0.25) },
        ];
      },
      tally,
    );
    expect(tally.points).toBeGreaterThanOrEqual(11 + 2 + 5);
    expect(tally.killed).toBeGreaterThanOrEqual(11 + 2);
    expect(tally.leftHalfPair).toBeGreaterThanOrEqual(3);
  }, HANG);
});
