/**
 * The Linux system spec kubeadm validates against (k8s.io/system-validators
 * v1.12.1 DefaultSysSpec, as vendored by Kubernetes v1.36): supported kernels,
 * kernel config options, and required/optional cgroup controllers.
 */
export interface KernelConfig {
  name: string;
  aliases?: string[];
  description?: string;
}

export interface SysSpec {
  os: string;
  kernel: {
    versions: string[];
    versionsNote: string;
    required: KernelConfig[];
    requiredCgroupsV1: KernelConfig[];
    requiredCgroupsV2: KernelConfig[];
    optional: KernelConfig[];
    forbidden: KernelConfig[];
  };
  cgroups: string[];
  cgroupsOptional: string[];
  cgroupsV2: string[];
  cgroupsV2Optional: string[];
}

const names = (...n: string[]): KernelConfig[] => n.map((name) => ({ name }));

export const DEFAULT_SYS_SPEC: SysSpec = {
  os: "Linux",
  kernel: {
    versions: ["^5\\.4.*$", "^5\\.10.*$", "^5\\.15.*$", "^([6-9]|[1-9][0-9]+)\\.([0-9]+)\\.([0-9]+).*$"],
    versionsNote:
      "Supported LTS versions from the 5.x series are 5.4, 5.10 and 5.15. Any 6.x version is also supported. For cgroups v2 support, the recommended version is 5.10 or newer",
    required: [
      ...names("NAMESPACES", "NET_NS", "PID_NS", "IPC_NS", "UTS_NS", "CPUSETS", "MEMCG", "INET", "EXT4_FS", "PROC_FS"),
      { name: "NETFILTER_XT_TARGET_REDIRECT", aliases: ["IP_NF_TARGET_REDIRECT"] },
      ...names("NETFILTER_XT_MATCH_COMMENT", "FAIR_GROUP_SCHED"),
    ],
    requiredCgroupsV1: [
      { name: "CGROUPS", description: "Required for cgroups." },
      { name: "CGROUP_CPUACCT", description: "Required for cpuacct controller, used in simple CPU accounting controller." },
      { name: "CGROUP_DEVICE", description: "Required for device controller." },
      { name: "CGROUP_FREEZER", description: "Required for freezer controller." },
      { name: "CGROUP_PIDS", description: "Required for PIDs controller." },
      { name: "CGROUP_SCHED", description: "Required for CPU controller." },
    ],
    requiredCgroupsV2: [
      { name: "CGROUPS", description: "Required for cgroups." },
      { name: "CGROUP_BPF", description: "Required for eBPF programs attached to cgroups, used in device controller." },
      { name: "CGROUP_PIDS", description: "Required for PIDs controller." },
      { name: "CGROUP_SCHED", description: "Required for CPU controller." },
    ],
    optional: [
      { name: "OVERLAY_FS", aliases: ["OVERLAYFS_FS"], description: "Required for overlayfs." },
      { name: "AUFS_FS", description: "Required for aufs." },
      { name: "BLK_DEV_DM", description: "Required for devicemapper." },
      { name: "CFS_BANDWIDTH", description: "Required for CPU quota." },
      { name: "SECCOMP", description: "Required for seccomp." },
      { name: "SECCOMP_FILTER", description: "Required for seccomp mode 2." },
    ],
    forbidden: [],
  },
  cgroups: ["cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids"],
  cgroupsOptional: ["hugetlb", "blkio"],
  cgroupsV2: ["cpu", "cpuset", "devices", "freezer", "memory", "pids"],
  cgroupsV2Optional: ["hugetlb", "io"],
};
