#!/usr/bin/env node
// Where kubeadm-ts's CLI differs from an upstream kubeadm binary of another version: run by
// upstream-diff.sh, which builds the binaries. Runs kubeadm-ts, the target upstream kubeadm and
// (as a baseline) upstream kubeadm of the pin over the same command lines:
//   every help screen (the union of both command trees), `version` (build stamps masked),
//   `config print {init,join,reset,upgrade}-defaults` (init ± component configs),
//   `config images list` (default; --kubernetes-version of the previous minor),
//   `completion bash|zsh`, the migrate corpus (test/golden/config/migrate), the configuration
//   bad-input corpus (test/golden/config/bad-input, `config validate`) and the command-line
//   bad-input corpus (the rows of test/unit/cli/bad-input.test.ts), and a few probes derived from them
//   (the experimental kubeadm.k8s.io/v1 API and its extraArgs mergeMethod, a v1beta4 round trip,
//   removed feature gates, kube-proxy mode and bindAddress), and the addons' manifests
//   (`init phase addon kube-proxy|coredns --print-manifest`, plain and with a patches directory),
// and writes a Markdown report: one section per differing item with a unified diff from
// kubeadm-ts to the target (`+` lines are what the target prints), classified against the pin:
//   "version": only the version strings differ (moving the pin fixes it); "new": kubeadm-ts equals
//   the pin and the target changed; "pre-existing": the pin equals the target, kubeadm-ts already
//   differed; "both": all three differ; "known": an accepted difference (completion scripts, and
//   the test suite's list, test/support/known-differences.mjs). With --intermediate (e.g. upstream v1.37.2 when the target is
//   v1.38.0-beta.0) it also lists what the target changed after that release.
// Raw outputs stay under --out/outputs/<ts|target|pinned|intermediate>/. Always exits 0 (it is a
// report) unless it cannot run.
//
// node upstream-diff.mjs --version v1.37.2 --target <kubeadm> --ts <kubeadm> --out <dir>
//   [--pinned <kubeadm> --pinned-version v1.36.3] [--intermediate <kubeadm> --intermediate-version v]
//   [--report <file>] [--trim-report <file>] [--prev-version v1.36.3] [--max-diff-lines 80]
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KNOWN_DIFFERENCES } from "../../support/known-differences.mjs";
import { transformSync } from "esbuild";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function parseArgs(argv) {
  const o = { maxDiffLines: 80 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === "--version") o.version = val();
    else if (k === "--target") o.target = val();
    else if (k === "--ts") o.ts = val();
    else if (k === "--pinned") o.pinned = val();
    else if (k === "--pinned-version") o.pinnedVersion = val();
    else if (k === "--intermediate") o.intermediate = val();
    else if (k === "--intermediate-version") o.intermediateVersion = val();
    else if (k === "--out") o.out = val();
    else if (k === "--report") o.report = val();
    else if (k === "--trim-report") o.trimReport = val();
    else if (k === "--prev-version") o.prevVersion = val();
    else if (k === "--max-diff-lines") o.maxDiffLines = Number(val());
    else throw new Error(`unknown argument ${k}`);
  }
  for (const k of ["version", "target", "ts", "out"]) if (!o[k]) throw new Error(`--${k} is required`);
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const binaries = {
  ts: opts.ts,
  target: opts.target,
  ...(opts.pinned ? { pinned: opts.pinned } : {}),
  ...(opts.intermediate ? { intermediate: opts.intermediate } : {}),
};

