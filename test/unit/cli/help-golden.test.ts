// Every command's --help equals the pinned upstream kubeadm's, run live, byte for byte; the golden
// files made by update.sh must equal both (they are the offline record, not a substitute).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { requireUpstream } from "../../support/upstream.js";
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
    const args = [...p.split(" ").slice(1), "--help"];
    const u = runUpstream(requireUpstream("kubeadm"), args);
    expect(u.stdout, "upstream's live screen is its committed golden (update.sh rewrites it)").toBe(golden(p));
    const r = await cli(args);
    expect(r.stderr).toBe(u.stderr);
    expect(r.code).toBe(u.code);
    expect(r.stdout).toBe(u.stdout);
  });

  it("`kubeadm help <cmd>` and `-h` print the same screen, as upstream's do", async () => {
    const bin = requireUpstream("kubeadm");
    for (const p of ["kubeadm init", "kubeadm init phase certs", "kubeadm token create", "kubeadm certs renew all"]) {
      const words = p.split(" ").slice(1);
      for (const args of [["help", ...words], [...words, "-h"]]) {
        expect(runUpstream(bin, args).stdout, `upstream ${args.join(" ")}`).toBe(golden(p));
        expect((await cli(args)).stdout, args.join(" ")).toBe(golden(p));
      }
    }
  });

  it("aliases reach the same command, as upstream's do", async () => {
    const bin = requireUpstream("kubeadm");
    for (const [args, p] of [
      [["certificates", "--help"], "kubeadm certs"],
      [["init", "phase", "uploadconfig", "--help"], "kubeadm init phase upload-config"],
    ] as const) {
      expect(runUpstream(bin, [...args]).stdout, `upstream ${args.join(" ")}`).toBe(golden(p));
      expect((await cli([...args])).stdout, args.join(" ")).toBe(golden(p));
    }
  });
});
