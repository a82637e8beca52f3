// The one place @peculiar/x509 is loaded. It needs reflect-metadata first, and it costs
// ~160 ms to import: nothing on the CLI start path may import src/pki statically.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