// ---- running a binary: the environment upstream's tests use (PATH and HOME only), from /tmp
function run(bin, args) {
  const r = spawnSync(bin, args, {
    cwd: "/tmp",
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" },
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", code: r.status ?? (r.signal ? `signal ${r.signal}` : -1) };
}

// ---- what legitimately differs between two builds (never what a user would see change)
const MASKS = [
  "klog headers: `W1206 07:22:12.123456   12345 file.go:N]` → date, time and pid masked (file:line kept)",
  "`kubeadm version`: buildDate, gitCommit, gitTreeState, goVersion, compiler, platform",
  "Go pointers printed in errors: `(0xc000123456)` → `(0x…)`",
  "the GVKs listed in `unknown configuration APIs: []schema.GroupVersionKind{…}` are sorted (upstream builds the list from a Go map)",
  "consecutive klog lines from the same file:line are sorted (upstream prints some from Go map iteration, in random order)",
];
const VERSION_KEYS = ["buildDate", "gitCommit", "gitTreeState", "goVersion", "compiler", "platform"];
function normalize(text) {
  let t = text.replace(/^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ /gm, "$1MMDD hh:mm:ss.uuuuuu PID ");
  for (const k of VERSION_KEYS) {
    t = t.replace(new RegExp(`^(\\s*${k}: ).*$`, "gm"), "$1<masked>");
    t = t.replace(new RegExp(`("${k}": )"[^"]*"`, "g"), '$1"<masked>"');
    const goName = k[0].toUpperCase() + k.slice(1);
    t = t.replace(new RegExp(`\\b(${goName}:)"[^"]*"`, "g"), '$1"<masked>"');
  }
  t = t.replace(/\(0x[0-9a-f]{6,}\)/g, "(0x…)");
  // a Go slice of GVKs built from a map: its order is random
  t = t.replace(/\[\]schema\.GroupVersionKind\{((?:schema\.GroupVersionKind\{[^}]*\}(?:, )?)+)\}/g, (_, items) =>
    `[]schema.GroupVersionKind{${items.match(/schema\.GroupVersionKind\{[^}]*\}/g).sort().join(", ")}}`);
  return sortSameSiteRuns(t);
}

/** Consecutive klog lines from one call site (a loop, often over a Go map) in sorted order. */
function sortSameSiteRuns(text) {
  const lines = text.split("\n");
  const site = (l) => /^[IWEF]MMDD hh:mm:ss\.uuuuuu PID (\S+:\d+)\] /.exec(l)?.[1];
  const out = [];
  for (let i = 0; i < lines.length; ) {
    const s = site(lines[i]);
    let j = i + 1;
    if (s) while (j < lines.length && site(lines[j]) === s) j++;
    out.push(...lines.slice(i, j).sort());
    i = j;
  }
  return out.join("\n");
}

function render(r) {
  let s = "";
  if (r.code !== 0) s += `exit code: ${r.code}\n`;
  if (r.stdout !== "") s += `--- stdout\n${normalize(r.stdout)}${r.stdout.endsWith("\n") ? "" : "\n[no newline at end]\n"}`;
  if (r.stderr !== "") s += `--- stderr\n${normalize(r.stderr)}${r.stderr.endsWith("\n") ? "" : "\n[no newline at end]\n"}`;
  return s === "" ? "(no output, exit code 0)\n" : s;
}

// ---- the items
/** @type {{ id: string, group: string, args: string[], note?: string }[]} */
const items = [];
const add = (group, args, id = args.join(" "), note) => items.push({ group, id, args, note });

// help screens: walk each binary's tree as test/golden/cli/update.sh does
function children(path, helpText) {
  const words = path.split(" ").length;
  const kids = [];
  let sect = 0;
  for (const line of helpText.split("\n")) {
    if (line === "Available Commands:") sect = 1;
    else if (line === "Additional help topics:") sect = 2;
    else if (line === "") sect = 0;
    else if (/^ {2}[a-z]/.test(line)) {
      const f = line.trim().split(/\s+/);
      const k = sect === 1 ? f[0] : sect === 2 ? f[words] : undefined;
      if (k && k !== "help") kids.push(k);
    }
  }
  return kids;
}
function walkTree(bin) {
  const paths = [];
  const walk = (path) => {
    paths.push(path);
    const r = run(bin, [...path.split(" ").slice(1), "--help"]);
    for (const k of children(path, r.stdout)) walk(`${path} ${k}`);
  };
  walk("kubeadm");
  return paths.sort();
}
const trees = { ts: walkTree(binaries.ts), target: walkTree(binaries.target) };
if (binaries.pinned) trees.pinned = walkTree(binaries.pinned);
if (binaries.intermediate) trees.intermediate = walkTree(binaries.intermediate);
const helpPaths = [...new Set([...trees.ts, ...trees.target])].sort();

