/**
 * --rootfs: upstream chroots into the path before running any command. Node.js
 * has no chroot(2), so kubeadm-ts accepts only a path that resolves to "/"
 * (a no-op) and otherwise fails before doing anything, naming the flag and the
 * way out (run kubeadm-ts inside that root, e.g. with chroot(8)).
 */
import { realpath, stat } from "node:fs/promises";
import { KubeadmError } from "../util/errors.js";
import { goErrnoText } from "../util/go-errno.js";

export async function applyRootfs(path: string): Promise<void> {
  if (path === "") return;
  let real: string;
  try {
    real = await realpath(path);
    if (!(await stat(real)).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
  } catch (err) {
    throw new KubeadmError(`unable to chroot to ${path}: ${goErrnoText(err)}`);
  }
  if (real === "/") return;
  throw new KubeadmError(
    `unable to chroot to ${path}: --rootfs is not supported by kubeadm-ts (Node.js cannot chroot); ` +
      `run kubeadm-ts inside that root filesystem instead (for example "chroot ${path} kubeadm ..."), or omit --rootfs`,
  );
}
