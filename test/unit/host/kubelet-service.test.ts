// The init system (detection, systemd and OpenRC commands) and the kubelet try-stop/try-start/
// try-restart helpers with injected command runners; their texts are checked against upstream's
// app/phases/kubelet/kubelet.go in the lab's copy of the pinned module source. A last block runs the
// host implementation against fake `systemctl`/`rc-service` scripts on a private PATH.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExecResult } from "../../../src/host/host-facts.js";
import { detectInitSystem, hostInitSystem, hostInitSystemDeps, openrcInitSystem, selectInitSystem, systemdInitSystem, type InitSystemDeps } from "../../../src/host/initsystem.js";
import { requireUpstreamSource } from "../../support/upstream.js";
import { tryRestartKubelet, tryStartKubelet, tryStopKubelet } from "../../../src/host/kubelet-service.js";

type Reply = Partial<ExecResult>;

/** Deps answering each "cmd arg..." from a table (default: success, empty output); records calls. */
function fakeDeps(onPath: string[], replies: Record<string, Reply> = {}): InitSystemDeps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    lookPath: async (exe) => (onPath.includes(exe) ? `/usr/bin/${exe}` : null),
    exec: async (cmd, args) => {
      const key = [cmd, ...args].join(" ");
      calls.push(key);
      if (!onPath.includes(cmd)) return { stdout: "", stderr: "", code: null, error: "executable file not found in $PATH" };
      const r = replies[key] ?? {};
      return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", code: r.code ?? (r.error ? 1 : 0), ...(r.error ? { error: r.error } : {}) };
    },
  };
}

function output() {
  const printed: string[] = [];
  const warned: string[] = [];
  return { printed, warned, print: (l: string) => void printed.push(l), warn: (l: string) => void warned.push(l) };
}

const SYSTEMD_OK = { "systemctl status kubelet": { stdout: "● kubelet.service - kubelet\n     Loaded: loaded (/lib/systemd/system/kubelet.service)\n" } };

const TEXTS = {
  stopNoInit: "[kubelet-start] No supported init system detected, won't make sure the kubelet not running for a short period of time while setting up configuration for it.",
  stopNoService: "[kubelet-start] Couldn't detect a kubelet service, can't make sure the kubelet not running for a short period of time while setting up configuration for it.",
  startNoInit: "[kubelet-start] No supported init system detected, won't make sure the kubelet is running properly.",
  startNoService: "[kubelet-start] Couldn't detect a kubelet service, can't make sure the kubelet is running properly.",
  startManually: "[kubelet-start] Please ensure kubelet is reloaded and running manually.",
};

describe("init system detection (upstream GetInitSystem)", () => {
  it("systemctl on PATH means systemd, even with openrc there too", async () => {
    expect((await detectInitSystem(fakeDeps(["systemctl", "openrc"]))).kind).toBe("systemd");
  });
  it("openrc needs rc-service and rc-update", async () => {
    expect((await detectInitSystem(fakeDeps(["openrc", "rc-service", "rc-update"]))).kind).toBe("openrc");
    await expect(detectInitSystem(fakeDeps(["openrc", "rc-service"]))).rejects.toThrow(
      'openrc detected, but missing required binary: rc-update: exec: "rc-update": executable file not found in $PATH',
    );
    await expect(detectInitSystem(fakeDeps(["openrc"]))).rejects.toThrow("openrc detected, but missing required binary: rc-service");
  });
  it("neither: upstream's error", async () => {
    await expect(detectInitSystem(fakeDeps([]))).rejects.toThrow("no supported init system detected, skipping checking for services");
    expect(() => selectInitSystem(() => false, fakeDeps([]))).toThrow("no supported init system detected, skipping checking for services");
  });
});

