/**
 * `kubeadm config images pull`: needs the CRI client (crictl / CRI gRPC),
 * which is another area's work; until then it says so.
 */
import type { CommandContext } from "../cli/context.js";
import { NotImplementedError } from "../util/errors.js";

export async function run(_ctx: CommandContext): Promise<void> {
  throw new NotImplementedError("kubeadm config images pull (needs the CRI client)");
}
