/** init phase mark-control-plane: control-plane labels and taints on this node. */
import type { InitData } from "./data.js";

export async function run(data: InitData): Promise<void> {
  const client = await data.client();
  const { markControlPlane } = await import("../../cluster/mark-control-plane.js");
  const nr = data.cfg.nodeRegistration;
  await markControlPlane(client, nr.name, nr.taints, data.out);
}
