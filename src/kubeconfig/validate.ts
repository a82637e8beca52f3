/**
 * client-go's clientcmd.Validate over a parsed kubeconfig: every problem of every context, user
 * and cluster at once, as "invalid configuration: <aggregate>". Upstream walks Go maps, so its
 * order varies from run to run; here it is contexts, users, clusters, each in file order.
 * `canOpen` tells whether a referenced file can be opened (null) or why not.
 */
import { aggregateMessage } from "../util/aggregate.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import { parseKubeconfigProxyURL } from "../util/proxy-env.js";
import type { Kubeconfig } from "./read.js";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateKubeconfig(kc: Kubeconfig, canOpen: (file: string) => string | null): void {
  if (kc.clusters.size === 0 && kc.users.size === 0 && kc.contexts.size === 0 && kc.currentContext === "") {
    throw new KubeadmError("invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
  }
  const errs: string[] = [];
  if (kc.currentContext !== "" && !kc.contexts.has(kc.currentContext)) errs.push(`context was not found for specified context: ${kc.currentContext}`);
  for (const [name, ctx] of kc.contexts) {
    if (name === "") errs.push(`empty context name for ${goQuote(ctx.cluster)} is not allowed`);
    if (ctx.user === "") errs.push(`user was not specified for context ${goQuote(name)}`);
    else if (!kc.users.has(ctx.user)) errs.push(`user ${goQuote(ctx.user)} was not found for context ${goQuote(name)}`);
    if (ctx.cluster === "") errs.push(`cluster was not specified for context ${goQuote(name)}`);
    else if (!kc.clusters.has(ctx.cluster)) errs.push(`cluster ${goQuote(ctx.cluster)} was not found for context ${goQuote(name)}`);
    if (ctx.namespace && !(ctx.namespace.length <= 63 && DNS1123_LABEL.test(ctx.namespace))) {
      errs.push(`namespace ${goQuote(ctx.namespace)} for context ${goQuote(name)} does not conform to the kubernetes DNS_LABEL rules`);
    }
  }
  for (const [name, u] of kc.users) {
    const methods: string[] = [];
    if (u.token) methods.push("token");
    if (u.username || u.password) methods.push("basicAuth");
    if (u.clientCertificate || u.clientCertificateData) {
      if (u.clientCertificate && u.clientCertificateData) errs.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
      if (u.clientKey && u.clientKeyData) errs.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
      if (!u.clientKey && !u.clientKeyData) errs.push(`client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`);
      if (u.clientCertificate) {
        const why = canOpen(u.clientCertificate);
        if (why) errs.push(`unable to read client-cert ${u.clientCertificate} for ${name} due to ${why}`);
      }
      if (u.clientKey) {
        const why = canOpen(u.clientKey);
        if (why) errs.push(`unable to read client-key ${u.clientKey} for ${name} due to ${why}`);
      }
    }
    if (methods.length > 1) errs.push(`more than one authentication method found for ${name}; found [${methods.join(" ")}], only one is allowed`);
  }
  for (const [name, c] of kc.clusters) {
    if (!c.server && !c.certificateAuthority && !c.certificateAuthorityData?.length && !c.insecureSkipTLSVerify && !c.tlsServerName && !c.proxyURL) {
      errs.push("cluster has no server defined");
      continue;
    }
    if (!c.server) errs.push(name === "" ? "default cluster has no server defined" : `no server found for cluster ${goQuote(name)}`);
    if (c.proxyURL) {
      try {
        parseKubeconfigProxyURL(c.proxyURL);
      } catch (err) {
        errs.push(`invalid 'proxy-url' ${goQuote(c.proxyURL)} for cluster ${goQuote(name)}: ${(err as Error).message}`);
      }
    }
    if (c.certificateAuthority && c.certificateAuthorityData?.length) {
      errs.push(`certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`);
    }
    if (c.certificateAuthority) {
      const why = canOpen(c.certificateAuthority);
      if (why) errs.push(`unable to read certificate-authority ${c.certificateAuthority} for ${name} due to ${why}`);
    }
  }
  if (errs.length > 0) throw new KubeadmError(`invalid configuration: ${aggregateMessage(errs)}`);
}
