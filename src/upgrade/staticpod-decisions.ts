/**
 * The pure decisions of the static Pod upgrade (upstream's phases/upgrade/staticpods.go): which
 * certificates a component's upgrade renews, whether two manifests are the same Pod, whether etcd
 * moves forward, the names of the backup folders, the rollback's error text, and when a component
 * counts as restarted with its new manifest. No effects: staticpods.ts applies them.
 */
import { CONTROLLER_MANAGER_KUBECONFIG, ETCD, KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, SCHEDULER_KUBECONFIG } from "../constants.js";
import { aggregateMessage } from "../util/aggregate.js";
import { parseSemantic } from "../util/version.js";

/** The order upstream upgrades the control plane in (after etcd). */
export const UPGRADE_ORDER = [KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER] as const;

/** upstream's renewCertsByComponent: the certificates (or kubeconfig files) renewed before a component restarts. */
export function certificatesForComponent(component: string, localEtcd: boolean): string[] {
  if (component === ETCD) return localEtcd ? ["etcd-server", "etcd-peer", "etcd-healthcheck-client"] : [];
  if (component === KUBE_APISERVER) {
    const certs = ["apiserver", "apiserver-kubelet-client", "front-proxy-client"];
    if (localEtcd) certs.push("apiserver-etcd-client");
    return certs;
  }
  if (component === KUBE_CONTROLLER_MANAGER) return [CONTROLLER_MANAGER_KUBECONFIG];
  if (component === KUBE_SCHEDULER) return [SCHEDULER_KUBECONFIG];
  return [];
}

/**
 * A Pod object as its typed decoding sees it: members that are null, empty objects and empty
 * lists are what an absent field decodes to, so they do not make two manifests differ (upstream
 * compares the decoded v1.Pods).
 */
export function canonicalPod(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalPod);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = canonicalPod((v as Record<string, unknown>)[k]);
    if (x === null || x === undefined || x === "" || x === false || x === 0) continue;
    if (Array.isArray(x) && x.length === 0) continue;
    if (typeof x === "object" && !Array.isArray(x) && Object.keys(x as object).length === 0) continue;
    out[k] = x;
  }
  return out;
}

/** upstream's ManifestFilesAreEqual on the decoded manifests. */
export function manifestsEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalPod(a)) === JSON.stringify(canonicalPod(b));
}

/** What the kubelet runs of a Pod: each container's name, image, command and args. */
function containersRun(pod: unknown): string {
  const cs = ((pod as { spec?: { containers?: Array<Record<string, unknown>> } })?.spec?.containers ?? []).map((c) => [c.name, c.image, c.command ?? [], c.args ?? []]);
  return JSON.stringify(cs);
}

/**
 * Whether a mirror Pod (from the API) shows the containers of a static Pod manifest: a rerun that
 * finds a manifest already in place (moved in by a killed run) waits for this before going on, as
 * the killed run's wait for the new hash would have (later steps, such as the addon phase's check
 * of the other control planes' kube-apiserver images, read the mirror Pods).
 */
export function mirrorShowsManifest(mirror: unknown, manifest: unknown): boolean {
  return containersRun(mirror) === containersRun(manifest);
}

/** upstream's convertImageTagMetadataToSemver: "3.6.8_1" → "3.6.8+1". */
export function imageTagToSemver(tag: string): string {
  return tag.replace("_", "+");
}

/** The tag of an image reference ("registry.k8s.io/etcd:3.7.0-0" → "3.7.0-0"; a digest is dropped). */
export function tagFromImage(image: string): string {
  const noDigest = image.split("@")[0]!;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(colon + 1) : "";
}

export type EtcdVersionDecision = { kind: "upgrade" } | { kind: "older"; message: string };

/**
 * Whether the etcd step goes on: the desired version (the configured tag, else the one the target
 * Kubernetes version ships with) against the running manifest's tag. Older is upstream's non-fatal
 * "Skipping etcd upgrade"; equal or newer go on (equal manifests are skipped later).
 */
export function etcdVersionDecision(desired: string, current: string): EtcdVersionDecision {
  const d = parseSemantic(desired);
  const c = parseSemantic(current);
  if (d.compare(c) < 0) {
    return { kind: "older", message: `the desired etcd version "${d.toString()}" is older than the currently installed "${c.toString()}". Skipping etcd upgrade` };
  }
  return { kind: "upgrade" };
}

/** Go's time layout "2006-01-02-15-04-05" in local time (upstream's CreateTimestampDir names). */
export function timestampSuffix(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

/** upstream's rollbackOldManifests error: the original error and every failed restore, aggregated. */
export function rollbackMessage(errors: readonly string[]): string {
  return `couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: ${aggregateMessage(errors)}`;
}

/** What the node's container runtime shows of a component's static Pod (its sandboxes). */
export interface SandboxFact {
  /** The static Pod's UID: the kubelet makes it the manifest's config hash. */
  uid: string;
  ready: boolean;
  /** Creation time, ms since the epoch. */
  createdAtMs: number;
  /** A container of the sandbox is running. */
  running: boolean;
}

/**
 * kubernetes/kubeadm#2957: the mirror Pod in the API can lag behind the kubelet. The component is
 * restarted with the new manifest when the mirror Pod's hash changed, or, while the API answers
 * with the previous hash, when the runtime runs a ready sandbox of it, created after the manifest
 * was moved, whose hash differs from the one before and whose container runs. Without an answer
 * from the API (`mirrorHash` undefined) the runtime does not count: a kube-apiserver that crashes
 * at start runs for an instant at every restart, and upstream rolls it back with the API's error.
 */
export function restartedWithNewManifest(beforeHash: string, mirrorHash: string | undefined, sandboxes: readonly SandboxFact[], movedAtMs: number): "mirror" | "runtime" | false {
  if (mirrorHash === undefined) return false;
  if (mirrorHash !== beforeHash) return "mirror";
  const fresh = sandboxes.some((s) => s.ready && s.running && s.uid !== "" && s.uid !== beforeHash && s.createdAtMs >= movedAtMs);
  return fresh ? "runtime" : false;
}

/** The name of the etcd snapshot file kubeadm-ts writes before upgrading etcd. */
export function etcdSnapshotName(d: Date): string {
  return `kubeadm-backup-etcd-${timestampSuffix(d)}.db`;
}
