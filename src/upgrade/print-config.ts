/**
 * upstream's printConfiguration (cmd/upgrade/common.go): `--print-config` prints the cluster's
 * ClusterConfiguration (v1beta4) under "[upgrade/config] Configuration used:", each line indented
 * by a tab.
 */
import type { Writable } from "node:stream";
import type { ClusterConfiguration } from "../config/types.js";
import { marshalClusterConfiguration } from "../config/encode.js";

/** The text printed (pure). */
export function configurationUsedText(cfg: ClusterConfiguration): string {
  const yaml = marshalClusterConfiguration(cfg);
  const lines = yaml.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return "[upgrade/config] Configuration used:\n" + lines.map((l) => `\t${l}\n`).join("");
}

export function printConfiguration(cfg: ClusterConfiguration, out: Writable): void {
  out.write(configurationUsedText(cfg));
}
