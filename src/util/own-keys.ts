/**
 * Objects built from untrusted keys (YAML and JSON documents): a key such as "__proto__",
 * "constructor" or "prototype" is data, as it is in Go's maps and structs, never the object's
 * prototype or an inherited member.
 */

/** Sets `obj[key] = value` as an own, enumerable property whatever the key ("__proto__" included). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  // assignment creates an own property for every key but "__proto__", whose setter is inherited
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** `obj[key]` when `key` is an own property of `obj` (never an inherited member such as `constructor`). */
export function getOwn<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * A lookup table without a prototype, for tables indexed by text from input (kinds, versions,
 * groups, gate names): `table["constructor"]` is undefined, as a Go map lookup would be.
 */
export function lookupTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
