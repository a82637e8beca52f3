// kubeadm-ts's systemctl calls against a real systemd (issue #17, finding 5). Everywhere else a
// systemctl shim or fake stands in for systemd (test/lab/README.md, "Where the systemctl shim stands
// in for systemd"); here systemd 252 (Debian bookworm) runs as PID 1 of a systemd-nspawn container
// (test/support/systemd-node.ts, root built by test/lab/scripts/build-systemd-root.sh), with the
// kubelet unit files kubeadm's packages ship (test/lab/systemd/: kubelet.service, the
// 10-kubeadm.conf drop-in, /etc/default/kubelet). Upstream kubeadm (the lab's build) and kubeadm-ts
// (bin/kubeadm + dist/, `npm run build` first, run by the host's node) take turns on the same node
// state; what systemd did is read back from systemd itself: `systemctl show` properties,
// is-active/is-enabled, the main process's command line, and systemd's own journal (the jobs it
// ran: stop, reload, start). The kubelet is either a stand-in that stays up
// (test/lab/systemd/kubelet-standin: its command line is the flags systemd gave it) or upstream's
// kubelet v1.37.2, which starts there, logs every flag it got and exits where a node without a
// cluster would (no kubeconfig, no CRI).
//
// Needs root, `npm run lab:build` (upstream kubeadm and kubelet, the lab's Debian base) and `npm run
// build`. Takes /tmp/kubeadm-ts-systemd.lock (not the lab's lock: nothing here touches the lab's
// node; the container has its own network namespace). Fails, naming why, when systemd cannot boot.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KUBERNETES_VERSION, normalizeOutput, REPO_DIR, UPSTREAM_BIN_DIR, UPSTREAM_KUBEADM, upstreamKubeadmReady } from "../../lab/oracle/index.js";
import { bootSystemdNode, takeLock, type RunResult, type SystemdNode } from "../../support/systemd-node.js";

const LOCK = "/tmp/kubeadm-ts-systemd.lock";
const FIXTURES = join(REPO_DIR, "test/lab/systemd");
const UPSTREAM_KUBELET = join(UPSTREAM_BIN_DIR, "kubelet");
const TOOLS = { upstream: "/opt/upstream/kubeadm", ts: "/opt/kubeadm-ts/bin/kubeadm" } as const;
type Tool = keyof typeof TOOLS;
const CONFIG = "/root/init.yaml";
/** What /etc/default/kubelet says in these tests (the package ships it with KUBELET_EXTRA_ARGS= empty). */
const EXTRA_ARGS = "--max-pods=42";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let node: SystemdNode | undefined;
let release: (() => void) | undefined;
const timings: Record<string, number> = {};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Why the node is not there: every test fails with it (the suite never skips). */
let setupError: Error | undefined;

function n(): SystemdNode {
  if (!node) throw new Error(`no systemd node: ${setupError?.message ?? "beforeAll did not finish"}`);
  return node;
}

beforeAll(async () => {
  try {
    await setup();
  } catch (e) {
    // not rethrown: vitest would mark every test skipped; each fails instead, saying why
    setupError = e as Error;
  }
}, 1_300_000);