add("version", ["version"]);
add("version", ["version", "-o", "short"]);
add("version", ["version", "-o", "yaml"]);
add("version", ["version", "-o", "json"]);
add("config print", ["config", "print", "init-defaults"]);
add("config print", ["config", "print", "init-defaults", "--component-configs", "KubeletConfiguration,KubeProxyConfiguration"]);
add("config print", ["config", "print", "join-defaults"]);
add("config print", ["config", "print", "reset-defaults"]);
add("config print", ["config", "print", "upgrade-defaults"]);

// the previous minor of the target: the newest release of it the module proxy lists, else .0
function previousMinor(version) {
  const m = /^v1\.(\d+)\./.exec(version);
  const minor = Number(m[1]) - 1;
  const listFile = join(process.env.GOMODCACHE_LAB ?? join(process.env.HOME, ".cache/kubeadm-ts/go/mod"), "cache/download/k8s.io/kubernetes/@v/list");
  const listed = existsSync(listFile)
    ? readFileSync(listFile, "utf8").split("\n").filter((v) => new RegExp(`^v1\\.${minor}\\.\\d+$`).test(v))
    : [];
  listed.sort((a, b) => Number(a.split(".")[2]) - Number(b.split(".")[2]));
  return listed.at(-1) ?? `v1.${minor}.0`;
}
const prev = opts.prevVersion ?? previousMinor(opts.version);
add("config images", ["config", "images", "list"]);
add("config images", ["config", "images", "list", "-v=1"]);
add("config images", ["config", "images", "list", "--kubernetes-version", prev]);
add("config images", ["config", "images", "list", "--kubernetes-version", prev, "-o", "json"]);
add("completion", ["completion", "bash"]);
add("completion", ["completion", "zsh"]);

const migrateDir = join(REPO, "test/golden/config/migrate");
for (const f of readdirSync(migrateDir).filter((f) => f.endsWith(".yaml") && !f.endsWith(".expected.yaml")).sort()) {
  // v1-* inputs are the experimental kubeadm.k8s.io/v1 API (test/unit/config/golden.test.ts)
  const flags = f.startsWith("v1-") ? ["--allow-experimental-api"] : [];
  add("migrate corpus", ["config", "migrate", ...flags, "--old-config", join(migrateDir, f)], `config migrate ${flags.map((x) => `${x} `).join("")}--old-config migrate/${f}`);
}
const badDir = join(REPO, "test/golden/config/bad-input");
for (const f of readdirSync(badDir).filter((f) => f.endsWith(".yaml")).sort()) {
  add("config bad-input corpus", ["config", "validate", "--config", join(badDir, f)], `config validate --config bad-input/${f}`);
}

const experimentalDir = join(REPO, "test/golden/config/experimental");
if (existsSync(experimentalDir)) {
  for (const f of readdirSync(experimentalDir).filter((f) => f.endsWith(".yaml")).sort()) {
    add("config experimental corpus", ["config", "validate", "--allow-experimental-api", "--config", join(experimentalDir, f)], `config validate --allow-experimental-api --config experimental/${f}`);
  }
}

