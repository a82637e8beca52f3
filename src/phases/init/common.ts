/** Small helpers the init phases share: printing, and inputs for the builders taken from InitData. */
import { pkiInputOf, type PkiInput, type PkiOutput } from "../../pki/input.js";
import type { InitData } from "./data.js";

/** One stdout line. */
export function println(data: Pick<InitData, "out">, line: string): void {
  data.out.write(`${line}\n`);
}

/** What the certificate builders need, with dry-run's write directory and the run's start time. */
export function pkiInput(data: InitData): PkiInput {
  return { ...pkiInputOf(data.cfg), certificatesDir: data.certificatesDir.dir, certificateWriteDir: data.certificatesDir.writeDir, startTime: data.startTime };
}

/** stdout lines and klog warnings for the pki library. */
export function pkiOutput(data: InitData): PkiOutput {
  return {
    print: (line) => println(data, line),
    warn: (m) => data.log.warn(m, "certs.go:0"),
  };
}
