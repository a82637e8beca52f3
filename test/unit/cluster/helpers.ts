// Shared by the cluster tests: load a golden input config and run our init API phases on the dry-run client.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DryRunClient, installInitReactors } from "../../../src/client/index.js";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { componentConfigForPrint, userSuppliedComponentConfigs } from "../../../src/config/componentconfigs.js";
import { marshalClusterConfiguration } from "../../../src/config/encode.js";
import { toKubernetesYaml } from "../../../src/config/yaml.js";
import type { InitConfiguration } from "../../../src/config/types.js";
import { fillVersions } from "../../golden/versions.mjs";
import {
  bufferWriter,
  controlPlaneEndpointURL,
  coredns,
  kubeProxy,
  markControlPlane,
  runBootstrapTokenPhase,
  SKIP_UPLOAD_CERTS_LINE,
  uploadKubeadmConfig,
  uploadKubeletConfig,
} from "../../../src/cluster/index.js";

const here = dirname(fileURLToPath(import.meta.url));
export const GOLDEN_DIR = join(here, "../../golden/cluster");

export const readGolden = (name: string): string => readFileSync(join(GOLDEN_DIR, name), "utf8");

export async function loadGoldenConfig(name: string): Promise<InitConfiguration> {
  return loadInitConfiguration({ configText: fillVersions(readGolden(join("inputs", name))), skipCRIDetect: true });
}

/** The phases from upload-config to addon kube-proxy, as init runs them, on the dry-run client. */
export async function runInitApiPhases(cfg: InitConfiguration): Promise<string> {
  const out = bufferWriter();
  const client = installInitReactors(new DryRunClient({ writer: out }));
  const cc = cfg.clusterConfiguration;
  await uploadKubeadmConfig(client, marshalClusterConfiguration(cc), out);
  const kubelet = cc.componentConfigs.kubelet!;
  await uploadKubeletConfig(client, toKubernetesYaml(componentConfigForPrint(kubelet)), userSuppliedComponentConfigs.has(kubelet), out);
  out.write(SKIP_UPLOAD_CERTS_LINE);
  await markControlPlane(client, cfg.nodeRegistration.name, cfg.nodeRegistration.taints, out, { timeoutMs: 2000 });
  await runBootstrapTokenPhase(
    client,
    {
      tokens: cfg.bootstrapTokens,
      skipTokenPrint: false,
      cluster: { server: controlPlaneEndpointURL(cc.controlPlaneEndpoint, cfg.localAPIEndpoint), certificateAuthorityData: Buffer.from("fake CA\n") },
    },
    out,
  );
  await coredns.ensureCoreDNS(client, cc, out);
  await kubeProxy.ensureKubeProxy(client, kubeProxy.kubeProxyInput(cc, cfg.localAPIEndpoint), out);
  return out.text();
}
