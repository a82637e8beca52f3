// Every command's --help equals the pinned upstream kubeadm byte for byte (golden files made by update.sh).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { upstreamIfPresent } from "../../support/upstream.js";
import { cli, runUpstream } from "./harness.js";
import { allCommandPaths, buildKubeadmTree } from "../../../src/commands/index.js";

const dir = new URL("../../golden/cli/", import.meta.url);
const paths = readFileSync(new URL("commands.txt", dir), "utf8").trim().split("\n");
const golden = (p: string) => readFileSync(new URL(`help/${p.replaceAll(" ", "_")}.txt`, dir), "utf8");

describe("help screens", () => {
  it("cover every command path of the tree", () => {
    const ours = allCommandPaths(buildKubeadmTree()).filter((p) => p !== "kubeadm help");
    expect(ours.sort()).toEqual([...paths].sort());
  });

  it.each(paths)("%s --help", async (p) => {
    const r = await cli([...p.split(" ").slice(1), "--help"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden(p));
  });

  it("`kubeadm help <cmd>` and `-h` print the same screen", async () => {
    for (const p of ["kubeadm init", "kubeadm init phase certs", "kubeadm token create", "kubeadm certs renew all"]) {
      const words = p.split(" ").slice(1);
      expect((await cli(["help", ...words])).stdout).toBe(golden(p));
      expect((await cli([...words, "-h"])).stdout).toBe(golden(p));
    }
  });

  it("aliases reach the same command", async () => {
    expect((await cli(["certificates", "--help"])).stdout).toBe(golden("kubeadm certs"));
    expect((await cli(["init", "phase", "uploadconfig", "--help"])).stdout).toBe(golden("kubeadm init phase upload-config"));
  });

  it("golden files still equal the live upstream output", () => {
    const bin = upstreamIfPresent("kubeadm");
    if (!bin) {
      // No oracle on this machine: the golden files above are the reference.
      expect(paths.length).toBeGreaterThan(100);
      return;
    }
    for (const p of paths) {
      const r = runUpstream(bin, [...p.split(" ").slice(1), "--help"]);
      expect(r.stdout, p).toBe(golden(p));
    }
  });
});
