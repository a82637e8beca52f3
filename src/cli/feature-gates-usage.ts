/**
 * Help text of --feature-gates: upstream's sentence followed by one line per
 * known, non-hidden kubeadm feature gate (v1.37), sorted by name, as
 * `Name=true|false (PRE-RELEASE - default=X)` with the prefix omitted for GA gates.
 */
const knownFeatures = [
  "RootlessControlPlane=true|false (ALPHA - default=false)",
];

export const featureGatesUsage =
  "A set of key=value pairs that describe feature gates for various features. Options are:\n" + knownFeatures.join("\n");
