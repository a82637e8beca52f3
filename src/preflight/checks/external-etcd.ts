/**
 * ExternalEtcdVersion: GET <endpoint>/version of every external etcd (with the
 * configured CA and client certificate), retried on transport errors and 5xx,
 * and require etcdserver >= MinExternalEtcdVersion.
 */
import { MIN_EXTERNAL_ETCD_VERSION } from "../../constants.js";
import type { ExternalEtcd } from "../../config/types.js";
import type { HostFacts, HttpGetOptions } from "../../host/host-facts.js";
import { parseSemantic } from "../../util/version.js";
import { ok, type Checker } from "../checker.js";
import { goErrnoText } from "../../util/go-errno.js";

export const EXTERNAL_ETCD_REQUEST_TIMEOUT_MS = 10_000;
export const EXTERNAL_ETCD_REQUEST_RETRIES = 3;
export const EXTERNAL_ETCD_REQUEST_INTERVAL_MS = 5_000;

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** "<endpoint>/version" with doubled slashes in the path collapsed (upstream normalizeURLString). */
export function etcdVersionURL(endpoint: string): string {
  const raw = `${endpoint}/version`;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)([^?#]*)(.*)$/.exec(raw);
  if (!m) return raw;
  return m[1]! + m[2]!.replaceAll("//", "/") + m[3]!;
}

async function getVersion(facts: HostFacts, url: string, opts: HttpGetOptions, sleep: (ms: number) => Promise<void>): Promise<string> {
  let loop = EXTERNAL_ETCD_REQUEST_RETRIES + 1;
  let lastErr = "";
  while (loop > 0) {
    if (loop <= EXTERNAL_ETCD_REQUEST_RETRIES) await sleep(EXTERNAL_ETCD_REQUEST_INTERVAL_MS);
    let res;
    try {
      res = await facts.httpGet(url, opts);
    } catch (err) {
      loop--;
      lastErr = msg(err);
      continue;
    }
    if (res.statusCode >= 500 && res.statusCode <= 599) {
      loop--;
      lastErr = `server responded with non-successful status: ${res.status}`;
      continue;
    }
    let body: { etcdserver?: unknown };
    try {
      body = JSON.parse(res.body.toString("utf8")) as { etcdserver?: unknown };
    } catch (err) {
      throw new Error(msg(err));
    }
    return typeof body?.etcdserver === "string" ? body.etcdserver : "";
  }
  throw new Error(lastErr);
}

export function externalEtcdVersionCheck(
  etcd: ExternalEtcd,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Checker {
  return {
    name: "ExternalEtcdVersion",
    async check({ facts }) {
      if (etcd.httpEndpoints.length === 0) return ok();
      const opts: HttpGetOptions = { timeoutMs: EXTERNAL_ETCD_REQUEST_TIMEOUT_MS };
      if (etcd.caFile) {
        try {
          opts.ca = await facts.readFile(etcd.caFile);
        } catch (err) {
          return { warnings: [], errors: [`couldn't load external etcd's server certificate ${etcd.caFile}: open ${etcd.caFile}: ${goErrnoText(err)}`] };
        }
      }
      if (etcd.certFile && etcd.keyFile) {
        let which = etcd.certFile;
        try {
          opts.cert = await facts.readFile(etcd.certFile);
          which = etcd.keyFile;
          opts.key = await facts.readFile(etcd.keyFile);
        } catch (err) {
          return {
            warnings: [],
            errors: [`couldn't load external etcd's certificate and key pair ${etcd.certFile}, ${etcd.keyFile}: open ${which}: ${goErrnoText(err)}`],
          };
        }
      }
      const errors: string[] = [];
      const min = parseSemantic(MIN_EXTERNAL_ETCD_VERSION);
      for (const endpoint of etcd.httpEndpoints) {
        let server: string;
        try {
          server = await getVersion(facts, etcdVersionURL(endpoint), opts, sleep);
        } catch (err) {
          errors.push(msg(err));
          continue;
        }
        let v;
        try {
          v = parseSemantic(server);
        } catch (err) {
          errors.push(`couldn't parse external etcd version "${server}": ${msg(err)}`);
          continue;
        }
        if (v.lessThan(min)) {
          errors.push(`this version of kubeadm only supports external etcd version >= ${MIN_EXTERNAL_ETCD_VERSION}. Current version: ${server}`);
        }
      }
      return { warnings: [], errors };
    },
  };
}
