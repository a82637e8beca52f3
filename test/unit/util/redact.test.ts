// The one redaction helper (src/util/redact.ts): what it replaces by REDACTED and what it keeps.
import { describe, expect, it } from "vitest";
import { REDACTED, redactForPrint, redactText } from "../../../src/util/redact.js";

describe("redactForPrint", () => {
  it("Secret data and stringData: every value, keys kept", () => {
    const s = { apiVersion: "v1", kind: "Secret", metadata: { name: "x" }, data: { "ca.key": "c2VjcmV0", "token-secret": "YWJj" }, stringData: { a: "b" }, type: "Opaque" };
    expect(redactForPrint(s)).toEqual({ ...s, data: { "ca.key": REDACTED, "token-secret": REDACTED }, stringData: { a: REDACTED } });
    // the input is not changed
    expect(s.data["ca.key"]).toBe("c2VjcmV0");
  });

  it("the kind may come from the resource; list items are Secrets in a SecretList", () => {
    expect(redactForPrint({ metadata: { name: "x" }, data: { k: "dg==" } }, "Secret")).toEqual({ metadata: { name: "x" }, data: { k: REDACTED } });
    expect(redactForPrint({ kind: "SecretList", items: [{ data: { k: "dg==" } }] })).toEqual({ kind: "SecretList", items: [{ data: { k: REDACTED } }] });
    expect(redactForPrint({ items: [{ metadata: {}, data: { k: "dg==" } }] }, "SecretList")).toEqual({ items: [{ metadata: {}, data: { k: REDACTED } }] });
  });

  it("other objects keep their data; private keys and kubeconfig credentials in any string go", () => {
    const kubeconfig = "users:\n- name: u\n  user:\n    client-certificate-data: Q0VSVA==\n    client-key-data: S0VZ\n    token: abc.def\n";
    const cm = { kind: "ConfigMap", data: { kubeconfig, plain: "keep me", pem: "x\n-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\ny" } };
    expect(redactForPrint(cm)).toEqual({
      kind: "ConfigMap",
      data: {
        kubeconfig: "users:\n- name: u\n  user:\n    client-certificate-data: Q0VSVA==\n    client-key-data: REDACTED\n    token: REDACTED\n",
        plain: "keep me",
        pem: "x\nREDACTED\ny",
      },
    });
    expect(redactText('{"token":"abc","tokenFile":"/f","password": "p"}')).toBe('{"token":"REDACTED","tokenFile":"/f","password": "REDACTED"}');
  });

  it("keys are copied as data (\"__proto__\" too)", () => {
    const o = JSON.parse('{"kind":"Secret","data":{"__proto__":"eA=="},"__proto__":{"x":1}}') as object;
    const r = redactForPrint(o) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(["kind", "data", "__proto__"]);
    expect(Object.keys(r.data as object)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });
});
