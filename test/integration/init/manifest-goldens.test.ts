// Offline parity of `kubeadm init phase ...` with the manifest golden corpus (test/golden/manifests/).
// Its generator, test/golden/manifests/update.sh, runs bin/kubeadm here instead of upstream
// (KUBEADM_UPSTREAM names the kubeadm it runs; --out writes to a temp dir): the same config, host
// name, environment, patches, fake systemctl and private mounts, phase by phase (certs ca,
// control-plane all, etcd local, kubelet-start, kubeconfig all). Every file it produces must equal
// the committed golden byte for byte:
//   stdout-<phase>.txt, stderr-<phase>.txt   what each phase printed (no stderr file: nothing printed)
//   modes.txt                                modes of every file and directory written
//   etc/kubernetes/manifests/*.yaml, var/lib/kubelet/*, etc/kubernetes/*.conf
//                                            also compared in-process by test/unit/manifests and
//                                            test/unit/kubeconfig; here through the CLI
// The only normalisations are the generator's own, so both sides get them alike:
//   - stderr: klog headers ("W1206 10:08:58.087000   1234 file.go:12] ") are cut, as they carry a
//     time and a pid (and upstream's source line, which kubeadm-ts names only roughly);
//   - kubeconfigs: certificate-authority-data, client-certificate-data, client-key-data and token
//     values become REDACTED, as every run makes a fresh CA and fresh keys;
//   - certificates and keys are not kept at all (etc/pki is not copied, and left out of modes.txt);
//   - ${KUBERNETES_VERSION} / ${PREVIOUS_KUBERNETES_VERSION} in config.yaml are filled in.
// host-ca-dirs.txt is not kubeadm output but the optional CA directories present on the host that
// ran the script (they become hostPath mounts of the apiserver and controller-manager): the run's
// must equal the golden's, or the manifests cannot be compared on this host.
// Needs root (update.sh mounts in private namespaces), unshare, and `npm run build`; without them
// these tests FAIL, they are never skipped. No upstream binary is needed.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TS_KUBEADM, textDiff } from "../../lab/oracle/index.js";
import { GOLDEN_DIR, goldenCases, listFiles } from "../../unit/manifests/golden-helpers.js";

const TIMEOUT = 600_000;
const cases = goldenCases();

function requirements(): string[] {
  const missing: string[] = [];
  if (typeof process.getuid !== "function" || process.getuid() !== 0) missing.push("root (test/golden/manifests/update.sh mounts in private namespaces)");
  if (!existsSync(TS_KUBEADM) || !existsSync(new URL("../../../dist", import.meta.url))) missing.push("bin/kubeadm with dist/ (run `npm run build`)");
  return missing;
}

/** Files of the golden's output kinds, as the test groups them. */
const isPrinted = (f: string) => /^std(out|err)-[a-z-]+\.txt$/.test(f);
const isWritten = (f: string) => f.startsWith("etc/") || f.startsWith("var/");

/**
 * The differences between the golden and our files among `files` (the empty string when none).
 * A missing file reads as `absent` (update.sh deletes an empty stderr file, so "" there).
 */
function differences(goldenDir: string, oursDir: string, files: string[], absent = "<missing>"): string {
  const out: string[] = [];
  const read = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : absent);
  for (const f of files) {
    const want = read(join(goldenDir, f));
    const got = read(join(oursDir, f));
    const d = textDiff(want, got, 20);
    if (d) out.push(`${f}: ${d}`);
  }
  return out.join("\n\n");
}

describe("init phases of bin/kubeadm vs the manifest goldens (offline)", () => {
  let out = "";

  beforeAll(() => {
    const missing = requirements();
    if (missing.length > 0) throw new Error(`the manifest golden corpus cannot run bin/kubeadm; missing: ${missing.join(", ")}`);
    out = mkdtempSync(join(tmpdir(), "manifest-goldens-ts-"));
    execFileSync("bash", [join(GOLDEN_DIR, "update.sh"), "--out", out], {
      env: { ...process.env, KUBEADM_UPSTREAM: TS_KUBEADM },
      stdio: "pipe",
      timeout: TIMEOUT,
    });
  }, TIMEOUT);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("the corpus has at least 8 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  for (const c of cases) {
    describe(c.name, () => {
      const golden = existsSync(c.expectedDir) ? listFiles(c.expectedDir) : [];
      const ours = () => join(out, c.name);

      it("this host has the golden's optional CA directories", () => {
        expect(readFileSync(join(ours(), "host-ca-dirs.txt"), "utf8"), "re-generate the goldens on a host like the generating one").toBe(
          readFileSync(join(c.expectedDir, "host-ca-dirs.txt"), "utf8"),
        );
      });

      it("produces the same set of files", () => {
        expect(listFiles(ours())).toEqual(golden);
      });

      it("prints the same stdout and stderr, phase by phase", () => {
        const files = [...new Set([...golden, ...listFiles(ours())].filter(isPrinted))].sort();
        expect(files.filter((f) => f.startsWith("stdout-")).length).toBe(5);
        expect(differences(c.expectedDir, ours(), files, "")).toBe("");
      });

      it("writes files and directories with the same modes", () => {
        expect(differences(c.expectedDir, ours(), ["modes.txt"])).toBe("");
      });

      it("writes the same manifests, kubelet files and (redacted) kubeconfigs", () => {
        const files = golden.filter(isWritten);
        expect(files.length).toBeGreaterThanOrEqual(11);
        expect(differences(c.expectedDir, ours(), files)).toBe("");
      });

      it("every golden file is in one of the groups above", () => {
        expect(golden.filter((f) => !isPrinted(f) && !isWritten(f) && f !== "modes.txt" && f !== "host-ca-dirs.txt")).toEqual([]);
      });
    });
  }
});
