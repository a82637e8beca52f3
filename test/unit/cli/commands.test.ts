// The commands this area implements: version, token generate, certs certificate-key, completion.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { requireUpstream } from "../../support/upstream.js";
import { cli, runUpstream } from "./harness.js";
import { randomTokenString } from "../../../src/util/token.js";
import { KUBERNETES_MINOR, KUBERNETES_VERSION } from "../../../src/constants.js";

describe("kubeadm version", () => {
  it("-o json has upstream's keys in upstream's order", async () => {
    const r = await cli(["version", "-o", "json"]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(Object.keys(v)).toEqual(["clientVersion"]);
    expect(Object.keys(v.clientVersion)).toEqual(["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"]);
    expect(v.clientVersion).toMatchObject({ major: "1", minor: String(KUBERNETES_MINOR), gitVersion: KUBERNETES_VERSION });
    expect(r.stdout).toMatch(/^\{\n  "clientVersion": \{\n    "major": "1",\n/);
    expect(r.stdout.endsWith("}\n")).toBe(true);
  });

  it("-o json shape equals upstream's (values differ by design)", () => {
    const u = JSON.parse(runUpstream(requireUpstream("kubeadm"), ["version", "-o", "json"]).stdout);
    expect(Object.keys(u.clientVersion)).toEqual(["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"]);
    expect(u.clientVersion.gitVersion).toBe(KUBERNETES_VERSION);
  });

  it("-o short, -o yaml and the default line", async () => {
    expect((await cli(["version", "-o", "short"])).stdout).toBe(`${KUBERNETES_VERSION}\n`);
    const y = (await cli(["version", "-o=yaml"])).stdout;
    expect(y).toMatch(/^clientVersion:\n  buildDate: "[^"]+"\n  compiler: kubeadm-ts\n/);
    expect(y).toContain(`\n  major: "1"\n  minor: "${KUBERNETES_MINOR}"\n  platform: `);
    expect(y.endsWith("\n\n")).toBe(true);
    const d = (await cli(["version"])).stdout;
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(d).toMatch(
      new RegExp(
        `^${esc(`kubeadm version: &version.Info{Major:"1", Minor:"${KUBERNETES_MINOR}", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"${KUBERNETES_VERSION}", GitCommit:"`)}[^"]*", GitTreeState:"[^"]*", BuildDate:"[^"]+", GoVersion:"v\\d+\\.\\d+\\.\\d+", Compiler:"kubeadm-ts", Platform:"[a-z0-9]+/[a-z0-9]+"\\}\n$`,
      ),
    );
  });
});

describe("kubeadm token generate", () => {
  it("prints one token of the bootstrap token format", async () => {
    const r = await cli(["token", "generate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}\n$/);
  });

  it("tokens differ and use all 36 characters roughly uniformly", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(randomTokenString(22));
    expect(seen.size).toBe(50);
    const counts = new Map<string, number>();
    const sample = randomTokenString(36_000);
    for (const c of sample) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
    // each character expected 1000 times; 6 sigma is about 190
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(200);
  });
});

describe("kubeadm certs certificate-key", () => {
  it("prints 64 lowercase hex characters, different each time", async () => {
    const a = await cli(["certs", "certificate-key"]);
    const b = await cli(["certificates", "certificate-key"]);
    expect(a.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(b.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(a.stdout).not.toBe(b.stdout);
  });
});

describe("kubeadm completion", () => {
  it("bash: a script completing the tree's commands and flags", async () => {
    const r = await cli(["completion", "bash"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("\n# Copyright 2017 The Kubernetes Authors.\n")).toBe(true);
    expect(r.stdout).toContain("complete -o default -F __start_kubeadm kubeadm");
    expect(r.stdout).toContain('"_kubeadm_init:phase") next="_kubeadm_init_phase"');
    expect(r.stdout).toContain('"--token-ttl"');
    expect(r.stdout).not.toContain("apiserver-extra-args");
  });

  it("zsh: loads the bash script through bashcompinit", async () => {
    const r = await cli(["completion", "zsh"]);
    expect(r.stdout).toContain("#compdef kubeadm");
    expect(r.stdout).toContain("bashcompinit");
    // zsh's `type` has no -t (it would print "bad option: -t" at every load)
    expect(r.stdout).not.toContain("type -t");
    expect(r.stdout).toContain('if [[ $(whence -w compopt | cut -d" " -f2) = "builtin" ]]; then');
  });

  it("the help golden documents the same shells", () => {
    const help = readFileSync(new URL("../../golden/cli/help/kubeadm_completion.txt", import.meta.url), "utf8");
    expect(help).toContain("kubeadm completion SHELL [flags]");
  });
});
