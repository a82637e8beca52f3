/**
 * Printing files written into the dry-run directory the way upstream shows them:
 * `[dryrun] Would write file "<real path>" with content:` and the bytes verbatim.
 * Files that cannot be read are skipped and reported together afterwards.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { KubeadmError } from "../util/errors.js";
import { goErrnoText } from "../util/go-errno.js";

export interface FileToPrint {
  /** Where the file was written (inside the dry-run directory). */
  writtenPath: string;
  /** The path it would have had without dry-run. */
  printPath: string;
}

export interface TextSink {
  write(text: string): unknown;
}

/** Upstream PrintDryRunFiles: every readable file in order, then one aggregated error for the rest. */
export async function printDryRunFiles(files: readonly FileToPrint[], out: TextSink): Promise<void> {
  const errors: string[] = [];
  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(f.writtenPath);
    } catch (err) {
      errors.push(`open ${f.writtenPath}: ${goErrnoText(err)}`);
      continue;
    }
    out.write(`[dryrun] Would write file ${JSON.stringify(f.printPath.split(path.sep).join("/"))} with content:\n`);
    out.write(bytes.toString("utf8"));
  }
  if (errors.length === 1) throw new KubeadmError(errors[0]!);
  if (errors.length > 1) throw new KubeadmError(`[${errors.join(", ")}]`);
}

/** A file of the dry-run directory shown under its real directory. */
export function fileToPrint(fileName: string, writtenDir: string, realDir: string): FileToPrint {
  return { writtenPath: path.join(writtenDir, fileName), printPath: path.join(realDir, fileName) };
}
