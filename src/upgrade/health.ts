/**
 * The cluster health checks before an upgrade (upstream phases/upgrade CheckClusterHealth): the
 * cluster runs a workload (a Job with the pause image), every control-plane Node is Ready, and
 * this node has the control plane's static Pod manifests. Run as preflight checks, so
 * --ignore-preflight-errors names them (CreateJob, ControlPlaneNodesReady, StaticPodManifest).
 */
import * as path from "node:path";
import type { Writable } from "node:stream";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeClient } from "../client/types.js";
import { pollUntilTimeout, type Clock } from "../client/poll.js";
import type { ClusterConfiguration } from "../config/types.js";
import { pauseImage } from "../config/images.js";
import { CONTROL_PLANE_COMPONENTS, DEFAULT_MANIFESTS_DIR, LABEL_NODE_ROLE_CONTROL_PLANE } from "../constants.js";
import { statError } from "../host/files.js";
import { ok, failure, type Checker } from "../preflight/checker.js";
import { runPreflightChecks } from "../preflight/run.js";
import type { ConfigLogger } from "../util/log.js";
import { goStringSlice } from "./versions.js";

export const CREATE_JOB_HEALTH_CHECK_PREFIX = "upgrade-health-check";
const CREATE_JOB_TIMEOUT_MS = 60_000;
const CREATE_JOB_TIMEOUT_MARGIN_MS = 5_000;

export interface ClusterHealthOptions {
  client: KubeClient;
  cfg: ClusterConfiguration;
  ignore: ReadonlySet<string>;
  dryRun: boolean;
  /** The printer's stdout; null for structured output, which prints nothing. */
  out: Writable | null;
  /** Where the checks' warnings and errors go (upstream: stderr). */
  stderr: Writable;
  log: ConfigLogger;
  verbosity?: number;
  /** Default /etc/kubernetes/manifests. */
  manifestsDir?: string;
  clock?: Clock;
  /** The Job's name suffix (default: now in Unix milliseconds, as upstream). */
  now?: () => number;
}

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function checkClusterHealth(o: ClusterHealthOptions): Promise<void> {
  o.out?.write("[upgrade] Running cluster health checks\n");
  const checks: Checker[] = [
    { name: "CreateJob", check: async () => result(() => createJob(o)) },
    { name: "ControlPlaneNodesReady", check: async () => result(() => controlPlaneNodesReady(o.client)) },
    { name: "StaticPodManifest", check: async () => result(() => staticPodManifestHealth(o)) },
  ];
  await runPreflightChecks(checks, { ignore: o.ignore, stderr: o.stderr, logger: o.log, ...(o.out ? { stdout: o.out } : {}) });
}

async function result(f: () => Promise<void>) {
  try {
    await f();
    return ok();
  } catch (err) {
    return failure(msg(err));
  }
}

/** The Job the CreateJob check runs (pure). */
export function healthCheckJob(name: string, cfg: ClusterConfiguration): Job {
  const seconds = (CREATE_JOB_TIMEOUT_MS + CREATE_JOB_TIMEOUT_MARGIN_MS) / 1000;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "kube-system" },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: seconds,
      activeDeadlineSeconds: seconds,
      template: {
        metadata: {},
        spec: {
          restartPolicy: "Never",
          securityContext: { runAsUser: 999, runAsGroup: 999, runAsNonRoot: true },
          tolerations: [{ key: LABEL_NODE_ROLE_CONTROL_PLANE, effect: "NoSchedule" }],
          containers: [{ name: CREATE_JOB_HEALTH_CHECK_PREFIX, image: pauseImage(cfg), args: ["-v"], resources: {} }],
        },
      },
    },
    // the zero values of upstream's typed Job, which its dry-run client prints
    status: {},
  };
}

