import { buildStamps } from "../build-info.js";
import { KUBERNETES_VERSION } from "../constants.js";

/** Node's process.arch → Go's GOARCH. */
const GOARCH: Readonly<Record<string, string>> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64", loong64: "loong64" };

/**
 * client-go's default User-Agent (rest.DefaultKubernetesUserAgent):
 * "<command>/<version> (<os>/<arch>) kubernetes/<commit>", from what `kubeadm version` prints:
 * the version is gitVersion cut at the first "-", the commit is this build's gitCommit cut to 7
 * characters; either is "unknown" when empty (a kubeadm-ts run from source, with no build stamp).
 */
export function defaultUserAgent(options: { command?: string; version?: string; gitCommit?: string; platform?: string; arch?: string } = {}): string {
  const command = options.command || "kubeadm";
  const version = (options.version ?? KUBERNETES_VERSION).split("-", 1)[0] || "unknown";
  const gitCommit = options.gitCommit ?? buildStamps().KUBEADM_TS_GIT_COMMIT ?? "";
  const commit = gitCommit === "" ? "unknown" : gitCommit.slice(0, 7);
  const os = options.platform ?? process.platform;
  const archIn = options.arch ?? process.arch;
  const arch = GOARCH[archIn] ?? archIn;
  return `${command}/${version} (${os}/${arch}) kubernetes/${commit}`;
}
