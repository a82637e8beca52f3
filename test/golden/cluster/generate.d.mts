import type { SpawnSyncReturns } from "node:child_process";
export function runUpstream(args: string[]): SpawnSyncReturns<string>;
