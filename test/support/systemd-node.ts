// A real systemd as PID 1, for tests that must see what kubeadm's systemctl calls do to it:
// `systemd-nspawn --boot` of the lab's systemd root (test/lab/scripts/build-systemd-root.sh),
// read-only with a tmpfs overlay on top (--volatile=overlay: every boot starts clean), a private
// network namespace (nothing it runs can meet the lab's kubelet or API server), host paths bound
// read-only. Commands run inside through nsenter into the container's namespaces and root.
//
// This machine's PID 1 is not systemd and it mounts cgroup v1 controllers plus a v2 hierarchy at
// /sys/fs/cgroup/unified (hybrid). Without a host systemd, nspawn cannot register the machine or
// make a scope (--register=no --keep-unit): the container lives in the cgroup nspawn is started
// in. So the node gets its own cgroup, kubeadm-ts-systemd/<machine> in the name=systemd and the
// unified hierarchies, entered before nspawn execs and removed after it stops; the container's
// systemd manages that subtree only.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SystemdNode {
  machine: string;
  /** The node's cgroups on the host (kubeadm-ts-systemd/<machine> in each hierarchy nspawn uses). */
  cgroups: string[];
  /** Host pid of the container's PID 1 (systemd). */
  leader: number;
  /** Milliseconds from spawning nspawn to `systemctl is-system-running` answering running. */
  bootMs: number;
  /** Runs argv inside the container (its root, namespaces, a clean environment). */
  run(argv: string[], opts?: { env?: Record<string, string>; timeoutMs?: number; input?: string }): RunResult;
  /** Runs a shell script inside; throws with its output when it fails. */
  sh(script: string): string;
  /** What nspawn printed (boot messages, errors). */
  log(): string;
  /** Halts the container (SIGTERM to nspawn: an orderly shutdown), then cleans up its cgroup. */
  stop(): Promise<void>;
}

export interface BootOptions {
  rootfs: string;
  /** [host path, container path] pairs, bound read-only. */
  binds: Array<[string, string]>;
  machine?: string;
  bootTimeoutMs?: number;
}

const CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const CGROUP_HIERARCHIES = ["/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified"];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** Removes a cgroup directory tree (children first); cgroup dirs only go when empty. */
function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeCgroupTree(join(dir, e.name));
  try {
    rmdirSync(dir);
  } catch {
    /* still populated: left for the next run's cleanup */
  }
}

/**
 * Takes an exclusive flock on `path` for this process (until `release` or exit): flock(1) locks
 * an inherited descriptor, whose open file description this process keeps holding.
 */
export function takeLock(path: string, waitSeconds: number): () => void {
  const fd = openSync(path, "a");
  const r = spawnSync("flock", ["-w", String(waitSeconds), "3"], { stdio: ["ignore", "inherit", "inherit", fd] });
  if (r.status !== 0) {
    closeSync(fd);
    throw new Error(`could not take ${path} within ${waitSeconds}s (flock exit ${r.status}${r.error ? `: ${r.error.message}` : ""})`);
  }
  return () => closeSync(fd);
}

