// JSON patch (RFC 6902) with the behaviour and error texts of gopkg.in/evanphx/json-patch.v4,
// which kubeadm uses: its lenient path walking (the first pointer segment is never looked up,
// replace adds a missing object key, negative array indices count from the end) included.
import { cloneJson, isObject, jsonEqual } from "./json.js";

export interface JsonPatchOp {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

class JsonPatchError extends Error {}

const MISSING = "missing value";
const INVALID_INDEX = "invalid index referenced";

type Container = Record<string, unknown> | unknown[];

/** RFC 6901 unescaping of one reference token. */
const decodeKey = (k: string): string => k.replace(/~1/g, "/").replace(/~0/g, "~");

/** Go's strconv.Atoi, or its error text. */
function atoi(key: string): number | string {
  if (/^[+-]?[0-9]+$/.test(key)) {
    const n = Number(key);
    if (Number.isSafeInteger(n)) return n;
    return `strconv.Atoi: parsing "${key}": value out of range`;
  }
  return `strconv.Atoi: parsing "${key}": invalid syntax`;
}

const badIndex = (i: number) => new JsonPatchError(`Unable to access invalid index: ${i}: ${INVALID_INDEX}`);

/** A JSON null (or absent) member reads as "nothing there", as the library's nil nodes do. */
function get(c: Container, key: string): { value: unknown } | { error: string } {
  if (!Array.isArray(c)) return { value: Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined };
  const i = atoi(key);
  if (typeof i === "string") return { error: i };
  const idx = i < 0 ? i + c.length : i;
  if (i < -c.length || idx >= c.length) return { error: `Unable to access invalid index: ${i}: ${INVALID_INDEX}` };
  return { value: c[idx] };
}

function add(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  if (key === "-") {
    c.push(value);
    return;
  }
  const i = atoi(key);
  if (typeof i === "string") throw new JsonPatchError(`value was not a proper array index: '${key}': ${i}`);
  const size = c.length + 1;
  if (i >= size || i < -size) throw badIndex(i);
  c.splice(i < 0 ? i + size : i, 0, value);
}

function remove(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!Object.prototype.hasOwnProperty.call(c, key)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete c[key];
    return;
  }
  const i = atoi(key);
  if (typeof i === "string") throw new JsonPatchError(i);
  if (i >= c.length || i < -c.length) throw badIndex(i);
  c.splice(i < 0 ? i + c.length : i, 1);
}

function set(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  const i = atoi(key) as number;
  c[i < 0 ? i + c.length : i] = value;
}

/** The container holding the last token of `path`, and that token; null when it cannot be reached. */
function findContainer(doc: Container, path: string): { c: Container; key: string } | null {
  const split = path.split("/");
  if (split.length < 2) return null;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    const r = get(cur, decodeKey(part));
    if ("error" in r) return null;
    const next = r.value;
    if (Array.isArray(next) || isObject(next)) cur = next;
    else return null;
  }
  return { c: cur, key: decodeKey(split[split.length - 1]!) };
}

/** An operation's string field: the value, missing, or the decoding error. */
function stringField(o: Record<string, unknown>, name: string): string | { missing: true } | { error: string } {
  const v = o[name];
  if (v === undefined || v === null) return { missing: true };
  if (typeof v !== "string") return { error: `json: cannot unmarshal ${goJsonKind(v)} into Go value of type string` };
  return v;
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (isObject(v)) return "object";
  return typeof v === "boolean" ? "bool" : typeof v;
}

const missingPath = `operation missing path field: ${MISSING}`;
const missingFrom = `operation, missing from field: ${MISSING}`;

/** The operation's value: undefined when the member is absent (a nil node), null for JSON null. */
const valueOf = (o: Record<string, unknown>): unknown => (Object.prototype.hasOwnProperty.call(o, "value") ? cloneJson(o.value) : undefined);

