import { describe, expect, it } from "vitest";
import { basicConstraints, keyIdentifierFromSpki, keyUsage, subjectAltName } from "../../../src/pki/extensions.js";
import { formatExpiry } from "../../../src/pki/expiration-output.js";
import { shortHumanDuration } from "../../../src/util/duration.js";
import { encodeSubject } from "../../../src/pki/subject.js";
import { tabwrite } from "../../../src/util/tabwriter.js";
import { newSerialNumber } from "../../../src/pki/serial.js";
import { parseIP as parseIPSloppy } from "../../../src/util/net.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("DER pieces match Go's encoding", () => {
  it("key usage and basic constraints", () => {
    expect(hex(keyUsage(false).value)).toBe("030205a0");
    expect(hex(keyUsage(true).value)).toBe("030202a4");
    expect(hex(basicConstraints(true).value)).toBe("30030101ff");
    expect(hex(basicConstraints(false).value)).toBe("3000");
    expect(keyUsage(false).critical && basicConstraints(false).critical).toBe(true);
  });
  it("SAN: DNS then 4-byte IPv4 / 16-byte IPv6", () => {
    const v = subjectAltName(["a"], [parseIPSloppy("10.0.0.1")!, parseIPSloppy("::1")!]).value;
    expect(hex(v)).toBe("301b" + "820161" + "87040a000001" + "8710" + "00".repeat(15) + "01");
  });
  it("subject: one RDN with the O values DER-sorted, then CN; PrintableString vs UTF8String", () => {
    const d = hex(encodeSubject("kubernetes-admin", ["system:masters", "a"]));
    // O=a (shorter encoding) sorts before O=system:masters
    expect(d.indexOf(hex(Buffer.from("a")))).toBeLessThan(d.indexOf(hex(Buffer.from("system:masters"))));
    expect(d.startsWith("30")).toBe(true);
    expect(hex(encodeSubject("kubernetes"))).toBe("3015311330110603550403130a6b756265726e65746573");
    expect(hex(encodeSubject("n*de")).includes("0c046e2a6465")).toBe(true);
  });
  it("key identifier is 20 bytes", () => {
    const spki = Buffer.from("3019300d06092a864886f70d0101010500030800300502010302", "hex");
    expect(keyIdentifierFromSpki(spki).length).toBe(20);
  });
  it("serial numbers are minimal magnitudes below 2^63", () => {
    for (let i = 0; i < 200; i++) {
      const s = newSerialNumber();
      expect(s.length).toBeLessThanOrEqual(8);
      expect(s[0]).not.toBe(0);
    }
  });
});

describe("expiration text helpers", () => {
  it("ShortHumanDuration", () => {
    expect(shortHumanDuration(-5000)).toBe("<invalid>");
    expect(shortHumanDuration(-500)).toBe("0s");
    expect(shortHumanDuration(59_000)).toBe("59s");
    expect(shortHumanDuration(3_599_000)).toBe("59m");
    expect(shortHumanDuration(23 * 3_600_000)).toBe("23h");
    expect(shortHumanDuration(364.9 * 86_400_000)).toBe("364d");
    expect(shortHumanDuration(3650 * 86_400_000 - 1000)).toBe("9y");
  });
  it("expiry date layout", () => {
    expect(formatExpiry(new Date("2027-06-01T08:05:59Z"))).toBe("Jun 01, 2027 08:05 UTC");
  });
  it("tab writer blocks and padding", () => {
    expect(tabwrite("a\tbb\tc\nlonger-name\tx\t\n\nX\tY", 10, 3)).toBe(
      ["a             bb        c", "longer-name   x         ", "", "X         Y"].join("\n"),
    );
  });
});
