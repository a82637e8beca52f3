import { KUBERNETES_VERSION } from "../constants.js";

/** Node's process.arch → Go's GOARCH. */
const GOARCH: Readonly<Record<string, string>> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64", loong64: "loong64" };

/**
 * client-go's default User-Agent: "<command>/<version> (<os>/<arch>) kubernetes/<commit>", with
 * the version cut at the first "-" and the commit cut to 7 characters ("unknown" when empty).
 */
export function defaultUserAgent(options: { command?: string; version?: string; gitCommit?: string; platform?: string; arch?: string } = {}): string {
  const command = options.command || "kubeadm";
  const version = (options.version ?? KUBERNETES_VERSION).split("-", 1)[0] || "unknown";
  const commit = options.gitCommit ? options.gitCommit.slice(0, 7) : "unknown";
  const os = options.platform ?? process.platform;
  const archIn = options.arch ?? process.arch;
  const arch = GOARCH[archIn] ?? archIn;
  return `${command}/${version} (${os}/${arch}) kubernetes/${commit}`;
}
