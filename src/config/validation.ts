/**
 * Validation of the internal configuration with upstream's field errors
 * (apis/kubeadm/validation): `<path>: Invalid value: <value>: <detail>`,
 * aggregated as `[e1, e2]` when there are several. Paths use dots, list
 * indices included as `.0` (as upstream writes them).
 */
import {
  CERTIFICATE_KEY_SIZE,
  CA_CERTIFICATE_VALIDITY_MS,
  CERTIFICATE_VALIDITY_MS,
  CONTAINER_RUNTIME_URL_SCHEME,
  DEFAULT_NODE_CIDR_MASK_IPV4,
  DEFAULT_NODE_CIDR_MASK_IPV6,
  MAXIMUM_BITS_FOR_SERVICE_SUBNET,
  MINIMUM_ADDRESSES_IN_POD_SUBNET,
  MINIMUM_ADDRESSES_IN_SERVICE_SUBNET,
  POD_SUBNET_NODE_MASK_MAX_DIFF,
} from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import {
  type IPNet,
  cidrContains,
  formatCIDR,
  isDualStackCIDRs,
  isIPv6,
  parseCIDR,
  parseCIDRs,
  parseIP,
  rangeSize,
  splitHostPort,
} from "../util/net.js";
import { formatDurationMs as formatDuration } from "../util/duration.js";
import { INIT_FEATURE_GATES } from "./features.js";
import type {
  APIEndpoint,
  Arg,
  BootstrapToken,
  ClusterConfiguration,
  Discovery,
  Etcd,
  InitConfiguration,
  JoinConfiguration,
  NodeRegistrationOptions,
  ResetConfiguration,
  UpgradeConfiguration,
} from "./types.js";

/** One field error. `value` undefined = Required (no value shown). */
export interface FieldError {
  path: string;
  type: "Invalid value" | "Required value";
  value?: unknown;
  detail: string;
}

/** Renders a value as apimachinery's ErrorBody does (%q for strings, %v numbers/bools, JSON otherwise). */
function renderValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export function fieldErrorString(e: FieldError): string {
  if (e.type === "Required value") return `${e.path}: Required value${e.detail ? `: ${e.detail}` : ""}`;
  return `${e.path}: Invalid value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ""}`;
}

/** ErrorList.ToAggregate: de-duplicated messages, `[a, b]` for several. Null when empty. */
export function aggregateFieldErrors(errs: FieldError[]): string | null {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const s = fieldErrorString(e);
    if (!seen.has(s)) {
      seen.add(s);
      msgs.push(s);
    }
  }
  if (msgs.length === 0) return null;
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(", ")}]`;
}

/** Throws a KubeadmError (exit 1, as upstream v1.36) when there are errors. */
export function throwIfErrors(errs: FieldError[]): void {
  const msg = aggregateFieldErrors(errs);
  if (msg !== null) throw new KubeadmError(msg);
}

const invalid = (path: string, value: unknown, detail: string): FieldError => ({ path, type: "Invalid value", value, detail });
const required = (path: string, detail: string): FieldError => ({ path, type: "Required value", detail });

// ── small validators shared with other areas ───────────────────────────────

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const WILDCARD_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_RE = new RegExp(`^${WILDCARD_FMT}$`);

/** validation.IsDNS1123Subdomain: list of problems. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FMT}')`,
    );
  }
  return errs;
}

/** validation.IsWildcardDNS1123Subdomain. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push("must be no more than 253 characters");
  if (!WILDCARD_RE.test(value)) {
    errs.push(
      `a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '${WILDCARD_FMT}')`,
    );
  }
  return errs;
}

/** A subset of Go's url.Parse: the scheme, or Go's error text. */
export function goParseURL(raw: string): { scheme: string; rest: string } {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error(`parse ${JSON.stringify(raw)}: net/url: invalid control character in URL`);
  let scheme = "";
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new Error(`parse ${JSON.stringify(raw)}: missing protocol scheme`);
      scheme = raw.slice(0, i).toLowerCase();
      rest = raw.slice(i + 1);
    }
    break;
  }
  if (!scheme) {
    const firstSlash = rest.indexOf("/");
    const seg = firstSlash < 0 ? rest : rest.slice(0, firstSlash);
    if (seg.includes(":")) throw new Error(`parse ${JSON.stringify(raw)}: first path segment in URL cannot contain colon`);
  }
  return { scheme, rest };
}

