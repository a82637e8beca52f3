// `kubeadm config images pull` against a private real containerd (its own root, state and socket
// under /tmp, stopped afterwards), compared with upstream v1.36.3 on the same runtime:
// - success: every image pulled from a local in-process registry (127.0.0.1), same stdout;
// - failure: unreachable registries fail fast (5 immediate attempts, as upstream), same stderr.
// Needs root and `containerd` + `ctr` in PATH.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripKlogHeaders } from "../../../src/config/log.js";
import { cli, upstreamBinary, type CliResult } from "../../unit/cli/harness.js";
import { startRegistry, type Registry } from "./oci-registry.js";

const PAUSE_TAR = join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache", "kubeadm-ts"), "upstream", "v1.36.3", "images", "pause.tar");
const upstream = upstreamBinary();

const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-pull-"));
const sock = join(dir, "containerd.sock");
const endpoint = `unix://${sock}`;
let proc: ChildProcess | undefined;
let registry: Registry;

/** Upstream kubeadm, without blocking the event loop (the registry answers from this process). */
function runUpstream(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const p = spawn(upstream!, args, { cwd: "/tmp", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("close", (code) => done({ stdout, stderr, code: code ?? -1 }));
  });
}

function images(ns = "k8s.io"): string[] {
  const r = spawnSync("ctr", ["--address", sock, "-n", ns, "images", "ls", "-q"], { encoding: "utf8" });
  return r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("sha256:")).sort();
}

beforeAll(async () => {
  for (const cmd of ["containerd", "ctr"]) {
    if (spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0) throw new Error(`${cmd} is not installed (apt-get install -y containerd runc)`);
  }
  if (!existsSync(PAUSE_TAR)) throw new Error(`${PAUSE_TAR} is missing (npm run lab:build builds it)`);
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
  const imp = spawnSync("ctr", ["--address", sock, "-n", "k8s.io", "images", "import", PAUSE_TAR], { encoding: "utf8" });
  if (imp.status !== 0) throw new Error(`ctr images import failed: ${imp.stderr}`);
  registry = await startRegistry(PAUSE_TAR);
}, 60_000);

afterAll(async () => {
  await registry?.close();
  if (proc && proc.exitCode === null) {
    proc.kill("SIGTERM");
    await new Promise((r) => proc!.once("exit", r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const IMAGES = ["kube-apiserver:v1.36.3", "kube-controller-manager:v1.36.3", "kube-scheduler:v1.36.3", "kube-proxy:v1.36.3"];

describe("kubeadm config images pull on a private containerd", () => {
  it("pulls every image from the registry, in order, printing a line for each", async () => {
    const repo = `${registry.host}/k8s`;
    registry.requests.length = 0;
    const r = await cli(["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", "v1.36.3", "--image-repository", repo]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual(IMAGES.map((i) => `[config/images] Pulled ${repo}/${i}`));
    expect(lines.slice(4).map((l) => l.replace(/:[^:]+$/, ""))).toEqual([`[config/images] Pulled ${repo}/coredns`, `[config/images] Pulled ${repo}/pause`, `[config/images] Pulled ${repo}/etcd`]);
    for (const l of lines) expect(images()).toContain(l.slice("[config/images] Pulled ".length));
    // each image was resolved through the registry once: no IfNotPresent shortcut
    expect(registry.requests.filter((q) => q.startsWith("HEAD ")).length).toBe(7);
  });

  it.runIf(upstream)("same stdout and stderr as upstream for a successful pull, and again when the images are present", async () => {
    const args = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", "v1.36.3", "--image-repository", `${registry.host}/other`];
    const up = await runUpstream(args);
    const ts = await cli(args);
    expect(up.code).toBe(0);
    expect(ts).toEqual(up);
  });

  it.runIf(upstream)("an unreachable registry: the same five logged attempts and error as upstream, quickly", async () => {
    // registry.k8s.io is not resolvable here; the pause image being present locally does not help
    const args = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", "v1.36.3"];
    const up = await runUpstream(args);
    const t0 = Date.now();
    const ts = await cli(args);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(up.code).toBe(1);
    expect(ts.code).toBe(1);
    expect(ts.stdout).toBe(up.stdout);
    expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
    expect(ts.stderr.match(/remote_image\.go:250\] "PullImage from image service failed"/g)?.length).toBe(5);
    expect(ts.stderr).toContain('error: failed to pull image "registry.k8s.io/kube-apiserver:v1.36.3": failed to pull image registry.k8s.io/kube-apiserver:v1.36.3: failed to pull and unpack image');
  });

  it.runIf(upstream)("a refused registry connection: same output as upstream", async () => {
    const args = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", "v1.36.3", "--image-repository", "127.0.0.1:1/k8s"];
    const up = await runUpstream(args);
    const ts = await cli(args);
    expect(ts.code).toBe(up.code);
    expect(ts.stdout).toBe(up.stdout);
    expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
    expect(ts.stderr).toContain("connect: connection refused");
  });

  it.runIf(upstream)("a missing CRI socket: the same connection error as upstream", async () => {
    const missing = `unix://${join(dir, "none.sock")}`;
    const args = ["config", "images", "pull", "--cri-socket", missing, "--kubernetes-version", "v1.36.3"];
    const up = await runUpstream(args);
    const ts = await cli(args);
    expect(up.code).toBe(1);
    expect(ts.code).toBe(1);
    expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
  });
});
