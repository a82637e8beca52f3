// A ConfigMap's data as upstream's `kubeadm init --dry-run` printed it (test/golden/cluster/
// init-dryrun-default.txt): the cluster a test builds on a real kube-apiserver starts from it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export function goldenConfigMapData(name: string, key: string): string {
  const text = readFileSync(join(__dirname, "../golden/cluster/init-dryrun-default.txt"), "utf8");
  for (const chunk of text.split("[dryrun] Attached object:\n").slice(1)) {
    const o = parse(chunk.split("\n\n")[0]!) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> };
    if (o.kind === "ConfigMap" && o.metadata?.name === name) return o.data![key]!;
  }
  throw new Error(`no ConfigMap ${name}`);
}
