// Patch metadata (patchStrategy / patchMergeKey struct tags of k8s.io/api) for the objects kubeadm
// patches strategically: v1.Pod (static Pods), apps/v1.Deployment (CoreDNS) and
// KubeletConfiguration (no list merge keys: lists are replaced).

export interface Schema {
  /** Known fields of a struct. */
  fields?: Readonly<Record<string, Schema>>;
  /** For map[string]T fields: the schema of the values. */
  values?: Schema;
  /** For list fields: merge strategy, merge key and item schema. */
  list?: { strategy: "merge" | "replace"; mergeKey?: string; retainKeys?: boolean; item?: Schema };
  /** patchStrategy "replace" on a struct/map field. */
  replace?: boolean;
}

const mergeList = (mergeKey: string | undefined, item?: Schema, retainKeys = false): Schema => ({
  list: { strategy: "merge", ...(mergeKey !== undefined ? { mergeKey } : {}), retainKeys, ...(item ? { item } : {}) },
});

const CONTAINER: Schema = {
  fields: {
    ports: mergeList("containerPort"),
    env: mergeList("name"),
    volumeMounts: mergeList("mountPath"),
    volumeDevices: mergeList("devicePath"),
  },
};

const OBJECT_META: Schema = {
  fields: {
    finalizers: mergeList(undefined),
    ownerReferences: mergeList("uid"),
  },
};

const POD_SPEC: Schema = {
  fields: {
    volumes: mergeList("name", undefined, true),
    initContainers: mergeList("name", CONTAINER),
    containers: mergeList("name", CONTAINER),
    ephemeralContainers: mergeList("name", CONTAINER),
    imagePullSecrets: mergeList("name"),
    hostAliases: mergeList("ip"),
    topologySpreadConstraints: mergeList("topologyKey"),
    schedulingGates: mergeList("name"),
    resourceClaims: mergeList("name", undefined, true),
  },
};

export const POD_SCHEMA: Schema = { fields: { metadata: OBJECT_META, spec: POD_SPEC } };

export const DEPLOYMENT_SCHEMA: Schema = {
  fields: {
    metadata: OBJECT_META,
    spec: {
      fields: {
        template: { fields: { metadata: OBJECT_META, spec: POD_SPEC } },
        strategy: { fields: { rollingUpdate: {} } },
      },
    },
  },
};

export const DAEMONSET_SCHEMA: Schema = {
  fields: {
    metadata: OBJECT_META,
    spec: {
      fields: {
        template: { fields: { metadata: OBJECT_META, spec: POD_SPEC } },
        updateStrategy: { fields: { rollingUpdate: {} } },
      },
    },
  },
};

/** KubeletConfiguration declares no merge keys: maps merge, lists are replaced. */
export const KUBELET_CONFIGURATION_SCHEMA: Schema = {};
