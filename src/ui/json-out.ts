/**
 * `--json` output written in pieces. A scan of a large shop lists a hundred thousand cases:
 * as one JSON.stringify string that is tens of MiB at the very end of the run, the largest
 * allocation of the whole scan (issue 6: peak memory). The text is exactly what
 * `JSON.stringify(value, null, 2) + "\n"` gives; arrays and objects are opened two levels
 * deep and everything below is stringified whole.
 */

const CHUNK = 64 << 10;
const DEPTH = 2;

/** Where JSON goes: write() says false when the reader has fallen behind, and drained() waits for it. */
export interface JsonOutput {
  write: (text: string) => boolean | void;
  drained: () => Promise<void>;
}

/**
 * Writes `value` as JSON, waiting whenever the reader falls behind: Node writes to a pipe
 * asynchronously, and `oos scan --json | …` into a slower reader queued the whole 6 MB text
 * of a large shop in memory, the peak of the scan (issue 6).
 */
export async function writeJson(value: unknown, out: JsonOutput): Promise<void> {
  for (const chunk of jsonChunks(value)) if (out.write(chunk) === false) await out.drained();
}

/** The JSON text of `value` in pieces of about 64 KiB. */
export function* jsonChunks(value: unknown): Generator<string> {
  let pending = '';
  for (const piece of pieces(value, '', DEPTH)) {
    pending += piece;
    if (pending.length >= CHUNK) {
      yield pending;
      pending = '';
    }
  }
  yield `${pending}\n`;
}

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  const inner = `${indent}  `;
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    yield '[';
    for (const [i, item] of value.entries()) {
      yield `${i ? ',' : ''}\n${inner}`;
      // JSON.stringify writes null for what it cannot represent inside an array.
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
