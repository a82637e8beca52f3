/**
 * The output API printer (output.kubeadm.k8s.io/v1alpha3): `-o text|json|yaml|kyaml`
 * for `config images list`, `token list`, `upgrade plan`, `certs check-expiration`.
 * Objects are given with their fields in Go struct order (kind and apiVersion
 * first, as the JSON printer writes them); YAML output sorts keys.
 */
import { OUTPUT_API_VERSION } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { toKubernetesYaml } from "./yaml.js";

export const OUTPUT_FORMATS = [
  "go-template",
  "go-template-file",
  "json",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "kyaml",
  "template",
  "templatefile",
  "text",
  "yaml",
] as const;

/** An output API object: `kind` plus fields in struct order (apiVersion is added). */
export function outputObject(kind: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { kind, apiVersion: OUTPUT_API_VERSION, ...fields };
}

/** Kubernetes JSON printer: 4-space indentation, trailing newline. */
export function printJSON(obj: unknown): string {
  return `${JSON.stringify(obj, null, 4)}\n`;
}

function kyamlValue(v: unknown, indent: string): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => `${inner}${kyamlValue(x, inner)},\n`).join("")}${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  const key = (k: string): string => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k));
  return `{\n${entries.map(([k, x]) => `${inner}${key(k)}: ${kyamlValue(x, inner)},\n`).join("")}${indent}}`;
}

/** KYAML (Kubernetes' YAML dialect): "---", then a flow object. Struct field order is kept. */
export function printKYAML(obj: unknown): string {
  const body = kyamlValue(obj, "");
  return `---\n${body.replace(/,\n\}$/, ",\n}")}\n`;
}

/**
 * Prints an output API object in `format`; `text` uses the command's own
 * text printer. Unknown formats fail as upstream's printer lookup does.
 */
export function printOutput(obj: Record<string, unknown>, format: string, text: () => string): string {
  switch (format) {
    case "text":
    case "":
      return text();
    case "json":
      return printJSON(obj);
    case "yaml":
      return toKubernetesYaml(obj);
    case "kyaml":
      return printKYAML(obj);
    default:
      if ((OUTPUT_FORMATS as readonly string[]).includes(format)) {
        throw new KubeadmError(`could not construct output printer: output format "${format}" is not implemented yet in kubeadm-ts`);
      }
      throw new KubeadmError(
        `could not construct output printer: unable to match a printer suitable for the output format "${format}", allowed formats are: ${OUTPUT_FORMATS.join(",")}`,
      );
  }
}
