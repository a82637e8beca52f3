// bin/kubeadm, the launcher an operator runs (needs `npm run build`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import Module from "node:module";
import * as vm from "node:vm";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const repo = resolve(import.meta.dirname, "../../..");
const launcher = join(repo, "bin", "kubeadm");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "launcher-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (file: string, args: string[], env: Record<string, string | undefined> = {}, cwd = repo) =>
  spawnSync(file, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });

describe("bin/kubeadm", () => {
  it("keeps NODE_EXTRA_CA_CERTS from Node's start: Node would read (here: complain about) the file first", () => {
    // plain Node reads the file before any code runs and warns when it cannot
    const node = run(process.execPath, ["-e", "0"], { NODE_EXTRA_CA_CERTS: join(dir, "missing.pem") });
    expect(node.stderr).toContain("Warning: Ignoring extra certs from");
    const r = run(launcher, ["version", "-o", "short"], { NODE_EXTRA_CA_CERTS: join(dir, "missing.pem") });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${KUBERNETES_VERSION}\n`);
    expect(r.status).toBe(0);
  });

  it("hands the variable over under its own name, and leaves an unset one unset", () => {
    // observed through a stand-in `node` on PATH that prints what it was given
    const fakeBin = join(dir, "fakebin");
    mkdirSync(fakeBin, { recursive: true });
    const fake = join(fakeBin, "node");
    writeFileSync(fake, '#!/bin/sh\necho "args=$*"\necho "NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS-unset}"\necho "KUBEADM_TS_NODE_EXTRA_CA_CERTS=${KUBEADM_TS_NODE_EXTRA_CA_CERTS-unset}"\n', { mode: 0o755 });
    const path = `${fakeBin}:${process.env.PATH}`;
    const withVar = run(launcher, ["init", "--dry-run"], { PATH: path, NODE_EXTRA_CA_CERTS: "/etc/extra.pem" });
    expect(withVar.stdout).toBe(`args=${repo}/bin/../dist/launch.cjs init --dry-run\nNODE_EXTRA_CA_CERTS=unset\nKUBEADM_TS_NODE_EXTRA_CA_CERTS=/etc/extra.pem\n`);
    const without = run(launcher, ["version"], { PATH: path, NODE_EXTRA_CA_CERTS: undefined, KUBEADM_TS_NODE_EXTRA_CA_CERTS: undefined });
    expect(without.stdout).toContain("NODE_EXTRA_CA_CERTS=unset\nKUBEADM_TS_NODE_EXTRA_CA_CERTS=unset\n");
  });

  it("runs through a symlink (npm's bin link) and from its own directory", () => {
    const link = join(dir, "bin", "kubeadm");
    mkdirSync(join(dir, "bin"), { recursive: true });
    symlinkSync(launcher, link);
    expect(run(link, ["version", "-o", "short"], {}, dir).stdout).toBe(`${KUBERNETES_VERSION}\n`);
    expect(run("sh", ["kubeadm", "version", "-o", "short"], {}, join(repo, "bin")).stdout).toBe(`${KUBERNETES_VERSION}\n`);
  });

  it("says how to build when dist/ is missing", () => {
    const copy = join(dir, "pkg", "bin");
    mkdirSync(copy, { recursive: true });
    copyFileSync(launcher, join(copy, "kubeadm"));
    const r = run(join(copy, "kubeadm"), ["version"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("kubeadm-ts is not built yet: run `npm ci && npm run build` first\n");
  });
});

describe("bin/kubeadm with the build's V8 code cache", () => {
  it("the cache the build made is accepted by this Node, and its stamp names this Node", () => {
    const bundle = join(repo, "dist", "kubeadm.cjs");
    const script = new vm.Script(Module.wrap(readFileSync(bundle, "utf8")), { filename: bundle, cachedData: readFileSync(`${bundle}.cache`) });
    expect(script.cachedDataRejected).toBe(false);
    const stamp = JSON.parse(readFileSync(`${bundle}.cache.json`, "utf8"));
    expect(stamp).toMatchObject({ node: process.versions.node, v8: process.versions.v8, arch: process.arch });
  });

  it("the bundle has no native import(): code compiled by vm.Script has no module loader to run it", () => {
    expect(readFileSync(join(repo, "dist", "kubeadm.cjs"), "utf8")).not.toMatch(/\bimport\(/);
  });

  it("runs the cached bundle under the Node that made it, the ES-module build under other options: same results", () => {
    // a copy of the package in which one of the two builds is missing shows which one runs
    const pkg = join(dir, "pkg-paths");
    mkdirSync(pkg);
    cpSync(join(repo, "bin"), join(pkg, "bin"), { recursive: true });
    cpSync(join(repo, "dist"), join(pkg, "dist"), { recursive: true });
    const kubeadm = join(pkg, "bin", "kubeadm");
    const cfg = (name: string) => {
      const f = join(dir, `${name}.yaml`);
      writeFileSync(f, `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: 192.0.2.10\nnodeRegistration:\n  name: node1\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${KUBERNETES_VERSION}\nencryptionAlgorithm: ECDSA-P256\ncertificatesDir: ${join(dir, name)}\n`);
      return f;
    };
    const other = { NODE_OPTIONS: "--stack-trace-limit=20" };
    rmSync(join(pkg, "dist", "main.js"));
    const cached = run(kubeadm, ["init", "phase", "certs", "all", "--config", cfg("cached")], { NODE_OPTIONS: undefined });
    expect(cached.status).toBe(0);
    expect(run(kubeadm, ["version"], other).status).not.toBe(0); // would need dist/main.js
    copyFileSync(join(repo, "dist", "main.js"), join(pkg, "dist", "main.js"));
    rmSync(join(pkg, "dist", "kubeadm.cjs"));
    const esm = run(kubeadm, ["init", "phase", "certs", "all", "--config", cfg("esm")], other);
    expect(esm.status).toBe(0);
    expect(esm.stdout.replaceAll(join(dir, "esm"), "DIR")).toBe(cached.stdout.replaceAll(join(dir, "cached"), "DIR"));
    expect(readdirSync(join(dir, "esm"), { recursive: true }).sort()).toEqual(readdirSync(join(dir, "cached"), { recursive: true }).sort());
  });
});
