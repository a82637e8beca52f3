/**
 * Kubernetes versions: parsing and comparison with the semantics of
 * k8s.io/apimachinery/pkg/util/version, and resolution of kubeadm's version
 * labels (stable, latest-1.36, ci/latest, ...).
 *
 * Offline behaviour (decided for kubeadm-ts): a label is resolved the way
 * upstream does it — one HTTPS GET with a timeout — and on any failure the
 * local client version is used with upstream's two warnings. The fetcher is
 * injectable; the default one gives up after RELEASE_VERSION_FETCH_TIMEOUT_MS
 * (upstream waits 10 s; on an offline host the DNS lookup fails at once).
 */
import {
  CURRENT_KUBERNETES_VERSION,
  KUBERNETES_VERSION,
  MINIMUM_CONTROL_PLANE_VERSION,
  SUPPORTED_ETCD_VERSION,
  DEFAULT_ETCD_VERSION,
} from "../constants.js";

export class Version {
  readonly components: number[];
  readonly semver: boolean;
  readonly preRelease: string;
  readonly buildMetadata: string;

  constructor(components: number[], semver: boolean, preRelease = "", buildMetadata = "") {
    this.components = components;
    this.semver = semver;
    this.preRelease = preRelease;
    this.buildMetadata = buildMetadata;
  }

  get major(): number {
    return this.components[0]!;
  }
  get minor(): number {
    return this.components[1]!;
  }
  get patch(): number {
    return this.components[2] ?? 0;
  }

  /** Text without a leading "v" (as Go's Version.String). */
  toString(): string {
    let s = this.components.join(".");
    if (this.preRelease) s += `-${this.preRelease}`;
    if (this.buildMetadata) s += `+${this.buildMetadata}`;
    return s;
  }

  /** "v" + toString(). */
  withV(): string {
    return `v${this.toString()}`;
  }

  compare(other: Version): number {
    return compareVersions(this, other);
  }
  lessThan(other: Version): boolean {
    return compareVersions(this, other) < 0;
  }
  greaterThan(other: Version): boolean {
    return compareVersions(this, other) > 0;
  }
  atLeast(other: Version): boolean {
    return compareVersions(this, other) >= 0;
  }
  equal(other: Version): boolean {
    return compareVersions(this, other) === 0;
  }

  withPatch(patch: number): Version {
    return new Version([this.major, this.minor, patch], this.semver, this.preRelease, this.buildMetadata);
  }
  withPreRelease(pre: string): Version {
    if (!pre) return this;
    return new Version([this.major, this.minor, this.patch], this.semver, pre, this.buildMetadata);
  }
  withBuildMetadata(meta: string): Version {
    return new Version([this.major, this.minor, this.patch], this.semver, this.preRelease, meta);
  }
  /** major.minor only, minor shifted by `offset` (clamped at 0). */
  offsetMinor(offset: number): Version {
    const minor = offset >= 0 ? this.minor + offset : Math.max(0, -offset < this.minor ? this.minor + offset : 0);
    return new Version([this.major, minor], false);
  }
}

