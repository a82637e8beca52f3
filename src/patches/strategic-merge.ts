// Strategic merge patch as k8s.io/apimachinery's strategicpatch.StrategicMergePatch applies a patch
// (merge lists by merge key, keep the relative order of patch and server items, $patch directives,
// $retainKeys, $deleteFromPrimitiveList, $setElementOrder, nulls delete), with its error texts.
import { cloneJson, isObject, jsonEqual } from "./json.js";
import type { Schema } from "./schema.js";

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_PRIMITIVE_PREFIX = "$deleteFromPrimitiveList";
const SET_ORDER_PREFIX = "$setElementOrder";

export class StrategicMergeError extends Error {}

type Obj = Record<string, unknown>;
type Kind = "map" | "slice" | "string" | "number" | "boolean" | "nil";

function goKind(v: unknown): Kind {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return "slice";
  if (isObject(v)) return "map";
  return typeof v as Kind;
}

/** Go's %g-style shortest float text, as fmt's %v prints a float64. */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mant, e] = Math.abs(n).toExponential().split("e") as [string, string];
  const exp = Number(e);
  const sign = n < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) return `${sign}${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return sign + String(Math.abs(n));
}

/** fmt's %v of a decoded JSON value: map[k:v ...] with sorted keys, [a b], <nil>. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  const o = v as Obj;
  const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${keys.map((k) => `${k}:${goValue(o[k])}`).join(" ")}]`;
}

/** reflect.TypeOf(v).String() for decoded JSON. */
function goTypeName(v: unknown): string {
  switch (goKind(v)) {
    case "map":
      return "map[string]interface {}";
    case "slice":
      return "[]interface {}";
    case "string":
      return "string";
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    default:
      return "<nil>";
  }
}

const badArgType = (expected: string, actual: unknown) => new StrategicMergeError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
const noMergeKey = (m: Obj, k: string) => new StrategicMergeError(`map: ${goValue(m)} does not contain declared merge key: ${k}`);
const badPatchType = (t: unknown, m: Obj) =>
  new StrategicMergeError(`unknown patch type: ${typeof t === "string" ? t : `%!s(${goTypeName(t)}=${goValue(t)})`} in map: ${goValue(m)}`);

const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Go's == on interface values holding decoded JSON scalars. */
const scalarEqual = (a: unknown, b: unknown) => a === b || (a === undefined && b === null) || (a === null && b === undefined);

export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: Schema): unknown {
  // the patch is decoded into a map: null is an empty patch, anything else but an object is rejected
  if (patch === null) return cloneJson(original);
  if (!isObject(patch)) throw new StrategicMergeError("invalid JSON document");
  const orig = isObject(original) ? (cloneJson(original) as Obj) : {};
  return mergeMap(orig, cloneJson(patch) as Obj, schema);
}

/** Drops null members of maps at any depth (patch values with nothing to delete). */
function discardNulls(v: unknown): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

/** Removes maps carrying a $patch directive (and list items that are such maps); keep=false for the top value. */
function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (isObject(v)) {
    if (has(v, DIRECTIVE)) return { value: null, keep: false };
    for (const [k, x] of Object.entries(v)) {
      const r = removeDirectives(x);
      if (r.keep) v[k] = r.value;
      else delete v[k];
    }
    return { value: v, keep: true };
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = removeDirectives(x);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  return { value: v, keep: true };
}

function setFromPatch(original: Obj, key: string, patchV: unknown): void {
  discardNulls(patchV);
  const r = removeDirectives(patchV);
  if (r.keep) original[key] = r.value;
  else delete original[key];
}

const fieldOf = (schema: Schema | undefined, key: string): Schema | undefined => schema?.fields?.[key] ?? schema?.values;

