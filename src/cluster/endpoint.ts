/** The control-plane URL components talk to (kubeadm's GetControlPlaneEndpoint). */
import type { APIEndpoint } from "../config/types.js";
import { KubeadmError } from "../util/errors.js";
import { joinHostPort, parseIP, splitHostPort } from "../util/net.js";

/** "https://<host>:<port>": the controlPlaneEndpoint (port defaulting to bindPort) or the local advertise address. */
export function controlPlaneEndpointURL(controlPlaneEndpoint: string, local: APIEndpoint): string {
  const bindPort = String(local.bindPort);
  if (controlPlaneEndpoint) {
    let host = controlPlaneEndpoint;
    let port = "";
    if (/:\d*$/.test(controlPlaneEndpoint) && !(parseIP(controlPlaneEndpoint) !== null)) {
      try {
        ({ host, port } = splitHostPort(controlPlaneEndpoint));
      } catch (err) {
        throw new KubeadmError(`invalid value ${JSON.stringify(controlPlaneEndpoint)} given for controlPlaneEndpoint: ${(err as Error).message}`);
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
    return `https://${joinHostPort(host, port || bindPort)}`;
  }
  const ip = parseIP(local.advertiseAddress);
  if (!ip) throw new KubeadmError(`cannot parse IP address: ${local.advertiseAddress}`);
  return `https://${joinHostPort(local.advertiseAddress, bindPort)}`;
}
