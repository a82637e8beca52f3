// FIPS refusals from OpenSSL get a plain-words explanation on the error line, only in FIPS mode
// (the real thing, under OpenSSL's FIPS provider: test/integration/fips/fips.test.ts).
import { describe, expect, it } from "vitest";
import { explainFipsRefusal, formatError, STACK_HINT } from "../../../src/cli/print-error.js";

const KEY_LENGTH = "failed to write or validate certificate \"apiserver\": error:1C800069:Provider routines::invalid key length";

describe("explainFipsRefusal", () => {
  it("explains a key the FIPS provider finds too short", () => {
    expect(explainFipsRefusal(KEY_LENGTH, true)).toBe(
      `${KEY_LENGTH} (refused by OpenSSL's FIPS provider: FIPS mode needs RSA keys of at least 2048 bits)`,
    );
    expect(explainFipsRefusal("error:020000AE:rsa routines::invalid modulus", true)).toContain("at least 2048 bits");
  });

  it("explains an algorithm or curve FIPS does not offer", () => {
    expect(explainFipsRefusal("x: error:0308010C:digital envelope routines::unsupported", true)).toBe(
      "x: error:0308010C:digital envelope routines::unsupported (refused by OpenSSL's FIPS provider: the algorithm is not allowed in FIPS mode)",
    );
    expect(explainFipsRefusal("error:08000081:elliptic curve routines::unknown group", true)).toContain("P-256 and P-384");
  });

  it("keeps the rest of a multi-line message in place", () => {
    expect(explainFipsRefusal(`a: ${KEY_LENGTH}\nsecond line`, true)).toBe(
      `a: ${KEY_LENGTH} (refused by OpenSSL's FIPS provider: FIPS mode needs RSA keys of at least 2048 bits)\nsecond line`,
    );
  });

  it("leaves messages alone outside FIPS mode, for other reasons, and without an OpenSSL error", () => {
    expect(explainFipsRefusal(KEY_LENGTH, false)).toBe(KEY_LENGTH);
    expect(explainFipsRefusal("error:1C800064:Provider routines::bad decrypt", true)).toBe("error:1C800064:Provider routines::bad decrypt");
    expect(explainFipsRefusal("invalid key length", true)).toBe("invalid key length");
    const already = `${KEY_LENGTH} (FIPS)`;
    expect(explainFipsRefusal(already, true)).toBe(already);
  });
});

describe("formatError in FIPS mode", () => {
  it("prints one error line with the explanation, then the usual hint", () => {
    expect(formatError(new Error(KEY_LENGTH), 0, true)).toBe(
      `error: ${KEY_LENGTH} (refused by OpenSSL's FIPS provider: FIPS mode needs RSA keys of at least 2048 bits)\n${STACK_HINT}\n`,
    );
    expect(formatError(new Error(KEY_LENGTH), 0, false)).toBe(`error: ${KEY_LENGTH}\n${STACK_HINT}\n`);
  });
});
