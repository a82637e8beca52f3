// The golden cases of test/golden/cluster/ (shared by generate.mjs and the tests).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fillVersions } from "../versions.mjs";

/** The inputs/ files with their version placeholders filled in, in a new temp folder (its path). */
export function materializeInputs() {
  const src = join(dirname(fileURLToPath(import.meta.url)), "inputs");
  const dir = mkdtempSync(join(tmpdir(), "cluster-golden-inputs-"));
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(src)) writeFileSync(join(dir, f), fillVersions(readFileSync(join(src, f), "utf8")));
  return dir;
}

export const goldenCases = [
  { file: "init-dryrun-default.txt", kind: "dryrun", config: "default.yaml", args: ["init", "--dry-run", "--ignore-preflight-errors=all", "--config", "{inputs}/default.yaml"], allowFailure: true },
  { file: "init-dryrun-custom.txt", kind: "dryrun", config: "custom.yaml", args: ["init", "--dry-run", "--ignore-preflight-errors=all", "--config", "{inputs}/custom.yaml"], allowFailure: true },
  { file: "coredns-manifest-default.txt", kind: "manifest", config: "default.yaml", args: ["init", "phase", "addon", "coredns", "--print-manifest", "--config", "{inputs}/default.yaml"] },
  { file: "coredns-manifest-custom.txt", kind: "manifest", config: "custom.yaml", args: ["init", "phase", "addon", "coredns", "--print-manifest", "--config", "{inputs}/custom.yaml"] },
  { file: "kube-proxy-manifest-default.txt", kind: "manifest", config: "default.yaml", args: ["init", "phase", "addon", "kube-proxy", "--print-manifest", "--config", "{inputs}/default.yaml"] },
  { file: "kube-proxy-manifest-custom.txt", kind: "manifest", config: "custom.yaml", args: ["init", "phase", "addon", "kube-proxy", "--print-manifest", "--config", "{inputs}/custom.yaml"] },
  // an N-1 control plane (the previous minor's kubernetesVersion), as kubeadm of the pin deploys it
  { file: "init-dryrun-previous-minor.txt", kind: "dryrun", config: "previous-minor.yaml", args: ["init", "--dry-run", "--ignore-preflight-errors=all", "--config", "{inputs}/previous-minor.yaml"], allowFailure: true },
  { file: "coredns-manifest-previous-minor.txt", kind: "manifest", config: "previous-minor.yaml", args: ["init", "phase", "addon", "coredns", "--print-manifest", "--config", "{inputs}/previous-minor.yaml"] },
  { file: "kube-proxy-manifest-previous-minor.txt", kind: "manifest", config: "previous-minor.yaml", args: ["init", "phase", "addon", "kube-proxy", "--print-manifest", "--config", "{inputs}/previous-minor.yaml"] },
];

/** From the upload-config line to the kube-proxy line: the API objects of `init --dry-run`. */
export function sliceApiObjects(stdout) {
  const start = stdout.indexOf("[upload-config] Storing the configuration");
  const endMarker = "[addons] Applied essential addon: kube-proxy\n";
  const end = stdout.indexOf(endMarker);
  if (start < 0 || end < 0) throw new Error("init --dry-run output lacks the upload-config … kube-proxy section");
  return stdout.slice(start, end + endMarker.length);
}

/** Replaces what changes from run to run: token expiration instants and the fresh CA. */
export function normalizeDryRun(text) {
  return text
    .replace(/^(  expiration: ).*$/gm, "$1<EXPIRATION>")
    .replace(/^(\s+certificate-authority-data: ).*$/gm, "$1<CA-DATA>");
}
