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

/**
 * The records of projected text (projectColumns' output, decoded), split as csv-parse splits them
 * with oos's options and no `trim`: csv-parse reads every character through its general state
 * machine and was most of a large import's parse; the projected text is regular enough to split
 * with string search. Every record ends in LF; a value in quotes (when `quote`) runs to a quote not
 * followed by another and loses its quotes and doubled inner quotes; any other value is literal,
 * quotes and all. With `trim` (csv-parse's, on when a quote stands next to a blank anywhere in the
 * batch), blanks around a quoted value were already refused by projectColumns, and an unquoted value
 * that starts or ends with a character csv-parse may trim is declined. Null when the text is not
 * shaped that way (the caller then asks csv-parse).
 */
export function splitProjected(text: string, delimiter: string, quote: boolean, trim = false): string[][] | null {
  // A CR (inside a quoted value: outside one the projection refused it) makes csv-parse take CR as a record end too.
  if (delimiter.length !== 1 || text.includes('\r')) return null;
  const records: string[][] = [];
  const n = text.length;
  let record: string[] = [];
  let i = 0;
  while (i < n) {
    if (quote && text.charCodeAt(i) === QUOTE) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return null;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += text.slice(j, q);
        i = q + 1;
        break;
      }
      record.push(value);
    } else {
      let end = text.indexOf('\n', i);
      if (end === -1) return null;
      const d = text.indexOf(delimiter, i);
      if (d !== -1 && d < end) end = d;
      // With trim, csv-parse trims an unquoted value: one that has something to trim is left to it.
      if (trim && end > i && (mayTrim(text.charCodeAt(i)) || mayTrim(text.charCodeAt(end - 1)))) return null;
      record.push(text.slice(i, end));
      i = end;
    }
    const c = text.charCodeAt(i);
    if (c === LF) {
      records.push(record);
      record = [];
      i++;
    } else if (text.startsWith(delimiter, i)) {
      i++;
    } else return null;
  }
  return record.length ? null : records;
}

/**
 * Characters csv-parse trims (its list of blanks for ltrim, String#trimEnd for rtrim), and a few
 * more: a value starting or ending with one is left to csv-parse.
 */
function mayTrim(c: number): boolean {
  return (
    c <= SPACE ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    c === 0x180e ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
