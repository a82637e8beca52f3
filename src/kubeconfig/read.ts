import * as path from "node:path";
import { parse } from "yaml";
import { YamlParseError, assertYamlDepth, assertYamlReadable, yamlErrorLine } from "../config/yaml.js";
import { KubeadmError } from "../util/errors.js";
import { kubeconfigDecodeError } from "./decode.js";
import { KUBERNETES_DIR, ADMIN_KUBECONFIG } from "../constants.js";

/**
 * Reading kubeconfig files for API clients: the fields client-go honours for
 * x509, token and CA settings. Pure: callers pass the text (and its path, for messages and
 * as client-go's LocationOfOrigin). File references are kept as written: kubeadm loads with
 * clientcmd.LoadFromFile, which resolves nothing, so a relative path is relative to the current
 * directory wherever kubeadm uses it (only cluster-info's FlattenConfig resolves against the
 * kubeconfig's folder: resolveAgainstKubeconfigDir).
 */

export interface KubeconfigCluster {
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: Buffer;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
  proxyURL?: string;
}

export interface KubeconfigUser {
  clientCertificate?: string;
  clientCertificateData?: Buffer;
  clientKey?: string;
  clientKeyData?: Buffer;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  /** Present when the user has an exec/auth-provider plugin, which kubeadm-ts does not run. */
  hasPlugin?: boolean;
  /** The exec plugin's fields client-go validates (clientcmd validateAuthInfo). */
  exec?: KubeconfigExec;
  hasAuthProvider?: boolean;
  /** auth-provider's name ("" when it has none). */
  authProviderName?: string;
  /** Impersonation (as, as-uid, as-groups, as-user-extra). */
  impersonate?: string;
  impersonateOthers?: boolean;
}

export interface KubeconfigExec {
  command: string;
  apiVersion: string;
  /** The env entries' names ("" when missing). */
  envNames: string[];
  /** As defaulted by client-go's v1 decoding (IfAvailable for the v1beta1/v1alpha1 APIs). */
  interactiveMode: string;
}

export interface KubeconfigContext {
  cluster: string;
  user: string;
  namespace?: string;
}

export interface Kubeconfig {
  /** Where the file was read from (empty when parsed from memory). */
  path: string;
  currentContext: string;
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
}

/** The cluster and user a context selects: what a client needs to connect. */
export interface ResolvedKubeconfig {
  contextName: string;
  clusterName: string;
  userName: string;
  namespace?: string;
  cluster: KubeconfigCluster;
  user: KubeconfigUser;
}

/**
 * A kubeconfig that does not decode: `reason` is what is wrong (clientcmd.Load's error as
 * kubeadm-ts words it); the message names the file.
 */
export class KubeconfigParseError extends KubeadmError {
  constructor(
    readonly reason: string,
    file: string,
  ) {
    super(`failed to load kubeconfig${file ? ` ${JSON.stringify(file)}` : ""}: ${reason}`);
    this.name = "KubeconfigParseError";
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function b64(v: unknown, field: string, file: string): Buffer | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!/^[A-Za-z0-9+/=\s]*$/.test(s)) {
    throw new KubeconfigParseError(`field ${field} is not valid base64`, file);
  }
  return Buffer.from(s, "base64");
}

function named(list: unknown, key: string, file: string): Array<[string, Obj]> {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new KubeconfigParseError(`${key} must be a list`, file);
  const out: Array<[string, Obj]> = [];
  for (const item of list) {
    if (!isObj(item)) continue;
    const name = typeof item.name === "string" ? item.name : "";
    const inner = item[key.replace(/s$/, "")];
    out.push([name, isObj(inner) ? inner : {}]);
  }
  return out;
}

/**
 * A file reference resolved as client-go's FlattenConfig does (against the folder of the
 * kubeconfig it came from, made absolute from the current directory); absolute paths as they are.
 */
export function resolveAgainstKubeconfigDir(p: string, kubeconfigPath: string): string {
  if (p === "" || path.isAbsolute(p)) return p;
  return path.join(path.resolve(path.dirname(kubeconfigPath)), p);
}

function execOf(v: unknown): KubeconfigExec | undefined {
  if (!isObj(v)) return undefined;
  const apiVersion = typeof v.apiVersion === "string" ? v.apiVersion : "";
  let interactiveMode = typeof v.interactiveMode === "string" ? v.interactiveMode : "";
  if (interactiveMode === "" && (apiVersion === "client.authentication.k8s.io/v1beta1" || apiVersion === "client.authentication.k8s.io/v1alpha1")) {
    interactiveMode = "IfAvailable";
  }
  const env = Array.isArray(v.env) ? v.env : [];
  return {
    command: typeof v.command === "string" ? v.command : "",
    apiVersion,
    envNames: env.map((e) => (isObj(e) && typeof e.name === "string" ? e.name : "")),
    interactiveMode,
  };
}

