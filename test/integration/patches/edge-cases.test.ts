// Edge cases of the --patches engine, each compared with the pinned upstream kubeadm running
// `kubeadm init phase control-plane apiserver --config cfg` (patches.directory in cfg, as --patches
// cannot be mixed with --config) in a private mount
// namespace (test/lab/oracle): the written kube-apiserver manifest byte for byte and the
// "[patches]" lines, or the error text. Our side builds the same Pod and applies the same
// directory with src/patches (the engine the init phases use).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CA_CERTS_EXTRA_VOLUME_PATHS, KUBERNETES_VERSION, KUBE_APISERVER } from "../../../src/constants.js";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import { controlPlanePods, patchStaticPod, staticPodYaml } from "../../../src/manifests/index.js";
import { patchManagerForPath, resetPatchManagerCache } from "../../../src/patches/index.js";
import { runKubeadm, WORK_DIR } from "../../lab/oracle/run.js";
import { requireUpstream } from "../../support/upstream.js";

const CONFIG = [
  "apiVersion: kubeadm.k8s.io/v1beta4",
  "kind: InitConfiguration",
  "localAPIEndpoint:",
  "  advertiseAddress: 192.168.0.10",
  "nodeRegistration:",
  "  name: cp1",
  "  criSocket: unix:///var/run/containerd/containerd.sock",
  "patches:",
  "  directory: /run/kubeadm-oracle/patches",
  "---",
  "apiVersion: kubeadm.k8s.io/v1beta4",
  "kind: ClusterConfiguration",
  `kubernetesVersion: ${KUBERNETES_VERSION}`,
  "",
].join("\n");

const UP_DIR = `${WORK_DIR}/patches`;
if (!CONFIG.includes(`directory: ${UP_DIR}\n`)) throw new Error("CONFIG must name UP_DIR");
const tmp = mkdtempSync(join(tmpdir(), "patch-edges-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Outcome {
  /** "[patches] ..." lines, with the patches directory written as <dir>. */
  lines: string[];
  manifest?: string;
  error?: string;
}

async function ours(name: string, files: Record<string, string>): Promise<Outcome> {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), content);
  }
  const cfg = await loadInitConfiguration({ configText: CONFIG, facts: staticSystemFacts({ hostname: "cp1" }), skipCRIDetect: true });
  const pods = controlPlanePods({
    cluster: cfg.clusterConfiguration,
    localAPIEndpoint: cfg.localAPIEndpoint,
    controlPlaneComponentHealthCheckMs: cfg.timeouts.controlPlaneComponentHealthCheck,
    existingCADirs: CA_CERTS_EXTRA_VOLUME_PATHS.filter((d) => existsSync(d)),
    proxyEnv: [],
  });
  const out: string[] = [];
  const norm = (s: string) => s.split(dir).join("<dir>");
  try {
    const pm = await patchManagerForPath(dir, { write: (s: string) => out.push(s) });
    const manifest = staticPodYaml(patchStaticPod(KUBE_APISERVER, pods[KUBE_APISERVER]!, pm));
    return { lines: norm(out.join("")).split("\n").filter(Boolean), manifest };
  } catch (err) {
    return { lines: norm(out.join("")).split("\n").filter(Boolean), error: norm((err as Error).message) };
  }
}

async function upstream(files: Record<string, string>): Promise<Outcome & { stderr: string }> {
  const inputs: Record<string, string> = {};
  for (const [f, content] of Object.entries(files)) inputs[`patches/${f}`] = content;
  if (Object.keys(files).length === 0) inputs["patches/.keep-dir"] = "";
  requireUpstream("kubeadm");
  const r = await runKubeadm({ args: ["init", "phase", "control-plane", "apiserver", "--config", "{config}"], config: CONFIG, inputs });
  const norm = (s: string) => s.split(UP_DIR).join("<dir>");
  const lines = norm(r.stdout).split("\n").filter((l) => l.startsWith("[patches]"));
  const m = r.files["/etc/kubernetes/manifests/kube-apiserver.yaml"];
  const res: Outcome & { stderr: string } = { lines, stderr: norm(r.stderr) };
  if (r.code === 0 && m) res.manifest = m.content.toString("utf8");
  else res.error = norm(r.stderr);
  return res;
}

const SMP = "kube-apiserver.yaml";
/**
 * Known divergence (src/config/yaml.ts, not the patch engine): YAML syntax errors carry the `yaml`
 * package's wording and line, not go-yaml's ("did not find expected node content"). For those
 * cases the parser's detail is masked on both sides; the rest of the text must still match.
 */
const maskYamlDetail = (s: string) => s.replace(/yaml: line \d+: [^\n]*/g, "yaml: line <n>: <parser message>");

