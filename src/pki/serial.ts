import { randomBytes } from "node:crypto";

const MAX = (1n << 63n) - 1n; // math.MaxInt64

/** A serial number uniform in [1, 2^63-1), as upstream draws it; returned as big-endian bytes, minimal. */
export function newSerialNumber(): Uint8Array {
  for (;;) {
    const b = randomBytes(8);
    b[0]! &= 0x7f;
    const v = b.readBigUInt64BE(0);
    if (v >= MAX - 1n) continue;
    let hex = (v + 1n).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    return new Uint8Array(Buffer.from(hex, "hex"));
  }
}
