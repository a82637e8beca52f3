// Large and hostile YAML inputs: duplicate keys are reported in time linear in the input (each
// key's line is found by binary search in a newline index built once) in go-yaml v2's order and
// words; documents nested deeper than MAX_YAML_DEPTH are refused by a scan before the parser runs;
// alias bombs and collection keys fail as go-yaml fails them.
import { describe, expect, it } from "vitest";
import { formatError } from "../../../src/cli/print-error.js";
import { validateConfig } from "../../../src/config/load.js";
import { memoryLogger } from "../../../src/util/log.js";
import { LineIndex, MAX_YAML_DEPTH, decodeYamlBytes, parseYamlDocument, splitYamlDocuments, yamlDepthExceededAt } from "../../../src/config/yaml.js";
import { facts, offlineFetcher } from "./helpers.js";

const HEAD = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";

describe("duplicate keys at scale", () => {
  it("LineIndex numbers lines as a scan would", () => {
    const text = "a\nbb\n\nccc\r\nd";
    const naive = (o: number): number => text.slice(0, o).split("\n").length;
    for (let o = 0; o <= text.length + 2; o++) expect(new LineIndex(text).lineOf(o), `offset ${o}`).toBe(naive(o));
    expect(new LineIndex("").lineOf(0)).toBe(1);
  });

  it("reports duplicates as go-yaml v2 does: inner ones first, on the value's line, keys as %#v", async () => {
    const p = await parseYamlDocument("a:\n  x: 1\n  y: 2\n  x: 3\nb: 1\na: {}\n# c\nb: 2\nc:\n# note\n\nc:\nd: 1\nm:\n  k: 1\nm:\n\n  k: 2\n");
    expect(p.duplicates.map((d) => [d.goKey, d.line])).toEqual([
      ['"x"', 4],
      ['"a"', 6],
      ['"b"', 8],
      // an empty value: the next token's line
      ['"c"', 13],
      // a block mapping value: the line of its first key
      ['"m"', 18],
    ]);
    const keys = await parseYamlDocument("1: a\n1: b\ntrue: x\ny: z\n~: 1\nnull: 2\n1.5: a\n1.5: b\nq\"x: 1\nq\"x: 2\n");
    expect(keys.duplicates.map((d) => d.goKey)).toEqual(["1", "true", "<nil>", "1.5", '"q\\"x"']);
  });

  it("counts keys a merge sets, as strict go-yaml does", async () => {
    const p = await parseYamlDocument("base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  a: 3\no:\n  a: 3\n  <<: {a: 1}\n");
    expect(p.duplicates).toEqual([
      { key: "a", goKey: '"a"', line: 4 },
      { key: "a", goKey: '"a"', line: 7 },
    ]);
  });

  it(
    "100 000 duplicate keys: every one reported with its line, as upstream words it",
    async () => {
      const n = 100_000;
      const text = HEAD + "clusterName: x\n".repeat(n);
      let err: unknown;
      try {
        await validateConfig(text, { facts, log: memoryLogger(), versionFetcher: offlineFetcher });
      } catch (e) {
        err = e;
      }
      expect(err).toBeDefined();
      const out = formatError(err, 0);
      const lines = out.split("\n");
      expect(lines[0]).toBe(
        'error: error unmarshaling configuration schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"ClusterConfiguration"}: strict decoding error: yaml: unmarshal errors:',
      );
      // the first clusterName is on line 3; each later one (lines 4 .. n+2) is a duplicate
      expect(lines.slice(1, n)).toEqual(Array.from({ length: n - 1 }, (_, i) => `  line ${i + 4}: key "clusterName" already set in map`));
      expect(lines[n]).toBe("To see the stack trace of this error execute with --v=5 or higher");
    },
    10_000,
  );
});

