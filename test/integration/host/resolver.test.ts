// Failed name lookups worded as upstream's pure-Go resolver words them, compared with the pinned
// upstream kubeadm on the same machine: an unknown name ("lookup h on <server>: no such host") and
// a DNS server that no route leads to (a fresh network namespace: "… dial udp <server>:
// connect: network is unreachable"). Both reach the operator as the version-label warning of any
// command run offline, and in preflight's Hostname warning. Needs root (unshare) and bin/kubeadm
// built (`npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireRoot, requireUpstream } from "../../support/upstream.js";

const repo = join(import.meta.dirname, "../../..");
const ours = join(repo, "bin/kubeadm");

/** stderr of `unshare <flags> sh -c script` with $K set to the binary, klog headers masked. */
function stderrOf(bin: string, unshare: string[], script: string): string {
  const r = spawnSync("unshare", [...unshare, "sh", "-c", script], {
    encoding: "utf8",
    cwd: "/tmp",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/root", K: bin },
    timeout: 60_000,
  });
  return `${r.stdout}${r.stderr}`.replace(/^([IWE])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ /gm, "$1 ");
}

const versionWarning = (text: string): string => text.split("\n").find((l) => l.includes("version.go:108]")) ?? "(no version.go:108 line)";

describe("name lookup failures as upstream words them", () => {
  it("bin/kubeadm is built", () => expect(existsSync(join(repo, "dist/launch.cjs")), "run `npm run build`").toBe(true));

  it("a DNS server no route leads to (fresh network namespace): the version-label warning", () => {
    requireRoot("unshare of the network and UTS namespaces");
    const script = '"$K" config images list';
    const up = versionWarning(stderrOf(requireUpstream("kubeadm"), ["-n"], script));
    expect(up).toMatch(/dial tcp: lookup dl\.k8s\.io on \S+:53: dial udp \S+:53: connect: network is unreachable$/);
    expect(versionWarning(stderrOf(ours, ["-n"], script))).toBe(up);
  });

  it("a name the DNS server does not know: preflight's Hostname warning", () => {
    requireRoot("unshare of the network and UTS namespaces");
    const script = 'hostname kts-no-such-node.invalid && "$K" init phase preflight --ignore-preflight-errors=all 2>&1 | grep "WARNING Hostname"';
    const up = stderrOf(requireUpstream("kubeadm"), ["-u"], script);
    expect(up).toContain('lookup kts-no-such-node.invalid on ');
    expect(stderrOf(ours, ["-u"], script)).toBe(up);
  });
});
