// The kubeconfig and the (dry-run) client of `kubeadm token create|list|delete`.
import { existsSync } from "node:fs";
import { defaultKubeconfigPath } from "../kubeconfig/read.js";
import { DryRunClient, type DryRunWriter } from "./dry-run-client.js";
import { installTokenDeleteReactors } from "./dry-run-reactors.js";
import { clientFromKubeconfigFile, dryRunBackingClientFromFile } from "./from-kubeconfig.js";
import type { KubeClient } from "./types.js";

/** --kubeconfig when given, else the first existing default location (cmdutil.GetKubeConfigPath). */
export function tokenKubeconfigPath(explicit: string, env: Readonly<Record<string, string | undefined>>): string {
  return defaultKubeconfigPath(explicit, env, existsSync);
}

export interface TokenClientOptions {
  /** --dry-run: the printing twin, backed by the real cluster for reads when the kubeconfig is usable. */
  dryRun: boolean;
  /** Where the dry-run twin prints the actions it fakes. */
  writer: DryRunWriter;
  /** `token delete`: the twin answers deletions of bootstrap-token Secrets. */
  forDelete?: boolean;
}

/**
 * The client for a token command: real, or with --dry-run the printing twin over a real client
 * (upstream's getClientForTokenCommands: the dry run too needs a usable kubeconfig).
 */
export async function tokenClient(kubeconfigPath: string, o: TokenClientOptions): Promise<KubeClient> {
  if (!o.dryRun) return clientFromKubeconfigFile(kubeconfigPath);
  const backing = await dryRunBackingClientFromFile(kubeconfigPath);
  const c = new DryRunClient({ writer: o.writer, backing });
  return o.forDelete ? installTokenDeleteReactors(c) : c;
}
