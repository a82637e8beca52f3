/**
 * Help and usage screens, laid out exactly as cobra's default help/usage
 * functions and pflag's FlagUsages lay them out.
 */
import { defaultIsZero, defValueOf, flagTypeName, type FlagDef } from "./flag.js";
import type { Command } from "./command.js";
import { goQuote } from "../util/go-quote.js";

const trimRight = (s: string): string => s.replace(/\s+$/u, "");
const rpad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));

/** pflag UnquoteUsage: a `back-quoted` word in the usage names the value. */
function unquoteUsage(def: FlagDef): { varname: string; usage: string } {
  const usage = def.usage;
  const start = usage.indexOf("`");
  if (start >= 0) {
    const end = usage.indexOf("`", start + 1);
    if (end >= 0) {
      return { varname: usage.slice(start + 1, end), usage: usage.slice(0, start) + usage.slice(start + 1, end) + usage.slice(end + 1) };
    }
  }
  return { varname: flagTypeName(def), usage };
}

/** pflag FlagUsages: one aligned line per visible flag, sorted by name. */
export function flagUsages(defs: FlagDef[]): string {
  const sorted = [...defs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines: string[] = [];
  let maxlen = 0;
  for (const def of sorted) {
    if (def.hidden || def.deprecated) continue;
    let line = def.shorthand ? `  -${def.shorthand}, --${def.name}` : `      --${def.name}`;
    const { varname, usage } = unquoteUsage(def);
    if (varname) line += " " + varname;
    line += "\x00";
    if (line.length > maxlen) maxlen = line.length;
    line += usage;
    if (!defaultIsZero(def)) {
      line += def.kind === "string" ? ` (default ${goQuote(defValueOf(def))})` : ` (default ${defValueOf(def)})`;
    }
    lines.push(line);
  }
  let out = "";
  for (const line of lines) {
    const sidx = line.indexOf("\x00");
    const spacing = " ".repeat(maxlen - sidx);
    const rest = line.slice(sidx + 1).replaceAll("\n", "\n" + " ".repeat(maxlen + 2));
    out += `${line.slice(0, sidx)} ${spacing} ${rest}\n`;
  }
  return out;
}

/**
 * cobra's usage text. Printed alone for `kubeadm help <unknown>`, where the root
 * has not been executed and so has no help flag yet (withHelpFlag false).
 */
export function usageString(cmd: Command, withHelpFlag = true): string {
  let w = "Usage:";
  if (cmd.runnable()) w += `\n  ${cmd.useLine()}`;
  if (cmd.hasAvailableSubCommands()) w += `\n  ${cmd.path()} [command]`;
  if (cmd.aliases.length > 0) w += `\n\nAliases:\n  ${cmd.nameAndAliases()}`;
  if (cmd.example) w += `\n\nExamples:\n${cmd.example}`;
  if (cmd.hasAvailableSubCommands()) {
    w += "\n\nAvailable Commands:";
    for (const sub of cmd.commands()) {
      if (sub.isAvailable() || sub.name === "help") w += `\n  ${rpad(sub.name, sub.namePadding())} ${sub.short}`;
    }
  }
  const local = cmd.localFlagDefs(withHelpFlag).filter((d) => !d.hidden && !d.deprecated);
  if (local.length > 0) w += "\n\nFlags:\n" + trimRight(flagUsages(local));
  const inherited = cmd.inheritedFlagDefs().filter((d) => !d.hidden && !d.deprecated);
  if (inherited.length > 0) w += "\n\nGlobal Flags:\n" + trimRight(flagUsages(inherited));
  if (cmd.hasHelpSubCommands()) {
    w += "\n\nAdditional help topics:";
    for (const sub of cmd.commands()) {
      if (sub.isAdditionalHelpTopic()) w += `\n  ${rpad(sub.path(), sub.commandPathPadding())} ${sub.short}`;
    }
  }
  if (cmd.hasAvailableSubCommands()) w += `\n\nUse "${cmd.path()} [command] --help" for more information about a command.`;
  return w + "\n";
}

/** cobra's help screen: Long (or Short), a blank line, then the usage text. */
export function helpString(cmd: Command): string {
  let out = "";
  const text = trimRight(cmd.long || cmd.short);
  if (text !== "") out += text + "\n\n";
  if (cmd.runnable() || cmd.children.length > 0) out += usageString(cmd);
  return out;
}
