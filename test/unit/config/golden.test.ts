// Our outputs against golden files captured from the pinned upstream kubeadm (`npm run goldens`,
// test/golden/config/update.sh), and the goldens against the live upstream binary (required:
// `npm run lab:build` builds it). kubeadm.k8s.io/v1beta3 migration, which upstream v1.37 refuses,
// is an accepted difference (test/support/known-differences.mjs) checked against upstream v1.36 live.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { controlPlaneImages } from "../../../src/config/images.js";
import { loadInitConfiguration, migrateConfig } from "../../../src/config/load.js";
import { outputObject, printOutput } from "../../../src/config/output.js";
import {
  printInitDefaults,
  printJoinDefaults,
  printResetDefaults,
  printUpgradeDefaults,
} from "../../../src/config/print-defaults.js";
import { cli } from "../cli/harness.js";
import { parity } from "../../support/parity.js";
import { requirePreviousUpstreamKubeadm, requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_VERSION, PREVIOUS_KUBERNETES_VERSION } from "../../lab/oracle/run.js";
import { GOLDEN, facts, golden, offlineFetcher } from "./helpers.js";

/** The migrate corpus: every input with its expected output (v1-* files migrate with --allow-experimental-api). */
const migrateInputs = readdirSync(join(GOLDEN, "migrate"))
  .filter((f) => f.endsWith(".yaml") && !f.endsWith(".expected.yaml"))
  .sort();
const migrateFlags = (f: string) => (f.startsWith("v1-") ? ["--allow-experimental-api"] : []);
/**
 * kubeadm.k8s.io/v1beta3 inputs: kubeadm-ts still migrates them (beyond upstream v1.37, which
 * refuses them); their expectation was captured from the newest upstream that reads v1beta3.
 */
const beyondUpstream = (f: string) => f.startsWith("v1beta3-");

async function imagesList(format: string, kubernetesVersion: string): Promise<string> {
  const cfg = await loadInitConfiguration({
    fromFlags: { cluster: { kubernetesVersion } },
    facts,
    skipCRIDetect: true,
    versionFetcher: offlineFetcher,
  });
  const images = controlPlaneImages(cfg.clusterConfiguration);
  return printOutput(outputObject("Images", { images }), format, () => `${images.join("\n")}\n`);
}

describe("config outputs match upstream goldens byte for byte", () => {
  it("config print init-defaults", () => {
    expect(printInitDefaults()).toBe(golden("print-init-defaults.yaml"));
  });
  it("config print init-defaults --component-configs KubeletConfiguration,KubeProxyConfiguration", () => {
    expect(printInitDefaults(["KubeletConfiguration", "KubeProxyConfiguration"])).toBe(
      golden("print-init-defaults-component-configs.yaml"),
    );
  });
  it("config print join-defaults (node name from the host)", async () => {
    expect(await printJoinDefaults(facts)).toBe(golden("print-join-defaults.yaml"));
  });
  it("config print reset-defaults / upgrade-defaults", async () => {
    expect(await printResetDefaults(facts)).toBe(golden("print-reset-defaults.yaml"));
    expect(printUpgradeDefaults()).toBe(golden("print-upgrade-defaults.yaml"));
  });
  it(`config images list --kubernetes-version ${KUBERNETES_VERSION} (the pin) and ${PREVIOUS_KUBERNETES_VERSION} (N-1) -o yaml|json|text`, async () => {
    for (const [name, v] of [["images-list", KUBERNETES_VERSION], ["images-list-previous", PREVIOUS_KUBERNETES_VERSION]] as const) {
      expect(await imagesList("yaml", v)).toBe(golden(`${name}.yaml`));
      expect(await imagesList("json", v)).toBe(golden(`${name}.json`));
      expect(await imagesList("text", v)).toBe(golden(`${name}.txt`));
    }
  });
  it("the migrate corpus covers v1beta3 (beyond upstream), v1beta4, the experimental v1 and UpgradeConfiguration", () => {
    expect(migrateInputs).toEqual(expect.arrayContaining(["v1beta3-all-fields.yaml", "v1beta4-all-fields.yaml", "v1-all-fields.yaml", "upgrade-defaults.yaml"]));
  });
  for (const f of migrateInputs) {
    it(`config migrate ${migrateFlags(f).join(" ")} --old-config migrate/${f}`, async () => {
      const out = await migrateConfig(golden(`migrate/${f}`), { facts, versionFetcher: offlineFetcher, allowExperimental: migrateFlags(f).length > 0 });
      expect(out).toBe(golden(`migrate/${f.replace(/\.yaml$/, ".expected.yaml")}`));
    });
  }
});

