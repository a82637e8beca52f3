// pflag-compatible parsing: values, repeats, shorthands, positionals and pflag's error texts.
import { describe, expect, it } from "vitest";
import { FlagSet } from "../../../src/cli/flagset.js";
import { boolFlag, durationFlag, int32Flag, intFlag, stringFlag, stringsFlag, argSliceFlag, type FlagDef } from "../../../src/cli/flag.js";
import type { FlagValue } from "../../../src/cli/context.js";

const defs: FlagDef[] = [
  stringFlag("config", "config file"),
  stringFlag("output", "format", "", { shorthand: "o" }),
  stringFlag("image-repository", "repo", "registry.k8s.io"),
  boolFlag("dry-run", "dry"),
  boolFlag("force", "force", false, { shorthand: "f" }),
  boolFlag("yes", "yes", false, { shorthand: "y" }),
  boolFlag("etcd-upgrade", "etcd", true),
  intFlag("context-lines", "ctx", 3, { shorthand: "c" }),
  int32Flag("apiserver-bind-port", "port", 6443),
  durationFlag("token-ttl", "ttl", "24h0m0s"),
  stringsFlag("ignore-preflight-errors", "ignore"),
  stringsFlag("usages", "usages", ["signing", "authentication"]),
  argSliceFlag("apiserver-extra-args", "extra"),
  { name: "v", shorthand: "v", kind: "level", usage: "verbosity", defValue: "0" },
  { name: "vmodule", kind: "moduleSpec", usage: "vmodule", defValue: "" },
  argSliceFlag("old-extra", "old", { deprecated: "use something else" }),
];

function parse(args: string[]): { fs: FlagSet; error?: string } {
  const fs = new FlagSet(defs);
  try {
    fs.parse(args);
    return { fs };
  } catch (err) {
    return { fs, error: (err as Error).message };
  }
}

type Ok = [string, string[], Record<string, FlagValue>, string[]?];
const ok: Ok[] = [
  ["long with =", ["--config=a.yaml"], { config: "a.yaml" }],
  ["long with space", ["--config", "a.yaml"], { config: "a.yaml" }],
  ["empty value with =", ["--config="], { config: "" }],
  ["value starting with dash", ["--config", "-x"], { config: "-x" }],
  ["shorthand with space", ["-o", "json"], { output: "json" }],
  ["shorthand attached", ["-ojson"], { output: "json" }],
  ["shorthand with =", ["-o=json"], { output: "json" }],
  ["level shorthand attached", ["-v5"], { v: 5 }],
  ["level shorthand =", ["-v=5"], { v: 5 }],
  ["level shorthand space", ["-v", "5"], { v: 5 }],
  ["level negative", ["-v", "-3"], { v: -3 }],
  ["bool bare", ["--dry-run"], { "dry-run": true }],
  ["bool =false", ["--etcd-upgrade=false"], { "etcd-upgrade": false }],
  ["bool =T", ["--dry-run=T"], { "dry-run": true }],
  ["bool =0", ["--etcd-upgrade=0"], { "etcd-upgrade": false }],
  ["bool =FALSE", ["--etcd-upgrade=FALSE"], { "etcd-upgrade": false }],
  ["bool space does not assign", ["--dry-run", "false"], { "dry-run": true }, ["false"]],
  ["combined bool shorthands", ["-fy"], { force: true, yes: true }],
  ["combined bools then value", ["-fc5"], { force: true, "context-lines": 5 }],
  ["shorthand bool =false", ["-f=false"], { force: false }],
  ["int hex", ["--context-lines", "0x10"], { "context-lines": 16 }],
  ["int octal", ["--context-lines=010"], { "context-lines": 8 }],
  ["int binary", ["--context-lines=0b11"], { "context-lines": 3 }],
  ["int32 plain", ["--apiserver-bind-port=8443"], { "apiserver-bind-port": 8443 }],
  ["int negative", ["-c", "-2"], { "context-lines": -2 }],
  ["duration hours", ["--token-ttl", "1h30m"], { "token-ttl": 5_400_000 }],
  ["duration zero", ["--token-ttl=0"], { "token-ttl": 0 }],
  ["duration fractional", ["--token-ttl=1.5s"], { "token-ttl": 1500 }],
  ["scalar last wins", ["--config=a", "--config=b"], { config: "b" }],
  ["slice csv", ["--ignore-preflight-errors=a,b"], { "ignore-preflight-errors": ["a", "b"] }],
  ["slice repeats accumulate", ["--ignore-preflight-errors=a", "--ignore-preflight-errors", "b,c"], { "ignore-preflight-errors": ["a", "b", "c"] }],
  ["slice replaces default", ["--usages=signing"], { usages: ["signing"] }],
  ["slice quoted comma", ['--ignore-preflight-errors="a,b",c'], { "ignore-preflight-errors": ["a,b", "c"] }],
  ["slice empty", ["--usages="], { usages: [] }],
  ["slice default kept", [], { usages: ["signing", "authentication"] }],
  ["arg slice pairs", ["--apiserver-extra-args=a=1,b=2", "--apiserver-extra-args=a=3"], { "apiserver-extra-args": [{ name: "a", value: "1" }, { name: "b", value: "2" }, { name: "a", value: "3" }] }],
  ["vmodule list", ["--vmodule=a=1,b*=2,"], { vmodule: "a=1,b*=2," }],
  ["interleaved positionals", ["x", "--config", "c", "y"], { config: "c" }, ["x", "y"]],
  ["terminator", ["--dry-run", "--", "--config", "z"], { "dry-run": true, config: "" }, ["--config", "z"]],
  ["lone dash is positional", ["-"], {}, ["-"]],
  ["empty arg is positional", [""], {}, [""]],
  ["defaults", [], { "image-repository": "registry.k8s.io", "etcd-upgrade": true, "context-lines": 3, "apiserver-bind-port": 6443, "token-ttl": 86_400_000 }],
];

