// Printing `certs check-expiration`: the text tables and the output API object
// (CertificateExpirationInfo, output.kubeadm.k8s.io/v1alpha3).
import { OUTPUT_API_VERSION } from "../constants.js";
import { shortHumanDuration } from "../util/duration.js";
import { tabwrite } from "../util/tabwriter.js";
import type { ExpirationEntry, ExpirationReport } from "./renewal.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go layout "Jan 02, 2006 15:04 MST" of a UTC instant (the EXPIRES column). */
export function formatExpiry(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

const yesNo = (b: boolean): string => (b ? "yes" : "no").padEnd(8, " ");

/** The two tables exactly as upstream's tab writer prints them (min width 10, padding 3). */
export function formatExpirationText(report: ExpirationReport): string {
  const lines: string[] = ["CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED"];
  for (const c of report.certificates) {
    lines.push(
      c.missing
        ? `!MISSING! ${c.name}\t\t\t\t`
        : `${c.name}\t${formatExpiry(c.expirationDate!)}\t${shortHumanDuration(c.residualTimeMs)}\t${c.caName}\t${yesNo(c.externallyManaged)}`,
    );
  }
  lines.push("");
  lines.push("CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED");
  for (const c of report.certificateAuthorities) {
    lines.push(
      c.missing
        ? `!MISSING! ${c.name}\t\t\t`
        : `${c.name}\t${formatExpiry(c.expirationDate!)}\t${shortHumanDuration(c.residualTimeMs)}\t${yesNo(c.externallyManaged)}`,
    );
  }
  return `${tabwrite(lines.join("\n"), 10, 3)}\n`;
}

function apiEntry(e: ExpirationEntry): Record<string, unknown> {
  const o: Record<string, unknown> = {
    name: e.name,
    expirationDate: e.expirationDate ? `${e.expirationDate.toISOString().slice(0, 19)}Z` : null,
    residualTime: e.residualTimeSeconds,
    externallyManaged: e.externallyManaged,
  };
  if (e.caName !== "") o.caName = e.caName;
  o.missing = e.missing;
  return o;
}

/** The output API object, keys in upstream's struct order. */
export function expirationInfoObject(report: ExpirationReport): Record<string, unknown> {
  return {
    kind: "CertificateExpirationInfo",
    apiVersion: OUTPUT_API_VERSION,
    certificates: report.certificates.map(apiEntry),
    certificateAuthorities: report.certificateAuthorities.map(apiEntry),
  };
}

/** `-o json`: 4-space indentation and a trailing newline, as upstream's JSON printer. */
export function formatExpirationJson(report: ExpirationReport): string {
  return `${JSON.stringify(expirationInfoObject(report), null, 4)}\n`;
}
