/** `kubeadm token list` output: the text table and the output-API BootstrapToken object. */
import { OUTPUT_API_VERSION } from "../constants.js";
import type { BootstrapToken } from "../config/types.js";
import { formatBootstrapToken } from "../util/token.js";
import { formatTokenTime } from "./bootstrap-token-secret.js";

export const TOKEN_LIST_HEADER = "TOKEN\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS\n";

/** apimachinery's ShortHumanDuration. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / 3600000 / 24 / 365)}y`;
}

const padRight = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));

/** One row (tab-separated, as fed to the tab writer). */
export function tokenListRow(t: BootstrapToken, now: Date): string {
  const ttl = t.expires ? shortHumanDuration(t.expires.getTime() - now.getTime()) : "<forever>";
  const expires = t.expires ? formatTokenTime(t.expires) : "<never>";
  const usages = t.usages && t.usages.length > 0 ? t.usages.join(",") : "<none>";
  const description = t.description || "<none>";
  const groups = t.groups && t.groups.length > 0 ? t.groups.join(",") : "<none>";
  return `${formatBootstrapToken(t.token)}\t${padRight(ttl, 9)}\t${expires}\t${padRight(usages, 22)}\t${padRight(description, 56)}\t${groups}\n`;
}

/** text/tabwriter with minwidth 10, tabwidth 4, padding 3, padchar ' ', no flags: align tab-terminated cells. */
export function tabwrite(text: string): string {
  const lines = text.split("\n");
  const trailing = lines[lines.length - 1] === "";
  if (trailing) lines.pop();
  const rows = lines.map((l) => l.split("\t"));
  const widths: number[] = [];
  for (const cells of rows) {
    for (let i = 0; i < cells.length - 1; i++) {
      const w = [...cells[i]!].length + 3;
      widths[i] = Math.max(widths[i] ?? 10, w, 10);
    }
  }
  const out = rows.map((cells) =>
    cells.map((c, i) => (i < cells.length - 1 ? c + " ".repeat(widths[i]! - [...c].length) : c)).join(""),
  );
  return out.join("\n") + (trailing ? "\n" : "");
}

/** The text printer: header with the first row, every row aligned in its own tab writer. */
export function formatTokenListText(tokens: readonly BootstrapToken[], now: Date, withHeader = true): string {
  return tokens.map((t, i) => tabwrite((i === 0 && withHeader ? TOKEN_LIST_HEADER : "") + tokenListRow(t, now))).join("");
}

/** The output API object (kind BootstrapToken), fields in Go struct order. */
export function bootstrapTokenOutputObject(t: BootstrapToken): Record<string, unknown> {
  const o: Record<string, unknown> = { kind: "BootstrapToken", apiVersion: OUTPUT_API_VERSION, token: formatBootstrapToken(t.token) };
  if (t.description) o.description = t.description;
  if (t.expires) o.expires = formatTokenTime(t.expires);
  if (t.usages && t.usages.length > 0) o.usages = [...t.usages];
  if (t.groups && t.groups.length > 0) o.groups = [...t.groups];
  return o;
}