/** kubeadmutil.ParsePort: 1..65535. */
export function parsePort(port: string): number {
  if (/^[0-9]+$/.test(port)) {
    const n = Number(port);
    if (n >= 1 && n <= 65535) return n;
  }
  throw new Error("port must be a valid number between 1 and 65535, inclusive");
}

/** kubeadmutil.ParseHostPort: "host[:port]" where host is an IP or a DNS-1123 subdomain. */
export function parseHostPort(hostport: string): { host: string; port: string } {
  let host = hostport;
  let port = "";
  try {
    ({ host, port } = splitHostPort(hostport));
  } catch {
    host = hostport;
    port = "";
  }
  if (port !== "") {
    try {
      parsePort(port);
    } catch {
      throw new Error(`hostport ${hostport}: port ${port} must be a valid number between 1 and 65535, inclusive`);
    }
  }
  if (parseIP(host)) return { host, port };
  if (isDNS1123Subdomain(host).length === 0) return { host, port };
  throw new Error(`hostport ${hostport}: host '${host}' must be a valid IP address or a valid RFC-1123 DNS subdomain`);
}

const isAbs = (p: string): boolean => p.startsWith("/");

// ── kubeadm validators ─────────────────────────────────────────────────────

export function validateAbsolutePath(p: string, path: string): FieldError[] {
  return isAbs(p) ? [] : [invalid(path, p, "path is not absolute")];
}

export function validateExtraArgs(args: Arg[], path: string): FieldError[] {
  const out: FieldError[] = [];
  args.forEach((a, i) => {
    if (a.name.length === 0) out.push(invalid(path, `index ${i}`, "argument has no name"));
    if (a.mergeMethod !== undefined && a.mergeMethod !== "" && a.mergeMethod !== "append" && a.mergeMethod !== "prepend") {
      out.push(invalid(path, `index ${i}`, "argument has an invalid merge method"));
    }
  });
  return out;
}

export function validateCertSANs(altnames: string[], path: string): FieldError[] {
  const out: FieldError[] = [];
  for (const n of altnames) {
    const e1 = isDNS1123Subdomain(n);
    if (e1.length === 0) continue;
    const e2 = isWildcardDNS1123Subdomain(n);
    if (e2.length === 0) continue;
    if (parseIP(n)) continue;
    out.push(
      invalid(path, n, `altname is not a valid IP address, DNS label or a DNS label with subdomain wildcards: ${e1.join("; ")}; ${e2.join("; ")}`),
    );
  }
  return out;
}

export function validateImageRepository(repo: string, path: string): FieldError[] {
  // distribution/reference grammar for "<repo>/name:tag": domain[:port]/path components, lower-case.
  const component = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
  const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
  const re = new RegExp(`^(?:${domain}/)?${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?$`);
  return re.test(`${repo}/name:tag`) ? [] : [invalid(path, repo, "invalid image repository format")];
}

export function validateImagePullPolicy(policy: string, path: string): FieldError[] {
  return ["", "Always", "IfNotPresent", "Never"].includes(policy) ? [] : [invalid(path, policy, "invalid pull policy")];
}

export function validateSocketPath(socket: string, path: string): FieldError[] {
  if (socket.length === 0) return [invalid(path, socket, "empty CRI socket")];
  let scheme: string;
  try {
    scheme = goParseURL(socket).scheme;
  } catch (err) {
    return [invalid(path, socket, `URL parsing error: ${(err as Error).message}`)];
  }
  if (scheme !== CONTAINER_RUNTIME_URL_SCHEME) {
    return [invalid(path, socket, `only URL scheme "${CONTAINER_RUNTIME_URL_SCHEME}" is supported, got "${scheme}"`)];
  }
  return [];
}

export function validateToken(token: string, path: string): FieldError[] {
  return /^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token) ? [] : [invalid(path, token, "the bootstrap token is invalid")];
}

