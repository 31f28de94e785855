/**
 * Builds ONNX models (ModelProto) from nodes and float32 initializers, using the field numbers
 * of onnx.proto (IR version 8, default-domain opset 18).
 */
import { ProtoWriter } from './protobuf.js';

const IR_VERSION = 8;
export const OPSET = 18;

// onnx.proto TensorProto.DataType values.
const FLOAT = 1;
const INT64 = 7;

// onnx.proto AttributeProto.AttributeType values.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

export type AttributeValue = number | string | readonly number[] | { float: number };

/** A dimension: a fixed size, or a symbolic name such as 'batch'. */
export type Dim = number | string;

interface Node {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: Record<string, AttributeValue>;
}

interface Initializer {
  name: string;
  dims: readonly number[];
  type: typeof FLOAT | typeof INT64;
  raw: Uint8Array;
}

interface ValueInfo {
  name: string;
  dims: readonly Dim[];
}

export class GraphBuilder {
  readonly #nodes: Node[] = [];
  readonly #initializers: Initializer[] = [];
  readonly #inputs: ValueInfo[] = [];
  readonly #outputs: ValueInfo[] = [];
  readonly #metadata: [string, string][] = [];
  #counter = 0;

  constructor(readonly name: string) {}

  input(name: string, dims: readonly Dim[]): string {
    this.#inputs.push({ name, dims });
    return name;
  }

  output(name: string, dims: readonly Dim[]): void {
    this.#outputs.push({ name, dims });
  }

  /** A float32 constant. */
  weight(name: string, dims: readonly number[], data: Float32Array): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`initializer ${name}: ${data.length} values for dims ${dims.join('x')}`);
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.#initializers.push({ name, dims, type: FLOAT, raw });
    return name;
  }

  /** An int64 constant (shapes, axes). */
  ints(name: string, values: readonly number[]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.#initializers.push({ name, dims: [values.length], type: INT64, raw: new Uint8Array(data.buffer) });
    return name;
  }

  /** Adds a node and returns its first output's name (fresh unless given). */
  node(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputs?: readonly string[]): string {
    const outs = outputs ?? [`${op.toLowerCase()}_${this.#counter++}`];
    this.#nodes.push({ op, inputs, outputs: outs, attributes });
    return outs[0]!;
  }

  metadata(key: string, value: string): void {
    this.#metadata.push([key, value]);
  }

  toBytes(producer = 'smc-engine'): Uint8Array {
    const w = new ProtoWriter();
    w.varint(1, IR_VERSION); // ir_version
    w.string(2, producer); // producer_name
    w.message(7, (g) => this.#writeGraph(g)); // graph
    w.message(8, (o) => o.string(1, '').varint(2, OPSET)); // opset_import
    for (const [key, value] of this.#metadata) w.message(14, (m) => m.string(1, key).string(2, value));
    return w.finish();
  }

  #writeGraph(g: ProtoWriter): void {
    for (const n of this.#nodes) {
      g.message(1, (m) => {
        for (const i of n.inputs) m.string(1, i);
        for (const o of n.outputs) m.string(2, o);
        m.string(3, `${n.op}_${n.outputs[0]}`);
        m.string(4, n.op);
        for (const [name, value] of Object.entries(n.attributes)) m.message(5, (a) => writeAttribute(a, name, value));
      });
    }
    g.string(2, this.name);
    for (const t of this.#initializers) {
      g.message(5, (m) => {
        for (const d of t.dims) m.varint(1, d);
        m.varint(2, t.type);
        m.string(8, t.name);
        m.bytes(9, t.raw);
      });
    }
    for (const v of this.#inputs) g.message(11, (m) => writeValueInfo(m, v));
    for (const v of this.#outputs) g.message(12, (m) => writeValueInfo(m, v));
  }
}

function writeAttribute(a: ProtoWriter, name: string, value: AttributeValue): void {
  a.string(1, name);
  if (typeof value === 'number') {
    a.varint(3, value).varint(20, ATTR_INT);
  } else if (typeof value === 'string') {
    a.string(4, value).varint(20, ATTR_STRING);
  } else if (Array.isArray(value)) {
    for (const v of value as readonly number[]) a.varint(8, v);
    a.varint(20, ATTR_INTS);
  } else {
    a.float(2, (value as { float: number }).float).varint(20, ATTR_FLOAT);
  }
}

function writeValueInfo(m: ProtoWriter, v: ValueInfo): void {
  m.string(1, v.name);
  m.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
      });
    }),
  );
}
