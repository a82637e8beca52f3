#!/usr/bin/env node
// Regenerates the golden files of test/golden/cluster/ from upstream kubeadm (built by
// `npm run lab:build`): `init --dry-run` API objects and `init phase addon … --print-manifest`.
// Runs upstream in a private mount namespace (needs root or user namespaces).
//   node test/golden/cluster/generate.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { goldenCases, materializeInputs, normalizeDryRun, sliceApiObjects } from "./cases.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const versions = readFileSync(join(here, "../../lab/versions.env"), "utf8");
const version = /^KUBERNETES_VERSION=(.*)$/m.exec(versions)[1].trim();
const bin = process.env.KUBEADM_UPSTREAM ?? join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache", "kubeadm-ts"), "upstream", version, "bin", "kubeadm");

/** Runs upstream kubeadm with private /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd. */
export function runUpstream(args) {
  const tmp = mkdtempSync(join(tmpdir(), "cluster-golden-"));
  const dirs = ["/etc/kubernetes", "/var/lib/kubelet", "/var/lib/etcd"];
  const binds = dirs.map((d, i) => {
    mkdirSync(join(tmp, `p${i}`));
    mkdirSync(d, { recursive: true });
    return `mount --bind '${join(tmp, `p${i}`)}' '${d}'`;
  });
  const rootless = process.getuid?.() !== 0;
  const r = spawnSync(
    "unshare",
    [...(rootless ? ["--map-root-user"] : []), "--mount", "--propagation", "private", "--", "/bin/sh", "-c", `set -e\n${binds.join("\n")}\nexec "$@"`, "sh", bin, ...args],
    { encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME ?? "/root", LANG: "C", TZ: "UTC" }, timeout: 120_000 },
  );
  rmSync(tmp, { recursive: true, force: true });
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const inputs = materializeInputs();
  for (const c of goldenCases) {
    const args = c.args.map((a) => a.replaceAll("{inputs}", inputs));
    const r = runUpstream(args);
    if (r.status !== 0 && !c.allowFailure) {
      console.error(`${c.file}: upstream failed (${r.status}):\n${r.stderr}`);
      process.exit(1);
    }
    const text = c.kind === "dryrun" ? normalizeDryRun(sliceApiObjects(r.stdout)) : r.stdout;
    writeFileSync(join(here, c.file), text);
    console.log(`wrote ${c.file} (${text.length} bytes)`);
  }
  rmSync(inputs, { recursive: true, force: true });
}
