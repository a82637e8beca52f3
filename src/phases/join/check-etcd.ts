/**
 * join phase check-etcd (hidden; upstream runCheckEtcdPhase, v1.37): before a control plane joins
 * a stacked etcd cluster, every member must answer (members from the etcd static Pods through
 * admin.conf, TLS from the certificates directory). Nothing on a worker or with external etcd;
 * the dry-run twin only says it would check.
 */
import type { Phase } from "../../workflow/types.js";
import type { JoinData } from "./data.js";

export const checkEtcdPhase: Phase<JoinData> = {
  name: "check-etcd",
  hidden: true,
  run,
};

async function run(data: JoinData): Promise<void> {
  if (!data.cfg.controlPlane) return;
  const init = await data.initCfg();
  if (init.clusterConfiguration.etcd.external) {
    data.out.write("[check-etcd] Skipping etcd check in external mode\n");
    return;
  }
  const etcd = await data.etcd();
  await etcd.checkClusterHealth(await data.certificateWriteDir());
}
