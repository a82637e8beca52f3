/**
 * The body of `kubeadm upgrade plan` (upstream cmd/upgrade/plan.go runPlan): the printer first
 * (a bad -o fails before anything else), the mixed-arguments rule, the requirements, then the
 * available upgrades and the component configs' states, printed only when an upgrade exists.
 */
import type { Writable } from "node:stream";
import { KubeadmError } from "../util/errors.js";
import { streamLogger } from "../util/log.js";
import { DEFAULT_ADMIN_KUBECONFIG, enforceRequirements, valueFromFlagsOrConfig, type CorefileMigrator } from "./common.js";

export interface RunPlanOptions {
  args: string[];
  output: string;
  allowMissingTemplateKeys: boolean;
  changedFlags: string[];
  changed(name: string): boolean;
  cfgPath: string;
  kubeConfigPath: string;
  ignorePreflightErrors: string[];
  printConfig: boolean;
  allowExperimentalUpgrades: boolean;
  allowRCUpgrades: boolean;
  etcdUpgrade: boolean;
  verbosity: number;
  stdout: Writable;
  stderr: Writable;
  migrator?: CorefileMigrator;
}

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function runPlan(o: RunPlanOptions): Promise<void> {
  const { outputPrinter } = await import("../config/output.js");
  const print = outputPrinter(o.output, { allowMissingTemplateKeys: o.allowMissingTemplateKeys });
  const { validateMixedArguments } = await import("../config/flags.js");
  validateMixedArguments(o.changedFlags);
  const log = streamLogger(o.stderr);
  const v1 = (m: string, origin: string): void => {
    if (o.verbosity >= 1) log.info(m, origin);
  };
  // only the text printer prints progress lines
  const out = o.output === "text" ? o.stdout : null;

  v1("[upgrade/plan] verifying health of cluster", "plan.go:102");
  v1("[upgrade/plan] retrieving configuration from cluster", "plan.go:103");
  const req = await enforceRequirements({
    cfgPath: o.cfgPath,
    kubeConfigPath: o.kubeConfigPath || DEFAULT_ADMIN_KUBECONFIG,
    ignorePreflightErrors: o.ignorePreflightErrors,
    args: o.args,
    printConfig: { value: o.printConfig, changed: o.changed("print-config") },
    out,
    stderr: o.stderr,
    log,
    verbosity: o.verbosity,
    ...(o.migrator ? { migrator: o.migrator } : {}),
  });
  try {
    v1("[upgrade/plan] computing upgrade possibilities", "plan.go:110");
    const plan = req.upgradeCfg.plan;
    const allowRC = valueFromFlagsOrConfig(o.changed("allow-release-candidate-upgrades"), o.allowRCUpgrades, plan.allowRCUpgrades);
    const allowExperimental = valueFromFlagsOrConfig(o.changed("allow-experimental-upgrades"), o.allowExperimentalUpgrades, plan.allowExperimentalUpgrades);

    const { getAvailableUpgrades } = await import("./compute.js");
    let upgrades;
    try {
      upgrades = await getAvailableUpgrades(req.versionGetter, { experimentalUpgradesAllowed: allowExperimental, rcUpgradesAllowed: allowRC, out, log, verbosity: o.verbosity });
    } catch (err) {
      throw new KubeadmError(`[upgrade/versions] FATAL: ${msg(err)}`);
    }

    v1("[upgrade/plan] analysing component config version states", "plan.go:129");
    const { genUpgradePlan, getVersionStates, upgradePlanOutputObject, upgradePlanText } = await import("./plan.js");
    let states;
    try {
      states = await getVersionStates(req.client, log, o.verbosity);
    } catch (err) {
      throw new KubeadmError(`[upgrade/versions] FATAL: ${msg(err)}`);
    }

    if (upgrades.length === 0) {
      v1("[upgrade/plan] Awesome, you're up-to-date! Enjoy!", "plan.go:137");
      return;
    }
    const etcdUpgrade = valueFromFlagsOrConfig(o.changed("etcd-upgrade"), o.etcdUpgrade, plan.etcdUpgrade);
    const result = genUpgradePlan(upgrades, states, etcdUpgrade);
    o.stdout.write(print(upgradePlanOutputObject(result), () => upgradePlanText(result)));
  } finally {
    req.client.close();
  }
}