/** Validates the decoded patch document: a list of operation objects (null entries allowed). */
export function decodeJsonPatch(patch: unknown): Array<Record<string, unknown> | null> {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw new JsonPatchError(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
  return patch.map((o) => {
    if (o !== null && !isObject(o)) throw new JsonPatchError(`json: cannot unmarshal ${goJsonKind(o)} into Go value of type jsonpatch.Operation`);
    return o as Record<string, unknown> | null;
  });
}

function kindOf(o: Record<string, unknown> | null): string {
  const op = o?.op;
  return typeof op === "string" ? op : "unknown";
}

/** Applies the operations in order to a copy of `doc` (an object or an array). */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const ops = decodeJsonPatch(patch);
  let root = cloneJson(doc) as Container;
  for (const o of ops) {
    const op = o ?? {};
    const kind = kindOf(o);
    switch (kind) {
      case "add": {
        const path = stringField(op, "path");
        if (typeof path !== "string") throw new JsonPatchError(`add operation failed to decode path: ${MISSING}`);
        const at = findContainer(root, path);
        if (!at) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
        try {
          add(at.c, at.key, valueOf(op) ?? null);
        } catch (err) {
          throw new JsonPatchError(`error in add for path: '${path}': ${(err as Error).message}`);
        }
        break;
      }
      case "remove": {
        const path = stringField(op, "path");
        if (typeof path !== "string") throw new JsonPatchError(`remove operation failed to decode path: ${MISSING}`);
        const at = findContainer(root, path);
        if (!at) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
        try {
          remove(at.c, at.key);
        } catch (err) {
          throw new JsonPatchError(`error in remove for path: '${path}': ${(err as Error).message}`);
        }
        break;
      }
      case "replace": {
        const path = stringField(op, "path");
        if (typeof path !== "string") {
          throw new JsonPatchError(`replace operation failed to decode path: ${"missing" in path ? missingPath : path.error}`);
        }
        const value = valueOf(op);
        if (path === "") {
          if (!Array.isArray(value) && !isObject(value)) throw new JsonPatchError("replace operation value must be object or array: %!w(<nil>)");
          root = value;
          break;
        }
        const at = findContainer(root, path);
        if (!at) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
        if ("error" in get(at.c, at.key)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
        set(at.c, at.key, value ?? null);
        break;
      }
      case "move": {
        const from = stringField(op, "from");
        if (typeof from !== "string") throw new JsonPatchError(`move operation failed to decode from: ${"missing" in from ? missingFrom : from.error}`);
        const src = findContainer(root, from);
        if (!src) throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
        const got = get(src.c, src.key);
        if ("error" in got) throw new JsonPatchError(`error in move for path: '${src.key}': ${got.error}`);
        try {
          remove(src.c, src.key);
        } catch (err) {
          throw new JsonPatchError(`error in move for path: '${src.key}': ${(err as Error).message}`);
        }
        const path = stringField(op, "path");
        if (typeof path !== "string") throw new JsonPatchError(`move operation failed to decode path: ${"missing" in path ? missingPath : path.error}`);
        const dst = findContainer(root, path);
        if (!dst) throw new JsonPatchError(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
        try {
          add(dst.c, dst.key, got.value ?? null);
        } catch (err) {
          throw new JsonPatchError(`error in move for path: '${path}': ${(err as Error).message}`);
        }
        break;
      }
      case "copy": {
        const from = stringField(op, "from");
        if (typeof from !== "string") throw new JsonPatchError(`copy operation failed to decode from: ${"missing" in from ? missingFrom : from.error}`);
        const src = findContainer(root, from);
        if (!src) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
        const got = get(src.c, src.key);
        if ("error" in got) throw new JsonPatchError(`error in copy for from: '${from}': ${got.error}`);
        const path = stringField(op, "path");
        if (typeof path !== "string") throw new JsonPatchError(`copy operation failed to decode path: ${MISSING}`);
        const dst = findContainer(root, path);
        if (!dst) throw new JsonPatchError(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
        try {
          add(dst.c, dst.key, cloneJson(got.value ?? null));
        } catch (err) {
          throw new JsonPatchError(`error while adding value during copy: ${(err as Error).message}`);
        }
        break;
      }
      case "test": {
        const path = stringField(op, "path");
        if (typeof path !== "string") throw new JsonPatchError(`test operation failed to decode path: ${"missing" in path ? missingPath : path.error}`);
        const want = valueOf(op);
        const failed = new JsonPatchError(`testing value ${path} failed: test failed`);
        if (path === "") {
          if (!jsonEqual(root, want)) throw failed;
          break;
        }
        const at = findContainer(root, path);
        if (!at) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
        const got = get(at.c, at.key);
        if ("error" in got) throw new JsonPatchError(`error in test for path: '${path}': ${got.error}`);
        const have = got.value;
        if (have === undefined || have === null) {
          if (want === undefined || want === null) break;
          throw failed;
        }
        if (want === undefined || !jsonEqual(have, want)) throw failed;
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return root;
}