// probes: small inputs derived from the corpora, for what the version moves (written under --out)
const probeDir = join(opts.out, "probes");
mkdirSync(probeDir, { recursive: true });
const v1beta4All = readFileSync(join(migrateDir, "v1beta3-all-fields.expected.yaml"), "utf8");
const CLUSTER = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";
const INIT_V1 = "apiVersion: kubeadm.k8s.io/v1\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1\nkind: ClusterConfiguration\n";
const probes = {
  "v1beta4-all-fields.yaml": v1beta4All,
  "v1-all-fields.yaml": v1beta4All.replaceAll("apiVersion: kubeadm.k8s.io/v1beta4", "apiVersion: kubeadm.k8s.io/v1"),
  "v1-merge-method.yaml": `${INIT_V1}apiServer:\n  extraArgs:\n  - name: authorization-mode\n    value: ",Webhook"\n    mergeMethod: append\n`,
  "v1-bad-merge-method.yaml": `${INIT_V1}apiServer:\n  extraArgs:\n  - name: authorization-mode\n    value: Webhook\n    mergeMethod: replace\n`,
  "feature-gate-public-keys-ecdsa.yaml": `${CLUSTER}featureGates:\n  PublicKeysECDSA: true\n`,
  "kube-proxy-ipvs.yaml": `${CLUSTER}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n`,
  "kube-proxy-bind-address-v6.yaml": `${CLUSTER}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nbindAddress: "::"\n`,
  "kube-proxy-bind-address-bad.yaml": `${CLUSTER}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nbindAddress: 1.2.3\n`,
  "addon-patches.yaml":
    "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: 192.0.2.10\n" +
    `patches:\n  directory: ${join(probeDir, "patches")}\n---\n${CLUSTER}`,
  "patches/kubeproxydaemonset.yaml": "metadata:\n  labels:\n    probe: kubeadm-ts\n",
  "patches/corednsdeployment.yaml": "metadata:\n  labels:\n    probe: kubeadm-ts\n",
};
mkdirSync(join(probeDir, "patches"), { recursive: true });
for (const [name, text] of Object.entries(probes)) writeFileSync(join(probeDir, name), text);
const probe = (name) => join(probeDir, name);
add("probes", ["config", "migrate", "--old-config", probe("v1beta4-all-fields.yaml")], "config migrate --old-config probes/v1beta4-all-fields.yaml");
// v1beta4 round trips of the `config print` goldens (UpgradeConfiguration included)
for (const k of ["init", "join", "reset", "upgrade"]) {
  const f = `print-${k}-defaults.yaml`;
  add("probes", ["config", "migrate", "--old-config", join(REPO, "test/golden/config", f)], `config migrate --old-config golden/config/${f}`);
}
for (const f of ["v1-all-fields.yaml", "v1-merge-method.yaml", "v1-bad-merge-method.yaml"]) {
  add("probes", ["config", "validate", "--config", probe(f)], `config validate --config probes/${f}`);
  add("probes", ["config", "validate", "--allow-experimental-api", "--config", probe(f)], `config validate --allow-experimental-api --config probes/${f}`);
}
add("probes", ["config", "migrate", "--allow-experimental-api", "--old-config", probe("v1-all-fields.yaml")], "config migrate --allow-experimental-api --old-config probes/v1-all-fields.yaml");
for (const f of ["feature-gate-public-keys-ecdsa.yaml", "kube-proxy-ipvs.yaml", "kube-proxy-bind-address-v6.yaml", "kube-proxy-bind-address-bad.yaml"]) {
  add("probes", ["config", "validate", "--config", probe(f)], `config validate --config probes/${f}`);
}
// the addons' manifests (--print-manifest changes nothing on the host), with and without patches
for (const a of ["kube-proxy", "coredns"]) {
  add("addons", ["init", "phase", "addon", a, "--print-manifest", ...(a === "kube-proxy" ? ["--apiserver-advertise-address", "192.0.2.10"] : [])]);
  add("addons", ["init", "phase", "addon", a, "--print-manifest", "--config", probe("addon-patches.yaml")],
    `init phase addon ${a} --print-manifest --config probes/addon-patches.yaml`);
}

