// `kubeadm reset` against the pinned upstream kubeadm on the same node state: both binaries run in a
// private mount namespace (the lab oracle: fresh /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd
// seeded with the same files, a recording systemctl) and must print the same lines (klog headers
// aside), exit the same way, call systemctl the same way and leave the same files. No API server
// is reachable here, so these are the paths without a cluster configuration (worker nodes, or a
// control plane that is down); the CRI socket does not exist, so container removal only warns.
// Needs `npm run build` and `npm run lab:build`.
import { describe, expect, it } from "vitest";
import { runKubeadm, type RunResult } from "../../lab/oracle/index.js";
import { requireUpstream } from "../../support/upstream.js";

const CRI = ["--cri-socket", "unix:///run/nonexistent.sock"];
const ETCD_POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  volumes:\n  - name: etcd-data\n    hostPath:\n      path: /var/lib/etcd\n  containers: []\n";
const controlPlane: Record<string, string> = {
  "/etc/kubernetes/admin.conf": "not a kubeconfig",
  "/etc/kubernetes/kubelet.conf": "y",
  "/etc/kubernetes/pki/ca.crt": "c",
  "/etc/kubernetes/pki/etcd/ca.key": "k",
  "/etc/kubernetes/manifests/etcd.yaml": ETCD_POD,
  "/var/lib/etcd/member/snap/db": "d",
  "/var/lib/kubelet/config.yaml": "k",
  "/var/lib/kubelet/pki/kubelet.crt": "k",
  "/etc/kubernetes/tmp/kubeadm-backup": "t",
};
const worker: Record<string, string> = { "/etc/kubernetes/kubelet.conf": "y", "/var/lib/kubelet/pki/x": "k", "/etc/kubernetes/pki/ca.crt": "c" };
const etcdWithoutDataVolume = { ...controlPlane, "/etc/kubernetes/manifests/etcd.yaml": "apiVersion: v1\nkind: Pod\nspec:\n  volumes: []\n" };
const resetConfig = [
  "apiVersion: kubeadm.k8s.io/v1beta4",
  "kind: ResetConfiguration",
  "force: true",
  "cleanupTmpDir: true",
  "criSocket: unix:///run/nonexistent.sock",
  "skipPhases:",
  "- remove-etcd-member",
  "",
].join("\n");

interface Case {
  title: string;
  args: string[];
  seed?: Record<string, string>;
  stdin?: string;
  config?: string;
  /** A line the run must print (so two empty outputs cannot pass). */
  expect: string;
}

const cases: Case[] = [
  { title: "control plane, -f", args: ["reset", "-f", ...CRI], expect: "[reset] Deleted contents of the etcd data directory: /var/lib/etcd" },
  { title: "worker, -f", args: ["reset", "-f", ...CRI], seed: worker, expect: "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]" },
  { title: "etcd manifest without a data volume: external etcd", args: ["reset", "-f", ...CRI], seed: etcdWithoutDataVolume, expect: "[reset] No etcd config found. Assuming external etcd" },
  { title: "--dry-run", args: ["reset", "--dry-run", ...CRI], expect: "[dryrun] Would remove Kubernetes-managed containers" },
  { title: "non-default --cert-dir", args: ["reset", "-f", ...CRI, "--cert-dir", "/etc/kubernetes/other"], expect: "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/other]" },
  { title: "prompt answered n", args: ["reset", ...CRI], stdin: "n\n", expect: "[reset] Are you sure you want to proceed? [y/N]: " },
  { title: "prompt answered y", args: ["reset", ...CRI], stdin: "y\n", expect: "[preflight] Running pre-flight checks" },
  { title: "prompt answered YES", args: ["reset", ...CRI], stdin: "YES\n", expect: "[preflight] Running pre-flight checks" },
  { title: "prompt answered ' y' (not trimmed: refused)", args: ["reset", ...CRI], stdin: " y\n", expect: "[reset] Are you sure you want to proceed? [y/N]: " },
  { title: "prompt at end of input", args: ["reset", ...CRI], stdin: "", expect: "[reset] Are you sure you want to proceed? [y/N]: " },
  { title: "ResetConfiguration: force, cleanupTmpDir, criSocket, skipPhases", args: ["reset", "--config", "{config}"], config: resetConfig, expect: "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki /etc/kubernetes/tmp]" },
  { title: "flags over the file; --config mixed with --cert-dir", args: ["reset", "--config", "{config}", "--force=false", "--cert-dir", "/x"], config: resetConfig, expect: "can not mix '--config' with arguments" },
  { title: "--skip-phases over the file's", args: ["reset", "--config", "{config}", "--skip-phases", "cleanup-node"], config: resetConfig, expect: "[reset] Deleted contents of the etcd data directory: /var/lib/etcd" },
  { title: "phase cleanup-node --cleanup-tmp-dir", args: ["reset", "phase", "cleanup-node", ...CRI, "--cleanup-tmp-dir"], expect: "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki /etc/kubernetes/tmp]" },
  { title: "phase cleanup-node --dry-run", args: ["reset", "phase", "cleanup-node", "--dry-run", "--cleanup-tmp-dir"], expect: "[dryrun] Would delete contents of directories: [/etc/kubernetes/manifests /etc/kubernetes/pki /etc/kubernetes/tmp]" },
  { title: "phase remove-etcd-member", args: ["reset", "phase", "remove-etcd-member"], expect: "[reset] Deleted contents of the etcd data directory: /var/lib/etcd" },
  { title: "phase preflight -f", args: ["reset", "phase", "preflight", "-f"], expect: "[preflight] Running pre-flight checks" },
];

const klogHeader = (s: string) => s.replace(/^([WIE])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1 ");
const summary = (r: RunResult) => ({
  code: r.code,
  stdout: r.stdout,
  stderr: klogHeader(r.stderr),
  files: Object.keys(r.files),
  systemctl: r.systemctlCalls,
});

describe("kubeadm reset: same lines, exit status, systemctl calls and files as upstream", () => {
  for (const c of cases) {
    it(c.title, { timeout: 60_000 }, async () => {
      requireUpstream("kubeadm");
      const opts = { args: c.args, seed: c.seed ?? controlPlane, stdin: c.stdin ?? "", ...(c.config ? { config: c.config } : {}) };
      const upstream = summary(await runKubeadm({ bin: "upstream", ...opts }));
      const ours = summary(await runKubeadm({ bin: "ts", ...opts }));
      expect(upstream.stdout + upstream.stderr).toContain(c.expect);
      expect(ours).toEqual(upstream);
    });
  }
});
