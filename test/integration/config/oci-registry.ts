// A read-only OCI distribution registry over plain HTTP on 127.0.0.1, serving one image (from a
// `docker save` tarball) under every repository name and tag, so a container runtime can "pull"
// without network access. containerd talks plain HTTP to localhost registries by default.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The members of an uncompressed tar archive, by name. */
function untar(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let off = 0;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(header.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    const type = String.fromCharCode(header[156]!);
    if (type === "0" || type === "\0") out.set(name, buf.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export interface Registry {
  /** host:port */
  host: string;
  /** Repository paths requested (manifests), in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startRegistry(dockerSaveTar: string): Promise<Registry> {
  const files = untar(readFileSync(dockerSaveTar));
  const m = (JSON.parse(files.get("manifest.json")!.toString()) as Array<{ Config: string; Layers: string[] }>)[0]!;
  const blobs = new Map<string, Buffer>();
  const config = files.get(m.Config)!;
  blobs.set(sha(config), config);
  const layers = m.Layers.map((l) => {
    const b = files.get(l)!;
    blobs.set(sha(b), b);
    return { mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha(b), size: b.length };
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha(config), size: config.length },
      layers,
    }),
  );
  const manifestDigest = sha(manifest);
  blobs.set(manifestDigest, manifest);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "";
    const send = (body: Buffer, type: string, digest: string) => {
      res.writeHead(200, { "Content-Type": type, "Content-Length": body.length, "Docker-Content-Digest": digest });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (url === "/v2/" || url === "/v2") return send(Buffer.from("{}"), "application/json", "");
    let r = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url);
    if (r) {
      if (req.method === "GET" || req.method === "HEAD") requests.push(`${req.method} ${r[1]}:${r[2]}`);
      return send(manifest, "application/vnd.oci.image.manifest.v1+json", manifestDigest);
    }
    r = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url);
    const blob = r ? blobs.get(r[2]!) : undefined;
    if (blob) return send(blob, "application/octet-stream", r![2]!);
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code: "NOT_FOUND", message: "not found" }] }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
