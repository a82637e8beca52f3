/**
 * The preflight entry points the phases call (upstream RunRootCheckOnly,
 * RunInitNodeChecks, RunJoinNodeChecks, RunUpgradeChecks, RunPullImagesCheck),
 * plus the whole body of `kubeadm init phase preflight` with its printed lines.
 */
import type { Writable } from "node:stream";
import { streamLogger, type ConfigLogger } from "../util/log.js";
import type { InitConfiguration, JoinConfiguration } from "../config/types.js";
import { hostFacts, type HostFacts } from "../host/host-facts.js";
import { runChecks, type CheckContext, type Checker } from "./checker.js";
import { initNodeChecks, joinNodeChecks, rootChecks, upgradeChecks, type InitNodeChecksOptions } from "./check-lists.js";
import { imagePullCheck } from "./checks/image-pull.js";

export interface PreflightOptions {
  /** Lower-cased --ignore-preflight-errors / nodeRegistration.ignorePreflightErrors ("all" ignores everything). */
  ignore: ReadonlySet<string>;
  /** The node; default the real host. */
  facts?: HostFacts;
  /** Printed lines and the SystemVerification report (default process.stdout). */
  stdout?: Writable;
  /** Warnings and the fatal-errors block (default process.stderr). */
  stderr?: Writable;
  /** klog-style warnings (default: klog lines on stderr). */
  logger?: ConfigLogger;
}

function context(o: PreflightOptions): { ctx: CheckContext; out: Writable; stdout: Writable } {
  const stdout = o.stdout ?? process.stdout;
  const out = o.stderr ?? process.stderr;
  return { ctx: { facts: o.facts ?? hostFacts, stdout, logger: o.logger ?? streamLogger(out) }, out, stdout };
}

export async function runPreflightChecks(checks: readonly Checker[], o: PreflightOptions): Promise<void> {
  const { ctx, out } = context(o);
  await runChecks(checks, { ignore: o.ignore, out, ctx });
}

/** IsPrivilegedUser alone; every command runs it first and stops if it fails. */
export function runRootCheckOnly(o: PreflightOptions): Promise<void> {
  return runPreflightChecks(rootChecks(), o);
}

export function runInitNodeChecks(cfg: InitConfiguration, o: PreflightOptions & InitNodeChecksOptions): Promise<void> {
  return runPreflightChecks(initNodeChecks(cfg, o), o);
}

export function runJoinNodeChecks(cfg: JoinConfiguration, o: PreflightOptions): Promise<void> {
  return runPreflightChecks(joinNodeChecks(cfg), o);
}

export function runUpgradeChecks(cfg: InitConfiguration, o: PreflightOptions): Promise<void> {
  return runPreflightChecks(upgradeChecks(cfg), o);
}

export interface PullImagesOptions extends PreflightOptions {
  /** The control-plane images (upstream images.GetControlPlaneImages). */
  images: string[];
  /** kubeadm's pause image (upstream images.GetPauseImage). */
  pauseImage: string;
}

/** ImagePull with the config's pull policy; imagePullSerial defaults to true. */
export function runPullImagesCheck(cfg: InitConfiguration, o: PullImagesOptions): Promise<void> {
  const nr = cfg.nodeRegistration;
  return runPreflightChecks(
    [
      imagePullCheck({
        criSocket: nr.criSocket,
        images: o.images,
        sandboxImage: o.pauseImage,
        imagePullPolicy: nr.imagePullPolicy,
        imagePullSerial: nr.imagePullSerial ?? true,
      }),
    ],
    o,
  );
}

/** The three lines printed before pulling; `prefix` is "preflight" or "upgrade/preflight". */
export function pullImagesIntro(prefix = "preflight"): string {
  return (
    `[${prefix}] Pulling images required for setting up a Kubernetes cluster\n` +
    `[${prefix}] This might take a minute or two, depending on the speed of your internet connection\n` +
    `[${prefix}] You can also perform this action beforehand using 'kubeadm config images pull'\n`
  );
}

export function wouldPullImagesLine(prefix = "preflight"): string {
  return `[${prefix}] Would pull the required images (like 'kubeadm config images pull')\n`;
}

export interface InitPreflightOptions extends PullImagesOptions {
  dryRun: boolean;
}

/** `kubeadm init phase preflight`: root check, init node checks, then (outside dry-run) the image pulls. */
export async function runInitPreflight(cfg: InitConfiguration, o: InitPreflightOptions): Promise<void> {
  const stdout = o.stdout ?? process.stdout;
  stdout.write("[preflight] Running pre-flight checks\n");
  await runRootCheckOnly(o);
  await runInitNodeChecks(cfg, o);
  if (o.dryRun) {
    stdout.write(wouldPullImagesLine());
    return;
  }
  stdout.write(pullImagesIntro());
  await runPullImagesCheck(cfg, o);
}
