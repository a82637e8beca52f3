/** `kubeadm token list` output: the text table and the output-API BootstrapToken object. */
import { OUTPUT_API_VERSION } from "../constants.js";
import type { BootstrapToken } from "../config/types.js";
import { shortHumanDuration } from "../util/duration.js";
import { tabwrite } from "../util/tabwriter.js";
import { formatBootstrapToken } from "../util/token.js";
import { formatTokenTime } from "./bootstrap-token-secret.js";

export const TOKEN_LIST_HEADER = "TOKEN\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS\n";

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

/** The text printer: header with the first row, every row aligned in its own tab writer (minwidth 10, padding 3). */
export function formatTokenListText(tokens: readonly BootstrapToken[], now: Date, withHeader = true): string {
  return tokens.map((t, i) => tabwrite((i === 0 && withHeader ? TOKEN_LIST_HEADER : "") + tokenListRow(t, now), 10, 3)).join("");
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
