/** Port-<n>: nothing may listen on TCP :<n> (checked by listening on it and closing at once). */
import { failure, ok, type Checker } from "../checker.js";

export function portOpenCheck(port: number, label?: string): Checker {
  return {
    name: label || `Port-${port}`,
    check: async ({ facts }) => ((await facts.portInUse(port)) ? failure(`Port ${port} is in use`) : ok()),
  };
}
