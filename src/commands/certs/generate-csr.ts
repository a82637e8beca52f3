// `kubeadm certs generate-csr`: keys and CSRs for every control-plane certificate, then partial
// kubeconfig files (client key, no certificates) with a CSR each, for external-CA mode.
import * as path from "node:path";
import { handler, type CommandSpec } from "../../cli/command.js";
import { commandLogger, flagString } from "../../cli/context.js";
import { certDirCsr, cfgPath, kubeconfigDir } from "../../cli/options.js";
import { MODE_DIR, MODE_KUBECONFIG } from "../../constants.js";
import { KubeadmError } from "../../util/errors.js";

export const generateCsrCommand: CommandSpec = {
  use: "generate-csr",
  short: "Generate keys and certificate signing requests",
  long: [
    "Generates keys and certificate signing requests (CSRs) for all the certificates required to run the control plane. This command also generates partial kubeconfig files with private key data in the  \"users > user > client-key-data\" field, and for each kubeconfig file an accompanying \".csr\" file is created.",
    "",
    "This command is designed for use in [Kubeadm External CA Mode](https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/#external-ca-mode). It generates CSRs which you can then submit to your external certificate authority for signing.",
    "",
    "The PEM encoded signed certificates should then be saved alongside the key files, using \".crt\" as the file extension, or in the case of kubeconfig files, the PEM encoded signed certificate should be base64 encoded and added to the kubeconfig file in the \"users > user > client-certificate-data\" field.",
  ].join("\n"),
  example: [
    "  # The following command will generate keys and CSRs for all control-plane certificates and kubeconfig files:",
    "  kubeadm certs generate-csr --kubeconfig-dir /tmp/etc-k8s --cert-dir /tmp/etc-k8s/pki",
  ].join("\n"),
  flags: [certDirCsr, cfgPath, kubeconfigDir],
  args: { kind: "none" },
  run: handler(async (ctx) => {
    const log = commandLogger(ctx);
    const { loadInitConfiguration } = await import("../../config/load.js");
    const cfg = await loadInitConfiguration({ configPath: flagString(ctx, "config"), log, skipCRIDetect: true });
    // a non-empty --cert-dir takes priority over the configuration
    const certDir = flagString(ctx, "cert-dir");
    const { certificatesDir } = await import("../../config/certificates-dir.js");
    cfg.clusterConfiguration.certificatesDir = certificatesDir({ flag: certDir !== "" ? certDir : undefined, configured: [cfg.clusterConfiguration.certificatesDir] }).dir;
    const kcDir = flagString(ctx, "kubeconfig-dir");
    const pki = await import("../../pki/index.js");
    const input = pki.pkiInputOf(cfg);
    const out = { print: (l: string) => void ctx.stdout.write(`${l}\n`), warn: (w: string) => log.warn(w, "certs.go:0") };
    await pki.createDefaultKeysAndCsrFiles(input, out);

    // CreateDefaultKubeConfigsAndCSRFiles: upstream walks a Go map (random order); ours is fixed
    const { KUBECONFIG_FILES, kubeconfigObject, kubeconfigSpecs } = await import("../../kubeconfig/index.js");
    const { toKubernetesYaml } = await import("../../config/yaml.js");
    const { ensureDir, writeFileAtomic } = await import("../../host/files.js");
    const specs = kubeconfigSpecs({ cluster: cfg.clusterConfiguration, localAPIEndpoint: cfg.localAPIEndpoint, nodeName: cfg.nodeRegistration.name, warn: out.warn });
    out.print(`generating keys and CSRs in ${kcDir}`);
    for (const name of KUBECONFIG_FILES) {
      const spec = specs[name]!;
      const file = path.join(kcDir, name);
      if (await pki.pkiStore.pathExists(file)) throw new KubeadmError(`file already exists: kube config: ${file}`);
      if (await pki.pkiStore.csrOrKeyExist(kcDir, name)) throw new KubeadmError(`file already exists: csr: ${file}`);
      const key = await pki.generatePrivateKey(input.encryptionAlgorithm);
      const csr = await pki.createCsr({ commonName: spec.userName, organization: spec.organizations, dnsNames: [], ips: [] }, key);
      const obj = kubeconfigObject({ clusterName: spec.clusterName, server: spec.server, caCertPem: "", userName: spec.userName, clientKeyPem: pki.encodePrivateKeyPem(key) });
      // no CA and no client certificate yet: both keys are left out, as clientcmd omits empty data
      for (const c of obj.clusters as Array<{ cluster: Record<string, unknown> }>) delete c.cluster["certificate-authority-data"];
      await ensureDir(kcDir, MODE_DIR);
      await writeFileAtomic(file, toKubernetesYaml(obj), MODE_KUBECONFIG);
      await pki.pkiStore.writeCsr(kcDir, name, csr);
      out.print(`  ${name}`);
    }
  }),
};
