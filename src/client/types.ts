import type { ObjectMeta, ListMeta } from "kubernetes-types/meta/v1.js";
import type { ResourceName, ResourceTypes } from "./resources.js";

export type { ResourceName, ResourceTypes, ResourceDescriptor } from "./resources.js";

/** Any API object: what every resource type has in common. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

/** Patch flavours and the Content-Type each is sent with. */
export type PatchType = "strategic" | "merge" | "json";
export const PATCH_CONTENT_TYPE: Readonly<Record<PatchType, string>> = Object.freeze({
  strategic: "application/strategic-merge-patch+json",
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
});

export interface ListOptions {
  /** Namespace to list in; all namespaces when omitted (namespaced resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** At most this many items (a server may answer with a continue token). */
  limit?: number;
}

export interface DeleteOptions {
  /** "Orphan" | "Background" | "Foreground" */
  propagationPolicy?: string;
}

/** A raw GET answer (discovery, /healthz, /livez, /readyz): the status is returned, not thrown. */
export interface RawResponse {
  statusCode: number;
  body: string;
}

/** The /version answer (apimachinery version.Info). */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
}

/**
 * The Kubernetes API as kubeadm uses it. Namespaced calls take the namespace last; on create and
 * update the namespace comes from the object's metadata unless given. Failures answered by the
 * server are ApiError values (see api-error.ts); transport failures are plain Errors.
 */
export interface KubeClient {
  get<R extends ResourceName>(resource: R, name: string, namespace?: string): Promise<ResourceTypes[R]>;
  list<R extends ResourceName>(resource: R, options?: ListOptions): Promise<KubeList<ResourceTypes[R]>>;
  create<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]>;
  update<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]>;
  /** `patch` is an object (or array for "json") and is sent JSON-encoded with the type's Content-Type. */
  patch<R extends ResourceName>(resource: R, name: string, type: PatchType, patch: unknown, namespace?: string): Promise<ResourceTypes[R]>;
  delete<R extends ResourceName>(resource: R, name: string, namespace?: string, options?: DeleteOptions): Promise<void>;
  /** GET of an absolute path such as "/healthz" or "/livez?verbose"; any HTTP status is returned. */
  getRaw(path: string): Promise<RawResponse>;
  /** GET /version. */
  serverVersion(): Promise<VersionInfo>;
  /** Releases sockets (keep-alive agent). Safe to call more than once. */
  close(): void;
}
