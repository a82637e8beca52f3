import { newAlreadyExists, newNotFound } from "./api-error.js";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, deepCopy } from "./patches.js";
import { RESOURCES, type ResourceName } from "./resources.js";
import type { KubeList, KubeObject, ListOptions, PatchType } from "./types.js";

/** Matches a label selector of `k=v`, `k==v`, `k!=v`, `k`, `!k` terms joined by commas. */
export function matchesLabelSelector(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return selector.split(",").map((t) => t.trim()).filter(Boolean).every((term) => {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^([^!=\s]+)\s*!=\s*(.*)$/))) return l[m[1]!] !== m[2];
    if ((m = term.match(/^([^!=\s]+)\s*==?\s*(.*)$/))) return l[m[1]!] === m[2];
    if ((m = term.match(/^!\s*(\S+)$/))) return !(m[1]! in l);
    return term in l;
  });
}

/**
 * The dry-run client's memory, like client-go's fake object tracker: writes are kept so later
 * reads in the same run see them; create of an existing object is AlreadyExists, update, patch,
 * delete and get of a missing one are NotFound. Objects go in and out as copies.
 */
export class ObjectTracker {
  private readonly objects = new Map<string, KubeObject>();

  private key(resource: ResourceName, namespace: string, name: string): string {
    return `${resource}\u0000${RESOURCES[resource].namespaced ? namespace : ""}\u0000${name}`;
  }

  get(resource: ResourceName, namespace: string, name: string): KubeObject {
    const o = this.objects.get(this.key(resource, namespace, name));
    if (!o) throw newNotFound(RESOURCES[resource].plural, RESOURCES[resource].group, name);
    return deepCopy(o);
  }

  list(resource: ResourceName, options: ListOptions = {}): KubeList<KubeObject> {
    const items: KubeObject[] = [];
    for (const [k, o] of this.objects) {
      const [res, ns] = k.split("\u0000");
      if (res !== resource) continue;
      if (RESOURCES[resource].namespaced && options.namespace && ns !== options.namespace) continue;
      if (!matchesLabelSelector(o.metadata?.labels, options.labelSelector)) continue;
      items.push(deepCopy(o));
    }
    return { metadata: { resourceVersion: "" }, items };
  }

  create(resource: ResourceName, namespace: string, object: KubeObject): KubeObject {
    const o = this.withNamespace(resource, namespace, object);
    const name = o.metadata?.name ?? "";
    const k = this.key(resource, o.metadata?.namespace ?? "", name);
    if (this.objects.has(k)) throw newAlreadyExists(RESOURCES[resource].plural, RESOURCES[resource].group, name);
    this.objects.set(k, o);
    return deepCopy(o);
  }

  update(resource: ResourceName, namespace: string, object: KubeObject): KubeObject {
    const o = this.withNamespace(resource, namespace, object);
    const name = o.metadata?.name ?? "";
    const k = this.key(resource, o.metadata?.namespace ?? "", name);
    if (!this.objects.has(k)) throw newNotFound(RESOURCES[resource].plural, RESOURCES[resource].group, name);
    this.objects.set(k, o);
    return deepCopy(o);
  }

  patch(resource: ResourceName, namespace: string, name: string, type: PatchType, patch: unknown): KubeObject {
    const current = this.get(resource, namespace, name);
    const next =
      type === "json" ? applyJsonPatch(current, patch) : type === "merge" ? applyMergePatch(current, patch) : applyStrategicMergePatch(current, patch);
    this.objects.set(this.key(resource, namespace, name), next as KubeObject);
    return deepCopy(next as KubeObject);
  }

  delete(resource: ResourceName, namespace: string, name: string): void {
    const k = this.key(resource, namespace, name);
    if (!this.objects.delete(k)) throw newNotFound(RESOURCES[resource].plural, RESOURCES[resource].group, name);
  }

  private withNamespace(resource: ResourceName, namespace: string, object: KubeObject): KubeObject {
    const o = deepCopy(object);
    if (RESOURCES[resource].namespaced && namespace && !o.metadata?.namespace) o.metadata = { ...o.metadata, namespace };
    return o;
  }
}
