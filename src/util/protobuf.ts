/**
 * Protocol Buffers (proto3) encoding and decoding driven by a protobuf.js JSON descriptor, for the
 * gRPC services kubeadm-ts calls (the CRI, etcd). It interprets the descriptor: no code is
 * generated from strings, where protobuf.js compiles every message type with `new Function`,
 * which Node refuses under `--disallow-code-generation-from-strings` (and which cost start-up).
 *
 * Decoded messages have the shape @grpc/proto-loader gives with `{ keepCase: true, longs: String,
 * enums: String, defaults: true, oneofs: true }`: field names as in the .proto, every field
 * present (scalars at their zero value, repeated fields [], maps {}, absent messages null), 64-bit
 * integers as decimal strings, enums by name (an unknown number stays a number), bytes as Buffers.
 * Encoding takes the same shape (64-bit integers also as numbers or bigints, enums also by
 * number) and leaves out zero values, as proto3 encoders do. Unknown fields are skipped on decode.
 */

/** A field of a protobuf.js JSON descriptor. */
export interface FieldDescriptor {
  type: string;
  id: number;
  rule?: "repeated";
  keyType?: string;
}

/** A namespace of a protobuf.js JSON descriptor: messages, enums, services and nested namespaces. */
export interface NamespaceDescriptor {
  nested?: Readonly<Record<string, unknown>>;
}

interface MessageDescriptor {
  fields: Readonly<Record<string, FieldDescriptor>>;
}
interface EnumDescriptor {
  values: Readonly<Record<string, number>>;
}
interface MethodDescriptor {
  requestType: string;
  responseType: string;
  requestStream?: boolean;
  responseStream?: boolean;
}
interface ServiceDescriptor {
  methods: Readonly<Record<string, MethodDescriptor>>;
}

/** A message type's encoder and decoder. */
export interface MessageCodec {
  readonly name: string;
  encode(value: unknown): Buffer;
  decode(bytes: Uint8Array): Record<string, unknown>;
}

/** What grpc-js needs of one method (its MethodDefinition), as @grpc/proto-loader makes it. */
export interface GrpcMethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize(value: unknown): Buffer;
  requestDeserialize(bytes: Buffer): Record<string, unknown>;
  responseSerialize(value: unknown): Buffer;
  responseDeserialize(bytes: Buffer): Record<string, unknown>;
  originalName: string;
}

// wire types
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

type Scalar = "double" | "float" | "int32" | "uint32" | "sint32" | "fixed32" | "sfixed32" | "int64" | "uint64" | "sint64" | "fixed64" | "sfixed64" | "bool" | "string" | "bytes";

const SCALAR_WIRE: Readonly<Record<Scalar, number>> = {
  double: FIXED64,
  float: FIXED32,
  int32: VARINT,
  uint32: VARINT,
  sint32: VARINT,
  fixed32: FIXED32,
  sfixed32: FIXED32,
  int64: VARINT,
  uint64: VARINT,
  sint64: VARINT,
  fixed64: FIXED64,
  sfixed64: FIXED64,
  bool: VARINT,
  string: LENGTH_DELIMITED,
  bytes: LENGTH_DELIMITED,
};

const isScalar = (t: string): t is Scalar => Object.prototype.hasOwnProperty.call(SCALAR_WIRE, t);
const LONG_TYPES = new Set<string>(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

interface EnumType {
  kind: "enum";
  name: string;
  byName: ReadonlyMap<string, number>;
  byNumber: ReadonlyMap<number, string>;
  /** The first declared value: proto3's default. */
  first: [string, number];
}

interface Field {
  name: string;
  id: number;
  repeated: boolean;
  /** A map's key type (a scalar); the value is `type`. */
  keyType?: Scalar;
  scalar?: Scalar;
  enumType?: EnumType;
  message?: MessageType;
}

interface MessageType {
  kind: "message";
  name: string;
  /** Sorted by field number. */
  fields: Field[];
  byId: Map<number, Field>;
}

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufError";
  }
}

