// Keys named like JavaScript's object internals ("__proto__", "constructor", "prototype",
// "toString") are plain data, as in Go: unknown fields are reported as unknown fields, map keys
// are kept, lookups by kind/version/gate name find nothing, and nothing reaches Object.prototype.
import { afterEach, describe, expect, it } from "vitest";
import { formatError } from "../../../src/cli/print-error.js";
import { loadInitConfiguration, validateConfig } from "../../../src/config/load.js";
import { memoryLogger } from "../../../src/util/log.js";
import { parseYamlDocument } from "../../../src/config/yaml.js";
import { applyMergePatch } from "../../../src/patches/merge-patch.js";
import { facts, offlineFetcher } from "./helpers.js";

const GVK = 'schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"ClusterConfiguration"}';
const HINT = "To see the stack trace of this error execute with --v=5 or higher\n";
const opts = () => ({ facts, log: memoryLogger(), versionFetcher: offlineFetcher, skipCRIDetect: true });

async function validateError(text: string): Promise<string> {
  try {
    await validateConfig(text, opts());
    return "ok";
  } catch (err) {
    return formatError(err, 0);
  }
}

const prototypeIsClean = (): void => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort());
  expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
  expect(typeof ({}).toString).toBe("function");
};

afterEach(prototypeIsClean);

describe("keys named like object internals", () => {
  it("YAML keeps them as own keys", async () => {
    const p = await parseYamlDocument("__proto__: {polluted: 1}\nconstructor: 2\nm:\n  __proto__: x\n");
    const v = p.value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__", "constructor", "m"]);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(v, "__proto__")?.value).toEqual({ polluted: 1 });
    expect(Object.keys(v.m as object)).toEqual(["__proto__"]);
  });

  it("config validate reports them as unknown fields, as upstream's strict decoding does", async () => {
    const text = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n__proto__:\n  clusterName: evil\nconstructor: 1\nnetworking:\n  prototype: x\n  __proto__: {a: 1}\n  toString: y\n";
    expect(await validateError(text)).toBe(
      `error: error unmarshaling configuration ${GVK}: strict decoding error: unknown field "__proto__", unknown field "constructor", unknown field "networking.__proto__", unknown field "networking.prototype", unknown field "networking.toString"\n${HINT}`,
    );
  });

  it("init warns about them like any unknown field and takes nothing from them", async () => {
    const log = memoryLogger();
    const cfg = await loadInitConfiguration({
      ...opts(),
      log,
      configText: "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n__proto__:\n  clusterName: evil\n",
    });
    expect(log.lines).toContain(`W error unmarshaling configuration ${GVK}: strict decoding error: unknown field "__proto__"`);
    expect(cfg.clusterConfiguration.clusterName).toBe("kubernetes");
  });

  it("feature gates of those names are unknown gates", async () => {
    const text = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nfeatureGates:\n  __proto__: true\n  toString: true\n";
    expect(await validateError(text)).toBe(
      `error: [featureGates: Invalid value: {"__proto__":true,"toString":true}: __proto__ is not a valid feature name., featureGates: Invalid value: {"__proto__":true,"toString":true}: toString is not a valid feature name.]\n${HINT}`,
    );
  });

  it("kinds and versions of those names are unknown APIs", async () => {
    for (const [apiVersion, kind] of [
      ["kubeadm.k8s.io/v1beta4", "constructor"],
      ["kubeadm.k8s.io/__proto__", "toString"],
      ["kubeadm.k8s.io/constructor", "InitConfiguration"],
      ["__proto__/v1", "hasOwnProperty"],
    ]) {
      const [group, version] = apiVersion.split("/");
      expect(await validateError(`apiVersion: ${apiVersion}\nkind: ${kind}\n`)).toBe(
        `error: unknown configuration APIs: []schema.GroupVersionKind{schema.GroupVersionKind{Group:"${group}", Version:"${version}", Kind:"${kind}"}}\n${HINT}`,
      );
    }
  });

  it("a known kind under an unknown version fails as the scheme does (no crash)", async () => {
    const err = (await loadInitConfiguration({ ...opts(), configText: "apiVersion: kubeadm.k8s.io/constructor\nkind: InitConfiguration\n" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(
      'no kind "InitConfiguration" is registered for version "kubeadm.k8s.io/constructor" in scheme "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme/scheme.go:32"',
    );
  });

  it("a merge patch with a __proto__ member patches a member", () => {
    const out = applyMergePatch({ a: 1 }, JSON.parse('{"__proto__": {"polluted": 1}, "b": {"__proto__": {"polluted": 2}}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["a", "__proto__", "b"]);
    expect(JSON.stringify(out)).toBe('{"a":1,"__proto__":{"polluted":1},"b":{"__proto__":{"polluted":2}}}');
  });
});