describe("systemd and OpenRC commands", () => {
  it("systemd: reload before start and restart, not before stop; queries as upstream", async () => {
    const d = fakeDeps(["systemctl"], {
      "systemctl is-active kubelet": { stdout: "activating\n", code: 3, error: "exit status 3" },
      "systemctl is-enabled kubelet": { code: 1, error: "exit status 1" },
      "systemctl status nope": { stdout: "Unit nope.service could not be found.\n", code: 4, error: "exit status 4" },
    });
    const s = systemdInitSystem(d);
    await s.serviceStart("kubelet");
    await s.serviceRestart("kubelet");
    await s.serviceStop("kubelet");
    expect(d.calls).toEqual(["systemctl daemon-reload", "systemctl start kubelet", "systemctl daemon-reload", "systemctl restart kubelet", "systemctl stop kubelet"]);
    expect(await s.serviceIsActive("kubelet")).toBe(true);
    expect(await s.serviceIsEnabled("kubelet")).toBe(false);
    expect(await s.serviceExists("nope")).toBe(false);
    expect(await s.serviceExists("kubelet")).toBe(true);
    expect(s.enableCommand("kubelet")).toBe("systemctl enable kubelet.service");
  });
  it("OpenRC: rc-service <svc> <verb>; 'does not exist' may come on stderr", async () => {
    const d = fakeDeps(["openrc", "rc-service", "rc-update"], {
      "rc-service kubelet status": { stderr: " * rc-service: service `kubelet' does not exist\n", code: 1, error: "exit status 1" },
      "rc-service crio status": { stdout: " * status: stopped\n", code: 3, error: "exit status 3" },
      "rc-update show default": { stdout: "  crio | default\n" },
    });
    const o = openrcInitSystem(d);
    expect(await o.serviceExists("kubelet")).toBe(false);
    expect(await o.serviceIsActive("kubelet")).toBe(false);
    expect(await o.serviceExists("crio")).toBe(true);
    expect(await o.serviceIsActive("crio")).toBe(false);
    expect(await o.serviceIsEnabled("crio")).toBe(true);
    await o.serviceRestart("kubelet");
    expect(d.calls.at(-1)).toBe("rc-service kubelet restart");
    expect(o.enableCommand("kubelet")).toBe("rc-update add kubelet default");
  });
});

describe("tryStopKubelet / tryStartKubelet / tryRestartKubelet", () => {
  it("no init system: one line each, nothing run", async () => {
    const o = output();
    await tryStopKubelet(null, o);
    await tryStartKubelet(null, o);
    await tryRestartKubelet(Promise.resolve(null), o);
    expect(o.printed).toEqual([TEXTS.stopNoInit, TEXTS.startNoInit, TEXTS.stopNoInit]);
    expect(o.warned).toEqual([]);
  });

  it("systemd, kubelet installed: stop, then daemon-reload + restart; nothing printed", async () => {
    const d = fakeDeps(["systemctl"], SYSTEMD_OK);
    const o = output();
    await tryStopKubelet(systemdInitSystem(d), o);
    await tryStartKubelet(systemdInitSystem(d), o);
    expect(d.calls).toEqual(["systemctl status kubelet", "systemctl stop kubelet", "systemctl status kubelet", "systemctl daemon-reload", "systemctl restart kubelet"]);
    expect(o.printed).toEqual([]);
    expect(o.warned).toEqual([]);
  });

  it("no kubelet unit: says so, still tries, and warns with Go's exit status", async () => {
    const notFound = { stdout: "", stderr: "Unit kubelet.service could not be found.\n", code: 4, error: "exit status 4" };
    const d = fakeDeps(["systemctl"], {
      "systemctl status kubelet": { ...notFound, stdout: "Unit kubelet.service could not be found.\n" },
      "systemctl stop kubelet": { code: 5, error: "exit status 5" },
      "systemctl restart kubelet": { code: 5, error: "exit status 5" },
    });
    const o = output();
    await tryStopKubelet(systemdInitSystem(d), o);
    await tryStartKubelet(systemdInitSystem(d), o);
    await tryRestartKubelet(systemdInitSystem(d), o);
    expect(o.printed).toEqual([TEXTS.stopNoService, TEXTS.startNoService, TEXTS.startManually, TEXTS.stopNoService]);
    expect(o.warned).toEqual([
      "[kubelet-start] WARNING: unable to stop the kubelet service momentarily: [exit status 5]",
      "[kubelet-start] WARNING: unable to start the kubelet service: [exit status 5]",
      "[kubelet-start] WARNING: unable to restart the kubelet service momentarily: [exit status 5]",
    ]);
  });

  it("a failing daemon-reload stops the start: the reload error is in the warning", async () => {
    const d = fakeDeps(["systemctl"], { ...SYSTEMD_OK, "systemctl daemon-reload": { code: 1, error: "exit status 1" } });
    const o = output();
    await tryStartKubelet(systemdInitSystem(d), o);
    expect(d.calls).not.toContain("systemctl restart kubelet");
    expect(o.warned).toEqual(["[kubelet-start] WARNING: unable to start the kubelet service: [failed to reload systemd: exit status 1]"]);
    expect(o.printed).toEqual([TEXTS.startManually]);
  });

  it("systemctl vanishing after detection: Go's exec not-found error", async () => {
    const d = fakeDeps([]);
    const o = output();
    await tryStopKubelet(systemdInitSystem(d), o);
    expect(o.printed).toEqual([]);
    expect(o.warned).toEqual(['[kubelet-start] WARNING: unable to stop the kubelet service momentarily: [exec: "systemctl": executable file not found in $PATH]']);
  });

  it("OpenRC: rc-service kubelet stop / restart", async () => {
    const d = fakeDeps(["openrc", "rc-service", "rc-update"], { "rc-service kubelet start": { code: 1, error: "exit status 1" } });
    const o = output();
    const init = await detectInitSystem(d);
    await tryStopKubelet(init, o);
    await tryStartKubelet(init, o);
    expect(d.calls).toEqual(["rc-service kubelet status", "rc-service kubelet stop", "rc-service kubelet status", "rc-service kubelet restart"]);
    expect(o.printed).toEqual([]);
  });
});

