/**
 * Splitting a config file into documents keyed by group/version/kind, and the
 * API-version gates (old, deprecated, unknown) — kubeadm's SplitConfigDocuments,
 * validateSupportedVersion and validateKnownGVKs.
 */
import { KUBEADM_GROUP, KUBEADM_V1, KUBEADM_V1BETA3 } from "../constants.js";
import { aggregateMessage } from "../util/aggregate.js";
import { KubeadmError } from "../util/errors.js";
import { type GVK, gvkGoSyntax, gvkString, groupVersionString, parseGroupVersion } from "./gvk.js";
import { type ParsedYaml, YamlParseError, parseYamlDocument, splitYamlDocuments } from "./yaml.js";
import { KUBEADM_SCHEMAS } from "./schema.js";
import { lookupTable } from "../util/own-keys.js";

export interface ConfigDocument {
  gvk: GVK;
  /** The document's text. */
  text: string;
  /** Parsed value (maps as objects) and duplicate keys. */
  parsed: ParsedYaml;
}

/** Documents in file order (upstream keeps a map; processing order is sorted by GVK text). */
export type DocumentMap = ConfigDocument[];

export const KUBELET_CONFIG_GROUP = "kubelet.config.k8s.io";
export const KUBE_PROXY_CONFIG_GROUP = "kubeproxy.config.k8s.io";
/** Component-config scheme: group → supported version → kind. */
export const COMPONENT_CONFIG_SCHEME: Readonly<Record<string, { version: string; kind: string }>> = lookupTable({
  [KUBELET_CONFIG_GROUP]: { version: "v1beta1", kind: "KubeletConfiguration" },
  [KUBE_PROXY_CONFIG_GROUP]: { version: "v1alpha1", kind: "KubeProxyConfiguration" },
});

/** Splits and identifies every document. Throws KubeadmError with upstream's texts. */
export async function splitConfigDocuments(text: string): Promise<DocumentMap> {
  let parts: string[];
  try {
    parts = splitYamlDocuments(text);
  } catch (err) {
    throw new KubeadmError((err as Error).message);
  }
  const docs: DocumentMap = [];
  const knownKinds = new Set<string>();
  const errs: string[] = [];
  for (const part of parts) {
    let parsed: ParsedYaml;
    try {
      parsed = await parseYamlDocument(part);
    } catch (err) {
      const msg = err instanceof YamlParseError ? err.message : String(err);
      throw new KubeadmError(`could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: ${msg}`);
    }
    const v = parsed.value;
    let apiVersion = "";
    let kind = "";
    // upstream's DefaultMetaFactory.Interpret: sigs.k8s.io/yaml.Unmarshal into runtime.TypeMeta
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      apiVersion = typeMetaString(o.apiVersion, "apiVersion");
      kind = typeMetaString(o.kind, "kind");
    } else if (v !== null && v !== undefined) {
      throw new KubeadmError(`${INTERPRET}json: cannot unmarshal ${jsonKind(v)} into Go value of type runtime.TypeMeta`);
    }
    let gv: { group: string; version: string };
    try {
      gv = parseGroupVersion(apiVersion);
    } catch (err) {
      throw new KubeadmError((err as Error).message);
    }
    const gvk: GVK = { ...gv, kind };
    if (!gvk.group || !gvk.version || !gvk.kind) {
      throw new KubeadmError(
        `invalid configuration for GroupVersionKind ${gvkString(gvk)}: kind and apiVersion is mandatory information that must be specified`,
      );
    }
    if (knownKinds.has(kind)) {
      errs.push(`invalid configuration: kind "${kind}" is specified twice in YAML file`);
      continue;
    }
    knownKinds.add(kind);
    docs.push({ gvk, text: part, parsed });
  }
  if (errs.length > 0) throw new KubeadmError(aggregateMessage(errs));
  return docs;
}

const INTERPRET = "could not interpret GroupVersionKind; unmarshal error: error unmarshaling JSON: while decoding JSON: ";

/**
 * A TypeMeta field as sigs.k8s.io/yaml fills it: YAML numbers and booleans become their text (the
 * target is a string), null nothing, a collection is a JSON type error.
 */
function typeMetaString(v: unknown, field: "apiVersion" | "kind"): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatFloat32(v);
  throw new KubeadmError(`${INTERPRET}json: cannot unmarshal ${jsonKind(v)} into Go struct field TypeMeta.${field} of type string`);
}