// ---------------------------------------------------------------------------------------------
// reading

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}

  private byte(): number {
    if (this.pos >= this.end) throw new ProtobufError("truncated message");
    return this.buf[this.pos++]!;
  }

  /** A varint's low 32 bits, unsigned. */
  varint32(): number {
    let result = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      if (i < 5) result |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) return result >>> 0;
    }
    throw new ProtobufError("varint longer than 10 bytes");
  }

  varint64(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError("varint longer than 10 bytes");
  }

  bytes(n: number): Uint8Array {
    if (n > this.end - this.pos) throw new ProtobufError("truncated message");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  lengthDelimited(): Uint8Array {
    return this.bytes(this.varint32());
  }

  fixed(n: 4 | 8): Buffer {
    const b = this.bytes(n);
    return Buffer.from(b.buffer, b.byteOffset, n);
  }

  /** Skips a field of wire type `wire` (field number `id`, for the end of a group). */
  skip(wire: number, id: number): void {
    switch (wire) {
      case VARINT:
        this.varint64();
        return;
      case FIXED64:
        this.bytes(8);
        return;
      case LENGTH_DELIMITED:
        this.lengthDelimited();
        return;
      case FIXED32:
        this.bytes(4);
        return;
      case START_GROUP:
        for (;;) {
          const tag = this.varint32();
          if ((tag & 7) === END_GROUP) {
            if (tag >>> 3 !== id) throw new ProtobufError("mismatched end of group");
            return;
          }
          this.skip(tag & 7, tag >>> 3);
        }
      default:
        throw new ProtobufError(`invalid wire type ${wire}`);
    }
  }
}

const utf8 = new TextDecoder("utf-8");

function readScalar(r: Reader, t: Scalar): unknown {
  switch (t) {
    case "double":
      return r.fixed(8).readDoubleLE(0);
    case "float":
      return r.fixed(4).readFloatLE(0);
    case "int32":
      return r.varint32() | 0;
    case "uint32":
      return r.varint32();
    case "sint32": {
      const v = r.varint32();
      return (v >>> 1) ^ -(v & 1);
    }
    case "fixed32":
      return r.fixed(4).readUInt32LE(0);
    case "sfixed32":
      return r.fixed(4).readInt32LE(0);
    case "int64":
      return BigInt.asIntN(64, r.varint64()).toString();
    case "uint64":
      return r.varint64().toString();
    case "sint64": {
      const v = r.varint64();
      return ((v >> 1n) ^ -(v & 1n)).toString();
    }
    case "fixed64":
      return r.fixed(8).readBigUInt64LE(0).toString();
    case "sfixed64":
      return r.fixed(8).readBigInt64LE(0).toString();
    case "bool":
      return r.varint64() !== 0n;
    case "string":
      return utf8.decode(r.lengthDelimited());
    case "bytes":
      return Buffer.from(r.lengthDelimited());
  }
}

function scalarDefault(t: Scalar): unknown {
  if (LONG_TYPES.has(t)) return "0";
  if (t === "bool") return false;
  if (t === "string") return "";
  if (t === "bytes") return Buffer.alloc(0);
  return 0;
}

function fieldDefault(f: Field): unknown {
  if (f.message) return null;
  if (f.enumType) return f.enumType.first[0];
  return scalarDefault(f.scalar!);
}

/** One value of a field that is not a map (an element, for a repeated field). */
function readValue(r: Reader, f: Field): unknown {
  if (f.message) {
    const bytes = r.lengthDelimited();
    return decodeMessage(f.message, new Reader(bytes));
  }
  if (f.enumType) {
    const n = r.varint32() | 0;
    return f.enumType.byNumber.get(n) ?? n;
  }
  return readScalar(r, f.scalar!);
}

function wireOf(f: Field): number {
  if (f.message || f.keyType) return LENGTH_DELIMITED;
  if (f.enumType) return VARINT;
  return SCALAR_WIRE[f.scalar!];
}

function decodeMessage(type: MessageType, r: Reader): Record<string, unknown> {
  // the key order @grpc/proto-loader's toObject gives: repeated fields, maps, then the others
  const out: Record<string, unknown> = {};
  for (const f of type.fields) if (f.repeated && !f.keyType) out[f.name] = [];
  for (const f of type.fields) if (f.keyType) out[f.name] = {};
  for (const f of type.fields) if (!f.repeated && !f.keyType) out[f.name] = fieldDefault(f);
  while (r.pos < r.end) {
    const tag = r.varint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    if (id === 0) throw new ProtobufError("invalid field number 0");
    const f = type.byId.get(id);
    if (!f) {
      r.skip(wire, id);
      continue;
    }
    if (f.keyType) {
      const [k, v] = readMapEntry(new Reader(r.lengthDelimited()), f);
      (out[f.name] as Record<string, unknown>)[String(k)] = v;
      continue;
    }
    const expected = wireOf(f);
    if (f.repeated) {
      const list = out[f.name] as unknown[];
      if (wire === LENGTH_DELIMITED && expected !== LENGTH_DELIMITED) {
        // packed
        const packed = new Reader(r.lengthDelimited());
        while (packed.pos < packed.end) list.push(readValue(packed, f));
        continue;
      }
      if (wire !== expected) throw new ProtobufError(`field ${type.name}.${f.name}: wire type ${wire}, expected ${expected}`);
      list.push(readValue(r, f));
      continue;
    }
    if (wire !== expected) throw new ProtobufError(`field ${type.name}.${f.name}: wire type ${wire}, expected ${expected}`);
    out[f.name] = readValue(r, f);
  }
  return out;
}

