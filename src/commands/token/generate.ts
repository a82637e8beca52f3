// `kubeadm token generate`: prints a random bootstrap token, "[a-z0-9]{6}.[a-z0-9]{16}".
import { handler, type CommandSpec } from "../../cli/command.js";

export const generateCommand: CommandSpec = {
  use: "generate",
  short: "Generate and print a bootstrap token, but do not create it on the server",
  long: [
    "",
    "This command will print out a randomly-generated bootstrap token that can be used with",
    "the \"init\" and \"join\" commands.",
    "",
    "You don't have to use this command in order to generate a token. You can do so",
    "yourself as long as it is in the format \"[a-z0-9]{6}.[a-z0-9]{16}\". This",
    "command is provided for convenience to generate tokens in the given format.",
    "",
    "You can also use \"kubeadm init\" without specifying a token and it will",
    "generate and print one for you.",
  ].join("\n"),
  args: { kind: "none" },
  run: handler(async (ctx) => {
    const { generateBootstrapToken } = await import("../../util/token.js");
    ctx.stdout.write(generateBootstrapToken() + "\n");
  }),
};
