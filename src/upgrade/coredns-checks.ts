/**
 * The CoreDNS preflight checks of `upgrade apply` (upstream's RunCoreDNSMigrationCheck):
 * CoreDNSUnsupportedPlugins (plugins/options of the running Corefile the migration does not know)
 * and CoreDNSMigration (the Corefile can be migrated to the CoreDNS kubeadm deploys). Both can be
 * ignored with --ignore-preflight-errors; the phase then migrates what it knows and keeps the rest.
 */
import type { KubeClient } from "../client/index.js";
import { coreDNSInfo, TARGET_COREDNS_VERSION } from "../cluster/coredns.js";
import { failure, ok, type Checker } from "../preflight/checker.js";
import { migrate, noticeString, unsupported } from "./corefile-migration.js";

export const UNSUPPORTED_PLUGINS_LINE =
  "[preflight] The corefile contains plugins that kubeadm/CoreDNS does not know how to migrate. " +
  "Each plugin listed should be manually verified for compatibility with the newer version of CoreDNS. " +
  "Once ready, the upgrade can be initiated by skipping the preflight check. During the upgrade, " +
  "kubeadm will migrate the configuration while leaving the listed plugin configs untouched, " +
  "but cannot guarantee that they will work with the newer version of CoreDNS.\n";

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The two checks, in upstream's order, reading the cluster through `client`. */
export function coreDNSMigrationChecks(client: KubeClient): Checker[] {
  return [
    {
      name: "CoreDNSUnsupportedPlugins",
      async check(ctx) {
        try {
          const info = await coreDNSInfo(client);
          const current = info.version.replace(/^v+/, "");
          if (current === TARGET_COREDNS_VERSION) return ok();
          const notices = unsupported(current, TARGET_COREDNS_VERSION, info.corefile);
          if (notices.length === 0) return ok();
          ctx.stdout.write(UNSUPPORTED_PLUGINS_LINE);
          return failure(`CoreDNS cannot migrate the following plugins:\n[${notices.map(noticeString).join(" ")}]`);
        } catch (err) {
          return failure(message(err));
        }
      },
    },
    {
      name: "CoreDNSMigration",
      async check() {
        let info;
        try {
          info = await coreDNSInfo(client);
        } catch (err) {
          return failure(message(err));
        }
        try {
          migrate(info.version.replace(/^v+/, ""), TARGET_COREDNS_VERSION, info.corefile, false);
          return ok();
        } catch (err) {
          return failure(`CoreDNS will not be upgraded: ${message(err)}`);
        }
      },
    },
  ];
}
