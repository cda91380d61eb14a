/**
 * Opening a shop export: the encoding and delimiter from the first 64 KiB, and
 * the header for format recognition. The body is read by import-pipeline.ts.
 */
import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { parse as parseSync } from 'csv-parse/sync';
import { dataError, noInputError } from '../errors.js';
import { chooseEncoding, decodeSample, displayEncoding, isStrictUtf8, normaliseEncodingName, type EncodingChoice, type EncodingOptions } from './decode.js';
import { csvOptions } from './parse-batch.js';
import { borrowReadBuffer, returnReadBuffer } from './read-buffer.js';

const SAMPLE_BYTES = 64 * 1024;
/** How much of a file that is not UTF-8 its encoding is judged on: legacy exports are rarely larger. */
const DETECTION_BYTES = 8 * 1024 * 1024;

export interface CsvFile {
  path: string;
  size: number;
  encoding: EncodingChoice;
  delimiter: string;
  header: string[];
  headerLine: number;
}

export interface ReadOptions extends EncodingOptions {
  /** --encoding. */
  encoding?: string;
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

function readSample(path: string, bytes = SAMPLE_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw noInputError(`${path}: cannot read the file (${code === 'EACCES' ? 'permission denied' : code})`, code === 'EACCES' ? `check the file's permissions (ls -l ${path})` : undefined);
  }
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Read into one buffer: a stream's new 1 MiB chunk per read left freed blocks the heap kept. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = borrowReadBuffer(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buf, 0, 1 << 20, null); n > 0; n = readSync(fd, buf, 0, 1 << 20, null)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
    returnReadBuffer(buf);
  }
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

/** Opens a CSV: encoding, delimiter and header, without reading the body. */
export function openCsv(path: string, opts: ReadOptions): CsvFile {
  const size = statInput(path);
  if (size === 0) throw dataError(`${path}: the file is empty (no header line)`, 'export the file again from your platform');
  const sample = readSample(path);
  refuseNonText(path, sample);
  const encoding = chooseEncodingOf(path, size, sample, opts);
  const text = decodeSample(sample, encoding);
  const firstLine = text.split(/\r\n|\n|\r/).find((l) => l.replace(/[,;\t"\s]/g, '') !== '') ?? '';
  if (firstLine === '') throw dataError(`${path}: no header line found (the file holds only empty lines)`);
  const delimiter = sniffDelimiter(firstLine);
  let header: string[];
  let headerLine = 1;
  try {
    const rows = parseSync(text, { ...csvOptions(delimiter, true), bom: true, skip_empty_lines: true, skip_records_with_empty_values: true, to: 1, info: true }) as unknown as {
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

/**
 * A start that is not UTF-8 (or a legacy encoding forced on it) is judged on much more of
 * the file: a short sample of names can fit two encodings, and the first line that tells
 * them apart may be far down.
 */
function chooseEncodingOf(path: string, size: number, head: Buffer, opts: ReadOptions): EncodingChoice {
  const { encoding: forced, ...options } = opts;
  const legacy = forced ? !normaliseEncodingName(forced).startsWith('utf-') : !isStrictUtf8(head);
  if (!legacy || size <= head.length) return chooseEncoding(path, head, forced, size <= head.length, options);
  return chooseEncoding(path, readSample(path, Math.min(size, DETECTION_BYTES)), forced, size <= DETECTION_BYTES, options);
}

const SAVE_AS_CSV = 'open it in Excel (or Numbers, or WPS) and choose File › Save As › "CSV UTF-8 (Comma delimited)", then scan the .csv file';

/**
 * A workbook or other binary file renamed or picked by mistake: say what it is
 * instead of showing its bytes as a header. UTF-16 (Excel's "Unicode text")
 * has NUL bytes too, but starts with its byte-order mark.
 */
function refuseNonText(path: string, sample: Buffer): void {
  const startsWith = (...bytes: number[]) => bytes.every((b, i) => sample[i] === b);
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) throw dataError(`${path}: this is an Excel workbook (.xlsx) or another zip archive, not a CSV file`, SAVE_AS_CSV);
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) throw dataError(`${path}: this is an old-style Excel workbook (.xls), not a CSV file`, SAVE_AS_CSV);
  if (startsWith(0x25, 0x50, 0x44, 0x46)) throw dataError(`${path}: this is a PDF, not a CSV file`, 'download the orders export as CSV from your platform');
  // NULs in the header line: a binary file, or UTF-16 without its mark. A stray NUL further
  // down, inside a name, is only stripped like any other control character.
  const utf16 = startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff);
  const firstLineEnd = sample.indexOf(0x0a);
  const nul = utf16 ? -1 : sample.subarray(0, firstLineEnd < 0 ? sample.length : firstLineEnd).indexOf(0);
  if (nul >= 0) throw dataError(`${path}, line 1: contains NUL bytes (at byte ${nul}), so it is not a text CSV file`, SAVE_AS_CSV);
}

export function cleanHeaderName(name: string): string {
  return name.replace(/^\ufeff/, '').replace(/^="(.*)"$/, '$1').trim();
}

export function describeCsv(csv: CsvFile): string {
  const delim = csv.delimiter === '\t' ? 'tab' : csv.delimiter === ';' ? 'semicolon' : 'comma';
  return `${displayEncoding(csv.encoding.encoding)}, ${delim}-separated`;
}
