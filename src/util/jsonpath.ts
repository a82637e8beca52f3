/**
 * JSONPath templates as kubectl and kubeadm print them (`-o jsonpath=...`): the evaluator over
 * JSON data (the object after a JSON round trip: maps, arrays, strings, float64 numbers, bools
 * and null). The template parser is jsonpath-parse.ts; Go's printing of values, go-format.ts.
 *
 * Go-specific value kinds the evaluator can meet are modelled with GoInt:
 * integer literals of the template (`int`) and the bytes of a string that a
 * wildcard or recursive descent walks into (`uint8`).
 */
import { goFloat, goJSON, goTypeName, goV, isMap, sortedKeys } from "./go-format.js";
import { GoInt, parseJSONPath, type JPNode, type JPValue, type ListNode, type SliceParam } from "./jsonpath-parse.js";

export { GoInt, parseJSONPath, unquoteExtend, type JPNode, type JPValue, type ListNode, type SliceParam } from "./jsonpath-parse.js";
export { goFloat, goJSON, goSharpV, goV } from "./go-format.js";
export { goQuote } from "./go-quote.js";

/** An evaluation error; `values` is what the failing step handed back (filters look at it). */
class EvalError extends Error {
  constructor(
    message: string,
    readonly values: JPValue[],
  ) {
    super(message);
  }
}

type Kind = "bool" | "int" | "uint" | "float" | "string";

function basicKind(v: JPValue): Kind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "string";
  if (v instanceof GoInt) return v.kind === "int" ? "int" : "uint";
  throw new Error("invalid type for comparison");
}

function numOf(v: JPValue): number {
  return v instanceof GoInt ? v.value : (v as number);
}

function goEqual(a: JPValue, b: JPValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) return numOf(a) === numOf(b);
    throw new Error("incompatible types for comparison");
  }
  if (k1 === "int" || k1 === "uint") return numOf(a) === numOf(b);
  return a === b;
}

function goLess(a: JPValue, b: JPValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) return numOf(a) < numOf(b);
    throw new Error("incompatible types for comparison");
  }
  if (k1 === "bool") throw new Error("invalid type for comparison");
  if (k1 === "string") return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0;
  return numOf(a) < numOf(b);
}

function compare(op: string, a: JPValue, b: JPValue): boolean {
  switch (op) {
    case "<":
      return goLess(a, b);
    case ">":
      return !(goLess(a, b) || goEqual(a, b));
    case "==":
      return goEqual(a, b);
    case "!=":
      return !goEqual(a, b);
    case "<=":
      return goLess(a, b) || goEqual(a, b);
    case ">=":
      return !goLess(a, b);
    default:
      throw new Error(`unrecognized filter operator ${op}`);
  }
}

/** The children a wildcard or recursive descent walks into. */
function children(v: JPValue): JPValue[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return [...Buffer.from(v, "utf8")].map((b) => new GoInt(b, "uint8"));
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  return [];
}

/**
 * A parsed template with its evaluation state. Like upstream, evaluation keeps
 * range bookkeeping on the instance and narrows the root node list as ranges
 * are walked, so one instance behaves as upstream's printer does when reused.
 */
export class JSONPath {
  allowMissingKeys = true;
  outputJSON = false;
  private readonly root: ListNode;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: JPNode | undefined;

  constructor(template: string) {
    this.root = parseJSONPath(template);
  }

  /** Evaluates the template on data; throws an Error with upstream's message. */
  execute(data: JPValue): string {
    return this.findResults(data)
      .map((r) => this.printResults(r))
      .join("");
  }

