// A loopback advertise address selects the global unicast address found on "lo" (RFC 5549
// setups, apimachinery's ChooseBindAddressForInterface). Without one — a plain loopback
// interface, as on this host — upstream's error is in the bad-input corpus
// (test/golden/config/bad-input/loopback-advertise-address*.expected, captured from upstream).
import { describe, expect, it } from "vitest";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import { memoryLogger } from "../../../src/util/log.js";
import { golden, offlineFetcher } from "./helpers.js";

const config = (address: string) =>
  ["apiVersion: kubeadm.k8s.io/v1beta4", "kind: InitConfiguration", "localAPIEndpoint:", `  advertiseAddress: "${address}"`, "---", "apiVersion: kubeadm.k8s.io/v1beta4", "kind: ClusterConfiguration", "kubernetesVersion: v1.37.0", ""].join("\n");

describe("a loopback advertise address", () => {
  for (const address of ["127.0.0.1", "127.1.2.3", "::1"]) {
    it(`${address} takes lo's global unicast address`, async () => {
      const facts = staticSystemFacts({ hostname: "n", loopbackAddress: "192.0.2.10" });
      const cfg = await loadInitConfiguration({ configText: config(address), facts, log: memoryLogger(), versionFetcher: offlineFetcher, skipCRIDetect: true });
      expect(cfg.localAPIEndpoint.advertiseAddress).toBe("192.0.2.10");
    });
  }

  it("fails with upstream's text when lo has none", async () => {
    const facts = staticSystemFacts({ hostname: "n" });
    const upstream = golden("bad-input/loopback-advertise-address.expected").split("\n")[0]!.replace(/^error: /, "");
    const err = await loadInitConfiguration({ configText: config("127.0.0.1"), facts, log: memoryLogger(), versionFetcher: offlineFetcher, skipCRIDetect: true }).catch((e: Error) => e);
    expect((err as Error).message).toBe(upstream);
  });
});
