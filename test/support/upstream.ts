// The upstream peers the tests compare with: binaries, images and Go source that
// `npm run lab:build` puts under ~/.cache/kubeadm-ts (paths from test/lab/oracle, one place).
// `npm test` builds them before vitest runs, so a missing one is a setup defect: every test that
// claims parity FAILS naming what is missing and how to fix it; none is skipped, and none falls
// back to a weaker check (committed goldens are compared in addition to upstream, never instead).
// `npm run test:quick` leaves the files that reach the oracle out of the run (vitest.config.ts).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  KUBERNETES_VERSION,
  LAB_DIR,
  PREVIOUS_KUBERNETES_VERSION,
  PREVIOUS_UPSTREAM_BIN_DIR,
  UPSTREAM_BIN_DIR,
  UPSTREAM_KUBEADM,
  upstreamKubeadmReady,
} from "../lab/oracle/run.js";

export { KUBERNETES_VERSION, PREVIOUS_KUBERNETES_VERSION, UPSTREAM_BIN_DIR, UPSTREAM_KUBEADM };

/** The command that builds every upstream peer. */
export const LAB_BUILD = "npm run lab:build";

/** ~/.cache/kubeadm-ts (KUBEADM_TS_CACHE overrides it, as in test/lab/scripts/lib.sh). */
const CACHE_DIR = dirname(dirname(dirname(UPSTREAM_BIN_DIR)));
/** Image tarballs built by `npm run lab:build` (pause.tar, ...). */
export const UPSTREAM_IMAGES_DIR = join(dirname(UPSTREAM_BIN_DIR), "images");
/** The lab's Go module cache, which holds the pinned k8s.io/kubernetes source. */
export const UPSTREAM_GOMODCACHE = process.env.GOMODCACHE_LAB ?? join(CACHE_DIR, "go", "mod");

export type UpstreamBinary =
  | "kubeadm"
  | "kubectl"
  | "kube-apiserver"
  | "kube-controller-manager"
  | "kube-scheduler"
  | "kubelet"
  | "kube-proxy"
  | "etcd"
  | "etcdctl"
  | "coredns"
  | "pause";

/** Where a binary is; KUBEADM_UPSTREAM points at another upstream kubeadm. */
export function upstreamPath(name: UpstreamBinary): string {
  if (name === "kubeadm") return process.env.KUBEADM_UPSTREAM ?? UPSTREAM_KUBEADM;
  return join(UPSTREAM_BIN_DIR, name);
}

/** kubeadm counts once the build wrote its ready marker; the others once the file is there. */
function ready(name: UpstreamBinary): boolean {
  if (name === "kubeadm" && !process.env.KUBEADM_UPSTREAM) return upstreamKubeadmReady();
  return existsSync(upstreamPath(name));
}

function missing(what: string, path: string, fix = `run \`${LAB_BUILD}\``): Error {
  return new Error(`${what} is missing at ${path}: ${fix}`);
}

/** The path of an upstream binary; throws naming it and `npm run lab:build` when it is not built. */
export function requireUpstream(name: UpstreamBinary): string {
  if (!ready(name)) throw missing(`upstream ${name} ${KUBERNETES_VERSION}`, upstreamPath(name));
  return upstreamPath(name);
}

/** requireUpstream for several binaries at once, in order. */
export function requireUpstreams(...names: UpstreamBinary[]): string[] {
  return names.map(requireUpstream);
}

/** Upstream kubeadm of the previous minor (the lab builds both version sets); throws like requireUpstream. */
export function requirePreviousUpstreamKubeadm(): string {
  const p = join(PREVIOUS_UPSTREAM_BIN_DIR, "kubeadm");
  if (!existsSync(join(PREVIOUS_UPSTREAM_BIN_DIR, ".kubeadm-ready")) || !existsSync(p)) throw missing(`upstream kubeadm ${PREVIOUS_KUBERNETES_VERSION}`, p);
  return p;
}

/** Tests that run kubeadm in mount namespaces (the oracle's runKubeadm, update.sh): throws unless root. */
export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) throw new Error(`${what} needs root (it runs kubeadm in private mount namespaces): run the tests as root, as \`npm test\` does`);
}

/** An image tarball of the lab, e.g. "pause" → …/images/pause.tar; throws when it is not built. */
export function requireUpstreamImage(name: string): string {
  const p = join(UPSTREAM_IMAGES_DIR, `${name}.tar`);
  if (!existsSync(p)) throw missing(`image ${name}.tar`, p);
  return p;
}

/** A file of the pinned k8s.io/kubernetes source, e.g. "cmd/kubeadm/app/phases/kubelet/kubelet.go". */
export function requireUpstreamSource(rel: string): string {
  const p = join(UPSTREAM_GOMODCACHE, "k8s.io", `kubernetes@${KUBERNETES_VERSION}`, rel);
  if (!existsSync(p)) {
    throw missing(
      `upstream source ${rel}`,
      p,
      `run \`${LAB_BUILD}\` (it downloads k8s.io/kubernetes@${KUBERNETES_VERSION} there) or \`cd test/lab/go/kubernetes && GOMODCACHE=${UPSTREAM_GOMODCACHE} go mod download k8s.io/kubernetes\``,
    );
  }
  return p;
}

/**
 * A file of a staging module the pinned k8s.io/kubernetes builds with (e.g. "k8s.io/cri-client",
 * "pkg/remote_image.go"), at the version the lab's go.mod replaces it with.
 */
export function requireUpstreamModuleSource(module: string, rel: string): string {
  const goMod = join(LAB_DIR, "go", KUBERNETES_VERSION, "kubernetes", "go.mod");
  const esc = module.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^\\s*${esc} => ${esc} (v\\S+)`, "m").exec(readFileSync(goMod, "utf8"));
  if (!m) throw new Error(`${goMod} does not replace ${module}`);
  const p = join(UPSTREAM_GOMODCACHE, `${module}@${m[1]}`, rel);
  if (!existsSync(p)) throw missing(`upstream source ${module}@${m[1]}/${rel}`, p);
  return p;
}
