/**
 * The node validators kubeadm's SystemVerification runs (from k8s.io/system-validators):
 * kernel (release and config options), OS name, and cgroup controllers (v1 or v2).
 * Each returns [warnings, errors] as message strings and reports lines to a Reporter.
 */
import { gunzipSync } from "node:zlib";
import type { HostFacts } from "../../host/host-facts.js";
import { parseSemantic } from "../../util/version.js";
import type { Reporter } from "./reporter.js";
import type { KernelConfig, SysSpec } from "./sys-spec.js";

export type Validation = { warnings: string[]; errors: string[] };
const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const MOUNTS_FILE = "/proc/mounts";
const DEFAULT_UNIFIED_MOUNT_POINT = "/sys/fs/cgroup";

/** Where cgroups are mounted and whether that is the v2 (unified) hierarchy. */
export async function unifiedMountpoint(facts: HostFacts): Promise<{ mountpoint: string; v2: boolean }> {
  const text = (await facts.readFile(MOUNTS_FILE)).toString("utf8");
  let v1Mount = "";
  for (const line of text.split("\n")) {
    if (!line.includes("cgroup")) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    if (f[1] === DEFAULT_UNIFIED_MOUNT_POINT) {
      if (f[2] === "tmpfs") {
        // A tmpfs at /sys/fs/cgroup is v1 (or hybrid) when it holds a memory controller directory.
        let kind = null;
        try {
          kind = await facts.stat(`${DEFAULT_UNIFIED_MOUNT_POINT}/memory`);
        } catch {
          kind = "other";
        }
        return { mountpoint: DEFAULT_UNIFIED_MOUNT_POINT, v2: kind === null || kind !== "dir" };
      }
      return { mountpoint: DEFAULT_UNIFIED_MOUNT_POINT, v2: f[2] === "cgroup2" };
    }
    if (f[2] === "cgroup2") return { mountpoint: f[1]!, v2: true };
    if (f[2] === "cgroup" && v1Mount === "") v1Mount = f[1]!;
  }
  if (v1Mount !== "") return { mountpoint: v1Mount, v2: false };
  throw new Error(`cannot get a cgroupfs mount point from "${MOUNTS_FILE}"`);
}

async function kernelConfigText(facts: HostFacts, release: string): Promise<string> {
  const paths = [
    "/proc/config.gz",
    `/boot/config-${release}`,
    `/usr/src/linux-${release}/.config`,
    "/usr/src/linux/.config",
    `/usr/lib/modules/${release}/config`,
    `/usr/lib/ostree-boot/config-${release}`,
    `/usr/lib/kernel/config-${release}`,
    `/usr/src/linux-headers-${release}/.config`,
    `/lib/modules/${release}/build/.config`,
  ];
  let loaded = false;
  try {
    for (;;) {
      for (const p of paths) {
        try {
          if ((await facts.stat(p)) === null) continue;
        } catch {
          continue;
        }
        const data = await facts.readFile(p);
        return (p.endsWith(".gz") ? gunzipSync(data) : data).toString("utf8");
      }
      if (loaded) break;
      const r = await facts.exec("modprobe", ["configs"]);
      if (r.error) {
        throw new Error(`unable to load kernel module: "configs", output: ${JSON.stringify(r.stdout + r.stderr)}, err: ${r.error}`);
      }
      loaded = true;
    }
  } finally {
    if (loaded) await facts.exec("modprobe", ["-r", "configs"]);
  }
  return Promise.reject(new Error(`no config path in [${paths.join(" ")}] is available`));
}

function parseKernelConfig(text: string): Map<string, string> {
  const config = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!/^CONFIG_[A-Z0-9_]+=[myn]/.test(line)) continue;
    const [key, value] = line.split("=");
    config.set(key!, value![0]!);
  }
  return config;
}

export async function validateKernel(facts: HostFacts, spec: SysSpec, reporter: Reporter): Promise<Validation> {
  const res: Validation = { warnings: [], errors: [] };
  const release = facts.kernelRelease();
  const k = spec.kernel;
  if (k.versions.some((re) => new RegExp(re).test(release))) reporter.report("KERNEL_VERSION", release, "good");
  else {
    reporter.report("KERNEL_VERSION", release, "bad");
    res.warnings.push(`kernel release ${release} is unsupported. ${k.versionsNote}`);
  }
  if (k.required.length + k.forbidden.length + k.optional.length + k.requiredCgroupsV1.length + k.requiredCgroupsV2.length === 0) return res;

  let config: Map<string, string>;
  try {
    config = parseKernelConfig(await kernelConfigText(facts, release));
  } catch (err) {
    res.errors.push(`failed to parse kernel config: ${msg(err)}`);
    return res;
  }
  const bad: string[] = [];
  const record = (name: string, text: string, desc: string | undefined, result: "good" | "bad" | "warn"): void => {
    if (result === "bad") bad.push(name);
    reporter.report(name, result !== "good" && desc ? `${text} - ${desc}` : text, result);
  };
  const validate = (c: KernelConfig, expect: "required" | "optional" | "forbidden"): void => {
    const [found, missing] = expect === "required" ? (["good", "bad"] as const) : expect === "optional" ? (["good", "warn"] as const) : (["bad", "good"] as const);
    let name = "";
    let opt: string | undefined;
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      name = `CONFIG_${n}`;
      opt = config.get(name);
      if (opt !== undefined) break;
    }
    if (opt === undefined) return record(name, "not set", c.description, missing);
    if (opt === "y") record(name, "enabled", c.description, found);
    else if (opt === "m") record(name, "enabled (as module)", c.description, found);
    else if (opt === "n") record(name, "disabled", c.description, missing);
    else record(name, `unknown option: ${opt}`, c.description, missing);
  };
  for (const c of k.required) validate(c, "required");
  let v2: boolean;
  try {
    v2 = (await unifiedMountpoint(facts)).v2;
  } catch (err) {
    res.errors.push(`failed to get unified mountpoint: ${msg(err)}`);
    return res;
  }
  for (const c of v2 ? k.requiredCgroupsV2 : k.requiredCgroupsV1) validate(c, "required");
  for (const c of k.optional) validate(c, "optional");
  for (const c of k.forbidden) validate(c, "forbidden");
  if (bad.length > 0) res.errors.push(`unexpected kernel config: ${bad.join(" ")}`);
  return res;
}

