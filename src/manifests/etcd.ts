// The local etcd static Pod (manifests.md §5).
import * as path from "node:path";
import type { APIEndpoint, Arg, ClusterConfiguration } from "../config/types.js";
import {
  ANNOTATION_ETCD_ADVERTISE_CLIENT_URLS,
  ETCD,
  ETCD_LISTEN_CLIENT_PORT,
  ETCD_LISTEN_PEER_PORT,
  ETCD_METRICS_PORT,
} from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { isIPv6String, joinHostPort } from "../util/net.js";
import { arg, buildArgumentList } from "./args.js";
import { mergeEnv } from "./env.js";
import { etcdImage } from "./images.js";
import {
  HostPathMounts,
  componentPod,
  livenessProbe,
  mountObject,
  probePort,
  readinessProbe,
  resourceRequests,
  startupProbe,
  type Json,
  type Scheme,
} from "./pod.js";

export interface EtcdMember {
  name: string;
  peerURL: string;
}

export interface EtcdInput {
  cluster: ClusterConfiguration;
  localAPIEndpoint: APIEndpoint;
  nodeName: string;
  controlPlaneComponentHealthCheckMs: number;
  /**
   * Members for --initial-cluster when joining an existing cluster (this node included);
   * absent for init (a single-member cluster), which also leaves out --initial-cluster-state.
   */
  initialCluster?: readonly EtcdMember[];
  warn?: (msg: string) => void;
}

/** Etcd's client URL for an address. */
export function etcdClientURL(address: string): string {
  return `https://${joinHostPort(address, ETCD_LISTEN_CLIENT_PORT)}`;
}

/** Etcd's peer URL for an address. */
export function etcdPeerURL(address: string): string {
  return `https://${joinHostPort(address, ETCD_LISTEN_PEER_PORT)}`;
}

/** etcd 3.5 and older name two flags "experimental-..."; decided from the image tag. */
function etcdIsPre36(image: string): boolean {
  const tag = image.slice(image.lastIndexOf(":") + 1);
  const m = /^v?(\d+)\.(\d+)/.exec(tag);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < 3 || (major === 3 && minor < 6);
}

export function etcdCommand(input: EtcdInput, image: string): string[] {
  const local = input.cluster.etcd.local;
  if (!local) throw new KubeadmError("etcd.local is not set: the local etcd static Pod needs a local etcd configuration");
  const pki = input.cluster.certificatesDir;
  const p = (f: string) => path.posix.join(pki, f);
  const adv = input.localAPIEndpoint.advertiseAddress;
  const lh = isIPv6String(adv) ? "::1" : "127.0.0.1";
  const defaults: Arg[] = [
    arg("name", input.nodeName),
    arg("listen-client-urls", `${etcdClientURL(lh)},${etcdClientURL(adv)}`),
    arg("advertise-client-urls", etcdClientURL(adv)),
    arg("listen-peer-urls", etcdPeerURL(adv)),
    arg("initial-advertise-peer-urls", etcdPeerURL(adv)),
    arg("data-dir", local.dataDir),
    arg("cert-file", p("etcd/server.crt")),
    arg("key-file", p("etcd/server.key")),
    arg("trusted-ca-file", p("etcd/ca.crt")),
    arg("client-cert-auth", "true"),
    arg("peer-cert-file", p("etcd/peer.crt")),
    arg("peer-key-file", p("etcd/peer.key")),
    arg("peer-trusted-ca-file", p("etcd/ca.crt")),
    arg("peer-client-cert-auth", "true"),
    arg("snapshot-count", "10000"),
    arg("listen-metrics-urls", `http://${joinHostPort(lh, ETCD_METRICS_PORT)}`),
  ];
  if (etcdIsPre36(image)) {
    defaults.push(arg("experimental-initial-corrupt-check", "true"), arg("experimental-watch-progress-notify-interval", "5s"));
  } else {
    defaults.push(arg("feature-gates", "InitialCorruptCheck=true"), arg("watch-progress-notify-interval", "5s"));
  }
  if (input.initialCluster && input.initialCluster.length > 0) {
    defaults.push(
      arg("initial-cluster", input.initialCluster.map((m) => `${m.name}=${m.peerURL}`).join(",")),
      arg("initial-cluster-state", "existing"),
    );
  } else {
    defaults.push(arg("initial-cluster", `${input.nodeName}=${etcdPeerURL(adv)}`));
  }
  return [ETCD, ...buildArgumentList(defaults, local.extraArgs)];
}

/** Probe scheme/host/port: from the first listen-metrics-urls extra arg URL, else http://<localhost>:2381. */
function etcdProbeTarget(extraArgs: readonly Arg[], lh: string): { scheme: Scheme; host: string; port: number } {
  const def = { scheme: "HTTP" as Scheme, host: lh, port: ETCD_METRICS_PORT };
  const a = extraArgs.find((x) => x.name === "listen-metrics-urls");
  if (!a) return def;
  const first = a.value.split(",")[0]!;
  let u: URL;
  try {
    u = new URL(first);
  } catch {
    return def;
  }
  const scheme: Scheme = u.protocol === "https:" ? "HTTPS" : "HTTP";
  let host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") host = lh;
  const port = u.port === "" ? ETCD_METRICS_PORT : Number(u.port);
  return { scheme, host, port };
}

export function etcdPod(input: EtcdInput): Json {
  const c = input.cluster;
  const local = c.etcd.local;
  if (!local) throw new KubeadmError("etcd.local is not set: the local etcd static Pod needs a local etcd configuration");
  const image = etcdImage(c, input.warn);
  const adv = input.localAPIEndpoint.advertiseAddress;
  const lh = isIPv6String(adv) ? "::1" : "127.0.0.1";
  const certsDir = path.posix.join(c.certificatesDir, "etcd");
  const vols = new HostPathMounts();
  vols.add("etcd-data", local.dataDir, local.dataDir, false, "DirectoryOrCreate");
  vols.add("etcd-certs", certsDir, certsDir, false, "DirectoryOrCreate");
  const t = etcdProbeTarget(local.extraArgs, lh);
  const hc = input.controlPlaneComponentHealthCheckMs;
  return componentPod(
    {
      name: ETCD,
      image,
      imagePullPolicy: "IfNotPresent",
      command: etcdCommand(input, image),
      // upstream lists the data mount first and does not sort these two
      volumeMounts: [vols.mounts.get("etcd-data")!, vols.mounts.get("etcd-certs")!].map(mountObject),
      livenessProbe: livenessProbe(t.host, "/livez", t.scheme),
      readinessProbe: readinessProbe(t.host, "/readyz", t.scheme),
      startupProbe: startupProbe(t.host, "/readyz", t.scheme, hc),
      resources: resourceRequests("100m", "100Mi"),
      env: mergeEnv([], local.extraEnvs),
      ports: [probePort(t.port)],
    },
    vols.volumeList(),
    { [ANNOTATION_ETCD_ADVERTISE_CLIENT_URLS]: etcdClientURL(adv) },
  );
}
