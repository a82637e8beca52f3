/** Service-<name> (enabled, optionally active) and Firewalld (active → warn about ports). */
import { ok, type Checker, type CheckResult } from "../checker.js";

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function serviceCheck(service: string, opts: { checkIfActive?: boolean; label?: string } = {}): Checker {
  return {
    name: opts.label || `Service-${service}`,
    async check({ facts }) {
      let init;
      try {
        init = await facts.initSystem();
      } catch (err) {
        return { warnings: [msg(err)], errors: [] };
      }
      if (!(await init.serviceExists(service))) return { warnings: [`${service} service does not exist`], errors: [] };
      const res: CheckResult = ok();
      if (!(await init.serviceIsEnabled(service))) {
        res.warnings.push(`${service} service is not enabled, please run '${init.enableCommand(service)}'`);
      }
      if (opts.checkIfActive && !(await init.serviceIsActive(service))) {
        res.errors.push(`${service} service is not active, please run 'systemctl start ${service}.service'`);
      }
      return res;
    },
  };
}

/** Go's %v of an []int: "[6443 10250]". */
export function firewalldCheck(ports: number[]): Checker {
  return {
    name: "Firewalld",
    async check({ facts }) {
      let init;
      try {
        init = await facts.initSystem();
      } catch (err) {
        return { warnings: [msg(err)], errors: [] };
      }
      if (!(await init.serviceExists("firewalld"))) return ok();
      if (await init.serviceIsActive("firewalld")) {
        return {
          warnings: [`firewalld is active, please ensure ports [${ports.join(" ")}] are open or your cluster may not function correctly`],
          errors: [],
        };
      }
      return ok();
    },
  };
}
