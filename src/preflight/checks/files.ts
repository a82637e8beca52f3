/**
 * Files and directories on the node: FileAvailable (must not exist),
 * FileExisting (must exist), FileContent (starts with the expected bytes),
 * DirAvailable (missing or empty). Default names replace every "/" of the path with "-".
 */
import { errnoText } from "../../util/go-errno.js";
import { failure, ok, type Checker } from "../checker.js";

const dashed = (p: string): string => p.replaceAll("/", "-");

export function fileAvailableCheck(path: string, label?: string): Checker {
  return {
    name: label || `FileAvailable-${dashed(path)}`,
    async check({ facts }) {
      let kind;
      try {
        kind = await facts.stat(path);
      } catch {
        return ok(); // only a successful stat means "exists"
      }
      return kind !== null ? failure(`${path} already exists`) : ok();
    },
  };
}

export function fileExistingCheck(path: string, label?: string): Checker {
  return {
    name: label || `FileExisting-${dashed(path)}`,
    async check({ facts }) {
      let kind;
      try {
        kind = await facts.stat(path);
      } catch {
        kind = null;
      }
      return kind === null ? failure(`${path} doesn't exist`) : ok();
    },
  };
}

/** The file's first content.length bytes must equal `content` (so "1\n" passes for "1"). */
export function fileContentCheck(path: string, content: string, label?: string): Checker {
  return {
    name: label || `FileContent-${dashed(path)}`,
    async check({ facts }) {
      let data: Buffer;
      try {
        data = await facts.readFile(path);
      } catch {
        return failure(`${path} does not exist`);
      }
      const want = Buffer.from(content);
      return data.subarray(0, want.length).equals(want) ? ok() : failure(`${path} contents are not set to ${content}`);
    },
  };
}

export function dirAvailableCheck(path: string, label?: string): Checker {
  return {
    name: label || `DirAvailable-${dashed(path)}`,
    async check({ facts }) {
      try {
        if ((await facts.stat(path)) === null) return ok();
      } catch {
        /* not "does not exist": fall through to reading it */
      }
      let entries: string[];
      try {
        entries = await facts.readDir(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Opening works for any existing path; only listing a non-directory fails afterwards.
        if (code === "ENOTDIR") return failure(`${path} is not empty`);
        return failure(`unable to check if ${path} is empty: open ${path}: ${errnoText(code)}`);
      }
      return entries.length > 0 ? failure(`${path} is not empty`) : ok();
    },
  };
}
