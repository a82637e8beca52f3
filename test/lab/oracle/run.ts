// Runs a kubeadm binary (upstream's or ours) inside a private mount namespace so that its fixed
// paths (/etc/kubernetes, /var/lib/kubelet, /var/lib/etcd, ...) are fresh temp dirs, and
// returns what it printed and every file it left there (path, type, mode, owner, content).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, lstatSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** test/lab */
export const LAB_DIR = resolve(here, "..");
/** repository root */
export const REPO_DIR = resolve(LAB_DIR, "../..");

/** KEY=VALUE pairs of test/lab/versions.env (the lab's single pin of upstream versions). */
export function labVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(LAB_DIR, "versions.env"), "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The pinned Kubernetes version, e.g. "v1.37.2". */
export const KUBERNETES_VERSION = labVersions().KUBERNETES_VERSION!;
/** The previous minor the lab also builds (N-1 control planes, upgrades), e.g. "v1.36.3". */
export const PREVIOUS_KUBERNETES_VERSION = labVersions().PREVIOUS_KUBERNETES_VERSION!;
/** ~/.cache/kubeadm-ts/upstream/<version>/bin of a version set (override the cache root with KUBEADM_TS_CACHE). */
export function upstreamBinDir(version: string): string {
  return join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache", "kubeadm-ts"), "upstream", version, "bin");
}
/** ~/.cache/kubeadm-ts/upstream/<pinned version>/bin. */
export const UPSTREAM_BIN_DIR = upstreamBinDir(KUBERNETES_VERSION);
/** ~/.cache/kubeadm-ts/upstream/<previous version>/bin. */
export const PREVIOUS_UPSTREAM_BIN_DIR = upstreamBinDir(PREVIOUS_KUBERNETES_VERSION);
/** Upstream kubeadm built by `npm run lab:build`. */
export const UPSTREAM_KUBEADM = join(UPSTREAM_BIN_DIR, "kubeadm");
/** The project's kubeadm launcher. */
export const TS_KUBEADM = join(REPO_DIR, "bin", "kubeadm");

/** True when upstream kubeadm has been built (the build writes this marker when it is usable). */
export function upstreamKubeadmReady(): boolean {
  return existsSync(join(UPSTREAM_BIN_DIR, ".kubeadm-ready")) && existsSync(UPSTREAM_KUBEADM);
}

/** Paths that are private (fresh and empty) for every run unless `privatePaths` says otherwise. */
export const DEFAULT_PRIVATE_PATHS = ["/etc/kubernetes", "/var/lib/kubelet", "/var/lib/etcd"] as const;
/**
 * Where the run's inputs (config and other files) are visible to kubeadm. A fixed path, so that
 * both binaries see the same file names and print the same messages.
 */
export const WORK_DIR = "/run/kubeadm-oracle";

export interface RunKubeadmOptions {
  /** "upstream" (default), "ts", or a path to a kubeadm binary. */
  bin?: "upstream" | "ts" | string;
  /** Arguments after the binary, e.g. ["init", "phase", "certs", "all"]. */
  args: string[];
  /**
   * Configuration file content (YAML text, or an object serialised as JSON, which is YAML).
   * Written to /run/kubeadm-oracle/config.yaml; `--config <that path>` is appended to args
   * unless an argument already contains "{config}", which is then replaced by the path.
   */
  config?: string | object;
  /** More input files, by name, written under /run/kubeadm-oracle/ (refer to them by that path). */
  inputs?: Record<string, string | Buffer>;
  /** Files to place into the private dirs before the run, by absolute path (e.g. an existing CA). */
  seed?: Record<string, string | Buffer | { content: string | Buffer; mode?: number }>;
  /** Extra environment (merged over a minimal one: PATH, HOME, LANG=C). */
  env?: Record<string, string>;
  /** Paths made private; default DEFAULT_PRIVATE_PATHS. Each must be an absolute directory path. */
  privatePaths?: string[];
  /** Standard input. */
  stdin?: string | Buffer;
  /** Kill the run after this long (default 120 s). */
  timeoutMs?: number;
  /** Keep the temp dir (its path is in the result) instead of deleting it. */
  keep?: boolean;
  /**
   * "record" (default): a fake `systemctl` first on PATH records each call and succeeds
   * (is-enabled → enabled, is-active → inactive), so kubelet-start never touches a real kubelet.
   * "host": whatever systemctl PATH finds (the lab's shim on a lab node).
   */
  systemctl?: "record" | "host";
  /**
   * Units the recording systemctl knows (default: kubelet, enabled and inactive). Others answer
   * like systemd for a missing unit ("could not be found", is-active → inactive/3, is-enabled → 1).
   */
  systemctlUnits?: Record<string, { active?: boolean; enabled?: boolean }>;
}