const KNOWN_TOKEN_USAGES = ["signing", "authentication"];
const BOOTSTRAP_GROUP_PATTERN = "\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z";

export function validateTokenUsages(usages: string[], path: string): FieldError[] {
  const bad = [...new Set(usages.filter((u) => !KNOWN_TOKEN_USAGES.includes(u)))].sort();
  if (bad.length === 0) return [];
  return [
    invalid(path, usages, `invalid bootstrap token usage string: ${bad.join(",")}, valid usage options: ${KNOWN_TOKEN_USAGES.join(",")}`),
  ];
}

export function validateTokenGroups(usages: string[], groups: string[], path: string): FieldError[] {
  const out: FieldError[] = [];
  if (groups.length > 0 && !usages.includes("authentication")) {
    out.push(invalid(path, groups, `token groups cannot be specified unless --usages includes "authentication"`));
  }
  for (const g of groups) {
    if (!/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g)) {
      out.push(invalid(path, groups, `bootstrap group "${g}" is invalid (must match ${BOOTSTRAP_GROUP_PATTERN})`));
    }
  }
  return out;
}

function tokenString(t: BootstrapToken): string {
  return t.token ? `${t.token.id}.${t.token.secret}` : "";
}

export function validateBootstrapTokens(tokens: BootstrapToken[], path: string): FieldError[] {
  return tokens.flatMap((t, i) => {
    const p = `${path}.${i}`;
    const errs = [
      ...validateToken(tokenString(t), `${p}.token`),
      ...validateTokenUsages(t.usages, `${p}.usages`),
      ...validateTokenGroups(t.usages, t.groups, `${p}.groups`),
    ];
    if (t.expires !== undefined && t.ttl !== undefined) {
      errs.push(invalid(p, "", "the BootstrapToken .TTL and .Expires fields are mutually exclusive"));
    }
    return errs;
  });
}

export function validateNodeRegistrationOptions(nro: NodeRegistrationOptions, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (nro.name.length === 0) {
    out.push(
      required(
        path,
        "--node-name or .nodeRegistration.name in the config file is a required value. It seems like this value couldn't be automatically detected in your environment, please specify the desired value using the CLI or config file.",
      ),
    );
  } else {
    for (const e of isDNS1123Subdomain(nro.name)) out.push(invalid(`${path}.name`, nro.name, e));
  }
  out.push(...validateSocketPath(nro.criSocket, `${path}.criSocket`));
  out.push(...validateExtraArgs(nro.kubeletExtraArgs, `${path}.kubeletExtraArgs`));
  out.push(...validateImagePullPolicy(nro.imagePullPolicy, `${path}.imagePullPolicy`));
  return out;
}

export function validateAPIEndpoint(e: APIEndpoint, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (!parseIP(e.advertiseAddress)) out.push(invalid(`${path}.advertiseAddress`, e.advertiseAddress, "ip address is not valid"));
  if (!(e.bindPort >= 1 && e.bindPort <= 65535)) out.push(invalid(`${path}.bindPort`, e.bindPort, "port number is not valid"));
  return out;
}

export function validateCertificateKey(key: string, path: string): FieldError[] {
  if (key.length === 0) return [];
  const bad = /[^0-9a-fA-F]/.exec(key);
  if (bad) {
    const c = bad[0];
    const cp = c.codePointAt(0)!;
    return [invalid(path, key, `certificate key decoding error: encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${c}'`)];
  }
  if (key.length % 2 === 1) return [invalid(path, key, "certificate key decoding error: encoding/hex: odd length hex string")];
  const n = key.length / 2;
  if (n !== CERTIFICATE_KEY_SIZE) {
    return [invalid(path, key, `invalid certificate key size ${n}, the key must be an AES key of size ${CERTIFICATE_KEY_SIZE}`)];
  }
  return [];
}

export function validateFeatureGates(gates: Record<string, boolean>, path: string): FieldError[] {
  return Object.keys(gates)
    .filter((k) => !INIT_FEATURE_GATES[k])
    .map((k) => invalid(path, gates, `${k} is not a valid feature name.`));
}

