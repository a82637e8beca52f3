// Token discovery when dry-running (upstream's getClusterInfo with the dry-run client): a
// cluster-info without the token's signature switches discovery to the dry-run token, CA pin and
// endpoint that the dry-run's fake cluster-info is signed and served for, with upstream's warning.
import { describe, expect, it } from "vitest";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { DRY_RUN_DISCOVERY, retrieveValidatedConfigInfo } from "../../../src/discovery/token.js";
import { fakeClusterInfoConfigMap } from "../../../src/client/dry-run-fixtures.js";

describe("token discovery, dry-run", () => {
  it("no signature for the token: the dry-run token, pin and endpoint; then the fake cluster-info validates", async () => {
    const warnings: string[] = [];
    let calls = 0;
    const r = await retrieveValidatedConfigInfo({
      apiServerEndpoint: "10.0.0.1:6443",
      token: "zzzzzz.0123456789abcdef",
      caCertHashes: [`sha256:${"0".repeat(64)}`],
      timeoutMs: 10_000,
      retryIntervalMs: 1,
      sleep: async () => undefined,
      getClusterInfo: async (): Promise<ConfigMap> => (calls++ === 0 ? { data: { kubeconfig: "apiVersion: v1\n" } } : fakeClusterInfoConfigMap()),
      dryRun: { warn: (m) => warnings.push(m) },
    });
    expect(r.cluster.server).toBe(DRY_RUN_DISCOVERY.endpoint);
    expect(calls).toBe(3); // the insecure read twice (the second with the dry-run token), then the TLS-checked one
    expect(warnings).toEqual([
      "[dryrun] Mutating the JoinConfiguration.Discovery.BootstrapToken to satisfy the dry-run without a real cluster-info ConfigMap:\n  Token: abcdef.abcdef0123456789\n  CACertHash: sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a\n  APIServerEndpoint: https://192.168.0.101:6443\n",
    ]);
  });

  it("without dry-run the same answer is retried until the timeout, with upstream's error", async () => {
    let t = 0;
    await expect(
      retrieveValidatedConfigInfo({
        apiServerEndpoint: "10.0.0.1:6443",
        token: "zzzzzz.0123456789abcdef",
        caCertHashes: [],
        timeoutMs: 5,
        retryIntervalMs: 1,
        now: () => t,
        sleep: async (ms) => void (t += ms),
        getClusterInfo: async () => fakeClusterInfoConfigMap(),
      }),
    ).rejects.toThrow('could not find a JWS signature in the cluster-info ConfigMap for token ID "zzzzzz"');
  });
});
