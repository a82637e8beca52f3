import { describe, expect, it, vi } from "vitest";
import { applyJsonPatch, applyMergePatch, createTwoWayMergePatch } from "../../../src/client/patches.js";
import { resourcePath, RESOURCES, goTypeName } from "../../../src/client/resources.js";
import { defaultUserAgent } from "../../../src/client/user-agent.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

describe("patches", () => {
  it("two-way patch: nothing for equal objects, null for removed keys, whole lists", () => {
    const a = { metadata: { labels: { x: "1" } }, spec: { taints: [{ key: "a" }], podCIDR: "10.0.0.0/24" } };
    expect(createTwoWayMergePatch(a, structuredClone(a))).toEqual({});
    const b = { metadata: { labels: { y: "2" } }, spec: { taints: [{ key: "a" }, { key: "b" }], podCIDR: "10.0.0.0/24" } };
    expect(createTwoWayMergePatch(a, b)).toEqual({ metadata: { labels: { x: null, y: "2" } }, spec: { taints: [{ key: "a" }, { key: "b" }] } });
  });
  it("merge and JSON patches", () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 } })).toEqual({ a: 1, b: { d: 3, e: 4 } });
    expect(applyJsonPatch({ a: [1, 2] }, [{ op: "add", path: "/a/-", value: 3 }, { op: "replace", path: "/a/0", value: 0 }, { op: "test", path: "/a/1", value: 2 }])).toEqual({ a: [0, 2, 3] });
    expect(() => applyJsonPatch({ a: 1 }, [{ op: "test", path: "/a", value: 2 }])).toThrow("testing value");
  });
});

describe("resources and user agent", () => {
  it("builds API paths and Go type names", () => {
    expect(resourcePath(RESOURCES.configmaps, "kube-public", "cluster-info")).toBe("/api/v1/namespaces/kube-public/configmaps/cluster-info");
    expect(resourcePath(RESOURCES.clusterrolebindings, "ignored", "kubeadm:cluster-admins")).toBe("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm%3Acluster-admins");
    expect(resourcePath(RESOURCES.certificatesigningrequests)).toBe("/apis/certificates.k8s.io/v1/certificatesigningrequests");
    expect(goTypeName(RESOURCES.daemonsets)).toBe("*v1.DaemonSet");
  });
  it("formats the User-Agent like client-go", () => {
    expect(defaultUserAgent({ version: "v1.36.3-rc.1", gitCommit: "0123456789abcdef", platform: "linux", arch: "x64" })).toBe("kubeadm/v1.36.3 (linux/amd64) kubernetes/0123456");
    // client-go's adjustVersion/adjustCommit: "unknown" for empty values, a short commit kept whole
    expect(defaultUserAgent({ version: "", gitCommit: "", platform: "linux", arch: "arm64" })).toBe("kubeadm/unknown (linux/arm64) kubernetes/unknown");
    expect(defaultUserAgent({ version: "v1.37.2", gitCommit: "abc", platform: "linux", arch: "arm64" })).toBe("kubeadm/v1.37.2 (linux/arm64) kubernetes/abc");
  });
  it("takes the version and commit `kubeadm version` prints: KUBERNETES_VERSION and the build's gitCommit stamp", () => {
    try {
      vi.stubEnv("KUBEADM_TS_GIT_COMMIT", "fedcba9876543210fedcba9876543210fedcba98");
      expect(defaultUserAgent({ platform: "linux", arch: "arm64" })).toBe(`kubeadm/${KUBERNETES_VERSION} (linux/arm64) kubernetes/fedcba9`);
      vi.stubEnv("KUBEADM_TS_GIT_COMMIT", undefined);
      expect(defaultUserAgent({ platform: "linux", arch: "arm64" })).toBe(`kubeadm/${KUBERNETES_VERSION} (linux/arm64) kubernetes/unknown`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
