/**
 * Upstream's VerifyAPIServerBindAddress: the advertise address must be an IP that is loopback or
 * global unicast (Go's net.IP semantics, src/util/net.ts).
 */
import { KubeadmError } from "../util/errors.js";
import { isGlobalUnicast, isLoopback, parseIP } from "../util/net.js";

export function verifyAPIServerBindAddress(address: string): void {
  const ip = parseIP(address);
  if (!ip) throw new KubeadmError(`cannot parse IP address: ${address}`);
  if (isLoopback(ip)) return;
  if (!isGlobalUnicast(ip)) throw new KubeadmError(`cannot use ${JSON.stringify(address)} as the bind address for the API Server`);
}
