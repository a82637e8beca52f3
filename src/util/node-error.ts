/**
 * Plain words for errors Node raises itself, which say less than the user needs: its permission
 * model's refusals ("Access to this API has been restricted", with what was refused only in the
 * error's properties).
 */

/** Node's message for an operation its permission model (--experimental-permission) refuses. */
export const ACCESS_RESTRICTED = "Access to this API has been restricted";

/** The flag that grants each of the permission model's permissions. */
const PERMISSION_FLAG: Readonly<Record<string, string>> = {
  FileSystemRead: "--allow-fs-read",
  FileSystemWrite: "--allow-fs-write",
  ChildProcess: "--allow-child-process",
  WorkerThreads: "--allow-worker",
};

interface AccessDenied {
  code?: unknown;
  permission?: unknown;
  resource?: unknown;
  cause?: unknown;
}

/** The first error in `err`'s cause chain that Node's permission model raised, with what it refused. */
function accessDenied(err: unknown): AccessDenied | undefined {
  const seen = new Set<unknown>();
  for (let e = err as AccessDenied | undefined; e && typeof e === "object" && !seen.has(e); e = e.cause as AccessDenied | undefined) {
    seen.add(e);
    if (e.code === "ERR_ACCESS_DENIED" && typeof e.permission === "string" && e.permission !== "") return e;
  }
  return undefined;
}

/**
 * What Node's permission model refused, e.g. `Node's permission model refuses FileSystemWrite of
 * "/etc/kubernetes/pki/ca.key" (allow it with --allow-fs-write)`; a general sentence when `err`
 * does not say.
 */
export function accessDeniedDetail(err: unknown): string {
  const denied = accessDenied(err);
  if (!denied) return "Node's permission model (--experimental-permission) refuses it";
  const permission = denied.permission as string;
  const resource = typeof denied.resource === "string" && denied.resource !== "" ? ` of ${JSON.stringify(denied.resource)}` : "";
  const flag = PERMISSION_FLAG[permission];
  return `Node's permission model refuses ${permission}${resource}${flag ? ` (allow it with ${flag})` : ""}`;
}

/**
 * `message` with Node's bare "Access to this API has been restricted" explained where it appears
 * (once, the first time): "…: Access to this API has been restricted: Node's permission model
 * refuses FileSystemWrite of "/tmp/x/ca.key" (allow it with --allow-fs-write)". What it
 * refused comes from `err` or its causes. Other messages are returned as they are.
 */
export function explainAccessDenied(message: string, err: unknown): string {
  const at = message.indexOf(ACCESS_RESTRICTED);
  if (at < 0) return message;
  const end = at + ACCESS_RESTRICTED.length;
  if (message.startsWith(": Node's permission model", end)) return message;
  return `${message.slice(0, end)}: ${accessDeniedDetail(err)}${message.slice(end)}`;
}
