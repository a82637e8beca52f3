// The real-cluster smoke: on the lab node (lab:up), `kubeadm init` must give a Ready single-node
// cluster with every kube-system Pod Running, in-cluster DNS through CoreDNS, and a passing
// e2e_kubeadm suite; `kubeadm reset -f` and lab:down must then leave the machine clean, and the
// node must come up again. The kubeadm under test is KUBEADM_BIN (default: upstream's build);
// LAB_ALSO_TS=1 repeats everything with the project's bin/kubeadm.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KUBERNETES_VERSION, LAB_DIR, REPO_DIR, TS_KUBEADM, UPSTREAM_BIN_DIR, UPSTREAM_KUBEADM } from "./oracle/index.js";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const LAB_RUN = "/run/kubeadm-ts-lab";
const LAB_PATH = `${LAB_RUN}/bin:${UPSTREAM_BIN_DIR}:${process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"}`;
const ADMIN = "/etc/kubernetes/admin.conf";
const METRICS_FILE = join(dirname(UPSTREAM_BIN_DIR), "lab-metrics.json");

interface Sh {
  code: number | null;
  stdout: string;
  stderr: string;
}
function sh(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string; env?: Record<string, string> } = {}): Sh {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 10 * 60_000,
    input: opts.input,
    env: { ...process.env, PATH: LAB_PATH, KUBECONFIG: ADMIN, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
const script = (name: string) => sh("bash", [join(LAB_DIR, "scripts", name)]);
const kubectl = (...args: string[]) => sh(join(UPSTREAM_BIN_DIR, "kubectl"), args, { timeoutMs: 60_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(2000);
  }
}

function labPids(): number[] {
  const pids: number[] = [];
  const dir = `${LAB_RUN}/pids`;
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (/^\d+$/.test(readFileSync(join(dir, f), "utf8").trim())) pids.push(Number(readFileSync(join(dir, f), "utf8")));
  const shims = "/run/containerd/io.containerd.runtime.v2.task/k8s.io";
  if (existsSync(shims))
    for (const id of readdirSync(shims)) {
      const p = join(shims, id, "shim.pid");
      if (existsSync(p)) pids.push(Number(readFileSync(p, "utf8")));
    }
  return pids.filter((p) => p > 0);
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function recordMetrics(key: string, values: Record<string, number | string>) {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(METRICS_FILE, "utf8"));
  } catch {}
  all[key] = { ...values, at: new Date().toISOString() };
  mkdirSync(dirname(METRICS_FILE), { recursive: true });
  writeFileSync(METRICS_FILE, JSON.stringify(all, null, 2) + "\n");
  console.log(`[lab] ${key}: ${JSON.stringify(values)}`);
}

const kubeadms: Array<{ name: string; bin: string }> = [
  { name: process.env.KUBEADM_BIN ? "KUBEADM_BIN" : "upstream", bin: process.env.KUBEADM_BIN ? resolve(REPO_DIR, process.env.KUBEADM_BIN) : UPSTREAM_KUBEADM },
];
if (process.env.LAB_ALSO_TS === "1") kubeadms.push({ name: "kubeadm-ts", bin: TS_KUBEADM });

describe.skipIf(!isRoot)("real-cluster lab", () => {
  beforeAll(() => {
    for (const b of ["kubeadm", "kubelet", "kubectl", "e2e_kubeadm.test"]) {
      if (!existsSync(join(UPSTREAM_BIN_DIR, b))) throw new Error(`${b} not built: run npm run lab:build first`);
    }
  });

  kubeadms.forEach(({ name, bin }, round) => {
    describe.sequential(`kubeadm init with ${name} (${bin})`, () => {
      const t: Record<string, number> = {};
      const kubeadm = (...args: string[]) => sh(bin, args, { timeoutMs: 10 * 60_000 });
      let pidsBeforeDown: number[] = [];
      let nftTablesBefore = "";
      let sysctlBefore = "";

      beforeAll(() => {
        // a clean slate even if an earlier run died half-way
        if (existsSync(ADMIN)) kubeadm("reset", "-f");
        script("lab-down.sh");
        nftTablesBefore = sh("nft", ["list", "tables"]).stdout;
        sysctlBefore = sh("sysctl", ["-n", "net.ipv4.ip_forward"]).stdout.trim();
      });
      afterAll(() => {
        // leave nothing running whatever happened
        if (existsSync(LAB_RUN)) {
          if (existsSync(ADMIN)) kubeadm("reset", "-f");
          script("lab-down.sh");
        }
      });

      it("lab:up brings the node up", () => {
        const t0 = Date.now();
        const r = script("lab-up.sh");
        expect(r.code, r.stderr).toBe(0);
        t.labUpMs = Date.now() - t0;
        expect(sh("systemctl", ["is-enabled", "kubelet"]).stdout.trim()).toBe("enabled");
      });

      it("kubeadm init succeeds", () => {
        const cfg = readFileSync(join(LAB_DIR, "config", "init.yaml"), "utf8").replaceAll("${KUBERNETES_VERSION}", KUBERNETES_VERSION);
        const cfgPath = `${LAB_RUN}/init.yaml`;
        writeFileSync(cfgPath, cfg);
        t.initStart = Date.now();
        const r = kubeadm("init", "--config", cfgPath, "--upload-certs");
        t.initMs = Date.now() - t.initStart;
        expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stdout).toContain("Your Kubernetes control-plane has initialized successfully!");
        expect(sh("systemctl", ["is-active", "kubelet"]).stdout.trim()).toBe("active");
      });

      it("the node becomes Ready", async () => {
        await waitFor("node Ready", 5 * 60_000, () => {
          const r = kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
          const lines = r.stdout.trim().split("\n").filter(Boolean);
          return lines.length === 1 && lines[0]!.endsWith(" True") ? lines : undefined;
        });
        t.readyMs = Date.now() - t.initStart!;
      });

      it("every kube-system Pod is Running and ready", async () => {
        const pods = await waitFor("kube-system Pods Running", 5 * 60_000, () => {
          const r = kubectl("get", "pods", "-n", "kube-system", "-o", "json");
          if (r.code !== 0) return undefined;
          const items = JSON.parse(r.stdout).items as Array<{ metadata: { name: string }; status: { phase: string; containerStatuses?: Array<{ ready: boolean }> } }>;
          const ok = items.length >= 7 && items.every((p) => p.status.phase === "Running" && (p.status.containerStatuses ?? []).every((c) => c.ready));
          return ok ? items.map((p) => p.metadata.name) : undefined;
        });
        t.allRunningMs = Date.now() - t.initStart!;
        const node = kubectl("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout.trim();
        for (const c of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) expect(pods).toContain(`${c}-${node}`);
        expect(pods.filter((p) => p.startsWith("kube-proxy-"))).toHaveLength(1);
        expect(pods.filter((p) => p.startsWith("coredns-"))).toHaveLength(2);
      });

      it("a Pod on the node resolves kubernetes.default through CoreDNS", async () => {
        const pod = {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "lab-dns-check", namespace: "default" },
          spec: {
            restartPolicy: "Never",
            tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
            containers: [{ name: "c", image: "kubeadm-ts.lab/debian:lab", imagePullPolicy: "Never", command: ["sh", "-c", "cat /etc/resolv.conf; getent hosts kubernetes.default"] }],
          },
        };
        const r = sh(join(UPSTREAM_BIN_DIR, "kubectl"), ["apply", "-f", "-"], { input: JSON.stringify(pod) });
        expect(r.code, r.stderr).toBe(0);
        const phase = await waitFor("DNS check Pod to finish", 3 * 60_000, () => {
          const p = kubectl("get", "pod", "lab-dns-check", "-o", "jsonpath={.status.phase}").stdout.trim();
          return p === "Succeeded" || p === "Failed" ? p : undefined;
        });
        const logs = kubectl("logs", "lab-dns-check").stdout;
        expect(phase, logs).toBe("Succeeded");
        expect(logs).toMatch(/nameserver 10\.96\.0\.10/);
        expect(logs).toMatch(/^10\.96\.0\.1\s+kubernetes\.default\.svc\.cluster\.local/m);
        kubectl("delete", "pod", "lab-dns-check", "--wait=false");
      });

      it("the e2e_kubeadm suite passes (multi-node specs excluded)", () => {
        const reportDir = `${LAB_RUN}/e2e-report`;
        const r = sh(join(UPSTREAM_BIN_DIR, "e2e_kubeadm.test"), [
          `--kubeconfig=${ADMIN}`,
          "--ginkgo.skip=\\[multi-node\\]",
          "--ginkgo.no-color",
          `--report-dir=${reportDir}`,
        ], { timeoutMs: 15 * 60_000 });
        const summary = /Ran (\d+) of (\d+) Specs[\s\S]*?(\d+) Passed \| (\d+) Failed/.exec(r.stdout);
        expect(r.code, r.stdout.slice(-4000)).toBe(0);
        expect(summary, r.stdout.slice(-2000)).not.toBeNull();
        expect(Number(summary![4])).toBe(0);
        expect(Number(summary![3])).toBeGreaterThanOrEqual(30);
        t.e2ePassed = Number(summary![3]);
      });

      it("kubeadm reset -f and lab:down leave the machine clean", () => {
        const r = kubeadm("reset", "-f");
        expect(r.code, r.stderr).toBe(0);
        pidsBeforeDown = labPids();
        expect(pidsBeforeDown.length).toBeGreaterThan(0);
        const d = script("lab-down.sh");
        expect(d.code, d.stderr).toBe(0);
        expect(pidsBeforeDown.filter(alive)).toEqual([]);
        for (const p of ["/etc/kubernetes", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/cni", LAB_RUN, "/etc/cni/net.d/10-kubeadm-ts-lab.conflist"]) expect(existsSync(p), p).toBe(false);
        const mounts = readFileSync("/proc/self/mounts", "utf8").split("\n").filter((l) => / \/(var\/lib\/kubelet|run\/netns\/cni-|run\/containerd\/io\.containerd\.(grpc|runtime))/.test(l));
        expect(mounts).toEqual([]);
        expect(sh("ip", ["link", "show", "cni0"]).code).not.toBe(0);
        expect(sh("iptables-save", []).stdout).not.toMatch(/KUBE-|CNI-/);
        expect(sh("nft", ["list", "tables"]).stdout).toBe(nftTablesBefore);
        expect(sh("sysctl", ["-n", "net.ipv4.ip_forward"]).stdout.trim()).toBe(sysctlBefore);
      });

      if (round === 0) {
        it("a second lab:up works, and lab:down stops it again", () => {
          const up = script("lab-up.sh");
          expect(up.code, up.stderr).toBe(0);
          const pids = labPids();
          expect(pids.length).toBeGreaterThan(0);
          expect(sh("ctr", ["-n", "k8s.io", "images", "ls", "-q"]).stdout).toContain("registry.k8s.io/pause:");
          const down = script("lab-down.sh");
          expect(down.code, down.stderr).toBe(0);
          expect(pids.filter(alive)).toEqual([]);
        });
      }

      it("records timings", () => {
        recordMetrics(name, {
          labUpSeconds: +(t.labUpMs! / 1000).toFixed(1),
          initSeconds: +(t.initMs! / 1000).toFixed(1),
          timeToReadySeconds: +(t.readyMs! / 1000).toFixed(1),
          timeToAllPodsRunningSeconds: +(t.allRunningMs! / 1000).toFixed(1),
          e2ePassed: t.e2ePassed ?? 0,
        });
      });
    });
  });
});
