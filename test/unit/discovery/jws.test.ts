// The detached JWS that signs cluster-info, checked against upstream's own test vectors
// (k8s.io/cluster-bootstrap/token/jws/jws_test.go, used here as data): the signatures below were
// computed by upstream's ComputeDetachedSignature, not by ours.
import { describe, expect, it } from "vitest";
import { attachPayload, computeDetachedSignature, detachedTokenIsValid } from "../../../src/discovery/jws.js";

const content = "Hello from the other side. I must have called a thousand times.";
const secret = "my voice is my passcode";
const id = "joshua";
// b64url({"alg":"HS256","kid":"joshua"}), the protected header every vector shares
const header = "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9";

const VECTORS: ReadonlyArray<{ name: string; content: string; secret: string; sig: string }> = [
  { name: "content and secret", content, secret, sig: `${header}..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8` },
  { name: "empty content", content: "", secret, sig: `${header}..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk` },
  { name: "empty secret", content, secret: "", sig: `${header}..UfkqvDGiIFxrMnFseDj9LYJOLNrvjW8aHhF71mvvAs8` },
];

describe("detached JWS: upstream's cluster-bootstrap test vectors", () => {
  for (const v of VECTORS) {
    it(`computeDetachedSignature reproduces upstream's bytes (${v.name})`, () => {
      expect(computeDetachedSignature(v.content, id, v.secret)).toBe(v.sig);
    });
    it(`detachedTokenIsValid accepts upstream's signature (${v.name})`, () => {
      expect(detachedTokenIsValid(v.sig, v.content, id, v.secret)).toBe(true);
    });
  }

  it("refuses upstream's signature with bytes appended (TestDetachedTokenIsValid), another secret, id or content", () => {
    const sig = VECTORS[0]!.sig;
    expect(detachedTokenIsValid(sig + "foo", content, id, secret)).toBe(false);
    expect(detachedTokenIsValid(sig, content, id, "my voice is my passcodE")).toBe(false);
    expect(detachedTokenIsValid(sig, content, "joshuA", secret)).toBe(false);
    expect(detachedTokenIsValid(sig, content + " ", id, secret)).toBe(false);
    expect(detachedTokenIsValid(VECTORS[1]!.sig, content, id, secret)).toBe(false);
  });

  it("attachPayload puts the payload back as the compact JWS's middle part", () => {
    const [h, , s] = VECTORS[0]!.sig.split(".");
    expect(attachPayload(VECTORS[0]!.sig, content)).toBe(`${h}.${Buffer.from(content).toString("base64url")}.${s}`);
    expect(() => attachPayload(`${h}.x.${s}`, content)).toThrow("the JWS is not a detached compact serialisation");
  });
});
