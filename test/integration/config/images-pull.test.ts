// `kubeadm config images pull` against a private real containerd (its own root, state and socket
// under /tmp, stopped afterwards), compared with the pinned upstream kubeadm on the same runtime:
// - success: every image pulled from a local in-process registry (127.0.0.1), same stdout;
// - failure: unreachable registries fail fast (5 immediate attempts, as upstream), same stderr.
// Needs root, `containerd` + `ctr` (installed when missing) and upstream kubeadm (`npm run lab:build`).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripKlogHeaders } from "../../../src/util/log.js";
import { startContainerd, type PrivateContainerd } from "../../support/containerd.js";
import { requireUpstream } from "../../support/upstream.js";
import { cli, runUpstreamAsync } from "../../unit/cli/harness.js";
import { startRegistry, type Registry } from "./oci-registry.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

let containerd: PrivateContainerd;
let endpoint = "";
let registry: Registry;

/** Upstream kubeadm, without blocking the event loop (the registry answers from this process). */
const runUpstream = (args: string[]) => runUpstreamAsync(requireUpstream("kubeadm"), args);

beforeAll(async () => {
  containerd = await startContainerd("kubeadm-ts-pull-");
  endpoint = containerd.endpoint;
  registry = await startRegistry(containerd.pauseTar);
}, 60_000);

afterAll(async () => {
  await registry?.close();
  await containerd?.stop();
});

const IMAGES = [`kube-apiserver:${KUBERNETES_VERSION}`, `kube-controller-manager:${KUBERNETES_VERSION}`, `kube-scheduler:${KUBERNETES_VERSION}`, `kube-proxy:${KUBERNETES_VERSION}`];

describe("kubeadm config images pull on a private containerd", () => {
  it("pulls every image from the registry, in order, printing a line for each", async () => {
    const repo = `${registry.host}/k8s`;
    registry.requests.length = 0;
    const r = await cli(["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", KUBERNETES_VERSION, "--image-repository", repo]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual(IMAGES.map((i) => `[config/images] Pulled ${repo}/${i}`));
    expect(lines.slice(4).map((l) => l.replace(/:[^:]+$/, ""))).toEqual([`[config/images] Pulled ${repo}/coredns`, `[config/images] Pulled ${repo}/pause`, `[config/images] Pulled ${repo}/etcd`]);
    for (const l of lines) expect(containerd.images()).toContain(l.slice("[config/images] Pulled ".length));
    // each image was resolved through the registry once: no IfNotPresent shortcut
    expect(registry.requests.filter((q) => q.startsWith("HEAD ")).length).toBe(7);
  });

  it("same stdout and stderr as upstream for a successful pull, and again when the images are present", async () => {
    const args = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", KUBERNETES_VERSION, "--image-repository", `${registry.host}/other`];
    const up = await runUpstream(args);
    const ts = await cli(args);
    expect(up.code).toBe(0);
    expect(ts).toEqual(up);
  });

  it("an unreachable registry: the same five logged attempts and error as upstream, quickly", async () => {
    // registry.k8s.io is not resolvable here; the pause image being present locally does not help
    const args = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", KUBERNETES_VERSION];
    const up = await runUpstream(args);
    const t0 = Date.now();
    const ts = await cli(args);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(up.code).toBe(1);
    expect(ts.code).toBe(1);
    expect(ts.stdout).toBe(up.stdout);
    expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
    expect(ts.stderr.match(/remote_image\.go:334\] "PullImage from image service failed"/g)?.length).toBe(5);
    expect(ts.stderr).toContain(`error: failed to pull image "registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}": failed to pull image registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}: failed to pull and unpack image`);
  });

  it("a refused registry connection: same output as upstream", async () => {
    const args = ["config", "images", "pull", "--cri-socket", endpoint, "--kubernetes-version", KUBERNETES_VERSION, "--image-repository", "127.0.0.1:1/k8s"];
    const up = await runUpstream(args);
    const ts = await cli(args);
    expect(ts.code).toBe(up.code);
    expect(ts.stdout).toBe(up.stdout);
    expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
    expect(ts.stderr).toContain("connect: connection refused");
  });

  it("a missing CRI socket: the same connection error as upstream", async () => {
    const missing = `unix://${join(containerd.dir, "none.sock")}`;
    const args = ["config", "images", "pull", "--cri-socket", missing, "--kubernetes-version", KUBERNETES_VERSION];
    const up = await runUpstream(args);
    const ts = await cli(args);
    expect(up.code).toBe(1);
    expect(ts.code).toBe(1);
    expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
  });
});
