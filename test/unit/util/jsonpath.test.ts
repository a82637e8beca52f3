// The jsonpath template engine (src/util/jsonpath.ts) and its wiring into printOutput, with
// results taken from the pinned upstream kubeadm / client-go util/jsonpath.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputPrinter, printOutput } from "../../../src/config/output.js";
import { goFloat, goJSON, goQuote, goSharpV, JSONPath, parseJSONPath } from "../../../src/util/jsonpath.js";

const IMAGES = { kind: "Images", apiVersion: "output.kubeadm.k8s.io/v1alpha3", images: ["a:1", "b:2", "c:3", "d:4"] };
const CERTS = {
  kind: "CertificateExpirationInfo",
  certificates: [
    { name: "admin.conf", expirationDate: null, residualTime: 0, externallyManaged: false, missing: true },
    { name: "apiserver", expirationDate: "2027-01-01T00:00:00Z", residualTime: 31535998, externallyManaged: false, caName: "ca", missing: false },
    { name: "etcd-peer", expirationDate: "2027-01-01T00:00:00Z", residualTime: 5, externallyManaged: false, caName: "etcd-ca", missing: false },
  ],
};

function jp(template: string, data: unknown, opts: { allowMissing?: boolean; json?: boolean } = {}): string {
  const j = new JSONPath(template);
  j.allowMissingKeys = opts.allowMissing ?? true;
  j.outputJSON = opts.json ?? false;
  return j.execute(JSON.parse(JSON.stringify(data)));
}

function parseError(template: string): string {
  try {
    parseJSONPath(template);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${template} parsed`);
}

function execError(template: string, data: unknown, allowMissing = true): string {
  try {
    jp(template, data, { allowMissing });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${template} executed`);
}

