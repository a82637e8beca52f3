// Our outputs against golden files captured from upstream kubeadm v1.36.3 (test/golden/config/update.sh),
// and the goldens against the live upstream binary when it is present.
import { execFileSync } from "node:child_process";
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
import { upstreamIfPresent } from "../../support/upstream.js";
import { GOLDEN, facts, golden, offlineFetcher } from "./helpers.js";

async function imagesList(format: string): Promise<string> {
  const cfg = await loadInitConfiguration({
    fromFlags: { cluster: { kubernetesVersion: "v1.36.2" } },
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
  it("config images list --kubernetes-version v1.36.2 -o yaml|json|text", async () => {
    expect(await imagesList("yaml")).toBe(golden("images-list-v1.36.2.yaml"));
    expect(await imagesList("json")).toBe(golden("images-list-v1.36.2.json"));
    expect(await imagesList("text")).toBe(golden("images-list-v1.36.2.txt"));
  });
  it("config migrate of a v1beta3 file using every convertible field", async () => {
    const out = await migrateConfig(golden("migrate/v1beta3-all-fields.yaml"), { facts, versionFetcher: offlineFetcher });
    expect(out).toBe(golden("migrate/v1beta3-all-fields.expected.yaml"));
  });
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
    ["images-list-v1.36.2.yaml", ["config", "images", "list", "--kubernetes-version", "v1.36.2", "-o", "yaml"]],
    ["images-list-v1.36.2.json", ["config", "images", "list", "--kubernetes-version", "v1.36.2", "-o", "json"]],
    [
      "migrate/v1beta3-all-fields.expected.yaml",
      ["config", "migrate", "--old-config", join(GOLDEN, "migrate/v1beta3-all-fields.yaml")],
    ],
  ];
  it("upstream binary output equals every golden (or the binary is absent and not required)", () => {
    const upstream = upstreamIfPresent("kubeadm");
    if (!upstream) {
      // without the binary, the goldens above are the reference
      expect(golden("print-init-defaults.yaml")).toContain("kind: InitConfiguration");
      return;
    }
    const host = hostname().toLowerCase();
    for (const [file, args] of cases) {
      let live = execFileSync(upstream, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      if (file === "print-join-defaults.yaml") live = live.replace(`  name: ${host}\n`, "  name: golden-host\n");
      expect(live, file).toBe(golden(file));
    }
  });
});
