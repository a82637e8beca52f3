/** Service-<name> (enabled, optionally active) and Firewalld (active → warn about ports). */
import type { InitSystem } from "../../host/initsystem.js";
import { ok, warning, type CheckContext, type Checker, type CheckResult } from "../checker.js";

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A check on the host's init system; when none can be found, its error is the check's only warning. */
const withInitSystem =
  (fn: (init: InitSystem) => Promise<CheckResult>) =>
  async ({ facts }: CheckContext): Promise<CheckResult> => {
    let init;
    try {
      init = await facts.initSystem();
    } catch (err) {
      return warning(msg(err));
    }
    return fn(init);
  };

export function serviceCheck(service: string, opts: { checkIfActive?: boolean; label?: string } = {}): Checker {
  return {
    name: opts.label || `Service-${service}`,
    check: withInitSystem(async (init) => {
      if (!(await init.serviceExists(service))) return warning(`${service} service does not exist`);
      const res: CheckResult = ok();
      if (!(await init.serviceIsEnabled(service))) {
        res.warnings.push(`${service} service is not enabled, please run '${init.enableCommand(service)}'`);
      }
      if (opts.checkIfActive && !(await init.serviceIsActive(service))) {
        res.errors.push(`${service} service is not active, please run 'systemctl start ${service}.service'`);
      }
      return res;
    }),
  };
}

/** Go's %v of an []int: "[6443 10250]". */
export function firewalldCheck(ports: number[]): Checker {
  return {
    name: "Firewalld",
    check: withInitSystem(async (init) => {
      if (!(await init.serviceExists("firewalld"))) return ok();
      if (await init.serviceIsActive("firewalld")) {
        return warning(`firewalld is active, please ensure ports [${ports.join(" ")}] are open or your cluster may not function correctly`);
      }
      return ok();
    }),
  };
}