/** Boots the node; throws, naming why, when systemd does not come up. */
export async function bootSystemdNode(opts: BootOptions): Promise<SystemdNode> {
  const machine = opts.machine ?? `kts-systemd-${process.pid}`;
  if (!existsSync(join(opts.rootfs, "usr/lib/systemd/systemd"))) throw new Error(`${opts.rootfs} has no systemd: run test/lab/scripts/build-systemd-root.sh`);
  const nspawnBin = spawnSync("sh", ["-c", "command -v systemd-nspawn"], { encoding: "utf8" }).stdout.trim();
  if (!nspawnBin) throw new Error("systemd-nspawn is missing (Debian package systemd-container; build-systemd-root.sh installs it)");
  const cgroups = CGROUP_HIERARCHIES.filter((h) => existsSync(join(h, "cgroup.procs"))).map((h) => join(h, "kubeadm-ts-systemd", machine));
  for (const cg of cgroups) mkdirSync(cg, { recursive: true });
  const args = [
    "--boot",
    "--quiet",
    "--keep-unit",
    "--register=no",
    "--volatile=overlay",
    "--private-network",
    "--console=passive",
    `--machine=${machine}`,
    `--directory=${opts.rootfs}`,
    ...opts.binds.map(([h, c]) => `--bind-ro=${h}:${c}`),
  ];
  // enter the node's cgroups, then become nspawn
  const enter = cgroups.map((cg) => `echo $$ > '${cg}/cgroup.procs'`).join(" && ");
  const script = `${enter ? `${enter} && ` : ""}exec "$0" "$@"`;
  const logChunks: Buffer[] = [];
  const t0 = Date.now();
  const child: ChildProcess = spawn("sh", ["-c", script, nspawnBin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => logChunks.push(d));
  child.stderr!.on("data", (d: Buffer) => logChunks.push(d));
  let exited: string | undefined;
  child.on("exit", (code, signal) => (exited = `systemd-nspawn exited (${signal ?? `code ${code}`})`));
  const log = (): string => Buffer.concat(logChunks).toString("utf8");
  const nspawnPid = child.pid!;

  const run: SystemdNode["run"] = (argv, o = {}) => {
    const r = spawnSync("nsenter", ["-t", String(leader), "-m", "-u", "-i", "-n", "-p", "-r", "-w", "--", ...argv], {
      encoding: "utf8",
      env: { PATH: CONTAINER_PATH, HOME: "/root", LANG: "C", TERM: "dumb", ...o.env },
      timeout: o.timeoutMs ?? 120_000,
      input: o.input,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw new Error(`nsenter ${argv.join(" ")}: ${r.error.message}`);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const sh: SystemdNode["sh"] = (s) => {
    const r = run(["/bin/sh", "-ec", s]);
    if (r.code !== 0) throw new Error(`in the systemd node, exit ${r.code}: ${s}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const stop = async (): Promise<void> => {
    if (alive(nspawnPid) && !exited) {
      process.kill(nspawnPid, "SIGTERM");
      for (let i = 0; i < 300 && !exited; i++) await sleep(100);
      if (!exited) {
        // no orderly halt within 30 s: killing PID 1 of the container ends its whole PID namespace
        if (leader > 0 && alive(leader)) process.kill(leader, "SIGKILL");
        if (alive(nspawnPid)) process.kill(nspawnPid, "SIGKILL");
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      }
    }
    for (const cg of cgroups) {
      removeCgroupTree(cg);
      try {
        rmdirSync(dirname(cg)); // kubeadm-ts-systemd, once no node is left in it
      } catch {
        /* another node's, or not empty */
      }
    }
    rmSync(join("/run/systemd/nspawn/propagate", machine), { recursive: true, force: true });
  };

  let leader = 0;
  const fail = async (why: string): Promise<never> => {
    const out = log();
    await stop();
    throw new Error(`systemd did not boot in ${machine}: ${why}\n--- systemd-nspawn ${args.join(" ")}\n${out}`);
  };
  const deadline = t0 + (opts.bootTimeoutMs ?? 60_000);
  // the container's PID 1: nspawn's child once it is systemd
  while (!leader) {
    if (exited) return fail(exited);
    if (Date.now() > deadline) return fail("no systemd process under nspawn");
    leader = children(nspawnPid).find((p) => comm(p) === "systemd") ?? 0;
    if (!leader) await sleep(50);
  }
  let state = "";
  while (true) {
    if (exited) return fail(exited);
    const r = run(["systemctl", "is-system-running"], { timeoutMs: 10_000 });
    state = r.stdout.trim();
    if (state === "running" || state === "degraded") break;
    if (Date.now() > deadline) return fail(`systemctl is-system-running says ${JSON.stringify(state)} (${r.stderr.trim()})`);
    await sleep(100);
  }
  if (state === "degraded") {
    const failed = run(["systemctl", "--failed", "--no-legend", "--plain"]).stdout.trim();
    return fail(`the system is degraded, failed units:\n${failed}`);
  }
  return { machine, cgroups, leader, bootMs: Date.now() - t0, run, sh, log, stop };
}
