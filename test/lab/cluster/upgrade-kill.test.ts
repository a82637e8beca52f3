// `kubeadm-ts upgrade apply` killed in the middle, then run again, completes (issue #15, beyond
// upstream): on a single-node v1.36.3 cluster made by upstream kubeadm v1.36.3, kubeadm-ts's
// `upgrade apply v1.37.2 -y` is killed (SIGKILL) right after it moved the new kube-apiserver
// manifest in (the component restarting, etcd already upgraded); the same command run again
// succeeds, every static Pod runs v1.37.2 and the old manifests are kept as backups.
//
// Needs root, `npm run lab:build`, `npm run build`. Takes the lab lock for the whole run.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cluster, inNodeOk, takeLock, waitFor } from "./cluster.js";

const LOCK = "/tmp/kubeadm-ts-lab.lock";
const TARGET = "v1.37.2";
const KUBECTL = ["kubectl", "--kubeconfig=/etc/kubernetes/admin.conf"];
const SKIP = process.env.UPGRADE_TEST_SKIP_PHASES ?? "";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let release: (() => void) | undefined;
let upDone = false;

beforeAll(async () => {
  if (!isRoot) throw new Error("the upgrade lab test needs root");
  release = takeLock(LOCK, 3600);
  const d = cluster(["down"]);
  if (d.code !== 0) throw new Error(`lab:cluster down: ${d.stderr}`);
  const up = cluster(["up", "--control-planes", "1", "--workers", "0", "--node-set", "cp1=previous"]);
  if (up.code !== 0) throw new Error(`lab:cluster up: ${up.stdout}\n${up.stderr}`);
  upDone = true;
}, 10 * 60_000);

afterAll(async () => {
  try {
    if (upDone) cluster(["down"]);
  } finally {
    release?.();
  }
}, 10 * 60_000);

/**
 * Runs `kubeadm-ts upgrade apply` in cp1 and SIGKILLs it (by the pid it reports) once stdout shows
 * `line`; resolves with what it printed.
 */
function applyKilledAt(line: RegExp, skip: string[]): Promise<{ stdout: string; killed: boolean }> {
  return new Promise((resolve) => {
    const p = spawn("bash", [CLI, "exec", "cp1", "--", "bash", "-c", `echo "pid $$"; exec kubeadm-ts upgrade apply ${TARGET} -y ${skip.join(" ")}`], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let killed = false;
    p.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const pid = /^pid (\d+)$/m.exec(stdout)?.[1];
      if (!killed && pid && line.test(stdout)) {
        killed = true;
        inNodeOk("cp1", ["kill", "-9", pid]);
      }
    });
    p.on("close", () => resolve({ stdout, killed }));
  });
}

describe("upgrade apply killed, then run again", () => {
  it("completes the upgrade", async () => {
    inNodeOk("cp1", ["kubeadm", "init", "--config", "/kts-cluster/init.yaml"]);
    await waitFor("cp1 Ready", 180_000, () =>
      /True/.test(inNodeOk("cp1", [...KUBECTL, "get", "node", "cp1", "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) ? true : undefined,
    );
    const skip = SKIP ? [`--skip-phases=${SKIP}`] : [];
    const first = await applyKilledAt(/Moving new manifest to "\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml"/, skip);
    expect(first.killed, first.stdout).toBe(true);
    expect(first.stdout).not.toContain("[upgrade] SUCCESS!");

    const again = inNodeOk("cp1", ["kubeadm-ts", "upgrade", "apply", TARGET, "-y", ...skip], { timeoutMs: 15 * 60_000 });
    expect(again).toContain(`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${TARGET}".`);
    // etcd was done by the killed run: skipped, or only restarted when kube-apiserver still has to change
    expect(again).toMatch(/\[upgrade\/staticpods\] (Current and new manifests of etcd are equal, skipping upgrade|Restarting the etcd static pod)/);

    const images = inNodeOk("cp1", ["bash", "-c", "grep -h 'image:' /etc/kubernetes/manifests/*.yaml"]);
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) expect(images).toContain(`${c}:${TARGET}`);
    expect(images).toContain("etcd:3.7.0-0");
    // the first run's backups of etcd and kube-apiserver (v1.36.3) are kept
    const backups = inNodeOk("cp1", ["bash", "-c", "grep -h 'image:' /etc/kubernetes/tmp/kubeadm-backup-manifests-*/*.yaml"]);
    expect(backups).toContain("kube-apiserver:v1.36.3");
    expect(backups).toContain("etcd:3.6.8-0");
    expect(inNodeOk("cp1", ["bash", "-c", "ls /etc/kubernetes/tmp"])).not.toContain("kubeadm-upgraded-manifests");

    await waitFor("the control plane at v1.37.2 serving", 240_000, () => {
      const s = inNodeOk("cp1", [...KUBECTL, "-n", "kube-system", "get", "pods", "-l", "tier=control-plane", "-o", "jsonpath={.items[*].spec.containers[*].image}"]);
      return s.includes(`kube-apiserver:${TARGET}`) && s.includes(`kube-scheduler:${TARGET}`) ? true : undefined;
    });
  });
});