function readMapEntry(r: Reader, f: Field): [unknown, unknown] {
  const valueField: Field = { ...f, keyType: undefined, repeated: false, name: "value", id: 2 };
  let key = scalarDefault(f.keyType!);
  let value = fieldDefault(valueField);
  while (r.pos < r.end) {
    const tag = r.varint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    if (id === 1 && wire === SCALAR_WIRE[f.keyType!]) key = readScalar(r, f.keyType!);
    else if (id === 2 && wire === wireOf(valueField)) value = readValue(r, valueField);
    else r.skip(wire, id);
  }
  return [key, value];
}

// ---------------------------------------------------------------------------------------------
// writing

class Writer {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];
  length = 0;

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    this.chunks.push(Uint8Array.from(this.scratch));
    this.scratch = [];
  }

  byte(b: number): void {
    this.scratch.push(b);
    this.length++;
  }

  varint(v: number | bigint): void {
    let x = typeof v === "bigint" ? BigInt.asUintN(64, v) : v;
    if (typeof x === "number") {
      if (x < 0 || !Number.isInteger(x) || x > 0xffffffff) x = BigInt.asUintN(64, BigInt(Math.trunc(x)));
      else {
        while (x > 0x7f) {
          this.byte((x & 0x7f) | 0x80);
          x = x >>> 7;
        }
        this.byte(x);
        return;
      }
    }
    let y = x as bigint;
    while (y > 0x7fn) {
      this.byte(Number(y & 0x7fn) | 0x80);
      y >>= 7n;
    }
    this.byte(Number(y));
  }

  tag(id: number, wire: number): void {
    this.varint(((id << 3) | wire) >>> 0);
  }

  raw(bytes: Uint8Array): void {
    this.flushScratch();
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  finish(): Buffer {
    this.flushScratch();
    return Buffer.concat(this.chunks, this.length);
  }
}

function toBigInt(v: unknown, what: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  if (v && typeof v === "object" && "low" in v && "high" in v) {
    // a Long (protobuf.js's 64-bit integer)
    const l = v as { low: number; high: number };
    return (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  }
  throw new ProtobufError(`${what}: ${JSON.stringify(v)} is not an integer`);
}

function toNumber(v: unknown, what: string): number {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || Number.isNaN(n)) throw new ProtobufError(`${what}: ${JSON.stringify(v)} is not a number`);
  return n;
}

function isZero(t: Scalar, v: unknown): boolean {
  if (t === "string") return v === "";
  if (t === "bool") return v === false;
  if (t === "bytes") return (v instanceof Uint8Array && v.length === 0) || v === "";
  if (LONG_TYPES.has(t)) return v === 0 || v === "0" || v === 0n;
  return v === 0;
}

