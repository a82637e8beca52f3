// The CRI client and the CRI/ImagePull checks against a real containerd (Debian's package),
// run as a private instance: its own root, state, socket and CNI dirs under /tmp, stopped afterwards.
// Needs root and `containerd` + `ctr` in PATH (apt-get install -y containerd runc).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CriClient, newContainerRuntime } from "../../../src/host/cri/index.js";
import { hostFacts } from "../../../src/host/host-facts.js";
import { containerRuntimeCheck, containerRuntimeVersionCheck, imagePullCheck, RUNTIME_CONFIG_WARNING } from "../../../src/preflight/index.js";
import { ctxFor } from "../../unit/preflight/fake-facts.js";

const PAUSE_TAR = join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache", "kubeadm-ts"), "upstream", "v1.36.3", "images", "pause.tar");
const PAUSE = "registry.k8s.io/pause:3.10.2";

const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-containerd-"));
const sock = join(dir, "containerd.sock");
const endpoint = `unix://${sock}`;
let proc: ChildProcess | undefined;

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

beforeAll(async () => {
  if (!have("containerd") || !have("ctr")) {
    const r = spawnSync("sh", ["-c", "apt-get install -y containerd runc >/dev/null 2>&1"]);
    if (r.status !== 0) throw new Error("containerd is not installed and `apt-get install -y containerd runc` failed");
  }
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
      '  sandbox_image = "registry.k8s.io/pause:3.9"',
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
  if (!existsSync(PAUSE_TAR)) throw new Error(`${PAUSE_TAR} is missing (npm run lab:build builds it)`);
  const imp = spawnSync("ctr", ["--address", sock, "-n", "k8s.io", "images", "import", PAUSE_TAR], { encoding: "utf8" });
  if (imp.status !== 0) throw new Error(`ctr images import failed: ${imp.stderr}`);
}, 60_000);

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill("SIGTERM");
    await new Promise((r) => proc!.once("exit", r));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("real containerd over CRI", () => {
  it("Version names containerd and CRI v1", async () => {
    const c = await CriClient.connect(endpoint);
    const v = await c.version();
    expect(v.runtime_name).toBe("containerd");
    expect(v.runtime_api_version).toBe("v1");
    expect(v.runtime_version).toMatch(/^\d+\.\d+/);
    c.close();
  });

  it("ImageStatus and ListImages see the imported pause image; an absent image has no status", async () => {
    const c = await CriClient.connect(endpoint);
    const st = await c.imageStatus(PAUSE);
    expect(st.image?.repo_tags).toContain(PAUSE);
    expect(st.image?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await c.imageStatus("registry.k8s.io/not-here:0.0.1")).image).toBeNull();
    expect((await c.listImages()).some((i) => i.repo_tags.includes(PAUSE))).toBe(true);
    c.close();
  });

  it("the runtime reports its sandbox image and lacks RuntimeConfig (containerd 1.6)", async () => {
    const rt = newContainerRuntime(endpoint);
    await rt.connect();
    expect(await rt.sandboxImage()).toBe("registry.k8s.io/pause:3.9");
    expect(await rt.imageExists(PAUSE)).toBe(true);
    rt.close();
  });

  it("CRI passes; ContainerRuntimeVersion warns; ImagePull with IfNotPresent pulls nothing and warns about the sandbox image", async () => {
    const ctx = ctxFor(hostFacts);
    expect(await containerRuntimeCheck(endpoint).check(ctx)).toEqual({ warnings: [], errors: [] });
    const v = await containerRuntimeVersionCheck(endpoint).check(ctx);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([RUNTIME_CONFIG_WARNING]);
    const pull = await imagePullCheck({ criSocket: endpoint, images: [PAUSE], sandboxImage: PAUSE, imagePullPolicy: "IfNotPresent", imagePullSerial: true }).check(ctx);
    expect(pull).toEqual({ warnings: [], errors: [] });
    expect(ctx.warnings).toEqual([
      `detected that the sandbox image "registry.k8s.io/pause:3.9" of the container runtime is inconsistent with that used by kubeadm. It is recommended to use "${PAUSE}" as the CRI sandbox image.`,
    ]);
  });
});
