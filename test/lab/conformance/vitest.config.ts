// Kubernetes conformance on the multi-node lab (`npm run test:conformance`, `test:conformance-ci`):
// root, `npm run lab:build`, the lab lock, long timeouts. `npm test` runs the CI subset last
// (scripts/test.sh); .ci/run counts .test-results/conformance.json. The full focus by hand.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../../..", import.meta.url).pathname,
    include: ["test/lab/conformance/**/*.test.ts"],
    testTimeout: 3 * 60 * 60_000,
    hookTimeout: 90 * 60_000,
    pool: "forks",
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: ".test-results/conformance.json" },
  },
});
