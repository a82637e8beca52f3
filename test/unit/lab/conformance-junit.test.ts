// The JUnit reader of the conformance runs (test/lab/conformance/junit.ts), on reports shaped as
// ginkgo v2.32's reporter writes them for upstream's e2e suite (test/e2e/framework/internal/junit:
// labels omitted, failure message attribute empty, the text in the element).
import { describe, expect, it } from "vitest";
import { parseJUnit, unescapeXml } from "../../lab/conformance/junit.js";

const report = `<?xml version="1.0" encoding="UTF-8"?>
  <testsuites tests="5" disabled="0" errors="1" failures="1" time="612.5">
      <testsuite name="Kubernetes e2e suite" package="/tmp" tests="6" disabled="0" skipped="1" errors="1" failures="1" time="612.5" timestamp="2026-12-06T14:50:00">
          <properties>
              <property name="SuiteSucceeded" value="false"></property>
          </properties>
          <testcase name="[SynchronizedBeforeSuite]" classname="Kubernetes e2e suite" status="passed" time="3.2"></testcase>
          <testcase name="[It] [sig-network] DNS should provide DNS for services  [Conformance]" classname="Kubernetes e2e suite" status="passed" time="12.25"></testcase>
          <testcase name="[It] [sig-network] Services should serve a basic endpoint from pods  [Conformance]" classname="Kubernetes e2e suite" status="failed" time="301.5">
              <failure message="" type="failed">[FAILED] failed to get &#34;endpoints&#34; &amp; more&#xA;In [It] at: service.go:123</failure>
              <system-err>timeline</system-err>
          </testcase>
          <testcase name="[It] [sig-apps] Job should run a job to completion [Conformance]" classname="Kubernetes e2e suite" status="panicked" time="1">
              <error message="runtime error" type="panicked">stack</error>
          </testcase>
          <testcase name="[It] [sig-storage] EmptyDir volumes [Serial]" classname="Kubernetes e2e suite" status="skipped" time="0">
              <skipped message="skipped"></skipped>
          </testcase>
          <testcase name="[ReportAfterSuite] Kubernetes e2e JUnit report" classname="Kubernetes e2e suite" status="timedout" time="0">
              <failure message="" type="timedout">report took too long</failure>
          </testcase>
      </testsuite>
  </testsuites>`;

describe("conformance JUnit report", () => {
  it("counts passed, failed (failed, panicked, suite nodes timed out) and skipped specs", () => {
    const r = parseJUnit(report);
    expect(r.specs.map((s) => [s.name, s.status])).toEqual([
      ["[sig-network] DNS should provide DNS for services  [Conformance]", "passed"],
      ["[sig-network] Services should serve a basic endpoint from pods  [Conformance]", "failed"],
      ["[sig-apps] Job should run a job to completion [Conformance]", "panicked"],
      ["[sig-storage] EmptyDir volumes [Serial]", "skipped"],
    ]);
    expect(r.suiteNodes.map((s) => s.name)).toEqual(["[SynchronizedBeforeSuite]", "[ReportAfterSuite] Kubernetes e2e JUnit report"]);
    expect([r.passed, r.failed, r.skipped]).toEqual([1, 3, 1]);
    expect(r.specs[0]!.seconds).toBe(12.25);
  });

  it("takes a failure's text from the element when the message attribute is empty", () => {
    const r = parseJUnit(report);
    expect(r.specs[1]!.failure).toBe('[FAILED] failed to get "endpoints" & more\nIn [It] at: service.go:123');
    expect(r.specs[2]!.failure).toBe("runtime error");
    expect(r.specs[0]!.failure).toBeUndefined();
  });

  it("refuses what is not a JUnit report", () => {
    expect(() => parseJUnit("Ran 0 of 7000 Specs")).toThrow(/not a JUnit report/);
  });

  it("unescapes XML entities", () => {
    expect(unescapeXml("&lt;a&gt; &quot;b&quot; &#39;c&#39; &#x41;&amp;")).toBe("<a> \"b\" 'c' A&");
  });
});
