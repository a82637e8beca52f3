// reset phase remove-etcd-member on a control-plane node of a real two-member TLS etcd cluster:
// the member whose first peer URL is https://<this node's advertise address>:2380 is removed
// (found through the etcd Pods' annotations on a real kube-apiserver), the data directory is
// emptied, and the other member stays. "This node" is 127.0.0.2, so its peer URL can use the
// fixed port 2380 without touching 127.0.0.1.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import type { Pod } from "kubernetes-types/core/v1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { EtcdClient } from "../../../src/etcd/client.js";
import { ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION } from "../../../src/etcd/discovery.js";
import type { ResetData } from "../../../src/phases/reset/data.js";
import { removeEtcdMemberPhase } from "../../../src/phases/reset/remove-etcd-member.js";
const run = (data: Parameters<NonNullable<typeof removeEtcdMemberPhase.run>>[0]) => removeEtcdMemberPhase.run!(data, undefined as never);
import { startApiserver, freePort, type RealApiserver } from "../../support/apiserver.js";
import { cleanupPki, makeEtcdPki, memberURLs, startEtcdMember, type EtcdMemberProcess, type EtcdPki } from "../etcd/etcd-fixture.js";
import { DEFAULT_ETCD_VERSION, KUBERNETES_VERSION } from "../../../src/constants.js";

const etcdPod = (name: string, url: string): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "kube-system", labels: { component: "etcd", tier: "control-plane" }, annotations: { [ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]: url } },
  spec: { containers: [{ name: "etcd", image: `registry.k8s.io/etcd:${DEFAULT_ETCD_VERSION}` }], automountServiceAccountToken: false },
});

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

let api: RealApiserver;
let pki: EtcdPki;
const members: EtcdMemberProcess[] = [];
const work = mkdtempSync(join(tmpdir(), "reset-etcd-"));

async function dataFor(advertiseAddress: string, dataDir: string): Promise<{ data: ResetData; out: Capture; err: Capture }> {
  const cfg = await loadInitConfiguration({
    configText: [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: InitConfiguration",
      "localAPIEndpoint:",
      // any global unicast address for loading (a loopback one makes the loader look for a
      // global address on lo, as upstream's does); the member's address is set below
      "  advertiseAddress: 192.0.2.10",
      "---",
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: ClusterConfiguration",
      `kubernetesVersion: ${KUBERNETES_VERSION}`,
      `certificatesDir: ${pki.certificatesDir}`,
      "etcd:",
      "  local:",
      `    dataDir: ${dataDir}`,
      "timeouts:",
      "  etcdAPICall: 20s",
      "",
    ].join("\n"),
    skipCRIDetect: true,
  });
  // as reset's fetch sets it from the kube-apiserver mirror Pod
  cfg.localAPIEndpoint.advertiseAddress = advertiseAddress;
  const out = new Capture();
  const err = new Capture();
  const { streamLogger } = await import("../../../src/util/log.js");
  const { realResetNode } = await import("../../../src/host/reset-node.js");
  const data = {
    node: realResetNode({ out, verbose: () => undefined }),
    cfg,
    dryRun: false,
    client: api.admin,
    out,
    stderr: err,
    stdin: new PassThrough(),
    log: streamLogger(err),
    verbosity: 0,
  } as unknown as ResetData;
  return { data, out, err };
}

beforeAll(async () => {
  pki = makeEtcdPki("reset-etcd-pki-", ["127.0.0.1", "127.0.0.2"]);
  const m1 = await memberURLs();
  members.push(startEtcdMember(pki, "cp1", m1, `cp1=${m1.peerURL}`));
  const m2 = { clientURL: `https://127.0.0.2:${await freePort()}`, peerURL: "https://127.0.0.2:2380" };
  const c = await EtcdClient.connect([m1.clientURL], { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey });
  try {
    // a voting member right away (no learner step): the cluster waits for it to start
    await c.addMember("cp2", m2.peerURL, false);
  } finally {
    c.close();
  }
  members.push(startEtcdMember(pki, "cp2", m2, `cp1=${m1.peerURL},cp2=${m2.peerURL}`, true));
  api = await startApiserver("reset-etcd-api-");
  await api.admin.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "kube-system" } });
  await api.admin.create("pods", etcdPod("etcd-cp1", m1.clientURL), "kube-system");
  await api.admin.create("pods", etcdPod("etcd-cp2", m2.clientURL), "kube-system");
}, 120_000);

afterAll(async () => {
  for (const m of members.reverse()) await m.stop();
  await api?.stop();
  cleanupPki(pki);
  rmSync(work, { recursive: true, force: true });
});

async function memberNames(): Promise<string[]> {
  const c = await EtcdClient.connect([members[0]!.clientURL], { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey });
  try {
    return (await c.listMembers()).map((m) => m.name).sort();
  } finally {
    c.close();
  }
}

describe("reset phase remove-etcd-member, stacked etcd with two members", () => {
  it("removes this node's member and empties the data directory; the other member stays", { timeout: 90_000 }, async () => {
    // both members up and voting first
    for (let i = 0; i < 100 && (await memberNames().catch(() => [])).join() !== "cp1,cp2"; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await memberNames()).toEqual(["cp1", "cp2"]);
    const dataDir = join(work, "etcd-cp2");
    mkdirSync(join(dataDir, "member", "snap"), { recursive: true });
    writeFileSync(join(dataDir, "member", "snap", "db"), "x");
    const { data, out, err } = await dataFor("127.0.0.2", dataDir);
    await run(data);
    expect(err.text).toBe("");
    expect(out.text).toBe(`[reset] Deleted contents of the etcd data directory: ${dataDir}\n`);
    expect(readdirSync(dataDir)).toEqual([]);
    expect(await memberNames()).toEqual(["cp1"]);
  });

  it("a node whose member is already gone: success, and the data directory is emptied", { timeout: 60_000 }, async () => {
    const dataDir = join(work, "etcd-gone");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "leftover"), "x");
    const { data, out, err } = await dataFor("127.0.0.3", dataDir);
    await run(data);
    expect(err.text).toBe("");
    expect(out.text).toBe(`[reset] Deleted contents of the etcd data directory: ${dataDir}\n`);
    expect(existsSync(join(dataDir, "leftover"))).toBe(false);
    expect(await memberNames()).toEqual(["cp1"]);
  });

  it("etcd unreachable: a warning to remove the member by hand, and the data directory is still emptied by the safety net", { timeout: 60_000 }, async () => {
    const dataDir = join(work, "etcd-unreachable");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "db"), "x");
    const { data, out, err } = await dataFor("127.0.0.2", dataDir);
    // certificates the etcd members do not accept: every call fails
    (data.cfg as { clusterConfiguration: { certificatesDir: string } }).clusterConfiguration.certificatesDir = join(work, "no-pki");
    await run(data);
    expect(err.text).toMatch(/\[reset\] Failed to remove etcd member: .*, please manually remove this etcd member using etcdctl\n$/);
    expect(out.text).toBe(`[reset] Deleted contents of the etcd data directory: ${dataDir}\n`);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
