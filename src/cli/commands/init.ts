// The `kubeadm init` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { apiserverAdvertiseAddress, apiserverBindPort, apiserverCertExtraSans, certDir, certificateKey, cfgPath, controlPlaneEndpoint, criSocket, dryRun, featureGates, ignorePreflightErrors, imageRepository, kubernetesVersion, nodeName, patches, podNetworkCidr, serviceCidr, serviceDnsDomain, skipCertificateKeyPrint, skipTokenPrint, token, tokenTtl, uploadCerts } from "../options.js";
import { initWorkflow } from "../../workflow/tables/init.js";

export const initCommand: CommandSpec = {
  use: "init",
  short: "Run this command in order to set up the Kubernetes control plane",
  long: "Run this command in order to set up the Kubernetes control plane",
  flags: [apiserverAdvertiseAddress, apiserverBindPort, apiserverCertExtraSans, certDir, certificateKey, cfgPath, controlPlaneEndpoint, criSocket, dryRun, featureGates, ignorePreflightErrors, imageRepository, kubernetesVersion, nodeName, patches, podNetworkCidr, serviceCidr, serviceDnsDomain, skipCertificateKeyPrint, skipTokenPrint, token, tokenTtl, uploadCerts],
  args: { kind: "none" },
  run: { kind: "handler" },
  workflow: initWorkflow,
};