// the rows of test/unit/cli/bad-input.test.ts (literals only: cut out, transpiled, evaluated)
function cliBadInput() {
  const src = readFileSync(join(REPO, "test/unit/cli/bad-input.test.ts"), "utf8");
  const start = src.indexOf("export const badInput");
  const end = src.indexOf("\n];", start);
  if (start < 0 || end < 0) throw new Error("cannot find the badInput rows in test/unit/cli/bad-input.test.ts");
  const code = src.slice(start, end + 3).replace(/^export const badInput[^=]*=/, "const badInput =") + "\nreturn badInput;";
  const js = transformSync(code, { loader: "ts" }).code;
  return new Function(js)();
}
const skippedCli = [];
for (const row of cliBadInput()) {
  if (row.upstreamListUnordered) {
    skippedCli.push(row.args.join(" "));
    continue;
  }
  add("cli bad-input corpus", row.args, `kubeadm ${row.args.join(" ")}`.trim());
}
for (const p of helpPaths) add("help", [...p.split(" ").slice(1), "--help"], `${p} --help`);

// ---- run everything, keep raw outputs
const raw = join(opts.out, "outputs");
const fileName = (id) => id.replace(/[^A-Za-z0-9._=-]+/g, "_").slice(0, 180) + ".txt";
const results = [];
for (const it of items) {
  const out = {};
  for (const [who, bin] of Object.entries(binaries)) {
    out[who] = render(run(bin, it.args));
    mkdirSync(join(raw, who), { recursive: true });
    writeFileSync(join(raw, who, fileName(it.id)), out[who]);
  }
  results.push({ ...it, out });
}

function unified(a, b, labelA, labelB) {
  const da = join(opts.out, "tmp-a.txt");
  const db = join(opts.out, "tmp-b.txt");
  writeFileSync(da, a);
  writeFileSync(db, b);
  const r = spawnSync("diff", ["-u", "--label", labelA, "--label", labelB, da, db], { encoding: "utf8" });
  return r.stdout;
}
function cap(diff, max) {
  const lines = diff.replace(/\n$/, "").split("\n");
  if (lines.length <= max) return lines.join("\n");
  return `${lines.slice(0, max).join("\n")}\n… ${lines.length - max} more diff lines (full outputs under the --out folder)`;
}
/** The removed and added lines of a diff, without its headers and positions (for spotting repeats). */
const changedLines = (diff) =>
  diff
    .split("\n")
    .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l))
    .map((l) => l.replace(/\s+/g, " "))
    .join("\n");
/** A one-line gist of a diff: the first removed and added content lines. */
function gist(diff) {
  const body = diff.split("\n").filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
  const minus = body.filter((l) => l.startsWith("-")).length;
  const plus = body.length - minus;
  const first = body.find((l) => l.trim().length > 2) ?? "";
  const short = first.length > 110 ? `${first.slice(0, 107)}...` : first;
  return `${minus}−/${plus}+ lines; first: \`${short.replaceAll("`", "'")}\``;
}

// Where kubeadm-ts knowingly differs from upstream (not work for a bump): only upstream's own change
// (pin → target) is shown for these.
function knownDifferences() {
  const known = new Map([
    ["completion bash", "kubeadm-ts writes its own completion script (src/cli/completion-script.ts), not cobra's text"],
    ["completion zsh", "kubeadm-ts writes its own completion script (src/cli/completion-script.ts), not cobra's text"],
  ]);
  // the test suite's accepted differences (each checked live by its test)
  for (const e of KNOWN_DIFFERENCES) if (e.upstreamDiff) known.set(e.upstreamDiff, `${e.reason} (${e.id} in test/support/known-differences.mjs)`);
  return known;
}
const KNOWN = knownDifferences();