async function setup(): Promise<void> {
  const t0 = Date.now();
  expect(isRoot, "needs root (systemd-nspawn)").toBe(true);
  expect(existsSync(join(REPO_DIR, "dist/launch.cjs")), "run `npm run build` first").toBe(true);
  expect(upstreamKubeadmReady() && existsSync(UPSTREAM_KUBELET), "run `npm run lab:build` first (upstream kubeadm and kubelet)").toBe(true);
  // a no-op when built (lab:build builds it); 6-15 s from the lab's Debian base otherwise
  const rootfs = execFileSync("bash", [join(REPO_DIR, "test/lab/scripts/build-systemd-root.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 1_200_000,
  }).trim();
  release = takeLock(LOCK, 900);
  const t1 = Date.now();
  node = await bootSystemdNode({
    rootfs,
    binds: [
      [process.execPath, "/usr/local/bin/node"],
      [join(REPO_DIR, "dist"), "/opt/kubeadm-ts/dist"],
      [join(REPO_DIR, "bin/kubeadm"), "/opt/kubeadm-ts/bin/kubeadm"],
      [UPSTREAM_KUBEADM, TOOLS.upstream],
      [UPSTREAM_KUBELET, "/opt/upstream/kubelet"],
      [FIXTURES, "/opt/kubeadm-ts-systemd"],
    ],
  });
  timings.boot = node.bootMs;
  // what installing the kubelet and kubeadm packages leaves (kubelet.spec, kubeadm.spec of
  // kubernetes/release), then `systemctl enable --now kubelet` as kubeadm's install guide says
  n().sh(
    [
      "install -m 600 /opt/kubeadm-ts-systemd/kubelet.service /usr/lib/systemd/system/kubelet.service",
      "install -d /usr/lib/systemd/system/kubelet.service.d /var/lib/kubelet /etc/kubernetes/manifests",
      "install -m 644 /opt/kubeadm-ts-systemd/10-kubeadm.conf /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
      "install -m 644 /opt/kubeadm-ts-systemd/kubelet.env /etc/default/kubelet",
      "systemctl daemon-reload",
    ].join("\n"),
  );
  const config = readFileSync(join(FIXTURES, "init.yaml"), "utf8").replaceAll("${KUBERNETES_VERSION}", KUBERNETES_VERSION);
  const w = n().run(["sh", "-c", `cat > ${CONFIG}`], { input: config });
  expect(w.code, w.stderr).toBe(0);
  timings.setup = Date.now() - t0;
  timings.lockAndBoot = Date.now() - t1;
}

afterAll(async () => {
  try {
    await node?.stop();
  } finally {
    release?.();
  }
  console.log(`systemd-real timings (ms): ${JSON.stringify(timings)}`);
}, 60_000);

// ---- reading systemd

type Props = Record<string, string>;
const PROPS = ["ActiveState", "SubState", "UnitFileState", "ExecMainPID", "ExecMainStartTimestampMonotonic", "ActiveEnterTimestampMonotonic", "NRestarts"];

function show(unit: string): Props {
  const r = n().run(["systemctl", "show", unit, ...PROPS.map((p) => `--property=${p}`)]);
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

function cursor(): string {
  const r = n().run(["journalctl", "-n", "0", "--show-cursor", "--quiet"]);
  const m = /-- cursor: (\S+)/.exec(r.stdout);
  if (!m) throw new Error(`no journal cursor: ${r.stdout}${r.stderr}`);
  return m[1]!;
}

/** Journal messages after `after` matching journalctl filters, message text only. */
function journal(after: string, ...filters: string[]): string[] {
  n().run(["journalctl", "--sync"]);
  const r = n().run(["journalctl", "--no-pager", "-o", "cat", `--after-cursor=${after}`, ...filters]);
  return r.stdout.split("\n").filter((l) => l !== "");
}

/**
 * What systemd (PID 1) logged about the kubelet unit and its reloads: the jobs it ran. Left out:
 * "Configuration file /lib/systemd/system/kubelet.service is marked world-inaccessible", which
 * systemd says whenever it loads the unit (the package installs it with mode 600).
 */
function systemdJobs(after: string): string[] {
  return journal(after, "_PID=1").filter((l) => /kubelet|Reload/.test(l) && !l.startsWith("Configuration file "));
}

async function waitFor(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A process's argv inside the container. */
function cmdline(pid: string): string[] {
  const r = n().run(["cat", `/proc/${pid}/cmdline`]);
  expect(r.code, `no process ${pid}: ${r.stderr}`).toBe(0);
  return r.stdout.split("\0").filter((a) => a !== "");
}

/** The flags the packaged unit gives the kubelet, from the files kubeadm wrote (as systemd expands them). */
function expectedKubeletFlags(): string[] {
  const env = n().sh("cat /var/lib/kubelet/kubeadm-flags.env");
  const m = /^KUBELET_KUBEADM_ARGS="(.*)"$/m.exec(env);
  expect(m, env).not.toBeNull();
  return [
    "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
    "--kubeconfig=/etc/kubernetes/kubelet.conf",
    "--config=/var/lib/kubelet/config.yaml",
    ...m![1]!.split(" ").filter(Boolean),
    EXTRA_ARGS,
  ];
}

// ---- node states

/**
 * A node fresh from the packages: no kubeadm files, the kubelet unit installed, enabled and
 * started (`enable --now`), /usr/bin/kubelet the stand-in or upstream's kubelet.
 */
async function freshNode(kubelet: "standin" | "upstream"): Promise<void> {
  n().sh(
    [
      "systemctl stop kubelet firewalld 2>/dev/null || true",
      "systemctl reset-failed 2>/dev/null || true",
      "rm -rf /var/lib/kubelet/* /etc/kubernetes/* /var/lib/etcd /usr/lib/systemd/system/firewalld.service",
      "install -d /etc/kubernetes/manifests",
      "install -m 600 /opt/kubeadm-ts-systemd/kubelet.service /usr/lib/systemd/system/kubelet.service",
      "install -D -m 644 /opt/kubeadm-ts-systemd/10-kubeadm.conf /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
      `echo 'KUBELET_EXTRA_ARGS=${EXTRA_ARGS}' > /etc/default/kubelet`,
      `ln -sfn ${kubelet === "standin" ? "/opt/kubeadm-ts-systemd/kubelet-standin" : "/opt/upstream/kubelet"} /usr/bin/kubelet`,
      "systemctl daemon-reload",
      "systemctl enable --now kubelet 2>/dev/null",
    ].join("\n"),
  );
  if (kubelet === "standin") await waitFor("the stand-in kubelet to run", () => show("kubelet.service").SubState === "running");
}

function kubeadm(tool: Tool, args: string[]): RunResult {
  const t = Date.now();
  const r = n().run([TOOLS[tool], ...args]);
  timings[`${tool} ${args.slice(0, 3).join(" ")}`] = Date.now() - t;
  return r;
}

const norm = (s: string): string => normalizeOutput(s);

// ---- the tests

describe("kubeadm against a real systemd (PID 1 of a systemd-nspawn container)", () => {
  it("boots: systemd 252 is PID 1, the packaged kubelet unit and drop-in are loaded and enabled", async () => {
    expect(n().run(["cat", "/proc/1/comm"]).stdout.trim()).toBe("systemd");
    expect(n().run(["systemctl", "--version"]).stdout).toMatch(/^systemd 252 /);
    // seen from the host, the container's systemd lives in the node's own cgroup, not the root
    const hostView = readFileSync(`/proc/${n().leader}/cgroup`, "utf8");
    expect(hostView).toContain(`name=systemd:/kubeadm-ts-systemd/${n().machine}/`);
    expect(n().cgroups.length).toBeGreaterThan(0);
    await freshNode("standin");
    const status = n().run(["systemctl", "status", "kubelet", "--no-pager"]).stdout;
    expect(status).toContain("Loaded: loaded (/lib/systemd/system/kubelet.service; enabled; preset: enabled)");
    expect(status).toMatch(/Drop-In: \/usr\/lib\/systemd\/system\/kubelet\.service\.d\n\s+\S+10-kubeadm\.conf\n/);
    expect(status).toContain("Active: active (running)");
  });

  it("init phase kubelet-start: stop, write, daemon-reload, restart — the same systemd jobs as upstream's; the kubelet runs with kubeadm-flags.env's flags, still enabled", async () => {
    const seen: Partial<Record<Tool, { out: RunResult; jobs: string[]; files: Record<string, string>; argv: string[] }>> = {};
    for (const tool of ["upstream", "ts"] as const) {
      await freshNode("standin");
      const before = show("kubelet.service");
      expect(before.ActiveState).toBe("active");
      const c = cursor();
      const out = kubeadm(tool, ["init", "phase", "kubelet-start", "--config", CONFIG]);
      expect(out.code, `${tool}: ${out.stderr}`).toBe(0);
      await waitFor("the kubelet to run again", () => show("kubelet.service").SubState === "running");
      const after = show("kubelet.service");
      // restarted: a new main process, started after the one before
      expect(after.ExecMainPID, tool).not.toBe(before.ExecMainPID);
      expect(Number(after.ExecMainStartTimestampMonotonic), tool).toBeGreaterThan(Number(before.ExecMainStartTimestampMonotonic));
      expect(Number(after.ActiveEnterTimestampMonotonic), tool).toBeGreaterThan(Number(before.ActiveEnterTimestampMonotonic));
      expect({ active: after.ActiveState, sub: after.SubState, file: after.UnitFileState, restarts: after.NRestarts }, tool).toEqual({
        active: "active",
        sub: "running",
        file: "enabled",
        restarts: "0",
      });
      expect(n().run(["systemctl", "is-active", "kubelet"]), tool).toMatchObject({ code: 0, stdout: "active\n" });
      expect(n().run(["systemctl", "is-enabled", "kubelet"]), tool).toMatchObject({ code: 0, stdout: "enabled\n" });
      // the kubelet got exactly what 10-kubeadm.conf makes of the files kubeadm wrote
      const argv = cmdline(after.ExecMainPID!);
      expect(argv.slice(0, 2)).toEqual(["/bin/sh", "/usr/bin/kubelet"]);
      expect(argv.slice(2), tool).toEqual(expectedKubeletFlags());
      expect(argv, tool).toContain("--node-labels=kubeadm-ts.lab/systemd=real");
      const files = Object.fromEntries(
        ["kubeadm-flags.env", "config.yaml", "instance-config.yaml"].map((f) => [f, n().sh(`cat /var/lib/kubelet/${f} 2>/dev/null || echo '<missing>'`)]),
      );
      seen[tool] = { out, jobs: systemdJobs(c), files, argv };
    }
    const up = seen.upstream!;
    const ts = seen.ts!;
    expect(up.jobs).toEqual([
      "Stopping kubelet.service - kubelet: The Kubernetes Node Agent...",
      "kubelet.service: Deactivated successfully.",
      "Stopped kubelet.service - kubelet: The Kubernetes Node Agent.",
      "Reloading.",
      "Started kubelet.service - kubelet: The Kubernetes Node Agent.",
    ]);
    expect(ts.jobs).toEqual(up.jobs);
    expect(ts.argv).toEqual(up.argv);
    expect(ts.files).toEqual(up.files);
    expect(norm(ts.out.stdout)).toBe(norm(up.out.stdout));
    expect(norm(ts.out.stderr)).toBe(norm(up.out.stderr));
  });

  it("upstream's kubelet under systemd gets the same flags from kubeadm-ts's files as from upstream's, loads config.yaml, and stops only at the missing kubeconfig", async () => {
    const flags: Partial<Record<Tool, string[]>> = {};
    for (const tool of ["upstream", "ts"] as const) {
      await freshNode("upstream");
      const c = cursor();
      const out = kubeadm(tool, ["init", "phase", "kubelet-start", "--config", CONFIG]);
      expect(out.code, `${tool}: ${out.stderr}`).toBe(0);
      // `systemctl restart` returns once the new kubelet is forked; RestartSec=10 keeps it the main pid for a while
      const pid = show("kubelet.service").ExecMainPID!;
      expect(pid).not.toBe("0");
      let lines: string[] = [];
      await waitFor(`kubelet ${pid} to log its fate`, () => {
        lines = journal(c, `_PID=${pid}`);
        return lines.some((l) => l.includes('"command failed"'));
      });
      expect(lines.find((l) => l.includes("Kubelet version")), tool).toMatch(/kubeletVersion="v1\.37\.2"/);
      // past flag parsing and config.yaml loading and validation: it stops at the kubeconfig
      // that init's later phases write (and then at the CRI, which this node has none of)
      expect(lines.find((l) => l.includes('"command failed"')), tool).toMatch(/unable to load bootstrap kubeconfig: stat \/etc\/kubernetes\/bootstrap-kubelet\.conf: no such file or directory/);
      flags[tool] = lines.filter((l) => /flags\.go:\d+\] FLAG: /.test(l)).map((l) => l.replace(/^.*FLAG: /, ""));
      expect(flags[tool], tool).toEqual(
        expect.arrayContaining([
          '--config="/var/lib/kubelet/config.yaml"',
          '--node-labels="kubeadm-ts.lab/systemd=real"',
          '--v="2"',
          '--max-pods="42"',
          '--bootstrap-kubeconfig="/etc/kubernetes/bootstrap-kubelet.conf"',
          '--kubeconfig="/etc/kubernetes/kubelet.conf"',
        ]),
      );
      // between restarts systemd says "activating", which kubeadm counts as active
      await waitFor("the auto-restart wait", () => show("kubelet.service").SubState === "auto-restart");
      expect(n().run(["systemctl", "is-active", "kubelet"])).toMatchObject({ code: 3, stdout: "activating\n" });
    }
    expect(flags.ts).toEqual(flags.upstream);
  }, 120_000);

  it("preflight Service-kubelet and Firewalld against systemd's answers: the same warnings as upstream's", async () => {
    const preflight = (tool: Tool): RunResult => kubeadm(tool, ["init", "phase", "preflight", "--config", CONFIG, "--ignore-preflight-errors=all"]);
    const states: Array<[string, string, string[]]> = [
      ["kubelet enabled and active", "true", []],
      ["kubelet disabled", "systemctl disable kubelet 2>/dev/null", ["[WARNING Service-kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'"]],
      [
        // systemd 252 prints "Unit kubelet.service could not be found." on stderr; kubeadm reads
        // stdout only, so the unit "exists" and is-enabled fails: the not-enabled warning
        "no kubelet unit at all",
        "systemctl disable --now kubelet 2>/dev/null; rm -rf /usr/lib/systemd/system/kubelet.service /usr/lib/systemd/system/kubelet.service.d; systemctl daemon-reload",
        ["[WARNING Service-kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'"],
      ],
      [
        "firewalld running",
        "printf '[Service]\\nExecStart=/bin/sleep infinity\\n' > /usr/lib/systemd/system/firewalld.service; systemctl daemon-reload; systemctl start firewalld",
        ["[WARNING Firewalld]: firewalld is active, please ensure ports [6443 10250] are open or your cluster may not function correctly"],
      ],
    ];
    for (const [name, setup, expected] of states) {
      await freshNode("standin");
      n().sh(setup);
      const up = preflight("upstream");
      const ts = preflight("ts");
      const warnings = (r: RunResult): string[] => (r.stdout + r.stderr).split("\n").filter((l) => /\[WARNING (Service-|Firewalld)/.test(l)).map((l) => l.trim());
      expect(warnings(up), `upstream, ${name}`).toEqual(expected);
      expect(warnings(ts), `kubeadm-ts, ${name}`).toEqual(expected);
      expect(ts.code, name).toBe(up.code);
      expect(norm(ts.stdout), name).toBe(norm(up.stdout));
      expect(norm(ts.stderr), name).toBe(norm(up.stderr));
    }
    // the unit-less state once more, from systemd's side: what kubeadm's `systemctl status` saw
    const st = n().run(["systemctl", "status", "no-such-unit"]);
    expect(st).toMatchObject({ code: 4, stdout: "", stderr: "Unit no-such-unit.service could not be found.\n" });
  }, 120_000);

  it("reset stops the kubelet through systemd like upstream's (and leaves it enabled)", async () => {
    const seen: Partial<Record<Tool, { out: RunResult; jobs: string[] }>> = {};
    for (const tool of ["upstream", "ts"] as const) {
      await freshNode("standin");
      expect(kubeadm(tool, ["init", "phase", "kubelet-start", "--config", CONFIG]).code).toBe(0);
      await waitFor("the kubelet to run", () => show("kubelet.service").SubState === "running");
      const c = cursor();
      const out = kubeadm(tool, ["reset", "-f"]);
      expect(out.code, `${tool}: ${out.stderr}`).toBe(0);
      expect(out.stdout, tool).toContain("[reset] Stopping the kubelet service\n");
      const after = show("kubelet.service");
      expect({ active: after.ActiveState, sub: after.SubState, file: after.UnitFileState }, tool).toEqual({ active: "inactive", sub: "dead", file: "enabled" });
      expect(n().run(["systemctl", "is-active", "kubelet"]), tool).toMatchObject({ code: 3, stdout: "inactive\n" });
      expect(n().sh("ls -A /var/lib/kubelet"), tool).toBe("");
      seen[tool] = { out, jobs: systemdJobs(c) };
    }
    expect(seen.upstream!.jobs).toEqual([
      "Stopping kubelet.service - kubelet: The Kubernetes Node Agent...",
      "kubelet.service: Deactivated successfully.",
      "Stopped kubelet.service - kubelet: The Kubernetes Node Agent.",
    ]);
    expect(seen.ts!.jobs).toEqual(seen.upstream!.jobs);
    expect(norm(seen.ts!.out.stdout)).toBe(norm(seen.upstream!.out.stdout));
    expect(norm(seen.ts!.out.stderr)).toBe(norm(seen.upstream!.out.stderr));
  }, 120_000);
});
