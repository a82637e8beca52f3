#!/usr/bin/env node
// Regenerates test/golden/init/ from upstream kubeadm (built by `npm run lab:build`):
// for each case of dry-run.mjs, `kubeadm init --dry-run ...` in a private mount namespace
// (needs root or user namespaces). Writes <case>.summary.txt (files and API objects in order),
// <case>.files.txt (what the dry-run directory holds) and <case>.stdout.txt (normalized output).
//   node test/golden/init/generate.mjs
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DRY_RUN_DIR, dryRunCases, dryRunFiles, dryRunSummary, normalizeDryRun } from "./dry-run.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const version = /^KUBERNETES_VERSION=(.*)$/m.exec(readFileSync(join(here, "../../lab/versions.env"), "utf8"))[1].trim();
const bin = process.env.KUBEADM_UPSTREAM ?? join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache", "kubeadm-ts"), "upstream", version, "bin", "kubeadm");

function walk(host, shown, out) {
  for (const n of readdirSync(host).sort()) {
    const st = lstatSync(join(host, n));
    const f = { path: join(shown, n), type: st.isDirectory() ? "dir" : "file", mode: st.mode & 0o7777 };
    out[f.path] = f;
    if (st.isDirectory()) walk(join(host, n), f.path, out);
  }
}

function runUpstream(c) {
  const tmp = mkdtempSync(join(tmpdir(), "init-golden-"));
  const dirs = ["/etc/kubernetes", "/var/lib/kubelet", "/var/lib/etcd", "/run/kubeadm-oracle"];
  const binds = dirs.map((d, i) => {
    mkdirSync(join(tmp, `p${i}`));
    mkdirSync(d, { recursive: true });
    return `mount --bind '${join(tmp, `p${i}`)}' '${d}'`;
  });
  writeFileSync(join(tmp, "p3", "config.yaml"), c.config);
  const rootless = process.getuid?.() !== 0;
  const r = spawnSync(
    "unshare",
    [...(rootless ? ["--map-root-user"] : []), "--mount", "--propagation", "private", "--", "/bin/sh", "-c", `set -e\n${binds.join("\n")}\nexec "$@"`, "sh", bin, ...c.args, "--config", "/run/kubeadm-oracle/config.yaml"],
    { encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME ?? "/root", LANG: "C", KUBEADM_INIT_DRYRUN_DIR: DRY_RUN_DIR }, timeout: 120_000 },
  );
  const files = {};
  walk(join(tmp, "p0"), "/etc/kubernetes", files);
  rmSync(tmp, { recursive: true, force: true });
  return { ...r, files };
}

for (const c of dryRunCases) {
  const r = runUpstream(c);
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`upstream kubeadm failed for ${c.name} (status ${r.status})`);
  }
  writeFileSync(join(here, `${c.name}.summary.txt`), dryRunSummary(r.stdout).join("\n") + "\n");
  writeFileSync(join(here, `${c.name}.files.txt`), dryRunFiles(r.files).join("\n") + "\n");
  writeFileSync(join(here, `${c.name}.stdout.txt`), normalizeDryRun(r.stdout));
  console.log(`${c.name}: ${dryRunSummary(r.stdout).length} entries`);
}