async function createJob(o: ClusterHealthOptions): Promise<void> {
  const ns = "kube-system";
  const fieldSelector = "spec.unschedulable=false";
  const v2 = (m: string, origin: string): void => {
    if ((o.verbosity ?? 0) >= 2) o.log.info(m, origin);
  };
  const poll = { intervalMs: 1000, timeoutMs: CREATE_JOB_TIMEOUT_MS, ...(o.clock ? { clock: o.clock } : {}) };
  let lastError: unknown = null;
  let nodes: Node[] = [];
  try {
    await pollUntilTimeout(poll, async () => {
      try {
        nodes = (await o.client.list("nodes", { fieldSelector, limit: 1 })).items;
        return true;
      } catch (err) {
        v2(`Could not list Nodes with field selector "${fieldSelector}": ${msg(err)}`, "health.go:123");
        lastError = err;
        return false;
      }
    });
  } catch {
    throw new Error(`could not check if there is at least one Node that can schedule a test Pod: ${msg(lastError)}`);
  }
  if (nodes.length === 0) {
    o.log.warn('The preflight check "CreateJob" was skipped because there are no schedulable Nodes in the cluster.', "health.go:134");
    return;
  }
  const jobName = `${CREATE_JOB_HEALTH_CHECK_PREFIX}-${(o.now ?? Date.now)()}`;
  const job = healthCheckJob(jobName, o.cfg);
  v2(`Creating a Job "${jobName}" in the namespace "${ns}"`, "health.go:182");
  try {
    await pollUntilTimeout(poll, async () => {
      try {
        await o.client.create("jobs", job, ns);
        return true;
      } catch (err) {
        v2(`Could not create Job "${jobName}" in the namespace "${ns}", retrying: ${msg(err)}`, "health.go:186");
        lastError = err;
        return false;
      }
    });
  } catch {
    throw new Error(`could not create Job "${jobName}" in the namespace "${ns}": ${msg(lastError)}`);
  }
  try {
    await pollUntilTimeout(poll, async () => {
      let got: Job;
      try {
        got = await o.client.get("jobs", jobName, ns);
      } catch (err) {
        lastError = err;
        v2(`could not get Job "${jobName}" in the namespace "${ns}", retrying: ${msg(err)}`, "health.go:201");
        return false;
      }
      if ((got.status?.conditions ?? []).some((c) => c.type === "Complete")) return true;
      lastError = new Error("no condition of type Complete");
      v2(`Job "${jobName}" in the namespace "${ns}" is not yet complete, retrying`, "health.go:210");
      return false;
    });
  } catch {
    throw new Error(`Job "${jobName}" in the namespace "${ns}" did not complete in 1m0s: ${msg(lastError)}`);
  }
  v2(`Job "${jobName}" in the namespace "${ns}" completed`, "health.go:217");
}

async function controlPlaneNodesReady(client: KubeClient): Promise<void> {
  let nodes: Node[];
  try {
    nodes = (await client.list("nodes", { labelSelector: `${LABEL_NODE_ROLE_CONTROL_PLANE}=` })).items;
  } catch (err) {
    throw new Error(`could not list nodes labeled with "${LABEL_NODE_ROLE_CONTROL_PLANE}": ${msg(err)}`);
  }
  const notReady = notReadyNodes(nodes);
  if (notReady.length > 0) throw new Error(`there are NotReady control-planes in the cluster: ${goStringSlice(notReady)}`);
}

/** Names of the Nodes whose Ready condition is not True (a Node is listed once per such condition). */
export function notReadyNodes(nodes: readonly Node[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    for (const c of n.status?.conditions ?? []) {
      if (c.type === "Ready" && c.status !== "True") out.push(n.metadata?.name ?? "");
    }
  }
  return out;
}

async function staticPodManifestHealth(o: ClusterHealthOptions): Promise<void> {
  const dir = o.manifestsDir ?? DEFAULT_MANIFESTS_DIR;
  const missing: string[] = [];
  for (const component of CONTROL_PLANE_COMPONENTS) {
    const file = path.join(dir, `${component}.yaml`);
    if (o.dryRun) {
      o.out?.write(`[dryrun] would check if ${file} exists\n`);
      continue;
    }
    if ((await statError(file))?.code === "ENOENT") missing.push(file);
  }
  if (missing.length > 0) throw new Error(`manifest files not found: ${goStringSlice(missing)}`);
}
