/** Who runs kubeadm and how big the node is: IsPrivilegedUser, NumCPU, Mem. */
import { failure, ok, type Checker } from "../checker.js";

/** Effective UID must be 0. */
export function isPrivilegedUserCheck(): Checker {
  return {
    name: "IsPrivilegedUser",
    check: async ({ facts }) => (facts.euid() !== 0 ? failure("user is not running as root") : ok()),
  };
}

export function numCPUCheck(required: number): Checker {
  return {
    name: "NumCPU",
    async check({ facts }) {
      const n = facts.numCPU();
      return n < required ? failure(`the number of available CPUs ${n} is less than the required ${required}`) : ok();
    },
  };
}

/** Total RAM in MiB (truncated) must reach `requiredMB`. */
export function memCheck(requiredMB: number): Checker {
  return {
    name: "Mem",
    async check({ facts }) {
      const actual = Math.floor(facts.totalMemoryBytes() / 1024 / 1024);
      return actual < requiredMB ? failure(`the system RAM (${actual} MB) is less than the minimum ${requiredMB} MB`) : ok();
    },
  };
}
