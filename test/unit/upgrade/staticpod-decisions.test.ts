import { describe, expect, it } from "vitest";
import {
  canonicalPod,
  certificatesForComponent,
  etcdSnapshotName,
  etcdVersionDecision,
  imageTagToSemver,
  manifestsEqual,
  mirrorShowsManifest,
  restartedWithNewManifest,
  rollbackMessage,
  tagFromImage,
  timestampSuffix,
  UPGRADE_ORDER,
} from "../../../src/upgrade/staticpod-decisions.js";

describe("static Pod upgrade decisions", () => {
  it("renews upstream's certificates per component", () => {
    expect(certificatesForComponent("etcd", true)).toEqual(["etcd-server", "etcd-peer", "etcd-healthcheck-client"]);
    expect(certificatesForComponent("etcd", false)).toEqual([]);
    expect(certificatesForComponent("kube-apiserver", true)).toEqual(["apiserver", "apiserver-kubelet-client", "front-proxy-client", "apiserver-etcd-client"]);
    expect(certificatesForComponent("kube-apiserver", false)).toEqual(["apiserver", "apiserver-kubelet-client", "front-proxy-client"]);
    expect(certificatesForComponent("kube-controller-manager", true)).toEqual(["controller-manager.conf"]);
    expect(certificatesForComponent("kube-scheduler", true)).toEqual(["scheduler.conf"]);
    expect(UPGRADE_ORDER).toEqual(["kube-apiserver", "kube-controller-manager", "kube-scheduler"]);
  });

  it("compares manifests as decoded Pods: empty members and key order do not count, values do", () => {
    const a = { apiVersion: "v1", kind: "Pod", metadata: { name: "x", creationTimestamp: null }, spec: { containers: [{ name: "c", image: "i:1", resources: {} }] }, status: {} };
    const b = { kind: "Pod", apiVersion: "v1", metadata: { name: "x" }, spec: { containers: [{ image: "i:1", name: "c" }] } };
    expect(manifestsEqual(a, b)).toBe(true);
    expect(manifestsEqual(a, { ...b, spec: { containers: [{ image: "i:2", name: "c" }] } })).toBe(false);
    expect(canonicalPod({ b: [], a: { c: "" }, d: [1] })).toEqual({ d: [1] });
  });

  it("reads etcd image tags as upstream and refuses to go back", () => {
    expect(tagFromImage("registry.k8s.io/etcd:3.7.0-0")).toBe("3.7.0-0");
    expect(tagFromImage("localhost:5000/etcd")).toBe("");
    expect(tagFromImage("localhost:5000/etcd:3.6.8-0@sha256:abc")).toBe("3.6.8-0");
    expect(imageTagToSemver("3.6.8_1")).toBe("3.6.8+1");
    expect(etcdVersionDecision("3.7.0-0", "3.6.8-0")).toEqual({ kind: "upgrade" });
    expect(etcdVersionDecision("3.7.0-0", "3.7.0-0")).toEqual({ kind: "upgrade" });
    expect(etcdVersionDecision("3.6.8-0", "3.7.0-0")).toEqual({
      kind: "older",
      message: 'the desired etcd version "3.6.8-0" is older than the currently installed "3.7.0-0". Skipping etcd upgrade',
    });
  });

  it("names folders with Go's 2006-01-02-15-04-05 layout", () => {
    const d = new Date(2026, 0, 2, 3, 4, 5);
    expect(timestampSuffix(d)).toBe("2026-01-02-03-04-05");
    expect(etcdSnapshotName(d)).toBe("kubeadm-backup-etcd-2026-01-02-03-04-05.db");
  });

  it("words the rollback as upstream (one error as it is, several aggregated)", () => {
    expect(rollbackMessage(["boom"])).toBe("couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: boom");
    expect(rollbackMessage(["a", "b"])).toBe("couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: [a, b]");
  });

  it("counts a component restarted by its mirror Pod's hash, or by a fresh running sandbox of another hash (kubeadm#2957)", () => {
    expect(restartedWithNewManifest("h1", "h2", [], 1000)).toBe("mirror");
    expect(restartedWithNewManifest("h1", "h1", [], 1000)).toBe(false);
    const fresh = { uid: "h2", ready: true, running: true, createdAtMs: 2000 };
    expect(restartedWithNewManifest("h1", "h1", [fresh], 1000)).toBe("runtime");
    // no answer from the API: the runtime alone does not count (a crash-looping kube-apiserver runs for an instant)
    expect(restartedWithNewManifest("h1", undefined, [fresh], 1000)).toBe(false);
    // the old Pod restarted, a sandbox from before the move, or one not running yet do not count
    expect(restartedWithNewManifest("h1", "h1", [{ ...fresh, uid: "h1" }], 1000)).toBe(false);
    expect(restartedWithNewManifest("h1", "h1", [{ ...fresh, createdAtMs: 500 }], 1000)).toBe(false);
    expect(restartedWithNewManifest("h1", "h1", [{ ...fresh, running: false }], 1000)).toBe(false);
    expect(restartedWithNewManifest("h1", "h1", [{ ...fresh, ready: false }], 1000)).toBe(false);
  });
});

describe("mirrorShowsManifest", () => {
  const manifest = { spec: { containers: [{ name: "etcd", image: "registry.k8s.io/etcd:3.7.0-0", command: ["etcd", "--name=cp1"] }] } };
  it("compares each container's name, image, command and args, not the API server's defaults", () => {
    const c = manifest.spec.containers[0]!;
    expect(mirrorShowsManifest({ spec: { containers: [{ ...c, imagePullPolicy: "IfNotPresent" }] } }, manifest)).toBe(true);
    expect(mirrorShowsManifest({ spec: { containers: [{ ...c, image: "registry.k8s.io/etcd:3.6.8-0" }] } }, manifest)).toBe(false);
    expect(mirrorShowsManifest({ spec: { containers: [{ ...c, command: ["etcd", "--name=cp2"] }] } }, manifest)).toBe(false);
    expect(mirrorShowsManifest({ spec: { containers: [{ ...c, args: ["-v"] }] } }, manifest)).toBe(false);
    expect(mirrorShowsManifest({}, manifest)).toBe(false);
  });
});
