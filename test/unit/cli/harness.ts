// Runs the CLI in-process and captures what it prints; also finds the upstream oracle binary.
import { Writable } from "node:stream";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../../src/cli/run.js";

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(args, { stdout, stderr, env });
  return { stdout: stdout.text, stderr: stderr.text, code };
}

const UPSTREAM_DIR = join(homedir(), ".cache/kubeadm-ts/upstream/v1.36.3/bin");
export const UPSTREAM_BIN = process.env.KUBEADM_UPSTREAM ?? join(UPSTREAM_DIR, "kubeadm");

/** The upstream binary when it is ready; fails loudly if it is required but missing. */
export function upstreamBinary(): string | undefined {
  const ready = process.env.KUBEADM_UPSTREAM ? existsSync(UPSTREAM_BIN) : existsSync(join(UPSTREAM_DIR, ".kubeadm-ready")) && existsSync(UPSTREAM_BIN);
  if (ready) return UPSTREAM_BIN;
  if (process.env.KUBEADM_TS_REQUIRE_UPSTREAM === "1") {
    throw new Error(`KUBEADM_TS_REQUIRE_UPSTREAM=1 but the upstream kubeadm binary is missing at ${UPSTREAM_BIN}`);
  }
  return undefined;
}

export function runUpstream(bin: string, args: string[]): CliResult {
  const r = spawnSync(bin, args, { cwd: "/tmp", encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
