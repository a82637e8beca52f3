// A private real containerd (Debian's package) for integration tests: its own root, state,
// socket and CNI dirs under /tmp, the lab's pause image imported into k8s.io, stopped afterwards.
// Needs root; installs `containerd` + `runc` with apt-get when they are missing.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireUpstreamImage } from "./upstream.js";

export interface PrivateContainerd {
  /** The temp dir holding everything (root, state, sockets, config). */
  dir: string;
  /** containerd.sock under dir. */
  sock: string;
  /** unix://<sock>, as --cri-socket takes it. */
  endpoint: string;
  /** The lab's pause.tar, imported into the k8s.io namespace. */
  pauseTar: string;
  /** Image names in a namespace (`ctr images ls -q`), sorted, without sha256: ids. */
  images(ns?: string): string[];
  /** Stops containerd and removes dir. */
  stop(): Promise<void>;
}

export interface ContainerdOptions {
  /** The CRI plugin's sandbox_image, when set. */
  sandboxImage?: string;
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

export async function startContainerd(prefix: string, opts: ContainerdOptions = {}): Promise<PrivateContainerd> {
  if (!have("containerd") || !have("ctr")) {
    const r = spawnSync("sh", ["-c", "apt-get install -y containerd runc >/dev/null 2>&1"]);
    if (r.status !== 0) throw new Error("containerd is not installed and `apt-get install -y containerd runc` failed");
  }
  const pauseTar = requireUpstreamImage("pause");
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sock = join(dir, "containerd.sock");
  let proc: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (proc && proc.exitCode === null) {
      proc.kill("SIGTERM");
      await new Promise((r) => proc!.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const d of ["root", "state", "cni-conf", "cni-bin"]) mkdirSync(join(dir, d));
    writeFileSync(
      join(dir, "config.toml"),
      [
        "version = 2",
        `root = "${dir}/root"`,
        `state = "${dir}/state"`,
        "[grpc]",
        `  address = "${sock}"`,
        "[ttrpc]",
        `  address = "${dir}/ttrpc.sock"`,
        "[debug]",
        `  address = "${dir}/debug.sock"`,
        "[metrics]",
        '  address = ""',
        '[plugins."io.containerd.grpc.v1.cri"]',
        '  stream_server_address = "127.0.0.1"',
        '  stream_server_port = "0"',
        ...(opts.sandboxImage ? [`  sandbox_image = "${opts.sandboxImage}"`] : []),
        '  [plugins."io.containerd.grpc.v1.cri".cni]',
        `    conf_dir = "${dir}/cni-conf"`,
        `    bin_dir = "${dir}/cni-bin"`,
        "",
      ].join("\n"),
    );
    proc = spawn("containerd", ["--config", join(dir, "config.toml")], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(sock)) throw new Error(`containerd did not start:\n${log.slice(-2000)}`);
    const imp = spawnSync("ctr", ["--address", sock, "-n", "k8s.io", "images", "import", pauseTar], { encoding: "utf8" });
    if (imp.status !== 0) throw new Error(`ctr images import failed: ${imp.stderr}`);
  } catch (e) {
    await stop();
    throw e;
  }
  const images = (ns = "k8s.io"): string[] => {
    const r = spawnSync("ctr", ["--address", sock, "-n", ns, "images", "ls", "-q"], { encoding: "utf8" });
    return r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("sha256:")).sort();
  };
  return { dir, sock, endpoint: `unix://${sock}`, pauseTar, images, stop };
}
