/**
 * Which way round a file writes all-number days. Excel and Numbers rewrite a
 * platform's dates in the computer's locale (`31/12/2023 22:36`, `12/5/2023 20:24`),
 * so the order is a property of the file, not of the platform: any date whose first
 * number is above 12 makes the file day-first, any whose second is, month-first.
 * The whole file is read for that evidence, but only when its first 64 KiB hold
 * such dates at all: ISO-dated exports (nearly all of them) cost one sample read.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { DateOrder } from '../domain/time.js';

// A cell that is a day written d/m/y or m/d/y (slashes or dashes; dots are always day-first),
// alone or with a time: `12-34-56` inside a phone number or an address is no evidence.
const NUMERIC_DAY = /(?<=^|[,;\t"])[ ]*(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})(?=[ ]*(?:$|[,;\t"\r]|\d{1,2}:\d{2}))/gm;
const SAMPLE = 64 << 10;
const CHUNK = 1 << 20;

export interface DateOrderEvidence {
  /** 'dmy' or 'mdy' when the file's dates say; null when they do not (or it has no all-number days). */
  order: DateOrder | null;
  /** Whether the file writes all-number days at all. */
  numeric: boolean;
  /** A date that proves each order, with its line: both present means the file contradicts itself. */
  dayFirst?: { text: string; line: number };
  monthFirst?: { text: string; line: number };
}

/** The file's evidence, reading it from `start` (after any BOM); UTF-16 files are read as UTF-16. */
export function sniffDateOrder(path: string, start: number, encoding: string): DateOrderEvidence {
  const utf16 = encoding.toLowerCase().startsWith('utf-16');
  // Other encodings oos reads (Shift_JIS, GBK, Windows-1252…) write digits and separators as ASCII.
  const decode = (b: Buffer) => (utf16 ? (encoding.toLowerCase().includes('be') ? swap(b) : b).toString('utf16le') : b.toString('latin1'));
  const evidence: DateOrderEvidence = { order: null, numeric: false };
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let position = start;
    let line = 1;
    // A date cut at a chunk boundary is read with the next chunk.
    let carry = '';
    for (let first = true; ; first = false) {
      const n = readSync(fd, buf, 0, first ? SAMPLE : CHUNK, position);
      const even = utf16 ? n - (n % 2) : n;
      position += even;
      const text = carry + decode(buf.subarray(0, even));
      // A read shorter than asked reached the end of the file: nothing is cut off, so all of it is read
      // (a small file's only date may sit in its last bytes).
      const end = n < (first ? SAMPLE : CHUNK);
      const cut = end ? text.length : Math.max(0, text.length - 32);
      look(text.slice(0, cut), line, evidence);
      if (first && !evidence.numeric) return evidence;
      if (evidence.dayFirst && evidence.monthFirst) break;
      line += countLines(text.slice(0, cut));
      carry = text.slice(cut);
      if (end) break;
    }
  } finally {
    closeSync(fd);
  }
  if (evidence.dayFirst && !evidence.monthFirst) evidence.order = 'dmy';
  if (evidence.monthFirst && !evidence.dayFirst) evidence.order = 'mdy';
  return evidence;
}

function look(text: string, firstLine: number, evidence: DateOrderEvidence): void {
  for (const m of text.matchAll(NUMERIC_DAY)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a === 0 || b === 0 || a > 31 || b > 31) continue;
    evidence.numeric = true;
    const at = () => ({ text: m[0].trim(), line: firstLine + countLines(text.slice(0, m.index)) });
    if (a > 12 && b <= 12 && !evidence.dayFirst) evidence.dayFirst = at();
    if (b > 12 && a <= 12 && !evidence.monthFirst) evidence.monthFirst = at();
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function swap(b: Buffer): Buffer {
  const out = Buffer.from(b);
  return out.swap16();
}
