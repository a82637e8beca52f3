// The versions the golden inputs use, from the lab's one pin (test/lab/versions.env): inputs say
// ${KUBERNETES_VERSION} (the pin) or ${PREVIOUS_KUBERNETES_VERSION} (N-1) instead of a literal
// version, so that a version bump is: edit versions.env, `npm run lab:build`, `npm run goldens`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** KEY=VALUE pairs of test/lab/versions.env. */
export const labVersions = Object.fromEntries(
  readFileSync(join(here, "../lab/versions.env"), "utf8")
    .split("\n")
    .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);
export const KUBERNETES_VERSION = labVersions.KUBERNETES_VERSION;
export const PREVIOUS_KUBERNETES_VERSION = labVersions.PREVIOUS_KUBERNETES_VERSION;

/** An input's text with the version placeholders filled in. */
export function fillVersions(text) {
  return text.replaceAll("${KUBERNETES_VERSION}", KUBERNETES_VERSION).replaceAll("${PREVIOUS_KUBERNETES_VERSION}", PREVIOUS_KUBERNETES_VERSION);
}
