// The --patches engine without upstream at hand: behaviours and error texts that
// test/integration/patches/edge-cases.test.ts verified against the pinned upstream kubeadm (json-patch.v4,
// apimachinery strategicpatch), pinned here on small documents.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, parsePatchFileName, patchManagerForPath, POD_SCHEMA, resetPatchManagerCache } from "../../../src/patches/index.js";
import { goValue } from "../../../src/patches/strategic-merge.js";

const pod = () => ({
  metadata: { name: "p", labels: { a: "1" } },
  spec: {
    containers: [{ name: "c", command: ["x", "y"], volumeMounts: [{ mountPath: "/a", name: "a" }] }],
    volumes: [
      { name: "a", hostPath: { path: "/a" } },
      { name: "b", hostPath: { path: "/b" } },
      { name: "c", hostPath: { path: "/c" } },
    ],
  },
});

describe("JSON patch (json-patch.v4 semantics)", () => {
  it("replace adds a missing object key; negative indices count from the end; '-' appends", () => {
    const out = applyJsonPatch(pod(), [
      { op: "replace", path: "/metadata/labels/new", value: "v" },
      { op: "add", path: "/spec/containers/0/command/-", value: "z" },
      { op: "remove", path: "/spec/containers/0/command/-3" },
    ]) as ReturnType<typeof pod> & { metadata: { labels: Record<string, string> } };
    expect(out.metadata.labels).toEqual({ a: "1", new: "v" });
    expect(out.spec.containers[0]!.command).toEqual(["y", "z"]);
  });
  it("the library's error texts", () => {
    const err = (ops: unknown) => {
      try {
        applyJsonPatch(pod(), ops);
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(err([{ op: "remove", path: "/spec/nothing" }])).toBe("error in remove for path: '/spec/nothing': Unable to remove nonexistent key: nothing: missing value");
    expect(err([{ op: "add", path: "/spec/containers/5", value: {} }])).toBe("error in add for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced");
    expect(err([{ op: "add", path: "/spec/containers/x", value: {} }])).toBe(
      `error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    );
    expect(err([{ op: "replace", path: "/spec/nothing/x", value: 1 }])).toBe("replace operation does not apply: doc is missing path: /spec/nothing/x: missing value");
    expect(err([{ op: "test", path: "/metadata/name", value: "q" }])).toBe("testing value /metadata/name failed: test failed");
    expect(err([{ op: "move", from: "/metadata/nope", path: "/x" }])).toBe("error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value");
    expect(err([{ op: "remove" }])).toBe("remove operation failed to decode path: missing value");
    expect(err([{ op: "frob", path: "/" }])).toBe("Unexpected kind: frob");
    expect(err({ op: "add" })).toBe("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    expect(err(["x"])).toBe("json: cannot unmarshal string into Go value of type jsonpatch.Operation");
  });
  it("a null patch changes nothing; a test of a missing key against null passes", () => {
    expect(applyJsonPatch(pod(), null)).toEqual(pod());
    expect(applyJsonPatch(pod(), [{ op: "test", path: "/metadata/missing", value: null }])).toEqual(pod());
  });
});

describe("merge patch (json-patch.v4 MergePatch)", () => {
  it("nulls delete; new values lose nested nulls; lists replace the document; scalars are rejected", () => {
    expect(applyMergePatch({ a: 1, b: { c: 2 } }, { a: null, b: { d: { e: null, f: 1 } } })).toEqual({ b: { c: 2, d: { f: 1 } } });
    expect(applyMergePatch({ a: 1 }, [{ x: null, y: 1 }, null])).toEqual([{ y: 1 }, null]);
    expect(() => applyMergePatch({ a: 1 }, "text")).toThrow("Invalid JSON Patch");
    expect(() => applyMergePatch({ a: 1 }, null)).toThrow("Invalid JSON Patch");
  });
});

describe("strategic merge patch", () => {
  const smp = (patch: unknown) => applyStrategicMergePatch(pod(), patch, POD_SCHEMA) as ReturnType<typeof pod>;
  it("$setElementOrder orders the merged list", () => {
    const out = smp({ spec: { "$setElementOrder/volumes": [{ name: "c" }, { name: "a" }], volumes: [{ name: "c", emptyDir: {} }] } });
    // listed items in the directive's order, interleaved with the rest by server order (as upstream)
    expect(out.spec.volumes.map((v) => v.name)).toEqual(["b", "c", "a"]);
    expect(out.spec.volumes[1]).toEqual({ name: "c", hostPath: { path: "/c" }, emptyDir: {} });
  });
  it("$patch delete/replace, $retainKeys, $deleteFromPrimitiveList", () => {
    expect(smp({ spec: { volumes: [{ name: "b", $patch: "delete" }] } }).spec.volumes.map((v) => v.name)).toEqual(["a", "c"]);
    expect(smp({ metadata: { labels: { $patch: "replace", z: "9" } } }).metadata.labels).toEqual({ z: "9" });
    expect(smp({ spec: { volumes: [{ name: "a", $retainKeys: ["name", "emptyDir"], emptyDir: {} }] } }).spec.volumes[0]).toEqual({ name: "a", emptyDir: {} });
    expect(() => smp({ spec: { volumes: [{ name: "a", $retainKeys: ["name"], emptyDir: {} }] } })).toThrow("invalid patch format of retainKeys");
    const withFinalizers = applyStrategicMergePatch({ metadata: { finalizers: ["a", "b"] } }, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }, POD_SCHEMA);
    expect(withFinalizers).toEqual({ metadata: { finalizers: ["b"] } });
  });
  it("Go's texts for bad directives, missing merge keys and non-object patches; null is an empty patch", () => {
    expect(() => smp({ metadata: { labels: { $patch: "sideways", n: 1e6 } } })).toThrow("unknown patch type: sideways in map: map[$patch:sideways n:1e+06]");
    expect(() => smp({ spec: { volumes: [{ hostPath: { path: "/x" } }] } })).toThrow("map: map[hostPath:map[path:/x]] does not contain declared merge key: name");
    expect(() => smp({ spec: { volumes: [{ name: "a", $patch: "merge" }] } })).toThrow("merging lists cannot yet be specified in the patch");
    expect(() => smp(["a"])).toThrow(/^invalid JSON document$/);
    expect(smp(null)).toEqual(pod());
  });
  it("goValue prints like fmt's %v", () => {
    expect(goValue({ b: [1, 1.5, 123456, 1234567, 0.00001, true, null], a: "s" })).toBe("map[a:s b:[1 1.5 123456 1.234567e+06 1e-05 true <nil>]]");
  });
});

describe("patch files", () => {
  const dir = mkdtempSync(join(tmpdir(), "patch-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => resetPatchManagerCache());

  it("names: '+' needs a known type; unknown targets and extensions are ignored with a reason", () => {
    expect(() => parsePatchFileName("kube-apiserver+foo.yaml")).toThrow("unknown or missing patch type after '+', must be one of [json merge strategic]");
    expect(parsePatchFileName("kube-apiserver3.yml")).toEqual({ ignore: "the file extension must be one of [json yaml]" });
    expect(parsePatchFileName("other.yaml")).toEqual({ ignore: expect.stringMatching(/^unknown target, must be one of \[etcd kube-apiserver/) });
    expect(parsePatchFileName("kube-apiserver10+merge.yaml")).toEqual({ target: "kube-apiserver", patchType: "application/merge-patch+json" });
  });

  it("files in lexical order (10 before 2, sub-directories in place), documents in order, empty ones skipped", async () => {
    const files: Record<string, string> = {
      "kube-apiserver2.yaml": "metadata:\n  labels:\n    order: two\n",
      "kube-apiserver10+merge.yaml": "metadata:\n  labels:\n    order: ten\n",
      "a/kube-apiserver9.yaml": "metadata:\n  labels:\n    order: nine\n",
      "kube-apiserver0.yaml": "metadata:\n  labels:\n    d1: x\n---\n\n---\nmetadata:\n  labels:\n    d2: z\n    d3: y\n",
      "kube-apiserver1.yaml": "",
    };
    for (const [f, c] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), c);
    }
    const out: string[] = [];
    const pm = await patchManagerForPath(dir, { write: (s: string) => out.push(s) });
    const res = pm.applyToTarget("kube-apiserver", pod(), POD_SCHEMA) as ReturnType<typeof pod> & { metadata: { labels: Record<string, string> } };
    // "y" is a YAML 1.1 boolean, as go-yaml reads it
    expect(res.metadata.labels).toEqual({ a: "1", d1: "x", d2: "z", d3: true, order: "two" });
    expect(out).toEqual([
      `[patches] Reading patches from path "${dir}"\n`,
      `[patches] Ignoring empty file: "kube-apiserver1.yaml"\n`,
      "[patches] Found the following patch files: [kube-apiserver9.yaml kube-apiserver0.yaml kube-apiserver10+merge.yaml kube-apiserver2.yaml]\n",
      "[patches] Ignored the following files: [kube-apiserver1.yaml]\n",
      ...Array(3).fill('[patches] Applied patch of type "application/strategic-merge-patch+json" to target "kube-apiserver"\n'),
      '[patches] Applied patch of type "application/merge-patch+json" to target "kube-apiserver"\n',
      '[patches] Applied patch of type "application/strategic-merge-patch+json" to target "kube-apiserver"\n',
    ]);
  });
});
