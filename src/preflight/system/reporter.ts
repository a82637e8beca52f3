/** The validators' report: "KEY: value" lines, colored as system-validators' StreamReporter colors them. */
export type ResultType = "good" | "bad" | "warn";

const COLOR: Record<ResultType, number> = { good: 32, bad: 31, warn: 33 };
const colorize = (s: string, c: number): string => `\u001b[0;${c}m${s}\u001b[0m`;

export class Reporter {
  readonly lines: string[] = [];
  report(key: string, value: string, result: ResultType): void {
    this.lines.push(`${colorize(key, 37)}: ${colorize(value, COLOR[result])}\n`);
  }
  text(): string {
    return this.lines.join("");
  }
}
