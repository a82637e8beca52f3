/**
 * CRI (the runtime answers and reports RuntimeReady) and ContainerRuntimeVersion
 * (the runtime implements the CRI RuntimeConfig call; a warning until kubelet 1.38
 * stops falling back to its own cgroupDriver).
 */
import type { ContainerRuntime } from "../../host/cri/runtime.js";
import { failure, ok, warning, type CheckContext, type Checker, type CheckResult } from "../checker.js";

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Connects, runs `fn`, closes; a failed connection is the check's only error. The CRI client logs to the check's logger. */
export async function withRuntime(
  { facts, logger }: Pick<CheckContext, "facts" | "logger">,
  criSocket: string,
  fn: (rt: ContainerRuntime) => Promise<CheckResult>,
): Promise<CheckResult> {
  const rt = await facts.containerRuntime(criSocket, logger);
  try {
    await rt.connect();
  } catch (err) {
    return failure(`could not connect to the container runtime: ${msg(err)}`);
  }
  try {
    return await fn(rt);
  } finally {
    rt.close();
  }
}

export function containerRuntimeCheck(criSocket: string): Checker {
  return {
    name: "CRI",
    check: (ctx) =>
      withRuntime(ctx, criSocket, async (rt) => {
        try {
          await rt.isRunning();
          return ok();
        } catch (err) {
          return failure(msg(err));
        }
      }),
  };
}

export const RUNTIME_CONFIG_WARNING =
  "You must update your container runtime to a version that supports the CRI method RuntimeConfig. " +
  "Falling back to using cgroupDriver from kubelet config will be removed in 1.38. " +
  "For more information, see https://git.k8s.io/enhancements/keps/sig-node/4033-group-driver-detection-over-cri";

export function containerRuntimeVersionCheck(criSocket: string): Checker {
  return {
    name: "ContainerRuntimeVersion",
    check: (ctx) =>
      withRuntime(ctx, criSocket, async (rt) => {
        let implemented: boolean;
        try {
          implemented = await rt.isRuntimeConfigImplemented();
        } catch (err) {
          return failure(`could not check if the runtime config is available: ${msg(err)}`);
        }
        return implemented ? ok() : warning(RUNTIME_CONFIG_WARNING);
      }),
  };
}