export function parseKubeconfig(text: string, file = ""): Kubeconfig {
  let doc: unknown;
  try {
    // hostile input: nesting bounded before the parser runs, one-line errors without the text
    assertYamlReadable(text);
    assertYamlDepth(text);
    // YAML 1.1, as go-yaml v2 under sigs.k8s.io/yaml reads it (yes/no are booleans)
    doc = parse(text, { version: "1.1", merge: true, prettyErrors: false, logLevel: "error" });
  } catch (err) {
    throw new KubeconfigParseError(err instanceof YamlParseError ? err.message : yamlErrorLine(err, text), file);
  }
  if (doc === null || doc === undefined) doc = {};
  const undecodable = kubeconfigDecodeError(doc);
  if (undecodable) throw new KubeconfigParseError(undecodable, file);
  if (!isObj(doc)) throw new KubeconfigParseError("not a YAML mapping", file);

  const clusters = new Map<string, KubeconfigCluster>();
  for (const [name, c] of named(doc.clusters, "clusters", file)) {
    clusters.set(name, {
      server: str(c.server),
      certificateAuthority: str(c["certificate-authority"]),
      certificateAuthorityData: b64(c["certificate-authority-data"], "certificate-authority-data", file),
      insecureSkipTLSVerify: c["insecure-skip-tls-verify"] === true,
      tlsServerName: str(c["tls-server-name"]),
      proxyURL: str(c["proxy-url"]),
    });
  }
  const users = new Map<string, KubeconfigUser>();
  for (const [name, u] of named(doc.users, "users", file)) {
    users.set(name, {
      clientCertificate: str(u["client-certificate"]),
      clientCertificateData: b64(u["client-certificate-data"], "client-certificate-data", file),
      clientKey: str(u["client-key"]),
      clientKeyData: b64(u["client-key-data"], "client-key-data", file),
      token: str(u.token),
      tokenFile: str(u.tokenFile),
      username: str(u.username),
      password: str(u.password),
      hasPlugin: isObj(u.exec) || isObj(u["auth-provider"]) || undefined,
      exec: execOf(u.exec),
      hasAuthProvider: isObj(u["auth-provider"]) || undefined,
      authProviderName: isObj(u["auth-provider"]) ? (str(u["auth-provider"].name) ?? "") : undefined,
      impersonate: str(u.as),
      impersonateOthers: Boolean(str(u["as-uid"]) || (Array.isArray(u["as-groups"]) && u["as-groups"].length > 0) || (isObj(u["as-user-extra"]) && Object.keys(u["as-user-extra"]).length > 0)) || undefined,
    });
  }
  const contexts = new Map<string, KubeconfigContext>();
  for (const [name, c] of named(doc.contexts, "contexts", file)) {
    contexts.set(name, { cluster: str(c.cluster) ?? "", user: str(c.user) ?? "", namespace: str(c.namespace) });
  }
  return { path: file, currentContext: str(doc["current-context"]) ?? "", clusters, users, contexts };
}

/** The cluster a kubeconfig selects, as upstream's GetClusterFromKubeConfig: the one named "", else the current context's. */
export function clusterFromKubeconfig(kc: Kubeconfig): { name: string; cluster: KubeconfigCluster } {
  const unnamed = kc.clusters.get("");
  if (unnamed) return { name: "", cluster: unnamed };
  const ctx = kc.contexts.get(kc.currentContext);
  if (!ctx) throw new KubeadmError(`the current context is invalid: ${kc.currentContext}`);
  const cluster = kc.clusters.get(ctx.cluster);
  if (!cluster) throw new KubeadmError(`no matching cluster for the current context: ${kc.currentContext}`);
  return { name: ctx.cluster, cluster };
}

/**
 * Picks the context (the current one unless named), its cluster and its user.
 * Errors follow client-go's wording for an unusable configuration.
 */
export function resolveKubeconfig(kc: Kubeconfig, contextName?: string): ResolvedKubeconfig {
  const name = contextName || kc.currentContext;
  const where = kc.path ? ` (kubeconfig ${JSON.stringify(kc.path)})` : "";
  if (!name) {
    if (kc.clusters.size === 0 && kc.contexts.size === 0) {
      throw new KubeadmError(`invalid configuration: no configuration has been provided${where}`);
    }
    throw new KubeadmError(`invalid configuration: no current context is set${where}`);
  }
  const ctx = kc.contexts.get(name);
  if (!ctx) throw new KubeadmError(`invalid configuration: context was not found for specified context: ${name}${where}`);
  const cluster = kc.clusters.get(ctx.cluster);
  if (!cluster) throw new KubeadmError(`invalid configuration: cluster ${JSON.stringify(ctx.cluster)} of context ${JSON.stringify(name)} was not found${where}`);
  if (!cluster.server) throw new KubeadmError(`invalid configuration: cluster has no server defined${where}`);
  const user = kc.users.get(ctx.user) ?? {};
  return { contextName: name, clusterName: ctx.cluster, userName: ctx.user, namespace: ctx.namespace, cluster, user };
}

/**
 * The kubeconfig a command uses when --kubeconfig is empty (cli.md §2.7; upstream's
 * GetKubeConfigPath over client-go's default loading rules): the explicit value if given;
 * else the first existing file among the $KUBECONFIG entries (or $HOME/.kube/config when
 * $KUBECONFIG is unset or empty — the home file is NOT a candidate when $KUBECONFIG is set)
 * followed by /etc/kubernetes/admin.conf; if none exists, the first candidate.
 */
export function defaultKubeconfigPath(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  exists: (file: string) => boolean,
): string {
  if (explicit) return explicit;
  const candidates: string[] = [];
  const fromEnv = env.KUBECONFIG ?? "";
  if (fromEnv.length > 0) {
    for (const p of fromEnv.split(path.delimiter)) if (!candidates.includes(p)) candidates.push(p);
  } else {
    candidates.push(path.join(env.HOME ?? "", ".kube", "config"));
  }
  candidates.push(path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG));
  for (const c of candidates) if (c !== "" && exists(c)) return c;
  return candidates[0] ?? "";
}
