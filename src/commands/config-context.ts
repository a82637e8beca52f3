/** Shared helpers for the `kubeadm config` command handlers. */
import type { CommandContext } from "../cli/context.js";
import type { ConfigLogger } from "../config/log.js";
import { streamLogger } from "../config/log.js";

export function flagString(ctx: CommandContext, name: string): string {
  const v = ctx.flags[name];
  return typeof v === "string" ? v : "";
}

export function flagBool(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true;
}

export function flagStrings(ctx: CommandContext, name: string): string[] {
  const v = ctx.flags[name];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string" && v !== "") return v.split(",");
  return [];
}

/** klog-style warnings on the command's stderr. */
export function commandLogger(ctx: CommandContext): ConfigLogger {
  return streamLogger(ctx.stderr);
}
