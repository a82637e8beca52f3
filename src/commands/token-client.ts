// Shared by `kubeadm token create|list|delete`: the kubeconfig to use and the (dry-run) client.
import { existsSync } from "node:fs";
import type { CommandContext } from "../cli/context.js";
import { clientFromKubeconfigFile, DryRunClient, installTokenDeleteReactors, type KubeClient } from "../client/index.js";
import { defaultKubeconfigPath } from "../kubeconfig/read.js";

export function flagString(ctx: CommandContext, name: string): string {
  const v = ctx.flags[name];
  return typeof v === "string" ? v : "";
}

export function flagStrings(ctx: CommandContext, name: string): string[] {
  const v = ctx.flags[name];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string" && v !== "") return v.split(",");
  return [];
}

/** --kubeconfig, or the first existing default location (cmdutil.GetKubeConfigPath). */
export function tokenKubeconfigPath(ctx: CommandContext): string {
  return defaultKubeconfigPath(flagString(ctx, "kubeconfig"), ctx.env, existsSync);
}

/**
 * The client for a token command: real, or with --dry-run the printing twin (backed by the real
 * cluster for reads when the kubeconfig is usable).
 */
export async function tokenClient(ctx: CommandContext, kubeconfigPath: string, forDelete = false): Promise<KubeClient> {
  if (ctx.flags["dry-run"] !== true) return clientFromKubeconfigFile(kubeconfigPath);
  let backing: KubeClient | undefined;
  try {
    backing = await clientFromKubeconfigFile(kubeconfigPath);
  } catch {
    backing = undefined;
  }
  const c = new DryRunClient({ writer: ctx.stdout, backing });
  return forDelete ? installTokenDeleteReactors(c) : c;
}
