// A corpus of bad configuration documents: each gives one error naming the field or
// file and the bad value, exit code 1, exactly as upstream `kubeadm config validate`
// (expected texts captured from the pinned upstream kubeadm by `npm run goldens`). The
// experimental corpus is the same with --allow-experimental-api (kubeadm.k8s.io/v1).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatError } from "../../../src/cli/print-error.js";
import { validateConfig } from "../../../src/config/load.js";
import { memoryLogger } from "../../../src/util/log.js";
import { KubeadmError } from "../../../src/util/errors.js";
import { GOLDEN, facts, offlineFetcher } from "./helpers.js";

const DIR = join(GOLDEN, "bad-input");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();
const EXPERIMENTAL_DIR = join(GOLDEN, "experimental");
const experimentalFiles = readdirSync(EXPERIMENTAL_DIR).filter((f) => f.endsWith(".yaml")).sort();

/**
 * Where our text knowingly differs from upstream's: the YAML parser's own
 * syntax-error wording (libyaml vs the `yaml` package). Ours is checked exactly against
 * the text here, and against the golden with only that wording masked (PARSER_MESSAGE).
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "bad-yaml.yaml":
    "error: could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: yaml: line 4: Flow sequence in block collection must be sufficiently indented and end with a ]\nTo see the stack trace of this error execute with --v=5 or higher\nexit code: 1\n",
};

/** The YAML parser's syntax error after "yaml: " (line number and wording are the parser's own). */
const PARSER_MESSAGE = /(error converting YAML to JSON: yaml: ).*$/m;
const maskParserMessage = (s: string) => s.replace(PARSER_MESSAGE, "$1<the YAML parser's message>");

async function runValidate(text: string, allowExperimental = false): Promise<string> {
  try {
    await validateConfig(text, { facts, log: memoryLogger(), versionFetcher: offlineFetcher, allowExperimental });
    return "ok\nexit code: 0\n";
  } catch (err) {
    const code = err instanceof KubeadmError ? err.exitCode : 99;
    return `${formatError(err, 0)}exit code: ${code}\n`;
  }
}

describe("bad input corpus", () => {
  it("has at least 20 failing documents", () => {
    const failing = files.filter((f) => !readFileSync(join(DIR, f.replace(/\.yaml$/, ".expected")), "utf8").startsWith("ok"));
    expect(failing.length).toBeGreaterThanOrEqual(20);
  });
  for (const f of files) {
    it(f, async () => {
      const golden = readFileSync(join(DIR, f.replace(/\.yaml$/, ".expected")), "utf8");
      const got = await runValidate(readFileSync(join(DIR, f), "utf8"));
      const known = KNOWN_DIFFERENCES[f];
      if (known === undefined) {
        expect(got).toBe(golden);
        return;
      }
      expect(got).toBe(known);
      // the rest of upstream's text (wrapping, hint, exit code) still byte for byte
      expect(PARSER_MESSAGE.test(golden)).toBe(true);
      expect(maskParserMessage(got)).toBe(maskParserMessage(golden));
    });
  }
});

describe("experimental API corpus (config validate --allow-experimental-api)", () => {
  it("has accepted and refused documents", () => {
    const expected = experimentalFiles.map((f) => readFileSync(join(EXPERIMENTAL_DIR, f.replace(/\.yaml$/, ".expected")), "utf8"));
    expect(expected.filter((e) => e.startsWith("ok")).length).toBeGreaterThanOrEqual(2);
    expect(expected.filter((e) => !e.startsWith("ok")).length).toBeGreaterThanOrEqual(3);
  });
  for (const f of experimentalFiles) {
    it(f, async () => {
      const expected = readFileSync(join(EXPERIMENTAL_DIR, f.replace(/\.yaml$/, ".expected")), "utf8");
      expect(await runValidate(readFileSync(join(EXPERIMENTAL_DIR, f), "utf8"), true)).toBe(expected);
    });
  }
});