const CASES: Array<{ name: string; files: Record<string, string>; yamlSyntaxError?: boolean }> = [
  {
    name: "$patch: delete of list items (volume by name, volumeMount by mountPath)",
    files: {
      [SMP]: [
        "spec:",
        "  volumes:",
        "  - name: k8s-certs",
        "    $patch: delete",
        "  containers:",
        "  - name: kube-apiserver",
        "    volumeMounts:",
        "    - mountPath: /etc/kubernetes/pki",
        "      $patch: delete",
        "",
      ].join("\n"),
    },
  },
  { name: "$patch: replace of a map", files: { [SMP]: "metadata:\n  labels:\n    $patch: replace\n    tier: custom\n" } },
  { name: "$patch: delete of a map", files: { [SMP]: "spec:\n  securityContext:\n    $patch: delete\n" } },
  {
    name: "$patch: replace of a merging list",
    files: { [SMP]: "spec:\n  volumes:\n  - $patch: replace\n  - name: only\n    emptyDir: {}\n" },
  },
  {
    name: "$retainKeys on a volume (hostPath dropped for emptyDir)",
    files: { [SMP]: "spec:\n  volumes:\n  - name: k8s-certs\n    $retainKeys: [name, emptyDir]\n    emptyDir: {}\n" },
  },
  {
    name: "$setElementOrder on volumes",
    files: { [SMP]: "spec:\n  $setElementOrder/volumes:\n  - name: k8s-certs\n  - name: ca-certs\n  volumes:\n  - name: k8s-certs\n    hostPath:\n      path: /srv/pki\n" },
  },
  { name: "an unknown $patch directive", files: { [SMP]: "metadata:\n  labels:\n    $patch: sideways\n" } },
  { name: "a new container merged by name, env merged by name", files: { [SMP]: "spec:\n  containers:\n  - name: sidecar\n    image: busybox\n  - name: kube-apiserver\n    env:\n    - name: A\n      value: b\n" } },
  { name: "null deletes a key", files: { [SMP]: "spec:\n  priority: null\n  priorityClassName: null\n" } },
  {
    name: "JSON patch: test passes, then replace",
    files: { "kube-apiserver+json.json": '[{"op":"test","path":"/metadata/name","value":"kube-apiserver"},{"op":"replace","path":"/spec/priority","value":7}]' },
  },
  { name: "JSON patch: test fails", files: { "kube-apiserver+json.json": '[{"op":"test","path":"/metadata/name","value":"nope"}]' } },
  { name: "JSON patch: test of a missing path", files: { "kube-apiserver+json.yaml": "- op: test\n  path: /metadata/nothing\n  value: x\n" } },
  { name: "JSON patch: remove of a missing path", files: { "kube-apiserver+json.yaml": "- op: remove\n  path: /spec/nothing\n" } },
  { name: "JSON patch: an unknown op", files: { "kube-apiserver+json.yaml": "- op: frobnicate\n  path: /spec\n" } },
  { name: "JSON patch given an object", files: { "kube-apiserver+json.yaml": "op: add\npath: /x\nvalue: 1\n" } },
  { name: "merge patch: nested maps and null", files: { "kube-apiserver+merge.yaml": "metadata:\n  annotations:\n    a: b\n  labels:\n    tier: null\n" } },
  {
    name: "JSON patch: move, copy, append with '-', negative index, replace of a missing key",
    files: {
      "kube-apiserver+json.yaml": [
        "- {op: copy, from: /metadata/labels/component, path: /metadata/annotations/copied}",
        "- {op: move, from: /metadata/annotations/copied, path: /metadata/labels/moved}",
        "- {op: add, path: /spec/containers/0/command/-, value: --v=4}",
        "- {op: remove, path: /spec/containers/0/command/-1}",
        "- {op: add, path: /spec/containers/0/command/-1, value: --v=5}",
        "- {op: replace, path: /metadata/labels/brand-new, value: x}",
        "",
      ].join("\n"),
    },
  },
  { name: "JSON patch: add past the end of a list", files: { "kube-apiserver+json.yaml": "- {op: add, path: /spec/containers/5, value: {}}\n" } },
  { name: "JSON patch: a non-numeric list index", files: { "kube-apiserver+json.yaml": "- {op: add, path: /spec/containers/x, value: {}}\n" } },
  { name: "JSON patch: replace through a missing parent", files: { "kube-apiserver+json.yaml": "- {op: replace, path: /spec/nothing/x, value: 1}\n" } },
  { name: "JSON patch: move from a missing key", files: { "kube-apiserver+json.yaml": "- {op: move, from: /metadata/nope, path: /metadata/x}\n" } },
  { name: "JSON patch: an operation without a path", files: { "kube-apiserver+json.yaml": "- {op: remove}\n" } },
  {
    name: "$deleteFromPrimitiveList on finalizers (added by a first document)",
    files: { [SMP]: "metadata:\n  finalizers: [a, b, c]\n---\nmetadata:\n  $deleteFromPrimitiveList/finalizers: [b]\n  finalizers: [d]\n" },
  },
  { name: "$retainKeys naming fewer keys than the patch sets", files: { [SMP]: "spec:\n  volumes:\n  - name: k8s-certs\n    $retainKeys: [name]\n    emptyDir: {}\n" } },
  { name: "$patch: merge on a list item", files: { [SMP]: "spec:\n  volumes:\n  - name: k8s-certs\n    $patch: merge\n" } },
  { name: "a list item without its merge key", files: { [SMP]: "spec:\n  volumes:\n  - hostPath: {path: /x}\n" } },
  { name: "a new container carrying nulls and a nested $patch", files: { [SMP]: "spec:\n  containers:\n  - name: extra\n    image: busybox\n    args: null\n    securityContext:\n      $patch: delete\n" } },
  { name: "merge patch: a list as the whole patch", files: { "kube-apiserver+merge.yaml": "- a\n" } },
  { name: "merge patch: a scalar", files: { "kube-apiserver+merge.yaml": "just-text\n" } },
  { name: "bad JSON in a .json file", files: { "kube-apiserver+json.json": '[{"op": "add", ' }, yamlSyntaxError: true },
  { name: "bad YAML", files: { [SMP]: "spec:\n  priority: [1\n  x: y\n" }, yamlSyntaxError: true },
  { name: "a strategic patch that is a list", files: { [SMP]: "- a\n- b\n" } },
  { name: "a scalar patch", files: { [SMP]: "hello\n" } },
  { name: "unknown patch type after '+'", files: { "kube-apiserver+foo.yaml": "spec: {}\n" } },
  { name: "'+' with no patch type", files: { "kube-apiserver+.yaml": "spec: {}\n" } },
  { name: "an empty file", files: { [SMP]: "" } },
  { name: "a file of blank lines and separators only", files: { [SMP]: "\n---\n\n---\n" } },
  { name: "a comment-only document", files: { [SMP]: "# nothing here\n" } },
  {
    name: "several documents in one file",
    files: { [SMP]: "metadata:\n  labels:\n    a: \"1\"\n---\nmetadata:\n  labels:\n    b: \"2\"\n---\n\n---\nspec:\n  priority: 3\n" },
  },
  {
    name: "order: by file name (lexical, 10 before 2), sub-directories in place, other targets and extensions ignored",
    files: {
      "kube-apiserver2.yaml": "metadata:\n  labels:\n    order: two\n",
      "kube-apiserver10+merge.yaml": "metadata:\n  labels:\n    order: ten\n",
      "kube-apiserver1+json.json": '[{"op":"add","path":"/metadata/labels/order","value":"one"}]',
      "kube-apiserver0.yaml": "metadata:\n  labels:\n    order: zero\n    zero: \"yes\"\n",
      "a/kube-apiserver9.yaml": "metadata:\n  labels:\n    order: nine-in-a\n",
      "kube-apiserver3.yml": "metadata:\n  labels:\n    order: yml\n",
      "kube-scheduler.yaml": "metadata:\n  labels:\n    order: scheduler\n",
      "notatarget.yaml": "x: 1\n",
    },
  },
  { name: "a JSON document in a .yaml strategic file, with a key needing escaping", files: { [SMP]: '{"metadata":{"annotations":{"x":"<a&b>"}}}' } },
];

describe("--patches edge cases vs upstream (init phase control-plane apiserver)", () => {
  beforeEach(() => resetPatchManagerCache());
  for (const c of CASES) {
    it(c.name, { timeout: 60_000 }, async () => {
      const up = await upstream(c.files);
      const ts = await ours(c.name.replace(/\W+/g, "-"), c.files);
      if (c.yamlSyntaxError) {
        expect(up.error).toMatch(/yaml: line \d+: /);
        up.stderr = maskYamlDetail(up.stderr);
        if (ts.error !== undefined) ts.error = maskYamlDetail(ts.error);
      }
      if (up.error !== undefined) {
        expect(ts.error, `upstream failed:\n${up.stderr}`).toBeDefined();
        // upstream wraps the engine's error in the phase's context; the engine's text ends the line
        expect(up.stderr).toContain(`${ts.error}\nTo see the stack trace`);
        expect(ts.lines).toEqual(up.lines);
      } else {
        expect(ts.error, `we failed where upstream succeeded`).toBeUndefined();
        expect(ts.lines).toEqual(up.lines);
        expect(ts.manifest).toBe(up.manifest);
      }
    });
  }
});