const VERSION_MATCH = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s;
const EXTRA_MATCH = /^(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\s*$/;

function parse(str: string, semver: boolean): Version {
  const m = VERSION_MATCH.exec(str);
  if (!m) throw new Error(`could not parse "${str}" as version`);
  const numbers = m[1]!;
  const extra = m[2] ?? "";
  const parts = numbers.split(".");
  if ((semver && parts.length !== 3) || (!semver && parts.length < 2)) {
    throw new Error(`illegal version string "${str}"`);
  }
  const components = parts.map((comp, i) => {
    if ((i === 0 || semver) && comp.startsWith("0") && comp !== "0") {
      throw new Error(`illegal zero-prefixed version component "${comp}" in "${str}"`);
    }
    // Go parses each component with strconv.ParseUint(comp, 10, 0)
    if (comp.length > 19 && BigInt(comp) > 0xffffffffffffffffn) {
      throw new Error(`illegal non-numeric version component "${comp}" in "${str}": strconv.ParseUint: parsing "${comp}": value out of range`);
    }
    return Number(comp);
  });
  let pre = "";
  let meta = "";
  if (semver && extra !== "") {
    const e = EXTRA_MATCH.exec(extra);
    if (!e) throw new Error(`could not parse pre-release/metadata (${extra}) in version "${str}"`);
    pre = e[1] ?? "";
    meta = e[2] ?? "";
    for (const comp of pre.split(".")) {
      if (/^[0-9]+$/.test(comp) && comp.startsWith("0") && comp !== "0") {
        throw new Error(`illegal zero-prefixed version component "${comp}" in "${str}"`);
      }
    }
  }
  return new Version(components, semver, pre, meta);
}

/** Strict semver "X.Y.Z[-pre][+meta]" with optional "v" (Go: ParseSemantic). Throws. */
export function parseSemantic(str: string): Version {
  return parse(str, true);
}

/** "X.Y[.Z...]" with anything after ignored (Go: ParseGeneric). Throws. */
export function parseGeneric(str: string): Version {
  return parse(str, false);
}

/** Semantic first, generic as fallback (Go: version.Parse). Throws. */
export function parseVersion(str: string): Version {
  try {
    return parse(str, true);
  } catch {
    return parse(str, false);
  }
}

export function compareVersions(a: Version, b: Version): number {
  const n = Math.min(a.components.length, b.components.length);
  for (let i = 0; i < n; i++) {
    if (a.components[i]! !== b.components[i]!) return a.components[i]! > b.components[i]! ? 1 : -1;
  }
  if (a.components.slice(n).some((c) => c !== 0)) return 1;
  if (b.components.slice(n).some((c) => c !== 0)) return -1;
  if (!a.semver || !b.semver) return 0;
  if (a.preRelease === b.preRelease) return 0;
  if (a.preRelease === "") return 1;
  if (b.preRelease === "") return -1;
  const ap = a.preRelease.split(".");
  const bp = b.preRelease.split(".");
  for (let i = 0; i < ap.length && i < bp.length; i++) {
    const an = /^[0-9]+$/.test(ap[i]!);
    const bn = /^[0-9]+$/.test(bp[i]!);
    if (an && bn) {
      const x = BigInt(ap[i]!);
      const y = BigInt(bp[i]!);
      if (x !== y) return x > y ? 1 : -1;
      continue;
    }
    if (ap[i]! !== bp[i]!) return ap[i]! > bp[i]! ? 1 : -1;
  }
  if (ap.length !== bp.length) return ap.length > bp.length ? 1 : -1;
  return 0;
}

// ── kubeadm's version helpers (cmd/kubeadm/app/util/version.go) ────────────

export const KUBE_RELEASE_BUCKET_URL = "https://dl.k8s.io";
export const KUBE_CI_BUCKET_URL = "https://storage.googleapis.com/k8s-release-dev";
/** Upstream's timeout for fetching a label. */
export const RELEASE_VERSION_FETCH_TIMEOUT_MS = 10_000;

const KUBE_RELEASE_REGEX = /^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)([-\w.+]*)?$/;
const KUBE_RELEASE_LABEL_REGEX = /^((latest|stable)+(-[1-9](\.[1-9]([0-9])?)?)?)$/;
const KUBE_BUCKET_PREFIXES = /^((release|ci)\/)?([-\w.+]+)$/;

/** Fetches a URL's body (trimmed); rejects with upstream-like messages. */
export type VersionFetcher = (url: string, timeoutMs: number) => Promise<string>;

export interface ResolveVersionOptions {
  fetcher?: VersionFetcher;
  /** Receives warnings (upstream logs them with klog.Warningf). */
  warn?: (msg: string) => void;
  /** Receives info lines (upstream klog.Infof). */
  info?: (msg: string) => void;
  /** The kubeadm build version (default: the pinned KUBERNETES_VERSION). */
  kubeadmVersion?: string;
}