describe("flag parsing", () => {
  it.each(ok)("%s", (_name, args, want, positionals = []) => {
    const { fs, error } = parse(args);
    expect(error).toBeUndefined();
    for (const [k, v] of Object.entries(want)) expect(fs.value(k)).toEqual(v);
    expect(fs.args).toEqual(positionals);
  });

  it("records changed flags in sorted (Visit) order, defaults not changed", () => {
    const { fs } = parse(["--yes", "--config=x", "-f"]);
    expect(fs.changedNames()).toEqual(["config", "force", "yes"]);
    expect(fs.changed("dry-run")).toBe(false);
  });

  it("warns when a deprecated flag is used", () => {
    const { fs } = parse(["--old-extra=a=b"]);
    expect(fs.warnings).toEqual(["Flag --old-extra has been deprecated, use something else\n"]);
  });

  it("does not normalise '_' to '-' (upstream v1.36 applies it to no kubeadm flag)", () => {
    expect(parse(["--dry_run"]).error).toBe("unknown flag: --dry_run");
  });
});

const bad: Array<[string, string[], string]> = [
  ["unknown long", ["--foo"], "unknown flag: --foo"],
  ["unknown long with value", ["--foo=bar"], "unknown flag: --foo"],
  ["unknown shorthand", ["-x"], "unknown shorthand flag: 'x' in -x"],
  ["unknown shorthand in group", ["-fx"], "unknown shorthand flag: 'x' in -x"],
  ["missing long value", ["--config"], "flag needs an argument: --config"],
  ["missing short value", ["-o"], "flag needs an argument: 'o' in -o"],
  ["bad syntax ---", ["---x"], "bad flag syntax: ---x"],
  ["bad syntax --=", ["--=x"], "bad flag syntax: --=x"],
  ["bad bool", ["--dry-run=yes"], 'invalid argument "yes" for "--dry-run" flag: strconv.ParseBool: parsing "yes": invalid syntax'],
  ["bad shorthand bool", ["-f=maybe"], 'invalid argument "maybe" for "-f, --force" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ["bad int", ["--apiserver-bind-port=abc"], 'invalid argument "abc" for "--apiserver-bind-port" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
  ["int32 overflow", ["--apiserver-bind-port=2147483648"], 'invalid argument "2147483648" for "--apiserver-bind-port" flag: strconv.ParseInt: parsing "2147483648": value out of range'],
  ["level is base 10", ["-v", "0x10"], 'invalid argument "0x10" for "-v, --v" flag: strconv.ParseInt: parsing "0x10": invalid syntax'],
  ["bad duration unit", ["--token-ttl=1d"], 'invalid argument "1d" for "--token-ttl" flag: time: unknown unit "d" in duration "1d"'],
  ["duration missing unit", ["--token-ttl=10"], 'invalid argument "10" for "--token-ttl" flag: time: missing unit in duration "10"'],
  ["duration garbage", ["--token-ttl=abc"], 'invalid argument "abc" for "--token-ttl" flag: time: invalid duration "abc"'],
  ["bad csv quote", ['--ignore-preflight-errors=a"b'], 'invalid argument "a\\"b" for "--ignore-preflight-errors" flag: parse error on line 1, column 2: bare " in non-quoted-field'],
  ["csv quote not closed", ['--ignore-preflight-errors="ab'], 'invalid argument "\\"ab" for "--ignore-preflight-errors" flag: parse error on line 1, column 4: extraneous or missing " in quoted-field'],
  ["csv text after quote", ['--ignore-preflight-errors="a"b'], 'invalid argument "\\"a\\"b" for "--ignore-preflight-errors" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
  ["csv second field", ['--ignore-preflight-errors=x,"ab'], 'invalid argument "x,\\"ab" for "--ignore-preflight-errors" flag: parse error on line 1, column 6: extraneous or missing " in quoted-field'],
  ["bad arg slice", ["--apiserver-extra-args=novalue"], 'invalid argument "novalue" for "--apiserver-extra-args" flag: malformed key=value pair in flag value: novalue'],
  ["bad vmodule", ["--vmodule=x"], 'invalid argument "x" for "--vmodule" flag: syntax error: expect comma-separated list of filename=N'],
  ["negative vmodule", ["--vmodule=x=-1"], 'invalid argument "x=-1" for "--vmodule" flag: negative value for vmodule level'],
];

describe("flag errors", () => {
  it.each(bad)("%s", (_name, args, message) => {
    expect(parse(args).error).toBe(message);
  });
});
