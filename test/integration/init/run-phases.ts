// Runs a sequence of kubeadm commands on one private node (one oracle namespace), through a
// small shell driver, and splits what each printed.
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TS_KUBEADM, UPSTREAM_KUBEADM, runKubeadm, type RunKubeadmOptions, type RunResult } from "../../lab/oracle/index.js";

const MARK = "=== kubeadm-phase-end rc=";

let driver: string | undefined;
function driverScript(): string {
  if (driver && existsSync(driver)) return driver;
  const dir = mkdtempSync(join(tmpdir(), "init-parity-"));
  driver = join(dir, "run-phases.sh");
  // $1 = kubeadm, $2 = config path, then one command per argument, words separated by spaces
  writeFileSync(
    driver,
    [
      "#!/bin/sh",
      'k="$1"; cfg="$2"; shift 2',
      'for cmd in "$@"; do',
      '  $k $cmd --config "$cfg"',
      `  echo "${MARK}$?"`,
      "done",
      "",
    ].join("\n"),
  );
  chmodSync(driver, 0o755);
  return driver;
}

export interface PhaseRun {
  result: RunResult;
  /** stdout of each command, in order. */
  stdout: string[];
  /** exit code of each command, in order. */
  codes: number[];
}

/** Runs `commands` (each an argv after the binary) with `bin` on one private node. */
export async function runCommands(
  bin: "upstream" | "ts",
  commands: string[][],
  opts: Omit<RunKubeadmOptions, "bin" | "args">,
): Promise<PhaseRun> {
  const kubeadm = bin === "upstream" ? UPSTREAM_KUBEADM : TS_KUBEADM;
  const result = await runKubeadm({
    ...opts,
    bin: driverScript(),
    args: [kubeadm, "{config}", ...commands.map((c) => c.join(" "))],
    timeoutMs: opts.timeoutMs ?? 240_000,
  });
  const parts = result.stdout.split(new RegExp(`${MARK}(\\d+)\\n`));
  const stdout: string[] = [];
  const codes: number[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    stdout.push(parts[i]!);
    codes.push(Number(parts[i + 1]));
  }
  return { result, stdout, codes };
}