describe("texts vs upstream app/phases/kubelet/kubelet.go", () => {
  it("every printed line and warning prefix appears in upstream's source", () => {
    const src = readFileSync(requireUpstreamSource("cmd/kubeadm/app/phases/kubelet/kubelet.go"), "utf8");
    for (const t of Object.values(TEXTS)) expect(src).toContain(t);
    for (const w of [
      "[kubelet-start] WARNING: unable to stop the kubelet service momentarily: [%v]",
      "[kubelet-start] WARNING: unable to start the kubelet service: [%v]",
      "[kubelet-start] WARNING: unable to restart the kubelet service momentarily: [%v]",
    ]) expect(src).toContain(w);
  });
});

describe("host implementation on a private PATH", () => {
  const dir = mkdtempSync(join(tmpdir(), "initsystem-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, "calls.log");
  const script = (name: string, body: string) => {
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> ${log}\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
    return bin;
  };

  it("no systemctl or openrc on PATH: null, and the no-init-system texts", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect(hostInitSystem(empty)).toBeNull();
    const o = output();
    await tryStartKubelet(hostInitSystem(empty), o);
    expect(o.printed).toEqual([TEXTS.startNoInit]);
  });

  it("a fake systemctl: real processes, exit codes become Go's errors", async () => {
    const bin = script("systemctl", 'case "$1" in status) echo "   Loaded: loaded"; exit 3;; restart) exit 2;; esac\nexit 0');
    const init = hostInitSystem(bin);
    expect(init?.kind).toBe("systemd");
    const o = output();
    await tryStopKubelet(init, o);
    await tryStartKubelet(init, o);
    expect(o.printed).toEqual([TEXTS.startManually]);
    expect(o.warned).toEqual(["[kubelet-start] WARNING: unable to start the kubelet service: [exit status 2]"]);
    expect(readFileSync(log, "utf8").split("\n").filter(Boolean)).toEqual([
      "systemctl status kubelet",
      "systemctl stop kubelet",
      "systemctl status kubelet",
      "systemctl daemon-reload",
      "systemctl restart kubelet",
    ]);
    const deps = hostInitSystemDeps(bin);
    expect(await deps.lookPath("systemctl")).toBe(join(bin, "systemctl"));
    expect((await deps.exec("nonexistent-tool", [])).error).toBe("executable file not found in $PATH");
  });
});
