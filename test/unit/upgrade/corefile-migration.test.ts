// The Corefile migration against github.com/coredns/corefile-migration v1.0.34 itself: every case of
// test/golden/upgrade/corefile-migration/cases.json was run through the module by its ref/ program
// (test/golden/upgrade/update.sh) into expected.json; here ours must answer the same, case by case.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  deprecated,
  isDefaultCorefile,
  migrate,
  noticeString,
  parseCorefile,
  corefileString,
  unsupported,
} from "../../../src/upgrade/corefile-migration.js";
import { corefile as kubeadmCorefile } from "../../../src/cluster/coredns.js";

const DIR = join(import.meta.dirname, "../../golden/upgrade/corefile-migration");

interface Case {
  name: string;
  from: string;
  to: string;
  corefile: string;
  deprecations: boolean;
}
interface Expected {
  name: string;
  migrated?: string;
  migrateError?: string;
  deprecated: string[];
  deprecatedSeverities: string[];
  deprecatedError?: string;
  unsupported: string[];
  unsupportedError?: string;
  default: boolean;
}

const cases = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")) as Case[];
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Expected[];

const attempt = <T>(f: () => T): { value?: T; error?: string } => {
  try {
    return { value: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

describe("Corefile migration = corefile-migration v1.0.34", () => {
  it("the golden holds one answer per case", () => {
    expect(expected.map((e) => e.name)).toEqual(cases.map((c) => c.name));
    expect(cases.length).toBeGreaterThan(40);
  });

  for (const [i, c] of cases.entries()) {
    it(c.name, () => {
      const e = expected[i]!;
      const m = attempt(() => migrate(c.from, c.to, c.corefile, c.deprecations));
      expect(m.error ?? "").toBe(e.migrateError ?? "");
      expect(m.value).toBe(e.migrated);
      const d = attempt(() => deprecated(c.from, c.to, c.corefile));
      expect(d.error ?? "").toBe(e.deprecatedError ?? "");
      expect((d.value ?? []).map(noticeString)).toEqual(e.deprecated);
      expect((d.value ?? []).map((n) => n.severity)).toEqual(e.deprecatedSeverities);
      const u = attempt(() => unsupported(c.from, c.to, c.corefile));
      expect(u.error ?? "").toBe(e.unsupportedError ?? "");
      expect((u.value ?? []).map(noticeString)).toEqual(e.unsupported);
      expect(isDefaultCorefile(c.corefile)).toBe(e.default);
    });
  }

  it("the goldens exercise every kind of answer", () => {
    expect(expected.some((e) => e.migrateError)).toBe(true);
    expect(expected.some((e) => e.default)).toBe(true);
    for (const sev of ["deprecated", "ignored", "removed", "newdefault"]) expect(expected.some((e) => e.deprecatedSeverities.includes(sev))).toBe(true);
    expect(expected.some((e) => e.unsupported.length > 0)).toBe(true);
  });
});

describe("Corefile text", () => {
  it("re-indents kubeadm's Corefile with 4 spaces and keeps its meaning", () => {
    const text = kubeadmCorefile("cluster.local");
    const printed = corefileString(parseCorefile(text));
    expect(printed).not.toBe(text);
    expect(printed).toContain("\n    health {\n        lameduck 5s\n    }\n");
    expect(parseCorefile(printed)).toEqual(parseCorefile(text));
  });

  it("a quoted argument with spaces is printed quoted, inner quotes escaped", () => {
    const cf = parseCorefile('. {\n  template IN A {\n    answer "a \\"b\\" c"\n  }\n}\n');
    expect(cf.servers[0]!.plugins[0]!.options[0]).toEqual({ name: "answer", args: ['a "b" c'] });
    expect(corefileString(cf)).toBe('. {\n    template IN A {\n        answer "a \\"b\\" c"\n    }\n}\n');
  });
});