describe("goldens are what upstream kubeadm prints now", () => {
  const cases: Array<[string, string[]]> = [
    ["print-init-defaults.yaml", ["config", "print", "init-defaults"]],
    [
      "print-init-defaults-component-configs.yaml",
      ["config", "print", "init-defaults", "--component-configs", "KubeletConfiguration,KubeProxyConfiguration"],
    ],
    ["print-join-defaults.yaml", ["config", "print", "join-defaults"]],
    ["print-reset-defaults.yaml", ["config", "print", "reset-defaults"]],
    ["print-upgrade-defaults.yaml", ["config", "print", "upgrade-defaults"]],
    ["images-list.yaml", ["config", "images", "list", "--kubernetes-version", KUBERNETES_VERSION, "-o", "yaml"]],
    ["images-list-previous.json", ["config", "images", "list", "--kubernetes-version", PREVIOUS_KUBERNETES_VERSION, "-o", "json"]],
    ...migrateInputs
      .filter((f) => !beyondUpstream(f))
      .map((f): [string, string[]] => [
        `migrate/${f.replace(/\.yaml$/, ".expected.yaml")}`,
        ["config", "migrate", ...migrateFlags(f), "--old-config", join(GOLDEN, "migrate", f)],
      ]),
  ];
  it("upstream binary output equals every golden", () => {
    const upstream = requireUpstream("kubeadm");
    const host = hostname().toLowerCase();
    for (const [file, args] of cases) {
      let live = execFileSync(upstream, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      if (file === "print-join-defaults.yaml") live = live.replace(`  name: ${host}\n`, "  name: golden-host\n");
      expect(live, file).toBe(golden(file));
    }
  });
});

describe("config migrate of kubeadm.k8s.io/v1beta3, beyond upstream v1.37", () => {
  const check = parity(import.meta.url);
  /** stdout, stderr without klog's lines, and the exit code. */
  const render = (r: { stdout: string; stderr: string; code: number }) =>
    `${r.stdout}${r.stderr.split("\n").filter((l) => !/^[WI][0-9]{4} /.test(l)).join("\n")}exit code: ${r.code}\n`;
  const upstreamEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" };
  for (const f of migrateInputs.filter(beyondUpstream)) {
    const args = ["config", "migrate", "--old-config", join(GOLDEN, "migrate", f)];
    it(`migrate/${f}: upstream ${KUBERNETES_VERSION} refuses it, kubeadm-ts migrates it (a listed difference)`, async () => {
      const r = spawnSync(requireUpstream("kubeadm"), args, { cwd: "/tmp", encoding: "utf8", env: upstreamEnv });
      check.same(`kubeadm config migrate --old-config test/golden/config/migrate/${f}`, render({ stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 }), render(await cli(args)));
    });
    it(`migrate/${f}: the golden is what upstream ${PREVIOUS_KUBERNETES_VERSION}, the last to read v1beta3, prints`, () => {
      const r = spawnSync(requirePreviousUpstreamKubeadm(), args, { cwd: "/tmp", encoding: "utf8", env: upstreamEnv });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(golden(`migrate/${f.replace(/\.yaml$/, ".expected.yaml")}`));
    });
  }
  it("every known difference of this file was met", () => {
    expect(check.entries.length).toBeGreaterThan(0);
    expect(check.unmet(), "entries no case met: remove them or fix their case").toEqual([]);
  });
});
