/**
 * Turns one batch of raw CSV records (cut at record and order boundaries by the
 * record scanner) into canonical rows: strict decoding, csv-parse, the row-shape
 * checks, then the format's mapper. Runs in a worker thread for large files and
 * in the main thread for small ones; both paths give the same rows.
 */
import { isUtf8 } from 'node:buffer';
import { parse as parseSync, CsvError, type Options } from 'csv-parse/sync';
import { dataError, locatedDataError, OosError, type ExitCodeValue } from '../errors.js';
import type { DateOrder } from '../domain/time.js';
import { displayEncoding, textDecoder, undecodableHint, type Decoder } from './decode.js';
import { Cells, Header, looksMangledId, mayBeRoundedId } from './formats/cells.js';
import { FORMATS } from './formats/index.js';
import type { FileKind, MangledIdRow, OrderRow } from '../rows/rows.js';
import { addRow, emptyRuns, type OrderRuns } from '../rows/order-runs.js';
import { projectColumns, projectionOf, splitProjected, type Projection } from './project-columns.js';

/** A real order row is a few KiB; anything this large is an unclosed quote swallowing the file. */
export const MAX_RECORD_BYTES = 1 << 20;

export interface BatchParserInit {
  file: string;
  kind: FileKind;
  formatId: string;
  header: string[];
  encoding: string;
  delimiter: string;
  quote: boolean;
  timeZone: string;
  currency: string;
  /** How the file writes all-number days (date-order.ts), when known. */
  dateOrder?: DateOrder;
  /** The other file of a two-file export is not in this scan (Etsy: the orders file then gives each order's items in one line). */
  alone?: boolean;
}

export interface Batch {
  seq: number;
  bytes: Uint8Array;
  /** Start line of each record in `bytes`, in order (empty lines included). */
  lines: Int32Array;
}

export interface SerializedError {
  exitCode: ExitCodeValue;
  message: string;
  hint?: string;
}

export interface BatchResult {
  seq: number;
  /** Orders come as runs ready to bind (order-runs.ts); other kinds as one object per row. */
  rows: unknown[] | OrderRuns;
  /** Rows the mapper produced. */
  rowCount: number;
  /** Records read (blank ones excluded), up to a footer. */
  records: number;
  warnings: string[];
  /** Rows whose order id looks like a number a spreadsheet rounded (1.23E+17). */
  mangled: MangledIdRow[];
  /** A footer row was reached: nothing after it is data. */
  footer: boolean;
  error?: SerializedError;
}

export function csvOptions(delimiter: string, quote: boolean): Options {
  return {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: false,
    quote: quote ? '"' : false,
    // A quote inside an unquoted value is kept literally: Taobao writes ids as ="3515…"
    // without outer quotes (docs/formats.md). A bad closing quote is still an error.
    relax_quotes: true,
    relax_column_count: true,
    // Tabs are the delimiter in TSV exports, so only trim around other delimiters.
    trim: delimiter !== '\t',
    max_record_size: MAX_RECORD_BYTES,
    cast: false,
  };
}

export interface BatchParserOptions {
  /** Parse only the columns the mapper reads (project-columns.ts); tests turn it off to compare. */
  project?: boolean;
}

export interface BatchParser {
  (batch: Batch): BatchResult;
  /** The columns parsed, or null when records are parsed whole. */
  readonly projection: Projection | null;
}

