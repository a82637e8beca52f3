// The static Pod skeleton shared by the four control-plane components (manifests.md §1.2–1.3):
// plain JSON-shaped objects whose field set matches what upstream's v1.Pod JSON encoding emits.
import { CONTROL_PLANE_TIER, NS_KUBE_SYSTEM, PROBE_PORT_NAME } from "../constants.js";

export type Json = Record<string, unknown>;

export interface HostPathVolume {
  name: string;
  hostPath: string;
  /** "" is kept and serialised as `type: ""`. */
  pathType: string;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
}

/** Volume + mount pairs of one component, unique by name (a later entry replaces an earlier one). */
export class HostPathMounts {
  readonly volumes = new Map<string, HostPathVolume>();
  readonly mounts = new Map<string, VolumeMount>();

  add(name: string, hostPath: string, mountPath: string, readOnly: boolean, pathType: string): void {
    this.volumes.set(name, { name, hostPath, pathType });
    this.mounts.set(name, { name, mountPath, readOnly });
  }

  /** Volumes sorted by name, as the Pod API objects upstream writes. */
  volumeList(): Json[] {
    return sortedByName([...this.volumes.values()]).map(volumeObject);
  }

  /** Mounts sorted by name. */
  mountList(): Json[] {
    return sortedByName([...this.mounts.values()]).map(mountObject);
  }
}

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedByName<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => byteCompare(a.name, b.name));
}

export function volumeObject(v: HostPathVolume): Json {
  return { name: v.name, hostPath: { path: v.hostPath, type: v.pathType } };
}

export function mountObject(m: VolumeMount): Json {
  const out: Json = { name: m.name, mountPath: m.mountPath };
  if (m.readOnly) out.readOnly = true;
  return out;
}

export type Scheme = "HTTP" | "HTTPS";

/** One httpGet probe on the named probe port; `host` "" is omitted. */
export function probe(
  host: string,
  path: string,
  scheme: Scheme,
  timing: { initialDelaySeconds?: number; timeoutSeconds: number; failureThreshold: number; periodSeconds: number },
): Json {
  const httpGet: Json = { path, port: PROBE_PORT_NAME, scheme };
  if (host !== "") httpGet.host = host;
  const out: Json = { httpGet, timeoutSeconds: timing.timeoutSeconds, failureThreshold: timing.failureThreshold, periodSeconds: timing.periodSeconds };
  if (timing.initialDelaySeconds) out.initialDelaySeconds = timing.initialDelaySeconds;
  return out;
}

export const livenessProbe = (host: string, path: string, scheme: Scheme): Json =>
  probe(host, path, scheme, { initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 8, periodSeconds: 10 });

export const readinessProbe = (host: string, path: string, scheme: Scheme): Json =>
  probe(host, path, scheme, { timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 });

/** failureThreshold = ceil(controlPlaneComponentHealthCheck / periodSeconds). */
export function startupProbe(host: string, path: string, scheme: Scheme, healthCheckTimeoutMs: number): Json {
  const periodSeconds = 10;
  const failureThreshold = Math.ceil(healthCheckTimeoutMs / 1000 / periodSeconds);
  return probe(host, path, scheme, { initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold, periodSeconds });
}

export function probePort(port: number): Json {
  return { name: PROBE_PORT_NAME, containerPort: port, protocol: "TCP" };
}

/** CPU (and optionally memory) requests. */
export function resourceRequests(cpu: string, memory?: string): Json {
  const requests: Json = { cpu };
  if (memory) requests.memory = memory;
  return { requests };
}

/** Drops keys whose value is undefined or an empty list (omitempty). */
export function compact(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** The static Pod around one container (upstream's ComponentPod). */
export function componentPod(container: Json, volumes: Json[], annotations?: Record<string, string>): Json {
  const metadata: Json = {
    name: container.name,
    namespace: NS_KUBE_SYSTEM,
    labels: { component: container.name, tier: CONTROL_PLANE_TIER },
  };
  if (annotations && Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec: compact({
      containers: [compact(container)],
      priority: 2000001000,
      priorityClassName: "system-node-critical",
      hostNetwork: true,
      volumes,
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
    }),
    status: {},
  };
}
