/** Where phase lines go: anything with a write(string) (a Writable, or a test buffer). */
export interface LineWriter {
  write(chunk: string): unknown;
}

/** A LineWriter that collects text (tests, --print-manifest buffering). */
export function bufferWriter(): LineWriter & { text(): string } {
  const parts: string[] = [];
  return { write: (c: string) => parts.push(c), text: () => parts.join("") };
}

export const discard: LineWriter = { write: () => undefined };
