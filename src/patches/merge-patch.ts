// JSON merge patch (RFC 7386), as gopkg.in/evanphx/json-patch.v4's MergePatch applies it: nulls
// delete, new values lose their nested nulls, a list patch replaces the document, and a null or
// scalar patch is rejected.
import { cloneJson, isObject } from "./json.js";
import { getOwn, setOwn } from "../util/own-keys.js";

type Obj = Record<string, unknown>;

/** Drops null members of objects, at any depth (null list elements stay). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? x : pruneNulls(x)));
  if (isObject(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, pruneNulls(x));
    return out;
  }
  return v;
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  return mergeDocs(cur, patch);
}

function mergeDocs(doc: Obj, patch: Obj): Obj {
  // own members only: a "__proto__" key in a patch is a member, never Object.prototype
  for (const [k, v] of Object.entries(patch)) {
    const cur = getOwn(doc, k);
    if (v === null) delete doc[k];
    else if (cur === undefined || cur === null) setOwn(doc, k, pruneNulls(v));
    else setOwn(doc, k, mergeValue(cur, v));
  }
  return doc;
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  const p = cloneJson(patch);
  if (Array.isArray(p)) return pruneNulls(p);
  if (!isObject(p)) throw new Error("Invalid JSON Patch");
  if (!isObject(target)) return pruneNulls(p);
  return mergeDocs(cloneJson(target), p);
}
