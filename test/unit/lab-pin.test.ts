// The version kubeadm-ts implements (src/constants.ts) and the upstream versions the lab builds and
// compares with (test/lab/versions.env) are one pin: they must not drift apart. The values that
// come with a release (etcd, CoreDNS, pause, the supported-etcd table, the skew minimums) are read
// from the pinned release's own cmd/kubeadm/app/constants/constants.go.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COREDNS_VERSION,
  CURRENT_KUBERNETES_VERSION,
  DEFAULT_ETCD_VERSION,
  KUBERNETES_MINOR,
  KUBERNETES_VERSION,
  MIN_EXTERNAL_ETCD_VERSION,
  MINIMUM_CONTROL_PLANE_VERSION,
  MINIMUM_KUBELET_VERSION,
  PAUSE_VERSION,
  SUPPORTED_ETCD_VERSION,
} from "../../src/constants.js";
import { LAB_DIR, labVersions } from "../lab/oracle/run.js";
import { requireUpstreamSource } from "../support/upstream.js";

const minor = (v: string) => Number(/^v?1\.(\d+)\./.exec(v)![1]);

describe("src/constants.ts matches test/lab/versions.env", () => {
  const lab = labVersions();

  it("KUBERNETES_VERSION", () => {
    expect(KUBERNETES_VERSION).toBe(lab.KUBERNETES_VERSION);
    expect(KUBERNETES_MINOR).toBe(minor(KUBERNETES_VERSION));
    expect(CURRENT_KUBERNETES_VERSION).toBe(`v1.${KUBERNETES_MINOR}.0`);
  });

  it("COREDNS_VERSION and PAUSE_VERSION", () => {
    expect(COREDNS_VERSION).toBe(lab.COREDNS_VERSION);
    expect(PAUSE_VERSION).toBe(lab.PAUSE_VERSION);
  });

  it("DEFAULT_ETCD_VERSION is the lab's etcd image tag", () => {
    expect(DEFAULT_ETCD_VERSION).toBe(lab.ETCD_IMAGE_TAG);
    expect(lab.ETCD_IMAGE_TAG).toBe(`${lab.ETCD_VERSION!.slice(1)}-0`);
    expect(lab.PREVIOUS_ETCD_IMAGE_TAG).toBe(`${lab.PREVIOUS_ETCD_VERSION!.slice(1)}-0`);
  });

  it("the previous set is the minor before the pin, and each set has its Go modules", () => {
    expect(minor(lab.PREVIOUS_KUBERNETES_VERSION!)).toBe(minor(KUBERNETES_VERSION) - 1);
    for (const v of [lab.KUBERNETES_VERSION!, lab.PREVIOUS_KUBERNETES_VERSION!]) {
      for (const m of ["kubernetes", "etcd", "coredns"]) expect(existsSync(join(LAB_DIR, "go", v, m, "go.mod")), `go/${v}/${m}/go.mod`).toBe(true);
      expect(readFileSync(join(LAB_DIR, "go", v, "kubernetes", "go.mod"), "utf8")).toMatch(new RegExp(`^\\s*k8s\\.io/kubernetes ${v.replaceAll(".", "\\.")}\\b`, "m"));
    }
  });
});

describe("src/constants.ts matches the pinned release's cmd/kubeadm/app/constants/constants.go", () => {
  const src = readFileSync(requireUpstreamSource("cmd/kubeadm/app/constants/constants.go"), "utf8");
  const goString = (name: string) => {
    const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]+)"`).exec(src);
    if (!m) throw new Error(`${name} not found in constants.go`);
    return m[1]!;
  };

  it("etcd, CoreDNS and pause versions", () => {
    expect(DEFAULT_ETCD_VERSION).toBe(goString("DefaultEtcdVersion"));
    expect(MIN_EXTERNAL_ETCD_VERSION).toBe(goString("MinExternalEtcdVersion"));
    expect(COREDNS_VERSION).toBe(goString("CoreDNSVersion"));
    expect(PAUSE_VERSION).toBe(goString("PauseVersion"));
  });

  it("the supported etcd table (Kubernetes minor → etcd image tag)", () => {
    const block = /SupportedEtcdVersion\s*=\s*map\[uint8\]string\{([\s\S]*?)\}/.exec(src);
    expect(block, "SupportedEtcdVersion").not.toBeNull();
    const table: Record<number, string> = {};
    for (const m of block![1]!.matchAll(/(\d+):\s*"([^"]+)"/g)) table[Number(m[1])] = m[2]!;
    expect(Object.keys(table).length).toBeGreaterThan(0);
    expect({ ...SUPPORTED_ETCD_VERSION }).toEqual(table);
  });

  it("the skew minimums (N-1 control plane, N-3 kubelet)", () => {
    expect(MINIMUM_CONTROL_PLANE_VERSION).toBe(`v1.${KUBERNETES_MINOR - 1}.0`);
    expect(MINIMUM_KUBELET_VERSION).toBe(`v1.${KUBERNETES_MINOR - 3}.0`);
    // upstream derives them from component-base's DefaultKubeBinaryVersion with these offsets
    expect(src).toMatch(/MinimumControlPlaneVersion\s*=\s*getSkewedKubernetesVersion\(-1\)/);
    expect(src).toMatch(/MinimumKubeletVersion\s*=\s*getSkewedKubernetesVersion\(-3\)/);
    expect(src).toMatch(/CurrentKubernetesVersion\s*=\s*getSkewedKubernetesVersion\(0\)/);
  });
});
