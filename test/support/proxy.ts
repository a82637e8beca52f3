// Test doubles for HTTPS to the internet: a TLS server under a public-looking name with its own
// CA (openssl), and a forward proxy that tunnels CONNECT requests to it.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";

const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** In `dir`: CAs `cas` (self-signed, <name>.crt/.key) and srv.crt/srv.key for DNS name `name`, signed by the first CA. */
export function makeNamedServerPki(dir: string, name: string, cas: string[] = ["ca"]): { cert: string; key: string; ca: (n: string) => string } {
  const ossl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  for (const ca of cas) ossl("req", "-x509", ...ec, "-keyout", `${ca}.key`, "-out", `${ca}.crt`, "-days", "2", "-subj", `/CN=${ca}`);
  ossl("req", ...ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", `/CN=${name}`);
  writeFileSync(join(dir, "srv.ext"), `subjectAltName=DNS:${name}\n`);
  ossl("x509", "-req", "-in", "srv.csr", "-CA", `${cas[0]}.crt`, "-CAkey", `${cas[0]}.key`, "-CAcreateserial", "-out", "srv.crt", "-days", "2", "-extfile", "srv.ext");
  return { cert: join(dir, "srv.crt"), key: join(dir, "srv.key"), ca: (n) => join(dir, `${n}.crt`) };
}

export interface TunnelProxy {
  server: Server;
  /** http://127.0.0.1:<port> */
  url(): string;
  /** Every CONNECT: its target and Proxy-Authorization header ("-" when none). */
  connects: { target: string; auth: string }[];
  close(): Promise<void>;
}

/**
 * A forward proxy on 127.0.0.1: CONNECT requests are tunnelled to 127.0.0.1:`targetPort()` whatever
 * they name, unless `refuse` returns a status ("403 Forbidden") for them; plain requests go to `plain`.
 */
export async function startTunnelProxy(opts: { targetPort: () => number; refuse?: (req: IncomingMessage) => string | undefined; plain?: RequestListener }): Promise<TunnelProxy> {
  const tunnels = new Set<Socket>();
  const connects: { target: string; auth: string }[] = [];
  const server = createServer(
    opts.plain ??
      ((_req, res) => {
        res.writeHead(405);
        res.end();
      }),
  );
  server.on("connect", (req: IncomingMessage, socket: Socket) => {
    connects.push({ target: req.url!, auth: req.headers["proxy-authorization"] ?? "-" });
    tunnels.add(socket);
    const refused = opts.refuse?.(req);
    if (refused) {
      socket.end(`HTTP/1.1 ${refused}\r\n\r\n`);
      return;
    }
    const up = connect(opts.targetPort(), "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on("error", () => socket.destroy());
    socket.on("error", () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    async close() {
      for (const t of tunnels) t.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
