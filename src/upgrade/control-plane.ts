/**
 * The control-plane phases' work (upstream's runControlPlane of upgrade apply and upgrade node),
 * as two twins chosen by the data initializer: the real one upgrades the static Pods
 * (staticpods.ts), the dry-run one writes the new manifests to a dry-run folder and prints them
 * (upstream's DryRunStaticPodUpgrade).
 */
import type { KubeClient } from "../client/types.js";
import type { InitConfiguration } from "../config/types.js";
import { CONTROL_PLANE_COMPONENTS } from "../constants.js";
import { formatDurationMs } from "../util/duration.js";
import { KubeadmError } from "../util/errors.js";
import type { ConfigLogger } from "../util/log.js";

export type UpgradeKind = "apply" | "node";

export interface ControlPlaneUpgrader {
  upgrade(kind: UpgradeKind): Promise<void>;
}

export interface ControlPlaneUpgradeContext {
  initCfg(): Promise<InitConfiguration>;
  client(): Promise<KubeClient>;
  patchesDir: string;
  etcdUpgrade: boolean;
  renewCerts: boolean;
  upgradeManifestsTimeoutMs: number;
  /** /etc/kubernetes. */
  kubernetesDir: string;
  out: { write(text: string): unknown };
  log: ConfigLogger;
  v(level: number, msg: string, origin: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

export function realControlPlaneUpgrader(c: ControlPlaneUpgradeContext): ControlPlaneUpgrader {
  return {
    async upgrade(kind) {
      const cfg = await c.initCfg();
      const version = cfg.clusterConfiguration.kubernetesVersion;
      if (kind === "apply") {
        c.out.write(`[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version ${JSON.stringify(version)} (timeout: ${formatDurationMs(c.upgradeManifestsTimeoutMs)})...\n`);
      } else {
        c.out.write(`[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version ${JSON.stringify(version)}...\n`);
      }
      const { realStaticPodUpgradeInput } = await import("./staticpods-real.js");
      const { performStaticPodUpgrade } = await import("./staticpods.js");
      try {
        const input = await realStaticPodUpgradeInput({
          cfg,
          client: await c.client(),
          kubernetesDir: c.kubernetesDir,
          patchesDir: c.patchesDir,
          etcdUpgrade: c.etcdUpgrade,
          renewCerts: c.renewCerts,
          upgradeManifestsTimeoutMs: c.upgradeManifestsTimeoutMs,
          etcdAPICallTimeoutMs: cfg.timeouts.etcdAPICall,
          out: c.out,
          log: c.log,
          v: c.v,
          env: c.env,
        });
        await performStaticPodUpgrade(input);
      } catch (err) {
        throw new KubeadmError(`couldn't complete the static pod upgrade: ${(err as Error).message}`, 1, { cause: err });
      }
      c.out.write("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!\n");
    },
  };
}

export function dryRunControlPlaneUpgrader(c: ControlPlaneUpgradeContext): ControlPlaneUpgrader {
  return {
    async upgrade(kind) {
      const cfg = await c.initCfg();
      const version = cfg.clusterConfiguration.kubernetesVersion;
      if (kind === "node") c.out.write(`[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version ${JSON.stringify(version)}...\n`);
      // upstream prints this one without a newline
      c.out.write(`[dryrun] Would upgrade your static Pod-hosted control plane to version ${JSON.stringify(version)}`);
      const { dryRunDirectory } = await import("../host/dry-run-dir.js");
      const dir = await dryRunDirectory("upgrade", c.env, c.log);
      const files = await import("../host/upgrade-files.js");
      try {
        const { newControlPlaneManifests } = await import("./staticpods-real.js");
        const { writeStaticPodManifest } = await import("../manifests/write.js");
        const manifests = await newControlPlaneManifests({ cfg, patchesDir: c.patchesDir, out: c.out, log: c.log, v: c.v, env: c.env });
        for (const component of CONTROL_PLANE_COMPONENTS) await writeStaticPodManifest(component, dir, manifests[component]!);
        const { fileToPrint, printDryRunFiles } = await import("../host/dry-run-files.js");
        const { DEFAULT_MANIFESTS_DIR } = await import("../constants.js");
        await printDryRunFiles(
          CONTROL_PLANE_COMPONENTS.map((component) => fileToPrint(`${component}.yaml`, dir, DEFAULT_MANIFESTS_DIR)),
          c.out,
        );
      } finally {
        await files.removeAll(dir);
      }
    },
  };
}