function validateURLs(urls: string[], requireHTTPS: boolean, path: string): FieldError[] {
  const out: FieldError[] = [];
  for (const u of urls) {
    let scheme: string;
    try {
      scheme = goParseURL(u).scheme;
    } catch (err) {
      out.push(invalid(path, u, `URL parse error: ${(err as Error).message}`));
      continue;
    }
    if (requireHTTPS && scheme !== "https") out.push(invalid(path, u, "the URL must be using the HTTPS scheme"));
    if (scheme === "") out.push(invalid(path, u, "the URL without scheme is not allowed"));
  }
  return out;
}

export function validateEtcd(e: Etcd, path: string): FieldError[] {
  if (!e.local && !e.external) return [invalid(path, "", "either .Etcd.Local or .Etcd.External is required")];
  if (e.local && e.external) return [invalid(path, "", ".Etcd.Local and .Etcd.External are mutually exclusive")];
  const out: FieldError[] = [];
  if (e.local) {
    const l = `${path}.local`;
    out.push(...validateAbsolutePath(e.local.dataDir, `${l}.dataDir`));
    out.push(...validateCertSANs(e.local.serverCertSANs, `${l}.serverCertSANs`));
    out.push(...validateCertSANs(e.local.peerCertSANs, `${l}.peerCertSANs`));
    if (e.local.imageRepository) out.push(...validateImageRepository(e.local.imageRepository, `${l}.imageRepository`));
    out.push(...validateExtraArgs(e.local.extraArgs, `${l}.extraArgs`));
  }
  if (e.external) {
    const x = e.external;
    const p = `${path}.external`;
    const requireHTTPS = !(x.caFile === "" && x.certFile === "" && x.keyFile === "");
    if ((x.certFile === "") !== (x.keyFile === "")) {
      out.push(invalid(p, "", "either both or none of .Etcd.External.CertFile and .Etcd.External.KeyFile must be set"));
    }
    if (x.certFile !== "" && x.keyFile !== "" && x.caFile === "") {
      out.push(invalid(p, "", "setting .Etcd.External.CertFile and .Etcd.External.KeyFile requires .Etcd.External.CAFile"));
    }
    if (x.endpoints.length === 0) out.push(invalid(`${p}.endpoints`, "", "at least one endpoint must be specified"));
    else out.push(...validateURLs(x.endpoints, requireHTTPS, `${p}.endpoints`));
    out.push(...validateURLs(x.httpEndpoints, false, `${p}.httpEndpoints`));
    if (x.caFile) out.push(...validateAbsolutePath(x.caFile, `${p}.caFile`));
    if (x.certFile) out.push(...validateAbsolutePath(x.certFile, `${p}.certFile`));
    if (x.keyFile) out.push(...validateAbsolutePath(x.keyFile, `${p}.keyFile`));
  }
  return out;
}

const ENCRYPTION_ALGORITHMS = ["ECDSA-P256", "ECDSA-P384", "RSA-2048", "RSA-3072", "RSA-4096"];

export function validateEncryptionAlgorithm(algo: string, path: string): FieldError[] {
  if (ENCRYPTION_ALGORITHMS.includes(algo)) return [];
  return [invalid(path, algo, `Invalid encryption algorithm "${algo}". Must be one of [${ENCRYPTION_ALGORITHMS.join(" ")}]`)];
}

/** The last value of an argument in a list (kubeadm.GetArgValue with index -1), or "". */
export function getArgValue(args: Arg[], name: string): string {
  for (let i = args.length - 1; i >= 0; i--) if (args[i]!.name === name) return args[i]!.value;
  return "";
}

const SITE_LOCAL = parseCIDR("fec0::/10").net;

function validateIPNetFromString(
  subnetStr: string,
  minAddrs: number,
  path: string,
  warn: (m: string) => void,
): FieldError[] {
  let subnets: IPNet[];
  try {
    subnets = parseCIDRs(subnetStr.split(","));
  } catch {
    return [invalid(path, subnetStr, "couldn't parse subnet")];
  }
  const out: FieldError[] = [];
  if (subnets.length > 2 || (subnets.length === 2 && !isDualStackCIDRs(subnets))) {
    out.push(invalid(path, subnetStr, "expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking"));
  }
  for (const s of subnets) {
    const n = rangeSize(s);
    if (n < BigInt(minAddrs)) {
      out.push(invalid(path, formatCIDR(s), `subnet with ${n} address(es) is too small, the minimum is ${minAddrs}`));
    }
    if (cidrContains(SITE_LOCAL, s.ip) || cidrContains(s, SITE_LOCAL.ip)) {
      warn(`the subnet ${formatCIDR(s)} contains IPv6 site-local addresses that belong to fec0::/10 which has been deprecated by rfc3879`);
    }
  }
  return out;
}

