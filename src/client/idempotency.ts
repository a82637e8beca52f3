import type { Node, ConfigMap } from "kubernetes-types/core/v1.js";
import { KUBERNETES_API_CALL_RETRY_INTERVAL_MS } from "../constants.js";
import { activeKubernetesAPICallTimeout } from "./active-timeouts.js";
import { KubeadmError } from "../util/errors.js";
import { isAlreadyExists, isNotFound } from "./api-error.js";
import { createTwoWayMergePatch, deepCopy } from "./patches.js";
import { pollUntilTimeout, WaitTimeoutError, type Clock } from "./poll.js";
import { RESOURCES, goTypeName, type ResourceName, type ResourceTypes } from "./resources.js";
import type { KubeClient, KubeObject } from "./types.js";

/**
 * Upstream's write helpers (cmd/kubeadm/app/util/apiclient/idempotency.go, v1.36): each polls
 * every 500 ms, first attempt at once, until success or the API call timeout
 * (`timeouts.kubernetesAPICall`, 1m by default), and on timeout returns the last error seen.
 */

export { activeKubernetesAPICallTimeout, setActiveKubernetesAPICallTimeout } from "./active-timeouts.js";

export interface RetryOptions {
  /** Defaults to the active `timeouts.kubernetesAPICall`. */
  timeoutMs?: number;
  /** Defaults to KubernetesAPICallRetryInterval (500 ms). */
  intervalMs?: number;
  clock?: Clock;
}

/** errors.Wrapf: "<context>: <cause>", keeping the cause for isNotFound() & co. */
function wrap(err: unknown, context: string): KubeadmError {
  const msg = err instanceof Error ? err.message : String(err);
  return new KubeadmError(`${context}: ${msg}`, 1, { cause: err });
}

/** Unwraps to the ApiError (or other root cause) a helper error carries. */
export function rootCause(err: unknown): unknown {
  let e = err;
  while (e instanceof KubeadmError && e.cause !== undefined) e = e.cause;
  return e;
}

/**
 * Polls `attempt` until it returns true; on timeout resolves with whatever `lastError()` holds
 * (which may be undefined: upstream then reports success).
 */
async function retry(options: RetryOptions, attempt: () => Promise<boolean>, lastError: () => unknown): Promise<void> {
  try {
    await pollUntilTimeout(
      {
        intervalMs: options.intervalMs ?? KUBERNETES_API_CALL_RETRY_INTERVAL_MS,
        timeoutMs: options.timeoutMs ?? activeKubernetesAPICallTimeout(),
        clock: options.clock,
      },
      attempt,
    );
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    const last = lastError();
    if (last !== undefined) throw last;
  }
}

/** CREATE; on AlreadyExists, UPDATE with the same object (an unconditional replace). */
export async function createOrUpdate<R extends ResourceName>(
  client: KubeClient,
  resource: R,
  object: ResourceTypes[R],
  options: RetryOptions = {},
): Promise<void> {
  const type = goTypeName(RESOURCES[resource]);
  let lastError: unknown;
  await retry(options, async () => {
    try {
      await client.create(resource, object);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        lastError = wrap(err, `unable to create ${type}`);
        return false;
      }
      try {
        await client.update(resource, object);
      } catch (uerr) {
        lastError = wrap(uerr, `unable to update ${type}`);
        return false;
      }
    }
    return true;
  }, () => lastError);
}

/**
 * CREATE; on AlreadyExists GET the current object, apply `mutator` to it and UPDATE it. Any
 * failure (including a Conflict from a concurrent writer) retries the whole sequence.
 */