describe("hostile YAML", () => {
  const refused = `yaml: line 1: exceeded max depth of ${MAX_YAML_DEPTH}`;
  const nested: Record<string, (d: number) => string> = {
    "flow sequences": (d) => "[".repeat(d) + "]".repeat(d),
    "flow mappings": (d) => "{a: ".repeat(d) + "1" + "}".repeat(d),
    "compact block sequences": (d) => "- ".repeat(d) + "1\n",
    "block mappings": (d) => Array.from({ length: d - 1 }, (_, i) => `${" ".repeat(i)}a:\n`).join("") + `${" ".repeat(d - 1)}b: 1\n`,
    "block sequences": (d) => Array.from({ length: d - 1 }, (_, i) => `${" ".repeat(i)}-\n`).join("") + `${" ".repeat(d - 1)}- 1\n`,
    // each "- a:" line opens a sequence item's mapping and the indentless sequence under its key
    "indentless sequences": (d) => "a:\n" + Array.from({ length: (d - 2) / 2 }, (_, i) => `${" ".repeat(2 * i)}- a:\n`).join("") + `${" ".repeat(d - 2)}- x\n`,
  };
  for (const [name, gen] of Object.entries(nested)) {
    it(`${name}: ${MAX_YAML_DEPTH} levels parse, ${MAX_YAML_DEPTH + 2} are refused before parsing`, async () => {
      expect(yamlDepthExceededAt(gen(MAX_YAML_DEPTH))).toBe(-1);
      const ok = await parseYamlDocument(gen(MAX_YAML_DEPTH));
      expect(ok.value).not.toBeNull();
      const err = await parseYamlDocument(gen(MAX_YAML_DEPTH + 2)).catch((e: unknown) => e as Error);
      expect((err as Error).message).toMatch(new RegExp(`^yaml: line \\d+: exceeded max depth of ${MAX_YAML_DEPTH}$`));
    });
  }

  it("a 200 000-deep document is refused at once", async () => {
    const err = await parseYamlDocument("[".repeat(200_000)).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe(refused);
  }, 2_000);

  it("brackets in quoted and block scalars, plain scalars and comments are not nesting", () => {
    const text = "a: 'it''s [[[[['\nb: \"[[[\\\"[[\"\nc: x[[[[\n# [[[[[\nd: |\n  [[[[[\n  [[[\ne: [a, 'b]', \"c]\", d # ]\n , e]\nf: it's [[[\n";
    expect(yamlDepthExceededAt(text, 2)).toBe(-1);
    expect(yamlDepthExceededAt("a: [[[1]]]\n", 3)).toBe(5);
    expect(yamlDepthExceededAt("a: [[[1]]]\n", 4)).toBe(-1);
    expect(yamlDepthExceededAt("a:\n  b:\n    c: 1\n", 2)).toBe(13);
  });

  it("an alias bomb fails as go-yaml's does", async () => {
    const lol = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const n of "bcdefghi") lol.push(`${n}: &${n} [${Array(9).fill(`*${String.fromCharCode(n.charCodeAt(0) - 1)}`).join(", ")}]`);
    await expect(parseYamlDocument(lol.join("\n") + "\n")).rejects.toThrow("yaml: document contains excessive aliasing");
  });

  it("a collection as a key fails as go-yaml's does", async () => {
    await expect(parseYamlDocument("[a, b]: c\n")).rejects.toThrow('yaml: invalid map key: []interface {}{"a", "b"}');
    await expect(parseYamlDocument("? {a: 1}\n: c\n")).rejects.toThrow("yaml: invalid map key: map[interface {}]interface {}{\"a\":1}");
  });

  it("a config nested too deep fails config validate with the reason", async () => {
    const err = await validateConfig(`${HEAD}networking: ${"[".repeat(1000)}\n`, { facts, log: memoryLogger(), versionFetcher: offlineFetcher }).catch((e: unknown) => e);
    expect(formatError(err, 0)).toBe(
      `error: could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: yaml: line 3: exceeded max depth of ${MAX_YAML_DEPTH}\nTo see the stack trace of this error execute with --v=5 or higher\n`,
    );
  });
});

