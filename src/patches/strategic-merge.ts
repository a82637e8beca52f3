// Strategic merge patch as k8s.io/apimachinery's strategicpatch.StrategicMergePatch applies a patch
// (merge lists by merge key, keep the relative order of patch and server items, $patch directives,
// $retainKeys, $deleteFromPrimitiveList, nulls delete).
import { cloneJson, isObject, jsonEqual } from "./json.js";
import type { Schema } from "./schema.js";

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_PRIMITIVE_PREFIX = "$deleteFromPrimitiveList";
const SET_ORDER_PREFIX = "$setElementOrder";

export class StrategicMergeError extends Error {}

type Obj = Record<string, unknown>;

function goKind(v: unknown): string {
  if (v === null) return "nil";
  if (Array.isArray(v)) return "slice";
  if (isObject(v)) return "map";
  return typeof v;
}

export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: Schema): unknown {
  if (!isObject(patch)) throw new StrategicMergeError("invalid JSON document: the patch must be a JSON object");
  const orig = isObject(original) ? (cloneJson(original) as Obj) : {};
  return mergeMap(orig, cloneJson(patch) as Obj, schema);
}

function mergeMap(original: Obj, patch: Obj, schema: Schema | undefined): Obj {
  if (Object.prototype.hasOwnProperty.call(patch, DIRECTIVE)) {
    const d = patch[DIRECTIVE];
    if (d === "replace") {
      const out = { ...patch };
      delete out[DIRECTIVE];
      return out;
    }
    if (d === "delete") return {};
    throw new StrategicMergeError(`Unknown patch type: ${String(d)} in map: ${JSON.stringify(patch)}`);
  }
  if (Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) {
    const keep = patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw new StrategicMergeError(`invalid patch: ${RETAIN_KEYS} must be a list`);
    for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
    delete patch[RETAIN_KEYS];
  }
  for (const [key, patchV] of Object.entries(patch)) {
    if (key.startsWith(SET_ORDER_PREFIX + "/")) continue;
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX + "/")) {
      const k = key.slice(DELETE_PRIMITIVE_PREFIX.length + 1);
      const cur = original[k];
      if (Array.isArray(cur) && Array.isArray(patchV)) original[k] = cur.filter((x) => !patchV.some((d) => jsonEqual(d, x)));
      continue;
    }
    if (patchV === null) {
      delete original[key];
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(original, key)) {
      original[key] = patchV;
      continue;
    }
    const origV = original[key];
    if (goKind(origV) !== goKind(patchV)) {
      original[key] = patchV;
      continue;
    }
    const field = schema?.fields?.[key] ?? schema?.values;
    if (isObject(origV) && isObject(patchV)) {
      original[key] = field?.replace ? patchV : mergeMap(origV, patchV, field);
    } else if (Array.isArray(origV) && Array.isArray(patchV)) {
      const l = field?.list;
      original[key] = l && l.strategy === "merge" ? mergeSlice(origV, patchV, l.mergeKey ?? "", l.item) : patchV;
    } else {
      original[key] = patchV;
    }
  }
  return original;
}

function elementKind(original: unknown[], patch: unknown[]): string {
  let kind = "";
  for (const v of [...original, ...patch]) {
    const k = goKind(v);
    if (k === "slice") throw new StrategicMergeError("lists of lists are not supported");
    if (kind !== "" && k !== kind) throw new StrategicMergeError("list elements are not all of the same type");
    kind = k;
  }
  return kind;
}

function keyOf(item: unknown, mergeKey: string): unknown {
  return mergeKey !== "" && isObject(item) ? item[mergeKey] : item;
}

function indexIn(list: unknown[], item: unknown, mergeKey: string): number {
  const v = keyOf(item, mergeKey);
  return list.findIndex((x) => jsonEqual(keyOf(x, mergeKey), v));
}

function mergeSlice(original: unknown[], patch: unknown[], mergeKey: string, item: Schema | undefined): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  if (kind !== "map") {
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => jsonEqual(m, v))) merged.push(v);
    mergeKey = "";
  } else {
    if (mergeKey === "") throw new StrategicMergeError("cannot merge lists without merge key for type map");
    const plain: Obj[] = [];
    let replace = false;
    for (const v of patch as Obj[]) {
      if (!Object.prototype.hasOwnProperty.call(v, DIRECTIVE)) {
        plain.push(v);
        continue;
      }
      const d = v[DIRECTIVE];
      if (d === "delete") {
        if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) {
          throw new StrategicMergeError(`map: ${JSON.stringify(v)} does not contain declared merge key: ${mergeKey}`);
        }
        original = original.filter((o) => !jsonEqual(keyOf(o, mergeKey), v[mergeKey]));
      } else if (d === "replace") {
        replace = true;
      } else if (d === "merge") {
        throw new StrategicMergeError("merging lists cannot yet be specified in the patch");
      } else {
        throw new StrategicMergeError(`Unknown patch type: ${String(d)} in map: ${JSON.stringify(v)}`);
      }
    }
    if (replace) {
      original = plain;
      patch = [];
    } else {
      patch = plain;
    }
    merged = [...original];
    for (const p of patch as Obj[]) {
      if (!Object.prototype.hasOwnProperty.call(p, mergeKey)) {
        throw new StrategicMergeError(`map: ${JSON.stringify(p)} does not contain declared merge key: ${mergeKey}`);
      }
      const i = indexIn(merged, p, mergeKey);
      if (i >= 0) merged[i] = mergeMap(merged[i] as Obj, p, item);
      else merged.push(p);
    }
  }
  // Keep the patch's relative order and the server's relative order, interleaving them.
  const patchItems = merged.filter((m) => indexIn(patch, m, mergeKey) >= 0);
  const serverOnly = merged.filter((m) => indexIn(patch, m, mergeKey) < 0);
  const sortBy = (list: unknown[], order: unknown[]) =>
    list
      .map((v, i) => ({ v, i, o: indexIn(order, v, mergeKey) }))
      .sort((a, b) => (a.o >= 0 && b.o >= 0 ? a.o - b.o : a.i - b.i))
      .map((x) => x.v);
  const right = sortBy(patchItems, patch);
  const left = sortBy(serverOnly, original);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(original, left[i], mergeKey);
      const ri = indexIn(original, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
