/**
 * Hostname (valid node name that resolves), HTTPProxy (would the API server's
 * address go through a proxy) and HTTPProxyCIDR (would Pod/Service IPs).
 */
import { formatCIDR, formatIP, indexedIP, isIPv6String, joinHostPort, parseCIDR } from "../../util/net.js";
import { failure, ok, warning, type Checker } from "../checker.js";
import { proxyTextForURL as proxyForURL } from "../../util/proxy-env.js";
import { isQualifiedName } from "../qualified-name.js";

export function hostnameCheck(nodeName: string): Checker {
  return {
    name: "Hostname",
    async check({ facts }) {
      const warnings = isQualifiedName(nodeName).map((m) => `invalid node name format "${nodeName}": ${m}`);
      const { addrs, error } = await facts.lookupHost(nodeName);
      if (addrs.length === 0) warnings.push(`hostname "${nodeName}" could not be reached`);
      if (error) warnings.push(`hostname "${nodeName}": ${error}`);
      return { warnings, errors: [] };
    },
  };
}

export function httpProxyCheck(proto: string, host: string): Checker {
  return {
    name: "HTTPProxy",
    async check({ facts }) {
      const url = `${proto}://${isIPv6String(host) ? joinHostPort(host, "1234") : host}`;
      const proxy = proxyForURL(url, facts.env());
      return proxy ? warning(`Connection to "${url}" uses proxy "${proxy}". If that is not intended, adjust your proxy settings`) : ok();
    },
  };
}

export function httpProxyCIDRCheck(proto: string, cidr: string): Checker {
  return {
    name: "HTTPProxyCIDR",
    async check({ facts }) {
      if (cidr.length === 0) return ok();
      let net;
      try {
        net = parseCIDR(cidr).net;
      } catch (err) {
        return failure(`error parsing CIDR "${cidr}": ${(err as Error).message}`);
      }
      let testIP: string;
      try {
        testIP = formatIP(indexedIP(net, 1));
      } catch (err) {
        return failure(`unable to get first IP address from the given CIDR (${formatCIDR(net)}): ${(err as Error).message}`);
      }
      const url = `${proto}://${joinHostPort(testIP, "1234")}/`;
      const proxy = proxyForURL(url, facts.env());
      return proxy
        ? warning(
            `connection to "${cidr}" uses proxy "${proxy}". This may lead to malfunctional cluster setup. Make sure that Pod and Services IP ranges specified correctly as exceptions in proxy configuration`,
          )
        : ok();
    },
  };
}