/** An exact version with a leading "v", or "" if `version` is not one. */
export function normalizedBuildVersion(version: string): string {
  if (KUBE_RELEASE_REGEX.test(version)) return version.startsWith("v") ? version : `v${version}`;
  return "";
}

/** True for "ci/..." versions. */
export function isCIVersion(version: string): boolean {
  const m = KUBE_BUCKET_PREFIXES.exec(version);
  return m !== null && (m[2] ?? "").startsWith("ci");
}

function splitVersion(version: string): { bucketURL: string; label: string } {
  const m = KUBE_BUCKET_PREFIXES.exec(version);
  if (!m) throw new Error(`invalid version "${version}"`);
  const ci = (m[2] ?? "").startsWith("ci");
  const bucket = ci ? `${KUBE_CI_BUCKET_URL}/${m[2]}` : `${KUBE_RELEASE_BUCKET_URL}/release`;
  return { bucketURL: bucket, label: m[3]! };
}

/**
 * The version a label falls back to offline (Go: kubeadmVersion): a pre-release
 * build with patch > 0 becomes vX.Y.(Z-1); with patch 0 its pre-release is cut
 * to two parts ("alpha.1.12" → "alpha.1", "alpha" → "alpha.0").
 */
export function kubeadmClientVersion(info: string): string {
  let v: Version;
  try {
    v = parseSemantic(info);
  } catch (err) {
    throw new Error(`kubeadm version error: ${(err as Error).message}`);
  }
  let pre = v.preRelease;
  let patch = v.patch;
  if (pre.length > 0) {
    if (patch > 0) {
      patch -= 1;
      pre = "";
    } else {
      const split = pre.split(".");
      if (split.length > 2) pre = `${split[0]}.${split[1]}`;
      else if (split.length < 2) pre = `${split[0]}.0`;
      pre = `-${pre}`;
    }
  }
  return `v${v.major}.${v.minor}.${patch}${pre}`;
}

/**
 * Resolves a kubernetesVersion value (exact version, label, release/ or ci/
 * prefixed) to an exact version with a leading "v" (Go: KubernetesReleaseVersion).
 */
export async function kubernetesReleaseVersion(version: string, opts: ResolveVersionOptions = {}): Promise<string> {
  const fetcher = opts.fetcher ?? fetchFromURL;
  const warn = opts.warn ?? (() => undefined);
  const info = opts.info ?? (() => undefined);
  const resolve = async (v: string, depth: number): Promise<string> => {
    if (depth > 8) throw new Error(`version "${v}" could not be resolved`);
    let ver = normalizedBuildVersion(v);
    if (ver) return ver;
    const { bucketURL, label } = splitVersion(v);
    ver = normalizedBuildVersion(label);
    if (ver) return ver;
    if (!KUBE_RELEASE_LABEL_REGEX.test(label)) {
      throw new Error(`version "${v}" doesn't match patterns for neither semantic version nor labels (stable, latest, ...)`);
    }
    let clientVersion = "";
    let clientErr = false;
    try {
      clientVersion = kubeadmClientVersion(opts.kubeadmVersion ?? KUBERNETES_VERSION);
    } catch {
      clientErr = true;
    }
    const url = `${bucketURL}/${label}.txt`;
    let body = "";
    let fetchErr: Error | null = null;
    try {
      body = await fetcher(url, RELEASE_VERSION_FETCH_TIMEOUT_MS);
    } catch (err) {
      fetchErr = err as Error;
    }
    if (fetchErr && !clientErr) {
      warn(`could not fetch a Kubernetes version from the internet: ${fetchErr.message}`);
      warn(`falling back to the local client version: ${clientVersion}`);
      return resolve(clientVersion, depth + 1);
    }
    if (clientErr) {
      if (fetchErr) {
        warn(`could not obtain neither client nor remote version; fall back to: ${CURRENT_KUBERNETES_VERSION.slice(1)}`);
        return resolve(CURRENT_KUBERNETES_VERSION, depth + 1);
      }
      warn(`could not obtain client version; using remote version: ${body}`);
      return resolve(body, depth + 1);
    }
    return resolve(validateStableVersion(body, clientVersion, info), depth + 1);
  };
  return resolve(version, 0);
}

