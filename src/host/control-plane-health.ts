/**
 * Health checks of a booting control plane (upstream KubeWaiter.WaitForKubelet and
 * WaitForControlPlaneComponents, v1.36): the kubelet's /healthz over plain HTTP, then every
 * component's health endpoint polled concurrently, each reported with the time it took.
 * The dry-run twin only says what it would check.
 */
import type * as https from "node:https";
import { waitFor, type Clock, systemClock } from "../client/poll.js";
import { formatDurationMs } from "../util/duration.js";
import { KubeadmError } from "../util/errors.js";
import { joinHostPort } from "../util/net.js";

export interface TextSink {
  write(text: string): unknown;
}

/** A component to check: name and URL (https://host:port/path). */
export interface ComponentEndpoint {
  name: string;
  url: string;
  /** GET through this function instead of a plain insecure HTTPS GET (the API server uses the client). */
  get?: () => Promise<number>;
}

export interface ControlPlaneWaiter {
  waitForKubelet(address: string, port: number, timeoutMs: number): Promise<void>;
  waitForControlPlaneComponents(components: readonly ComponentEndpoint[], timeoutMs: number): Promise<void>;
}

/**
 * How often a health endpoint is asked while init waits (upstream: every 500 ms). The kubelet and
 * the API server become healthy at any moment; asking five times as often tells the operator (and
 * the phases after the wait) up to 400 ms sooner, for a local HTTP GET every 100 ms.
 */
const RETRY_INTERVAL_MS = 100;


/** Go-like transport error text for a failed GET. */
function getErrorText(url: string, err: NodeJS.ErrnoException, host: string): string {
  const why =
    err.code === "ECONNREFUSED"
      ? `dial tcp ${host}: connect: connection refused`
      : err.code === "ETIMEDOUT"
        ? `dial tcp ${host}: i/o timeout`
        : err.message;
  return `Get "${url}": ${why}`;
}

/** One GET; resolves with the status code, rejects with Go-like text. */
export async function httpGetStatus(url: string, insecure = true, timeoutMs = 10_000): Promise<number> {
  const u = new URL(url);
  // loaded on first use: most commands that build a waiter never poll (~10 ms of start-up)
  const mod = u.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    const req = mod.get(u, { rejectUnauthorized: !insecure, timeout: timeoutMs, agent: false } as https.RequestOptions, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", (e) => reject(new Error(getErrorText(url, e as NodeJS.ErrnoException, u.host))));
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("context deadline exceeded"), { code: "ETIMEDOUT" })));
    req.on("error", (e) => reject(new Error(getErrorText(url, e as NodeJS.ErrnoException, u.host))));
  });
}

export interface RealWaiterDeps {
  out: TextSink;
  clock?: Clock;
  get?: (url: string) => Promise<number>;
}

/** Polls for real. */
export function realControlPlaneWaiter(deps: RealWaiterDeps): ControlPlaneWaiter {
  const clock = deps.clock ?? systemClock;
  const get = deps.get ?? ((url: string) => httpGetStatus(url));
  return {
    async waitForKubelet(address, port, timeoutMs) {
      if (port === 0) {
        deps.out.write("[kubelet-check] Skipping the kubelet health check because the healthz port is set to 0\n");
        return;
      }
      const url = `http://${joinHostPort(address, port)}/healthz`;
      deps.out.write(`[kubelet-check] Waiting for a healthy kubelet at ${url}. This can take up to ${formatDurationMs(timeoutMs)}\n`);
      const fail = (cause: string) => `The HTTP call equal to 'curl -sSL ${url}' returned ${cause}\n`;
      const r = await waitFor({ intervalMs: RETRY_INTERVAL_MS, timeoutMs, clock }, async () => {
        let code: number;
        try {
          code = await get(url);
        } catch (err) {
          throw new Error(fail(`error: ${(err as Error).message}`));
        }
        if (code !== 200) throw new Error(fail(`status code: ${code}`));
        return true;
      });
      if (!r.ok) {
        deps.out.write(`[kubelet-check] The kubelet is not healthy after ${formatDurationMs(r.elapsedMs)}\n`);
        throw new KubeadmError(r.lastError instanceof Error ? r.lastError.message : "context deadline exceeded");
      }
      deps.out.write(`[kubelet-check] The kubelet is healthy after ${formatDurationMs(r.elapsedMs)}\n`);
    },

    async waitForControlPlaneComponents(components, timeoutMs) {
      deps.out.write(`[control-plane-check] Waiting for healthy control plane components. This can take up to ${formatDurationMs(timeoutMs)}\n`);
      for (const c of components) deps.out.write(`[control-plane-check] Checking ${c.name} at ${c.url}\n`);
      const results = await Promise.all(
        components.map(async (c) => {
          const r = await waitFor({ intervalMs: RETRY_INTERVAL_MS, timeoutMs, clock }, async () => {
            let code: number;
            try {
              code = await (c.get ? c.get() : get(c.url));
            } catch (err) {
              throw new Error(`${c.name} check failed at ${c.url}: ${(err as Error).message}`);
            }
            if (code !== 200) throw new Error(`${c.name} check failed at ${c.url} with status: ${code}`);
            return true;
          });
          deps.out.write(`[control-plane-check] ${c.name} is ${r.ok ? "" : "not "}healthy after ${formatDurationMs(r.elapsedMs)}\n`);
          return r.ok ? undefined : r.lastError instanceof Error ? r.lastError.message : `${c.name} check failed at ${c.url}: context deadline exceeded`;
        }),
      );
      const errs = results.filter((e): e is string => e !== undefined);
      if (errs.length === 1) throw new KubeadmError(errs[0]!);
      if (errs.length > 1) throw new KubeadmError(`[${errs.join(", ")}]`);
    },
  };
}

/** The dry-run twin: nothing is polled. */
export function dryRunControlPlaneWaiter(out: TextSink): ControlPlaneWaiter {
  return {
    async waitForKubelet(address, port) {
      out.write(`[dryrun] Would make sure the kubelet returns 'ok' at http://${joinHostPort(address, port)}/healthz\n`);
    },
    async waitForControlPlaneComponents() {},
  };
}

export { joinHostPort };
