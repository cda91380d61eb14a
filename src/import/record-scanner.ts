/**
 * Finds where CSV records start and end in raw bytes, without decoding or
 * splitting fields: enough to cut a file into batches that csv-parse can parse
 * independently (in worker threads), to count lines exactly, and to group an
 * order's rows by the raw bytes of its id column.
 *
 * It follows csv-parse's rules as oos configures them (read-csv.ts): records end
 * at \r\n, \n or \r outside quotes; a field is quoted only when its first
 * character (after spaces, with trim) is a quote; `""` inside a quoted field is
 * a quote; a quote inside an unquoted field is literal (relax_quotes). Works on
 * every ASCII-compatible encoding (UTF-8, GB18030, Shift_JIS): none of them uses
 * the bytes of `"`, `,`, `;`, tab, CR or LF inside a multibyte character.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

export interface ScannerOptions {
  delimiter: string;
  quote: boolean;
  /** Whether csv-parse trims spaces around fields (all delimiters but tab). */
  trim: boolean;
  /** 0-based column whose raw bytes group records (an order's rows); -1 for none. */
  keyColumn: number;
}

export interface RecordSink {
  /** `end` excludes the record delimiter; `keyStart`/`keyEnd` are -1 when the record has no such column. */
  (start: number, end: number, line: number, keyStart: number, keyEnd: number): void;
}

export interface ScanState {
  /** 1-based line the next record starts on. */
  line: number;
}

export class UnclosedQuote extends Error {
  constructor(readonly line: number) {
    super('unclosed quote');
  }
}

export class RecordScanner {
  private readonly delim: number;
  private readonly quote: boolean;
  private readonly trim: boolean;
  private readonly key: number;

  constructor(opts: ScannerOptions) {
    this.delim = opts.delimiter.charCodeAt(0);
    this.quote = opts.quote;
    this.trim = opts.trim;
    this.key = opts.keyColumn;
  }

  /**
   * Reports every complete record in buf[from, buf.length) and returns the
   * offset where the first incomplete one starts (buf.length if none). With
   * `final`, the bytes after the last delimiter are the last record, and a
   * quote still open there throws UnclosedQuote naming the line it opened on.
   */
  scan(buf: Buffer, from: number, final: boolean, state: ScanState, sink: RecordSink): number {
    const n = buf.length;
    let pos = from;
    // Next quote and CR at or after pos, found lazily: -1 stays -1 (none in the rest of buf).
    let nextQuote = this.quote ? buf.indexOf(QUOTE, pos) : -1;
    let cr = buf.indexOf(CR, pos);
    while (pos < n) {
      const nl = buf.indexOf(LF, pos);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      if (cr !== -1 && cr < pos) cr = buf.indexOf(CR, pos);
      const lineEnd = nl === -1 ? n : nl;
      const simple = (nextQuote === -1 || nextQuote > lineEnd) && (cr === -1 || cr >= lineEnd - 1);
      if (simple && nl !== -1) {
        // The common case: a one-line record without quotes.
        const end = cr === nl - 1 && cr >= pos ? cr : nl;
        this.emitSimple(buf, pos, end, state.line, sink);
        state.line++;
        pos = nl + 1;
        continue;
      }
      const done = this.scanSlow(buf, pos, final, state, sink);
      if (done === -1) return pos;
      pos = done;
    }
    return pos;
  }

  private emitSimple(buf: Buffer, start: number, end: number, line: number, sink: RecordSink): void {
    if (this.key < 0) return sink(start, end, line, -1, -1);
    let ks = start;
    for (let f = 0; f < this.key; f++) {
      const d = buf.indexOf(this.delim, ks);
      if (d === -1 || d >= end) return sink(start, end, line, -1, -1);
      ks = d + 1;
    }
    let ke = buf.indexOf(this.delim, ks);
    if (ke === -1 || ke > end) ke = end;
    sink(start, end, line, ks, ke);
  }

  /** Byte-by-byte for records with quotes or bare CRs; -1 when the record is incomplete. */
  private scanSlow(buf: Buffer, start: number, final: boolean, state: ScanState, sink: RecordSink): number {
    const n = buf.length;
    const delim = this.delim;
    let i = start;
    let field = 0;
    let ks = this.key === 0 ? start : -1;
    let ke = -1;
    let breaks = 0;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (!final) return -1;
        if (ks !== -1 && ke === -1) ke = n;
        if (i > start) sink(start, n, state.line, ks, ke);
        state.line += breaks;
        return n;
      }
      const b = buf[i]!;
      if (atFieldStart) {
        if (this.trim && (b === SPACE || (b === TAB && delim !== TAB))) {
          i++;
          continue;
        }
        atFieldStart = false;
        if (this.quote && b === QUOTE) {
          // Quoted: runs to a quote not followed by another quote.
          let j = i + 1;
          for (;;) {
            const q = buf.indexOf(QUOTE, j);
            if (q === -1) {
              if (!final) return -1;
              throw new UnclosedQuote(state.line);
            }
            if (q + 1 >= n && !final) return -1;
            if (q + 1 < n && buf[q + 1] === QUOTE) {
              j = q + 2;
              continue;
            }
            j = q + 1;
            breaks += countBreaks(buf, i, q);
            break;
          }
          i = j;
          continue;
        }
      }
      if (b === delim) {
        if (field === this.key) ke = i;
        field++;
        if (field === this.key) ks = i + 1;
        atFieldStart = true;
        i++;
        continue;
      }
      if (b === LF || b === CR) {
        if (b === CR && i + 1 >= n && !final) return -1;
        if (ks !== -1 && ke === -1) ke = i;
        sink(start, i, state.line, ks, ke);
        state.line += breaks + 1;
        return b === CR && buf[i + 1] === LF ? i + 2 : i + 1;
      }
      i++;
    }
  }
}

/** Line breaks (\r\n, \n or a lone \r) in buf[from, to). */
function countBreaks(buf: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === LF) count++;
    else if (b === CR && buf[i + 1] !== LF) count++;
  }
  return count;
}
