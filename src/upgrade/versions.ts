/**
 * The versions an upgrade decides from (upstream phases/upgrade VersionGetter): the API server's,
 * kubeadm's own, release labels resolved on the internet (with the offline fallback of
 * util/version.ts), the kubelets' from the Nodes, the control-plane components' from their
 * static-Pod mirror Pods, and the deployed CoreDNS image tag. The offline getter answers every
 * label with the version the user named.
 */
import type { KubeClient, VersionInfo } from "../client/types.js";
import type { ConfigLogger } from "../util/log.js";
import { CONTROL_PLANE_TIER, KUBERNETES_VERSION } from "../constants.js";
import { kubernetesReleaseVersion, parseSemantic, type VersionFetcher, type Version } from "../util/version.js";
import { KubeadmError } from "../util/errors.js";

/** A version as text (as upstream returns it) and parsed. */
export interface VersionPair {
  readonly str: string;
  readonly version: Version;
}

/** Version → the names of the nodes that run it, in the order the API listed them. */
export type VersionMap = Map<string, string[]>;

export interface VersionGetter {
  /** The API server's /version gitVersion. */
  clusterVersion(): Promise<VersionPair>;
  /** This kubeadm's version. */
  kubeadmVersion(): Promise<VersionPair>;
  /** A release label ("stable", "stable-1.36", "latest", ...) resolved; `description` words errors. */
  versionFromCILabel(label: string, description: string): Promise<VersionPair>;
  /** Nodes' kubelet versions. */
  kubeletVersions(): Promise<VersionMap>;
  /** The image tags of a control-plane component's mirror Pods (kube-apiserver, etcd, ...). */
  componentVersions(component: string): Promise<VersionMap>;
  /** The image tag of the CoreDNS Deployment, "" when there is none. */
  dnsAddonVersion(): Promise<string>;
}

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const wrap = (what: string, err: unknown): KubeadmError => new KubeadmError(`${what}: ${msg(err)}`);

// The tag of an image reference: "[domain][:port][path]<name>[:tag][@sha256:digest]" (upstream image.TagFromImage).
const TAG_MATCHER = /^(?:.*?)(?::([\w][\w.-]*))?(?:@sha256:[a-fA-F\d]{64})?$/s;

/** The tag of an image reference, "" when it has none. */
export function tagFromImage(image: string): string {
  return TAG_MATCHER.exec(image)?.[1] ?? "";
}

/** An image tag read as a version: "_" stands for "+" in tags (upstream convertImageTagMetadataToSemver). */
export function imageTagToSemver(tag: string): string {
  return tag.replaceAll("_", "+");
}

/** Go's fmt %v of a []string: "[a b c]". */
export function goStringSlice(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}

export interface KubeVersionGetterOptions {
  /** klog lines of the label resolution (warnings of the offline fallback). */
  log: ConfigLogger;
  /** The label fetcher (tests); default the internet. */
  fetcher?: VersionFetcher;
  /** kubeadm's own version (default the pinned KUBERNETES_VERSION). */
  kubeadmVersion?: string;
}

/** The getter that asks the cluster and the internet (upstream KubeVersionGetter). */
export function kubeVersionGetter(client: KubeClient, o: KubeVersionGetterOptions): VersionGetter {
  const kubeadm = o.kubeadmVersion ?? KUBERNETES_VERSION;
  return {
    async clusterVersion() {
      let gitVersion: string;
      // the dry-run client answers with the version upstream's fakes (no request is made)
      const faked = (client as { fakedServerVersion?: () => Promise<VersionInfo> }).fakedServerVersion;
      try {
        gitVersion = (faked ? await faked.call(client) : await client.serverVersion()).gitVersion;
      } catch (err) {
        throw wrap("Couldn't fetch cluster version from the API Server", err);
      }
      try {
        return { str: gitVersion, version: parseSemantic(gitVersion) };
      } catch (err) {
        throw wrap("Couldn't parse cluster version", err);
      }
    },
    async kubeadmVersion() {
      try {
        return { str: kubeadm, version: parseSemantic(kubeadm) };
      } catch (err) {
        throw wrap("Couldn't parse kubeadm version", err);
      }
    },
    async versionFromCILabel(label, description) {
      let str: string;
      try {
        str = await kubernetesReleaseVersion(label, {
          ...(o.fetcher ? { fetcher: o.fetcher } : {}),
          kubeadmVersion: kubeadm,
          warn: (m) => o.log.warn(m, m.startsWith("could not fetch") ? "version.go:108" : m.startsWith("falling back") ? "version.go:109" : m.startsWith("could not obtain neither") ? "version.go:116" : "version.go:120"),
          info: (m) => o.log.info(m, "version.go:260"),
        });
      } catch (err) {
        throw wrap(`Couldn't fetch latest ${description} from the internet`, err);
      }
      try {
        return { str, version: parseSemantic(str) };
      } catch (err) {
        throw wrap(`Couldn't parse latest ${description}`, err);
      }
    },
    async kubeletVersions() {
      let nodes;
      try {
        nodes = await client.list("nodes");
      } catch {
        throw new KubeadmError("couldn't list all nodes in cluster");
      }
      const out: VersionMap = new Map();
      for (const n of nodes.items) add(out, n.status?.nodeInfo?.kubeletVersion ?? "", n.metadata?.name ?? "");
      return out;
    },
    async componentVersions(component) {
      let pods;
      try {
        pods = await client.list("pods", { namespace: "kube-system", labelSelector: `component=${component},tier=${CONTROL_PLANE_TIER}` });
      } catch (err) {
        throw wrap("couldn't list pods in cluster", err);
      }
      const out: VersionMap = new Map();
      for (const p of pods.items) add(out, imageTagToSemver(tagFromImage(p.spec?.containers[0]?.image ?? "")), p.spec?.nodeName ?? "");
      return out;
    },
    async dnsAddonVersion() {
      return deployedDNSAddon(client);
    },
  };
}

function add(m: VersionMap, version: string, node: string): void {
  const l = m.get(version);
  if (l) l.push(node);
  else m.set(version, [node]);
}

/** The image tag of the kube-dns-labelled Deployment in kube-system, "" without one (upstream dns.DeployedDNSAddon). */
export async function deployedDNSAddon(client: KubeClient): Promise<string> {
  let list;
  try {
    list = await client.list("deployments", { namespace: "kube-system", labelSelector: "k8s-app=kube-dns" });
  } catch (err) {
    throw wrap("couldn't retrieve DNS addon deployments", err);
  }
  if (list.items.length === 0) return "";
  if (list.items.length === 1) return tagFromImage(list.items[0]!.spec?.template.spec?.containers[0]?.image ?? "");
  throw new KubeadmError(`multiple DNS addon deployments found: ${goStringSlice(list.items.map((d) => d.metadata?.name ?? ""))}`);
}

/**
 * Answers every release label with `version` when it is set (upstream OfflineVersionGetter): the
 * version named on the command line or in the configuration, so no internet is asked.
 */
export function offlineVersionGetter(inner: VersionGetter, version: string): VersionGetter {
  if (version === "") return inner;
  return {
    ...inner,
    async versionFromCILabel(_label, description) {
      try {
        return { str: version, version: parseSemantic(version) };
      } catch (err) {
        throw wrap(`Couldn't parse version ${description}`, err);
      }
    },
  };
}
