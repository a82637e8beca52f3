// `kubeadm certs`: the certificate commands, one module each in this folder.
import type { CommandSpec } from "../../cli/command.js";
import { certificateKeyCommand } from "./certificate-key.js";
import { checkExpirationCommand } from "./check-expiration.js";
import { generateCsrCommand } from "./generate-csr.js";
import { renewCommand } from "./renew.js";

export const certsCommand: CommandSpec = {
  use: "certs",
  aliases: ["certificates"],
  short: "Commands related to handling Kubernetes certificates",
  run: { kind: "requireSubcommand" },
  commands: [certificateKeyCommand, checkExpirationCommand, generateCsrCommand, renewCommand],
};
