/**
 * Go's text for an errno (syscall.Errno.Error()), so that messages built from Node's file errors
 * read as upstream's: "open /etc/kubernetes/admin.conf: no such file or directory".
 */
const GO_ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
  EEXIST: "file exists",
  ENOTEMPTY: "directory not empty",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  ECONNREFUSED: "connection refused",
  EBUSY: "device or resource busy",
};

/** Go's text for the error's errno code; the error's own message when it has none we know. */
export function goErrnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && GO_ERRNO_TEXT[code]) || (err instanceof Error ? err.message : String(err));
}

/** Go's *PathError text for a failed open or read: "open <file>: …" ("read <file>: is a directory"). */
export function goOpenError(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // a bounded reader's refusal (src/host/files.ts) already reads "read <file>: file too large: …"
  if (code === "EFBIG" && err instanceof Error && err.message.startsWith("read ")) return err.message;
  return `${code === "EISDIR" ? "read" : "open"} ${file}: ${goErrnoText(err)}`;
}

/** Go's syscall.Errno text for a Node error code (the code itself, lower-cased, when unknown). */
export function errnoText(code: string | undefined): string {
  return (code && GO_ERRNO_TEXT[code]) || (code ?? "unknown error").toLowerCase();
}

/** Go's *PathError text for a failed file-system call: "<op> <path>: <reason>". */
export function goPathError(op: string, file: string, err: unknown): string {
  return `${op} ${file}: ${goErrnoText(err)}`;
}
