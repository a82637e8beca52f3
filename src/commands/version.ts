/**
 * `kubeadm version [-o short|json|yaml]`, with upstream's version.Info keys.
 *
 * gitVersion/major/minor come from KUBERNETES_VERSION, so version-skew checks
 * that read `kubeadm version` treat kubeadm-ts as the kubeadm it mirrors.
 * gitCommit/gitTreeState/buildDate describe the kubeadm-ts build (stamped by
 * scripts/build.mjs, read through src/build-info.ts). goVersion carries the Node.js version and compiler is
 * "kubeadm-ts": the keys stay upstream's so tools parsing them keep working,
 * while the values tell the truth about what runs.
 */
import { handler, type CommandSpec } from "../cli/command.js";
import { outputVersion } from "../cli/options.js";
import { KUBERNETES_VERSION } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { buildStamps } from "../build-info.js";

export const versionCommand: CommandSpec = {
  use: "version",
  short: "Print the version of kubeadm",
  flags: [outputVersion],
  args: { kind: "none" },
  run: handler(async (ctx) => {
    const v = versionInfo(buildStamps());
    const output = String(ctx.flags["output"] ?? "");
    switch (output) {
      case "":
        ctx.stdout.write(`kubeadm version: ${formatGoStruct(v)}\n`);
        return;
      case "short":
        ctx.stdout.write(`${v.gitVersion}\n`);
        return;
      case "yaml":
        ctx.stdout.write(formatYaml(v) + "\n");
        return;
      case "json":
        ctx.stdout.write(formatJson(v) + "\n");
        return;
      default:
        throw new KubeadmError(`invalid output format: ${output}`);
    }
  }),
};

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

const GO_ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

export function versionInfo(env: Readonly<Record<string, string | undefined>> = process.env): VersionInfo {
  const m = /^v(\d+)\.(\d+)/.exec(KUBERNETES_VERSION);
  return {
    major: m ? m[1]! : "",
    minor: m ? m[2]! : "",
    gitVersion: KUBERNETES_VERSION,
    gitCommit: env.KUBEADM_TS_GIT_COMMIT ?? "",
    gitTreeState: env.KUBEADM_TS_GIT_TREE_STATE ?? "",
    buildDate: env.KUBEADM_TS_BUILD_DATE ?? "1970-01-01T00:00:00Z",
    goVersion: process.version,
    compiler: "kubeadm-ts",
    platform: `${process.platform}/${GO_ARCH[process.arch] ?? process.arch}`,
  };
}

/** Go's %#v of version.Info, field order and empty emulation fields included. */
export function formatGoStruct(v: VersionInfo): string {
  const q = JSON.stringify;
  return (
    `&version.Info{Major:${q(v.major)}, Minor:${q(v.minor)}, EmulationMajor:"", EmulationMinor:"", ` +
    `MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:${q(v.gitVersion)}, GitCommit:${q(v.gitCommit)}, ` +
    `GitTreeState:${q(v.gitTreeState)}, BuildDate:${q(v.buildDate)}, GoVersion:${q(v.goVersion)}, ` +
    `Compiler:${q(v.compiler)}, Platform:${q(v.platform)}}`
  );
}

/** A YAML 1.1 plain scalar that would read back as something other than this string needs quotes. */
function yamlScalar(s: string): string {
  const special =
    s === "" ||
    /^(?:[-+]?(?:0|[1-9][0-9_]*)|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[-+]?(?:\d[\d_]*)?\.\d*(?:[eE][-+]?\d+)?|[-+]?\d[\d_]*(?:\.\d*)?[eE][-+]?\d+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?\d+(?::[0-5]?\d)+(?:\.\d*)?)$/.test(s) ||
    /^\d{4}-\d\d?-\d\d?(?:[Tt ].*)?$/.test(s) ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) ||
    /[:#]\s|\s$|: *$/.test(s);
  return special ? JSON.stringify(s) : s;
}

export function formatYaml(v: VersionInfo): string {
  const keys = Object.keys(v).sort() as Array<keyof VersionInfo>;
  return "clientVersion:\n" + keys.map((k) => `  ${k}: ${yamlScalar(v[k])}\n`).join("");
}

export function formatJson(v: VersionInfo): string {
  return JSON.stringify({ clientVersion: v }, null, 2);
}
