/**
 * Column projection: csv-parse's cost is per character and per field, and a
 * format's mapper reads few of an export's columns (Shopify orders: 25 of 79).
 * Before csv-parse sees a batch, this copies out only the columns the mapper
 * reads, each field's bytes exactly as they are in the file, so csv-parse still
 * unquotes and checks every value oos uses, and reads a third of the text.
 *
 * It splits fields by the rules csv-parse follows as oos configures it (see
 * record-scanner.ts), but only where they are simple: any batch with a record
 * it cannot split with certainty (a quote after leading blanks, text after a
 * closing quote, a lone CR, a record not exactly as wide as the header) gives
 * null, and the caller parses the whole batch as it is, errors and all.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

export interface Projection {
  /** Columns in the header. */
  width: number;
  /** The columns kept, ascending. */
  columns: number[];
  /** keep[i] is 1 when column i is kept. */
  keep: Uint8Array;
}

/** A projection that keeps `columns` (indices into a header `width` wide); null when it would keep most of them. */
export function projectionOf(columns: Iterable<number>, width: number): Projection | null {
  const kept = [...new Set(columns)].filter((c) => c >= 0 && c < width).sort((a, b) => a - b);
  // Dropping a few columns saves less than the copy costs.
  if (kept.length === 0 || kept.length > width * 0.7) return null;
  const keep = new Uint8Array(width);
  for (const c of kept) keep[c] = 1;
  return { width, columns: kept, keep };
}

/** One buffer reused for every batch: a new one each time fragments the heap. */
let scratch = Buffer.alloc(0);

/**
 * The kept columns of every record in `bytes`, joined by `delimiter`, one record
 * per line ending in LF; null when the batch must be parsed whole. The result is a
 * view of a buffer the next call overwrites.
 */
export function projectColumns(bytes: Uint8Array, p: Projection, delimiter: string, quote: boolean, trim: boolean): Buffer | null {
  const n = bytes.length;
  const delim = delimiter.charCodeAt(0);
  const { width, keep } = p;
  if (scratch.length < n + 1) scratch = Buffer.allocUnsafeSlow(Math.max(n + 1, scratch.length * 2));
  const out = scratch;
  let o = 0;
  let i = 0;
  while (i < n) {
    let field = 0;
    let written = 0;
    for (;;) {
      const start = i;
      let b = bytes[i];
      if (quote && b === QUOTE) {
        // A quoted value runs to a quote not followed by another quote, and must end there.
        let j = i + 1;
        for (;;) {
          const q = bytes.indexOf(QUOTE, j);
          if (q === -1) return null;
          if (bytes[q + 1] === QUOTE) {
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        i = j;
        b = bytes[i];
        if (i < n && b !== delim && b !== LF && b !== CR) return null;
      } else {
        // With trim, csv-parse skips blanks before a quote and then reads a quoted value.
        if (quote && trim && (b === SPACE || b === TAB)) {
          let k = i;
          while (k < n && (bytes[k] === SPACE || bytes[k] === TAB)) k++;
          if (bytes[k] === QUOTE) return null;
        }
        // An unquoted value runs to the next delimiter or line break; a quote inside it is literal.
        while (i < n) {
          b = bytes[i];
          if (b === delim || b === LF || b === CR) break;
          i++;
        }
      }
      if (field < width && keep[field] === 1) {
        if (written++ > 0) out[o++] = delim;
        for (let k = start; k < i; k++) out[o++] = bytes[k]!;
      }
      field++;
      if (i >= n) break;
      if (b === delim) {
        // (A delimiter at the very end opens one more, empty, field: the loop reads it at n.)
        i++;
        continue;
      }
      if (b === CR) {
        if (bytes[i + 1] !== LF) return null;
        i += 2;
      } else i++;
      break;
    }
    if (field !== width) return null;
    out[o++] = LF;
  }
  return out.subarray(0, o);
}
