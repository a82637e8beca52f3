// `kubeadm init`: sets up a control-plane node by running the init workflow's phases
// (src/phases/init/); first says which Kubernetes version it sets up.
import type { CommandSpec } from "../cli/command.js";
import { apiserverAdvertiseAddress, apiserverBindPort, apiserverCertExtraSans, certDir, certificateKey, cfgPath, controlPlaneEndpoint, criSocket, dryRun, featureGates, ignorePreflightErrors, imageRepository, kubernetesVersion, nodeName, patches, podNetworkCidr, serviceCidr, serviceDnsDomain, skipCertificateKeyPrint, skipTokenPrint, token, tokenTtl, uploadCerts } from "../cli/options.js";
import { workflowCommand } from "../workflow/bind.js";
import { initWorkflow } from "../phases/init/index.js";
import type { InitData } from "../phases/init/data.js";

export const initCommand: CommandSpec = workflowCommand(
  {
    use: "init",
    short: "Run this command in order to set up the Kubernetes control plane",
    long: "Run this command in order to set up the Kubernetes control plane",
    flags: [apiserverAdvertiseAddress, apiserverBindPort, apiserverCertExtraSans, certDir, certificateKey, cfgPath, controlPlaneEndpoint, criSocket, dryRun, featureGates, ignorePreflightErrors, imageRepository, kubernetesVersion, nodeName, patches, podNetworkCidr, serviceCidr, serviceDnsDomain, skipCertificateKeyPrint, skipTokenPrint, token, tokenTtl, uploadCerts],
    args: { kind: "none" },
  },
  initWorkflow,
  async (ctx) => {
    const data = (await ctx.workflow.initData()) as InitData;
    data.out.write(`[init] Using Kubernetes version: ${data.cfg.clusterConfiguration.kubernetesVersion}\n`);
    await ctx.workflow.run();
  },
);
