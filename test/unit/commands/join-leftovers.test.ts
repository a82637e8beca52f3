// Beyond upstream: a `kubeadm join` that fails after it changed the node says what it left there
// for `kubeadm reset` (the paths under /etc/kubernetes, /var/lib/kubelet and /var/lib/etcd it added
// or changed, a new folder standing for its contents, and the kubelet it started), on stderr,
// before the error that upstream prints; a join that fails before changing anything, or a dry
// run, says nothing more; a join that succeeds prints upstream's text only.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferWriter } from "../../../src/cluster/index.js";
import { JOIN_WORKER_DONE, joinLeftoversText, runJoin } from "../../../src/commands/join.js";
import { dryRunJoinNode, realJoinNode, type JoinNode } from "../../../src/host/join-node.js";
import type { InitSystem } from "../../../src/host/initsystem.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import type { WorkflowContext } from "../../../src/workflow/types.js";
import { KubeadmError } from "../../../src/util/errors.js";

const FAILED = "error execution phase etcd-join: error creating local etcd static pod manifest file: timeout";

/** A node of three folders in a temp dir; /var/lib/kubelet and /var/lib/etcd exist empty, as after a reset. */
function node() {
  const root = mkdtempSync(join(tmpdir(), "join-leftovers-"));
  const k = join(root, "etc/kubernetes");
  const kubelet = join(root, "var/lib/kubelet");
  const etcd = join(root, "var/lib/etcd");
  mkdirSync(join(k, "manifests"), { recursive: true });
  mkdirSync(kubelet, { recursive: true });
  mkdirSync(etcd, { recursive: true });
  writeFileSync(join(k, "untouched.conf"), "x");
  const calls: string[] = [];
  const systemd = {
    kind: "systemd",
    serviceExists: async () => true,
    serviceStop: async (s: string) => void calls.push(`stop ${s}`),
    serviceRestart: async (s: string) => void calls.push(`restart ${s}`),
  } as unknown as InitSystem;
  return { k, kubelet, etcd, calls, systemd };
}

function ctxFor(n: JoinNode, phases: () => Promise<void>) {
  const stdout = bufferWriter();
  const stderr = bufferWriter();
  const data = { node: n, cfg: { controlPlane: undefined } } as unknown as JoinData;
  const ctx = { stdout, stderr, workflow: { initData: async () => data, run: phases } } as unknown as WorkflowContext;
  return { ctx, stdout, stderr };
}

describe("join: what a failed join left on the node", () => {
  it("fails after kubelet-start and the etcd manifest: the new paths (new folders once) and the started kubelet, then upstream's error unchanged", async () => {
    const n = node();
    const out = bufferWriter();
    const real = realJoinNode({ out, warn: () => undefined, v1: () => undefined, initSystem: () => n.systemd, folders: [n.k, n.kubelet, n.etcd] });
    const { ctx, stdout, stderr } = ctxFor(real, async () => {
      // what a control-plane join writes before etcd-join fails
      mkdirSync(join(n.k, "pki/etcd"), { recursive: true });
      writeFileSync(join(n.k, "pki/ca.crt"), "c");
      writeFileSync(join(n.k, "pki/etcd/ca.key"), "k");
      writeFileSync(join(n.k, "admin.conf"), "a");
      writeFileSync(join(n.k, "manifests/kube-apiserver.yaml"), "m");
      writeFileSync(join(n.kubelet, "config.yaml"), "c");
      await real.stopKubelet();
      await real.startKubelet(true, n.k);
      mkdirSync(join(n.kubelet, "pki"));
      writeFileSync(join(n.kubelet, "pki/kubelet.crt"), "s");
      writeFileSync(join(n.k, "manifests/etcd.yaml"), "e");
      mkdirSync(join(n.etcd, "member"));
      throw new KubeadmError(FAILED);
    });
    await expect(runJoin(ctx)).rejects.toThrow(FAILED);
    expect(n.calls).toEqual(["stop kubelet", "restart kubelet"]);
    expect(stderr.text()).toBe(
      [
        '[join] The join failed after changing this node. "kubeadm reset" removes what it left:',
        `\t${n.k}/admin.conf`,
        `\t${n.k}/manifests/etcd.yaml`,
        `\t${n.k}/manifests/kube-apiserver.yaml`,
        `\t${n.k}/pki`,
        `\t${n.kubelet}/config.yaml`,
        `\t${n.kubelet}/pki`,
        `\t${n.etcd}/member`,
        "\tthe kubelet service, which this join started, and the containers of its Pods",
        "",
      ].join("\n"),
    );
    expect(stdout.text()).not.toContain("This node has joined the cluster");
  });

  it("fails before changing anything (discovery, a wrong certificate key): nothing more than upstream's error", async () => {
    const n = node();
    const real = realJoinNode({ out: bufferWriter(), warn: () => undefined, v1: () => undefined, initSystem: () => n.systemd, folders: [n.k, n.kubelet, n.etcd] });
    const { ctx, stderr } = ctxFor(real, async () => {
      throw new KubeadmError("error execution phase preflight: couldn't validate the identity of the API Server");
    });
    await expect(runJoin(ctx)).rejects.toThrow("couldn't validate");
    expect(stderr.text()).toBe("");
  });

  it("a dry run changes nothing on the node: its twin reports nothing", async () => {
    const out = bufferWriter();
    const twin = dryRunJoinNode({ out });
    const { ctx, stderr } = ctxFor(twin, async () => {
      await twin.stopKubelet();
      throw new KubeadmError(FAILED);
    });
    await expect(runJoin(ctx)).rejects.toThrow(FAILED);
    expect(stderr.text()).toBe("");
  });

  it("a join that succeeds prints upstream's closing text only", async () => {
    const n = node();
    const real = realJoinNode({ out: bufferWriter(), warn: () => undefined, v1: () => undefined, initSystem: () => n.systemd, folders: [n.k, n.kubelet, n.etcd] });
    const { ctx, stdout, stderr } = ctxFor(real, async () => {
      writeFileSync(join(n.kubelet, "config.yaml"), "c");
    });
    await runJoin(ctx);
    expect(stdout.text()).toBe(JOIN_WORKER_DONE);
    expect(stderr.text()).toBe("");
  });

  it("the text: one path a line, the kubelet line only when the join started it, nothing when nothing was left", () => {
    expect(joinLeftoversText({ paths: [], kubeletStarted: false })).toBe("");
    expect(joinLeftoversText({ paths: ["/etc/kubernetes/pki/ca.crt"], kubeletStarted: false })).toBe(
      '[join] The join failed after changing this node. "kubeadm reset" removes what it left:\n\t/etc/kubernetes/pki/ca.crt\n',
    );
  });
});
