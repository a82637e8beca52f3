import type { Status } from "kubernetes-types/meta/v1.js";

/** metav1.StatusReason values kubeadm cares about ("" when the server gave none). */
export type StatusReason =
  | "AlreadyExists"
  | "Conflict"
  | "NotFound"
  | "Forbidden"
  | "Unauthorized"
  | "Invalid"
  | "BadRequest"
  | "MethodNotAllowed"
  | "Timeout"
  | "ServerTimeout"
  | "ServiceUnavailable"
  | "TooManyRequests"
  | "InternalError"
  | "Gone"
  | "Expired"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "Unknown"
  | "";

/**
 * An error answered by the API server (or fabricated by the dry-run tracker), decoded from a
 * metav1.Status body when there is one. `message` is what client-go's StatusError.Error() prints.
 */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly status: Status;
  constructor(status: Status) {
    super(status.message ?? "");
    this.name = "ApiError";
    this.status = status;
    this.code = status.code ?? 0;
    this.reason = (status.reason ?? "") as StatusReason;
  }
}

/** The reason client-go infers from an HTTP code when the body carries none. */
function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return "Unknown";
  }
}

/** client-go's generic messages for responses that are not a Status object. */
function genericMessage(code: number, body: string): string {
  switch (code) {
    case 400: return "the server rejected our request for an unknown reason";
    case 401: return "the server has asked for the client to provide credentials";
    case 403: return body.trim() || "the server does not allow access to the requested resource";
    case 404: return "the server could not find the requested resource";
    case 405: return "the server does not allow this method on the requested resource";
    case 409: return "the server reported a conflict";
    case 410: return "the server no longer has this resource";
    case 422: return "the server rejected our request due to an error in our request";
    case 429: return "the server has received too many requests and has asked us to try again later";
    case 500: return `an error on the server (${JSON.stringify(body.trim() || "unknown")}) has prevented the request from succeeding`;
    case 503: return "the server is currently unable to handle the request";
    case 504: return "the server was unable to return a response in the time allotted, but may still be processing the request";
    default: return `an error on the server (${JSON.stringify(body.trim() || "unknown")}) has prevented the request from succeeding`;
  }
}

/** Decodes a non-2xx response into an ApiError: from its Status body when it is one, else from the code. */
export function apiErrorFromResponse(code: number, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === "object" && (parsed as { kind?: unknown }).kind === "Status") {
    const s = parsed as Status;
    return new ApiError({ ...s, code: s.code || code, reason: s.reason || reasonForCode(code) });
  }
  return new ApiError({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason: reasonForCode(code), message: genericMessage(code, body) });
}

/** `<resource>` for the core group, `<resource>.<group>` otherwise, as apierrors qualifies it. */
function qualified(resource: string, group: string): string {
  return group === "" ? resource : `${resource}.${group}`;
}

export function newNotFound(resource: string, group: string, name: string): ApiError {
  return new ApiError({
    kind: "Status", apiVersion: "v1", status: "Failure", code: 404, reason: "NotFound",
    message: `${qualified(resource, group)} ${JSON.stringify(name)} not found`,
    details: { name, group, kind: resource },
  });
}

export function newAlreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError({
    kind: "Status", apiVersion: "v1", status: "Failure", code: 409, reason: "AlreadyExists",
    message: `${qualified(resource, group)} ${JSON.stringify(name)} already exists`,
    details: { name, group, kind: resource },
  });
}

export function newConflict(resource: string, group: string, name: string, cause: string): ApiError {
  return new ApiError({
    kind: "Status", apiVersion: "v1", status: "Failure", code: 409, reason: "Conflict",
    message: `Operation cannot be fulfilled on ${qualified(resource, group)} ${JSON.stringify(name)}: ${cause}`,
    details: { name, group, kind: resource },
  });
}

function reasonOf(err: unknown): StatusReason | undefined {
  return err instanceof ApiError ? err.reason : undefined;
}
function codeOf(err: unknown): number | undefined {
  return err instanceof ApiError ? err.code : undefined;
}

// Like apierrors.IsX: the reason decides; the code is the fallback when the server gave no reason.
export const isNotFound = (e: unknown): boolean => reasonOf(e) === "NotFound" || (reasonOf(e) === "Unknown" && codeOf(e) === 404);
export const isAlreadyExists = (e: unknown): boolean => reasonOf(e) === "AlreadyExists";
export const isConflict = (e: unknown): boolean => reasonOf(e) === "Conflict" || (reasonOf(e) === "Unknown" && codeOf(e) === 409);
export const isForbidden = (e: unknown): boolean => reasonOf(e) === "Forbidden" || (reasonOf(e) === "Unknown" && codeOf(e) === 403);
export const isUnauthorized = (e: unknown): boolean => reasonOf(e) === "Unauthorized" || (reasonOf(e) === "Unknown" && codeOf(e) === 401);
export const isInvalid = (e: unknown): boolean => reasonOf(e) === "Invalid" || (reasonOf(e) === "Unknown" && codeOf(e) === 422);
export const isTimeout = (e: unknown): boolean => reasonOf(e) === "Timeout" || codeOf(e) === 504;
export const isServerTimeout = (e: unknown): boolean => reasonOf(e) === "ServerTimeout";
export const isServiceUnavailable = (e: unknown): boolean => reasonOf(e) === "ServiceUnavailable" || codeOf(e) === 503;