function validateServiceSubnetSize(subnetStr: string, path: string): FieldError[] {
  let subnets: IPNet[] = [];
  try {
    subnets = parseCIDRs(subnetStr.split(","));
  } catch {
    return [];
  }
  return subnets.flatMap((s) =>
    s.bits - s.prefix > MAXIMUM_BITS_FOR_SERVICE_SUBNET
      ? [
          invalid(
            path,
            formatCIDR(s),
            `specified service subnet is too large; for ${s.bits}-bit addresses, the mask must be >= ${s.bits - MAXIMUM_BITS_FOR_SERVICE_SUBNET}`,
          ),
        ]
      : [],
  );
}

function validatePodSubnetNodeMask(subnetStr: string, c: ClusterConfiguration, path: string): FieldError[] {
  let subnets: IPNet[] = [];
  try {
    subnets = parseCIDRs(subnetStr.split(","));
  } catch {
    return [];
  }
  const out: FieldError[] = [];
  for (const s of subnets) {
    const v6 = isIPv6(s.ip);
    const arg = v6 ? "node-cidr-mask-size-ipv6" : "node-cidr-mask-size-ipv4";
    const val = getArgValue(c.controllerManager.extraArgs, arg);
    let nodeMask: number;
    if (val.length !== 0) {
      if (!/^[+-]?[0-9]+$/.test(val)) {
        out.push(
          invalid(
            path,
            formatCIDR(s),
            `could not parse the value of the kube-controller-manager flag ${arg} as an integer: strconv.Atoi: parsing ${JSON.stringify(val)}: invalid syntax`,
          ),
        );
        continue;
      }
      nodeMask = Number(val);
    } else {
      nodeMask = v6 ? DEFAULT_NODE_CIDR_MASK_IPV6 : DEFAULT_NODE_CIDR_MASK_IPV4;
    }
    if (s.prefix > nodeMask) {
      out.push(invalid(path, formatCIDR(s), `the size of pod subnet with mask ${s.prefix} is smaller than the size of node subnet with mask ${nodeMask}`));
    } else if (nodeMask - s.prefix > POD_SUBNET_NODE_MASK_MAX_DIFF) {
      out.push(
        invalid(path, formatCIDR(s), `pod subnet mask (${s.prefix}) and node-mask (${nodeMask}) difference is greater than ${POD_SUBNET_NODE_MASK_MAX_DIFF}`),
      );
    }
  }
  return out;
}

export function validateNetworking(c: ClusterConfiguration, path: string, warn: (m: string) => void): FieldError[] {
  const out: FieldError[] = [];
  for (const e of isDNS1123Subdomain(c.networking.dnsDomain)) out.push(invalid(`${path}.dnsDomain`, c.networking.dnsDomain, e));
  if (c.networking.serviceSubnet) {
    out.push(...validateIPNetFromString(c.networking.serviceSubnet, MINIMUM_ADDRESSES_IN_SERVICE_SUBNET, `${path}.serviceSubnet`, warn));
    out.push(...validateServiceSubnetSize(c.networking.serviceSubnet, `${path}.serviceSubnet`));
  }
  if (c.networking.podSubnet) {
    out.push(...validateIPNetFromString(c.networking.podSubnet, MINIMUM_ADDRESSES_IN_POD_SUBNET, `${path}.podSubnet`, warn));
    if (getArgValue(c.controllerManager.extraArgs, "allocate-node-cidrs") !== "false") {
      out.push(...validatePodSubnetNodeMask(c.networking.podSubnet, c, `${path}.podSubnet`));
    }
  }
  return out;
}

