// `npm run package`, step 1: dist/kubeadm, kubeadm-ts as one executable that needs no Node.js on
// the node (Node's single-executable applications: https://nodejs.org/api/single-executable-applications.html).
//
// - dist/sea/main.cjs: src/sea.ts bundled; it runs the CLI bundle with its code cache, as
//   bin/kubeadm's launcher does;
// - dist/sea/prep.blob: `node --experimental-sea-config` packs main.cjs with dist/kubeadm.cjs and
//   dist/kubeadm.cjs.cache (made by `npm run build` with this same Node) as assets;
// - dist/kubeadm: a copy of the Node executable running this script, without its debug sections,
//   with the blob injected by postject (pinned devDependency) as the NODE_SEA_BLOB note.
//
// Needs `npm run build` first (the package script does it) and Node >= 20.12 (SEA assets).
// Usage: node scripts/package/sea.mjs [dist dir]   (default: this checkout's dist/; the lab test
// packages its private build this way)
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dist = resolve(process.argv[2] ?? join(repo, "dist"));
const out = join(dist, "sea");
const exe = join(dist, "kubeadm");
const SENTINEL = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

function die(msg) {
  process.stderr.write(`package: ${msg}\n`);
  process.exit(1);
}

for (const f of ["kubeadm.cjs", "kubeadm.cjs.cache"]) if (!existsSync(join(dist, f))) die(`${join(dist, f)} missing: run \`npm run build\` first`);
const stamp = JSON.parse(readFileSync(join(dist, "kubeadm.cjs.cache.json"), "utf8"));
if (stamp.node !== process.versions.node) die(`dist/kubeadm.cjs.cache was made by Node ${stamp.node}, this is ${process.versions.node}: run \`npm run build\` with this Node`);
let sea;
try {
  sea = require("node:sea");
} catch {
  sea = undefined;
}
if (typeof sea?.getRawAsset !== "function") die(`Node ${process.versions.node} cannot carry assets in a single executable (needs >= 20.12)`);
let postject;
try {
  postject = require.resolve("postject/dist/cli.js");
} catch {
  die("postject is not installed: run `npm ci`");
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(repo, "src/sea.ts")],
  outfile: join(out, "main.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
});
const config = {
  main: join(out, "main.cjs"),
  output: join(out, "prep.blob"),
  disableExperimentalSEAWarning: true,
  // the code cache comes as an asset (made after a representative run, so it holds the functions
  // that run, where SEA's useCodeCache only holds what compiling the main module compiles)
  useCodeCache: false,
  useSnapshot: false,
  assets: { "kubeadm.cjs": join(dist, "kubeadm.cjs"), "kubeadm.cjs.cache": join(dist, "kubeadm.cjs.cache") },
};
writeFileSync(join(out, "sea-config.json"), `${JSON.stringify(config, null, 2)}\n`);
execFileSync(process.execPath, ["--experimental-sea-config", join(out, "sea-config.json")], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_OPTIONS: "" } });

const tmp = `${exe}.tmp`;
rmSync(tmp, { force: true });
copyFileSync(process.execPath, tmp);
chmodSync(tmp, 0o755);
// Node's executable carries its symbol table and DWARF debug info (~12 MB); it runs the same without.
try {
  execFileSync("strip", ["--strip-all", "--remove-section=.comment", tmp], { stdio: "ignore" });
} catch {
  process.stderr.write("package: strip not found (binutils): keeping the debug sections\n");
}
// (postject's ELF parser warns about Node's many .note sections on stderr: shown only on failure)
try {
  execFileSync(process.execPath, [postject, tmp, "NODE_SEA_BLOB", config.output, "--sentinel-fuse", SENTINEL], { stdio: ["ignore", "pipe", "pipe"] });
} catch (err) {
  die(`postject failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
}
renameSync(tmp, exe);
process.stdout.write(`package: ${exe} (${(statSync(exe).size / 1048576).toFixed(1)} MiB, Node ${process.versions.node})\n`);
