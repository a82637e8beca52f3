// The multi-node lab's tests (`npm run test:cluster`): root, `npm run lab:build`, long timeouts;
// run by `npm test` after the lab smoke (test:lab), alongside vitest (scripts/test.sh); .ci/run counts .test-results/cluster.json.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../../..", import.meta.url).pathname,
    include: ["test/lab/cluster/**/*.test.ts"],
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    pool: "forks",
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: ".test-results/cluster.json" },
  },
});