function mergeMap(original: Obj, patch: Obj, schema: Schema | undefined): Obj {
  if (has(patch, DIRECTIVE)) {
    const d = patch[DIRECTIVE];
    if (d === "replace") {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (d === "delete") return {};
    throw badPatchType(d, patch);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema);
  for (const [rawKey, patchV] of Object.entries(patch)) {
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      key = extractKey(rawKey, DELETE_PRIMITIVE_PREFIX, "invalid patch format of primitive list");
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[key];
      continue;
    }
    if (!has(original, key) || goKind(original[key]) !== goKind(patchV)) {
      if (!isDeleteList) setFromPatch(original, key, patchV);
      continue;
    }
    const origV = original[key];
    const field = fieldOf(schema, key);
    if (isObject(origV) && isObject(patchV)) {
      original[key] = field?.replace ? patchV : mergeMap(origV, patchV, field);
    } else if (Array.isArray(origV) && Array.isArray(patchV)) {
      const l = field?.list;
      original[key] = (l && l.strategy === "merge") || isDeleteList ? mergeSlice(origV, patchV, l?.mergeKey ?? "", l?.item, isDeleteList) : patchV;
    } else {
      setFromPatch(original, key, patchV);
    }
  }
  return original;
}

function extractKey(key: string, prefix: string, formatError: string): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) throw new StrategicMergeError(formatError);
  return key.slice(slash + 1);
}

function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const keep = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  const bad = new StrategicMergeError("invalid patch format of retainKeys");
  if (!Array.isArray(keep)) throw bad;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE_PREFIX) || k.startsWith(SET_ORDER_PREFIX)) continue;
    if (!keep.includes(k)) throw bad;
  }
  for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
}

/** $setElementOrder/<list>: the list is merged, then ordered as the directive says. */
function applySetElementOrder(original: Obj, patch: Obj, schema: Schema | undefined): void {
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER_PREFIX)) continue;
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType("[]interface {}", order);
    const listKey = extractKey(key, SET_ORDER_PREFIX, "invalid patch format of setElementOrder list");
    const foundOriginal = has(original, listKey);
    const foundPatch = has(patch, listKey);
    const origList = original[listKey];
    const patchList = patch[listKey];
    if (foundOriginal && !Array.isArray(origList)) throw badArgType("[]interface {}", origList);
    if (foundPatch && !Array.isArray(patchList)) throw badArgType("[]interface {}", patchList);
    const origItems = (foundOriginal ? origList : []) as unknown[];
    const patchItemsIn = (foundPatch ? patchList : []) as unknown[];
    const l = fieldOf(schema, listKey)?.list;
    const mergeKey = l?.mergeKey ?? "";
    validateSetOrder(patchItemsIn, order, mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = origItems;
    else if (!foundOriginal && foundPatch) {
      const r = removeDirectives(patchItemsIn);
      if (!r.keep) continue;
      merged = r.value as unknown[];
    } else if (foundOriginal && foundPatch) {
      merged = l && l.strategy === "merge" ? mergeSlice(origItems, patchItemsIn, mergeKey, l.item, false) : patchItemsIn;
    } else continue;
    const inOrder = (v: unknown) => indexIn(order, v, mergeKey, mergeKey === "" ? "scalar" : "map") >= 0;
    if (mergeKey !== "") {
      for (const v of merged) {
        if (!isObject(v)) throw badArgType("map[string]interface {}", v);
        if (!has(v, mergeKey)) throw noMergeKey(v, mergeKey);
      }
    }
    const kind = sliceElementKind(origItems, patchItemsIn);
    original[listKey] = normalizeElementOrder(merged.filter(inOrder), merged.filter((v) => !inOrder(v)), order, origItems, mergeKey, kind);
    delete patch[listKey];
  }
}

function validateSetOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== "") {
    items = [];
    for (const v of patchList) {
      if (!isObject(v)) throw badArgType("map[string]interface {}", v);
      if (v[DIRECTIVE] !== "delete") items.push(v);
    }
  }
  let pi = 0;
  let si = 0;
  while (pi < items.length && si < order.length) {
    const p = items[pi];
    if (isObject(p) && has(p, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(p, order[si], mergeKey)) pi++;
    si++;
  }
  if (pi < items.length && si >= order.length) {
    throw new StrategicMergeError(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ORDER_PREFIX} list:\n${goValue(order)}\n`);
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === "") return scalarEqual(left, right);
  if (!isObject(left)) throw badArgType("map[string]interface {}", left);
  if (!isObject(right)) throw badArgType("map[string]interface {}", right);
  if (!has(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return scalarEqual(left[mergeKey], right[mergeKey]);
}

/** The common element kind of lists ("map" or a scalar kind); lists of lists are refused. */
function sliceElementKind(...lists: unknown[][]): "map" | "scalar" {
  let kind: Kind | null = null;
  for (const list of lists) {
    for (const v of list) {
      const k = goKind(v);
      if (kind === null) {
        kind = k;
        if (k === "slice") throw new StrategicMergeError("lists of lists are not supported");
      } else if (k !== kind) {
        throw new StrategicMergeError(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (kind === null) throw new StrategicMergeError("no elements in any of the given slices");
  return kind === "map" ? "map" : "scalar";
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: "map" | "scalar"): number {
  const val = (x: unknown) => (kind === "map" ? (isObject(x) ? x[mergeKey] : undefined) : x);
  const v = val(item);
  return list.findIndex((x) => scalarEqual(val(x), v) || (typeof v === "object" && v !== null && jsonEqual(val(x), v)));
}

/** apimachinery's in-place de-duplication (a duplicate is overwritten by the last element). */
function deduplicateScalars(s: unknown[]): unknown[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (scalarEqual(s[i], s[j])) {
        s[j] = s[length];
        s = s.slice(0, length);
        length--;
        j--;
      }
    }
  }
  return s;
}

function mergeSlice(original: unknown[], patch: unknown[], mergeKey: string, item: Schema | undefined, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  if (kind === "scalar") {
    if (isDeleteList) return original.filter((o) => !patch.some((d) => scalarEqual(d, o)));
    merged = deduplicateScalars([...original, ...patch]);
    mergeKey = "";
  } else {
    if (mergeKey === "") throw new StrategicMergeError("cannot merge lists without merge key for type map");
    const plain: Obj[] = [];
    let replace = false;
    for (const v of patch as Obj[]) {
      if (!has(v, DIRECTIVE)) {
        plain.push(v);
        continue;
      }
      const d = v[DIRECTIVE];
      if (d === "delete") {
        if (!has(v, mergeKey)) throw noMergeKey(v, mergeKey);
        original = original.filter((o) => !(isObject(o) && scalarEqual(o[mergeKey], v[mergeKey])));
      } else if (d === "replace") {
        replace = true;
      } else if (d === "merge") {
        throw new StrategicMergeError("merging lists cannot yet be specified in the patch");
      } else {
        throw badPatchType(d, v);
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
      if (!has(p, mergeKey)) throw noMergeKey(p, mergeKey);
      const i = indexIn(merged, p, mergeKey, "map");
      if (i >= 0) merged[i] = mergeMap(merged[i] as Obj, p, item);
      else merged.push(p);
    }
  }
  const k = mergeKey === "" ? "scalar" : "map";
  const inPatch = (m: unknown) => indexIn(patch, m, mergeKey, k) >= 0;
  return normalizeElementOrder(merged.filter(inPatch), merged.filter((m) => !inPatch(m)), patch, original, mergeKey, k);
}

/** Go's sort.SliceStable for the short lists met here: an insertion sort with the same comparator. */
function insertionSort<T>(a: T[], less: (x: T, y: T) => boolean): T[] {
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) [a[j], a[j - 1]] = [a[j - 1]!, a[j]!];
  }
  return a;
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: "map" | "scalar"): unknown[] {
  let deletes: unknown[] = [];
  let list = [...toSort];
  if (kind === "map") {
    for (const v of [...list, ...order]) {
      if (!isObject(v)) throw badArgType("map[string]interface {}", v);
      if (!has(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    deletes = list.filter((v) => (v as Obj)[DIRECTIVE] === "delete");
    list = list.filter((v) => (v as Obj)[DIRECTIVE] !== "delete");
  }
  // an element missing from `order` sorts before anything (apimachinery's comparator)
  insertionSort(list, (x, y) => {
    const ix = indexIn(order, x, mergeKey, kind);
    const iy = indexIn(order, y, mergeKey, kind);
    return ix >= 0 && iy >= 0 ? ix < iy : true;
  });
  return [...list, ...deletes];
}

/** Patch items in patch order and server-only items in server order, interleaved by server order. */
function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: "map" | "scalar",
): unknown[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
