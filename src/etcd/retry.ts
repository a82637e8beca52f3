/**
 * The polling kubeadm's etcd code uses (wait.PollUntilContextTimeout with an immediate first try):
 * attempts every `intervalMs` until `timeoutMs` has passed; on timeout the LAST attempt's error is
 * what the caller sees, not a generic timeout.
 */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Go's context.DeadlineExceeded text, for polls that end without any attempt error. */
export const DEADLINE_EXCEEDED = "context deadline exceeded";

/**
 * Runs `attempt` until it resolves; rethrows its last error once the next try would start after
 * the deadline. `attempt` may throw at once to stop (via `stop`) without further retries.
 */
export async function retryUntilTimeout<T>(
  intervalMs: number,
  timeoutMs: number,
  attempt: () => Promise<T>,
  stop: (err: unknown) => boolean = () => false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (stop(err) || Date.now() + intervalMs > deadline) throw err;
    }
    await sleep(intervalMs);
  }
}
