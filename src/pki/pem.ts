// PEM blocks as Go's encoding/pem writes them: 64-column base64 lines, trailing newline.

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

export function encodePem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join("\n")}${lines.length ? "\n" : ""}-----END ${type}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Every PEM block in the text, in order; blocks with headers ("Proc-Type: ...") are skipped. */
export function decodePemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const body = m[2]!;
    if (body.includes(":")) continue;
    out.push({ type: m[1]!, bytes: new Uint8Array(Buffer.from(body.replace(/\s+/g, ""), "base64")) });
  }
  return out;
}
