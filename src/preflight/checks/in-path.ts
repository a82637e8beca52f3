/** FileExisting-<exe>: an executable must be in $PATH (an error if mandatory, else a warning). */
import { failure, ok, warning, type Checker } from "../checker.js";

export function inPathCheck(executable: string, mandatory: boolean, opts: { label?: string; suggestion?: string } = {}): Checker {
  return {
    name: opts.label || `FileExisting-${executable.replaceAll("/", "-")}`,
    async check({ facts }) {
      if ((await facts.lookPath(executable)) !== null) return ok();
      const msg = `${executable} not found in system path`;
      if (mandatory) return failure(msg);
      return warning(opts.suggestion ? `${msg}\nSuggestion: ${opts.suggestion}` : msg);
    },
  };
}
