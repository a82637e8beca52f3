import { goQuote } from "../util/go-quote.js";

/** Group/version/kind of a configuration document, with Go's text forms. */
export interface GVK {
  group: string;
  version: string;
  kind: string;
}

/** schema.ParseGroupVersion. Throws `unexpected GroupVersion string: <s>`. */
export function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion.length === 0 || apiVersion === "/") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
}

/** "group/version" (just "version" for the core group), as GroupVersion.String(). */
export function groupVersionString(g: { group: string; version: string }): string {
  if (g.group.length > 0) return `${g.group}/${g.version}`;
  return g.version;
}

/** GroupVersionKind.String(): "kubeadm.k8s.io/v1beta4, Kind=InitConfiguration". */
export function gvkString(g: GVK): string {
  return `${g.group}/${g.version}, Kind=${g.kind}`;
}

/** Go %#v of a GroupVersionKind. */
export function gvkGoSyntax(g: GVK): string {
  return `schema.GroupVersionKind{Group:${goQuote(g.group)}, Version:${goQuote(g.version)}, Kind:${goQuote(g.kind)}}`;
}
