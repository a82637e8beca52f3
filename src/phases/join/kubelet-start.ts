/**
 * join phase kubelet-start (upstream runKubeletStartJoinPhase, v1.37): writes
 * bootstrap-kubelet.conf (the TLS bootstrap kubeconfig discovery produced; a control-plane node
 * points it at its own API endpoint) and the CA certificate when it is missing, refuses to go on
 * when a Ready Node of this name exists, stops the kubelet, writes instance-config.yaml,
 * config.yaml (the cluster's kubelet-config, mutated and patched) and kubeadm-flags.env (a
 * worker registers its taints there), then starts the kubelet. The node twin decides what
 * stopping and starting mean; when dry-running it prints the files instead.
 * Waiting for the TLS bootstrap is the next phase, kubelet-wait-bootstrap.
 */
import * as path from "node:path";
import { KUBELET_BOOTSTRAP_KUBECONFIG, KUBELET_CONFIG_FILE, KUBELET_ENV_FILE, KUBELET_INSTANCE_CONFIG_FILE, MODE_CERT, MODE_KUBECONFIG, MODE_KUBELET_FILE } from "../../constants.js";
import { KubeadmError, wrapError } from "../../util/errors.js";
import { goQuote } from "../../util/go-quote.js";
import type { Phase } from "../../workflow/types.js";
import type { JoinData } from "./data.js";
import { bootstrapClient } from "./common.js";

export const kubeletStartPhase: Phase<JoinData> = {
  name: "kubelet-start [api-server-endpoint]",
  short: "Write kubelet settings, certificates and (re)start the kubelet",
  long: "Write a file with KubeletConfiguration and an environment file with node specific kubelet settings, and then (re)start kubelet.",
  inheritFlags: ["config", "cri-socket", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "node-name", "patches", "tls-bootstrap-token", "token"],
  run,
};

/** The node name kubeadm registers (upstream GetNodeNameAndHostname): hostname < nodeRegistration.name < the kubelet's hostname-override. */
export async function nodeName(data: JoinData): Promise<string> {
  const { lastArgValue } = await import("../../manifests/args.js");
  const { hostSystemFacts } = await import("../../host/system-facts.js");
  const { normalizeHostname } = await import("../../manifests/kubelet.js");
  const reg = data.cfg.nodeRegistration;
  return lastArgValue(reg.kubeletExtraArgs, "hostname-override") ?? (reg.name || normalizeHostname(hostSystemFacts.hostname()));
}

/** Whether systemd-resolved runs here (the kubelet then reads its resolv.conf): the kubelet configuration's Mutate step. */
export async function systemdResolvedActive(data: JoinData): Promise<boolean> {
  const host = await import("../../host/initsystem.js");
  return host.systemdResolvedActive(data.env.PATH ?? "", (msg, origin) => data.log.warn(msg, origin));
}

/** A Ready Node of that name fails the join (a second node with a control plane's name breaks the cluster). */
export function readyNodeError(node: { status?: { conditions?: Array<{ type?: string; status?: string }> } } | undefined, name: string): KubeadmError | undefined {
  for (const c of node?.status?.conditions ?? []) {
    if (c.type === "Ready" && c.status === "True") {
      return new KubeadmError(
        `a Node with name ${goQuote(name)} and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`,
      );
    }
  }
  return undefined;
}

