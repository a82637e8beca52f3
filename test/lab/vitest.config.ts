// Lab tests: need root, real binaries from `npm run lab:build`, and long timeouts; run them with
// `npm run test:lab` (never part of the unit run).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/lab/**/*.test.ts"],
    // the multi-node lab has its own runs (npm run test:cluster, cluster/vitest.config.ts;
    // npm run test:conformance, conformance/vitest.config.ts)
    exclude: ["test/lab/cluster/**", "test/lab/conformance/**", "**/node_modules/**"],
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
    pool: "forks",
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: ".test-results/lab.json" },
  },
});