export function createBatchParser(init: BatchParserInit, { project = true }: BatchParserOptions = {}): BatchParser {
  const format = FORMATS.find((f) => f.kind === init.kind && f.id === init.formatId);
  if (!format) throw new Error(`unknown format ${init.kind}/${init.formatId}`);
  const width = init.header.length;
  const options = csvOptions(init.delimiter, init.quote);
  const decoder = textDecoder(init.encoding, { fatal: true, ignoreBOM: true });
  let warnings: string[] = [];
  const cellsFor = (header: Header) => new Cells({ file: init.file, timeZone: init.timeZone, currency: init.currency, dateOrder: init.dateOrder, alone: init.alone, header, warn: (m) => warnings.push(m) });

  // Binding once to the whole header tells which columns the mapper reads; binding again to a
  // header of just those columns gives a mapper that reads the projected records as they come.
  // A footer is recognised by cells no mapper reads, so files that may have one are parsed whole.
  const whole = new Header(init.header);
  let map = format.bind(whole, cellsFor(whole));
  const read = project && !format.isFooter ? whole.columnsRead() : null;
  const projection = read ? projectionOf(read, width) : null;
  if (projection) {
    const header = new Header(projection.columns.map((c) => init.header[c]!));
    map = format.bind(header, cellsFor(header));
    header.columnsRead();
  }
  let footerSeen = false;

  const parse = (batch: Batch): BatchResult => {
    warnings = [];
    const runs = init.kind === 'orders' ? emptyRuns() : null;
    const rows: unknown[] = [];
    const result: BatchResult = { seq: batch.seq, rows: runs ?? rows, rowCount: 0, records: 0, warnings, mangled: [], footer: false };
    if (footerSeen) return { ...result, footer: true };
    try {
      const text = decode(decoder, batch, init);
      const projected = projection && typeof text !== 'string' ? parseProjected(text, projection, init, options) : null;
      const records = projected ?? parseRecords(text, batch, init, options);
      for (let r = 0; r < records.length; r++) {
        let record = records[r]!;
        const line = batch.lines[r] ?? batch.lines[batch.lines.length - 1]!;
        if (!projected) {
          if (isBlank(record)) continue;
          if (format.isFooter?.(record)) {
            footerSeen = true;
            result.footer = true;
            break;
          }
          checkShape(record, width, line, init);
          if (projection) record = projection.columns.map((c) => record[c]!);
        }
        result.records++;
        const mapped = map(record, line);
        if (mapped === null) continue;
        const row = Array.isArray(mapped) ? mapped[0] : mapped;
        if (row && 'orderId' in row && typeof row.orderId === 'string' && (looksMangledId(row.orderId) || mayBeRoundedId(row.orderId))) {
          const o = (row as OrderRow).order;
          result.mangled.push({ line, id: row.orderId, who: o ? [o.customerName, o.phone, o.email, o.paidAt] : [null, null, null, null], surely: looksMangledId(row.orderId) });
        }
        for (const r of Array.isArray(mapped) ? mapped : [mapped]) {
          result.rowCount++;
          if (runs) addRow(runs, r as OrderRow);
          else rows.push(r);
        }
      }
    } catch (e) {
      result.error = serializeError(e);
    }
    return result;
  };
  return Object.assign(parse, { projection });
}

/**
 * The batch as csv-parse reads it. Valid UTF-8 goes in as the bytes themselves: decoding to a
 * string only for csv-parse to encode it back into a Buffer cost a tenth of the parse.
 */
function decode(decoder: Decoder, batch: Batch, init: BatchParserInit): CsvInput {
  const { bytes } = batch;
  if (init.encoding === 'utf-8' && isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return decoder.decode(batch.bytes);
  } catch {
    // Find the record that does not decode, to name its line.
    const text = textDecoder(init.encoding, { fatal: false, ignoreBOM: true }).decode(batch.bytes);
    const bad = text.indexOf('\ufffd');
    const line = batch.lines[0]! + (bad < 0 ? 0 : countLineBreaks(text.slice(0, bad)));
    throw dataError(`${init.file}, line ${line}: invalid ${displayEncoding(init.encoding)} text`, undecodableHint(init.encoding, lineBytes(bytes, line - batch.lines[0]!)));
  }
}

