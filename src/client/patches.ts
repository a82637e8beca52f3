/**
 * JSON patch arithmetic for the client: building the two-way patch PatchNode sends, and
 * applying patches in the dry-run tracker.
 *
 * Strategic merge here is a subset: maps merge, removed keys become null, lists are replaced
 * whole. That is exact for what kubeadm patches on Nodes (labels, annotations, spec.taints —
 * taints carry no patch strategy upstream, so they are replaced) and for the Node fields it never
 * touches the lists compare equal and produce nothing.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

export function deepCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Sorts map keys recursively, as Go's encoding/json does for maps. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sorted(v[k]);
    return out;
  }
  return v;
}

/**
 * The patch that turns `original` into `modified` (both JSON-shaped): changed and added keys
 * with their new values, removed keys as null, lists replaced whole. Keys are sorted.
 */
export function createTwoWayMergePatch(original: unknown, modified: unknown): Record<string, unknown> {
  const diff = (o: Record<string, unknown>, m: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      if (o[k] === undefined) continue;
      if (!(k in m) || m[k] === undefined) out[k] = null;
    }
    for (const k of Object.keys(m)) {
      const mv = m[k];
      if (mv === undefined) continue;
      const ov = o[k];
      if (isMap(ov) && isMap(mv)) {
        const sub = diff(ov, mv);
        if (Object.keys(sub).length > 0) out[k] = sub;
      } else if (!deepEqual(ov, mv)) {
        out[k] = deepCopy(mv);
      }
    }
    return out;
  };
  const o = isMap(original) ? original : {};
  const m = isMap(modified) ? modified : {};
  return sorted(diff(o, m)) as Record<string, unknown>;
}

/** RFC 7386 JSON merge patch. Returns a new value. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return deepCopy(patch);
  const out: Record<string, unknown> = isMap(target) ? deepCopy(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge subset: merge-patch semantics; `$`-directive keys are dropped. */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!isMap(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith("$")) out[k] = strip(x);
    return out;
  };
  return applyMergePatch(target, strip(patch));
}

interface JsonPatchOp {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new Error(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** RFC 6902 JSON patch. Returns a new value; throws on a failed test or a missing path. */
export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new Error("a JSON patch must be a list of operations");
  let doc: unknown = deepCopy(target);
  const parentOf = (tokens: string[]): [unknown, string] => {
    let cur: unknown = doc;
    for (const t of tokens.slice(0, -1)) {
      if (Array.isArray(cur)) cur = cur[Number(t)];
      else if (isMap(cur)) cur = cur[t];
      else cur = undefined;
      if (cur === undefined) throw new Error(`path ${JSON.stringify("/" + tokens.join("/"))} does not exist`);
    }
    return [cur, tokens[tokens.length - 1]!];
  };
  const getAt = (path: string): unknown => {
    const tokens = pointer(path);
    if (tokens.length === 0) return doc;
    const [parent, key] = parentOf(tokens);
    const v = Array.isArray(parent) ? parent[Number(key)] : isMap(parent) ? parent[key] : undefined;
    if (v === undefined) throw new Error(`path ${JSON.stringify(path)} does not exist`);
    return v;
  };
  const remove = (path: string): unknown => {
    const tokens = pointer(path);
    const [parent, key] = parentOf(tokens);
    if (Array.isArray(parent)) return parent.splice(Number(key), 1)[0];
    if (isMap(parent) && key in parent) {
      const v = parent[key];
      delete parent[key];
      return v;
    }
    throw new Error(`path ${JSON.stringify(path)} does not exist`);
  };
  const add = (path: string, value: unknown, replace: boolean): void => {
    const tokens = pointer(path);
    if (tokens.length === 0) {
      doc = value;
      return;
    }
    const [parent, key] = parentOf(tokens);
    if (Array.isArray(parent)) {
      const i = key === "-" ? parent.length : Number(key);
      if (replace) parent[i] = value;
      else parent.splice(i, 0, value);
    } else if (isMap(parent)) {
      if (replace && !(key in parent)) throw new Error(`path ${JSON.stringify(path)} does not exist`);
      parent[key] = value;
    } else {
      throw new Error(`path ${JSON.stringify(path)} does not exist`);
    }
  };
  for (const raw of ops as JsonPatchOp[]) {
    switch (raw.op) {
      case "add": add(raw.path, deepCopy(raw.value), false); break;
      case "replace": add(raw.path, deepCopy(raw.value), true); break;
      case "remove": remove(raw.path); break;
      case "move": add(raw.path, remove(raw.from ?? ""), false); break;
      case "copy": add(raw.path, deepCopy(getAt(raw.from ?? "")), false); break;
      case "test":
        if (!deepEqual(getAt(raw.path), raw.value)) throw new Error(`testing value ${JSON.stringify(raw.path)} failed`);
        break;
      default: throw new Error(`unexpected JSON patch operation ${JSON.stringify((raw as { op: unknown }).op)}`);
    }
  }
  return doc;
}
