// join's control-plane phases on their twins: check-etcd and etcd-join print upstream's dry-run
// lines (and write etcd.yaml as a single-member manifest, shown under its real path), external
// etcd and workers skip, mark-control-plane's dry-run line, and preflight's readiness rules for a
// new control plane (controlPlaneEndpoint, shared certificates) with upstream's error text.
import { mkdtempSync, mkdirSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";
import { bufferWriter } from "../../../src/cluster/index.js";
import { dryRunEtcdJoiner } from "../../../src/etcd/join.js";
import { dryRunJoinNode } from "../../../src/host/join-node.js";
import { checkEtcdPhase } from "../../../src/phases/join/check-etcd.js";
import { etcdJoinPhase } from "../../../src/phases/join/etcd-join.js";
import { checkIfReadyForAdditionalControlPlane, notReadyToJoinControlPlane } from "../../../src/phases/join/preflight.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import type { ClusterConfiguration, InitConfiguration } from "../../../src/config/types.js";
import { TEST_CA_CERT as CA_CERT, TEST_CA_KEY as CA_KEY } from "./join-fixtures.js";


async function initCfg(extra = ""): Promise<InitConfiguration> {
  return loadInitConfiguration({
    configText: [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: InitConfiguration",
      "localAPIEndpoint: {advertiseAddress: 10.0.0.2, bindPort: 6443}",
      "nodeRegistration: {name: cp2, criSocket: unix:///var/run/containerd/containerd.sock}",
      "---",
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: ClusterConfiguration",
      `kubernetesVersion: ${KUBERNETES_VERSION}`,
      "controlPlaneEndpoint: cp.example:6443",
      extra,
      "",
    ].join("\n"),
    skipCRIDetect: true,
  });
}

function data(init: InitConfiguration, dir: string, worker = false): { d: JoinData; out: ReturnType<typeof bufferWriter> } {
  const out = bufferWriter();
  const d = {
    cfg: { controlPlane: worker ? undefined : { localAPIEndpoint: init.localAPIEndpoint, certificateKey: "" } },
    dryRun: true,
    out,
    patchesDir: "",
    verbosity: 0,
    log: { info: () => undefined, warn: () => undefined },
    manifestDir: dir,
    node: dryRunJoinNode({ out }),
    etcd: async () => dryRunEtcdJoiner(out),
    client: async () => ({}),
    initCfg: async () => init,
    certificateWriteDir: async () => dir,
  } as unknown as JoinData;
  return { d, out };
}

describe("check-etcd and etcd-join", () => {
  it("dry-run: upstream's lines, etcd.yaml for a single member shown under /etc/kubernetes/manifests", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-etcd-"));
    const { d, out } = data(await initCfg(), dir);
    await checkEtcdPhase.run!(d, {} as never);
    await etcdJoinPhase.run!(d, {} as never);
    const text = out.text();
    expect(text.startsWith(
      [
        "[dryrun] Would check that the etcd cluster is healthy",
        '[control-plane-join] Would ensure that "/var/lib/etcd" directory is present',
        "[etcd] Would add etcd member: https://10.0.0.2:2380",
        '[etcd] Creating static Pod manifest for "etcd"',
        '[dryrun] Would write file "/etc/kubernetes/manifests/etcd.yaml" with content:',
        "",
      ].join("\n"),
    )).toBe(true);
    expect(text).toContain("    - --initial-cluster=cp2=https://10.0.0.2:2380\n");
    expect(text).not.toContain("initial-cluster-state");
    expect(text.endsWith("[etcd] Would wait for the new etcd member to join the cluster\n")).toBe(true);
    expect(existsSync(join(dir, "etcd.yaml"))).toBe(true);
  });

  it("external etcd and workers", async () => {
    const ext = await initCfg("etcd:\n  external:\n    endpoints: [https://10.0.0.9:2379]\n    caFile: /ca\n    certFile: /c\n    keyFile: /k");
    const { d, out } = data(ext, mkdtempSync(join(tmpdir(), "join-etcd-")));
    await checkEtcdPhase.run!(d, {} as never);
    await etcdJoinPhase.run!(d, {} as never);
    expect(out.text()).toBe("[check-etcd] Skipping etcd check in external mode\n[control-plane-join] Using external etcd - no local stacked instance added\n");
    const w = data(await initCfg(), mkdtempSync(join(tmpdir(), "join-etcd-")), true);
    await checkEtcdPhase.run!(w.d, {} as never);
    await etcdJoinPhase.run!(w.d, {} as never);
    expect(w.out.text()).toBe("");
  });
});

describe("preflight for a new control plane", () => {
  const cluster = (over: Partial<ClusterConfiguration>, dir: string): ClusterConfiguration =>
    ({ controlPlaneEndpoint: "cp.example:6443", certificatesDir: dir, etcd: { local: { dataDir: "/var/lib/etcd" } }, ...over }) as ClusterConfiguration;

  it("needs a controlPlaneEndpoint; with a certificate key nothing else", async () => {
    expect(await checkIfReadyForAdditionalControlPlane(cluster({ controlPlaneEndpoint: "" }, "/nope"), true, () => undefined)).toBe(
      "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address",
    );
    expect(await checkIfReadyForAdditionalControlPlane(cluster({}, "/nope"), true, () => undefined)).toBeUndefined();
  });

  it("without a key: the shared CAs and the service-account pair; a CA key may be missing (external CA)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-pf-"));
    const missing = await checkIfReadyForAdditionalControlPlane(cluster({}, dir), false, () => undefined);
    expect(missing).toMatch(/^\[failure loading certificate for CA: .*, failure loading key for service account: .*, failure loading certificate for front-proxy CA: .*, failure loading certificate for etcd CA: .*\]$/);
    mkdirSync(join(dir, "etcd"));
    for (const base of ["ca", "front-proxy-ca", "etcd/ca"]) {
      writeFileSync(join(dir, `${base}.crt`), CA_CERT);
      writeFileSync(join(dir, `${base}.key`), CA_KEY);
    }
    const sa = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    writeFileSync(join(dir, "sa.key"), String(sa.privateKey.export({ type: "sec1", format: "pem" })));
    writeFileSync(join(dir, "sa.pub"), String(sa.publicKey.export({ type: "spki", format: "pem" })));
    expect(await checkIfReadyForAdditionalControlPlane(cluster({}, dir), false, () => undefined)).toBeUndefined();
    const warnings: string[] = [];
    writeFileSync(join(dir, "front-proxy-ca.key"), "");
    expect(await checkIfReadyForAdditionalControlPlane(cluster({}, dir), false, (m) => warnings.push(m))).toBeUndefined();
    expect(warnings[0]).toMatch(/^assuming external key for front-proxy CA: /);
  });

  it("the not-ready text (upstream's template, dedented)", () => {
    expect(notReadyToJoinControlPlane("X")).toBe(
      "\nOne or more conditions for hosting a new control plane instance is not satisfied.\n\nX\n\nPlease ensure that:\n* The cluster has a stable controlPlaneEndpoint address.\n* The certificates that must be shared among control plane instances are provided.\n\n",
    );
  });
});
