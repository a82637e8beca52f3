// Bundles src/ into dist/ as ESM with code splitting, so heavy modules
// (x509, grpc, yaml) load only when a command imports them.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { execFileSync } from "node:child_process";

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
  // CJS dependencies bundled into ESM still call require().
  banner: { js: "import { createRequire as __kubeadmCreateRequire } from 'node:module'; const require = __kubeadmCreateRequire(import.meta.url);" },
  define: {
    "process.env.KUBEADM_TS_BUILD_DATE": JSON.stringify(new Date().toISOString().replace(/\.\d+Z$/, "Z")),
    "process.env.KUBEADM_TS_GIT_COMMIT": JSON.stringify(gitCommit),
    "process.env.KUBEADM_TS_GIT_TREE_STATE": JSON.stringify(gitTreeState),
  },
});
