/**
 * The static Pod upgrade's effects on a real node: files through host/upgrade-files.ts, waits
 * through the API client and the CRI (waiter.ts), the local etcd through etcd/ (health, the
 * snapshot), certificates through pki/ (renewal with the local CA), manifests from manifests/.
 */
import * as path from "node:path";
import type { KubeClient } from "../client/types.js";
import type { InitConfiguration } from "../config/types.js";
import { ETCD } from "../constants.js";
import type { StaticPodUpgradeInput, UpgradeEtcd } from "./staticpods.js";
import { KubeadmError } from "../util/errors.js";

export interface RealUpgradeOptions {
  cfg: InitConfiguration;
  client: KubeClient;
  kubernetesDir: string;
  patchesDir: string;
  etcdUpgrade: boolean;
  renewCerts: boolean;
  upgradeManifestsTimeoutMs: number;
  etcdAPICallTimeoutMs: number;
  out: { write(text: string): unknown };
  log: import("../util/log.js").ConfigLogger;
  v(level: number, msg: string, origin: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

/** The new manifests of this node (patched): the three control-plane Pods and, with local etcd, etcd's. */
export async function newControlPlaneManifests(o: Pick<RealUpgradeOptions, "cfg" | "patchesDir" | "out" | "log" | "v" | "env">): Promise<Record<string, Record<string, unknown>>> {
  const m = await import("../manifests/index.js");
  const { nodeControlPlanePods } = await import("../phases/init/control-plane.js");
  const { usingExternalCA } = await import("../phases/init/external-ca.js");
  const cfg = o.cfg;
  const cluster = cfg.clusterConfiguration;
  const pods = await nodeControlPlanePods(cfg, o.env, (await usingExternalCA(cluster)).external, o.log);
  let patches;
  if (o.patchesDir) {
    const { patchManagerForPath } = await import("../patches/index.js");
    patches = await patchManagerForPath(o.patchesDir, o.out as never);
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [component, pod] of Object.entries(pods)) {
    try {
      out[component] = m.patchStaticPod(component, pod, patches) as Record<string, unknown>;
    } catch (err) {
      throw new KubeadmError(`error creating init static pod manifest files: failed to patch static Pod manifest file for ${JSON.stringify(component)}: ${(err as Error).message}`, 1, { cause: err });
    }
  }
  if (cluster.etcd.local) {
    const pod = m.etcdPod({
      cluster,
      localAPIEndpoint: cfg.localAPIEndpoint,
      nodeName: cfg.nodeRegistration.name,
      controlPlaneComponentHealthCheckMs: cfg.timeouts.controlPlaneComponentHealthCheck,
      warn: (w) => o.v(1, `WARNING: ${w}`, "images.go:86"),
    });
    try {
      out[ETCD] = m.patchStaticPod(ETCD, pod, patches) as Record<string, unknown>;
    } catch (err) {
      throw new KubeadmError(`error creating local etcd static pod manifest file: failed to patch static Pod manifest file for "etcd": ${(err as Error).message}`, 1, { cause: err });
    }
  }
  return out;
}

export async function realStaticPodUpgradeInput(o: RealUpgradeOptions): Promise<StaticPodUpgradeInput> {
  const files = await import("../host/upgrade-files.js");
  const { upgradeWaiter } = await import("./waiter.js");
  const { loadYamlModule } = await import("../config/yaml.js");
  const Y = await loadYamlModule();
  const cfg = o.cfg;
  const certificatesDir = cfg.clusterConfiguration.certificatesDir;
  let cri: Promise<import("../host/cri/client.js").CriClient | undefined> | undefined;
  const runtime = () =>
    (cri ??= (async () => {
      const { CriClient } = await import("../host/cri/client.js");
      return CriClient.connect(cfg.nodeRegistration.criSocket, { logger: { ...o.log, error: () => undefined } as never }).catch(() => undefined);
    })());
  return {
    cfg,
    kubernetesDir: o.kubernetesDir,
    patchesDir: o.patchesDir,
    etcdUpgrade: o.etcdUpgrade,
    renewCerts: o.renewCerts,
    upgradeManifestsTimeoutMs: o.upgradeManifestsTimeoutMs,
    out: o.out,
    v: o.v,
    now: () => new Date(),
    files,
    waiter: upgradeWaiter({ client: o.client, timeoutMs: o.upgradeManifestsTimeoutMs, out: o.out, runtime, v: o.v }),
    etcd: async (): Promise<UpgradeEtcd> => {
      const { EtcdClient } = await import("../etcd/client.js");
      const { saveSnapshot } = await import("../etcd/snapshot.js");
      const { etcdClientURL } = await import("../manifests/etcd.js");
      const client = await EtcdClient.fromCluster(o.client, certificatesDir, {
        apiCallTimeoutMs: o.etcdAPICallTimeoutMs,
        verbose: (level, m) => o.v(level, m, "etcd.go:0"),
      });
      const dir = certificatesDir.replace(/\/+$/, "");
      const tls = { caFile: `${dir}/etcd/ca.crt`, certFile: `${dir}/etcd/healthcheck-client.crt`, keyFile: `${dir}/etcd/healthcheck-client.key` };
      return {
        checkClusterHealth: () => client.checkClusterHealth(),
        waitForClusterAvailable: (retries, intervalMs) => client.waitForClusterAvailable(retries, intervalMs),
        // this node's member: the one whose data the upgrade touches
        snapshot: (file) => saveSnapshot(etcdClientURL(cfg.localAPIEndpoint.advertiseAddress), tls, file),
        close: () => client.close(),
      };
    },
    renew: async (name) => {
      const pki = await import("../pki/index.js");
      const { renewalInputOf } = await import("../cluster/certs-config.js");
      const input = { ...renewalInputOf(cfg), kubernetesDir: o.kubernetesDir };
      const h = pki.renewHandlers(input).find((x) => x.name === name);
      if (!h) throw new KubeadmError(`${name} is not a known certificate`);
      const r = await pki.renewCertificate(input, h, { print: () => undefined, warn: (w) => o.log.warn(w, "manager.go:0") });
      if (r === "missing") {
        const file = h.kind === "pki" ? path.join(input.certificatesDir, `${h.fileName}.crt`) : path.join(o.kubernetesDir, h.fileName);
        throw new KubeadmError(`failed to load existing certificate ${name}: open ${file}: no such file or directory`);
      }
      return r === "renewed";
    },
    newManifests: () => newControlPlaneManifests(o),
    writeManifest: async (component, dir, pod) => {
      const { writeStaticPodManifest } = await import("../manifests/write.js");
      await writeStaticPodManifest(component, dir, pod);
    },
    parseYaml: async (text) => Y.parse(text),
  };
}
