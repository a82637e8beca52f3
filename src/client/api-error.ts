import type { Status } from "kubernetes-types/meta/v1.js";
import { goQuote } from "../util/go-quote.js";

/** metav1.StatusReason values ("" is StatusReasonUnknown); a server may send any other string. */
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
  | "StorageReadError"
  | "";

/**
 * An error answered by the API server (or fabricated by the dry-run tracker): client-go's
 * StatusError, holding a metav1.Status. `message` is what StatusError.Error() prints.
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

/** What client-go knows of the request an answer belongs to (rest.Request: verb, resource, name). */
export interface ResponseContext {
  /** The HTTP method, e.g. "GET". */
  method?: string;
  /** The API group of the resource ("" for the core group). */
  group?: string;
  /** The resource (plural), "" for a request that names none (/version). */
  resource?: string;
  /** The object's name ("" for lists and creates). */
  name?: string;
  /** The answer's Content-Type header. */
  contentType?: string;
  /** The answer's Retry-After header. */
  retryAfter?: string;
}

/** client-go reads at most this much of a non-Status body (maxUnstructuredResponseTextBytes). */
const MAX_UNSTRUCTURED_RESPONSE_TEXT_BYTES = 2048;

/** client-go's isTextResponse: no Content-Type, or a text/* media type. */
function isTextResponse(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType === "") return true;
  const media = contentType.split(";")[0]!.trim().toLowerCase();
  if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+(\/[!#$%&'*+\-.^_`|~0-9a-z]+)?$/.test(media)) return false;
  return media.startsWith("text/");
}

/** client-go's retryAfterSeconds: a whole, positive number of seconds, else 0. */
function retryAfterSeconds(header: string | undefined): number {
  if (!header) return 0;
  const n = /^\d+$/.test(header) ? Number(header) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 0x7fffffff ? n : 0;
}

/** apimachinery's NewGenericServerResponse: reason and message by code, then "(verb resource[ name])". */
function genericServerResponse(code: number, ctx: ResponseContext, serverMessage: string): ApiError {
  const verb = ctx.method ?? "";
  let reason: StatusReason = "";
  let message = `the server responded with the status code ${code} but did not return more information`;
  switch (code) {
    case 409: reason = verb === "POST" ? "AlreadyExists" : "Conflict"; message = "the server reported a conflict"; break;
    case 404: reason = "NotFound"; message = "the server could not find the requested resource"; break;
    case 400: reason = "BadRequest"; message = "the server rejected our request for an unknown reason"; break;
    case 401: reason = "Unauthorized"; message = "the server has asked for the client to provide credentials"; break;
    // the server's text says who may not do what: kept
    case 403: reason = "Forbidden"; message = serverMessage; break;
    case 406:
      reason = "NotAcceptable";
      message = serverMessage === "" || serverMessage === "unknown" ? "the server was unable to respond with a content type that the client supports" : serverMessage;
      break;
    case 415: reason = "UnsupportedMediaType"; message = serverMessage; break;
    case 405: reason = "MethodNotAllowed"; message = "the server does not allow this method on the requested resource"; break;
    case 422: reason = "Invalid"; message = "the server rejected our request due to an error in our request"; break;
    case 503: reason = "ServiceUnavailable"; message = "the server is currently unable to handle the request"; break;
    case 504: reason = "Timeout"; message = "the server was unable to return a response in the time allotted, but may still be processing the request"; break;
    case 429: reason = "TooManyRequests"; message = "the server has received too many requests and has asked us to try again later"; break;
    default:
      if (code >= 500) {
        reason = "InternalError";
        message = `an error on the server (${goQuote(serverMessage)}) has prevented the request from succeeding`;
      }
  }
  const group = ctx.group ?? "";
  const resource = ctx.resource ?? "";
  const name = ctx.name ?? "";
  // GroupResource.Empty(): both empty
  if (group !== "" || resource !== "") {
    message += name !== "" ? ` (${verb.toLowerCase()} ${qualified(resource, group)} ${name})` : ` (${verb.toLowerCase()} ${qualified(resource, group)})`;
  }
  const details: NonNullable<Status["details"]> = { group, kind: resource, name, causes: [{ reason: "UnexpectedServerResponse", message: serverMessage }] };
  const retry = retryAfterSeconds(ctx.retryAfter);
  if (retry > 0) details.retryAfterSeconds = retry;
  return new ApiError({ status: "Failure", code, reason, details, message });
}

/**
 * Decodes a non-2xx answer as client-go does (rest.Result.Error): a Status body whose status is
 * "Failure" is the error as the server sent it (errors.FromObject); anything else becomes
 * NewGenericServerResponse's error, built from the code, the request and the body's text.
 */
export function apiErrorFromResponse(code: number, body: string, ctx: ResponseContext = {}): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const s = parsed as Status & { kind?: unknown; apiVersion?: unknown };
    // decoded with v1 as the default version: kind must be Status, the version v1 if given
    if (s.kind === "Status" && (s.apiVersion === undefined || s.apiVersion === "v1") && s.status === "Failure") return new ApiError(s);
  }
  const bytes = Buffer.from(body, "utf8");
  const text = bytes.length > MAX_UNSTRUCTURED_RESPONSE_TEXT_BYTES ? bytes.subarray(0, MAX_UNSTRUCTURED_RESPONSE_TEXT_BYTES).toString("utf8") : body;
  const serverMessage = isTextResponse(ctx.contentType) ? text.trim() : "unknown";
  return genericServerResponse(code, ctx, serverMessage);
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

/** The ApiError an error is or wraps (errors.As through the causes). */
function apiErrorOf(err: unknown): ApiError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 100; e = (e as Error & { cause?: unknown }).cause, depth++) {
    if (e instanceof ApiError) return e;
  }
  return undefined;
}
function reasonOf(err: unknown): StatusReason | undefined {
  return apiErrorOf(err)?.reason;
}
function codeOf(err: unknown): number | undefined {
  return apiErrorOf(err)?.code;
}

/** apimachinery's knownReasons: StatusReasonUnknown ("") and reasons of other servers are not among them. */
const KNOWN_REASONS: ReadonlySet<string> = new Set([
  "Unauthorized", "Forbidden", "NotFound", "AlreadyExists", "Conflict", "Gone", "Invalid", "ServerTimeout", "StorageReadError",
  "Timeout", "TooManyRequests", "BadRequest", "MethodNotAllowed", "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType",
  "InternalError", "Expired", "ServiceUnavailable",
]);

/** Like apierrors.IsX: the reason decides; the code does when the reason is not a known one. */
function is(reason: StatusReason, code: number): (e: unknown) => boolean {
  return (e) => {
    const r = apiErrorOf(e);
    if (!r) return false;
    return r.reason === reason || (!KNOWN_REASONS.has(r.reason) && r.code === code);
  };
}
export const isNotFound = is("NotFound", 404);
export const isAlreadyExists = (e: unknown): boolean => reasonOf(e) === "AlreadyExists";
export const isConflict = is("Conflict", 409);
export const isForbidden = is("Forbidden", 403);
export const isUnauthorized = is("Unauthorized", 401);
export const isInvalid = is("Invalid", 422);
export const isTimeout = is("Timeout", 504);
export const isServerTimeout = (e: unknown): boolean => reasonOf(e) === "ServerTimeout";
export const isServiceUnavailable = is("ServiceUnavailable", 503);
export const isTooManyRequests = (e: unknown): boolean => reasonOf(e) === "TooManyRequests" || codeOf(e) === 429;
