// join's check-etcd and etcd-join with the real etcd twin against a real TLS etcd member found
// through a real kube-apiserver (the etcd static Pod's advertise-client-urls annotation): the
// cluster's health, the data directory, this node added as a learner, the etcd static Pod written
// with the members as --initial-cluster (state "existing"), the learner promoted once its etcd
// (started here from the written manifest's flags, as the kubelet would) caught up, and the
// cluster available with two voting members. The new member listens on 127.0.0.2 (peer port 2380,
// client port 2379, as kubeadm's manifests fix them).
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1.js";
import { parse } from "yaml";
import { EtcdClient } from "../../../src/etcd/client.js";
import { ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION } from "../../../src/etcd/discovery.js";
import { realEtcdJoiner } from "../../../src/etcd/join.js";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { DEFAULT_ETCD_VERSION, KUBERNETES_VERSION } from "../../../src/constants.js";
import { bufferWriter } from "../../../src/cluster/output.js";
import { checkEtcdPhase } from "../../../src/phases/join/check-etcd.js";
import { etcdJoinPhase } from "../../../src/phases/join/etcd-join.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { cleanupPki, makeEtcdPki, memberURLs, startEtcdMember, type EtcdMemberProcess, type EtcdPki } from "../etcd/etcd-fixture.js";

let api: RealApiserver;
let pki: EtcdPki;
const members: EtcdMemberProcess[] = [];

beforeAll(async () => {
  pki = makeEtcdPki("join-etcd-", ["127.0.0.1", "127.0.0.2"]);
  const urls = await memberURLs();
  members.push(startEtcdMember(pki, "cp1", urls, `cp1=${urls.peerURL}`));
  api = await startApiserver("join-etcd-api-");
  await api.admin.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "kube-system" } });
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "etcd-cp1", namespace: "kube-system", labels: { component: "etcd", tier: "control-plane" }, annotations: { [ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]: urls.clientURL } },
    spec: { containers: [{ name: "etcd", image: `registry.k8s.io/etcd:${DEFAULT_ETCD_VERSION}` }], automountServiceAccountToken: false },
  };
  await api.admin.create("pods", pod);
}, 120_000);
afterAll(async () => {
  for (const m of members) await m.stop();
  await api?.stop();
  cleanupPki(pki);
});

