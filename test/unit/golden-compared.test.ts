// Guard: every file under test/golden/ is either an input or tool of the goldens, or an output of
// upstream kubeadm that a named test compares with kubeadm-ts's output. A golden that is only
// regenerated and compared upstream-to-upstream (as manifests/*/expected/stdout-*.txt and
// init/*.stdout.txt once were) fails here until a test compares it with ours and a rule below
// names that test.
//
// Each output rule names the test(s) that compare its files with our output, the text in each test
// that does the comparison (needles: removing the comparison fails the guard), and, where the test
// walks a list of cases, whether that list reaches the file (a golden left out of the list fails).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS module shared with the golden generator
import { scenarios as certsScenarios } from "../golden/certs/scenarios.mjs";
import { goldenCases as clusterCases } from "../golden/cluster/cases.mjs";
import { dryRunCases } from "../golden/init/dry-run.mjs";
import { goldenCases as manifestCases } from "./manifests/golden-helpers.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const GOLDEN = join(REPO, "test/golden");

interface Rule {
  /** Paths relative to test/golden/. */
  files: RegExp;
  kind: "output" | "input" | "tool";
  /** Output rules: test file (repository path) → the text in it that compares a golden with ours. */
  tests?: Record<string, string[]>;
  /** Output rules: whether the tests' case list reaches this file. */
  reached?: (m: RegExpExecArray) => boolean;
  why: string;
}

const readGolden = (rel: string) => readFileSync(join(GOLDEN, rel), "utf8");
const manifestCaseNames = new Set(manifestCases().map((c) => c.name));
const MANIFESTS_CLI = "test/integration/init/manifest-goldens.test.ts";
const MANIFESTS_CLI_NEEDLES = ['execFileSync("bash", [join(GOLDEN_DIR, "update.sh"), "--out", out]', "KUBEADM_UPSTREAM: TS_KUBEADM"];

