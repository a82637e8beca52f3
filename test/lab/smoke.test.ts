// The real-cluster smoke: on the lab node (lab:up), `kubeadm init` must give a Ready single-node
// cluster with every kube-system Pod Running, a working admin.conf, in-cluster DNS through CoreDNS,
// and a passing e2e_kubeadm suite; reset and lab:down must then leave the machine clean.
//
// Three cases: "a" = the lab's defaults (config/init.yaml), "b" = ECDSA-P256 keys, custom service
// and pod CIDRs and --upload-certs (config/init-ecdsa.yaml), "a1" = case a with the previous minor's
// control plane (kubernetesVersion N-1, the node running that minor's kubelet, its e2e_kubeadm
// suite), as kubeadm of the pin deploys it. Each case runs first
// with upstream kubeadm (the oracle) and then with kubeadm-ts (the working tree, built by
// scripts/build-ts.sh into a private copy, or KUBEADM_BIN), and
// the API objects kubeadm created must be the same (objects.ts). On kubeadm-ts's cluster of case
// b, upstream `kubeadm join` (dry-run, in a private mount namespace) discovers the cluster through
// the printed join command and downloads the uploaded certificates, and `kubeadm token` of each
// tool lists and deletes the other's tokens. Each tool then resets its own cluster with
// `kubeadm reset -f`: kubeadm-ts's must print what upstream's printed for the same case and leave
// the machine as clean (upstream's reset stays the safety net when a round dies half-way).
// LAB_CASES=a, b or a1 (or a list) runs those cases only (while developing).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareDumps, dumpKubeadmObjects, formatObjectDifferences, type ObjectDump } from "./objects.js";
import {
  KUBERNETES_VERSION,
  LAB_DIR,
  PREVIOUS_KUBERNETES_VERSION,
  PREVIOUS_UPSTREAM_BIN_DIR,
  REPO_DIR,
  UPSTREAM_BIN_DIR,
  UPSTREAM_KUBEADM,
  runKubeadm,
} from "./oracle/index.js";

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
const script = (name: string, env: Record<string, string> = {}) => sh("bash", [join(LAB_DIR, "scripts", name)], { env });
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

interface LabCase {
  /** Config file under config/ (${KUBERNETES_VERSION} filled in with the case's version). */
  config: string;
  /**
   * The control plane's version: the pin, or the previous minor (N-1: kubeadm of the pin deploys
   * it, the node runs that minor's kubelet and its e2e_kubeadm suite checks the cluster).
   */
  set: "current" | "previous";
  initArgs: string[];
  /** The node's pod CIDR for the bridge CNI (lab:up's LAB_NODE_POD_CIDR): the first /24 of podSubnet. */
  nodePodCidr: string;
  /** The first and tenth address of serviceSubnet: the kubernetes Service and kube-dns. */
  apiServiceIP: string;
  dnsServiceIP: string;
  ecdsa: boolean;
}
const CASES: Record<"a" | "b" | "a1", LabCase> = {
  a: { config: "init.yaml", set: "current", initArgs: [], nodePodCidr: "10.244.0.0/24", apiServiceIP: "10.96.0.1", dnsServiceIP: "10.96.0.10", ecdsa: false },
  b: { config: "init-ecdsa.yaml", set: "current", initArgs: ["--upload-certs"], nodePodCidr: "10.32.0.0/24", apiServiceIP: "10.112.0.1", dnsServiceIP: "10.112.0.10", ecdsa: true },
  // case a with --kubernetes-version of the previous minor (N-1), as upstream kubeadm allows
  a1: { config: "init.yaml", set: "previous", initArgs: [], nodePodCidr: "10.244.0.0/24", apiServiceIP: "10.96.0.1", dnsServiceIP: "10.96.0.10", ecdsa: false },
};
const caseVersion = (c: LabCase) => (c.set === "previous" ? PREVIOUS_KUBERNETES_VERSION : KUBERNETES_VERSION);
/** The bin folder of the case's version set: its kubelet runs the node, its e2e_kubeadm checks the cluster. */
const caseBinDir = (c: LabCase) => (c.set === "previous" ? PREVIOUS_UPSTREAM_BIN_DIR : UPSTREAM_BIN_DIR);
const selectedCases = (process.env.LAB_CASES ?? "a,b,a1").split(",").map((c) => c.trim()) as Array<keyof typeof CASES>;
for (const c of selectedCases) if (!CASES[c]) throw new Error(`LAB_CASES: unknown case ${c}`);

