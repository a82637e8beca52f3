/**
 * Decoding one kubeadm document against its schema, with the texts of
 * upstream's JSON decoder: type errors ("json: cannot unmarshal ..."), Go
 * duration and bootstrap-token errors, and — for the strict pass — unknown and
 * duplicate fields ("strict decoding error: ...").
 *
 * The result is an "external" object: the document's JSON shape with
 * durations as milliseconds, bootstrap tokens as {id, secret} and times as Dates.
 */
import { BOOTSTRAP_TOKEN_PATTERN } from "../constants.js";
import { jsonKind } from "./documents.js";
import { parseDurationMs as parseDuration } from "../util/duration.js";
import { type GVK, gvkGoSyntax } from "./gvk.js";
import type { FieldType } from "./schema.js";
import type { ParsedYaml } from "./yaml.js";
import { getOwn, setOwn } from "../util/own-keys.js";
import { goQuote } from "../util/go-quote.js";

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Struct types of k8s.io/api/core/v1 in the kubeadm API; every other struct is the document's version's. */
const CORE_V1_STRUCTS = new Set(["Taint", "EnvVar", "EnvVarSource", "ObjectFieldSelector", "ResourceFieldSelector", "FileKeySelector"]);

/** Go's name of the type, as encoding/json prints it ("v1beta4.Networking", "[]v1.Taint"). */
function goTypeName(t: FieldType, pkg: string): string {
  switch (t.t) {
    case "string":
      return t.go ?? "string";
    case "bool":
      return "bool";
    case "int":
      return t.go;
    case "duration":
      return "string";
    case "time":
      return "string";
    case "token":
      return "string";
    case "list":
      return `[]${goTypeName(t.of, pkg)}`;
    case "map":
      return `map[string]${goTypeName(t.of, pkg)}`;
    case "struct":
      return `${CORE_V1_STRUCTS.has(t.name) ? "v1" : pkg}.${t.name}`;
    case "any":
      return "interface {}";
  }
}

interface Ctx {
  /** Innermost Go struct name. */
  struct: string;
  /** JSON path without indices (as Go's json errors print it). */
  path: string[];
  /** The document's API version: the Go package of its structs ("v1beta4"). */
  pkg: string;
}

function typeError(v: unknown, t: FieldType, ctx: Ctx): DecodeError {
  let kind = jsonKind(v);
  if (kind === "number" && t.t === "int") kind = `number ${String(v)}`;
  const where = ctx.struct ? `Go struct field ${ctx.struct}.${ctx.path.join(".")}` : "Go value";
  return new DecodeError(`json: cannot unmarshal ${kind} into ${where} of type ${goTypeName(t, ctx.pkg)}`);
}

/** RFC3339 as metav1.Time accepts it. */
function parseTime(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

function decodeValue(v: unknown, t: FieldType, ctx: Ctx): unknown {
  if (v === null || v === undefined) return undefined;
  switch (t.t) {
    case "any":
      return v;
    case "string":
      if (typeof v !== "string") throw typeError(v, t, ctx);
      return v;
    case "bool":
      if (typeof v !== "boolean") throw typeError(v, t, ctx);
      return v;
    case "int": {
      if (typeof v !== "number") throw typeError(v, t, ctx);
      const [lo, hi] = INT_RANGES[t.go]!;
      if (!Number.isInteger(v) || v < lo || v > hi) throw typeError(v, t, ctx);
      return v;
    }
    case "duration":
      if (typeof v !== "string") {
        throw new DecodeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`);
      }
      try {
        return parseDuration(v);
      } catch (err) {
        throw new DecodeError((err as Error).message);
      }
    case "time": {
      if (typeof v !== "string") {
        throw new DecodeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type string`);
      }
      const d = parseTime(v);
      if (!d) {
        throw new DecodeError(`parsing time "${v}" as "2006-01-02T15:04:05Z07:00": cannot parse "${v}" as "2006"`);
      }
      return d;
    }
    case "token": {
      // BootstrapTokenString.UnmarshalJSON: the raw JSON with every '"' removed, whatever its type
      const text = typeof v === "string" ? v : goJsonText(v).replace(/"/g, "");
      const m = BOOTSTRAP_TOKEN_PATTERN.exec(text);
      if (!m) {
        throw new DecodeError(
          `the bootstrap token "${text}" was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"`,
        );
      }
      return { id: m[1]!, secret: m[2]! };
    }
    case "list": {
      if (!Array.isArray(v)) throw typeError(v, t, ctx);
      return v.map((x) => {
        const d = decodeValue(x, t.of, ctx);
        return d === undefined ? zeroValue(t.of) : d;
      });
    }
    case "map": {
      if (typeof v !== "object" || Array.isArray(v)) throw typeError(v, t, ctx);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) {
        const d = decodeValue((v as Record<string, unknown>)[k], t.of, ctx);
        setOwn(out, k, d === undefined ? zeroValue(t.of) : d);
      }
      return out;
    }
    case "struct": {
      if (typeof v !== "object" || Array.isArray(v)) throw typeError(v, t, ctx);
      const out: Record<string, unknown> = {};
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o).sort()) {
        // own fields only: "constructor", "__proto__" and the like are unknown fields, as in Go
        const ft = getOwn(t.fields, k);
        if (!ft) continue;
        const d = decodeValue(o[k], ft, { ...ctx, struct: t.name, path: [...ctx.path, k] });
        if (d !== undefined) setOwn(out, k, d);
      }
      return out;
    }
  }
}

