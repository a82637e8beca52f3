// The version kubeadm-ts implements (src/constants.ts) and the upstream version the lab builds and
// compares with (test/lab/versions.env) are one pin: they must not drift apart.
import { describe, expect, it } from "vitest";
import { COREDNS_VERSION, DEFAULT_ETCD_VERSION, KUBERNETES_VERSION, PAUSE_VERSION } from "../../src/constants.js";
import { labVersions } from "../lab/oracle/run.js";

describe("src/constants.ts matches test/lab/versions.env", () => {
  const lab = labVersions();

  it("KUBERNETES_VERSION", () => {
    expect(KUBERNETES_VERSION).toBe(lab.KUBERNETES_VERSION);
  });

  it("COREDNS_VERSION and PAUSE_VERSION", () => {
    expect(COREDNS_VERSION).toBe(lab.COREDNS_VERSION);
    expect(PAUSE_VERSION).toBe(lab.PAUSE_VERSION);
  });

  it("DEFAULT_ETCD_VERSION is the lab's etcd image tag", () => {
    expect(DEFAULT_ETCD_VERSION).toBe(lab.ETCD_IMAGE_TAG);
  });
});