export type FileType = "file" | "dir" | "symlink" | "other";

export interface FileEntry {
  /** Absolute path as kubeadm saw it, e.g. /etc/kubernetes/pki/ca.crt */
  path: string;
  type: FileType;
  /** Permission bits (mode & 0o7777), e.g. 0o600. */
  mode: number;
  uid: number;
  gid: number;
  /** Content of regular files (empty for others). */
  content: Buffer;
  /** Target of a symlink. */
  target?: string;
}

export interface RunResult {
  bin: string;
  args: string[];
  stdout: string;
  stderr: string;
  /** Exit code, or null if killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /**
   * Every file and directory found under the private paths and the work dir after the run, keyed
   * by absolute path. The private roots themselves are not listed (they exist before the run);
   * inputs under /run/kubeadm-oracle are listed only when kubeadm changed them.
   */
  files: Record<string, FileEntry>;
  /** The host temp dir holding the private dirs (deleted unless keep). */
  tmpDir: string;
  /** Arguments of each systemctl call, space-joined (with systemctl: "record"). */
  systemctlCalls: string[];
}

function resolveBin(bin: RunKubeadmOptions["bin"]): string {
  if (bin === undefined || bin === "upstream") return UPSTREAM_KUBEADM;
  if (bin === "ts") return TS_KUBEADM;
  return resolve(bin);
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function walk(hostRoot: string, shownRoot: string, out: Record<string, FileEntry>, skip?: (p: string, content: Buffer) => boolean) {
  for (const name of readdirSync(hostRoot).sort()) {
    const host = join(hostRoot, name);
    const shown = join(shownRoot, name);
    const st = lstatSync(host);
    const type: FileType = st.isFile() ? "file" : st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "other";
    const entry: FileEntry = {
      path: shown,
      type,
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
      content: type === "file" ? readFileSync(host) : Buffer.alloc(0),
    };
    if (type === "symlink") entry.target = readlinkSync(host);
    if (!(skip && skip(shown, entry.content))) out[shown] = entry;
    if (type === "dir") walk(host, shown, out, skip);
  }
}

/** Run a kubeadm binary in a private mount namespace; see RunKubeadmOptions. Needs root (or user namespaces). */
export async function runKubeadm(opts: RunKubeadmOptions): Promise<RunResult> {
  const bin = resolveBin(opts.bin);
  if (!existsSync(bin)) throw new Error(`kubeadm binary ${bin} does not exist (run \`npm run lab:build\` for upstream's, \`npm run build\` for ours)`);
  const privatePaths = (opts.privatePaths ?? [...DEFAULT_PRIVATE_PATHS]).map((p) => resolve(p));
  const tmpDir = mkdtempSync(join(tmpdir(), "kubeadm-oracle-"));
  const mounts: Array<[string, string]> = [];
  privatePaths.forEach((p, i) => {
    const host = join(tmpDir, `p${i}`);
    mkdirSync(host, { mode: 0o755 });
    mounts.push([host, p]);
  });
  const work = join(tmpDir, "work");
  mkdirSync(work, { mode: 0o755 });
  mounts.push([work, WORK_DIR]);

  const inputs: Record<string, Buffer> = {};
  for (const [name, content] of Object.entries(opts.inputs ?? {})) inputs[name] = Buffer.from(content);
  let args = [...opts.args];
  if (opts.config !== undefined) {
    inputs["config.yaml"] = Buffer.from(typeof opts.config === "string" ? opts.config : JSON.stringify(opts.config, null, 2));
    const cfgPath = `${WORK_DIR}/config.yaml`;
    if (args.some((a) => a.includes("{config}"))) args = args.map((a) => a.replaceAll("{config}", cfgPath));
    else args.push("--config", cfgPath);
  }
  for (const [name, content] of Object.entries(inputs)) {
    const p = join(work, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content, { mode: 0o600 });
  }
  for (const [path, v] of Object.entries(opts.seed ?? {})) {
    const m = mounts.find(([, shown]) => path === shown || path.startsWith(shown + "/"));
    if (!m) throw new Error(`seed path ${path} is not under a private path (${privatePaths.join(", ")})`);
    const host = join(m[0], path.slice(m[1].length));
    mkdirSync(dirname(host), { recursive: true });
    const content = typeof v === "string" || Buffer.isBuffer(v) ? v : v.content;
    const mode = typeof v === "string" || Buffer.isBuffer(v) ? 0o600 : (v.mode ?? 0o600);
    writeFileSync(host, content, { mode });
  }

  // Mount points must exist on the host; they stay (empty) afterwards, as removing a directory
  // that is a mount point in another run's namespace would detach that run's mount.
  for (const [, shown] of mounts) mkdirSync(shown, { recursive: true });

  const script = [
    "set -e",
    ...mounts.map(([host, shown]) => `mount --bind ${shq(host)} ${shq(shown)}`),
    'exec "$@"',
  ].join("\n");
  const rootless = typeof process.getuid === "function" && process.getuid() !== 0;
  const unshareArgs = [...(rootless ? ["--map-root-user"] : []), "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "kubeadm-oracle", bin, ...args];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: process.env.HOME ?? "/root",
    LANG: "C",
    ...opts.env,
  };
  const systemctlLog = join(tmpDir, "systemctl.log");
  if ((opts.systemctl ?? "record") === "record") {
    const shimDir = join(tmpDir, "shim");
    mkdirSync(shimDir);
    const units = opts.systemctlUnits ?? { kubelet: { active: false, enabled: true } };
    const unitCases = Object.entries(units).map(([name, u]) =>
      [
        `  ${shq(name)})`,
        `    case "$1" in`,
        `      is-active) ${u.active ? "echo active; exit 0" : "echo inactive; exit 3"} ;;`,
        `      is-enabled) ${u.enabled ? "echo enabled; exit 0" : "echo disabled; exit 1"} ;;`,
        `      status) echo "● ${name}.service"; echo "     Loaded: loaded (/lib/systemd/system/${name}.service; ${u.enabled ? "enabled" : "disabled"})"; echo "     Active: ${u.active ? "active (running)" : "inactive (dead)"}"; exit ${u.active ? 0 : 3} ;;`,
        `    esac; exit 0 ;;`,
      ].join("\n"),
    );
    writeFileSync(
      join(shimDir, "systemctl"),
      [
        "#!/bin/sh",
        `printf '%s\\n' "$*" >> ${shq(systemctlLog)}`,
        '[ "$1" = daemon-reload ] && exit 0',
        'unit="${2%.service}"',
        'case "$unit" in',
        ...unitCases,
        "esac",
        'case "$1" in',
        "  is-active) echo inactive; exit 3 ;;",
        '  is-enabled) echo "Failed to get unit file state for $unit.service: No such file or directory" >&2; exit 1 ;;',
        '  status) echo "Unit $unit.service could not be found."; exit 4 ;;',
        '  *) echo "Failed to $1 $unit.service: Unit $unit.service not found." >&2; exit 5 ;;',
        "esac",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    env.PATH = `${shimDir}:${env.PATH}`;
  }

  const res = await new Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>((done, fail) => {
    const child = spawn("unshare", unshareArgs, { env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 120_000);
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), code, signal, timedOut });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(opts.stdin ?? "");
  });

  const systemctlCalls = existsSync(systemctlLog) ? readFileSync(systemctlLog, "utf8").split("\n").filter(Boolean) : [];
  const files: Record<string, FileEntry> = {};
  for (const [host, shown] of mounts) {
    const unchangedInput = shown === WORK_DIR
      ? (p: string, c: Buffer) => {
          const name = p.slice(WORK_DIR.length + 1);
          const orig = inputs[name];
          return (orig !== undefined && orig.equals(c)) || Object.keys(inputs).some((k) => k.startsWith(name + "/"));
        }
      : undefined;
    walk(host, shown, files, unchangedInput);
  }
  if (!opts.keep) rmSync(tmpDir, { recursive: true, force: true });
  return { bin, args, ...res, files, tmpDir, systemctlCalls };
}

/** Run the same thing with upstream kubeadm and with ours (sequentially). */
export async function runBoth(opts: Omit<RunKubeadmOptions, "bin">): Promise<{ upstream: RunResult; ts: RunResult }> {
  const upstream = await runKubeadm({ ...opts, bin: "upstream" });
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { upstream, ts };
}
