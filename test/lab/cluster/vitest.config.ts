// The multi-node lab's tests (`npm run test:cluster`): root, `npm run lab:build`, long timeouts;
// never part of `npm test` or the lab smoke (test:lab).
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
