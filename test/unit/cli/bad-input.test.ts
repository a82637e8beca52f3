/**
 * Bad command lines: one clear error naming the flag/command, exit status 1,
 * nothing on stdout, no stack trace. Expected texts are upstream kubeadm
 * the pinned release's; the upstream binary (required: `npm run lab:build`) is run
 * with the same arguments in every case and must agree.
 *
 * To add a case: append a row. A row must fail before kubeadm does anything
 * (flag parsing, command lookup, argument checks), since upstream runs it too.
 * `stdout: "help"` marks the "subcommand is required" cases, which print help first.
 */
import { describe, expect, it } from "vitest";
import { requireUpstream } from "../../support/upstream.js";
import { cli, runUpstream } from "./harness.js";

const HINT = "To see the stack trace of this error execute with --v=5 or higher\n";

interface BadCase {
  args: string[];
  /** The error message (without "error: " and the hint line). */
  message: string;
  stdout?: "help";
  /**
   * Upstream prints a list (in brackets) from a Go map, in any order: its words are sorted before
   * the comparison (ours are printed sorted).
   */
  upstreamListUnordered?: boolean;
}

/** `[zsh bash]` → `[bash zsh]`: the words of each bracketed list, sorted. */
const sortLists = (s: string): string => s.replace(/\[([^\]\n]*)\]/g, (_m, words: string) => `[${words.split(" ").sort().join(" ")}]`);

export const badInput: BadCase[] = [
  { args: ["--foo"], message: "unknown flag: --foo" },
  { args: ["init", "--foo"], message: "unknown flag: --foo" },
  { args: ["init", "-x"], message: "unknown shorthand flag: 'x' in -x" },
  { args: ["version", "-o"], message: "flag needs an argument: 'o' in -o" },
  { args: ["-v"], message: "flag needs an argument: 'v' in -v" },
  { args: ["token", "create", "--ttl"], message: "flag needs an argument: --ttl" },
  { args: ["token", "create", "--ttl", "1d"], message: 'invalid argument "1d" for "--ttl" flag: time: unknown unit "d" in duration "1d"' },
  { args: ["init", "--token-ttl=1d"], message: 'invalid argument "1d" for "--token-ttl" flag: time: unknown unit "d" in duration "1d"' },
  { args: ["kubeconfig", "user", "--validity-period=10"], message: 'invalid argument "10" for "--validity-period" flag: time: missing unit in duration "10"' },
  { args: ["init", "--apiserver-bind-port", "abc"], message: 'invalid argument "abc" for "--apiserver-bind-port" flag: strconv.ParseInt: parsing "abc": invalid syntax' },
  { args: ["init", "--apiserver-bind-port=99999999999"], message: 'invalid argument "99999999999" for "--apiserver-bind-port" flag: strconv.ParseInt: parsing "99999999999": value out of range' },
  { args: ["upgrade", "diff", "-c", "x"], message: 'invalid argument "x" for "-c, --context-lines" flag: strconv.ParseInt: parsing "x": invalid syntax' },
  { args: ["token", "generate", "--dry-run=xx"], message: 'invalid argument "xx" for "--dry-run" flag: strconv.ParseBool: parsing "xx": invalid syntax' },
  { args: ["reset", "-f=maybe"], message: 'invalid argument "maybe" for "-f, --force" flag: strconv.ParseBool: parsing "maybe": invalid syntax' },
  { args: ["version", "-v=abc"], message: 'invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax' },
  { args: ["version", "--vmodule=x"], message: 'invalid argument "x" for "--vmodule" flag: syntax error: expect comma-separated list of filename=N' },
  { args: ["version", "--help=maybe"], message: 'invalid argument "maybe" for "-h, --help" flag: strconv.ParseBool: parsing "maybe": invalid syntax' },
  { args: ["token", "create", "--groups", 'a"b'], message: 'invalid argument "a\\"b" for "--groups" flag: parse error on line 1, column 2: bare " in non-quoted-field' },
  { args: ["init", "phase", "control-plane", "all", "--apiserver-extra-args=novalue"], message: 'invalid argument "novalue" for "--apiserver-extra-args" flag: malformed key=value pair in flag value: novalue' },
  { args: ["version", "--=x"], message: "bad flag syntax: --=x" },
  { args: ["version", "---x"], message: "bad flag syntax: ---x" },
  { args: ["version", "-o", "foo"], message: "invalid output format: foo" },
  { args: ["foo"], message: 'unknown command "foo" for "kubeadm"' },
  { args: ["ini"], message: 'unknown command "ini" for "kubeadm"\n\nDid you mean this?\n\tinit\n' },
  { args: ["init", "foo"], message: 'unknown command "foo" for "kubeadm init"' },
  { args: ["config", "foo"], message: 'unknown command "foo" for "kubeadm config"' },
  { args: ["init", "phase", "foo"], message: 'unknown command "foo" for "kubeadm init phase"' },
  { args: ["version", "extra"], message: 'unknown command "extra" for "kubeadm version"' },
  { args: ["token", "generate", "--dry-run", "false"], message: 'unknown command "false" for "kubeadm token generate"' },
  { args: ["token", "generate", "--", "x"], message: 'unknown command "x" for "kubeadm token generate"' },
  { args: ["join", "a", "b"], message: "accepts at most 1 arg(s), received 2" },
  { args: ["join", "phase", "preflight", "a", "b"], message: "accepts at most 1 arg(s), received 2" },
  { args: ["completion"], message: "shell not specified" },
  { args: ["completion", "bash", "zsh"], message: "too many arguments. expected only the shell type" },
  { args: ["completion", "fish"], message: 'unsupported shell type "fish", the supported shell types are [bash zsh]', upstreamListUnordered: true },
  { args: ["version", "--rootfs", "/nonexistent-kubeadm-ts"], message: "unable to chroot to /nonexistent-kubeadm-ts: no such file or directory" },
  { args: ["config"], message: "\nerror: subcommand is required", stdout: "help" },
  { args: ["certs", "renew"], message: "\nerror: subcommand is required", stdout: "help" },
  { args: ["init", "phase", "certs"], message: "\nerror: subcommand is required", stdout: "help" },
  { args: ["token"], message: "\nerror: subcommand is required", stdout: "help" },
];