describe("jsonpath evaluation", () => {
  it("fields, text and several results separated by spaces", () => {
    expect(jp('{.images[0]}{"\\n"}{.kind} {.images[*]}', IMAGES)).toBe("a:1\nImages a:1 b:2 c:3 d:4");
    expect(jp("{.apiVersion}", IMAGES)).toBe("output.kubeadm.k8s.io/v1alpha3");
    expect(jp("", IMAGES)).toBe("");
    expect(jp("plain", IMAGES)).toBe("plain");
  });

  it("maps and arrays print as compact JSON with sorted keys; numbers, bools and null as Go prints them", () => {
    expect(jp("{.images}", IMAGES)).toBe('["a:1","b:2","c:3","d:4"]');
    expect(jp("{@}", { b: 1, a: "<&>" })).toBe('{"a":"\\u003c\\u0026\\u003e","b":1}');
    expect(jp("{}", { a: [] })).toBe('{"a":[]}');
    expect(jp("{.certificates[0].expirationDate} {.certificates[0].residualTime} {.certificates[1].residualTime} {.certificates[0].missing}", CERTS)).toBe(
      "null 0 3.1535998e+07 true",
    );
    expect(jp("{true} {1.5} {-3} {+7}", {})).toBe("true 1.5 -3 7");
  });

  it("indexes, negative indexes, slices, steps and unions", () => {
    expect(jp("{.images[-1]}", IMAGES)).toBe("d:4");
    expect(jp("{.images[1:3]}", IMAGES)).toBe("b:2 c:3");
    expect(jp("{.images[-2:]}", IMAGES)).toBe("c:3 d:4");
    expect(jp("{.images[::2]}", IMAGES)).toBe("a:1 c:3");
    expect(jp("{.images[0,2]}", IMAGES)).toBe("a:1 c:3");
    expect(jp("{.images[3:3]}", IMAGES)).toBe("");
    expect(jp("{.images[]}", IMAGES)).toBe("a:1");
    expect(jp("{['apiVersion','kind']}", IMAGES)).toBe("output.kubeadm.k8s.io/v1alpha3 Images");
  });

  it("quoted keys are parsed as a field path", () => {
    expect(jp("{['kind']}", IMAGES)).toBe("Images");
    expect(jp("{['a.b']}", { a: { b: "nested" }, "a.b": "flat" })).toBe("nested");
    expect(jp("{.a\\.b}", { "a.b": "flat" })).toBe("flat");
  });

  it("ranges, nested values, and a range without end", () => {
    expect(jp('{range .images[*]}{@}{"\\n"}{end}', IMAGES)).toBe("a:1\nb:2\nc:3\nd:4\n");
    expect(jp("{range .certificates[*]}{.name}:{.caName};{end}", CERTS)).toBe("admin.conf:;apiserver:ca;etcd-peer:etcd-ca;");
    expect(jp("{range .images[0:2]}[{@}]", { images: ["x", "y"] })).toBe('[x][y][{"images":["x","y"]}]');
    expect(jp("{range .none[*]}x{end}done", IMAGES)).toBe("done");
  });

  it("filters: comparisons, existence and Go's comparison rules", () => {
    expect(jp('{.certificates[?(@.caName=="etcd-ca")].name}', CERTS)).toBe("etcd-peer");
    expect(jp("{.certificates[?(@.caName)].name}", CERTS)).toBe("apiserver etcd-peer");
    expect(jp("{.certificates[?(@.missing==true)].name}", CERTS)).toBe("admin.conf");
    expect(jp("{.certificates[?(@.residualTime>=5.0)].name}", CERTS)).toBe("apiserver etcd-peer");
    expect(jp("{.certificates[?(@.name<'b')].name}", CERTS)).toBe("admin.conf apiserver");
    expect(execError("{.certificates[?(@.residualTime==0)].name}", CERTS)).toBe("incompatible types for comparison");
    expect(execError("{.certificates[?(@.missing<true)].name}", CERTS)).toBe("invalid type for comparison");
    expect(execError("{.certificates[?(@.name='x')].name}", CERTS)).toBe("unrecognized filter operator =");
    expect(parseError("{.certificates[?(@.name=~'x')].name}")).toBe("unrecognized character in action: U+007E '~'");
    expect(execError("{.kind[?(@==1)]}", IMAGES)).toBe("Images is not array or slice and cannot be filtered");
  });

  it("recursive descent and wildcards (strings walk into their bytes)", () => {
    expect(jp("{.certificates..name}", CERTS)).toBe("admin.conf apiserver etcd-peer");
    expect(jp("{..images}", IMAGES)).toBe('["a:1","b:2","c:3","d:4"]');
    expect(jp("{.kind.*}", IMAGES)).toBe("73 109 97 103 101 115");
    expect(jp("{.m.*}", { m: { b: 2, a: 1 } })).toBe("1 2");
  });

  it("missing keys: nothing when allowed, an error when not", () => {
    expect(jp("{.missing}", IMAGES)).toBe("");
    expect(jp("{.}", IMAGES)).toBe("");
    expect(execError("{.missing}", IMAGES, false)).toBe("missing is not found");
    expect(execError("{.missing.deeper}", IMAGES, false)).toBe("missing is not found");
  });

  it("jsonpath-as-json: each action's results as an indented JSON array", () => {
    expect(jp("a{.images[0:2]}{.missing}", IMAGES, { json: true })).toBe('[\n    "a"\n]\n[\n    "a:1",\n    "b:2"\n]\n[]\n');
    expect(jp("{.certificates[0]}", CERTS, { json: true })).toBe(
      '[\n    {\n        "expirationDate": null,\n        "externallyManaged": false,\n        "missing": true,\n        "name": "admin.conf",\n        "residualTime": 0\n    }\n]\n',
    );
  });

  it("evaluation errors", () => {
    expect(execError("{.images[9]}", IMAGES)).toBe("array index out of bounds: index 9, length 4");
    expect(execError("{.images[1:9]}", IMAGES)).toBe("array index out of bounds: index 8, length 4");
    expect(execError("{.images[3:1]}", IMAGES)).toBe("starting index 3 is greater than ending index 1");
    expect(execError("{.images[::0]}", IMAGES)).toBe("step must be > 0");
    expect(execError("{.kind[0]}", IMAGES)).toBe("string is not array or slice");
    expect(execError("{end}", IMAGES)).toBe("not in range, nothing to end");
    expect(execError("{foo}", IMAGES)).toBe("unrecognized identifier foo");
  });
});