async function run(data: JoinData): Promise<void> {
  const cfg = data.cfg;
  const initCfg = await data.initCfg();
  const kc = await data.tlsBootstrapCfg();
  const v1 = (msg: string, origin: string): void => {
    if (data.verbosity >= 1) data.log.info(msg, origin);
  };
  const { writeFileAtomic, ensureDir, fileExists } = await import("../../host/files.js");
  const { goErrnoText } = await import("../../util/go-errno.js");
  const bootstrapFile = path.join(data.kubeConfigDir, KUBELET_BOOTSTRAP_KUBECONFIG);
  const client = await bootstrapClient(data, "could not create client from bootstrap kubeconfig");
  try {
    // a control-plane node's kubelet talks to its own API server
    if (cfg.controlPlane) {
      const { localEndpointURL } = await import("../../kubeconfig/endpoint.js");
      let server: string;
      try {
        server = localEndpointURL(cfg.controlPlane.localAPIEndpoint);
      } catch (err) {
        throw wrapError(err, "could not get LocalAPIEndpoint");
      }
      for (const c of kc.clusters.values()) c.server = server;
    }

    v1(`[kubelet-start] writing bootstrap kubelet config file at ${bootstrapFile}`, "kubelet.go:145");
    const { kubeconfigText } = await import("../../kubeconfig/write.js");
    try {
      await ensureDir(path.dirname(bootstrapFile), 0o755);
      await writeFileAtomic(bootstrapFile, kubeconfigText(kc), MODE_KUBECONFIG);
    } catch (err) {
      throw new KubeadmError(`couldn't save bootstrap-kubelet.conf to disk: ${fileErrorText(err, bootstrapFile, goErrnoText)}`);
    }

    // the CA certificate for the kubelet, unless one is there already
    const clusterName = kc.contexts.get(kc.currentContext)?.cluster ?? "";
    const caPath = data.dryRun ? path.join(await data.certificateWriteDir(), "ca.crt") : cfg.caCertPath;
    if (!(await fileExists(caPath))) {
      v1(`[kubelet-start] writing CA certificate at ${caPath}`, "kubelet.go:160");
      try {
        await ensureDir(path.dirname(caPath), 0o755);
        await writeFileAtomic(caPath, kc.clusters.get(clusterName)?.certificateAuthorityData ?? Buffer.alloc(0), MODE_CERT);
      } catch (err) {
        throw new KubeadmError(`couldn't save the CA certificate to disk: ${fileErrorText(err, caPath, goErrnoText)}`);
      }
    }

    const name = await nodeName(data);
    v1(`[kubelet-start] Checking for an existing Node in the cluster with name ${goQuote(name)} and status "Ready"`, "kubelet.go:176");
    const { isNotFound } = await import("../../client/api-error.js");
    let node;
    try {
      node = await client.get("nodes", name);
    } catch (err) {
      if (!isNotFound(err)) throw wrapError(err, `cannot get Node ${goQuote(name)}`);
    }
    const ready = readyNodeError(node as never, name);
    if (ready) throw ready;
  } finally {
    if (!data.dryRun) client.close();
  }

  await data.node.stopKubelet();

  const m = await import("../../manifests/index.js");
  const dir = data.kubeletDir;
  const instFile = path.join(dir, KUBELET_INSTANCE_CONFIG_FILE);
  data.out.write(`[kubelet-start] Writing kubelet configuration to file ${JSON.stringify(instFile)}\n`);
  try {
    await ensureDir(dir, 0o700);
    await writeFileAtomic(instFile, m.kubeletInstanceConfigFile(cfg.nodeRegistration.criSocket), MODE_KUBELET_FILE);
  } catch (err) {
    throw new KubeadmError(`error writing instance kubelet configuration to disk: failed to write kubelet configuration file ${JSON.stringify(instFile)}: ${fileErrorText(err, instFile, goErrnoText)}`);
  }

  let patches;
  if (data.patchesDir) {
    const { patchManagerForPath } = await import("../../patches/index.js");
    patches = await patchManagerForPath(data.patchesDir, data.out);
  }
  let content: string;
  try {
    content = m.kubeletConfigFile({
      cluster: initCfg.clusterConfiguration,
      criSocket: cfg.nodeRegistration.criSocket,
      systemdResolvedActive: await systemdResolvedActive(data),
      ...(patches ? { patches } : {}),
      output: data.out,
      warn: (w) => data.log.warn(w, "kubelet.go:0"),
    });
  } catch (err) {
    throw wrapError(err, "could not apply patches to the KubeletConfiguration");
  }
  const cfgFile = path.join(dir, KUBELET_CONFIG_FILE);
  data.out.write(`[kubelet-start] Writing kubelet configuration to file ${JSON.stringify(cfgFile)}\n`);
  try {
    await writeFileAtomic(cfgFile, content, MODE_KUBELET_FILE);
  } catch (err) {
    throw new KubeadmError(`failed to write kubelet configuration file ${JSON.stringify(cfgFile)}: ${fileErrorText(err, cfgFile, goErrnoText)}`);
  }

  // a worker registers with its taints; mark-control-plane sets a control plane's
  const envFile = path.join(dir, KUBELET_ENV_FILE);
  {
    const { hostSystemFacts } = await import("../../host/system-facts.js");
    const host = m.normalizeHostname(hostSystemFacts.hostname());
    const name = await nodeName(data);
    if (name !== host) v1(`setting kubelet hostname-override to ${goQuote(name)}`, "flags.go:96");
  }
  data.out.write(`[kubelet-start] Writing kubelet environment file with flags to file ${JSON.stringify(envFile)}\n`);
  try {
    const { hostSystemFacts } = await import("../../host/system-facts.js");
    await writeFileAtomic(envFile, m.kubeletFlagsEnvFile(initCfg.nodeRegistration, hostSystemFacts.hostname(), cfg.controlPlane === undefined), MODE_KUBELET_FILE);
  } catch (err) {
    throw new KubeadmError(`failed to write kubelet configuration to the file ${JSON.stringify(envFile)}: ${fileErrorText(err, envFile, goErrnoText)}`);
  }

  try {
    await data.node.startKubelet(cfg.controlPlane !== undefined, data.manifestDir);
  } catch (err) {
    throw wrapError(err, "error printing files on dryrun");
  }
}

/** A failed write as Go's os package words it ("open <file>: <reason>"). */
function fileErrorText(err: unknown, file: string, goErrnoText: (e: unknown) => string): string {
  const e = err as NodeJS.ErrnoException;
  return e && e.code ? `open ${file}: ${goErrnoText(e)}` : (err as Error).message;
}
