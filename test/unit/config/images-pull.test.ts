// `kubeadm config images pull` against an in-process fake CRI gRPC server (test/support/fake-cri.ts):
// the pulled images and printed lines, the retries, the texts of failures (gRPC Unknown stripped,
// other codes kept, an empty image ref, a failed connection) and cri-client's klog lines (their
// quoting of odd characters, multi-line values) — each compared with the pinned upstream kubeadm
// run against the same fake server with the same answers: same calls, exit code, stdout, and
// stderr with only the klog headers' time and pid masked.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pullControlPlaneImages, runWith } from "../../../src/commands/config/images.js";
import type { CommandContext } from "../../../src/cli/context.js";
import { requireUpstream } from "../../support/upstream.js";
import { maskKlog } from "../../support/klog.js";
import { fakeCri, grpc, type CriReply } from "../../support/fake-cri.js";
import { cli, runUpstreamAsync } from "../cli/harness.js";
import { KUBERNETES_VERSION, MINIMUM_CONTROL_PLANE_VERSION } from "../../../src/constants.js";

const fake = fakeCri("cri-pull-");
const endpoint = fake.endpoint;
const dir = endpoint.replace(/^unix:\/\//, "").replace(/\/cri\.sock$/, "");

/** image name → how PullImage answers: "ok", "unknown", "notfound", "noref", "flaky:N" (fail N times, then succeed), or "unknown:<details>" (a gRPC Unknown error with that text). */
const behaviour = new Map<string, string>();
/** The images PullImage was asked for, in order. */
const pulled = (): string[] => fake.requests("PullImage").map((r) => r.image.image as string);

function setBehaviour(b: Record<string, string>): void {
  fake.reset();
  behaviour.clear();
  for (const [k, v] of Object.entries(b)) behaviour.set(k, v);
  fake.answers.set("PullImage", (req, seen): CriReply => {
    const ref = req.image.image as string;
    const name = ref.replace(/^.*\//, "").replace(/:.*$/, "");
    const b = behaviour.get(name) ?? "ok";
    if (b === "unknown") return { code: grpc.status.UNKNOWN, details: `failed to pull and unpack image "${ref}": "quoted" reason` };
    if (b.startsWith("unknown:")) return { code: grpc.status.UNKNOWN, details: b.slice("unknown:".length) };
    if (b === "notfound") return { code: grpc.status.NOT_FOUND, details: `image ${ref} not found` };
    if (b === "noref") return { image_ref: "" };
    const flaky = /^flaky:(\d+)$/.exec(b);
    if (flaky && seen < Number(flaky[1])) return { code: grpc.status.UNAVAILABLE, details: "try again" };
    return { image_ref: `sha256:${name}` };
  });
}

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => setBehaviour({}));

/** Upstream kubeadm, without blocking the event loop (the fake CRI answers from this process). */
const runUpstream = (args: string[]) => runUpstreamAsync(requireUpstream("kubeadm"), args);

const BASE = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", KUBERNETES_VERSION];
const ALL = [
  `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
];

/**
 * Runs upstream kubeadm, then ours (in-process), each against the fake set up by `setup`, and
 * expects the same CRI calls (methods and decoded requests), exit code, stdout and stderr (klog headers' time and pid
 * masked: they differ between any two runs). Returns our run and the calls.
 */
async function sameAsUpstream(args: string[], setup: () => void = () => setBehaviour({})) {
  setup();
  const up = await runUpstream(args);
  const upCalls = [...fake.calls];
  setup();
  const ts = await cli(args);
  expect(fake.calls).toEqual(upCalls);
  expect({ code: ts.code, stdout: ts.stdout, stderr: maskKlog(ts.stderr) }).toEqual({ code: up.code, stdout: up.stdout, stderr: maskKlog(up.stderr) });
  return ts;
}
const withBehaviour = (b: Record<string, string>) => () => setBehaviour(b);


describe("config images pull over a fake CRI, as upstream", () => {
  it("pulls the seven control-plane images in order and prints one line each", async () => {
    const r = await sameAsUpstream(BASE);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(pulled().slice(0, 4)).toEqual(ALL);
    expect(pulled()).toHaveLength(7);
    expect(r.stdout).toBe(pulled().map((i) => `[config/images] Pulled ${i}\n`).join(""));
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
    const r = await sameAsUpstream(["config", "images", "pull", "--config", cfg]);
    expect(r.code).toBe(0);
    // external etcd: no etcd image
    expect(pulled()).toHaveLength(6);
    expect(pulled()[0]).toBe(`mirror.example.org/k8s/kube-apiserver:${MINIMUM_CONTROL_PLANE_VERSION.replace(/\.0$/, ".1")}`);
  });

  // [title, PullImage answers by image name, the PullImage calls the scenario makes (so that a
  // fake ignoring its answers cannot pass by both binaries doing the same wrong thing)]
  const cases: Array<[string, Record<string, string>, number]> = [
    ["a pull failing four times, then succeeding (five attempts in all)", { "kube-scheduler": "flaky:4" }, 7 + 4],
    ["a flaky pull", { "kube-apiserver": "flaky:2" }, 7 + 2],
    ["an image failing five times stops the command", { "kube-controller-manager": "unknown" }, 1 + 5],
    ["gRPC Unknown (code stripped from the error, kept in the log)", { "kube-scheduler": "unknown" }, 2 + 5],
    ["gRPC NotFound (code kept)", { "kube-apiserver": "notfound" }, 5],
    ["an empty image ref", { "kube-proxy": "noref" }, 3 + 5],
    // klog's quoting of a value: quotes, backslashes, control and invisible characters, non-ASCII
    ["an error text with quotes, a backslash, a tab, a bell, a zero-width space and an accent", { "kube-apiserver": 'unknown:a "b" \\ c\ttab\u0007\u200b é' }, 5],
    // klog's multi-line value (err=<…>), with and without a last newline
    ["a multi-line error text", { "kube-apiserver": "unknown:line 1\nline 2" }, 5],
    ["an error text ending in a newline", { "kube-apiserver": "unknown:ends\n" }, 5],
  ];
  for (const [name, b, calls] of cases) {
    it(name, async () => {
      await sameAsUpstream(BASE, withBehaviour(b));
      expect(pulled()).toHaveLength(calls);
    });
  }

  it("a failed connection validation: no klog line, the error names the service", async () => {
    for (const method of ["Version", "ImageFsInfo"] as const) {
      const r = await sameAsUpstream(BASE, () => {
        setBehaviour({});
        fake.answers.set(method, { code: grpc.status.UNAVAILABLE, details: "runtime is down" });
      });
      expect(r.stderr).toContain("runtime is down");
      expect(pulled()).toEqual([]);
    }
  });

  it("a socket nobody listens on", async () => {
    const missing = `unix://${join(dir, "none.sock")}`;
    const r = await sameAsUpstream(["config", "images", "pull", "--cri-socket", missing, "--kubernetes-version", KUBERNETES_VERSION]);
    expect(r.stderr).toContain("no such file or directory");
  });

  it("bad --feature-gates and unknown args fail as upstream", async () => {
    for (const args of [[...BASE, "--feature-gates", "Nope=true"], [...BASE, "extra"], [...BASE, "--feature-gates", "ControlPlaneKubeletLocalMode=maybe"]]) {
      await sameAsUpstream(args);
      expect(pulled()).toEqual([]);
    }
  });
});

describe("config images pull: what upstream cannot be asked", () => {
  // Socket detection looks at fixed host paths (/var/run/containerd/containerd.sock, …), which
  // cannot be pointed at the fake for upstream; injected facts stand in for the host.
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
    expect(pulled()).toEqual([]);
    // one socket found: it is the one dialled (the known path does not exist here, so the dial fails)
    await expect(runWith(ctx, { facts: facts(["unix:///var/run/crio/crio.sock"]) })).rejects.toThrow(
      'failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/crio/crio.sock"',
    );
  });

  it("pullControlPlaneImages: the same loop with an injected runtime", async () => {
    const got: string[] = [];
    const out: string[] = [];
    const rt = {
      pullImage: async (i: string) => {
        if (i.endsWith(":bad")) throw new Error("nope");
        got.push(i);
      },
    };
    const sink = { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream;
    await expect(pullControlPlaneImages(rt as never, ["a:1", "b:bad", "c:1"], sink as never)).rejects.toThrow('failed to pull image "b:bad": nope');
    expect(got).toEqual(["a:1"]);
    expect(out).toEqual(["[config/images] Pulled a:1\n"]);
  });
});
