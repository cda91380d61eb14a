/**
 * How a batch's rows cross from a parse worker to the main thread.
 *
 * Cloning thousands of small values one by one is slow, so rows travel as a few large
 * values. Order runs (the bulk of any import) are packed by hand: their texts joined into
 * one string, with the length of each, and numbers and nulls marked in typed arrays the
 * message transfers. JSON would do the same work, but JSON.parse puts every short text
 * (order ids, SKUs, quantities) into V8's string table, which lives in the old generation:
 * a million-row import left the table at 8 MiB and the old generation full of dead ids
 * until a full collection (heaptrack). Sliced out of one string, texts die young.
 * The other kinds are a few columns per row, and small files; they go as JSON.
 */
import type { OrderRuns, SqlValue } from '../rows/order-runs.js';

export type Rows = unknown[] | OrderRuns;

interface PackedValues {
  text: string;
  /** Per value: its length in `text`, or NULL, or NUMBER (the next of `numbers`). */
  codes: Int32Array;
  numbers: Float64Array;
}

export type PackedRows = { json: string } | { runs: PackedValues; lines: PackedValues; lineCounts: Int32Array; rows: number };

const NULL = -1;
const NUMBER = -2;

export function packRows(rows: Rows): PackedRows {
  if (Array.isArray(rows)) return { json: JSON.stringify(rows) };
  return { runs: packValues(rows.runs), lines: packValues(rows.lines), lineCounts: Int32Array.from(rows.lineCounts), rows: rows.rows };
}

/** The typed arrays a postMessage of `packed` can hand over instead of copying. */
export function transferables(packed: PackedRows): ArrayBuffer[] {
  if ('json' in packed) return [];
  return [packed.runs.codes, packed.runs.numbers, packed.lines.codes, packed.lines.numbers, packed.lineCounts].map((a) => a.buffer as ArrayBuffer);
}

export function unpackRows(packed: PackedRows): Rows {
  if ('json' in packed) return JSON.parse(packed.json) as unknown[];
  return { runs: unpackValues(packed.runs), lines: unpackValues(packed.lines), lineCounts: Array.from(packed.lineCounts), rows: packed.rows };
}

function packValues(values: SqlValue[]): PackedValues {
  const codes = new Int32Array(values.length);
  const numbers: number[] = [];
  const texts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) codes[i] = NULL;
    else if (typeof v === 'number') {
      codes[i] = NUMBER;
      numbers.push(v);
    } else {
      codes[i] = v.length;
      texts.push(v);
    }
  }
  return { text: texts.join(''), codes, numbers: Float64Array.from(numbers) };
}

function unpackValues({ text, codes, numbers }: PackedValues): SqlValue[] {
  const out: SqlValue[] = new Array(codes.length);
  let at = 0;
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    out[i] = c === NULL ? null : c === NUMBER ? numbers[n++]! : text.slice(at, (at += c));
  }
  return out;
}
