/**
 * client-go's kubeconfig validation (tools/clientcmd/validation.go and DirectClientConfig's
 * ConfirmUsable), pure: `open` tells whether a referenced file can be opened (null) or why not,
 * in Go's words ("open c.pem: no such file or directory"). File references are used as written,
 * so a relative one is relative to the current directory (src/kubeconfig/read.ts).
 */
import { aggregateMessage } from "../util/aggregate.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import { parseKubeconfigProxyURL } from "../util/proxy-env.js";
import type { Kubeconfig, KubeconfigCluster, KubeconfigContext, KubeconfigUser } from "./read.js";

/** os.Open of a file a kubeconfig references: null when it opens, else Go's error text. */
export type OpenCheck = (file: string) => string | null;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** ErrEmptyConfig's text. */
export const EMPTY_CONFIG = "no configuration has been provided, try setting KUBERNETES_MASTER environment variable";
/** ErrEmptyCluster's text. */
const EMPTY_CLUSTER = "cluster has no server defined";

/** errConfigurationInvalid's text for a non-empty list: "invalid configuration: a" or "invalid configuration: [a, b]". */
export function invalidConfiguration(errs: readonly string[]): string {
  return `invalid configuration: ${aggregateMessage(errs)}`;
}

const has = (b: Buffer | undefined): boolean => b !== undefined && b.length > 0;

/** validateAuthInfo: the user's problems, in client-go's order. */
function validateAuthInfo(name: string, u: KubeconfigUser, open: OpenCheck): string[] {
  const errs: string[] = [];
  const methods: string[] = [];
  if (u.token) methods.push("token");
  if (u.username || u.password) methods.push("basicAuth");
  if (u.clientCertificate || has(u.clientCertificateData)) {
    if (u.clientCertificate && has(u.clientCertificateData)) errs.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    if (u.clientKey && has(u.clientKeyData)) errs.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    if (!u.clientKey && !has(u.clientKeyData)) errs.push(`client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`);
    if (u.clientCertificate) {
      const why = open(u.clientCertificate);
      if (why) errs.push(`unable to read client-cert ${u.clientCertificate} for ${name} due to ${why}`);
    }
    if (u.clientKey) {
      const why = open(u.clientKey);
      if (why) errs.push(`unable to read client-key ${u.clientKey} for ${name} due to ${why}`);
    }
  }
  if (u.exec) {
    if (u.hasAuthProvider) errs.push(`authProvider cannot be provided in combination with an exec plugin for ${name}`);
    if (u.exec.command === "") errs.push(`command must be specified for ${name} to use exec authentication plugin`);
    if (u.exec.apiVersion === "") errs.push(`apiVersion must be specified for ${name} to use exec authentication plugin`);
    for (const env of u.exec.envNames) if (env === "") errs.push(`env variable name must be specified for ${name} to use exec authentication plugin`);
    const mode = u.exec.interactiveMode;
    if (mode === "") errs.push(`interactiveMode must be specified for ${name} to use exec authentication plugin`);
    else if (mode !== "Never" && mode !== "IfAvailable" && mode !== "Always") errs.push(`invalid interactiveMode for ${name}: ${goQuote(mode)}`);
  }
  if (methods.length > 1) errs.push(`more than one authentication method found for ${name}; found [${methods.join(" ")}], only one is allowed`);
  if (u.impersonateOthers && !u.impersonate) errs.push(`requesting uid, groups or user-extra for ${name} without impersonating a user`);
  return errs;
}

/** Whether a cluster equals client-go's empty Cluster (a cluster loaded from a file never does: it has a LocationOfOrigin). */
function isEmptyCluster(c: KubeconfigCluster | undefined, fromFile: boolean): boolean {
  if (c === undefined) return true;
  if (fromFile) return false;
  return !c.server && !c.certificateAuthority && !has(c.certificateAuthorityData) && !c.insecureSkipTLSVerify && !c.tlsServerName && !c.proxyURL;
}

