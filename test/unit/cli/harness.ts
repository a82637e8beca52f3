// Runs the CLI in-process and captures what it prints; also runs the upstream oracle binary
// (found through test/support/upstream.ts).
import { Writable } from "node:stream";
import { spawn, spawnSync } from "node:child_process";
import { runCli } from "../../../src/commands/index.js";

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

/** The environment upstream kubeadm runs with: PATH and HOME only. */
const upstreamEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" });

export function runUpstream(bin: string, args: string[]): CliResult {
  const r = spawnSync(bin, args, { cwd: "/tmp", encoding: "utf8", env: upstreamEnv() });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** runUpstream without blocking the event loop (for servers answering from this process). */
export function runUpstreamAsync(bin: string, args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const p = spawn(bin, args, { cwd: "/tmp", env: upstreamEnv() });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("close", (code) => done({ stdout, stderr, code: code ?? -1 }));
  });
}
