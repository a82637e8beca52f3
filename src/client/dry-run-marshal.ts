import { apiVersionOf, type ResourceDescriptor } from "./resources.js";
import type { KubeObject } from "./types.js";

/** Turns an object into the text printed after "[dryrun] Attached object:". */
export type DryRunMarshal = (object: KubeObject, resource: ResourceDescriptor) => string | Promise<string>;

/**
 * The object as upstream's encoder for the resource's group/version sees it: apiVersion and kind
 * set (a list gets "<Kind>List"), everything else as given.
 */
export function withTypeMeta(object: KubeObject, resource: ResourceDescriptor): KubeObject {
  const isList = Array.isArray((object as { items?: unknown }).items) && !object.metadata?.name;
  return { ...object, apiVersion: apiVersionOf(resource), kind: isList ? `${resource.kind}List` : resource.kind };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/**
 * Default marshal: keys sorted at every level, sequences not indented, no line folding, as
 * upstream's YAML-via-JSON output. The Kubernetes-style marshaller in src/config/yaml.ts (quoting
 * rules) should replace this through the `marshal` option once it exists.
 */
export const defaultDryRunMarshal: DryRunMarshal = async (object, resource) => {
  const { stringify } = await import("yaml");
  return stringify(sortKeys(withTypeMeta(object, resource)), { indentSeq: false, lineWidth: 0, minContentWidth: 0 });
};
