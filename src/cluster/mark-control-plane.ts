/** mark-control-plane: the control-plane labels and the configured taints on the node. */
import type { Node, Taint as NodeTaint } from "kubernetes-types/core/v1.js";
import { CONTROL_PLANE_TAINT, LABEL_EXCLUDE_FROM_EXTERNAL_LB, LABEL_NODE_ROLE_CONTROL_PLANE } from "../constants.js";
import { patchNode, type KubeClient, type RetryOptions } from "../client/index.js";
import type { Taint } from "../config/types.js";
import type { LineWriter } from "./output.js";

/** Labels put on control-plane nodes, with empty values, in this order. */
export const CONTROL_PLANE_LABELS = [LABEL_NODE_ROLE_CONTROL_PLANE, LABEL_EXCLUDE_FROM_EXTERNAL_LB] as const;

/** nodeRegistration.taints as applied: unset (null) means the control-plane NoSchedule taint. */
export function controlPlaneTaints(configured: Taint[] | null | undefined): NodeTaint[] {
  const list = configured ?? [{ ...CONTROL_PLANE_TAINT }];
  return list.map((t) => {
    const out: NodeTaint = { key: t.key, effect: t.effect };
    if (t.value) out.value = t.value;
    if (t.timeAdded) out.timeAdded = t.timeAdded;
    return out;
  });
}

/** corev1 Taint.ToString: "key[=value][:effect]". */
export function taintToString(t: NodeTaint): string {
  let s = t.key;
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

const sameTaint = (a: NodeTaint, b: NodeTaint): boolean =>
  a.key === b.key && (a.value ?? "") === (b.value ?? "") && a.effect === b.effect && (a.timeAdded ?? "") === (b.timeAdded ?? "");

/** Mutates the node: adds the labels; taints = configured ones, then existing ones not among them. */
export function markControlPlaneNode(node: Node, taints: NodeTaint[]): void {
  const metadata = (node.metadata ??= {});
  const labels = (metadata.labels ??= {});
  for (const l of CONTROL_PLANE_LABELS) labels[l] = "";
  const spec = (node.spec ??= {});
  const merged = taints.map((t) => ({ ...t }));
  for (const existing of spec.taints ?? []) {
    if (!taints.some((t) => sameTaint(t, existing))) merged.push(existing);
  }
  spec.taints = merged;
}

/** The lines printed before patching (Go's %v of a string slice: "[a b]"). */
export function markControlPlaneLines(nodeName: string, taints: NodeTaint[]): string {
  let s = `[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the labels: [${CONTROL_PLANE_LABELS.join(" ")}]\n`;
  if (taints.length > 0) {
    s += `[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the taints [${taints.map(taintToString).join(" ")}]\n`;
  }
  return s;
}

/** Prints the lines and patches the node (waits for it to be registered, as upstream's PatchNode). */
export async function markControlPlane(
  client: KubeClient,
  nodeName: string,
  configuredTaints: Taint[] | null | undefined,
  out: LineWriter,
  options: RetryOptions = {},
): Promise<void> {
  const taints = controlPlaneTaints(configuredTaints);
  out.write(markControlPlaneLines(nodeName, taints));
  await patchNode(client, nodeName, (n) => markControlPlaneNode(n, taints), options);
}
