/**
 * The certificates directory of a run: where existing certificates and keys are read from and
 * where new ones are written (the dry-run directory when dry-running, so a dry run never
 * touches the real PKI). One answer for init, join, reset, certs and upgrade.
 */
import { DEFAULT_CERTIFICATES_DIR } from "../constants.js";

export interface CertificatesDir {
  /** Where existing certificates and keys are looked for. */
  readonly dir: string;
  /** Where new files go: `dir`, or the dry-run directory. */
  readonly writeDir: string;
}

/**
 * `--cert-dir` when the command line set it (even to ""), else the first non-empty configured value (in
 * the command's precedence order, e.g. ResetConfiguration before the cluster's
 * ClusterConfiguration), else kubeadm's default; writes go to `dryRunDir` when it is set.
 */
export function certificatesDir(o: { flag?: string | undefined; configured?: ReadonlyArray<string | undefined>; dryRunDir?: string }): CertificatesDir {
  const dir = o.flag !== undefined ? o.flag : (o.configured ?? []).find((d) => d !== undefined && d !== "") ?? DEFAULT_CERTIFICATES_DIR;
  return { dir, writeDir: o.dryRunDir ? o.dryRunDir : dir };
}
