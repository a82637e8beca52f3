/**
 * Upstream's GetDryRunDir: where a dry run writes the files it would create — the directory the
 * KUBEADM_<CMD>_DRYRUN_DIR variable names, else a fresh /etc/kubernetes/tmp/kubeadm-<cmd>-dryrun<random>
 * (0700), announced with upstream's warning.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { ConfigLogger } from "../util/log.js";
import { DRYRUN_DIR_PREFIX, DRYRUN_ENV, KUBERNETES_DIR, MODE_PRIVATE_DIR, TEMP_SUBDIR } from "../constants.js";
import { KubeadmError } from "../util/errors.js";

// the commands word the failure differently upstream
const FAILURE: Record<keyof typeof DRYRUN_ENV, string> = {
  init: "could not create a temporary directory on dryrun",
  join: "couldn't create a temporary directory on dryrun",
  upgrade: "could not create a temporary directory on dryrun",
};

/** os.MkdirTemp: `<parent>/<prefix><random uint32 in decimal>`, another number while the name is taken. */
async function mkdirTemp(parent: string, prefix: string): Promise<string> {
  for (let i = 0; ; i++) {
    const dir = path.join(parent, `${prefix}${Math.floor(Math.random() * 4294967296)}`);
    try {
      await fs.mkdir(dir, { mode: MODE_PRIVATE_DIR });
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || i >= 10_000) throw err;
    }
  }
}

export async function dryRunDirectory(
  kind: keyof typeof DRYRUN_ENV,
  env: Readonly<Record<string, string | undefined>>,
  log: ConfigLogger,
  /** The generated folder's name prefix (upgrade apply and node each have theirs). */
  prefix: string = DRYRUN_DIR_PREFIX[kind],
): Promise<string> {
  const fromEnv = env[DRYRUN_ENV[kind]];
  if (fromEnv) return fromEnv;
  const parent = path.join(KUBERNETES_DIR, TEMP_SUBDIR);
  try {
    await fs.mkdir(parent, { recursive: true, mode: MODE_PRIVATE_DIR });
    const dir = await mkdirTemp(parent, prefix);
    await fs.chmod(dir, MODE_PRIVATE_DIR);
    log.warn(`Using dry-run directory ${dir}. To override it, set the environment variable ${DRYRUN_ENV[kind]}`, "constants.go:627");
    return dir;
  } catch (err) {
    throw new KubeadmError(`${FAILURE[kind]}: ${(err as Error).message}`, 1, { cause: err });
  }
}