describe("bad input", () => {
  it("has a corpus of at least 25 cases", () => {
    expect(badInput.length).toBeGreaterThanOrEqual(25);
  });

  it.each(badInput.map((c) => [c.args.join(" "), c] as const))("kubeadm %s (and upstream, live)", async (_name, c) => {
    const u = runUpstream(requireUpstream("kubeadm"), c.args);
    expect(u.code, "upstream's exit code").toBe(1);
    expect(c.upstreamListUnordered ? sortLists(u.stderr) : u.stderr, "upstream's error").toBe(`error: ${c.message}\n${HINT}`);
    const r = await cli(c.args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${c.message}\n${HINT}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe(u.stdout);
    if (c.stdout === "help") {
      expect(r.stdout).toMatch(/\nUsage:\n/);
      expect((await cli([...c.args, "--help"])).stdout).toBe(r.stdout);
    } else {
      expect(r.stdout).toBe("");
    }
  });

  it("shows the stack only with -v5 or higher", async () => {
    const r = await cli(["version", "-o", "foo", "-v", "5"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: invalid output format: foo\n/);
    expect(r.stderr).not.toContain("To see the stack trace");
    expect(r.stderr).toMatch(/\bat /);
  });

  it("shows the stack only with -v5 or higher, as upstream does", async () => {
    const u = runUpstream(requireUpstream("kubeadm"), ["version", "-o", "foo", "-v", "5"]);
    expect(u.code).toBe(1);
    // after klog's info lines: the error, then Go's stack instead of the hint
    expect(u.stderr).toMatch(/^(I\d{4} [^\n]*\n)*error: invalid output format: foo\n/);
    expect(u.stderr).not.toContain("To see the stack trace");
  });
});
