// `kubeadm config images pull` against an in-process fake CRI gRPC server: the pulled images and
// printed lines, the retries, and the texts of failures (gRPC Unknown stripped, other codes kept,
// an empty image ref) — compared with the pinned upstream kubeadm on the same fake server when it is built.
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { criServiceDefinitions } from "../../../src/host/cri/index.js";
import { stripKlogHeaders } from "../../../src/util/log.js";
import { pullControlPlaneImages, runWith } from "../../../src/commands/config/images.js";
import type { CommandContext } from "../../../src/cli/context.js";
import { requireUpstream } from "../../support/upstream.js";
import { cli, runUpstreamAsync } from "../cli/harness.js";
import { KUBERNETES_VERSION, MINIMUM_CONTROL_PLANE_VERSION } from "../../../src/constants.js";

const dir = mkdtempSync(join(tmpdir(), "cri-pull-"));
const sock = join(dir, "cri.sock");
const endpoint = `unix://${sock}`;
let server: grpc.Server;

/** image → how PullImage answers: "ok", "unknown", "notfound", "noref", or fail N times then succeed ("flaky:N"). */
const behaviour = new Map<string, string>();
const pullCalls: string[] = [];

beforeAll(async () => {
  const defs = await criServiceDefinitions();
  server = new grpc.Server();
  const unary = (fn: (req: any) => any) => (call: any, cb: any) => {
    try {
      cb(null, fn(call.request));
    } catch (e) {
      cb(e);
    }
  };
  server.addService(defs.runtime, {
    Version: unary(() => ({ version: "0.1.0", runtime_name: "fake", runtime_version: "1.0.0", runtime_api_version: "v1" })),
  });
  server.addService(defs.image, {
    ImageFsInfo: unary(() => ({})),
    PullImage: unary((req) => {
      const ref = req.image.image as string;
      pullCalls.push(ref);
      const name = ref.replace(/^.*\//, "").replace(/:.*$/, "");
      const b = behaviour.get(name) ?? "ok";
      if (b === "unknown") throw { code: grpc.status.UNKNOWN, details: `failed to pull and unpack image "${ref}": "quoted" reason` };
      if (b === "notfound") throw { code: grpc.status.NOT_FOUND, details: `image ${ref} not found` };
      if (b === "noref") return { image_ref: "" };
      const flaky = /^flaky:(\d+)$/.exec(b);
      if (flaky) {
        const seen = pullCalls.filter((c) => c === ref).length;
        if (seen <= Number(flaky[1])) throw { code: grpc.status.UNAVAILABLE, details: "try again" };
      }
      return { image_ref: `sha256:${name}` };
    }),
  });
  await new Promise<void>((res, rej) => server.bindAsync(endpoint, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
});

afterAll(() => {
  server?.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  behaviour.clear();
  pullCalls.length = 0;
});

/** Upstream kubeadm, without blocking the event loop (the fake CRI answers from this process). */
const runUpstream = (args: string[]) => runUpstreamAsync(requireUpstream("kubeadm"), args);

const BASE = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", KUBERNETES_VERSION];
const ALL = [
  `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
];

describe("config images pull over a fake CRI", () => {
  it("pulls the seven control-plane images in order and prints one line each", async () => {
    const r = await cli(BASE);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(pullCalls.slice(0, 4)).toEqual(ALL);
    expect(pullCalls).toHaveLength(7);
    expect(pullCalls[4]).toMatch(/^registry\.k8s\.io\/coredns\/coredns:v/);
    expect(pullCalls[5]).toMatch(/^registry\.k8s\.io\/pause:/);
    expect(pullCalls[6]).toMatch(/^registry\.k8s\.io\/etcd:/);
    expect(r.stdout).toBe(pullCalls.map((i) => `[config/images] Pulled ${i}\n`).join(""));
  });

  it("takes the images and the CRI socket from --config", async () => {
    const cfg = join(dir, "config.yaml");
    writeFileSync(
      cfg,
      [
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: InitConfiguration",
        "nodeRegistration:",
        `  criSocket: ${endpoint}`,
        "---",
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: ClusterConfiguration",
        // the previous minor (N-1): still deployable
        `kubernetesVersion: ${MINIMUM_CONTROL_PLANE_VERSION.replace(/\.0$/, ".1")}`,
        "imageRepository: mirror.example.org/k8s",
        "etcd:",
        "  external:",
        "    endpoints: [https://10.0.0.9:2379]",
        "",
      ].join("\n"),
    );
    const r = await cli(["config", "images", "pull", "--config", cfg]);
    expect(r.code).toBe(0);
    // external etcd: no etcd image
    expect(pullCalls).toHaveLength(6);
    expect(pullCalls[0]).toBe(`mirror.example.org/k8s/kube-apiserver:${MINIMUM_CONTROL_PLANE_VERSION.replace(/\.0$/, ".1")}`);
    expect(pullCalls.some((i) => i.includes("etcd"))).toBe(false);
  });

  it("retries a failing pull (five attempts in all) and goes on when one succeeds", async () => {
    behaviour.set("kube-scheduler", "flaky:4");
    const r = await cli(BASE);
    expect(r.code).toBe(0);
    expect(pullCalls.filter((c) => c === ALL[2])).toHaveLength(5);
    // the failed attempts are logged as cri-client does
    expect(stripKlogHeaders(r.stderr)).toBe(
      `E "PullImage from image service failed" err="rpc error: code = Unavailable desc = try again" image="${ALL[2]}"\n`.repeat(4),
    );
  });

  it("stops at the first image that fails five times", async () => {
    behaviour.set("kube-controller-manager", "unknown");
    const r = await cli(BASE);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`[config/images] Pulled ${ALL[0]}\n`);
    expect(pullCalls).toEqual([ALL[0], ...Array(5).fill(ALL[1])]);
    expect(r.stderr).toContain(
      `error: failed to pull image "${ALL[1]}": failed to pull image ${ALL[1]}: failed to pull and unpack image "${ALL[1]}": "quoted" reason\n`,
    );
  });

  it("detects the CRI socket when none is given: the only one found, or an error for several", async () => {
    const facts = (sockets: string[]) => ({
      hostname: () => "node1",
      defaultRouteAddress: async () => "10.0.0.5",
      loopbackAddress: async () => null,
      isSocket: async (u: string) => sockets.includes(u),
      systemdResolvedActive: async () => false,
    });
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const ctx: CommandContext = {
      commandPath: "kubeadm config images pull",
      args: [],
      flags: { "kubernetes-version": KUBERNETES_VERSION },
      changed: () => false,
      changedFlags: () => [],
      stdout: sink as never,
      stderr: sink as never,
      env: {},
    };
    await expect(
      runWith(ctx, { facts: facts(["unix:///var/run/containerd/containerd.sock", "unix:///var/run/crio/crio.sock"]) }),
    ).rejects.toThrow(
      "found multiple CRI endpoints on the host. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: unix:///var/run/containerd/containerd.sock, unix:///var/run/crio/crio.sock",
    );
    expect(pullCalls).toEqual([]);
    // one socket found: it is the one dialled (the known path does not exist here, so the dial fails)
    await expect(runWith(ctx, { facts: facts(["unix:///var/run/crio/crio.sock"]) })).rejects.toThrow(
      'failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/crio/crio.sock"',
    );
  });

  it("pullControlPlaneImages: the same loop with an injected runtime", async () => {
    const pulled: string[] = [];
    const out: string[] = [];
    const rt = {
      pullImage: async (i: string) => {
        if (i.endsWith(":bad")) throw new Error("nope");
        pulled.push(i);
      },
    };
    const sink = { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream;
    await expect(pullControlPlaneImages(rt as never, ["a:1", "b:bad", "c:1"], sink as never)).rejects.toThrow('failed to pull image "b:bad": nope');
    expect(pulled).toEqual(["a:1"]);
    expect(out).toEqual(["[config/images] Pulled a:1\n"]);
  });
});

describe("config images pull over a fake CRI, vs upstream", () => {
  const cases: Array<[string, Record<string, string>]> = [
    ["all succeed", {}],
    ["gRPC Unknown (code stripped from the error, kept in the log)", { "kube-scheduler": "unknown" }],
    ["gRPC NotFound (code kept)", { "kube-apiserver": "notfound" }],
    ["an empty image ref", { "kube-proxy": "noref" }],
    ["a flaky pull", { "kube-apiserver": "flaky:2" }],
  ];
  for (const [name, b] of cases) {
    it(name, async () => {
      const set = () => {
        behaviour.clear();
        pullCalls.length = 0;
        for (const [k, v] of Object.entries(b)) behaviour.set(k, v);
      };
      set();
      const up = await runUpstream(BASE);
      const upCalls = [...pullCalls];
      set();
      const ts = await cli(BASE);
      expect(pullCalls).toEqual(upCalls);
      expect(ts.code).toBe(up.code);
      expect(ts.stdout).toBe(up.stdout);
      expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
    });
  }

  it("bad --feature-gates and unknown args fail as upstream", async () => {
    for (const args of [[...BASE, "--feature-gates", "Nope=true"], [...BASE, "extra"], [...BASE, "--feature-gates", "ControlPlaneKubeletLocalMode=maybe"]]) {
      const up = await runUpstream(args);
      const ts = await cli(args);
      expect(ts.code).toBe(up.code);
      expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
      expect(pullCalls).toEqual([]);
    }
  });
});
