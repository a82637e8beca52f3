import { APISERVER_BASENAME, ETCD_PEER_BASENAME, ETCD_SERVER_BASENAME } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import type { PkiInput } from "./input.js";
import { isDNS1123Subdomain, isWildcardDNS1123Subdomain, parseHostPort } from "../config/validation.js";
import { apiServerVirtualIP, formatIP, parseIP } from "../util/net.js";

/** Subject alternative names of one certificate. */
export interface AltNames {
  dnsNames: string[];
  /** Go net.IP values (16 bytes from parsing; 4-byte IPv4 also accepted). SANs encode IPv4 as 4 bytes. */
  ips: Uint8Array[];
}

function parseAdvertiseAddress(input: PkiInput): Uint8Array {
  const ip = parseIP(input.advertiseAddress);
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
    const ip = parseIP(san);
    if (ip) alt.ips.push(ip);
    else if (isDNS1123Subdomain(san).length === 0 || isWildcardDNS1123Subdomain(san).length === 0) alt.dnsNames.push(san);
    else warn(`[certificates] WARNING: '${san}' was not added to the '${certFile}' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry`);
  }
}

/** SANs of apiserver.crt, before de-duplication. */
export function apiServerAltNames(input: PkiInput, warn: (msg: string) => void = () => {}): AltNames {
  const advertise = parseAdvertiseAddress(input);
  let vip: Uint8Array;
  try {
    vip = apiServerVirtualIP(input.serviceSubnet);
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
    const ip = parseIP(host);
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
    ips: [advertise, parseIP("127.0.0.1")!, parseIP("::1")!],
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
