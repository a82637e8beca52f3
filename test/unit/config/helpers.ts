import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import type { VersionFetcher } from "../../../src/util/version.js";

export const GOLDEN = resolve(__dirname, "../../golden/config");
export const golden = (name: string): string => readFileSync(join(GOLDEN, name), "utf8");


/** Offline: every label lookup fails at once, as on a host without internet. */
export const offlineFetcher: VersionFetcher = async (url) => {
  throw new Error(`unable to get URL "${url}": Get "${url}": dial tcp: lookup ${new URL(url).hostname}: no such host`);
};

export const facts = staticSystemFacts({ hostname: "golden-host", defaultRouteAddress: "10.0.0.1" });