describe("jsonpath parse errors", () => {
  it.each([
    ["{.images[", "unterminated array"],
    ["{.kind", "unclosed action"],
    ["{.images[x]}", "invalid array index x"],
    ["{.images[1:-]}", "array index - is not a number"],
    ["{.images[?(@.x==1]}", "unterminated filter"],
    ["{.images[?(@.x==1)x}", "unclosed array expect ]"],
    ['{"abc}', "unterminated quoted string"],
    ["{'a\\qb'}", "unquote string 'a\\qb' error invalid syntax"],
    ["{....}", "invalid multiple recursive descent"],
    ["{!}", "unrecognized character in action: U+0021 '!'"],
    ["{\t}", "unrecognized character in action: U+0009"],
    ["{1.2.3}", "cannot parse number 1.2.3"],
    ["{-}", "cannot parse number -"],
  ])("%j: %s", (template, message) => {
    expect(parseError(template)).toBe(message);
  });
});

describe("Go formatting helpers", () => {
  it("floats as %v", () => {
    expect([0, 1, 100000, 1000000, 1234567, 0.5, 0.0001, 0.00001, 1e21, -3.5].map(goFloat)).toEqual([
      "0", "1", "100000", "1e+06", "1.234567e+06", "0.5", "0.0001", "1e-05", "1e+21", "-3.5",
    ]);
  });
  it("%#v, strconv.Quote and encoding/json", () => {
    expect(goSharpV({ b: [1, "x\n"], a: null })).toBe('map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x\\n"}}');
    expect(goQuote('{.a}"\x01é')).toBe('"{.a}\\"\\x01é"');
    expect(goJSON({ b: 1, a: [] }, "    ")).toBe('{\n    "a": [],\n    "b": 1\n}');
  });
});

describe("printOutput with jsonpath formats", () => {
  it("jsonpath, jsonpath-as-json and jsonpath-file", () => {
    expect(printOutput(IMAGES, "jsonpath={.kind}", () => "")).toBe("Images");
    expect(printOutput(IMAGES, "jsonpath-as-json={.kind}", () => "")).toBe('[\n    "Images"\n]\n');
    const dir = mkdtempSync(join(tmpdir(), "jsonpath-unit-"));
    writeFileSync(join(dir, "t"), "{.images[1]}");
    expect(printOutput(IMAGES, `jsonpath-file=${join(dir, "t")}`, () => "")).toBe("b:2");
    expect(() => outputPrinter(`jsonpath-file=${join(dir, "none")}`)).toThrow(
      `could not construct output printer: error reading --template ${join(dir, "none")}, open ${join(dir, "none")}: no such file or directory`,
    );
  });

  it("printer construction errors", () => {
    expect(() => outputPrinter("jsonpath")).toThrow("could not construct output printer: template format specified but no template given");
    expect(() => outputPrinter("jsonpath=")).toThrow("could not construct output printer: template format specified but no template given");
    expect(() => outputPrinter("jsonpath={.images[")).toThrow("could not construct output printer: error parsing jsonpath {.images[, unterminated array");
    expect(() => outputPrinter("go-template={{.kind}}")).toThrow('output format "go-template" is not implemented yet in kubeadm-ts');
    expect(() => outputPrinter("templatefile")).toThrow('output format "templatefile" is not implemented yet in kubeadm-ts');
  });

  it("execution errors carry upstream's debugging text", () => {
    const print = outputPrinter("jsonpath={.foo}", { allowMissingTemplateKeys: false });
    expect(() => print({ kind: "Images", images: ["a"] }, () => "")).toThrow(
      'error executing jsonpath "{.foo}": Error executing template: foo is not found. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.foo}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"images":[]interface {}{"a"}, "kind":"Images"}\n\n\n',
    );
  });
});
