/** reset phase preflight: the confirmation prompt (unless --force or --dry-run), then the root check. */
import { KubeadmError } from "../../util/errors.js";
import type { ResetData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

/**
 * One line of standard input (without its newline); "" at end of input or on a read error. The
 * error listener stays: a later error of the paused stream (a terminal that went away) must not
 * be thrown as an unhandled 'error' event.
 */
export function readLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      stdin.off("data", onData);
      stdin.off("end", done);
      stdin.pause();
      resolve(buf.split("\n")[0]!.replace(/\r$/, ""));
    };
    const onData = (chunk: Buffer | string): void => {
      buf += chunk.toString();
      if (buf.includes("\n")) done();
    };
    stdin.on("data", onData);
    stdin.on("end", done);
    stdin.on("error", done);
    stdin.resume();
  });
}

export const preflightPhase: Phase<ResetData> = {
  name: "preflight",
  aliases: ["pre-flight"],
  short: "Run reset pre-flight checks",
  long: "Run pre-flight checks for kubeadm reset.",
  inheritFlags: ["dry-run", "force", "ignore-preflight-errors"],
  run,
};

async function run(data: ResetData): Promise<void> {
  if (!data.force && !data.dryRun) {
    data.log.warn("[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.", "preflight.go:55");
    data.out.write("[reset] Are you sure you want to proceed? [y/N]: ");
    // lower-cased but not trimmed, as upstream compares it
    const answer = (await readLine(data.stdin)).toLowerCase();
    if (answer !== "y" && answer !== "yes") {
      throw new KubeadmError("won't proceed; the user didn't answer (Y|y) in order to continue");
    }
  }
  data.out.write("[preflight] Running pre-flight checks\n");
  const pf = await import("../../preflight/index.js");
  await pf.runRootCheckOnly({ ignore: data.ignorePreflightErrors, stdout: data.out as never, stderr: data.stderr as never, logger: data.log });
}