// The version strings of the pin, rewritten to the target's: an item that then equals the target
// differs only by what the version bump itself changes (kind "version").
function versionRewriter(from) {
  if (!from) return undefined;
  const p = /^v1\.(\d+)\./.exec(from);
  const t = /^v1\.(\d+)\.\d+(-.*)?$/.exec(opts.version);
  if (!p || !t) return undefined;
  const [pm, tm] = [Number(p[1]), Number(t[1])];
  const pairs = [
    [from, opts.version],
    [`1.${pm}.0`, `1.${tm}.0`],
    [`1.${pm - 1}.0`, `1.${tm - 1}.0`],
    [`"${pm}"`, `"${tm}${t[2] ? "+" : ""}"`],
    // YAML leaves a pre-release's minor ("38+") unquoted
    [`minor: "${pm}"`, t[2] ? `minor: ${tm}+` : `minor: "${tm}"`],
  ];
  return (text) => {
    // one pass, so that a rewritten string is never rewritten again
    const keys = pairs.map(([a]) => a).sort((a, b) => b.length - a.length);
    const re = new RegExp(keys.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    return text.replace(re, (m) => pairs.find(([a]) => a === m)[1]);
  };
}
const rewriteVersion = versionRewriter(opts.pinnedVersion);
const interRewrite = versionRewriter(opts.intermediateVersion);

const tsLabel = "kubeadm-ts";
const targetLabel = `upstream ${opts.version}`;
const pinLabel = `upstream ${opts.pinnedVersion ?? "pin"}`;
/** Arguments as the report shows them: corpus files relative to the repository, probes to --out. */
const shownArgs = (args) =>
  args
    .map((a) => (a.startsWith(`${REPO}/`) ? a.slice(REPO.length + 1) : a.startsWith(`${probeDir}/`) ? `probes/${a.slice(probeDir.length + 1)}` : a))
    .join(" ");
const differing = [];
const identical = [];
for (const r of results) {
  if (r.out.ts === r.out.target) {
    identical.push(r);
    continue;
  }
  let kind = "differs";
  if (KNOWN.has(r.id)) kind = "known";
  else if (rewriteVersion && rewriteVersion(r.out.ts) === r.out.target) kind = "version";
  else if (r.out.pinned !== undefined) {
    if (r.out.ts === r.out.pinned) kind = "new";
    else if (r.out.pinned === r.out.target) kind = "pre-existing";
    else kind = "both";
  }
  const diff = unified(r.out.ts, r.out.target, `${tsLabel}: kubeadm ${shownArgs(r.args)}`, `${targetLabel}`);
  const upstreamChange =
    (kind === "both" || kind === "known") && r.out.pinned !== undefined && r.out.pinned !== r.out.target
      ? unified(r.out.pinned, r.out.target, `${pinLabel}`, `${targetLabel}`)
      : undefined;
  differing.push({ ...r, kind, diff, upstreamChange, note: KNOWN.get(r.id) ?? r.note });
}
// with an intermediate release (the next pin): what the target changed after it, on every item
const interLabel = `upstream ${opts.intermediateVersion ?? "intermediate"}`;
const afterIntermediate = [];
for (const r of results) {
  if (r.out.intermediate === undefined || r.out.intermediate === r.out.target) continue;
  const diff = unified(r.out.intermediate, r.out.target, `${interLabel}: kubeadm ${shownArgs(r.args)}`, targetLabel);
  afterIntermediate.push({ ...r, diff, versionOnly: interRewrite !== undefined && interRewrite(r.out.intermediate) === r.out.target });
}

// ---- the report
const groups = [...new Set(results.map((r) => r.group))];
const treeOnly = (a, b) => trees[a].filter((p) => !trees[b].includes(p));
function report(maxLines) {
  const L = [];
  L.push(`# kubeadm-ts against upstream kubeadm ${opts.version}`);
  L.push("");
  L.push(`Generated by \`test/lab/scripts/upstream-diff.sh ${opts.version}\` on ${new Date().toISOString().slice(0, 10)}.`);
  const home = (p) => (process.env.HOME && p.startsWith(`${process.env.HOME}/`) ? `~${p.slice(process.env.HOME.length)}` : p);
  let stamp = "";
  try {
    const v = JSON.parse(run(binaries.ts, ["version", "-o", "json"]).stdout).clientVersion;
    stamp = ` at commit ${v.gitCommit.slice(0, 12)} (tree ${v.gitTreeState})`;
  } catch {
    // no stamp
  }
  L.push(`kubeadm-ts: the working tree${stamp}; target: \`${home(binaries.target)}\`` +
    (binaries.pinned ? `; baseline: upstream ${opts.pinnedVersion ?? "pin"} (\`${home(binaries.pinned)}\`).` : "."));
  L.push(`Previous minor for \`config images list --kubernetes-version\`: ${prev}.`);
  const info = join(dirname(binaries.target), "build-info");
  if (existsSync(info)) {
    const kv = Object.fromEntries(readFileSync(info, "utf8").trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));
    L.push(`Target build (upstream-kubeadm.sh): ${kv.toolchain}, ${kv.parallelism}, ${kv.total_seconds} s` +
      ` (modules ${kv.modules_seconds} s, compile ${kv.compile_seconds} s; load average ${kv.load_average_at_start} at start;` +
      ` module cache ${home(kv.gomodcache)}), ${kv.built_at}.`);
  }
  L.push("");
  L.push("Masked before comparing (differs between any two builds): " + MASKS.join("; ") + ".");
  L.push("Diffs go from kubeadm-ts (`-`) to the target (`+`). Kind: **version** = only the version strings differ (the pin's" +
    ` ${opts.pinnedVersion ?? ""}, 1.<minor>.0, 1.<minor-1>.0, "<minor>" rewritten to the target's make them equal): moving the pin fixes it;` +
    " **new** = kubeadm-ts prints what the pin printed and the target changed it; **pre-existing** = the pin already printed" +
    " the target's text; **both** = all three differ (the pin → target change is shown too); **known** = an accepted" +
    " difference of kubeadm-ts (only upstream's own change is shown).");
  if (maxLines !== Infinity) L.push(`Each diff is capped at ${maxLines} lines.`);
  L.push("");
  L.push("## Summary");
  L.push("");
  const KINDS = ["version", "new", "pre-existing", "both", "known"];
  L.push(`| group | items | identical | differ | ${KINDS.join(" | ")} |`);
  L.push(`| --- | ---: | ---: | ---: | ${KINDS.map(() => "---:").join(" | ")} |`);
  const row = (name, all, d) =>
    `| ${name} | ${all.length} | ${all.length - d.length} | ${d.length} | ${KINDS.map((k) => d.filter((r) => r.kind === k).length).join(" | ")} |`;
  for (const g of groups) L.push(row(g, results.filter((r) => r.group === g), differing.filter((r) => r.group === g)));
  L.push(row("**total**", results, differing));
  L.push("");
  L.push("Command tree: " +
    `kubeadm-ts ${trees.ts.length} paths, ${targetLabel} ${trees.target.length}` + (trees.pinned ? `, ${pinLabel} ${trees.pinned.length}` : "") + ".");
  const onlyTarget = treeOnly("target", "ts");
  const onlyTs = treeOnly("ts", "target");
  L.push(`Only in ${targetLabel}: ${onlyTarget.length ? onlyTarget.map((p) => `\`${p}\``).join(", ") : "none"}.`);
  L.push(`Only in kubeadm-ts: ${onlyTs.length ? onlyTs.map((p) => `\`${p}\``).join(", ") : "none"}.`);
  if (skippedCli.length) L.push(`Not compared (upstream's text is not deterministic): ${skippedCli.map((a) => `\`kubeadm ${a}\``).join(", ")}.`);
  L.push("");
  L.push("## Differing items");
  L.push("");
  if (differing.length === 0) L.push("None.");
  for (const r of differing) {
    const what =
      r.kind === "known"
        ? `${r.note}; upstream's own change: ${r.upstreamChange ? gist(r.upstreamChange) : "none"}`
        : gist(r.diff);
    L.push(`- [${r.kind}] \`${r.id}\` — ${what}`);
  }
  L.push("");
  if (maxLines !== Infinity && differing.some((r) => r.kind === "version")) {
    L.push("Items of kind **version** are listed above only (their diffs are in the full report).", "");
  }
  const seen = new Map(); // the changed lines of a diff → the first item showing them
  for (const r of differing) {
    if (maxLines !== Infinity && r.kind === "version") continue;
    L.push(`### \`${r.id}\` (${r.group}; ${r.kind})`);
    L.push("");
    if (r.note) L.push(r.note, "");
    const key = changedLines(r.diff);
    if (r.kind !== "known" && seen.has(key)) {
      L.push(`The same changed lines as \`${seen.get(key)}\`.`, "");
      continue;
    }
    if (r.kind !== "known") seen.set(key, r.id);
    if (r.kind !== "known") {
      L.push("```diff");
      L.push(maxLines === Infinity ? r.diff.replace(/\n$/, "") : cap(r.diff, maxLines));
      L.push("```");
    } else {
      L.push(`kubeadm-ts → target: ${gist(r.diff)} (not shown).`);
    }
    if (r.upstreamChange) {
      L.push("");
      L.push(`Upstream's own change (${pinLabel} → ${targetLabel}):`);
      L.push("");
      L.push("```diff");
      L.push(maxLines === Infinity ? r.upstreamChange.replace(/\n$/, "") : cap(r.upstreamChange, maxLines));
      L.push("```");
    }
    L.push("");
  }
  if (opts.intermediate) {
    const real = afterIntermediate.filter((r) => !r.versionOnly);
    L.push(`## What changed after ${interLabel} (${afterIntermediate.length} items; ${afterIntermediate.length - real.length} only in version strings)`);
    L.push("");
    L.push(`The same command lines run by ${interLabel} (the next pin) and ${targetLabel}: what a bump from` +
      ` ${opts.intermediateVersion} to ${opts.version} would add to the work list.`);
    L.push("");
    const trees2 = (a, b) => trees[a].filter((p) => !trees[b].includes(p));
    L.push(`Command tree: only in ${targetLabel}: ${trees2("target", "intermediate").map((p) => `\`${p}\``).join(", ") || "none"};` +
      ` only in ${interLabel}: ${trees2("intermediate", "target").map((p) => `\`${p}\``).join(", ") || "none"}.`);
    L.push("");
    for (const r of afterIntermediate) L.push(`- ${r.versionOnly ? "[version] " : ""}\`${r.id}\` — ${gist(r.diff)}`);
    L.push("");
    for (const r of real) {
      L.push(`### after ${opts.intermediateVersion}: \`${r.id}\``);
      L.push("");
      L.push("```diff");
      L.push(maxLines === Infinity ? r.diff.replace(/\n$/, "") : cap(r.diff, maxLines));
      L.push("```");
      L.push("");
    }
  }
  L.push("## Identical items");
  L.push("");
  for (const g of groups) {
    const ids = identical.filter((r) => r.group === g).map((r) => `\`${r.id}\``);
    if (ids.length) L.push(`- ${g} (${ids.length}): ${ids.join(", ")}`);
  }
  L.push("");
  return L.join("\n");
}

mkdirSync(opts.out, { recursive: true });
const full = report(Infinity);
writeFileSync(opts.report ?? join(opts.out, "report.md"), full);
if (opts.trimReport) {
  mkdirSync(dirname(opts.trimReport), { recursive: true });
  writeFileSync(opts.trimReport, report(opts.maxDiffLines));
}
// the console: the summary and the list of differing items
const short = full.slice(0, full.indexOf("\n### ") < 0 ? full.length : full.indexOf("\n### "));
process.stdout.write(short.replace(/\n## Identical items[\s\S]*$/, "") + "\n");
process.stdout.write(`Full report: ${opts.report ?? join(opts.out, "report.md")}` + (opts.trimReport ? `\nTrimmed report: ${opts.trimReport}` : "") + `\nRaw outputs: ${raw}\n`);
