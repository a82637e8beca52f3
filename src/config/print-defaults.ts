/**
 * The documents `kubeadm config print <action>-defaults` writes.
 */
import {
  CURRENT_KUBERNETES_VERSION,
  DEFAULT_CRI_SOCKET,
  KUBE_APISERVER_PORT,
  PLACEHOLDER_TOKEN,
} from "../constants.js";
import { type SystemFacts, hostSystemFacts } from "../host/system-facts.js";
import { KubeadmError } from "../util/errors.js";
import { componentConfigForPrint, defaultComponentConfigs } from "./componentconfigs.js";
import {
  convertClusterConfiguration,
  convertInitConfiguration,
  convertJoinConfiguration,
  convertResetConfiguration,
  convertUpgradeConfiguration,
} from "./convert.js";
import { setJoinDynamicDefaults, setResetDynamicDefaults } from "./load.js";
import { marshalInitConfiguration, marshalJoinConfiguration, marshalResetConfiguration, marshalUpgradeConfiguration } from "./encode.js";
import { memoryLogger } from "../util/log.js";
import type { InitConfiguration } from "./types.js";
import { throwIfErrors, validateJoinConfiguration, validateResetConfiguration, validateUpgradeConfiguration } from "./validation.js";
import { joinYamlDocuments, toKubernetesYaml } from "./yaml.js";

/** Component-config kinds `--component-configs` accepts, sorted. */
export const SUPPORTED_COMPONENT_CONFIG_KINDS = ["KubeProxyConfiguration", "KubeletConfiguration"] as const;

/** DefaultedStaticInitConfiguration: placeholder values, no host lookups, no network. */
export function defaultedStaticInitConfiguration(): InitConfiguration {
  const [id, secret] = PLACEHOLDER_TOKEN.split(".") as [string, string];
  const cluster = convertClusterConfiguration({ kubernetesVersion: CURRENT_KUBERNETES_VERSION.slice(1) }, "v1beta4", {});
  const init = convertInitConfiguration(
    {
      localAPIEndpoint: { advertiseAddress: "1.2.3.4" },
      bootstrapTokens: [{ token: { id, secret } }],
      nodeRegistration: { criSocket: DEFAULT_CRI_SOCKET, name: "node" },
    },
    "v1beta4",
    cluster,
  );
  defaultComponentConfigs(init.clusterConfiguration, init.localAPIEndpoint);
  return init;
}

function componentDocs(kinds: string[], init: InitConfiguration): string[] {
  return kinds.map((k) => {
    if (k === "KubeletConfiguration") return toKubernetesYaml(componentConfigForPrint(init.clusterConfiguration.componentConfigs.kubelet!));
    if (k === "KubeProxyConfiguration") return toKubernetesYaml(componentConfigForPrint(init.clusterConfiguration.componentConfigs.kubeProxy!));
    throw new KubeadmError(`--component-configs needs to contain some of [${SUPPORTED_COMPONENT_CONFIG_KINDS.join(" ")}]`);
  });
}

/** `config print init-defaults [--component-configs ...]`. */
export function printInitDefaults(componentConfigs: string[] = []): string {
  for (const k of componentConfigs) {
    if (!(SUPPORTED_COMPONENT_CONFIG_KINDS as readonly string[]).includes(k)) {
      throw new KubeadmError(`--component-configs needs to contain some of [${SUPPORTED_COMPONENT_CONFIG_KINDS.join(" ")}]`);
    }
  }
  const init = defaultedStaticInitConfiguration();
  return joinYamlDocuments([marshalInitConfiguration(init), ...componentDocs(componentConfigs, init)]);
}

/** `config print join-defaults` (node name from the host). */
export async function printJoinDefaults(facts: SystemFacts = hostSystemFacts): Promise<string> {
  const join = convertJoinConfiguration(
    {
      discovery: {
        bootstrapToken: {
          token: PLACEHOLDER_TOKEN,
          apiServerEndpoint: `kube-apiserver:${KUBE_APISERVER_PORT}`,
          unsafeSkipCAVerification: true,
        },
      },
    },
    "v1beta4",
  );
  await setJoinDynamicDefaults(join, { facts, log: memoryLogger(), skipCRIDetect: true });
  throwIfErrors(validateJoinConfiguration(join, () => true));
  return marshalJoinConfiguration(join);
}

export async function printResetDefaults(facts: SystemFacts = hostSystemFacts): Promise<string> {
  const reset = convertResetConfiguration({});
  await setResetDynamicDefaults(reset, { facts, log: memoryLogger(), skipCRIDetect: true });
  throwIfErrors(validateResetConfiguration(reset));
  return marshalResetConfiguration(reset);
}

export function printUpgradeDefaults(): string {
  const up = convertUpgradeConfiguration({});
  throwIfErrors(validateUpgradeConfiguration(up));
  return marshalUpgradeConfiguration(up);
}
