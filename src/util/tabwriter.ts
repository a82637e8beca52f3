// Go's text/tabwriter (no flags, space padding): cells end at '\t'; consecutive lines with a
// cell in the same column form a block padded to max(minWidth, widest cell + padding); the
// last cell of a line is never padded. Widths count code points, as Go counts runes.

const runeCount = (s: string): number => [...s].length;

export function tabwrite(text: string, minWidth: number, padding: number): string {
  const lines = text.split("\n").map((l) => l.split("\t"));
  const widths: number[] = [];
  const out: string[] = [];
  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let s = "";
      cells.forEach((c, j) => {
        s += c;
        if (j < widths.length) s += " ".repeat(Math.max(0, widths[j]! - runeCount(c)));
      });
      out.push(s);
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = minWidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeCount(cells[column]!) + padding);
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join("\n");
}
