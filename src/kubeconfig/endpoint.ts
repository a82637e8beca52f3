// API server URLs written into kubeconfig files (kubeconfig.md §1).
import type { APIEndpoint, ClusterConfiguration } from "../config/types.js";
import { parseHostPort } from "../config/validation.js";
import { KubeadmError } from "../util/errors.js";
import { joinHostPort, parseIP } from "../util/net.js";

function checkAdvertiseAddress(ep: APIEndpoint): void {
  if (!parseIP(ep.advertiseAddress)) {
    throw new KubeadmError(`invalid value "${ep.advertiseAddress}" given for localAPIEndpoint.advertiseAddress: must be a valid IP address`);
  }
}

/** https://<advertiseAddress>:<bindPort> */
export function localEndpointURL(ep: APIEndpoint): string {
  checkAdvertiseAddress(ep);
  return `https://${joinHostPort(ep.advertiseAddress, ep.bindPort)}`;
}

/**
 * controlPlaneEndpoint (its port, or bindPort when it has none) or, when unset, the local endpoint.
 * `warn` receives upstream's warning when the endpoint's port differs from bindPort.
 */
export function controlPlaneEndpointURL(cluster: ClusterConfiguration, ep: APIEndpoint, warn: (msg: string) => void = () => undefined): string {
  checkAdvertiseAddress(ep);
  if (cluster.controlPlaneEndpoint === "") return localEndpointURL(ep);
  let hp: { host: string; port: string };
  try {
    hp = parseHostPort(cluster.controlPlaneEndpoint);
  } catch (err) {
    throw new KubeadmError((err as Error).message);
  }
  let port = String(ep.bindPort);
  if (hp.port !== "") {
    if (hp.port !== port) warn("[endpoint] WARNING: port specified in controlPlaneEndpoint overrides bindPort in the controlplane address");
    port = hp.port;
  }
  return `https://${joinHostPort(hp.host, port)}`;
}