  private findResults(data: JPValue): JPValue[][] {
    const nodes = this.root.nodes;
    const full: JPValue[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const results = this.walk([data], node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) {
            this.root.nodes = nodes.slice(i + 1);
            full.push(...this.findResults(value));
          }
        } else {
          this.root.nodes = nodes.slice(i + 1);
          this.findResults(undefined);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: JPValue[]): string {
    if (this.outputJSON) return `${goJSON(results, "    ")}\n`;
    return results
      .map((r) => {
        if (Array.isArray(r) || isMap(r)) return goJSON(r);
        if (r === undefined) return "<no value>";
        if (r === null) return "null";
        if (typeof r === "number") return goFloat(r);
        if (r instanceof GoInt) return String(r.value);
        return String(r);
      })
      .join(" ");
  }

  private walk(input: JPValue[], node: JPNode): JPValue[] {
    switch (node.type) {
      case "list":
        return this.evalList(input, node);
      case "text":
        return [node.text];
      case "field":
        return this.evalField(input, node.name);
      case "array":
        return this.evalArray(input, node.params);
      case "filter":
        return this.evalFilter(input, node);
      case "int":
        return input.map(() => new GoInt(node.value, "int"));
      case "float":
      case "bool":
        return input.map(() => node.value);
      case "wildcard":
        return input.filter((v) => v !== null).flatMap(children);
      case "recursive":
        return this.evalRecursive(input);
      case "union": {
        const out: JPValue[] = [];
        for (const list of node.nodes) {
          try {
            out.push(...this.evalList(input, list));
          } catch (err) {
            throw new EvalError((err as Error).message, input);
          }
        }
        return out;
      }
      case "identifier":
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: JPValue[], list: ListNode): JPValue[] {
    let cur = input;
    for (const node of list.nodes) cur = this.walk(cur, node);
    return cur;
  }

  private evalIdentifier(input: JPValue[], name: string): JPValue[] {
    if (name === "range") {
      this.beginRange++;
      return input;
    }
    if (name === "end") {
      if (this.inRange > 0) {
        this.endRange++;
        return [];
      }
      throw new EvalError("not in range, nothing to end", []);
    }
    throw new EvalError(`unrecognized identifier ${name}`, input);
  }

  private evalField(input: JPValue[], name: string): JPValue[] {
    const results: JPValue[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (v === null) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new EvalError(`${name} is not found`, results);
    return results;
  }

  private evalArray(input: JPValue[], params: [SliceParam, SliceParam, SliceParam]): JPValue[] {
    const result: JPValue[] = [];
    for (const v of input) {
      if (v === null) continue;
      if (!Array.isArray(v)) throw new EvalError(`${goTypeName(v)} is not array or slice`, input);
      const len = v.length;
      let start = params[0].known ? params[0].value : 0;
      if (start < 0) start += len;
      let end = params[1].known ? params[1].value : len;
      if (end < 0 || (end === 0 && params[1].derived)) end += len;
      if (end === start) return result;
      if (start >= len || start < 0) throw new EvalError(`array index out of bounds: index ${start}, length ${len}`, input);
      if (end > len || end < 0) throw new EvalError(`array index out of bounds: index ${end - 1}, length ${len}`, input);
      if (start > end) throw new EvalError(`starting index ${start} is greater than ending index ${end}`, input);
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0) throw new EvalError("step must be > 0", input);
        step = params[2].value;
      }
      const slice = v.slice(start, end);
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: JPValue[]): JPValue[] {
    const result: JPValue[] = [];
    for (const v of input) {
      if (v === null) continue;
      const kids = children(v);
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: JPValue[], node: { left: ListNode; right: ListNode; op: string }): JPValue[] {
    const results: JPValue[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new EvalError(`${goV(v)} is not array or slice and cannot be filtered`, input);
      for (const elem of v) {
        let lefts: JPValue[];
        let leftErr: EvalError | undefined;
        try {
          lefts = this.evalList([elem], node.left);
        } catch (err) {
          leftErr = err instanceof EvalError ? err : new EvalError((err as Error).message, []);
          lefts = leftErr.values;
        }
        if (node.op === "exists") {
          if (lefts.length > 0) results.push(elem);
          continue;
        }
        if (leftErr) throw new EvalError(leftErr.message, input);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new EvalError("can only compare one element at a time", input);
        let rights: JPValue[];
        try {
          rights = this.evalList([elem], node.right);
        } catch (err) {
          throw new EvalError((err as Error).message, input);
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new EvalError("can only compare one element at a time", input);
        let pass: boolean;
        try {
          pass = compare(node.op, lefts[0], rights[0]);
        } catch (err) {
          throw new EvalError((err as Error).message, results);
        }
        if (pass) results.push(elem);
      }
    }
    return results;
  }
}
