// Bundles src/ into dist/:
// - dist/main.js and dist/index.js (the library): ES modules with code splitting, so heavy modules
//   (grpc, yaml, ...) load only when a command imports them;
// - dist/kubeadm.cjs: the CLI as one CommonJS bundle, with dist/kubeadm.cjs.cache, the V8 code
//   cache made by running it once here, and dist/launch.cjs, which bin/kubeadm runs and which picks
//   the cached bundle or dist/main.js (src/launch.ts says when).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Build stamps for `kubeadm version`: the kubeadm-ts commit and whether the tree had local changes.
const git = (...args) => {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
};
const gitCommit = git("rev-parse", "HEAD");
const gitTreeState = gitCommit === "" ? "" : git("status", "--porcelain", "--untracked-files=no") === "" ? "clean" : "dirty";
const defines = {
  "process.env.KUBEADM_TS_BUILD_DATE": JSON.stringify(new Date().toISOString().replace(/\.\d+Z$/, "Z")),
  "process.env.KUBEADM_TS_GIT_COMMIT": JSON.stringify(gitCommit),
  "process.env.KUBEADM_TS_GIT_TREE_STATE": JSON.stringify(gitTreeState),
};

// Left out of the builds: @grpc/proto-loader (with protobuf.js, which compiles message types with
// `new Function`) is only required by grpc-js's channelz and ORCA services, which kubeadm-ts never
// starts; its messages go through src/util/protobuf.ts.
const UNUSED_AT_RUNTIME = ["@grpc/proto-loader"];

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: "src/main.ts", index: "src/index.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  chunkNames: "chunks/[name]-[hash]",
  external: UNUSED_AT_RUNTIME,
  // CJS dependencies bundled into ESM still call require().
  banner: { js: "import { createRequire as __kubeadmCreateRequire } from 'node:module'; const require = __kubeadmCreateRequire(import.meta.url);" },
  define: defines,
});

// The CLI once more as one CommonJS bundle, for the code cache (Node 20 hands a cache to
// vm.Script, not to ES modules), and its loader.
// - kubeadm.cjs: import() of Node's built-in modules becomes require(): code run by vm.Script (the
//   cached bundle) has no loader for a native import();
// - launch.cjs, which Node loads as a file: its one import() (of dist/main.js) stays native, so
//   the launcher needs no code generated from strings (--disallow-code-generation-from-strings).
for (const [entry, outfile, dynamicImport] of [["src/main.ts", "dist/kubeadm.cjs", false], ["src/launch.ts", "dist/launch.cjs", true]]) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "cjs",
    supported: { "dynamic-import": dynamicImport },
    external: UNUSED_AT_RUNTIME,
    platform: "node",
    target: "node20",
    legalComments: "none",
    logLevel: "warning",
    define: defines,
  });
}

// Make the code cache: run the bundle on a representative command (`init phase certs all` into a
// temp dir, which compiles the config, workflow and PKI code), then V8 serialises what it compiled.
const work = mkdtempSync(join(tmpdir(), "kubeadm-ts-build-cache-"));
try {
  const config = join(work, "config.yaml");
  writeFileSync(
    config,
    `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: 192.0.2.10\nnodeRegistration:\n  name: node1\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.2\ncertificatesDir: ${join(work, "pki")}\n`,
  );
  execFileSync(process.execPath, ["dist/launch.cjs", "init", "phase", "certs", "all", "--config", config], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, KUBEADM_TS_WRITE_CODE_CACHE: "1" },
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
