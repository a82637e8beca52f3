/**
 * upgrade apply phase preflight (upstream phases/upgrade/apply runPreflight): the root check, the
 * node's upgrade checks, the CoreDNS migration checks, the cluster health checks, deprecated
 * feature gates, the target version resolved and held against the skew policy (fatal errors, or
 * errors --force lets pass), the confirmation prompt, then the image pull (dry-run: says it would).
 */
import { KubeadmError } from "../../../util/errors.js";
import type { Phase } from "../../../workflow/types.js";
import type { UpgradeData } from "../data.js";

export const preflightPhase: Phase<UpgradeData> = {
  name: "preflight",
  short: "Run preflight checks before upgrade",
  inheritFlags: ["allow-experimental-upgrades", "allow-release-candidate-upgrades", "config", "dry-run", "force", "ignore-preflight-errors", "kubeconfig", "yes"],
  run,
};

const asKubeadmError = (err: unknown): unknown => (err instanceof KubeadmError || !(err instanceof Error) ? err : new KubeadmError(err.message, 1, { cause: err }));

async function run(data: UpgradeData): Promise<void> {
  data.out.write("[upgrade/preflight] Running preflight checks\n");
  const initCfg = await data.initCfg();
  const client = await data.client();
  const ignore = data.ignorePreflightErrors;
  const pf = await import("../../../preflight/run.js");
  const o = { ignore, stdout: data.out, stderr: data.stderr, logger: data.log };
  const { checkClusterHealth } = await import("../../../upgrade/health.js");
  const { runCoreDNSMigrationCheck } = await import("../../../upgrade/common.js");
  try {
    await pf.runRootCheckOnly(o);
    await pf.runUpgradeChecks(initCfg, o);
    await runCoreDNSMigrationCheck(client, { ignore, out: data.out, stderr: data.stderr, log: data.log, verbosity: data.verbosity });
    data.v(1, "[upgrade/preflight] Verifying the cluster health", "preflight.go:83");
    await checkClusterHealth({ client, cfg: initCfg.clusterConfiguration, ignore, dryRun: data.dryRun, out: data.out, stderr: data.stderr, log: data.log, verbosity: data.verbosity });
  } catch (err) {
    throw asKubeadmError(err);
  }

  const { checkDeprecatedFeatureGates } = await import("../../../config/features.js");
  for (const m of Object.values(checkDeprecatedFeatureGates(initCfg.clusterConfiguration.featureGates ?? {}))) data.out.write(`[upgrade/preflight] ${m}\n`);

  data.v(1, "[upgrade/preflight] Validating requested and actual version", "preflight.go:96");
  const { normalizeKubernetesVersion } = await import("../../../config/dynamic-defaults.js");
  await normalizeKubernetesVersion(initCfg.clusterConfiguration, { log: data.log, verbosity: data.verbosity } as Parameters<typeof normalizeKubernetesVersion>[1]);
  const targetStr = initCfg.clusterConfiguration.kubernetesVersion;
  const { parseSemantic } = await import("../../../util/version.js");
  let target;
  try {
    target = parseSemantic(targetStr);
  } catch {
    throw new KubeadmError(`unable to parse normalized version "${targetStr}" as a semantic version`);
  }
  // features.ValidateVersion: no kubeadm feature gate of this version has a minimum version

  const { kubeVersionGetter, offlineVersionGetter } = await import("../../../upgrade/versions.js");
  const { enforceVersionPoliciesOrFail } = await import("../../../upgrade/policy.js");
  const getter = offlineVersionGetter(kubeVersionGetter(client, { log: data.log }), targetStr);
  await enforceVersionPoliciesOrFail(getter, targetStr, target, {
    allowExperimentalUpgrades: data.allowExperimentalUpgrades,
    allowRCUpgrades: data.allowRCUpgrades,
    force: data.force,
    out: data.out,
  });

  if (data.sessionIsInteractive) await data.confirm("Are you sure you want to proceed?");

  if (data.dryRun) {
    data.out.write("[dryrun] Would pull the required images (like 'kubeadm config images pull')\n");
    return;
  }
  data.out.write(pf.pullImagesIntro("upgrade/preflight"));
  const { controlPlaneImages } = await import("../../../config/images.js");
  const { pauseImage } = await import("../../../manifests/index.js");
  try {
    await pf.runPullImagesCheck(initCfg, { ...o, images: controlPlaneImages(initCfg.clusterConfiguration), pauseImage: pauseImage(initCfg.clusterConfiguration) });
  } catch (err) {
    throw asKubeadmError(err);
  }
}