export function validateHostPort(endpoint: string, path: string): FieldError[] {
  if (endpoint === "") return [];
  try {
    parseHostPort(endpoint);
    return [];
  } catch {
    return [invalid(path, endpoint, "endpoint is not valid")];
  }
}

/** Warnings for certificate validity periods longer than the defaults (ValidateCertValidity). */
export function certValidityWarnings(c: ClusterConfiguration): string[] {
  const out: string[] = [];
  if (c.certificateValidityPeriod > CERTIFICATE_VALIDITY_MS) {
    out.push(
      `certificateValidityPeriod: the value ${formatDuration(c.certificateValidityPeriod)} is more than the recommended default for certificate expiration: ${formatDuration(CERTIFICATE_VALIDITY_MS)}`,
    );
  }
  if (c.caCertificateValidityPeriod > CA_CERTIFICATE_VALIDITY_MS) {
    out.push(
      `caCertificateValidityPeriod: the value ${formatDuration(c.caCertificateValidityPeriod)} is more than the recommended default for CA certificate expiration: ${formatDuration(CA_CERTIFICATE_VALIDITY_MS)}`,
    );
  }
  if (c.certificateValidityPeriod > c.caCertificateValidityPeriod) {
    out.push(
      `certificateValidityPeriod: the value ${formatDuration(c.certificateValidityPeriod)} is more than the caCertificateValidityPeriod: ${formatDuration(c.caCertificateValidityPeriod)}`,
    );
  }
  return out;
}

export function validateClusterConfiguration(c: ClusterConfiguration, warn: (m: string) => void = () => undefined): FieldError[] {
  const out: FieldError[] = [];
  if (c.dns.imageRepository) out.push(...validateImageRepository(c.dns.imageRepository, "dns.imageRepository"));
  out.push(...validateNetworking(c, "networking", warn));
  out.push(...validateCertSANs(c.apiServer.certSANs, "apiServer.certSANs"));
  out.push(...validateExtraArgs(c.apiServer.extraArgs, "apiServer.extraArgs"));
  out.push(...validateExtraArgs(c.controllerManager.extraArgs, "controllerManager.extraArgs"));
  out.push(...validateExtraArgs(c.scheduler.extraArgs, "scheduler.extraArgs"));
  out.push(...validateAbsolutePath(c.certificatesDir, "certificatesDir"));
  out.push(...validateFeatureGates(c.featureGates, "featureGates"));
  out.push(...validateHostPort(c.controlPlaneEndpoint, "controlPlaneEndpoint"));
  out.push(...validateImageRepository(c.imageRepository, "imageRepository"));
  out.push(...validateEtcd(c.etcd, "etcd"));
  out.push(...validateEncryptionAlgorithm(c.encryptionAlgorithm, "encryptionAlgorithm"));
  for (const w of certValidityWarnings(c)) warn(`WARNING: ${w}`);
  return out;
}

export function validateInitConfiguration(c: InitConfiguration, warn: (m: string) => void = () => undefined): FieldError[] {
  return [
    ...validateNodeRegistrationOptions(c.nodeRegistration, "nodeRegistration"),
    ...validateBootstrapTokens(c.bootstrapTokens, "bootstrapTokens"),
    ...validateClusterConfiguration(c.clusterConfiguration, warn),
    ...validateAPIEndpoint(c.localAPIEndpoint, "localAPIEndpoint"),
    ...validateCertificateKey(c.certificateKey, "certificateKey"),
  ];
}

function validateDiscoveryKubeConfigPath(file: string, path: string, fileExists: (p: string) => boolean): FieldError[] {
  let scheme: string;
  try {
    scheme = goParseURL(file).scheme;
  } catch {
    return [invalid(path, file, "not a valid HTTPS URL or a file on disk")];
  }
  if (scheme === "") return fileExists(file) ? [] : [invalid(path, file, "not a valid HTTPS URL or a file on disk")];
  if (scheme !== "https") return [invalid(path, file, "if a URL is used, the scheme must be https")];
  return [];
}

