// Test helper: a throwaway PKI made with the openssl CLI and a local HTTPS server that records
// requests and answers through a handler the test provides.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";

export interface TestPki {
  dir: string;
  caCert: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** A CA that signed nothing the server presents. */
  otherCaCert: Buffer;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-client-pki-"));
  const ca = (name: string, cn: string) => {
    openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${cn}`], dir);
  };
  const leaf = (name: string, subj: string, ext: string) => {
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subj], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`], dir);
  };
  ca("ca", "test-ca");
  ca("other", "other-ca");
  leaf("server", "/CN=kube-apiserver", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  leaf("client", "/O=kubeadm:cluster-admins/CN=kubernetes-admin", "extendedKeyUsage=clientAuth\n");
  const r = (f: string) => readFileSync(join(dir, f));
  return {
    dir,
    caCert: r("ca.crt"),
    serverCert: r("server.crt"),
    serverKey: r("server.key"),
    clientCert: r("client.crt"),
    clientKey: r("client.key"),
    otherCaCert: r("other.crt"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** CN of the client certificate presented, if any. */
  clientCN?: string;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface FakeApiServer {
  url: string;
  requests: RecordedRequest[];
  handler: (req: RecordedRequest) => Reply;
  close(): Promise<void>;
}

export async function startFakeApiServer(pki: TestPki, handler: (req: RecordedRequest) => Reply): Promise<FakeApiServer> {
  const state: FakeApiServer = { url: "", requests: [], handler, close: async () => undefined };
  const server = https.createServer(
    { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        const rec: RecordedRequest = {
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          clientCN: peer && peer.subject ? (peer.subject.CN as string) : undefined,
        };
        state.requests.push(rec);
        const reply = state.handler(rec);
        if (reply.status === 0) return; // never answer: for timeout tests
        const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { "Content-Type": typeof reply.body === "string" ? "text/plain" : "application/json" });
        res.end(text);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

