// A VersionGetter answering from values (upstream's fakeVersionGetter of its policy and compute tests).
import { parseSemantic } from "../../../src/util/version.js";
import type { VersionGetter, VersionMap } from "../../../src/upgrade/versions.js";

export interface FakeVersions {
  clusterVersion?: string;
  kubeadmVersion: string;
  /** label → version; a missing label throws as an unreachable internet would. */
  labels?: Record<string, string>;
  /** One kubelet per version (node names n0, n1, ...), or a map. */
  kubeletVersions?: string[] | VersionMap;
  components?: Record<string, VersionMap>;
  dnsVersion?: string;
  kubeletListFails?: boolean;
}

export function fakeVersionGetter(f: FakeVersions): VersionGetter {
  const pair = (s: string) => ({ str: s, version: parseSemantic(s) });
  return {
    clusterVersion: async () => pair(f.clusterVersion ?? "v0.0.0"),
    kubeadmVersion: async () => pair(f.kubeadmVersion),
    versionFromCILabel: async (label, description) => {
      const v = f.labels?.[label];
      if (v === undefined) throw new Error(`Couldn't fetch latest ${description} from the internet: offline`);
      return pair(v);
    },
    kubeletVersions: async () => {
      if (f.kubeletListFails) throw new Error("couldn't list all nodes in cluster");
      if (f.kubeletVersions instanceof Map) return f.kubeletVersions;
      return new Map((f.kubeletVersions ?? []).map((v, i) => [v, [`n${i}`]]));
    },
    componentVersions: async (c) => f.components?.[c] ?? new Map(),
    dnsAddonVersion: async () => f.dnsVersion ?? "",
  };
}
