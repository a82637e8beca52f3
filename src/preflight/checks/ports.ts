/**
 * Port-<n>: nothing may listen on TCP <address>:<n> (checked by listening on it and closing at
 * once); without an address on every address (":<n>"), as upstream's PortOpenCheck.
 */
import { failure, ok, type Checker } from "../checker.js";

export function portOpenCheck(port: number, label?: string, address = ""): Checker {
  return {
    name: label || `Port-${port}`,
    check: async ({ facts }) => ((await facts.portInUse(port, address)) ? failure(`Port ${port} is in use`) : ok()),
  };
}