export const RULES: Rule[] = [
  // ── cli ──
  {
    files: /^cli\/help\/(.+)\.txt$/,
    kind: "output",
    tests: { "test/unit/cli/help-golden.test.ts": ["toBe(golden(p));", "expect(r.stdout).toBe(u.stdout);"] },
    reached: (m) => readGolden("cli/commands.txt").split("\n").includes(m[1]!.replaceAll("_", " ")),
    why: "every command's --help",
  },
  {
    files: /^cli\/commands\.txt$/,
    kind: "output",
    tests: { "test/unit/cli/help-golden.test.ts": ["expect(ours.sort()).toEqual([...paths].sort());"] },
    why: "the command tree",
  },
  // ── config ──
  {
    files: /^config\/(print-[a-z-]+\.yaml)$/,
    kind: "output",
    tests: { "test/unit/config/golden.test.ts": [".toBe(golden(\"print-"] },
    reached: (m) => readFileSync(join(REPO, "test/unit/config/golden.test.ts"), "utf8").includes(`golden("${m[1]}")`),
    why: "config print *-defaults",
  },
  {
    files: /^config\/(images-list|images-list-previous)\.(yaml|json|txt)$/,
    kind: "output",
    tests: { "test/unit/config/golden.test.ts": ['[["images-list", KUBERNETES_VERSION], ["images-list-previous", PREVIOUS_KUBERNETES_VERSION]]', "toBe(golden(`${name}.yaml`))", "toBe(golden(`${name}.json`))", "toBe(golden(`${name}.txt`))"] },
    why: "config images list, the pin and N-1, in each output format",
  },
  {
    files: /^config\/migrate\/(.+)\.expected\.yaml$/,
    kind: "output",
    tests: { "test/unit/config/golden.test.ts": ['expect(out).toBe(golden(`migrate/${f.replace(/\\.yaml$/, ".expected.yaml")}`));'] },
    reached: (m) => existsSync(join(GOLDEN, `config/migrate/${m[1]}.yaml`)),
    why: "config migrate of each input",
  },
  {
    files: /^config\/bad-input\/(.+)\.expected$/,
    kind: "output",
    tests: { "test/unit/config/bad-input.test.ts": ['check.same(caseName("bad-input", f), upstream, await runValidate('] },
    reached: (m) => existsSync(join(GOLDEN, `config/bad-input/${m[1]}.yaml`)),
    why: "config validate of each bad document (bad-yaml: an entry of test/support/known-differences.mjs)",
  },
  {
    files: /^config\/experimental\/(.+)\.expected$/,
    kind: "output",
    tests: { "test/unit/config/bad-input.test.ts": ['check.same(caseName("experimental", f), upstream, await runValidate('] },
    reached: (m) => existsSync(join(GOLDEN, `config/experimental/${m[1]}.yaml`)),
    why: "config validate --allow-experimental-api of each document",
  },
  {
    files: /^config\/yaml-emitter\/expected\.txt$/,
    kind: "output",
    tests: { "test/unit/config/units.test.ts": ['expect(ours).toBe(readFileSync(join(GOLDEN, "yaml-emitter/expected.txt"), "utf8"));'] },
    why: "sigs.k8s.io/yaml's marshalling of the emitter corpus (yamlref), against toKubernetesYaml",
  },
  // ── cluster ──
  {
    files: /^cluster\/((init-dryrun|coredns-manifest|kube-proxy-manifest)-[a-z-]+\.txt)$/,
    kind: "output",
    tests: {
      "test/unit/cluster/golden.test.ts": [
        "expect(maskFakeNode(ours)).toBe(maskFakeNode(golden));",
        "toBe(readGolden(c.file));",
      ],
    },
    reached: (m) => (clusterCases as Array<{ file: string }>).some((c) => c.file === m[1]),
    why: "init --dry-run API objects and the addons' --print-manifest",
  },
  // ── certs ──
  {
    files: /^certs\/(.+)\.txt$/,
    kind: "output",
    tests: { "test/integration/pki/certs-cli.test.ts": ["expect(run(ours, s, prepare(s, template))).toBe(theirs);"] },
    reached: (m) => (certsScenarios as Array<{ name: string }>).some((s) => s.name === m[1]),
    why: "kubeadm certs check-expiration / renew / generate-csr through bin/kubeadm",
  },
  // ── manifests ──
  {
    files: /^manifests\/([^/]+)\/expected\/etc\/kubernetes\/manifests\/[a-z-]+\.yaml$/,
    kind: "output",
    tests: {
      "test/unit/manifests/golden.test.ts": ["toBe(expectedFile(c, `etc/kubernetes/manifests/${comp}.yaml`));", "expect(staticPodYaml(patchStaticPod(ETCD, pod, pm))).toBe(expected);"],
      [MANIFESTS_CLI]: MANIFESTS_CLI_NEEDLES,
    },
    reached: (m) => manifestCaseNames.has(m[1]!),
    why: "static Pod manifests, in-process and through the CLI",
  },
  {
    files: /^manifests\/([^/]+)\/expected\/var\/lib\/kubelet\/(config\.yaml|instance-config\.yaml|kubeadm-flags\.env)$/,
    kind: "output",
    tests: { "test/unit/manifests/golden.test.ts": ['toBe(expectedFile(c, "var/lib/kubelet/'], [MANIFESTS_CLI]: MANIFESTS_CLI_NEEDLES },
    reached: (m) => manifestCaseNames.has(m[1]!),
    why: "kubelet files, in-process and through the CLI",
  },
  {
    files: /^manifests\/([^/]+)\/expected\/etc\/kubernetes\/[a-z-]+\.conf$/,
    kind: "output",
    tests: { "test/unit/kubeconfig/kubeconfig.test.ts": ["expect(redact(got), `${c.name}/${f}`).toBe(expectedFile(c, `etc/kubernetes/${f}`));"], [MANIFESTS_CLI]: MANIFESTS_CLI_NEEDLES },
    reached: (m) => manifestCaseNames.has(m[1]!),
    why: "kubeconfigs with key and certificate data redacted (by the generator, the same for ours)",
  },
  {
    files: /^manifests\/([^/]+)\/expected\/(std(out|err)-[a-z-]+\.txt|modes\.txt)$/,
    kind: "output",
    tests: { [MANIFESTS_CLI]: [...MANIFESTS_CLI_NEEDLES, 'expect(differences(c.expectedDir, ours(), files, "")).toBe("");', 'expect(differences(c.expectedDir, ours(), ["modes.txt"])).toBe("");'] },
    reached: (m) => manifestCaseNames.has(m[1]!),
    why: "what each init phase printed, and the modes of what it wrote",
  },
  {
    files: /^manifests\/([^/]+)\/expected\/host-ca-dirs\.txt$/,
    kind: "input",
    why: "the optional CA directories of the generating host (hostPath mounts of the manifests): an input of the in-process tests; manifest-goldens.test.ts checks this host records the same",
  },
  { files: /^manifests\/[^/]+\/(config\.yaml|hostname|env|patches\/.+)$/, kind: "input", why: "a manifest case's config, host name, environment and patches" },
  // ── init ──
  {
    files: /^init\/(.+)\.(summary|files|stdout)\.txt$/,
    kind: "output",
    tests: {
      "test/integration/init/dry-run.test.ts": [
        'expect(dryRunSummary(ours.stdout).join("\\n") + "\\n").toBe(golden(`${c.name}.summary.txt`));',
        'expect(dryRunFiles(ours.files).join("\\n") + "\\n").toBe(golden(`${c.name}.files.txt`));',
        "expect(textDiff(normalizeDryRun(redactDryRunText(golden(`${c.name}.stdout.txt`))), normalizeDryRun(ours.stdout), 20)).toBe(\"\");",
      ],
    },
    reached: (m) => dryRunCases.some((c) => c.name === m[1]),
    why: "init --dry-run: files and API objects in order, dry-run dir contents, whole stdout",
  },
  // ── upgrade ──
  {
    files: /^upgrade\/corefile-migration\/expected\.json$/,
    kind: "output",
    tests: { "test/unit/upgrade/corefile-migration.test.ts": ["expect(m.value).toBe(e.migrated);", "expect((u.value ?? []).map(noticeString)).toEqual(e.unsupported);"] },
    why: "github.com/coredns/corefile-migration's answers (Migrate, Deprecated, Unsupported, Default) for the Corefile corpus, against src/upgrade/corefile-migration.ts",
  },
  { files: /^upgrade\/corefile-migration\/cases\.json$/, kind: "input", why: "the Corefile corpus: kubeadm's Corefiles since v1.11 and users' with each CoreDNS version" },
  { files: /^upgrade\/corefile-migration\/ref\/(go\.mod|main\.go)$/, kind: "tool", why: "the Go program behind upgrade/corefile-migration/expected.json" },
  // ── inputs and tools ──
  { files: /^config\/(migrate\/(?!.*\.expected\.yaml$).+\.yaml|bad-input\/.+\.yaml|experimental\/.+\.yaml|yaml-emitter\/cases\.jsonl)$/, kind: "input", why: "config corpora inputs" },
  { files: /^cluster\/inputs\/.+\.yaml$/, kind: "input", why: "cluster golden configs" },
  { files: /^config\/yaml-emitter\/yamlref\/(go\.mod|main\.go)$/, kind: "tool", why: "the Go program behind yaml-emitter/expected.txt" },
  { files: /^([a-z]+\/)?(update\.sh|[a-z-]+\.mjs|[a-z-]+\.d\.mts)$/, kind: "tool", why: "generators and the modules they share with the tests" },
];

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(relative(GOLDEN, p));
  }
  return out.sort();
}