// kubeadm-ts under test: KUBEADM_BIN, or the working tree built into a private copy by
// scripts/build-ts.sh (the shared dist/ may be rebuilt by others while init runs)
const TS_BUILD_BIN = join(dirname(dirname(dirname(UPSTREAM_BIN_DIR))), "kubeadm-ts-build", "bin", "kubeadm");
const TS_BIN = process.env.KUBEADM_BIN ? resolve(REPO_DIR, process.env.KUBEADM_BIN) : TS_BUILD_BIN;
type Tool = "upstream" | "kubeadm-ts";
const rounds: Array<{ tool: Tool; bin: string; caseName: keyof typeof CASES }> = selectedCases.flatMap((caseName) => [
  { tool: "upstream" as const, bin: UPSTREAM_KUBEADM, caseName },
  { tool: "kubeadm-ts" as const, bin: TS_BIN, caseName },
]);

/** What upstream's `kubeadm reset -f` printed, by case: kubeadm-ts's reset of the same case must print the same. */
const upstreamResetOutput: Partial<Record<keyof typeof CASES, { stdout: string; stderr: string }>> = {};
/** klog headers (time, pid) differ run to run; the rest of each line must match. */
const stripKlogHeaders = (s: string) => s.replace(/^([WIE])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1 ");

/** Objects upstream's init created, by case: kubeadm-ts's round of the same case compares against it. */
const upstreamObjects: Partial<Record<keyof typeof CASES, ObjectDump>> = {};

/** The worker join command's arguments after `kubeadm join` (the last one init prints). */
function joinArgs(initStdout: string): string[] {
  const text = initStdout.replace(/\\\n\s*/g, " ");
  const lines = text.split("\n").filter((l) => l.trim().startsWith("kubeadm join "));
  if (!lines.length) throw new Error("no join command in kubeadm init's output");
  return lines.at(-1)!.trim().split(/\s+/).slice(2);
}
const certificateKey = (initStdout: string) => /\[upload-certs\] Using certificate key:\n([0-9a-f]{64})\n/.exec(initStdout)?.[1];

/** `kubeadm token list -o json` prints one indented JSON object per token. */
function parseTokenList(stdout: string): Array<{ token: string; description?: string; usages?: string[]; groups?: string[]; expires?: string; kind: string }> {
  return stdout
    .split(/\n(?=\{)/)
    .filter((s) => s.trim())
    .map((s) => JSON.parse(s));
}
const tokenId = (t: string) => t.split(".")[0]!;

describe("real-cluster lab", () => {
  beforeAll(() => {
    if (!isRoot) throw new Error("the real-cluster lab needs root (containerd, kubelet, mounts): run `npm run test:lab` as root");
    for (const b of ["kubeadm", "kubelet", "kubectl", "e2e_kubeadm.test"]) {
      if (!existsSync(join(UPSTREAM_BIN_DIR, b))) throw new Error(`${b} not built: run npm run lab:build first`);
    }
    if (selectedCases.some((c) => CASES[c].set === "previous")) {
      for (const b of ["kubelet", "e2e_kubeadm.test"]) {
        if (!existsSync(join(PREVIOUS_UPSTREAM_BIN_DIR, b))) throw new Error(`${b} ${PREVIOUS_KUBERNETES_VERSION} not built: run npm run lab:build first`);
      }
    }
    if (!process.env.KUBEADM_BIN) {
      const b = sh("bash", [join(LAB_DIR, "scripts", "build-ts.sh")]);
      if (b.code !== 0 || b.stdout.trim() !== TS_BUILD_BIN) throw new Error(`building kubeadm-ts failed: ${b.stderr}`);
    }
  });

  rounds.forEach(({ tool, bin, caseName }, round) => {
    const labCase = CASES[caseName];
    describe.sequential(`case ${caseName} (${labCase.config}${labCase.initArgs.length ? ` ${labCase.initArgs.join(" ")}` : ""}, Kubernetes ${caseVersion(labCase)}): kubeadm init with ${tool} (${bin})`, () => {
      const t: Record<string, number> = {};
      const kubeadm = (...args: string[]) => sh(bin, args, { timeoutMs: 10 * 60_000 });
      // the safety net when a round died half-way: upstream's reset
      const upstreamReset = () => sh(UPSTREAM_KUBEADM, ["reset", "-f"], { timeoutMs: 5 * 60_000 });
      const labEnv = { LAB_NODE_POD_CIDR: labCase.nodePodCidr, LAB_NODE_SET: labCase.set };
      let initStdout = "";
      let initOk = false;
      // steps after init fail at once (not after their wait timeouts) when init did not succeed
      const requireInit = () => expect(initOk, "kubeadm init did not succeed").toBe(true);
      let pidsBeforeDown: number[] = [];
      let nftTablesBefore = "";
      let sysctlBefore = "";

      beforeAll(() => {
        // a clean slate even if an earlier run died half-way
        if (existsSync(ADMIN)) upstreamReset();
        script("lab-down.sh");
        nftTablesBefore = sh("nft", ["list", "tables"]).stdout;
        sysctlBefore = sh("sysctl", ["-n", "net.ipv4.ip_forward"]).stdout.trim();
      });
      afterAll(() => {
        // leave nothing running whatever happened
        if (existsSync(LAB_RUN)) {
          if (existsSync(ADMIN)) upstreamReset();
          script("lab-down.sh");
        }
      });

      it("lab:up brings the node up", () => {
        const t0 = Date.now();
        const r = script("lab-up.sh", labEnv);
        expect(r.code, r.stderr).toBe(0);
        t.labUpMs = Date.now() - t0;
        expect(sh("systemctl", ["is-enabled", "kubelet"]).stdout.trim()).toBe("enabled");
      });

      it("kubeadm init succeeds", () => {
        const cfg = readFileSync(join(LAB_DIR, "config", labCase.config), "utf8").replaceAll("${KUBERNETES_VERSION}", caseVersion(labCase));
        const cfgPath = `${LAB_RUN}/init.yaml`;
        writeFileSync(cfgPath, cfg);
        t.initStart = Date.now();
        const r = kubeadm("init", "--config", cfgPath, ...labCase.initArgs);
        t.initMs = Date.now() - t.initStart;
        initStdout = r.stdout;
        expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stdout).toContain("Your Kubernetes control-plane has initialized successfully!");
        initOk = true;
        // the node and the static Pods run the case's version
        expect(readFileSync("/etc/kubernetes/manifests/kube-apiserver.yaml", "utf8")).toContain(`image: registry.k8s.io/kube-apiserver:${caseVersion(labCase)}\n`);
        expect(sh("systemctl", ["is-active", "kubelet"]).stdout.trim()).toBe("active");
        if (labCase.initArgs.includes("--upload-certs")) expect(certificateKey(r.stdout)).toMatch(/^[0-9a-f]{64}$/);
        for (const crt of ["ca.crt", "apiserver.crt", "etcd/ca.crt", "front-proxy-client.crt"]) {
          const text = sh("openssl", ["x509", "-noout", "-text", "-in", `/etc/kubernetes/pki/${crt}`]).stdout;
          if (labCase.ecdsa) expect(text, crt).toMatch(/Public Key Algorithm: id-ecPublicKey[\s\S]*ASN1 OID: prime256v1/);
          else expect(text, crt).toMatch(/Public Key Algorithm: rsaEncryption[\s\S]*Public-Key: \(2048 bit\)/);
        }
      });

      it("the node becomes Ready", async () => {
        requireInit();
        await waitFor("node Ready", 5 * 60_000, () => {
          const r = kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
          const lines = r.stdout.trim().split("\n").filter(Boolean);
          return lines.length === 1 && lines[0]!.endsWith(" True") ? lines : undefined;
        });
        t.readyMs = Date.now() - t.initStart!;
        expect(kubectl("get", "nodes", "-o", "jsonpath={.items[0].status.nodeInfo.kubeletVersion}").stdout).toBe(caseVersion(labCase));
        expect(kubectl("version", "-o", "json").stdout).toContain(`"gitVersion": "${caseVersion(labCase)}"`);
      });

      it("every kube-system Pod is Running and ready", async () => {
        requireInit();
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

      it("kubectl --kubeconfig /etc/kubernetes/admin.conf works (cluster-admin, configured CIDRs)", () => {
        const k = (...args: string[]) => sh(join(UPSTREAM_BIN_DIR, "kubectl"), ["--kubeconfig", ADMIN, ...args], { env: { KUBECONFIG: "" } });
        const readyz = k("get", "--raw", "/readyz");
        expect(readyz.code, readyz.stderr).toBe(0);
        expect(readyz.stdout.trim()).toBe("ok");
        expect(k("auth", "can-i", "*", "*").stdout.trim()).toBe("yes");
        expect(k("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").stdout.trim()).toBe("kubernetes-admin");
        expect(k("get", "service", "-n", "default", "kubernetes", "-o", "jsonpath={.spec.clusterIP}").stdout).toBe(labCase.apiServiceIP);
        expect(k("get", "service", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.spec.clusterIP}").stdout).toBe(labCase.dnsServiceIP);
        expect(k("get", "nodes", "-o", "jsonpath={.items[0].spec.podCIDR}").stdout).toBe(labCase.nodePodCidr);
      });

      if (tool === "upstream") {
        it("the objects upstream kubeadm created are recorded (the oracle for kubeadm-ts's round)", () => {
          const dump = dumpKubeadmObjects(kubectl);
          expect(Object.keys(dump).length).toBeGreaterThanOrEqual(30);
          expect(dump.Inventory!.configmaps).toContain("kube-system/kubeadm-config");
          expect(dump.Inventory!.clusterrolebindings).toContain("/kubeadm:cluster-admins");
          upstreamObjects[caseName] = dump;
        });
      } else {
        it("every API object kubeadm-ts created equals upstream kubeadm's on the same config", () => {
          const expected = upstreamObjects[caseName];
          expect(expected, `upstream's round of case ${caseName} recorded no objects`).toBeDefined();
          const actual = dumpKubeadmObjects(kubectl);
          expect(formatObjectDifferences(compareDumps(expected!, actual))).toBe("");
          expect(Object.keys(actual).length).toBeGreaterThanOrEqual(30);
        });
      }

      it("a Pod on the node resolves kubernetes.default through CoreDNS", async () => {
        requireInit();
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
        expect(logs).toContain(`nameserver ${labCase.dnsServiceIP}\n`);
        expect(logs).toMatch(new RegExp(`^${labCase.apiServiceIP.replaceAll(".", "\\.")}\\s+kubernetes\\.default\\.svc\\.cluster\\.local`, "m"));
        kubectl("delete", "pod", "lab-dns-check", "--wait=false");
      });

      it(`the e2e_kubeadm suite passes (multi-node${labCase.initArgs.includes("--upload-certs") ? "" : " and copy-certs"} specs excluded)`, () => {
        const reportDir = `${LAB_RUN}/e2e-report`;
        const r = sh(join(caseBinDir(labCase), "e2e_kubeadm.test"), [
          `--kubeconfig=${ADMIN}`,
          // [copy-certs] checks what --upload-certs creates
          `--ginkgo.skip=\\[multi-node\\]${labCase.initArgs.includes("--upload-certs") ? "" : "|\\[copy-certs\\]"}`,
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

      if (tool === "kubeadm-ts" && labCase.initArgs.includes("--upload-certs")) {
        it("upstream kubeadm join --dry-run with the printed join command discovers the cluster (JWS and CA pin validated)", async () => {
          const args = joinArgs(initStdout);
          expect(args).toContain("--token");
          expect(args).toContain("--discovery-token-ca-cert-hash");
          // its own mount namespace: nothing it writes reaches the node's /etc/kubernetes; another
          // node name, since the lab's node already exists in the cluster
          const r = await runKubeadm({ bin: "upstream", args: ["join", ...args, "--dry-run", "--ignore-preflight-errors=all", "--node-name", "lab-join-dry-run", "-v=1"] });
          const out = `${r.stdout}\n${r.stderr}`;
          expect(r.code, out.slice(-3000)).toBe(0);
          expect(out).toMatch(/\[discovery\] Cluster info signature and contents are valid and TLS certificate validates against pinned roots, will use API Server "[^"]+:6443"/);
          expect(out).toContain("[discovery] Using provided TLSBootstrapToken as authentication credentials for the join process");
          // the real cluster-info, kubeadm-config, kubelet-config and kube-proxy, not the dry-run client's stand-ins
          const fallbacks = [...out.matchAll(/Resource name "([^"]+)", namespace "[^"]*"\n\[dryrun\] Real object does not exist/g)].map((m) => m[1]);
          expect(fallbacks).toEqual(["lab-join-dry-run"]);
          expect(out).toContain(`- ${labCase.dnsServiceIP}\n`); // clusterDNS in the kubelet config it would write
          expect(out).toContain("This node has joined the cluster:");
        });

        it("upstream kubeadm join downloads and decrypts the certificates kubeadm-ts uploaded (--certificate-key)", async () => {
          const key = certificateKey(initStdout);
          expect(key).toBeDefined();
          const r = await runKubeadm({ bin: "upstream", args: ["join", "phase", "control-plane-prepare", "download-certs", ...joinArgs(initStdout), "--control-plane", "--certificate-key", key!] });
          expect(r.code, `${r.stdout}\n${r.stderr}`.slice(-3000)).toBe(0);
          expect(r.stdout).toContain('[download-certs] Saving the certificates to the folder: "/etc/kubernetes/pki"');
          const names = ["ca.crt", "ca.key", "etcd/ca.crt", "etcd/ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub"];
          const got = Object.keys(r.files).filter((p) => r.files[p]!.type === "file").sort();
          expect(got).toEqual(names.map((n) => `/etc/kubernetes/pki/${n}`).sort());
          for (const n of names) expect(r.files[`/etc/kubernetes/pki/${n}`]!.content.equals(readFileSync(`/etc/kubernetes/pki/${n}`)), n).toBe(true);
        });

        it("kubeadm token: each tool lists and deletes the other's tokens; token list -o json is the same", () => {
          const ts = (...a: string[]) => sh(bin, ["token", ...a], { timeoutMs: 60_000 });
          const up = (...a: string[]) => sh(UPSTREAM_KUBEADM, ["token", ...a], { timeoutMs: 60_000 });
          const ids = (r: Sh) => parseTokenList(r.stdout).map((x) => tokenId(x.token));
          for (const [creator, lister] of [[ts, up], [up, ts]] as const) {
            const c = creator("create", "--ttl", "30m", "--description", "lab token interop", "--groups", "system:bootstrappers:lab");
            expect(c.code, c.stderr).toBe(0);
            const id = tokenId(c.stdout.trim());
            expect(id).toMatch(/^[a-z0-9]{6}$/);
            const l = lister("list", "-o", "json");
            expect(l.code, l.stderr).toBe(0);
            const listed = parseTokenList(l.stdout).find((x) => tokenId(x.token) === id);
            expect(listed).toMatchObject({ kind: "BootstrapToken", description: "lab token interop", usages: ["authentication", "signing"], groups: ["system:bootstrappers:lab"] });
            // the same cluster listed by both tools at the same moment: byte-equal output
            expect(ts("list", "-o", "json").stdout).toBe(up("list", "-o", "json").stdout);
            expect(ts("list").stdout.replace(/\s+/g, " ")).toBe(up("list").stdout.replace(/\s+/g, " "));
            const d = lister("delete", id);
            expect(d.code, d.stderr).toBe(0);
            expect(d.stdout.trim()).toBe(`bootstrap token "${id}" deleted`);
            expect(ids(creator("list", "-o", "json"))).not.toContain(id);
          }
        });
      }

      it(`kubeadm reset --dry-run changes nothing${tool === "kubeadm-ts" ? "; on this cluster both tools print the same (each GET with its object)" : ""}`, () => {
        // /etc/kubernetes is static while the cluster runs (etcd and the kubelet keep writing theirs)
        const listing = () => sh("find", ["/etc/kubernetes", "-printf", "%p %s %m\\n"]).stdout;
        const before = listing();
        const dryRun = (b: string) => {
          const r = sh(b, ["reset", "--dry-run"]);
          expect(r.code, r.stderr).toBe(0);
          return { stdout: r.stdout, stderr: stripKlogHeaders(r.stderr) };
        };
        let ours = dryRun(bin);
        expect(ours.stdout).toContain("[dryrun] Would perform action GET on resource \"configmaps\" in API group \"core/v1\"");
        expect(ours.stdout).toContain("Would remove the etcd member on this node from the etcd cluster");
        if (tool === "kubeadm-ts") {
          let theirs = dryRun(UPSTREAM_KUBEADM);
          // the objects are printed as they are: if the cluster moved between the two runs, once more
          if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
            ours = dryRun(bin);
            theirs = dryRun(UPSTREAM_KUBEADM);
          }
          expect(ours).toEqual(theirs);
        }
        expect(listing()).toBe(before);
        for (const p of ["/var/lib/kubelet/config.yaml", "/var/lib/etcd/member"]) expect(existsSync(p), p).toBe(true);
        expect(sh("systemctl", ["is-active", "kubelet"]).stdout.trim()).toBe("active");
      });

      it(`${tool}'s kubeadm reset -f (same lines as upstream's) and lab:down leave the machine clean`, () => {
        const r = kubeadm("reset", "-f");
        expect(r.code, r.stderr).toBe(0);
        const printed = { stdout: r.stdout, stderr: stripKlogHeaders(r.stderr) };
        expect(printed.stdout).toContain('[reset] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
        expect(printed.stdout).toContain("[reset] Deleted contents of the etcd data directory: /var/lib/etcd");
        if (tool === "upstream") upstreamResetOutput[caseName] = printed;
        else {
          expect(upstreamResetOutput[caseName], `upstream's round of case ${caseName} recorded no reset output`).toBeDefined();
          expect(printed).toEqual(upstreamResetOutput[caseName]);
        }
        pidsBeforeDown = labPids();
        expect(pidsBeforeDown.length).toBeGreaterThan(0);
        const d = script("lab-down.sh");
        expect(d.code, d.stderr).toBe(0);
        expect(pidsBeforeDown.filter(alive)).toEqual([]);
        // kubeadm's dirs are emptied, not removed: they are the oracle's mount points (lab-down.sh)
        for (const p of ["/etc/kubernetes", "/var/lib/kubelet", "/var/lib/etcd"]) expect(existsSync(p) ? readdirSync(p) : [], p).toEqual([]);
        for (const p of ["/var/lib/cni", LAB_RUN, "/etc/cni/net.d/10-kubeadm-ts-lab.conflist"]) expect(existsSync(p), p).toBe(false);
        const mounts = readFileSync("/proc/self/mounts", "utf8").split("\n").filter((l) => / \/(var\/lib\/kubelet|run\/netns\/cni-|run\/containerd\/io\.containerd\.(grpc|runtime))/.test(l));
        expect(mounts).toEqual([]);
        expect(sh("ip", ["link", "show", "cni0"]).code).not.toBe(0);
        expect(sh("iptables-save", []).stdout).not.toMatch(/KUBE-|CNI-/);
        expect(sh("nft", ["list", "tables"]).stdout).toBe(nftTablesBefore);
        expect(sh("sysctl", ["-n", "net.ipv4.ip_forward"]).stdout.trim()).toBe(sysctlBefore);
      });

      if (round === 0) {
        it("a second lab:up works, and lab:down stops it again", () => {
          const up = script("lab-up.sh", { LAB_NODE_SET: labCase.set });
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
        recordMetrics(`${tool}:${caseName}`, {
          labUpSeconds: +(t.labUpMs! / 1000).toFixed(1),
          initSeconds: +(t.initMs! / 1000).toFixed(1),
          timeToReadySeconds: +(t.readyMs! / 1000).toFixed(1),
          timeToAllPodsRunningSeconds: +(t.allRunningMs! / 1000).toFixed(1),
          e2ePassed: t.e2ePassed ?? 0,
        });
        expect(t.e2ePassed).toBeGreaterThanOrEqual(30);
      });
    });
  });
});
