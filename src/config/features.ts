/**
 * kubeadm's own feature gates (v1.37): parsing `--feature-gates`, validation
 * of `featureGates`, and lookups.
 */
import { KubeadmError } from "../util/errors.js";

export type PreRelease = "ALPHA" | "BETA" | "GA" | "DEPRECATED";

export interface FeatureSpec {
  default: boolean;
  preRelease: PreRelease;
  lockToDefault?: boolean;
  deprecationMessage?: string;
}

export const ROOTLESS_CONTROL_PLANE = "RootlessControlPlane";

// no prototype: "constructor", "__proto__" and the like are unknown gates, not inherited members
export const INIT_FEATURE_GATES: Readonly<Record<string, FeatureSpec>> = Object.assign(Object.create(null) as Record<string, FeatureSpec>, {
  [ROOTLESS_CONTROL_PLANE]: {
    default: false,
    preRelease: "ALPHA",
    deprecationMessage:
      "Deprecated in favor of the core kubelet feature UserNamespacesSupport which is beta since 1.30. Once UserNamespacesSupport graduates to GA, kubeadm will start using it and RootlessControlPlane will be removed.",
  },
});

/** Is the gate on, given the user's map (unset → the gate's default)? */
export function featureEnabled(gates: Readonly<Record<string, boolean>>, name: string): boolean {
  if (Object.prototype.hasOwnProperty.call(gates, name)) return gates[name]!;
  return INIT_FEATURE_GATES[name]?.default ?? false;
}

/** Go strconv.ParseBool. */
function parseGoBool(s: string): boolean | null {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return null;
}

/**
 * Parses "--feature-gates" text ("A=true,B=false") as features.NewFeatureGate.
 * Deprecated gates produce a warning through `warn`.
 */
export function parseFeatureGates(value: string, warn: (msg: string) => void = () => undefined): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const s of value.split(",")) {
    if (s.length === 0) continue;
    const eq = s.indexOf("=");
    if (eq < 0) throw new KubeadmError(`missing bool value for feature-gate key:${s}`);
    const k = s.slice(0, eq).trim();
    const v = s.slice(eq + 1).trim();
    const spec = INIT_FEATURE_GATES[k];
    if (!spec) throw new KubeadmError(`unrecognized feature-gate key: ${k}`);
    if (spec.preRelease === "DEPRECATED") {
      warn(`Setting deprecated feature gate ${k}=${v}. It will be removed in a future release.`);
    }
    const b = parseGoBool(v);
    if (b === null) throw new KubeadmError(`invalid value ${v} for feature-gate key: ${k}, use true|false instead`);
    out[k] = b;
  }
  return out;
}

/** Deprecation / unknown-gate messages by gate name (features.CheckDeprecatedFlags). */
export function checkDeprecatedFeatureGates(gates: Readonly<Record<string, boolean>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(gates)) {
    const spec = INIT_FEATURE_GATES[k];
    if (!spec) out[k] = `Unknown feature gate flag: ${k}`;
    else if (spec.preRelease === "DEPRECATED") out[k] = spec.deprecationMessage ?? "";
  }
  return out;
}

/** Help lines ("Name=true|false (ALPHA - default=false)"), sorted. */
export function knownFeatures(): string[] {
  return Object.entries(INIT_FEATURE_GATES)
    .map(([k, v]) => `${k}=true|false (${v.preRelease === "GA" ? "" : `${v.preRelease} - `}default=${v.default})`)
    .sort();
}
