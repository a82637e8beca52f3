/**
 * The output API printer (output.kubeadm.k8s.io/v1alpha3): `-o text|json|yaml|kyaml`
 * for `config images list`, `token list`, `upgrade plan`, `certs check-expiration`.
 * Objects are given with their fields in Go struct order (kind and apiVersion
 * first, as the JSON printer writes them); YAML output sorts keys.
 */
import { readTextFileSync } from "../host/files.js";
import { OUTPUT_API_VERSION } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote, goSharpV, JSONPath } from "../util/jsonpath.js";
import { toKubernetesYaml } from "./yaml.js";
import { goOpenError } from "../util/go-errno.js";

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
    // a list of objects or lists is "cuddled": "[{ ... }, { ... }]" at the list's own indent
    if (v.every((x) => x !== null && typeof x === "object")) return `[${v.map((x) => kyamlValue(x, indent)).join(", ")}]`;
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

/** Options of the template printers (`--allow-missing-template-keys`). */
export interface OutputOptions {
  allowMissingTemplateKeys?: boolean;
}

/** A printer built from `-o`: the object and the command's text printer in, the output out. */
export type OutputPrinter = (obj: Record<string, unknown>, text: () => string) => string;

const JSONPATH_FORMATS = ["jsonpath", "jsonpath-as-json", "jsonpath-file"];
const GO_TEMPLATE_FORMATS = ["go-template", "go-template-file", "template", "templatefile"];

/** The jsonpath printers of cli-runtime: -o jsonpath=T, jsonpath-as-json=T, jsonpath-file=PATH. */
function jsonPathPrinter(format: string, value: string, opts: OutputOptions): OutputPrinter {
  if (value === "") throw new KubeadmError("could not construct output printer: template format specified but no template given");
  let template = value;
  if (format === "jsonpath-file") {
    try {
      template = readTextFileSync(value);
    } catch (err) {
      throw new KubeadmError(`could not construct output printer: error reading --template ${value}, ${goOpenError(err, value)}`);
    }
  }
  let jp: JSONPath;
  try {
    jp = new JSONPath(template);
  } catch (err) {
    throw new KubeadmError(`could not construct output printer: error parsing jsonpath ${template}, ${(err as Error).message}`);
  }
  jp.allowMissingKeys = opts.allowMissingTemplateKeys ?? true;
  jp.outputJSON = format === "jsonpath-as-json";
  return (obj) => {
    const data = JSON.parse(JSON.stringify(obj)) as unknown;
    try {
      return jp.execute(data);
    } catch (err) {
      throw new KubeadmError(
        `error executing jsonpath ${goQuote(template)}: Error executing template: ${(err as Error).message}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${template}\n\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n\n`,
      );
    }
  };
}

/**
 * Builds the printer for `format` as upstream's ToPrinter does: a bad format or
 * template fails here, before any object is printed. `text` uses the command's
 * own text printer.
 */
export function outputPrinter(format: string, opts: OutputOptions = {}): OutputPrinter {
  switch (format) {
    case "text":
    case "":
      return (_obj, text) => text();
    case "json":
      return (obj) => printJSON(obj);
    case "yaml":
      return (obj) => toKubernetesYaml(obj);
    case "kyaml":
      return (obj) => printKYAML(obj);
    default:
      break;
  }
  if (JSONPATH_FORMATS.includes(format)) return jsonPathPrinter(format, "", opts);
  const eq = format.indexOf("=");
  const name = eq >= 0 ? format.slice(0, eq) : format;
  if (eq >= 0 && JSONPATH_FORMATS.includes(name)) return jsonPathPrinter(name, format.slice(eq + 1), opts);
  if ((OUTPUT_FORMATS as readonly string[]).includes(format) || (eq >= 0 && GO_TEMPLATE_FORMATS.includes(name))) {
    throw new KubeadmError(`could not construct output printer: output format "${name}" is not implemented yet in kubeadm-ts`);
  }
  throw new KubeadmError(
    `could not construct output printer: unable to match a printer suitable for the output format "${format}", allowed formats are: ${OUTPUT_FORMATS.join(",")}`,
  );
}

/** Prints an output API object in `format` (see outputPrinter). */
export function printOutput(obj: Record<string, unknown>, format: string, text: () => string, opts: OutputOptions = {}): string {
  return outputPrinter(format, opts)(obj, text);
}
