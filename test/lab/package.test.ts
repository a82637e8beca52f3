// The packaged executable on a real node: `npm run package`'s single executable (scripts/package/
// sea.mjs, made from the working tree's private build, scripts/build-ts.sh) runs a full
// `kubeadm init` on the lab node (lab:up, config/init.yaml as the smoke test's case a): the node
// becomes Ready with the executable's own kubelet configuration and certificates, then its
// `kubeadm reset -f` and lab:down leave the machine clean. smoke.test.ts checks the same init
// from bin/kubeadm against upstream's objects; this one checks that packaging changed nothing a
// real node sees.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KUBERNETES_VERSION, LAB_DIR, REPO_DIR, UPSTREAM_BIN_DIR, UPSTREAM_KUBEADM } from "./oracle/index.js";

const LAB_RUN = "/run/kubeadm-ts-lab";
const LAB_PATH = `${LAB_RUN}/bin:${UPSTREAM_BIN_DIR}:${process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"}`;
const ADMIN = "/etc/kubernetes/admin.conf";
const TS_BUILD = join(dirname(dirname(dirname(UPSTREAM_BIN_DIR))), "kubeadm-ts-build");

function sh(cmd: string, args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: opts.timeoutMs ?? 10 * 60_000, env: { ...process.env, PATH: LAB_PATH, KUBECONFIG: ADMIN, ...opts.env }, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
const script = (name: string) => sh("bash", [join(LAB_DIR, "scripts", name)]);
const kubectl = (...args: string[]) => sh(join(UPSTREAM_BIN_DIR, "kubectl"), args, { timeoutMs: 60_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the packaged single executable on the lab node", () => {
  let work = "";
  let exe = "";
  let initOk = false;
  const upstreamReset = () => sh(UPSTREAM_KUBEADM, ["reset", "-f"], { timeoutMs: 5 * 60_000 });

  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error("the lab needs root: run `npm run test:lab` as root");
    for (const b of ["kubeadm", "kubelet", "kubectl"]) if (!existsSync(join(UPSTREAM_BIN_DIR, b))) throw new Error(`${b} not built: run npm run lab:build first`);
    const b = sh("bash", [join(LAB_DIR, "scripts", "build-ts.sh")]);
    if (b.code !== 0) throw new Error(`building kubeadm-ts failed: ${b.stderr}`);
    const p = sh(process.execPath, [join(REPO_DIR, "scripts/package/sea.mjs"), join(TS_BUILD, "dist")]);
    if (p.code !== 0) throw new Error(`packaging failed: ${p.stderr}`);
    // the executable alone, away from any dist/ or node_modules
    work = mkdtempSync(join(tmpdir(), "kubeadm-ts-packaged-"));
    exe = join(work, "kubeadm");
    copyFileSync(join(TS_BUILD, "dist/kubeadm"), exe);
    sh("chmod", ["0755", exe]);
    // a clean slate even if an earlier run died half-way
    if (existsSync(ADMIN)) upstreamReset();
    script("lab-down.sh");
  }, 10 * 60_000);

  afterAll(() => {
    if (existsSync(LAB_RUN)) {
      if (existsSync(ADMIN)) upstreamReset();
      script("lab-down.sh");
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("is one executable that runs the CLI", () => {
    expect(sh(exe, ["version", "-o", "short"]).stdout).toBe(`${KUBERNETES_VERSION}\n`);
  });

  it("lab:up brings the node up", () => {
    const r = script("lab-up.sh");
    expect(r.code, r.stderr).toBe(0);
  });

  it("kubeadm init with the packaged executable succeeds", () => {
    const cfgPath = `${LAB_RUN}/init.yaml`;
    writeFileSync(cfgPath, readFileSync(join(LAB_DIR, "config/init.yaml"), "utf8").replaceAll("${KUBERNETES_VERSION}", KUBERNETES_VERSION));
    const r = sh(exe, ["init", "--config", cfgPath], { timeoutMs: 10 * 60_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("Your Kubernetes control-plane has initialized successfully!");
    expect(r.stdout).toMatch(/kubeadm join \S+:6443 --token [a-z0-9]{6}\.[a-z0-9]{16}/);
    expect(sh("systemctl", ["is-active", "kubelet"]).stdout.trim()).toBe("active");
    initOk = true;
  });

  it("the node becomes Ready and the control plane answers", async () => {
    expect(initOk, "kubeadm init did not succeed").toBe(true);
    const deadline = Date.now() + 5 * 60_000;
    let last = "";
    for (;;) {
      const r = kubectl("get", "nodes", "-o", 'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}');
      last = r.stdout + r.stderr;
      const lines = r.stdout.trim().split("\n").filter(Boolean);
      if (lines.length === 1 && lines[0]!.endsWith(" True")) break;
      if (Date.now() > deadline) throw new Error(`node not Ready after 5 min: ${last}`);
      await sleep(2000);
    }
    expect(kubectl("version", "-o", "json").stdout).toContain(`"gitVersion": "${KUBERNETES_VERSION}"`);
    expect(kubectl("-n", "kube-system", "get", "configmap", "kubeadm-config").code).toBe(0);
  });

  it("its kubeadm reset -f and lab:down leave the machine clean", () => {
    const r = sh(exe, ["reset", "-f"], { timeoutMs: 5 * 60_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(existsSync(ADMIN)).toBe(false);
    expect(existsSync("/etc/kubernetes/manifests/kube-apiserver.yaml")).toBe(false);
    const d = script("lab-down.sh");
    expect(d.code, d.stderr).toBe(0);
    expect(existsSync(LAB_RUN)).toBe(false);
  });
});