/** encoding/json's compact text of a decoded JSON value (map keys sorted). */
function goJsonText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(goJsonText).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${goJsonText(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

function zeroValue(t: FieldType): unknown {
  switch (t.t) {
    case "string":
      return "";
    case "bool":
      return false;
    case "int":
      return 0;
    default:
      return null;
  }
}

/** Decodes leniently (unknown fields ignored); throws DecodeError on the first type problem. */
export function decodeDocument(value: unknown, schema: FieldType, pkg = "v1beta4"): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  const out = decodeValue(value, schema, { struct: "", path: [], pkg });
  return (out ?? {}) as Record<string, unknown>;
}

function collectUnknown(v: unknown, t: FieldType, path: string, out: string[]): void {
  if (v === null || v === undefined) return;
  if (t.t === "struct" && typeof v === "object" && !Array.isArray(v)) {
    for (const k of Object.keys(v as object).sort()) {
      const p = path ? `${path}.${k}` : k;
      const ft = getOwn(t.fields, k);
      if (!ft) out.push(p);
      else collectUnknown((v as Record<string, unknown>)[k], ft, p, out);
    }
  } else if (t.t === "list" && Array.isArray(v)) {
    v.forEach((x, i) => collectUnknown(x, t.of, `${path}[${i}]`, out));
  } else if (t.t === "map" && typeof v === "object" && !Array.isArray(v)) {
    for (const k of Object.keys(v as object).sort()) collectUnknown((v as Record<string, unknown>)[k], t.of, `${path}[${k}]`, out);
  }
}

/**
 * The strict check (strict.VerifyUnmarshalStrict): returns upstream's error
 * text, or null when the document is clean.
 */
export function verifyUnmarshalStrict(gvk: GVK, parsed: ParsedYaml, schema: FieldType): string | null {
  const prefix = `error unmarshaling configuration ${gvkGoSyntax(gvk)}: `;
  // apimachinery's strict serializer: a type error is fatal and comes alone; otherwise the YAML
  // strict errors (duplicate keys) and the JSON ones (unknown fields) are joined with ", "
  try {
    decodeDocument(parsed.value, schema, gvk.version);
  } catch (err) {
    return prefix + (err as Error).message;
  }
  const strict: string[] = [];
  if (parsed.duplicates.length > 0) {
    strict.push(`yaml: unmarshal errors:${parsed.duplicates.map((d) => `\n  line ${d.line}: key ${d.goKey} already set in map`).join("")}`);
  }
  const unknown: string[] = [];
  collectUnknown(parsed.value, schema, "", unknown);
  // sigs.k8s.io/json: fmt.Errorf("%s %q", "unknown field", path)
  for (const u of unknown) strict.push(`unknown field ${goQuote(u)}`);
  return strict.length > 0 ? `${prefix}strict decoding error: ${strict.join(", ")}` : null;
}
