/** Swap: a warning when /proc/swaps lists any swap area (more than its header line). */
import { ok, warning, type Checker } from "../checker.js";

export function swapCheck(): Checker {
  return {
    name: "Swap",
    async check({ facts }) {
      let text: string;
      try {
        text = (await facts.readFile("/proc/swaps")).toString("utf8");
      } catch {
        return ok(); // nothing to warn about without /proc/swaps
      }
      const lines = text.split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      if (lines.length > 1) {
        return warning(
          "swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. " +
            "Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node",
        );
      }
      return ok();
    },
  };
}
