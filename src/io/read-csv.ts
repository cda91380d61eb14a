/**
 * Streaming CSV reader for shop exports. It decides the encoding and delimiter
 * from the first 64 KiB, hands the header to format recognition, then yields
 * records in batches with the line each one starts on. Parser failures become
 * data errors naming file, line and column.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { dataError, locatedDataError, noInputError } from '../errors.js';
import type { Lang } from '../domain/config.js';
import { chooseEncoding, decodeSample, displayEncoding, StrictDecoder, type EncodingChoice } from './decode.js';

const SAMPLE_BYTES = 64 * 1024;
/** A real order row is a few KiB; anything this large is an unclosed quote swallowing the file. */
const MAX_RECORD_BYTES = 1 << 20;
const BATCH = 512;

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

export interface CsvFile {
  path: string;
  size: number;
  encoding: EncodingChoice;
  delimiter: string;
  header: string[];
  headerLine: number;
}

export interface ReadOptions {
  encoding?: string;
  language: Lang;
}

export function statInput(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw noInputError(`${path}: file not found`, 'check the path; exports are usually in your Downloads folder');
    throw noInputError(`${path}: cannot read the file (${code})`);
  }
  if (st.isDirectory()) throw noInputError(`${path}: is a folder, not a CSV file`);
  return st.size;
}

