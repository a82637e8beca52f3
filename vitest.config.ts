import { defineConfig, configDefaults } from "vitest/config";
import { fileURLToPath } from "node:url";
import { filesReachingTheOracle, testFiles } from "./test/support/oracle-files.js";

const include = ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"];

// `npm run test:quick` (KUBEADM_TS_QUICK=1), for a machine without the upstream oracle: the test
// files that compare with upstream are not run at all (never counted as passed), and are listed.
const quick = process.env.KUBEADM_TS_QUICK === "1";
const repo = fileURLToPath(new URL(".", import.meta.url));
const oracleFiles = quick ? filesReachingTheOracle(repo, testFiles(repo, ["test/unit", "test/integration"])) : [];
if (quick) {
  process.stderr.write(
    `test:quick: NOT a parity run. ${oracleFiles.length} test files compare with upstream kubeadm and are left out ` +
      `(they need \`npm run lab:build\`; \`npm test\` runs them):\n${oracleFiles.map((f) => `  ${f}\n`).join("")}`,
  );
}

export default defineConfig({
  test: {
    include,
    exclude: [...configDefaults.exclude, ...oracleFiles],
    testTimeout: 30_000,
    pool: "forks",
    // The JSON report feeds the one-line summary .ci/run prints at the end.
    reporters: ["default", "json"],
    outputFile: { json: quick ? ".test-results/quick.json" : ".test-results/main.json" },
  },
});