export function validateDiscovery(d: Discovery, path: string, fileExists: (p: string) => boolean): FieldError[] {
  const out: FieldError[] = [];
  if (!d.bootstrapToken && !d.file) out.push(invalid(path, "", "bootstrapToken or file must be set"));
  if (d.bootstrapToken && d.file) out.push(invalid(path, "", "bootstrapToken and file cannot both be set"));
  if (d.bootstrapToken) {
    const b = d.bootstrapToken;
    const p = `${path}.bootstrapToken`;
    if (b.apiServerEndpoint.length === 0) out.push(required(p, "APIServerEndpoint is not set"));
    if (b.caCertHashes.length === 0 && !b.unsafeSkipCAVerification) {
      out.push(
        invalid(
          `${p}.caCertHashes`,
          "",
          "using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue",
        ),
      );
    }
    out.push(...validateToken(b.token, `${p}.token`));
    try {
      splitHostPort(b.apiServerEndpoint);
    } catch (err) {
      out.push(invalid(`${p}.apiServerEndpoint`, b.apiServerEndpoint, (err as Error).message));
    }
    out.push(...validateToken(d.tlsBootstrapToken, `${path}.tlsBootstrapToken`));
  }
  if (d.file) {
    out.push(...validateDiscoveryKubeConfigPath(d.file.kubeConfigPath, `${path}.file.kubeConfigPath`, fileExists));
    if (d.tlsBootstrapToken.length !== 0) out.push(...validateToken(d.tlsBootstrapToken, `${path}.tlsBootstrapToken`));
  }
  return out;
}

export function validateJoinConfiguration(c: JoinConfiguration, fileExists: (p: string) => boolean): FieldError[] {
  const out: FieldError[] = [
    ...validateDiscovery(c.discovery, "discovery", fileExists),
    ...validateNodeRegistrationOptions(c.nodeRegistration, "nodeRegistration"),
  ];
  if (c.controlPlane) {
    out.push(...validateAPIEndpoint(c.controlPlane.localAPIEndpoint, "controlPlane.localAPIEndpoint"));
    out.push(...validateCertificateKey(c.controlPlane.certificateKey, "controlPlane.certificateKey"));
  }
  if (!isAbs(c.caCertPath) || !c.caCertPath.endsWith(".crt")) {
    out.push(invalid("caCertPath", c.caCertPath, "the ca certificate path must be an absolute path"));
  }
  return out;
}

const UNMOUNT_FLAGS = ["MNT_FORCE", "MNT_DETACH", "MNT_EXPIRE", "UMOUNT_NOFOLLOW"];

export function validateResetConfiguration(c: ResetConfiguration): FieldError[] {
  return [
    ...validateSocketPath(c.criSocket, "criSocket"),
    ...validateAbsolutePath(c.certificatesDir, "certificatesDir"),
    ...c.unmountFlags.flatMap((f, i) => (UNMOUNT_FLAGS.includes(f) ? [] : [invalid("unmountFlags", `index ${i}`, `unknown unmount flag ${f}`)])),
  ];
}

export function validateUpgradeConfiguration(c: UpgradeConfiguration): FieldError[] {
  const out: FieldError[] = [];
  if (c.apply.patches) out.push(...validateAbsolutePath(c.apply.patches.directory, "apply.patches.directory"));
  if (c.node.patches) out.push(...validateAbsolutePath(c.node.patches.directory, "node.patches.directory"));
  out.push(...validateImagePullPolicy(c.apply.imagePullPolicy, "apply.imagePullPolicy"));
  out.push(...validateImagePullPolicy(c.node.imagePullPolicy, "node.imagePullPolicy"));
  return out;
}

/**
 * Merges ignore-preflight-errors from the config and the command line
 * (lower-cased set); "all" together with others is an error.
 */
export function validateIgnorePreflightErrors(fromCLI: string[], fromConfig: string[]): string[] {
  const set = new Set<string>();
  for (const s of fromConfig) set.add(s.toLowerCase());
  for (const s of fromCLI) set.add(s.toLowerCase());
  const sorted = [...set].sort();
  if (set.has("all") && set.size > 1) {
    throw new KubeadmError(
      fieldErrorString(invalid("ignore-preflight-errors", sorted.join(","), "don't specify individual checks if 'all' is used")),
    );
  }
  return sorted;
}
