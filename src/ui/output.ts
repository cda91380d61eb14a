/**
 * Output written in pieces, at the reader's pace. A scan of a large shop lists a hundred
 * thousand cases: as one string (one JSON.stringify, one joined table) that is tens of MiB
 * at the very end of the run, the largest allocation of the whole scan (peak
 * memory), and Node queues whatever a slower reader of a pipe has not taken yet.
 */

import type { Context } from '../context.js';

const CHUNK = 64 << 10;
const DEPTH = 2;

/** Where output goes: write() says false when the reader has fallen behind, and drained() waits for it. */
export interface Output {
  write: (text: string) => boolean | void;
  drained: () => Promise<void>;
}

/** The command's standard output as an Output. */
export const stdoutOf = (ctx: Pick<Context, 'stdout' | 'stdoutDrained'>): Output => ({ write: ctx.stdout, drained: ctx.stdoutDrained });

/** Writes the pieces in chunks of about 64 KiB, waiting whenever the reader falls behind. */
export async function writePieces(pieces: Iterable<string>, out: Output): Promise<void> {
  for (const chunk of chunked(pieces)) if (out.write(chunk) === false) await out.drained();
}

/** Small pieces joined into chunks of about 64 KiB (the last one may be shorter). */
export function* chunked(pieces: Iterable<string>): Generator<string> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= CHUNK) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

/**
 * Writes `value` as JSON: the text of `JSON.stringify(value, null, 2) + "\n"`, with arrays and
 * objects opened two levels deep and everything below stringified whole, except that a JsonArray
 * (a case list) has one item a line, each compact: a bad season's hundred thousand cases are a
 * third fewer bytes to make and to write, and a script or a person can grep one case's line.
 */
export async function writeJson(value: unknown, out: Output): Promise<void> {
  await writePieces(jsonChunks(value), out);
}

/** The JSON text of `value` in pieces of about 64 KiB. */
export function* jsonChunks(value: unknown): Generator<string> {
  yield* chunked(
    (function* () {
      yield* pieces(value, '', DEPTH);
      yield '\n';
    })(),
  );
}

/**
 * A list written as a JSON array as it is read, one item a line (a case list of a bad season
 * made whole is a hundred megabytes). Read once; JSON.stringify sees it as the array it is.
 */
export class JsonArray<T> {
  constructor(readonly items: Iterable<T>) {}
  toJSON(): T[] {
    return [...this.items];
  }
}

export const jsonArray = <T>(items: Iterable<T>) => new JsonArray(items);

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  const inner = `${indent}  `;
  // A JsonArray is written as it is read at any depth, one compact item a line.
  if (value instanceof JsonArray) {
    let i = 0;
    // JSON.stringify writes null for what it cannot represent inside an array.
    for (const item of value.items as Iterable<unknown>) yield `${i++ ? ',' : '['}\n${inner}${representable(item) ? JSON.stringify(item) : 'null'}`;
    yield i ? `\n${indent}]` : '[]';
    return;
  }
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    let i = 0;
    for (const item of value) {
      yield `${i++ ? ',' : '['}\n${inner}`;
      if (representable(item)) yield* pieces(item, inner, depth - 1);
      else yield 'null';
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => representable(v));
    if (entries.length > 0) {
      yield '{';
      for (const [i, [key, v]] of entries.entries()) {
        yield `${i ? ',' : ''}\n${inner}${JSON.stringify(key)}: `;
        yield* pieces(v, inner, depth - 1);
      }
      yield `\n${indent}}`;
      return;
    }
  }
  yield JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const representable = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';

/** Objects without a toJSON of their own (a Date has one), whose entries are their JSON. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}
