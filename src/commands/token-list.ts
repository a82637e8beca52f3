// `kubeadm token list`: the bootstrap tokens of the cluster, as a table or output-API objects.
import type { CommandHandler } from "../cli/context.js";
import { bootstrapTokenFromSecret } from "../cluster/bootstrap-token-secret.js";
import { bootstrapTokenOutputObject, formatTokenListText } from "../cluster/token-output.js";
import { outputPrinter } from "../config/output.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { BOOTSTRAP_TOKEN_SECRET_TYPE, NS_KUBE_SYSTEM } from "../constants.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { flagString, tokenClient, tokenKubeconfigPath } from "./token-client.js";

export const run: CommandHandler = async (ctx) => {
  const format = flagString(ctx, "output") || "text";
  // an unknown -o or a bad template fails before any API call
  const print = outputPrinter(format, { allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false });
  const client = await tokenClient(ctx, tokenKubeconfigPath(ctx));
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
};
