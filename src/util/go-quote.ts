/** Go's strconv.IsPrint, close enough: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isGoPrint(r: number): boolean {
  return r === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(r));
}

/** Go's strconv.Quote (%q): printable text kept; quotes, backslashes, controls and unprintable runes escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (r === 0x07) out += "\\a";
    else if (r === 0x08) out += "\\b";
    else if (r === 0x0c) out += "\\f";
    else if (r === 0x0a) out += "\\n";
    else if (r === 0x0d) out += "\\r";
    else if (r === 0x09) out += "\\t";
    else if (r === 0x0b) out += "\\v";
    else if (isGoPrint(r)) out += ch;
    else if (r < 0x80) out += `\\x${r.toString(16).padStart(2, "0")}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, "0")}`;
    else out += `\\U${r.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}
