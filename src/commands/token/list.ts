// `kubeadm token list`: the bootstrap tokens of the cluster, as a table or output-API objects.
import { handler, type CommandSpec } from "../../cli/command.js";
import { flagBool, flagString } from "../../cli/context.js";
import { allowMissingTemplateKeys, output, showManagedFields } from "../../cli/options.js";
import { BOOTSTRAP_TOKEN_SECRET_TYPE, NS_KUBE_SYSTEM } from "../../constants.js";
import { KubeadmError, wrapError } from "../../util/errors.js";

export const listCommand: CommandSpec = {
  use: "list",
  short: "List bootstrap tokens on the server",
  long: [
    "",
    "This command will list all bootstrap tokens for you.",
  ].join("\n"),
  flags: [allowMissingTemplateKeys, output, showManagedFields],
  args: { kind: "none" },
  run: handler(async (ctx) => {
    const format = flagString(ctx, "output") || "text";
    // an unknown -o or a bad template fails before any API call
    const { outputPrinter } = await import("../../config/output.js");
    const print = outputPrinter(format, { allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false });
    const { bootstrapTokenFromSecret } = await import("../../cluster/bootstrap-token-secret.js");
    const { bootstrapTokenOutputObject, formatTokenListText } = await import("../../cluster/token-output.js");
    const { toKubernetesYaml } = await import("../../config/yaml.js");
    const { tokenClient, tokenKubeconfigPath } = await import("../../client/token-client.js");
    const client = await tokenClient(tokenKubeconfigPath(flagString(ctx, "kubeconfig"), ctx.env), { dryRun: flagBool(ctx, "dry-run"), writer: ctx.stdout });
    try {
      let secrets;
      try {
        secrets = await client.list("secrets", { namespace: NS_KUBE_SYSTEM, fieldSelector: `type=${BOOTSTRAP_TOKEN_SECRET_TYPE}` });
      } catch (err) {
        throw wrapError(err, "failed to list bootstrap tokens");
      }
      const now = new Date();
      let first = true;
      for (const secret of secrets.items) {
        let token;
        try {
          token = bootstrapTokenFromSecret(secret);
        } catch (err) {
          ctx.stderr.write((err as Error).message);
          continue;
        }
        const obj = bootstrapTokenOutputObject(token);
        if (format === "yaml") {
          ctx.stdout.write((first ? "" : "---\n") + toKubernetesYaml(obj));
        } else {
          let out: string;
          try {
            out = print(obj, () => formatTokenListText([token], now, first));
          } catch (err) {
            throw new KubeadmError(`unable to print token ${String(obj.token)}: ${(err as Error).message}`);
          }
          ctx.stdout.write(out);
        }
        first = false;
      }
    } finally {
      client.close();
    }
  }),
};
