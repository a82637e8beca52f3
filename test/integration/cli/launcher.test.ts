// bin/kubeadm, the launcher an operator runs (needs `npm run build`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

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
    expect(r.stdout).toBe("v1.36.3\n");
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
    expect(withVar.stdout).toBe(`args=${repo}/bin/../dist/main.js init --dry-run\nNODE_EXTRA_CA_CERTS=unset\nKUBEADM_TS_NODE_EXTRA_CA_CERTS=/etc/extra.pem\n`);
    const without = run(launcher, ["version"], { PATH: path, NODE_EXTRA_CA_CERTS: undefined, KUBEADM_TS_NODE_EXTRA_CA_CERTS: undefined });
    expect(without.stdout).toContain("NODE_EXTRA_CA_CERTS=unset\nKUBEADM_TS_NODE_EXTRA_CA_CERTS=unset\n");
  });

  it("runs through a symlink (npm's bin link) and from its own directory", () => {
    const link = join(dir, "bin", "kubeadm");
    mkdirSync(join(dir, "bin"), { recursive: true });
    symlinkSync(launcher, link);
    expect(run(link, ["version", "-o", "short"], {}, dir).stdout).toBe("v1.36.3\n");
    expect(run("sh", ["kubeadm", "version", "-o", "short"], {}, join(repo, "bin")).stdout).toBe("v1.36.3\n");
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
