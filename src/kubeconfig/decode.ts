/**
 * The checks of clientcmd.Load's decoding (the clientcmd/v1 scheme over sigs.k8s.io/yaml and
 * Go's encoding/json), pure: the document's kind and apiVersion, then the first value that does
 * not fit its field, in Go's words ("json: cannot unmarshal number into Go struct field
 * Cluster.clusters.cluster.server of type string", "illegal base64 data at input byte 2").
 * YAML reaches Go's decoder as JSON with every mapping's keys sorted, so "first" is in that order.
 * Unknown fields are ignored, as the non-strict decoder does.
 */

type Shape =
  | { k: "string"; go?: string }
  | { k: "bool" }
  | { k: "bytes" }
  | { k: "raw" }
  | { k: "list"; of: Shape }
  | { k: "map"; of: Shape }
  | Struct;

interface Struct {
  k: "struct";
  name: string;
  fields: Record<string, Shape>;
}

const S: Shape = { k: "string" };
const B: Shape = { k: "bool" };
const BYTES: Shape = { k: "bytes" };
const struct = (name: string, fields: Record<string, Shape>): Struct => ({ k: "struct", name, fields });
const list = (of: Shape): Shape => ({ k: "list", of });
const EXTENSIONS = list(struct("NamedExtension", { name: S, extension: { k: "raw" } }));

const CLUSTER = struct("Cluster", {
  server: S,
  "tls-server-name": S,
  "insecure-skip-tls-verify": B,
  "certificate-authority": S,
  "certificate-authority-data": BYTES,
  "proxy-url": S,
  "disable-compression": B,
  extensions: EXTENSIONS,
});
const AUTH_INFO = struct("AuthInfo", {
  "client-certificate": S,
  "client-certificate-data": BYTES,
  "client-key": S,
  "client-key-data": BYTES,
  token: S,
  tokenFile: S,
  as: S,
  "as-uid": S,
  "as-groups": list(S),
  "as-user-extra": { k: "map", of: list(S) },
  username: S,
  password: S,
  "auth-provider": struct("AuthProviderConfig", { name: S, config: { k: "map", of: S } }),
  exec: struct("ExecConfig", {
    command: S,
    args: list(S),
    env: list(struct("ExecEnvVar", { name: S, value: S })),
    apiVersion: S,
    installHint: S,
    provideClusterInfo: B,
    interactiveMode: { k: "string", go: "v1.ExecInteractiveMode" },
  }),
  extensions: EXTENSIONS,
});
const CONTEXT = struct("Context", { cluster: S, user: S, namespace: S, extensions: EXTENSIONS });
const CONFIG = struct("Config", {
  kind: S,
  apiVersion: S,
  preferences: struct("Preferences", { colors: B, extensions: EXTENSIONS }),
  clusters: list(struct("NamedCluster", { name: S, cluster: CLUSTER })),
  users: list(struct("NamedAuthInfo", { name: S, user: AUTH_INFO })),
  contexts: list(struct("NamedContext", { name: S, context: CONTEXT })),
  "current-context": S,
  extensions: EXTENSIONS,
});

function goType(t: Shape): string {
  switch (t.k) {
    case "string":
      return t.go ?? "string";
    case "bool":
      return "bool";
    case "bytes":
      return "[]uint8";
    case "raw":
      return "runtime.RawExtension";
    case "list":
      return `[]${goType(t.of)}`;
    case "map":
      return `map[string]${goType(t.of)}`;
    case "struct":
      return `v1.${t.name}`;
  }
}

function jsonKind(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Go's base64.StdEncoding.Decode: null when the text decodes, else its CorruptInputError text. */
export function goBase64Error(text: string): string | null {
  const src = Buffer.from(text, "utf8");
  const bad = (at: number) => `illegal base64 data at input byte ${at}`;
  const nl = (c: number | undefined) => c === 0x0a || c === 0x0d;
  let si = 0;
  while (si < src.length) {
    // one quantum of four symbols (newlines skipped)
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return null;
        return bad(si - j);
      }
      const c = src[si]!;
      si++;
      if (B64.includes(String.fromCharCode(c)) && c < 0x80) continue;
      if (nl(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) return bad(si - 1);
      // padding
      if (j === 0 || j === 1) return bad(si - 1);
      if (j === 2) {
        while (si < src.length && nl(src[si])) si++;
        if (si === src.length) return bad(src.length);
        if (src[si] !== 0x3d) return bad(si - 1);
        si++;
      }
      while (si < src.length && nl(src[si])) si++;
      return si < src.length ? bad(si) : null;
    }
  }
  return null;
}

interface Walk {
  /** The innermost struct's name and the JSON path below the document (no indices). */
  struct: string;
  path: string[];
}