/** validateClusterInfo: the cluster's problems, in client-go's order. */
function validateClusterInfo(name: string, c: KubeconfigCluster | undefined, fromFile: boolean, open: OpenCheck): string[] {
  if (c === undefined || isEmptyCluster(c, fromFile)) return [EMPTY_CLUSTER];
  const errs: string[] = [];
  if (!c.server) errs.push(name === "" ? "default cluster has no server defined" : `no server found for cluster ${goQuote(name)}`);
  if (c.proxyURL) {
    try {
      parseKubeconfigProxyURL(c.proxyURL);
    } catch (err) {
      errs.push(`invalid 'proxy-url' ${goQuote(c.proxyURL)} for cluster ${goQuote(name)}: ${(err as Error).message}`);
    }
  }
  if (c.certificateAuthority && has(c.certificateAuthorityData)) {
    errs.push(`certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`);
  }
  if (c.certificateAuthority) {
    const why = open(c.certificateAuthority);
    if (why) errs.push(`unable to read certificate-authority ${c.certificateAuthority} for ${name} due to ${why}`);
  }
  return errs;
}

/** validateContext: the context's own problems (not those of the user or cluster it names). */
function validateContext(name: string, ctx: KubeconfigContext, kc: Kubeconfig): string[] {
  const errs: string[] = [];
  if (name === "") errs.push(`empty context name for ${goQuote(ctx.cluster)} is not allowed`);
  if (ctx.user === "") errs.push(`user was not specified for context ${goQuote(name)}`);
  else if (!kc.users.has(ctx.user)) errs.push(`user ${goQuote(ctx.user)} was not found for context ${goQuote(name)}`);
  if (ctx.cluster === "") errs.push(`cluster was not specified for context ${goQuote(name)}`);
  else if (!kc.clusters.has(ctx.cluster)) errs.push(`cluster ${goQuote(ctx.cluster)} was not found for context ${goQuote(name)}`);
  if (ctx.namespace && !(ctx.namespace.length <= 63 && DNS1123_LABEL.test(ctx.namespace))) {
    errs.push(`namespace ${goQuote(ctx.namespace)} for context ${goQuote(name)} does not conform to the kubernetes DNS_LABEL rules`);
  }
  return errs;
}

/**
 * client-go's clientcmd.Validate over a parsed kubeconfig: every problem of every context, user
 * and cluster at once, as "invalid configuration: <aggregate>". Upstream walks Go maps, so its
 * order varies from run to run; here it is contexts, users, clusters, each in file order.
 */
export function validateKubeconfig(kc: Kubeconfig, open: OpenCheck): void {
  if (kc.clusters.size === 0 && kc.users.size === 0 && kc.contexts.size === 0 && kc.currentContext === "") {
    throw new KubeadmError(invalidConfiguration([EMPTY_CONFIG]));
  }
  const fromFile = kc.path !== "";
  const errs: string[] = [];
  if (kc.currentContext !== "" && !kc.contexts.has(kc.currentContext)) errs.push(`context was not found for specified context: ${kc.currentContext}`);
  for (const [name, ctx] of kc.contexts) errs.push(...validateContext(name, ctx, kc));
  for (const [name, u] of kc.users) errs.push(...validateAuthInfo(name, u, open));
  for (const [name, c] of kc.clusters) errs.push(...validateClusterInfo(name, c, fromFile, open));
  if (errs.length > 0) throw new KubeadmError(invalidConfiguration(errs));
}

/**
 * DirectClientConfig.ConfirmUsable for the current context (or `contextName`), as
 * NewDefaultClientConfig(...).ClientConfig() runs it: a missing context, then the problems of
 * the user and of the cluster the context names (an absent one counts as empty). Returns the
 * messages, none when usable; a lone "cluster has no server defined" reads as the empty
 * configuration error.
 */
export function confirmUsable(kc: Kubeconfig, open: OpenCheck, contextName = ""): string[] {
  const errs: string[] = [];
  const name = contextName || kc.currentContext;
  if (name !== "" && !kc.contexts.has(name)) errs.push(`context was not found for specified context: ${name}`);
  const ctx = kc.contexts.get(name);
  const userName = ctx?.user ?? "";
  const clusterName = ctx?.cluster ?? "";
  errs.push(...validateAuthInfo(userName, kc.users.get(userName) ?? {}, open));
  errs.push(...validateClusterInfo(clusterName, kc.clusters.get(clusterName), kc.path !== "", open));
  if (errs.length === 1 && errs[0] === EMPTY_CLUSTER) return [EMPTY_CONFIG];
  return errs;
}