function validateStableVersion(remote: string, client: string, info: (m: string) => void): string {
  let r: Version;
  let c: Version;
  try {
    r = parseGeneric(remote);
  } catch (err) {
    throw new Error(`remote version error: ${(err as Error).message}`);
  }
  try {
    c = parseGeneric(client);
  } catch (err) {
    throw new Error(`client version error: ${(err as Error).message}`);
  }
  if (c.major < r.major || (c.major === r.major && c.minor < r.minor)) {
    const estimated = `stable-${c.major}.${c.minor}`;
    info(`remote version is much newer: ${remote}; falling back to: ${estimated}`);
    return estimated;
  }
  return remote;
}

/**
 * The default fetcher: one GET with a timeout, trusting the operating system's CA store as Go
 * does (src/host/fetch-url.ts, loaded on first use); messages shaped like upstream's.
 */
export async function fetchFromURL(url: string, timeoutMs: number): Promise<string> {
  const { fetchURL } = await import("../host/fetch-url.js");
  let res;
  try {
    res = await fetchURL(url, timeoutMs);
  } catch (err) {
    throw new Error(`unable to get URL "${url}": ${(err as Error).message}`);
  }
  if (res.status !== 200) {
    throw new Error(`unable to fetch file. URL: "${url}", status: ${res.statusText}`);
  }
  return res.body.trim();
}

/** Replaces characters that are not allowed in an image tag with "_" (Go: KubernetesVersionToImageTag). */
export function kubernetesVersionToImageTag(version: string): string {
  return version.replace(/[^-\w.]/g, "_");
}

/**
 * The etcd version for a Kubernetes version (Go: EtcdSupportedVersion): the
 * table entry of its minor; outside the table the nearest entry plus a
 * warning. Throws when `kubernetesVersion` is not strict semver.
 */
export function etcdSupportedVersion(kubernetesVersion: string): { etcdVersion: string; warning?: string } {
  const v = parseSemantic(kubernetesVersion);
  const table = SUPPORTED_ETCD_VERSION;
  const exact = table[v.minor];
  if (exact !== undefined) return { etcdVersion: parseSemantic(exact).toString() };
  const minors = Object.keys(table).map(Number).sort((a, b) => a - b);
  const nearest = v.minor < minors[0]! ? minors[0]! : minors[minors.length - 1]!;
  const etcd = table[nearest]!;
  return {
    etcdVersion: parseSemantic(etcd).toString(),
    warning: `could not find officially supported version of etcd for Kubernetes ${kubernetesVersion}, falling back to the nearest etcd version (${etcd})`,
  };
}

/** The etcd image tag for a Kubernetes version; DEFAULT_ETCD_VERSION when unparsable (Go: GetEtcdImageTag minus the user tag). */
export function etcdImageTagForKubernetes(kubernetesVersion: string, warn: (msg: string) => void = () => undefined): string {
  try {
    const r = etcdSupportedVersion(kubernetesVersion);
    if (r.warning) warn(r.warning);
    return r.etcdVersion;
  } catch {
    return DEFAULT_ETCD_VERSION;
  }
}

/** MINIMUM_CONTROL_PLANE_VERSION parsed. */
export function minimumControlPlaneVersion(): Version {
  return parseSemantic(MINIMUM_CONTROL_PLANE_VERSION);
}

/** CURRENT_KUBERNETES_VERSION parsed. */
export function currentKubernetesVersion(): Version {
  return parseSemantic(CURRENT_KUBERNETES_VERSION);
}
