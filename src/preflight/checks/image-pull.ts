/**
 * ImagePull: make the control-plane images present in the CRI image store,
 * following nodeRegistration.imagePullPolicy (Always, IfNotPresent; Never skips
 * everything) and imagePullSerial (one after another, or all at once). Warns in
 * klog style when the runtime's sandbox image differs from kubeadm's pause image.
 */
import type { PullPolicy } from "../../config/types.js";
import { failure, ok, type Checker } from "../checker.js";
import { withRuntime } from "./container-runtime.js";

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface ImagePullOptions {
  criSocket: string;
  images: string[];
  /** kubeadm's pause image, compared with the runtime's sandbox image. */
  sandboxImage: string;
  imagePullPolicy: PullPolicy | string;
  imagePullSerial: boolean;
}

export function imagePullCheck(o: ImagePullOptions): Checker {
  return {
    name: "ImagePull",
    check: (ctx) =>
      withRuntime(ctx, o.criSocket, async (rt) => {
        const { logger } = ctx;
        const policy = o.imagePullPolicy;
        if (policy === "Never") return ok();
        if (policy !== "Always" && policy !== "IfNotPresent") return failure(`unsupported pull policy "${policy}"`);

        try {
          const criSandbox = await rt.sandboxImage();
          if (criSandbox !== o.sandboxImage) {
            logger.warn(
              `detected that the sandbox image "${criSandbox}" of the container runtime is inconsistent with that used by kubeadm. ` +
                `It is recommended to use "${o.sandboxImage}" as the CRI sandbox image.`,
              "checks.go:920",
            );
          }
        } catch {
          /* runtimes that do not report it are not warned about (upstream logs at V(4)) */
        }

        if (!o.imagePullSerial) {
          try {
            await rt.pullImagesInParallel(o.images, policy === "IfNotPresent");
            return ok();
          } catch (err) {
            return failure(msg(err));
          }
        }
        const errors: string[] = [];
        for (const image of o.images) {
          if (policy === "IfNotPresent" && (await rt.imageExists(image))) continue;
          try {
            await rt.pullImage(image);
          } catch (err) {
            errors.push(`failed to pull image ${image}: ${msg(err)}`);
          }
        }
        return { warnings: [], errors };
      }),
  };
}