/** The first value that does not fit, in Go's json words (decoding goes on past it, keeping the first). */
function firstError(v: unknown, t: Shape, w: Walk): string | null {
  if (v === null || v === undefined) return null;
  const typeError = () => {
    const where = w.path.length > 0 ? `Go struct field ${w.struct}.${w.path.join(".")}` : "Go value";
    return `json: cannot unmarshal ${jsonKind(v)} into ${where} of type ${goType(t)}`;
  };
  switch (t.k) {
    case "raw":
      return null;
    case "string":
      return typeof v === "string" ? null : typeError();
    case "bool":
      return typeof v === "boolean" ? null : typeError();
    case "bytes":
      return typeof v === "string" ? goBase64Error(v) : typeError();
    case "list": {
      if (!Array.isArray(v)) return typeError();
      for (const x of v) {
        const e = firstError(x, t.of, w);
        if (e) return e;
      }
      return null;
    }
    case "map": {
      if (!isObject(v)) return typeError();
      for (const key of Object.keys(v).sort()) {
        const e = firstError(v[key], t.of, w);
        if (e) return e;
      }
      return null;
    }
    case "struct": {
      if (!isObject(v)) return typeError();
      for (const key of Object.keys(v).sort()) {
        const field = Object.prototype.hasOwnProperty.call(t.fields, key) ? t.fields[key] : undefined;
        if (!field) continue;
        const e = firstError(v[key], field, { struct: t.name, path: [...w.path, key] });
        if (e) return e;
      }
      return null;
    }
  }
}

const TYPE_META = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * What clientcmd.Load refuses in a decoded YAML document, as it words it (null when it decodes):
 * no mapping, or a kind or apiVersion that is no string (the serializer's look at the type
 * meta); a kind or version the clientcmd scheme does not know (an empty one is v1 Config); then
 * the first field of the wrong type or undecodable base64.
 */
export function kubeconfigDecodeError(doc: unknown): string | null {
  const meta = (what: string) => `couldn't get version/kind; json parse error: json: cannot unmarshal ${what}`;
  if (!isObject(doc)) return meta(`${jsonKind(doc)} into Go value of type ${TYPE_META}`);
  for (const field of ["apiVersion", "kind"]) {
    const v = doc[field];
    if (v !== null && v !== undefined && typeof v !== "string") return meta(`${jsonKind(v)} into Go struct field .${field} of type string`);
  }
  const kind = typeof doc.kind === "string" && doc.kind !== "" ? doc.kind : "Config";
  const version = typeof doc.apiVersion === "string" && doc.apiVersion !== "" ? doc.apiVersion : "v1";
  if (kind !== "Config" || version !== "v1") return `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(version)} in scheme "pkg/runtime/scheme.go:111"`;
  return firstError(doc, CONFIG, { struct: "Config", path: [] }) ?? kubeconfigDuplicateError(doc);
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const flag = (v: unknown): string => String(v === true);
const goBytes = (v: unknown): string => `[${typeof v === "string" ? [...Buffer.from(v, "base64")].join(" ") : ""}]`;
/** %v of a []NamedExtension: "[]" when there is none (entries are shown by name only: RawExtension's bytes are not reproduced). */
const goExtensions = (v: unknown): string => `[${Array.isArray(v) ? v.map((e) => `{${text(isObject(e) ? e.name : undefined)} {...}}`).join(" ") : ""}]`;
const inner = (item: unknown, key: string): Record<string, unknown> => {
  const v = isObject(item) ? item[key] : undefined;
  return isObject(v) ? v : {};
};

/** %v of a v1.NamedCluster. */
function goNamedCluster(item: unknown): string {
  const c = inner(item, "cluster");
  const fields = [text(c.server), text(c["tls-server-name"]), flag(c["insecure-skip-tls-verify"]), text(c["certificate-authority"]), goBytes(c["certificate-authority-data"]), text(c["proxy-url"]), flag(c["disable-compression"]), goExtensions(c.extensions)];
  return `{${text(isObject(item) ? item.name : undefined)} {${fields.join(" ")}}}`;
}

/** %v of a v1.NamedContext. */
function goNamedContext(item: unknown): string {
  const c = inner(item, "context");
  return `{${text(isObject(item) ? item.name : undefined)} {${[text(c.cluster), text(c.user), text(c.namespace), goExtensions(c.extensions)].join(" ")}}}`;
}

/**
 * The conversion to the internal Config refuses a name used twice in a list (clusters, then
 * users, then contexts), printing the whole list. The users' list holds credentials: kubeadm-ts
 * names the duplicate without printing it.
 */
export function kubeconfigDuplicateError(doc: Record<string, unknown>): string | null {
  const lists: Array<[string, string, string, ((item: unknown) => string) | null]> = [
    ["clusters", "NamedCluster", "api.Cluster", goNamedCluster],
    ["users", "NamedAuthInfo", "api.AuthInfo", null],
    ["contexts", "NamedContext", "api.Context", goNamedContext],
  ];
  for (const [key, named, internal, show] of lists) {
    const items = doc[key];
    if (!Array.isArray(items)) continue;
    const seen = new Set<string>();
    for (const item of items) {
      const name = text(isObject(item) ? item.name : undefined);
      if (seen.has(name)) {
        const head = `error converting *[]${named} into *map[string]*${internal}: duplicate name "${name}" in list`;
        return show ? `${head}: [${items.map(show).join(" ")}]` : `${head} (kubeadm-ts does not print the users: they hold credentials)`;
      }
      seen.add(name);
    }
  }
  return null;
}
