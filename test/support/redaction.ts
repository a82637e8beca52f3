// What src/util/redact.ts does to upstream's dry-run text: the values of a printed Secret's data
// and stringData become REDACTED, and so does the certificate key a dry run prints. The offline
// comparison with upstream's goldens (test/unit/cluster/golden.test.ts) applies it to upstream's
// side; the live comparisons list the lines instead (test/support/known-differences.mjs).
import { REDACTED } from "../../src/util/redact.js";

/** Upstream's dry-run stdout as kubeadm-ts prints it (top-level Secrets and the certificate key line). */
export function redactDryRunText(text: string): string {
  const blocks = text.split("[dryrun] Attached object:\n");
  const out = [blocks[0]!];
  for (const block of blocks.slice(1)) {
    const end = block.indexOf("\n\n");
    const yaml = end < 0 ? block : block.slice(0, end + 1);
    const rest = end < 0 ? "" : block.slice(end + 1);
    if (!/^kind: Secret$/m.test(yaml)) {
      out.push(block);
      continue;
    }
    let inData = false;
    const lines = yaml.split("\n").map((line) => {
      if (/^(data|stringData):$/.test(line)) {
        inData = true;
        return line;
      }
      if (!line.startsWith("  ")) inData = false;
      return inData ? line.replace(/^(  [^:]+: ).*$/, `$1${REDACTED}`) : line;
    });
    out.push(lines.join("\n") + rest);
  }
  return out.join("[dryrun] Attached object:\n").replace(/^(\[upload-certs\] Using certificate key:\n)[0-9a-f]{64}$/m, `$1${REDACTED}`);
}