function writeScalar(w: Writer, t: Scalar, v: unknown, what: string): void {
  switch (t) {
    case "double": {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(toNumber(v, what));
      w.raw(b);
      return;
    }
    case "float": {
      const b = Buffer.alloc(4);
      b.writeFloatLE(toNumber(v, what));
      w.raw(b);
      return;
    }
    case "int32":
      w.varint(BigInt.asUintN(64, BigInt(toNumber(v, what) | 0)));
      return;
    case "uint32":
      w.varint(toNumber(v, what) >>> 0);
      return;
    case "sint32": {
      const n = toNumber(v, what) | 0;
      w.varint(((n << 1) ^ (n >> 31)) >>> 0);
      return;
    }
    case "fixed32": {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(toNumber(v, what) >>> 0);
      w.raw(b);
      return;
    }
    case "sfixed32": {
      const b = Buffer.alloc(4);
      b.writeInt32LE(toNumber(v, what) | 0);
      w.raw(b);
      return;
    }
    case "int64":
    case "uint64":
      w.varint(BigInt.asUintN(64, toBigInt(v, what)));
      return;
    case "sint64": {
      const n = BigInt.asIntN(64, toBigInt(v, what));
      w.varint(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
      return;
    }
    case "fixed64": {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt.asUintN(64, toBigInt(v, what)));
      w.raw(b);
      return;
    }
    case "sfixed64": {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt.asIntN(64, toBigInt(v, what)));
      w.raw(b);
      return;
    }
    case "bool":
      w.varint(v ? 1 : 0);
      return;
    case "string": {
      const b = Buffer.from(String(v), "utf8");
      w.varint(b.length);
      w.raw(b);
      return;
    }
    case "bytes": {
      const b = typeof v === "string" ? Buffer.from(v, "base64") : v instanceof Uint8Array ? v : Array.isArray(v) ? Uint8Array.from(v as number[]) : null;
      if (!b) throw new ProtobufError(`${what}: not bytes`);
      w.varint(b.length);
      w.raw(b);
      return;
    }
  }
}

function enumNumber(e: EnumType, v: unknown, what: string): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const n = e.byName.get(v);
    if (n !== undefined) return n;
  }
  throw new ProtobufError(`${what}: ${JSON.stringify(v)} is not a value of enum ${e.name}`);
}

/** Writes one value of `f` (an element, for a repeated field) with its tag, unless `skipZero` and it is proto3's zero. */
function writeField(w: Writer, f: Field, v: unknown, what: string, skipZero: boolean): void {
  if (f.message) {
    const body = encodeMessage(f.message, v, what);
    w.tag(f.id, LENGTH_DELIMITED);
    w.varint(body.length);
    w.raw(body);
    return;
  }
  if (f.enumType) {
    const n = enumNumber(f.enumType, v, what);
    if (skipZero && n === 0) return;
    w.tag(f.id, VARINT);
    w.varint(BigInt.asUintN(64, BigInt(n)));
    return;
  }
  if (skipZero && isZero(f.scalar!, v)) return;
  w.tag(f.id, SCALAR_WIRE[f.scalar!]);
  writeScalar(w, f.scalar!, v, what);
}

function encodeMessage(type: MessageType, value: unknown, path = type.name): Buffer {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ProtobufError(`${path}: expected an object`);
  const obj = value as Record<string, unknown>;
  const w = new Writer();
  for (const f of type.fields) {
    if (!Object.prototype.hasOwnProperty.call(obj, f.name)) continue;
    const v = obj[f.name];
    if (v === null || v === undefined) continue;
    const what = `${path}.${f.name}`;
    if (f.keyType) {
      if (typeof v !== "object") throw new ProtobufError(`${what}: expected an object`);
      const valueField: Field = { ...f, keyType: undefined, repeated: false, id: 2 };
      const keyField: Field = { name: "key", id: 1, repeated: false, scalar: f.keyType };
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const entry = new Writer();
        writeField(entry, keyField, k, what, true);
        if (item !== null && item !== undefined) writeField(entry, valueField, item, `${what}[${k}]`, true);
        const body = entry.finish();
        w.tag(f.id, LENGTH_DELIMITED);
        w.varint(body.length);
        w.raw(body);
      }
      continue;
    }
    if (f.repeated) {
      if (!Array.isArray(v)) throw new ProtobufError(`${what}: expected an array`);
      const wire = wireOf(f);
      if (wire !== LENGTH_DELIMITED && v.length > 0) {
        // packed, as proto3 packs repeated numbers
        const packed = new Writer();
        for (const item of v) {
          if (f.enumType) packed.varint(BigInt.asUintN(64, BigInt(enumNumber(f.enumType, item, what))));
          else writeScalar(packed, f.scalar!, item, what);
        }
        const body = packed.finish();
        w.tag(f.id, LENGTH_DELIMITED);
        w.varint(body.length);
        w.raw(body);
      } else {
        for (const item of v) writeField(w, f, item, what, false);
      }
      continue;
    }
    writeField(w, f, v, what, true);
  }
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// descriptors

/** One package of a descriptor ("runtime.v1", "etcdserverpb"): its message codecs and services. */
export class ProtoPackage {
  private readonly ns: Readonly<Record<string, unknown>>;
  private readonly types = new Map<string, MessageType | EnumType>();