describe("check-etcd and etcd-join on a real etcd", () => {
  it("learner added, manifest written, learner promoted, two voting members", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-etcd-out-"));
    const init = await loadInitConfiguration({
      configText: [
        "apiVersion: kubeadm.k8s.io/v1beta4", "kind: InitConfiguration",
        "localAPIEndpoint: {advertiseAddress: 10.0.0.2, bindPort: 6443}",
        "nodeRegistration: {name: cp-2, criSocket: unix:///var/run/containerd/containerd.sock}",
        "---",
        "apiVersion: kubeadm.k8s.io/v1beta4", "kind: ClusterConfiguration", `kubernetesVersion: ${KUBERNETES_VERSION}`,
        "etcd:", "  local:", `    dataDir: ${join(dir, "etcd-data")}`, "",
      ].join("\n"),
      skipCRIDetect: true,
    });
    // the loader would replace a loopback address; the new member lives on 127.0.0.2
    init.localAPIEndpoint.advertiseAddress = "127.0.0.2";
    const out = bufferWriter();
    const manifestDir = join(dir, "manifests");
    const data = {
      cfg: { controlPlane: { localAPIEndpoint: init.localAPIEndpoint, certificateKey: "" } },
      dryRun: false,
      out,
      patchesDir: "",
      verbosity: 0,
      log: { info: () => undefined, warn: () => undefined },
      manifestDir,
      client: async () => api.admin,
      initCfg: async () => init,
      certificateWriteDir: async () => pki.certificatesDir,
      node: {
        // the kubelet's part: run etcd as the static Pod says
        etcdManifestWritten: async (d: string) => {
          const podSpec = parse(readFileSync(join(d, "etcd.yaml"), "utf8")) as Pod;
          const cmd = podSpec.spec!.containers[0]!.command!;
          const flag = (n: string) => cmd.find((c) => c.startsWith(`--${n}=`))!.slice(n.length + 3);
          expect(flag("initial-cluster-state")).toBe("existing");
          members.push(startEtcdMember(pki, "cp-2", { clientURL: "https://127.0.0.2:2379", peerURL: "https://127.0.0.2:2380" }, flag("initial-cluster"), true));
        },
      },
      etcd: async () =>
        realEtcdJoiner({
          out,
          client: async () => api.admin,
          etcdOptions: { apiCallTimeoutMs: 30_000, retryIntervalMs: 200, kubernetesAPICallTimeoutMs: 10_000 },
          healthyCheck: { retries: 10, intervalMs: 1_000 },
        }),
    } as unknown as JoinData;

    await checkEtcdPhase.run!(data, {} as never);
    await etcdJoinPhase.run!(data, {} as never).catch((e: Error) => {
      throw new Error(`${e.message}\nnew member's log:\n${members[1]?.log() ?? ""}`);
    });
    expect(out.text()).toBe(
      [
        "[check-etcd] Checking that the etcd cluster is healthy",
        "[etcd] Announced new etcd member joining to the existing etcd cluster",
        '[etcd] Creating static Pod manifest for "etcd"',
        "[etcd] Waiting for the new etcd member to join the cluster. This can take up to 10s",
        "",
      ].join("\n"),
    );
    expect(statSync(join(dir, "etcd-data")).mode & 0o777).toBe(0o700);
    const manifest = readFileSync(join(manifestDir, "etcd.yaml"), "utf8");
    expect(manifest).toMatch(/--initial-cluster=(cp1=https:\/\/127\.0\.0\.1:\d+,cp-2=https:\/\/127\.0\.0\.2:2380|cp-2=https:\/\/127\.0\.0\.2:2380,cp1=https:\/\/127\.0\.0\.1:\d+)\n/);

    const c = await EtcdClient.connect([members[0]!.clientURL], { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey });
    try {
      const list = await c.listMembers();
      expect(list.map((m) => [m.name, m.isLearner]).sort()).toEqual([
        ["cp-2", false],
        ["cp1", false],
      ]);
    } finally {
      c.close();
    }
  }, 120_000);

  it("a join whose learner never catches up removes that learner before failing, and says so (beyond upstream)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-etcd-fail-"));
    const init = await loadInitConfiguration({
      configText: [
        "apiVersion: kubeadm.k8s.io/v1beta4", "kind: InitConfiguration",
        "localAPIEndpoint: {advertiseAddress: 10.0.0.3, bindPort: 6443}",
        "nodeRegistration: {name: cp-3, criSocket: unix:///var/run/containerd/containerd.sock}",
        "---",
        "apiVersion: kubeadm.k8s.io/v1beta4", "kind: ClusterConfiguration", `kubernetesVersion: ${KUBERNETES_VERSION}`,
        "etcd:", "  local:", `    dataDir: ${join(dir, "etcd-data")}`, "",
      ].join("\n"),
      skipCRIDetect: true,
    });
    init.localAPIEndpoint.advertiseAddress = "127.0.0.3";
    const out = bufferWriter();
    const data = {
      cfg: { controlPlane: { localAPIEndpoint: init.localAPIEndpoint, certificateKey: "" } },
      dryRun: false,
      out,
      patchesDir: "",
      verbosity: 0,
      log: { info: () => undefined, warn: () => undefined },
      manifestDir: join(dir, "manifests"),
      client: async () => api.admin,
      initCfg: async () => init,
      certificateWriteDir: async () => pki.certificatesDir,
      // the kubelet never starts this member's etcd: the learner cannot catch up
      node: { etcdManifestWritten: async () => undefined },
      etcd: async () =>
        realEtcdJoiner({
          out,
          client: async () => api.admin,
          etcdOptions: { apiCallTimeoutMs: 15_000, retryIntervalMs: 500, kubernetesAPICallTimeoutMs: 10_000 },
          healthyCheck: { retries: 2, intervalMs: 500 },
        }),
    } as unknown as JoinData;
    const err = await etcdJoinPhase.run!(data, {} as never).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^error creating local etcd static pod manifest file: .*(can only promote a learner member which is in sync with leader|unhealthy cluster)/);
    const lines = out.text().split("\n");
    expect(lines[0]).toBe("[etcd] Announced new etcd member joining to the existing etcd cluster");
    expect(lines[1]).toBe('[etcd] Creating static Pod manifest for "etcd"');
    expect(lines[2]).toMatch(/^\[etcd\] Removed the etcd learner member [0-9a-f]+ \(https:\/\/127\.0\.0\.3:2380\) that this join added, as the join failed before promoting it$/);
    const c = await EtcdClient.connect([members[0]!.clientURL], { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey });
    try {
      const list = await c.listMembers();
      expect(list.some((m) => m.peerURLs.includes("https://127.0.0.3:2380"))).toBe(false);
      expect(list.every((m) => !m.isLearner)).toBe(true);
    } finally {
      c.close();
    }
  }, 120_000);
});