const files = listFiles(GOLDEN);
const matches = (f: string) => RULES.filter((r) => r.files.test(f));

describe("every golden is compared with kubeadm-ts's output (or is an input or a tool)", () => {
  it("each file under test/golden matches exactly one rule", () => {
    const none = files.filter((f) => matches(f).length === 0);
    expect(none, "golden files no rule names: add a test comparing them with ours, and a rule naming it").toEqual([]);
    const several = files.filter((f) => matches(f).length > 1);
    expect(several, "golden files more than one rule matches").toEqual([]);
  });

  it("each rule matches some file (no stale rule)", () => {
    expect(RULES.filter((r) => !files.some((f) => r.files.test(f))).map((r) => String(r.files))).toEqual([]);
  });

  it("each output rule's tests exist and still hold the comparison", () => {
    const missing: string[] = [];
    for (const r of RULES.filter((x) => x.kind === "output")) {
      expect(Object.keys(r.tests ?? {}).length, String(r.files)).toBeGreaterThan(0);
      for (const [test, needles] of Object.entries(r.tests!)) {
        const p = join(REPO, test);
        if (!existsSync(p)) {
          missing.push(`${test}: no such test (${r.files})`);
          continue;
        }
        const text = readFileSync(p, "utf8");
        for (const n of needles) if (!text.includes(n)) missing.push(`${test}: lacks ${JSON.stringify(n)} (${r.files})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("each output golden is reached by its tests' cases", () => {
    const unreached: string[] = [];
    for (const f of files) {
      const r = matches(f)[0];
      if (r?.kind !== "output" || !r.reached) continue;
      if (!r.reached(r.files.exec(f)!)) unreached.push(f);
    }
    expect(unreached).toEqual([]);
  });

  it("counts", () => {
    const by = (k: Rule["kind"]) => files.filter((f) => matches(f)[0]?.kind === k).length;
    const counts = { files: files.length, output: by("output"), input: by("input"), tool: by("tool") };
    console.log(`test/golden: ${counts.files} files, ${counts.output} upstream outputs compared with ours, ${counts.input} inputs, ${counts.tool} tools`);
    expect(counts.output + counts.input + counts.tool).toBe(counts.files);
  });
});
