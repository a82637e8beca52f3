// EtcdClient.fromCluster against a real kube-apiserver (etcd Pod annotations) and a real TLS etcd:
// endpoint discovery waits for every etcd Pod's annotation, TLS comes from <certificatesDir>/etcd,
// and the endpoints end up synced with the member list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1.js";
import { EtcdClient } from "../../../src/etcd/client.js";
import { ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION } from "../../../src/etcd/discovery.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { cleanupPki, makeEtcdPki, memberURLs, startEtcdMember, type EtcdMemberProcess, type EtcdPki } from "./etcd-fixture.js";
import { DEFAULT_ETCD_VERSION } from "../../../src/constants.js";

const etcdPod = (name: string, annotation: string | null): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    namespace: "kube-system",
    labels: { component: "etcd", tier: "control-plane" },
    ...(annotation === null ? {} : { annotations: { [ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]: annotation } }),
  },
  spec: { containers: [{ name: "etcd", image: `registry.k8s.io/etcd:${DEFAULT_ETCD_VERSION}` }], automountServiceAccountToken: false },
});

describe("EtcdClient.fromCluster", () => {
  let api: RealApiserver;
  let pki: EtcdPki;
  let member: EtcdMemberProcess;

  beforeAll(async () => {
    pki = makeEtcdPki("kubeadm-ts-etcd-fc-");
    const urls = await memberURLs();
    member = startEtcdMember(pki, "cp1", urls, `cp1=${urls.peerURL}`);
    api = await startApiserver("kubeadm-ts-etcd-fc-api-");
    // The ServiceAccount admission plugin wants kube-system/default (no controller-manager here).
    await api.admin.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "kube-system" } });
  }, 120_000);

  afterAll(async () => {
    await member?.stop();
    await api?.stop();
    cleanupPki(pki);
  });

  it("fails naming the discovery when no etcd Pod carries the annotation", async () => {
    await api.admin.create("pods", etcdPod("etcd-cp1", null));
    await expect(EtcdClient.fromCluster(api.admin, pki.certificatesDir, { kubernetesAPICallTimeoutMs: 1_200 })).rejects.toThrow(
      "could not retrieve the list of etcd endpoints: context deadline exceeded",
    );
  });

  it("discovers the endpoint from the annotation, then syncs it with the member list", async () => {
    // A stale annotation (the Pod's advertised URL) is replaced by the member's actual client URL on sync.
    await api.admin.patch("pods", "etcd-cp1", "merge", { metadata: { annotations: { [ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]: member.clientURL } } }, "kube-system");
    const client = await EtcdClient.fromCluster(api.admin, pki.certificatesDir, { apiCallTimeoutMs: 20_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\netcd log:\n${member.log()}`);
    });
    try {
      expect(client.endpoints).toEqual([member.clientURL]);
      const list = await client.listMembers();
      expect(list.map((m) => m.name)).toEqual(["cp1"]);
    } finally {
      client.close();
    }
  });

  it("wraps TLS file errors and sync failures as kubeadm does", async () => {
    await expect(EtcdClient.fromCluster(api.admin, `${pki.dir}/missing`, { kubernetesAPICallTimeoutMs: 1_000 })).rejects.toThrow(
      `error creating etcd client for [${member.clientURL}] endpoints: open ${pki.dir}/missing/etcd/ca.crt: no such file or directory`,
    );
    await api.admin.create("pods", etcdPod("etcd-cp2", "https://127.0.0.1:1"));
    await api.admin.patch("pods", "etcd-cp1", "merge", { metadata: { annotations: { [ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION]: "https://127.0.0.1:2" } } }, "kube-system");
    // Both annotated endpoints are tried; the error is the last one's (etcd-cp2, listed after etcd-cp1).
    await expect(
      EtcdClient.fromCluster(api.admin, pki.certificatesDir, { apiCallTimeoutMs: 1_000, dialTimeoutMs: 500, retryIntervalMs: 200 }),
    ).rejects.toThrow(/^error syncing endpoints with etcd: rpc error: code = Unavailable desc = connection error: .*dial tcp 127\.0\.0\.1:1: connect: connection refused/);
  });
});
