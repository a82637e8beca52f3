/**
 * SystemVerification: the kernel, OS and cgroups validators against the default
 * system spec, for the installed kubelet's version (the next minor during upgrades).
 * The validators' report is printed to stdout only when an error was found.
 */
import { failure, type Checker } from "../checker.js";
import { Reporter } from "../system/reporter.js";
import { DEFAULT_SYS_SPEC, type SysSpec } from "../system/sys-spec.js";
import { validateCgroups, validateKernel, validateOS } from "../system/validators.js";
import { Version } from "../../util/version.js";
import { getKubeletVersion } from "./versions.js";

export function systemVerificationCheck(isUpgrade: boolean, spec: SysSpec = DEFAULT_SYS_SPEC): Checker {
  return {
    name: "SystemVerification",
    async check({ facts, stdout }) {
      let kubelet;
      try {
        kubelet = await getKubeletVersion(facts);
      } catch (err) {
        return failure(`couldn't get kubelet version: ${(err as Error).message}`);
      }
      // During upgrades the next kubelet minor is validated.
      const kubeletVersion = isUpgrade
        ? new Version([kubelet.major, kubelet.minor + 1, kubelet.patch], true, kubelet.preRelease, kubelet.buildMetadata).toString()
        : kubelet.toString();
      const reporter = new Reporter();
      const warnings: string[] = [];
      const errors: string[] = [];
      for (const v of [
        () => validateKernel(facts, spec, reporter),
        () => validateOS(facts, spec, reporter),
        () => validateCgroups(facts, spec, reporter, kubeletVersion),
      ]) {
        const r = await v();
        errors.push(...r.errors);
        warnings.push(...r.warnings);
      }
      if (errors.length > 0) {
        stdout.write("[preflight] The system verification failed. Printing the output from the verification:\n");
        stdout.write(reporter.text());
      }
      return { warnings, errors };
    },
  };
}
