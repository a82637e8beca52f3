// The configuration a command loads sets the active timeouts.kubernetesAPICall the API helpers
// retry for (upstream's prepareStaticVariables in LoadOrDefault*Configuration); a configuration
// read from the cluster does not. The effect on a command (token create giving up after the
// configured 2s with upstream's error) is compared with upstream in
// test/integration/client/real-apiserver.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { activeKubernetesAPICallTimeout, setActiveKubernetesAPICallTimeout } from "../../../src/client/idempotency.js";
import { loadInitConfiguration, loadJoinConfiguration, loadResetConfiguration } from "../../../src/config/load.js";
import { KUBERNETES_API_CALL_TIMEOUT_MS, KUBERNETES_VERSION } from "../../../src/constants.js";
import { memoryLogger } from "../../../src/util/log.js";
import { facts, offlineFetcher } from "./helpers.js";

const o = { facts, log: memoryLogger(), versionFetcher: offlineFetcher, skipCRIDetect: true };
const doc = (kind: string, extra = "") => `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ${kind}\ntimeouts:\n  kubernetesAPICall: 7s\n${extra}`;
const cluster = `---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${KUBERNETES_VERSION}\n`;

afterEach(() => setActiveKubernetesAPICallTimeout(KUBERNETES_API_CALL_TIMEOUT_MS));

describe("the active timeouts.kubernetesAPICall", () => {
  it("is the default until a configuration is loaded", () => {
    expect(activeKubernetesAPICallTimeout()).toBe(KUBERNETES_API_CALL_TIMEOUT_MS);
  });

  it("is the loaded Init, Join or Reset configuration's", async () => {
    await loadInitConfiguration({ ...o, configText: doc("InitConfiguration") + cluster });
    expect(activeKubernetesAPICallTimeout()).toBe(7000);
    setActiveKubernetesAPICallTimeout(1);
    await loadJoinConfiguration({ ...o, configText: doc("JoinConfiguration", "discovery:\n  bootstrapToken:\n    apiServerEndpoint: 10.0.0.1:6443\n    token: abcdef.0123456789abcdef\n    unsafeSkipCAVerification: true\n") });
    expect(activeKubernetesAPICallTimeout()).toBe(7000);
    setActiveKubernetesAPICallTimeout(1);
    await loadResetConfiguration({ ...o, configText: doc("ResetConfiguration") });
    expect(activeKubernetesAPICallTimeout()).toBe(7000);
  });

  it("goes back to the default with a configuration from flags", async () => {
    setActiveKubernetesAPICallTimeout(1);
    await loadInitConfiguration({ ...o, fromFlags: { cluster: { kubernetesVersion: KUBERNETES_VERSION } } });
    expect(activeKubernetesAPICallTimeout()).toBe(KUBERNETES_API_CALL_TIMEOUT_MS);
  });

  it("is left alone by a configuration read from the cluster", async () => {
    setActiveKubernetesAPICallTimeout(1);
    await loadInitConfiguration({ ...o, configText: doc("InitConfiguration") + cluster, keepActiveTimeouts: true });
    expect(activeKubernetesAPICallTimeout()).toBe(1);
  });
});
