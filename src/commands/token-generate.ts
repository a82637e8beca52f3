// `kubeadm token generate`: prints a random bootstrap token, "[a-z0-9]{6}.[a-z0-9]{16}".
import type { CommandHandler } from "../cli/context.js";
import { generateBootstrapToken } from "../util/token.js";

export { generateBootstrapToken, randomTokenString } from "../util/token.js";

export const run: CommandHandler = async (ctx) => {
  ctx.stdout.write(generateBootstrapToken() + "\n");
};
