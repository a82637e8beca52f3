import { describe, expect, it } from "vitest";
import { proxyForURL, proxyTextForURL } from "../../../src/util/proxy-env.js";

const via = (url: string, env: Record<string, string>) => proxyForURL(new URL(url), env)?.href ?? null;

describe("proxyForURL: Go's http.ProxyFromEnvironment rules", () => {
  it("HTTPS_PROXY for https, HTTP_PROXY for http; upper case wins; a bare host:port means http://", () => {
    const env = { HTTPS_PROXY: "http://secure:3128", https_proxy: "http://lower:1", HTTP_PROXY: "plain:8080" };
    expect(via("https://dl.k8s.io/release/stable-1.txt", env)).toBe("http://secure:3128/");
    expect(via("http://dl.k8s.io/x", env)).toBe("http://plain:8080/");
    expect(via("https://dl.k8s.io/x", { https_proxy: "lower:1" })).toBe("http://lower:1/");
    expect(via("https://dl.k8s.io/x", { HTTP_PROXY: "plain:8080" })).toBeNull();
    expect(via("https://dl.k8s.io/x", {})).toBeNull();
    expect(via("https://dl.k8s.io/x", { HTTPS_PROXY: "https://user:p%40ss@proxy.corp" })).toBe("https://user:p%40ss@proxy.corp/");
  });

  it("never for localhost and loopback addresses", () => {
    const env = { HTTPS_PROXY: "http://p:3128" };
    for (const u of ["https://localhost/x", "https://127.0.0.1:6443/x", "https://127.1.2.3/x", "https://[::1]/x"]) expect(via(u, env)).toBeNull();
    expect(via("https://10.0.0.1/x", env)).toBe("http://p:3128/");
  });

  it("NO_PROXY: domains with their subdomains, leading dot or star for subdomains only, IPs, CIDRs, ports, *", () => {
    const p = (noProxy: string, url: string) => via(url, { HTTPS_PROXY: "http://p:3128", NO_PROXY: noProxy });
    expect(p("k8s.io", "https://k8s.io/x")).toBeNull();
    expect(p("k8s.io", "https://dl.k8s.io/x")).toBeNull();
    expect(p("k8s.io", "https://notk8s.io/x")).not.toBeNull();
    expect(p(".k8s.io", "https://k8s.io/x")).not.toBeNull();
    expect(p(".k8s.io", "https://dl.k8s.io/x")).toBeNull();
    expect(p("*.k8s.io", "https://dl.k8s.io/x")).toBeNull();
    expect(p(" example.com , DL.K8S.IO ", "https://dl.k8s.io/x")).toBeNull();
    expect(p("dl.k8s.io:443", "https://dl.k8s.io/x")).toBeNull();
    expect(p("dl.k8s.io:8443", "https://dl.k8s.io/x")).not.toBeNull();
    expect(p("10.0.0.0/8", "https://10.1.2.3/x")).toBeNull();
    expect(p("10.0.0.0/8", "https://11.1.2.3/x")).not.toBeNull();
    expect(p("192.0.2.1", "https://192.0.2.1/x")).toBeNull();
    expect(p("192.0.2.1:443", "https://192.0.2.1/x")).toBeNull();
    expect(p("192.0.2.1:80", "https://192.0.2.1/x")).not.toBeNull();
    expect(p("[2001:db8::1]:443", "https://[2001:db8::1]/x")).toBeNull();
    expect(p("2001:db8::/32", "https://[2001:db8::5]/x")).toBeNull();
    expect(p("*", "https://dl.k8s.io/x")).toBeNull();
    expect(via("https://dl.k8s.io/x", { HTTPS_PROXY: "http://p:3128", no_proxy: "k8s.io" })).toBeNull();
    expect(via("https://dl.k8s.io/x", { HTTPS_PROXY: "http://p:3128", NO_PROXY: "other.io", no_proxy: "k8s.io" })).not.toBeNull();
  });

  it("refuses HTTP_PROXY in a CGI environment, as Go does", () => {
    expect(() => via("http://dl.k8s.io/x", { HTTP_PROXY: "http://p:3128", REQUEST_METHOD: "GET" })).toThrow(
      "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy",
    );
    expect(via("https://dl.k8s.io/x", { HTTPS_PROXY: "http://p:3128", REQUEST_METHOD: "GET" })).toBe("http://p:3128/");
  });
});

describe("proxyTextForURL: the proxy as preflight's HTTPProxy checks print it", () => {
  it("the environment's text, http:// added to a bare host:port; null for none, CGI or a non-URL", () => {
    expect(proxyTextForURL("https://10.96.0.1:1234", { HTTPS_PROXY: "proxy.corp:3128" })).toBe("http://proxy.corp:3128");
    expect(proxyTextForURL("https://10.96.0.1:1234", { HTTPS_PROXY: "socks5://p:1080" })).toBe("socks5://p:1080");
    expect(proxyTextForURL("https://10.96.0.1:1234", { HTTPS_PROXY: "p:1", NO_PROXY: "10.96.0.0/12" })).toBeNull();
    expect(proxyTextForURL("http://10.96.0.1:1234", { HTTP_PROXY: "p:1", REQUEST_METHOD: "GET" })).toBeNull();
    expect(proxyTextForURL("not a url", { HTTPS_PROXY: "p:1" })).toBeNull();
  });
});
