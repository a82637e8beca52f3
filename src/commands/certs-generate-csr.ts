// `kubeadm certs generate-csr`: keys and CSRs for every control-plane certificate, then partial
// kubeconfig files (client key, no certificates) with a CSR each, for external-CA mode.
import * as path from "node:path";
import type { CommandContext } from "../cli/context.js";
import { loadInitConfiguration } from "../config/load.js";
import { KUBECONFIG_FILES, kubeconfigObject, kubeconfigSpecs } from "../kubeconfig/index.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { MODE_DIR, MODE_KUBECONFIG } from "../constants.js";
import { ensureDir, writeFileAtomic } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import { pkiInputOf } from "../pki/input.js";
import { commandLogger, flagString } from "./config-context.js";

export async function run(ctx: CommandContext): Promise<void> {
  const log = commandLogger(ctx);
  const cfg = await loadInitConfiguration({ configPath: flagString(ctx, "config"), log, skipCRIDetect: true });
  const certDir = flagString(ctx, "cert-dir");
  // --cert-dir takes priority over the configuration when set
  if (certDir !== "") cfg.clusterConfiguration.certificatesDir = certDir;
  const kubeconfigDir = flagString(ctx, "kubeconfig-dir");
  const pki = await import("../pki/index.js");
  const input = pkiInputOf(cfg);
  const out = { print: (l: string) => void ctx.stdout.write(`${l}\n`), warn: (w: string) => log.warn(w, "certs.go:0") };
  await pki.createDefaultKeysAndCsrFiles(input, out);

  // CreateDefaultKubeConfigsAndCSRFiles: upstream walks a Go map (random order); ours is fixed
  const specs = kubeconfigSpecs({ cluster: cfg.clusterConfiguration, localAPIEndpoint: cfg.localAPIEndpoint, nodeName: cfg.nodeRegistration.name, warn: out.warn });
  out.print(`generating keys and CSRs in ${kubeconfigDir}`);
  for (const name of KUBECONFIG_FILES) {
    const spec = specs[name]!;
    const file = path.join(kubeconfigDir, name);
    if (await pki.pkiStore.pathExists(file)) throw new KubeadmError(`file already exists: kube config: ${file}`);
    if (await pki.pkiStore.csrOrKeyExist(kubeconfigDir, name)) throw new KubeadmError(`file already exists: csr: ${file}`);
    const key = await pki.generatePrivateKey(input.encryptionAlgorithm);
    const csr = await pki.createCsr({ commonName: spec.userName, organization: spec.organizations, dnsNames: [], ips: [] }, key);
    const obj = kubeconfigObject({ clusterName: spec.clusterName, server: spec.server, caCertPem: "", userName: spec.userName, clientKeyPem: pki.encodePrivateKeyPem(key) });
    // no CA and no client certificate yet: both keys are left out, as clientcmd omits empty data
    for (const c of obj.clusters as Array<{ cluster: Record<string, unknown> }>) delete c.cluster["certificate-authority-data"];
    await ensureDir(kubeconfigDir, MODE_DIR);
    await writeFileAtomic(file, toKubernetesYaml(obj), MODE_KUBECONFIG);
    await pki.pkiStore.writeCsr(kubeconfigDir, name, csr);
    out.print(`  ${name}`);
  }
}