/** strconv.FormatFloat(v, 'g', -1, 32): the shortest digits that read back as the same float32. */
function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
  const f = Math.fround(v);
  let digits = f.toPrecision(9);
  for (let p = 1; p <= 9; p++) {
    const t = f.toPrecision(p);
    if (Math.fround(Number(t)) === f) {
      digits = t;
      break;
    }
  }
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Number(digits).toExponential())!;
  const mant = m[2]! + (m[3] ?? "");
  const exp = Number(m[4]);
  // %g with the shortest digits: exponent form below -4 or from 6 on (Go: eprec = 6 when shortest)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${m[1]}${mant[0]}${mant.length > 1 ? `.${mant.slice(1)}` : ""}e${exp < 0 ? "-" : "+"}${e}`;
  }
  return String(Number(digits));
}

/** JSON type word Go's decoder uses in "cannot unmarshal <kind>". */
export function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "object";
  }
}

const OLD_KUBEADM_API_VERSIONS: Readonly<Record<string, string>> = lookupTable({
  "kubeadm.k8s.io/v1alpha1": "v1.11",
  "kubeadm.k8s.io/v1alpha2": "v1.12",
  "kubeadm.k8s.io/v1alpha3": "v1.14",
  "kubeadm.k8s.io/v1beta1": "v1.15",
  "kubeadm.k8s.io/v1beta2": "v1.22",
  "kubeadm.k8s.io/v1beta3": "v1.36",
});
/** None in v1.37. */
const DEPRECATED_KUBEADM_API_VERSIONS = new Set<string>();
/** Usable only with --allow-experimental-api (and by reset). */
const EXPERIMENTAL_KUBEADM_API_VERSIONS = new Set([KUBEADM_V1]);

/**
 * Refuses removed kubeadm API versions; warns about deprecated ones unless
 * allowed; refuses experimental ones unless allowed (validateSupportedVersion).
 * `readV1beta3`: kubeadm-ts's `config migrate` still reads kubeadm.k8s.io/v1beta3
 * (removed upstream in v1.37) as upstream v1.36 did.
 */
export function validateSupportedVersion(
  gvk: GVK,
  allowDeprecated: boolean,
  allowExperimental: boolean,
  warn: (msg: string) => void,
  readV1beta3 = false,
): void {
  const gv = groupVersionString(gvk);
  const old = readV1beta3 && gv === KUBEADM_V1BETA3 ? undefined : OLD_KUBEADM_API_VERSIONS[gv];
  if (old) {
    throw new KubeadmError(
      `your configuration file uses an old API spec: "${gv}" (kind: "${gvk.kind}"). Please use kubeadm ${old} instead and run 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.`,
    );
  }
  if (DEPRECATED_KUBEADM_API_VERSIONS.has(gv) && !allowDeprecated) {
    warn(
      `your configuration file uses a deprecated API spec: "${gv}" (kind: "${gvk.kind}"). Please use 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.`,
    );
  }
  if (EXPERIMENTAL_KUBEADM_API_VERSIONS.has(gv) && !allowExperimental) {
    throw new KubeadmError(
      `experimental API spec: "${gv}" (kind: "${gvk.kind}") is not allowed. You can use the --allow-experimental-api flag if the command supports it.`,
    );
  }
}

/** True if the GVK is registered in the kubeadm scheme. */
export function isKubeadmGVK(gvk: GVK): boolean {
  if (gvk.group !== KUBEADM_GROUP) return false;
  const kinds = KUBEADM_SCHEMAS[gvk.version] as Record<string, unknown> | undefined;
  return kinds !== undefined && kinds[gvk.kind] !== undefined;
}

/** True if the GVK is a supported component config (exact version). */
export function isComponentConfigGVK(gvk: GVK): boolean {
  const c = COMPONENT_CONFIG_SCHEME[gvk.group];
  return c !== undefined && c.version === gvk.version && c.kind === gvk.kind;
}

export function isComponentConfigGroup(group: string): boolean {
  return COMPONENT_CONFIG_SCHEME[group] !== undefined;
}

/**
 * validateKnownGVKs: every document must be known to the kubeadm or component-config scheme
 * (`readV1beta3`: v1beta3 is a known version, as for kubeadm v1.36).
 */
export function validateKnownGVKs(gvks: GVK[], readV1beta3 = false): void {
  const unknown: GVK[] = [];
  for (const gvk of gvks) {
    try {
      validateSupportedVersion(gvk, true, true, () => undefined, readV1beta3);
    } catch {
      continue;
    }
    if (!isKubeadmGVK(gvk) && !isComponentConfigGVK(gvk)) unknown.push(gvk);
  }
  if (unknown.length > 0) {
    throw new KubeadmError(
      `unknown configuration APIs: []schema.GroupVersionKind{${unknown.map(gvkGoSyntax).join(", ")}}`,
    );
  }
}

/** Documents sorted as upstream processes them (by GVK text). */
export function sortedDocuments(docs: DocumentMap): DocumentMap {
  return [...docs].sort((a, b) => {
    const x = gvkString(a.gvk);
    const y = gvkString(b.gvk);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