  constructor(
    root: NamespaceDescriptor,
    readonly name: string,
  ) {
    let ns: NamespaceDescriptor | undefined = root;
    for (const part of name.split(".")) ns = ns?.nested?.[part] as NamespaceDescriptor | undefined;
    if (!ns?.nested) throw new ProtobufError(`no package ${name} in the descriptor`);
    this.ns = ns.nested;
    // resolve every message now: a descriptor mistake fails at once, not on first use
    for (const [n, d] of Object.entries(this.ns)) if (d && typeof d === "object" && "fields" in d) this.resolve(n);
  }

  private resolve(typeName: string): MessageType | EnumType {
    const name = typeName.replace(/^\./, "").replace(new RegExp(`^${this.name.replace(/\./g, "\\.")}\\.`), "");
    const known = this.types.get(name);
    if (known) return known;
    const d = this.ns[name];
    if (d && typeof d === "object" && "values" in d) {
      const values = Object.entries((d as EnumDescriptor).values);
      if (values.length === 0) throw new ProtobufError(`enum ${name} has no values`);
      const e: EnumType = {
        kind: "enum",
        name,
        byName: new Map(values),
        // an alias: the last name declared for a number, as protobuf.js's valuesById
        byNumber: new Map(values.map(([k, v]) => [v, k] as [number, string])),
        first: values[0]!,
      };
      this.types.set(name, e);
      return e;
    }
    if (!d || typeof d !== "object" || !("fields" in d)) throw new ProtobufError(`no type ${typeName} in package ${this.name}`);
    const m: MessageType = { kind: "message", name, fields: [], byId: new Map() };
    this.types.set(name, m); // before its fields: a message may contain itself
    for (const [fname, fd] of Object.entries((d as MessageDescriptor).fields)) {
      const f: Field = { name: fname, id: fd.id, repeated: fd.rule === "repeated" };
      if (!Number.isInteger(fd.id) || fd.id < 1 || fd.id > 0x1fffffff) throw new ProtobufError(`${name}.${fname}: invalid field number ${fd.id}`);
      if (m.byId.has(fd.id)) throw new ProtobufError(`${name}.${fname}: field number ${fd.id} used twice`);
      if (fd.keyType !== undefined) {
        if (!isScalar(fd.keyType) || fd.keyType === "bytes" || fd.keyType === "double" || fd.keyType === "float") {
          throw new ProtobufError(`${name}.${fname}: invalid map key type ${fd.keyType}`);
        }
        f.keyType = fd.keyType;
      }
      if (isScalar(fd.type)) f.scalar = fd.type;
      else {
        const t = this.resolve(fd.type);
        if (t.kind === "enum") f.enumType = t;
        else f.message = t;
      }
      m.fields.push(f);
      m.byId.set(f.id, f);
    }
    m.fields.sort((a, b) => a.id - b.id);
    return m;
  }

  /** The codec of message `typeName`. */
  message(typeName: string): MessageCodec {
    const t = this.resolve(typeName);
    if (t.kind !== "message") throw new ProtobufError(`${typeName} is an enum, not a message`);
    return {
      name: t.name,
      encode: (value) => encodeMessage(t, value),
      decode: (bytes) => decodeMessage(t, new Reader(bytes)),
    };
  }

  /**
   * Service `serviceName` as grpc-js's ServiceDefinition (what @grpc/proto-loader builds), for
   * grpc.makeGenericClientConstructor and Server.addService.
   */
  service(serviceName: string): Record<string, GrpcMethodDefinition> {
    const d = this.ns[serviceName];
    if (!d || typeof d !== "object" || !("methods" in d)) throw new ProtobufError(`no service ${serviceName} in package ${this.name}`);
    const out: Record<string, GrpcMethodDefinition> = {};
    for (const [method, md] of Object.entries((d as ServiceDescriptor).methods)) {
      const req = this.message(md.requestType);
      const res = this.message(md.responseType);
      out[method] = {
        path: `/${this.name}.${serviceName}/${method}`,
        requestStream: md.requestStream === true,
        responseStream: md.responseStream === true,
        requestSerialize: req.encode,
        requestDeserialize: req.decode,
        responseSerialize: res.encode,
        responseDeserialize: res.decode,
        originalName: method.charAt(0).toLowerCase() + method.slice(1),
      };
    }
    return out;
  }
}