describe("what go-yaml's reader and YAMLToJSON refuse (texts from upstream v1.36.3)", () => {
  const head = Buffer.from("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: ");
  const validateBytes = async (tail: Buffer | string): Promise<string> => {
    const text = decodeYamlBytes(Buffer.concat([head, Buffer.from(tail)]));
    try {
      await validateConfig(text, { facts, log: memoryLogger(), versionFetcher: offlineFetcher });
      return "ok";
    } catch (err) {
      return formatError(err, 0).split("\n")[0]!.replace("error: could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: ", "");
    }
  };
  const cases: Array<[string, Buffer | string, string]> = [
    ["an invalid leading byte", Buffer.from([0xff, 0xfe, 0x0a]), "yaml: invalid leading UTF-8 octet"],
    ["a lead byte without its trailing byte", Buffer.from([0xc3, 0x61, 0x0a]), "yaml: invalid trailing UTF-8 octet"],
    ["a sequence cut by the end of the file (the reader adds a newline)", Buffer.from([0xe2, 0x82]), "yaml: invalid trailing UTF-8 octet"],
    ["an overlong form", Buffer.from([0xc0, 0x80, 0x0a]), "yaml: invalid length of a UTF-8 sequence"],
    ["a UTF-16 surrogate in UTF-8", Buffer.from([0xed, 0xa0, 0x80, 0x0a]), "yaml: invalid Unicode character"],
    ["a code point past U+10FFFF", Buffer.from([0xf5, 0x80, 0x80, 0x80, 0x0a]), "yaml: invalid Unicode character"],
    ["a control character", "a\x01b\n", "yaml: control characters are not allowed"],
    ["DEL", "a\x7fb\n", "yaml: control characters are not allowed"],
    ["a C1 control", "a\u0081b\n", "yaml: control characters are not allowed"],
    ["an escape sequence in a comment", "x # \x1b[31m\n", "yaml: control characters are not allowed"],
    ["NUL", "x\0\n", "yaml: control characters are not allowed"],
    ["+Inf", "x\nnetworking: {dnsDomain: .inf}\n", "json: unsupported value: +Inf"],
    ["NaN", "x\nfoo: .nan\n", "json: unsupported value: NaN"],
    ["an alias inside its own anchor", "x\na: &a [*a]\n", "yaml: anchor 'a' value contains itself"],
    ["an alias of no anchor", "*nope\n", "yaml: unknown anchor 'nope' referenced"],
  ];
  for (const [name, tail, want] of cases) {
    it(name, async () => {
      expect(await validateBytes(tail)).toBe(want);
    });
  }

  it("valid UTF-8 (and a BOM) decodes as usual, CRLF lines as LF", async () => {
    expect(decodeYamlBytes(Buffer.from("\ufeffé 😀\r\n"))).toBe("\ufeffé 😀\r\n");
    expect(await validateBytes("é 😀\r\n")).toBe("ok");
    expect(splitYamlDocuments("a: 1\r\n---\r\nb: 2")).toEqual(["a: 1\n", "b: 2\n"]);
  });

  it("apiVersion and kind are read as sigs.k8s.io/yaml fills runtime.TypeMeta", async () => {
    const run = async (text: string): Promise<string> =>
      formatError(await validateConfig(text, { facts, log: memoryLogger(), versionFetcher: offlineFetcher }).catch((e: unknown) => e), 0).split("\n")[0]!;
    expect(await run("apiVersion: 5\nkind: X\n")).toBe("error: invalid configuration for GroupVersionKind /5, Kind=X: kind and apiVersion is mandatory information that must be specified");
    expect(await run("apiVersion: 1.5\nkind: X\n")).toBe("error: invalid configuration for GroupVersionKind /1.5, Kind=X: kind and apiVersion is mandatory information that must be specified");
    expect(await run("apiVersion: v1\nkind: [a]\n")).toBe(
      "error: could not interpret GroupVersionKind; unmarshal error: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field TypeMeta.kind of type string",
    );
    expect(await run("- a\n")).toBe(
      "error: could not interpret GroupVersionKind; unmarshal error: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type runtime.TypeMeta",
    );
  });
});
