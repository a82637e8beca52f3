// `-o jsonpath=…`, `-o jsonpath-as-json=…` and `-o jsonpath-file=…` of bin/kubeadm (the esbuild
// bundle, built here) against the pinned upstream kubeadm on the same inputs: `config images list`
// (offline: both fall back to the client version) and `certs check-expiration` on a PKI made by
// upstream. Same stdout, same stderr once klog warning/info lines are dropped, same exit code.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireUpstream } from "../../support/upstream.js";

const ROOT = resolve(__dirname, "../../..");
const OURS = join(ROOT, "bin", "kubeadm");

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

function run(bin: string, args: string[]): Run {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" };
  const r = spawnSync(bin, args, { cwd: "/tmp", encoding: "utf8", env, timeout: 60_000 });
  // both print klog warnings (no network for the version lookup): they are not what is compared
  const stderr = (r.stderr ?? "")
    .split("\n")
    .filter((l) => !/^[WI]\d{4} /.test(l))
    .join("\n");
  return { stdout: r.stdout ?? "", stderr, code: r.status ?? -1 };
}

let dir = "";
let pki = "";
let upstream = "";

beforeAll(() => {
  upstream = requireUpstream("kubeadm");
  // built by npm test before the tests; not rebuilt here: a build empties dist/, which the lab
  // nodes of test:cluster (running alongside) execute kubeadm-ts from
  if (!existsSync(join(ROOT, "dist/main.js"))) throw new Error("dist/ is not built: run `npm run build`");
  dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-jsonpath-"));
  pki = join(dir, "pki");
  const c = spawnSync(upstream, ["init", "phase", "certs", "all", "--cert-dir", pki], { encoding: "utf8" });
  if (c.status !== 0) throw new Error(`upstream could not make a PKI: ${c.stderr}`);
  writeFileSync(join(dir, "tmpl.txt"), '{range .images[*]}- {@}{"\\n"}{end}');
  writeFileSync(join(dir, "bad.txt"), "{.images[");
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** -o values for `config images list`; extra flags after a NUL-free "|" are appended. */
const IMAGES: string[][] = [
  ['jsonpath={.images[0]}{"\\n"}{.kind} {.images[*]}'],
  ["jsonpath={.apiVersion}"],
  ["jsonpath={.kind}{'\\n'}"],
  ["jsonpath="],
  ["jsonpath"],
  ["jsonpath-as-json"],
  ["jsonpath={}"],
  ["jsonpath={@}"],
  ["jsonpath={$.images}"],
  ["jsonpath={.}"],
  ["jsonpath={.images[-1]}"],
  ["jsonpath={.images[-2:]}"],
  ["jsonpath={.images[1:3]}"],
  ["jsonpath={.images[0,2]}"],
  ["jsonpath={.images[0, -1]}"],
  ["jsonpath={.images[::2]}"],
  ["jsonpath={.images[0:6:3]}"],
  ["jsonpath={.images[3:3]}"],
  ["jsonpath={.images[]}"],
  ['jsonpath={range .images[*]}{@}{"\\n"}{end}'],
  ["jsonpath={range .images[1:3]}[{@}]{end}"],
  ["jsonpath={range .images[*]}[{@}]"],
  ["jsonpath={range .nothing[*]}x{end}done"],
  ['jsonpath={.images[?(@=="registry.k8s.io/pause:3.10.2")]}'],
  ["jsonpath={.images[?(@<'registry.k8s.io/kube')]}"],
  ["jsonpath={.images[?(@)]}"],
  ["jsonpath={..images}"],
  ["jsonpath={['kind']}"],
  ["jsonpath={['a.b']}"],
  ["jsonpath={['apiVersion','kind']}"],
  ["jsonpath={.kind.*}"],
  ["jsonpath={.images..*}"],
  ['jsonpath={true} {false} {1.5} {-3} {+7} {"x\\ty"} {1e}'],
  ["jsonpath=text only"],
  ["jsonpath={.missing}"],
  ["jsonpath={.missing}", "--allow-missing-template-keys=false"],
  ["jsonpath={.images[0]}{.missing}"],
  ["jsonpath={.images[", "--allow-missing-template-keys=false"],
  ["jsonpath={.images["],
  ["jsonpath={.kind"],
  ["jsonpath={.images[x]}"],
  ["jsonpath={.images[1:-]}"],
  ["jsonpath={.images[?(@.x==1]}"],
  ["jsonpath={.images[?(@.x==1)x}"],
  ['jsonpath={"abc}'],
  ["jsonpath={'a\\qb'}"],
  ["jsonpath={....}"],
  ["jsonpath={!}"],
  ["jsonpath={\t}"],
  ["jsonpath={1.2.3}"],
  ["jsonpath={-}"],
  ["jsonpath={.images[9]}"],
  ["jsonpath={.images[-9]}"],
  ["jsonpath={.images[3:1]}"],
  ["jsonpath={.images[::0]}"],
  ["jsonpath={.kind[0]}"],
  ["jsonpath={.kind[?(@==1)]}"],
  ["jsonpath={.images[?(@==1)]}"],
  ["jsonpath={.images[?(@<true)]}"],
  ["jsonpath={.images[?(@=~'x')]}"],
  ["jsonpath={end}"],
  ["jsonpath={foo}"],
  ["jsonpath={.images[0]}<&>"],
  ["jsonpath-as-json={.images[0:2]}{.kind}"],
  ["jsonpath-as-json={.missing}"],
  ["jsonpath-as-json={@}"],
  ["jsonpath-as-json=a{range .images[0:2]}{@}{end}"],
  ["jsonpathx={.kind}"],
];

const CERTS: string[][] = [
  ["jsonpath={.certificates[*].name}"],
  ['jsonpath={range .certificates[*]}{.name}{"\\t"}{.caName}{"\\t"}{.missing}{"\\n"}{end}'],
  ["jsonpath={.certificates[?(@.missing==true)].name}"],
  ["jsonpath={.certificates[?(@.missing!=true)].name}"],
  ["jsonpath={.certificates[?(@.caName)].name}"],
  ['jsonpath={.certificates[?(@.caName=="etcd-ca")].name}'],
  ["jsonpath={.certificates[?(@.residualTime==0.0)].name}"],
  ["jsonpath={.certificates[?(@.residualTime>1000.5)].name}"],
  ["jsonpath={.certificates[?(@.name<'b')].name}"],
  ["jsonpath={.certificates[?(@.name>='etcd')].name}"],
  ["jsonpath={.certificates[0]}"],
  ["jsonpath={.certificates[0].expirationDate} {.certificates[0].residualTime} {.certificates[0].externallyManaged}"],
  ["jsonpath={.certificates..name}"],
  ["jsonpath={.certificateAuthorities[*].expirationDate}"],
  ["jsonpath={.certificates[0,-1].name}"],
  ["jsonpath={range .certificateAuthorities[*]}{.name}={.missing}{','}{end}"],
  ["jsonpath={.certificates[?(@.missing==true)]}"],
  ["jsonpath-as-json={.certificates[?(@.missing==true)]}"],
  ["jsonpath-as-json={.certificates[*].name}{.kind}"],
  ["jsonpath={.certificates[*].nothing}"],
];

describe("-o jsonpath against upstream kubeadm", () => {
  it("has a corpus of at least 25 templates", () => {
    expect(IMAGES.length + CERTS.length).toBeGreaterThanOrEqual(25);
  });

  for (const [format, ...extra] of IMAGES) {
    it(`config images list -o ${JSON.stringify(format)} ${extra.join(" ")}`, () => {
      const args = ["config", "images", "list", "-o", format!, ...extra];
      const up = run(upstream, args);
      const ts = run(OURS, args);
      expect(ts).toEqual(up);
    });
  }

  for (const [format, ...extra] of CERTS) {
    it(`certs check-expiration -o ${JSON.stringify(format)}`, () => {
      const args = ["certs", "check-expiration", "--cert-dir", pki, "-o", format!, ...extra];
      const up = run(upstream, args);
      const ts = run(OURS, args);
      expect(up.code).toBe(0);
      expect(ts).toEqual(up);
    });
  }

  it("jsonpath-file: a template from a file, a missing file, a file with a bad template", () => {
    for (const file of [join(dir, "tmpl.txt"), join(dir, "absent.txt"), join(dir, "bad.txt"), dir]) {
      const args = ["config", "images", "list", "-o", `jsonpath-file=${file}`];
      const up = run(upstream, args);
      expect(run(OURS, args)).toEqual(up);
    }
    const up = run(upstream, ["config", "images", "list", "-o", `jsonpath-file=${join(dir, "tmpl.txt")}`]);
    expect(up.stdout).toContain("- registry.k8s.io/pause:");
  });
});