export async function createOrMutate<R extends ResourceName>(
  client: KubeClient,
  resource: R,
  object: ResourceTypes[R],
  mutator: (current: ResourceTypes[R]) => void | Promise<void>,
  options: RetryOptions = {},
): Promise<void> {
  const type = goTypeName(RESOURCES[resource]);
  const meta = (object as KubeObject).metadata ?? {};
  let lastError: unknown;
  await retry(options, async () => {
    try {
      await client.create(resource, object);
      return true;
    } catch (err) {
      lastError = err;
      if (!isAlreadyExists(err)) return false;
    }
    lastError = undefined;
    let current: ResourceTypes[R];
    try {
      current = await client.get(resource, meta.name ?? "", meta.namespace);
    } catch (err) {
      lastError = wrap(err, `unable to get ${type}`);
      return false;
    }
    try {
      await mutator(current);
    } catch (err) {
      lastError = wrap(err, `unable to mutate ${type}`);
      return false;
    }
    try {
      await client.update(resource, current);
    } catch (err) {
      lastError = err;
      return false;
    }
    return true;
  }, () => lastError);
}

/** GET by name; only when NotFound, CREATE. An existing object is left untouched. */
export async function createOrRetain<R extends ResourceName>(
  client: KubeClient,
  resource: R,
  object: ResourceTypes[R],
  name: string,
  options: RetryOptions = {},
): Promise<void> {
  const type = goTypeName(RESOURCES[resource]);
  const namespace = (object as KubeObject).metadata?.namespace;
  let lastError: unknown;
  await retry(options, async () => {
    try {
      await client.get(resource, name, namespace);
      return true;
    } catch (err) {
      if (!isNotFound(err)) {
        lastError = wrap(err, `unable to get ${type}`);
        return false;
      }
    }
    try {
      await client.create(resource, object);
    } catch (err) {
      lastError = wrap(err, `unable to create ${type}`);
      return false;
    }
    return true;
  }, () => lastError);
}

const LABEL_HOSTNAME = "kubernetes.io/hostname";

/**
 * One PatchNode attempt: GET the Node (any error → retry), wait for its hostname label (the
 * kubelet has not finished registering it before), mutate a copy and send the two-way
 * strategic merge patch between the two. PATCH errors retry.
 */
export function patchNodeOnce(
  client: KubeClient,
  nodeName: string,
  patchFn: (node: Node) => void,
  state: { lastError?: unknown },
): () => Promise<boolean> {
  return async () => {
    let node: Node;
    try {
      node = await client.get("nodes", nodeName);
    } catch (err) {
      state.lastError = err;
      return false;
    }
    if (!node.metadata?.labels || !(LABEL_HOSTNAME in node.metadata.labels)) return false;
    const before = deepCopy(node);
    const after = deepCopy(node);
    patchFn(after);
    const patch = createTwoWayMergePatch(before, after);
    const name = node.metadata?.name ?? nodeName;
    try {
      await client.patch("nodes", name, "strategic", patch);
    } catch (err) {
      state.lastError = wrap(err, `error patching Node ${JSON.stringify(name)}`);
      return false;
    }
    return true;
  };
}

/**
 * Patches a Node with `patchFn`, retrying as upstream does. Note the upstream quirk kept here:
 * if the Node never gets its hostname label and no call ever failed, the timeout ends without
 * an error.
 */
export async function patchNode(client: KubeClient, nodeName: string, patchFn: (node: Node) => void, options: RetryOptions = {}): Promise<void> {
  const state: { lastError?: unknown } = {};
  await retry(options, patchNodeOnce(client, nodeName, patchFn, state), () => state.lastError);
}

/**
 * GET a ConfigMap, retrying every 50 ms for at most 350 ms: for callers that fall back to
 * defaults when the object cannot be had quickly.
 */
export async function getConfigMapWithShortRetry(client: KubeClient, namespace: string, name: string, options: { clock?: Clock } = {}): Promise<ConfigMap> {
  let cm: ConfigMap | undefined;
  let lastError: unknown;
  await retry({ intervalMs: 50, timeoutMs: 350, clock: options.clock }, async () => {
    try {
      cm = await client.get("configmaps", name, namespace);
      return true;
    } catch (err) {
      lastError = err;
      return false;
    }
  }, () => lastError);
  return cm!;
}
