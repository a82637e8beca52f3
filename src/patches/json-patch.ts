// JSON patch (RFC 6902), with the error texts of evanphx/json-patch where users may see them.
import { cloneJson, isObject, jsonEqual } from "./json.js";

export interface JsonPatchOp {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

class JsonPatchError extends Error {}

function decodePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new JsonPatchError(`invalid JSON pointer: "${p}"`);
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, unknown> | unknown[];

function arrayIndex(key: string, len: number, forAdd: boolean, path: string): number {
  if (forAdd && key === "-") return len;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw new JsonPatchError(`Unable to access invalid index: ${key}: invalid index referenced: ${path}`);
  const i = Number(key);
  if (forAdd ? i > len : i >= len) throw new JsonPatchError(`Unable to access invalid index: ${i}: invalid index referenced: ${path}`);
  return i;
}

/** Resolves the parent container of `path` and the last key. */
function parentOf(doc: unknown, path: string, op: string): { parent: Container; key: string } {
  const parts = decodePointer(path);
  if (parts.length === 0) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  let cur: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(part, cur.length, false, path)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, part)) cur = cur[part];
    else throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  if (!Array.isArray(cur) && !isObject(cur)) {
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: unknown, path: string, op: string): unknown {
  if (path === "") return doc;
  const { parent, key } = parentOf(doc, path, op);
  if (Array.isArray(parent)) return parent[arrayIndex(key, parent.length, false, path)];
  if (!Object.prototype.hasOwnProperty.call(parent, key)) {
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return parent[key];
}

function removeAt(doc: unknown, path: string, op: string): unknown {
  const { parent, key } = parentOf(doc, path, op);
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, false, path);
    return parent.splice(i, 1)[0];
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) {
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  const v = parent[key];
  delete parent[key];
  return v;
}

function addAt(doc: unknown, path: string, value: unknown, op: string): unknown {
  if (path === "") return value;
  const { parent, key } = parentOf(doc, path, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true, path), 0, value);
  else parent[key] = value;
  return doc;
}

function replaceAt(doc: unknown, path: string, value: unknown): unknown {
  if (path === "") return value;
  const { parent, key } = parentOf(doc, path, "replace");
  if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, false, path)] = value;
  else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) {
      throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    }
    parent[key] = value;
  }
  return doc;
}

/** Validates the decoded patch document: a list of operation objects. */
export function decodeJsonPatch(patch: unknown): JsonPatchOp[] {
  if (!Array.isArray(patch)) throw new JsonPatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  return patch.map((o) => {
    if (!isObject(o)) throw new JsonPatchError("json: cannot unmarshal into Go value of type jsonpatch.Operation");
    return o as unknown as JsonPatchOp;
  });
}

/** Applies the operations in order to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  let out = cloneJson(doc);
  for (const o of decodeJsonPatch(patch)) {
    const path = o.path;
    if (typeof path !== "string") throw new JsonPatchError(`${o.op} operation missing path`);
    switch (o.op) {
      case "add":
        out = addAt(out, path, cloneJson(o.value ?? null), "add");
        break;
      case "remove":
        removeAt(out, path, "remove");
        break;
      case "replace":
        out = replaceAt(out, path, cloneJson(o.value ?? null));
        break;
      case "move": {
        if (typeof o.from !== "string") throw new JsonPatchError("move operation missing from");
        const v = removeAt(out, o.from, "move");
        out = addAt(out, path, v, "move");
        break;
      }
      case "copy": {
        if (typeof o.from !== "string") throw new JsonPatchError("copy operation missing from");
        out = addAt(out, path, cloneJson(getAt(out, o.from, "copy")), "copy");
        break;
      }
      case "test": {
        let actual: unknown;
        try {
          actual = getAt(out, path, "test");
        } catch {
          actual = undefined;
        }
        if (actual === undefined ? o.value !== undefined && o.value !== null : !jsonEqual(actual, o.value ?? null)) {
          throw new JsonPatchError(`testing value ${path} failed: test failed`);
        }
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${o.op}`);
    }
  }
  return out;
}