function readSample(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw noInputError(`${path}: cannot read the file (${code === 'EACCES' ? 'permission denied' : code})`, code === 'EACCES' ? `check the file's permissions (ls -l ${path})` : undefined);
  }
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const n = readSync(fd, buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

/** Counts commas, tabs and semicolons outside quotes on the header line and picks the most common. */
export function sniffDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of ['\t', ';']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

function baseOptions(delimiter: string, quote: boolean): Options {
  return {
    delimiter,
    // Explicit delimiters: auto-discovery from the first line leaves a trailing \r
    // on every value of an LF-header/CRLF-body file (RELIABILITY.md §1).
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    quote: quote ? '"' : false,
    // A quote inside an unquoted value is kept literally: Taobao writes ids as ="3515…"
    // without outer quotes (FORMATS.md §7.1). A bad closing quote is still an error.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
    // Tabs are the delimiter in TSV exports, so only trim around other delimiters.
    trim: delimiter !== '\t',
    max_record_size: MAX_RECORD_BYTES,
    info: true,
    cast: false,
  };
}

/** Opens a CSV: encoding, delimiter and header, without reading the body. */
export function openCsv(path: string, opts: ReadOptions): CsvFile {
  const size = statInput(path);
  if (size === 0) throw dataError(`${path}: the file is empty (no header line)`, 'export the file again from your platform');
  const sample = readSample(path);
  const encoding = chooseEncoding(path, sample, opts.encoding, opts.language);
  const text = decodeSample(sample, encoding);
  const firstLine = text.split(/\r\n|\n|\r/).find((l) => l.replace(/[,;\t"\s]/g, '') !== '') ?? '';
  if (firstLine === '') throw dataError(`${path}: no header line found (the file holds only empty lines)`);
  const delimiter = sniffDelimiter(firstLine);
  let header: string[];
  let headerLine = 1;
  try {
    const rows = parseSync(text, { ...baseOptions(delimiter, true), to: 1, info: true, relax_quotes: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    const first = rows[0];
    if (!first) throw new Error('no header');
    header = first.record.map(cleanHeaderName);
    headerLine = first.info.lines;
  } catch {
    header = firstLine.split(delimiter).map(cleanHeaderName);
  }
  return { path, size, encoding, delimiter, header, headerLine };
}

export function cleanHeaderName(name: string): string {
  return name.replace(/^\ufeff/, '').replace(/^="(.*)"$/, '$1').trim();
}

export interface StreamOptions {
  /** Amazon flat files are not RFC 4180: quotes are literal characters there. */
  quote?: boolean;
  onProgress?: (bytesRead: number) => void;
  /** Stops reading at a footer row (eBay's "N record(s) downloaded"). */
  isFooter?: (fields: string[]) => boolean;
}

/**
 * Yields the data records after the header, in batches. Rows shorter than the
 * header, and rows with extra non-empty cells, are data errors: both mean the
 * row does not line up with its columns.
 */
export async function* readRecords(csv: CsvFile, opts: StreamOptions = {}): AsyncGenerator<CsvRecord[]> {
  const source = createReadStream(csv.path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  if (opts.onProgress) {
    const report = opts.onProgress;
    source.on('data', (chunk) => report((bytesRead += chunk.length)));
  }
  const decoder = new StrictDecoder(csv.path, csv.encoding.encoding, csv.encoding.bomLength);
  const parser = parse(baseOptions(csv.delimiter, opts.quote ?? true));
  let failure: unknown = null;
  source.on('error', (e) => decoder.destroy(e));
  decoder.on('error', (e) => {
    failure ??= e;
    parser.destroy(e);
  });
  source.pipe(decoder).pipe(parser);

  const width = csv.header.length;
  let lastGoodLine = csv.headerLine;
  let crlfInside = 0;
  let seenHeader = false;
  let batch: CsvRecord[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      // csv-parse counts a CRLF inside a quoted value as two lines; people count one.
      const crlf = countCrlf(record);
      const endLine = info.lines - crlfInside - crlf;
      crlfInside += crlf;
      const line = endLine - countBreaks(record);
      if (!seenHeader) {
        seenHeader = true;
        continue;
      }
      if (opts.isFooter?.(record)) break;
      if (record.length < width) {
        throw locatedDataError(
          { file: csv.path, line },
          `the row has ${record.length} cells but the header has ${width}`,
          'a cell or a delimiter is missing; open the file in a text editor and compare this line with the header',
        );
      }
      if (record.length > width) {
        const extra = record.slice(width).findIndex((v) => v.trim() !== '');
        if (extra >= 0) {
          throw locatedDataError(
            { file: csv.path, line, field: `column ${width + extra + 1}`, value: record[width + extra] },
            `the row has more cells than the header (${record.length} vs ${width})`,
            'an unquoted delimiter inside a value splits it in two; quote that value',
          );
        }
        record.length = width;
      }
      for (let i = 0; i < record.length; i++) {
        if (record[i]!.includes('\ufffd')) {
          throw locatedDataError(
            { file: csv.path, line, field: csv.header[i] ?? `column ${i + 1}` },
            'contains the replacement character "\ufffd": the text was damaged by a wrong encoding before oos read it',
            'export the file again from the platform, without opening and re-saving it',
          );
        }
      }
      lastGoodLine = endLine;
      batch.push({ fields: record, line });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    source.destroy();
    if (failure) throw failure;
    if (e instanceof CsvError) throw csvErrorToDataError(csv, e, lastGoodLine, crlfInside);
    throw e;
  }
  if (failure) throw failure;
  if (batch.length) yield batch;
}

function countCrlf(record: string[]): number {
  let n = 0;
  for (const field of record) {
    let i = -1;
    while ((i = field.indexOf('\r\n', i + 1)) !== -1) n++;
  }
  return n;
}

function countBreaks(record: string[]): number {
  let n = 0;
  for (const field of record) {
    if (field.length < 1 || (field.indexOf('\n') < 0 && field.indexOf('\r') < 0)) continue;
    n += field.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return n;
}

function csvErrorToDataError(csv: CsvFile, e: CsvError, lastGoodLine: number, crlfInside: number) {
  const ctx = e as CsvError & { lines?: number; column?: number | string; index?: number };
  if (typeof ctx.lines === 'number') ctx.lines -= crlfInside;
  const column = typeof ctx.column === 'number' ? (csv.header[ctx.column] ?? `column ${ctx.column + 1}`) : ctx.column;
  const field = column !== undefined ? String(column) : undefined;
  const quoteHint = 'a value that contains the delimiter, a quote or a line break must be wrapped in double quotes, with inner quotes doubled ("")';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return locatedDataError(
        { file: csv.path, line: lastGoodLine + 1 },
        `a quote opened on or after this line is never closed (the last good row ended on line ${lastGoodLine})`,
        quoteHint,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return locatedDataError(
        { file: csv.path, line: lastGoodLine + 1 },
        `a row is larger than 1 MiB: probably a quote opened on or after this line is never closed (the last good row ended on line ${lastGoodLine})`,
        quoteHint,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return locatedDataError({ file: csv.path, line: ctx.lines, field }, 'a closing quote is followed by other characters', quoteHint);
    case 'INVALID_OPENING_QUOTE':
      return locatedDataError({ file: csv.path, line: ctx.lines, field }, 'a quote appears inside a value that does not start with a quote', quoteHint);
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return locatedDataError({ file: csv.path, line: ctx.lines, field }, 'characters follow a closing quote', quoteHint);
    default:
      return locatedDataError({ file: csv.path, line: ctx.lines, field }, `the CSV is malformed (${e.message})`);
  }
}

export function describeCsv(csv: CsvFile): string {
  const delim = csv.delimiter === '\t' ? 'tab' : csv.delimiter === ';' ? 'semicolon' : 'comma';
  return `${displayEncoding(csv.encoding.encoding)}, ${delim}-separated`;
}