export async function validateOS(facts: HostFacts, spec: SysSpec, reporter: Reporter): Promise<Validation> {
  const os = facts.osName();
  if (os !== spec.os) {
    reporter.report("OS", os, "bad");
    return { warnings: [], errors: [`unsupported operating system: ${os}`] };
  }
  reporter.report("OS", os, "good");
  return { warnings: [], errors: [] };
}

export const CGROUP_V1_DEPRECATED =
  "cgroups v1 support is deprecated and will be removed in a future release. " +
  "Please migrate to cgroups v2. To explicitly enable cgroups v1 support for kubelet v1.35 or newer, " +
  "you must set the kubelet configuration option 'FailCgroupV1' to 'false'. You must also explicitly " +
  "skip this validation. For more information, see https://git.k8s.io/enhancements/keps/sig-node/5573-remove-cgroup-v1";

async function cgroupV1Subsystems(facts: HostFacts): Promise<string[]> {
  const text = (await facts.readFile("/proc/cgroups")).toString("utf8");
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const parts = line.trim().split(/\s+/);
    if (parts.length >= 4 && parts[3] !== "0") out.push(parts[0]!);
  }
  return out;
}

async function cgroupV2Subsystems(facts: HostFacts, mountpoint: string): Promise<{ subsystems: string[]; warning?: string }> {
  const subsystems = ["devices"];
  let warning: string | undefined;
  // The freezer is usable when a new cgroup gets a cgroup.freeze file.
  let dir: string | null = null;
  try {
    dir = await facts.makeTempDir(mountpoint, "freezer-test");
  } catch (err) {
    warning = msg(err);
  }
  if (dir !== null) {
    try {
      const kind = await facts.stat(`${dir}/cgroup.freeze`);
      if (kind !== null) subsystems.push("freezer");
    } catch (err) {
      subsystems.push("freezer");
      warning = `could not stat "cgroup.freeze" file in "${dir}": ${msg(err)}`;
    }
    try {
      await facts.removeAll(dir);
    } catch (err) {
      warning = `error removing directory "${dir}": ${msg(err)}`;
    }
  }
  const data = (await facts.readFile(`${mountpoint}/cgroup.controllers`)).toString("utf8");
  subsystems.push(...data.trim().split(/\s+/).filter((s) => s !== ""));
  return warning === undefined ? { subsystems } : { subsystems, warning };
}

export async function validateCgroups(facts: HostFacts, spec: SysSpec, reporter: Reporter, kubeletVersion: string): Promise<Validation> {
  let res: Validation = { warnings: [], errors: [] };
  let mount;
  try {
    mount = await unifiedMountpoint(facts);
  } catch (err) {
    return { warnings: [], errors: [`cannot get a cgroup mount point: ${msg(err)}`] };
  }
  let subsystems: string[];
  let required: string[];
  let optional: string[];
  if (mount.v2) {
    try {
      const r = await cgroupV2Subsystems(facts, mount.mountpoint);
      subsystems = r.subsystems;
      if (r.warning) res.warnings.push(r.warning);
    } catch (err) {
      return { warnings: [], errors: [`failed to get cgroups v2 subsystems: ${msg(err)}`] };
    }
    required = spec.cgroupsV2;
    optional = spec.cgroupsV2Optional;
  } else {
    let v1Disabled = false;
    if (kubeletVersion !== "") {
      try {
        v1Disabled = parseSemantic(kubeletVersion).atLeast(parseSemantic("1.35.0-0"));
      } catch (err) {
        return { warnings: [], errors: [`malformed KubeletVersion in CgroupsValidator: ${msg(err)}`] };
      }
    }
    if (v1Disabled) res.errors.push(CGROUP_V1_DEPRECATED);
    else res.warnings.push(CGROUP_V1_DEPRECATED);
    try {
      subsystems = await cgroupV1Subsystems(facts);
    } catch (err) {
      return { warnings: [], errors: [`failed to get cgroups v1 subsystems: ${msg(err)}`] };
    }
    required = spec.cgroups;
    optional = spec.cgroupsOptional;
  }
  const check = (list: string[], isRequired: boolean): string[] => {
    const missing: string[] = [];
    for (const c of list) {
      const item = `CGROUPS_${c.toUpperCase()}`;
      if (subsystems.includes(c)) reporter.report(item, "enabled", "good");
      else {
        reporter.report(item, "missing", isRequired ? "bad" : "warn");
        missing.push(c);
      }
    }
    return missing;
  };
  const missingRequired = check(required, true);
  // Upstream replaces (not extends) the error list here, dropping the cgroup v1 error.
  if (missingRequired.length > 0) res = { ...res, errors: [`missing required cgroups: ${missingRequired.join(" ")}`] };
  const missingOptional = check(optional, false);
  if (missingOptional.length > 0) res.warnings.push(`missing optional cgroups: ${missingOptional.join(" ")}`);
  return res;
}
