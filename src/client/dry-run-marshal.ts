import { toKubernetesYaml } from "../config/yaml.js";
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

/**
 * Default marshal: upstream's kubeadmutil.MarshalToYaml for the resource's group/version, i.e.
 * apiVersion/kind set and sigs.k8s.io/yaml output (src/config/yaml.ts). Go's typed structs also
 * print some zero values (e.g. `status: {}` of a Deployment); objects must carry those themselves.
 */
export const defaultDryRunMarshal: DryRunMarshal = (object, resource) => toKubernetesYaml(withTypeMeta(object, resource));
