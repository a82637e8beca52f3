// Shared by the init dry-run golden generator and its test: the inputs, and the summary of a
// `kubeadm init --dry-run` run — every file written and every API action with the object's
// kind and name, in order — which must be the same for upstream kubeadm and ours.

import { KUBERNETES_VERSION } from "../versions.mjs";

export const DRY_RUN_DIR = "/etc/kubernetes/tmp/kubeadm-init-dryrun-golden";

export const dryRunCases = [
  {
    name: "default",
    args: ["init", "--dry-run", "--ignore-preflight-errors=all"],
    config: `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.0.2.10
  bindPort: 6443
bootstrapTokens:
- token: abcdef.0123456789abcdef
nodeRegistration:
  name: golden-node
  criSocket: unix:///var/run/containerd/containerd.sock
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
`,
  },
  {
    name: "upload-certs-endpoint",
    args: ["init", "--dry-run", "--ignore-preflight-errors=all", "--upload-certs"],
    config: `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.0.2.10
bootstrapTokens:
- token: abcdef.0123456789abcdef
certificateKey: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
nodeRegistration:
  name: golden-node
  criSocket: unix:///var/run/containerd/containerd.sock
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
controlPlaneEndpoint: cp.example.com:6443
networking:
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112
`,
  },
];

/**
 * The summary: "file <path>" for every "[dryrun] Would write file", "<VERB> <resource>
 * <kind>/<name>" for every API action (name from the action or from the attached object),
 * and "success" for the final message.
 */
export function dryRunSummary(stdout) {
  const out = [];
  const lines = stdout.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    let m = /^\[dryrun\] Would write file "(.*)" with content:$/.exec(l);
    if (m) {
      out.push(`file ${m[1]}`);
      continue;
    }
    m = /^\[dryrun\] Would perform action (\S+) on resource "(\S+)" in API group "(\S+)"$/.exec(l);
    if (m) {
      let name = "";
      let kind = "";
      const r = /^\[dryrun\] Resource name "(.*)", namespace "(.*)"$/.exec(lines[i + 1] ?? "");
      if (r) name = `${r[2] ? r[2] + "/" : ""}${r[1]}`;
      if (!r || lines[i + 2] === "[dryrun] Attached object:") {
        // the attached object: top-level kind and metadata name/namespace
        let j = i + 1;
        while (j < lines.length && lines[j] !== "[dryrun] Attached object:" && !lines[j].startsWith("[dryrun] Would")) j++;
        if (lines[j] === "[dryrun] Attached object:") {
          let inMeta = false;
          let oname = "";
          let ons = "";
          for (let k = j + 1; k < lines.length && lines[k] !== ""; k++) {
            const t = lines[k];
            const km = /^kind: (\S+)$/.exec(t);
            if (km) kind = km[1];
            if (t === "metadata:") inMeta = true;
            else if (/^\S/.test(t)) inMeta = false;
            const nm = /^  name: (\S+)$/.exec(t);
            if (inMeta && nm) oname = nm[1];
            const ns = /^  namespace: (\S+)$/.exec(t);
            if (inMeta && ns) ons = ns[1];
          }
          if (!name) name = `${ons ? ons + "/" : ""}${oname}`;
        }
      }
      out.push(`${m[1]} ${m[2]}.${m[3]} ${kind || "-"} ${name}`);
      continue;
    }
    if (l === "Your Kubernetes control-plane has initialized successfully!") out.push("success");
  }
  return out.map(maskRandomTokens);
}

/** The owner token of kubeadm-certs is random: "bootstrap-token-<random>" (the configured token stays). */
export const maskRandomTokens = (s) =>
  s.replace(/bootstrap-token-(?!abcdef)[a-z0-9]{6}\b/g, "bootstrap-token-<random>").replace(/token-id: (?!YWJjZGVm)\S+/g, "token-id: <random>");

/** Files left in the dry-run directory: "<mode> <path>". */
export function dryRunFiles(files) {
  return Object.values(files)
    .filter((f) => f.path.startsWith(DRY_RUN_DIR + "/"))
    .map((f) => `${f.type === "dir" ? "d" : "f"} 0${f.mode.toString(8)} ${f.path}`)
    .sort();
}

/** Masks what differs from run to run (keys, hashes, times, tokens) in the whole stdout. */
export function normalizeDryRun(stdout) {
  return stdout
    .replace(/(certificate-authority-data|client-certificate-data|client-key-data): \S+/g, "$1: <data>")
    .replace(/sha256:[0-9a-f]{64}/g, "sha256:<hash>")
    .replace(/^(  expiration: )\S+$/gm, "$1<time>")
    .replace(/^(  (?:ca\.crt|ca\.key|[a-z-]+\.(?:crt|key|pub)|sa\.key|sa\.pub|etcd-[a-z-]+\.(?:crt|key)|external-etcd[a-z.-]*)): \S+$/gm, "$1: <encrypted>")
    .replace(/^(    uid: )\S+$/gm, "$1<uid>")
    .replace(/^(  token-secret: )(?!MDEyMzQ1Njc4OWFiY2RlZg==)\S+$/gm, "$1<random>")
    .replace(/bootstrap-token-(?!abcdef)[a-z0-9]{6}\b/g, "bootstrap-token-<random>")
    .replace(/^(  token-id: )(?!YWJjZGVm)\S+$/gm, "$1<random>");
}
