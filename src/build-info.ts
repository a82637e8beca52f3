/**
 * The stamps of this kubeadm-ts build (what `kubeadm version` prints as gitCommit, gitTreeState
 * and buildDate). scripts/build.mjs replaces these `process.env.KUBEADM_TS_*` reads with literals
 * at bundle time (esbuild `define`), so a built kubeadm carries the values of its build; run from
 * source (tests), they are read from the environment at call time.
 */
export function buildStamps(): Record<"KUBEADM_TS_GIT_COMMIT" | "KUBEADM_TS_GIT_TREE_STATE" | "KUBEADM_TS_BUILD_DATE", string | undefined> {
  return {
    KUBEADM_TS_GIT_COMMIT: process.env.KUBEADM_TS_GIT_COMMIT,
    KUBEADM_TS_GIT_TREE_STATE: process.env.KUBEADM_TS_GIT_TREE_STATE,
    KUBEADM_TS_BUILD_DATE: process.env.KUBEADM_TS_BUILD_DATE,
  };
}
