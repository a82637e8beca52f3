import { APISERVER_BASENAME, ETCD_PEER_BASENAME, ETCD_SERVER_BASENAME } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import type { PkiInput } from "./input.js";
import { firstServiceIP, formatIP, isDNS1123Subdomain, isWildcardDNS1123Subdomain, parseHostPort, parseIPSloppy } from "./ip.js";

/** Subject alternative names of one certificate. */
export interface AltNames {
  dnsNames: string[];
  /** 4 bytes for IPv4, 16 for IPv6. */
  ips: Uint8Array[];
}

function parseAdvertiseAddress(input: PkiInput): Uint8Array {
  const ip = parseIPSloppy(input.advertiseAddress);
  if (!ip) {
    throw new KubeadmError(
      `error parsing LocalAPIEndpoint AdvertiseAddress ${input.advertiseAddress}: is not a valid textual representation of an IP address`,
    );
  }
  return ip;
}

/**
 * Appends user-provided SANs: IPs to the IP list, RFC-1123 (wildcard) subdomains to the DNS
 * list; anything else is skipped with upstream's warning naming `certFile`.
 */
export function appendSANs(alt: AltNames, sans: readonly string[] | undefined, certFile: string, warn: (msg: string) => void): void {
  for (const san of sans ?? []) {
    const ip = parseIPSloppy(san);
    if (ip) alt.ips.push(ip);
    else if (isDNS1123Subdomain(san) || isWildcardDNS1123Subdomain(san)) alt.dnsNames.push(san);
    else warn(`[certificates] WARNING: '${san}' was not added to the '${certFile}' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry`);
  }
}

/** SANs of apiserver.crt, before de-duplication. */
export function apiServerAltNames(input: PkiInput, warn: (msg: string) => void = () => {}): AltNames {
  const advertise = parseAdvertiseAddress(input);
  let vip: Uint8Array;
  try {
    vip = firstServiceIP(input.serviceSubnet);
  } catch (err) {
    throw new KubeadmError(
      `unable to get first IP address from the given CIDR: ${input.serviceSubnet}: ${(err as Error).message}`,
    );
  }
  const alt: AltNames = {
    dnsNames: [input.nodeName, "kubernetes", "kubernetes.default", "kubernetes.default.svc", `kubernetes.default.svc.${input.dnsDomain}`],
    ips: [vip, advertise],
  };
  const cpe = input.controlPlaneEndpoint ?? "";
  if (cpe !== "") {
    let host: string;
    try {
      host = parseHostPort(cpe).host;
    } catch (err) {
      throw new KubeadmError(`error parsing cluster controlPlaneEndpoint "${cpe}": ${(err as Error).message}`);
    }
    const ip = parseIPSloppy(host);
    if (ip) alt.ips.push(ip);
    else alt.dnsNames.push(host);
  }
  appendSANs(alt, input.apiServerCertSANs, `${APISERVER_BASENAME}.crt`, warn);
  return alt;
}

function etcdAltNames(input: PkiInput, extra: readonly string[] | undefined, certFile: string, warn: (msg: string) => void): AltNames {
  const advertise = parseAdvertiseAddress(input);
  const alt: AltNames = {
    dnsNames: [input.nodeName, "localhost"],
    ips: [advertise, Uint8Array.of(127, 0, 0, 1), parseIPSloppy("::1")!],
  };
  if (!input.externalEtcd) appendSANs(alt, extra, certFile, warn);
  return alt;
}

/** SANs of etcd/server.crt, before de-duplication. */
export function etcdServerAltNames(input: PkiInput, warn: (msg: string) => void = () => {}): AltNames {
  return etcdAltNames(input, input.etcdServerCertSANs, `${ETCD_SERVER_BASENAME}.crt`, warn);
}

/** SANs of etcd/peer.crt, before de-duplication. */
export function etcdPeerAltNames(input: PkiInput, warn: (msg: string) => void = () => {}): AltNames {
  return etcdAltNames(input, input.etcdPeerCertSANs, `${ETCD_PEER_BASENAME}.crt`, warn);
}

/** Upstream's de-duplication: DNS names de-duplicated and sorted (byte order); IPs de-duplicated by text, first seen kept. */
export function dedupeAltNames(alt: AltNames): AltNames {
  const dnsNames = [...new Set(alt.dnsNames)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const seen = new Set<string>();
  const ips: Uint8Array[] = [];
  for (const ip of alt.ips) {
    const key = formatIP(ip);
    if (seen.has(key)) continue;
    seen.add(key);
    ips.push(ip);
  }
  return { dnsNames, ips };
}

/** Go's `%v` of the slices, as in "signed for DNS names [a b] and IPs [1.2.3.4 ::1]". */
export function describeAltNames(alt: { dnsNames: readonly string[]; ips: readonly Uint8Array[] }): string {
  return `DNS names [${alt.dnsNames.join(" ")}] and IPs [${alt.ips.map(formatIP).join(" ")}]`;
}