/** The bytes of the `index`th line of a batch (no trail byte of the encodings read here is a line feed). */
function lineBytes(bytes: Uint8Array, index: number): Uint8Array {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const next = bytes.indexOf(0x0a, start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = bytes.indexOf(0x0a, start);
  return bytes.subarray(start, end < 0 ? bytes.length : end);
}

/**
 * csv-parse options for one batch. Two of the general options cost a fifth of the parse and
 * are only needed when the batch has what they handle: three record delimiters when there is
 * a CR at all, and `trim` when a quote stands next to a space or tab (`1001 , "x" `). Cells are
 * trimmed by cleanText anyway, so an unquoted cell reads the same either way.
 */
export function optionsFor(text: CsvInput, options: Options): Options {
  const cr = typeof text === 'string' ? text.includes('\r') : text.includes(13);
  const trim = options.trim === true && quoteNextToBlank(text);
  if (cr && trim === options.trim) return options;
  return { ...options, record_delimiter: cr ? options.record_delimiter : '\n', trim };
}

function quoteNextToBlank(text: CsvInput): boolean {
  if (typeof text === 'string') return /[ \t]"|"[ \t]/.test(text);
  const blank = (b: number | undefined) => b === 32 || b === 9;
  for (let i = text.indexOf(34); i >= 0; i = text.indexOf(34, i + 1)) if (blank(text[i - 1]) || blank(text[i + 1])) return true;
  return false;
}

function startsWithQuote(records: string[][]): boolean {
  for (const r of records) for (const v of r) if (v.charCodeAt(0) === 34) return true;
  return false;
}

/** Text for csv-parse: a string, or UTF-8 bytes it decodes itself. */
export type CsvInput = string | Buffer;

export function parseRecords(text: CsvInput, batch: Batch, init: BatchParserInit, options: Options): string[][] {
  try {
    const cheap = optionsFor(text, options);
    if (cheap !== options) {
      // Without trim, csv-parse reads `"Wang"Fang` as one literal value instead of refusing it:
      // any value that still starts with a quote, or any error, sends the batch to the full options.
      try {
        const records = parseSync(text, cheap) as string[][];
        if (!startsWithQuote(records)) return records;
      } catch {
        /* the full parse below gives the error the user sees */
      }
    }
    return parseSync(text, options) as string[][];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw csvErrorToDataError(e, batch, init);
  }
}

/**
 * The batch's records with only the projected columns (project-columns.ts), already checked
 * as checkShape would; null when the batch must be parsed whole: the projection refused it,
 * csv-parse found something to report, a cell is damaged, or a row has nothing in the columns
 * read (a blank row is skipped, and only the whole row can say it is blank).
 */
function parseProjected(bytes: Buffer, projection: Projection, init: BatchParserInit, options: Options): string[][] | null {
  if (bytes.includes(REPLACEMENT_CHARACTER)) return null;
  const projected = projectColumns(bytes, projection, init.delimiter, init.quote, options.trim === true);
  if (!projected) return null;
  const cheap = optionsFor(projected, options);
  // The projected text splits by string search; csv-parse reads what that declines.
  let records = splitProjected(projected.toString('utf8'), init.delimiter, init.quote, cheap.trim === true);
  if (!records) {
    try {
      records = parseSync(projected, cheap) as string[][];
    } catch {
      return null;
    }
  }
  const width = projection.columns.length;
  for (const record of records) {
    if (record.length !== width || isBlank(record)) return null;
    // Without trim a value can still start with a quote where the full options refuse it (see parseRecords).
    for (const v of record) if (v.charCodeAt(0) === 34) return null;
  }
  return records;
}

const REPLACEMENT_CHARACTER = Buffer.from('\ufffd');

// Untrimmed when the batch was parsed without `trim`: a cell of spaces is blank too.
const isBlank = (record: string[]) => record.every((v) => v === '' || v.trim() === '');

/**
 * Rows shorter than the header, and rows with extra non-empty cells, are data
 * errors: both mean the row does not line up with its columns.
 */
function checkShape(record: string[], width: number, line: number, init: BatchParserInit): void {
  if (record.length < width) {
    throw locatedDataError(
      { file: init.file, line },
      `the row has ${record.length} cells but the header has ${width}`,
      'a cell or a delimiter is missing; open the file in a text editor and compare this line with the header',
    );
  }
  if (record.length > width) {
    const extra = record.slice(width).findIndex((v) => v.trim() !== '');
    if (extra >= 0) {
      throw locatedDataError(
        { file: init.file, line, field: `column ${width + extra + 1}`, value: record[width + extra] },
        `the row has more cells than the header (${record.length} vs ${width})`,
        'an unquoted delimiter inside a value splits it in two; quote that value',
      );
    }
    record.length = width;
  }
  for (let i = 0; i < record.length; i++) {
    if (record[i]!.includes('\ufffd')) {
      throw locatedDataError(
        { file: init.file, line, field: init.header[i] ?? `column ${i + 1}` },
        'contains the replacement character "\ufffd": the text was damaged by a wrong encoding before oos read it',
        'export the file again from the platform, without opening and re-saving it',
      );
    }
  }
}

function csvErrorToDataError(e: CsvError, batch: Batch, init: BatchParserInit) {
  const ctx = e as CsvError & { lines?: number; column?: number | string };
  const line = typeof ctx.lines === 'number' ? batch.lines[0]! + ctx.lines - 1 : batch.lines[0]!;
  const column = typeof ctx.column === 'number' ? (init.header[ctx.column] ?? `column ${ctx.column + 1}`) : ctx.column;
  const field = column !== undefined ? String(column) : undefined;
  const quoteHint = 'a value that contains the delimiter, a quote or a line break must be wrapped in double quotes, with inner quotes doubled ("")';
  switch (e.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return locatedDataError({ file: init.file, line, field }, 'a closing quote is followed by other characters', quoteHint);
    case 'INVALID_OPENING_QUOTE':
      return locatedDataError({ file: init.file, line, field }, 'a quote appears inside a value that does not start with a quote', quoteHint);
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return locatedDataError({ file: init.file, line, field }, 'characters follow a closing quote', quoteHint);
    case 'CSV_MAX_RECORD_SIZE':
      return locatedDataError({ file: init.file, line }, 'a row is larger than 1 MiB: probably a quote opened here is never closed', quoteHint);
    default:
      return locatedDataError({ file: init.file, line, field }, `the CSV is malformed (${e.message})`);
  }
}

function countLineBreaks(s: string): number {
  return s.match(/\r\n|\r|\n/g)?.length ?? 0;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof OosError) return { exitCode: e.exitCode, message: e.message, hint: e.hint };
  const err = e as Error;
  return { exitCode: 1, message: `internal error while reading: ${err?.stack ?? String(e)}` };
}

export function deserializeError(s: SerializedError): Error {
  return s.exitCode === 1 ? new Error(s.message) : new OosError(s.exitCode, s.message, s.hint);
}
