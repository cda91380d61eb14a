/**
 * Reading typed values out of CSV cells, with errors that name file, line and
 * column. Every text cell is cleaned the same way: spreadsheet artefacts
 * (`="…"`, a leading apostrophe on ids and phones) removed, control and
 * bidi-override characters dropped so they never reach an SMS.
 */
import { locatedDataError } from '../../errors.js';
import { currencyWritten, readMoney } from '../../domain/money.js';
import { dateProblem, isValidCalendarDate, MAX_OFFSET_MS, MAX_YEAR, MIN_YEAR, NUMERIC_DAY, parseDateTime, wallClock, zonedToEpoch, type DateOrder } from '../../domain/time.js';

// Dates outside these years are typos or spreadsheet serials read as years, never an order's time.
const EARLIEST = Date.UTC(MIN_YEAR, 0, 1) - MAX_OFFSET_MS;
const LATEST = Date.UTC(MAX_YEAR + 1, 0, 1) + MAX_OFFSET_MS;
import { mapTrackingStatus } from '../../domain/tracking-status.js';
import { LOOKS_DOUBLE_ENCODED, repairDoubleEncoding } from '../../import/formats/mojibake.js';
import type { TrackingStatus } from '../../domain/types.js';

/**
 * Header names compare case-insensitively with spaces, `-` and `_` the same (docs/cli.md).
 * Full-width forms fold to ASCII (`（元）` is `(元)`) and separators are dropped, so
 * `注文者住所：都道府県` matches `注文者住所都道府県` and Taobao's `"收货地址 "` matches too.
 */
export function normaliseHeader(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/[\s\-_:・]+/g, '');
}

export class Header {
  private readonly all: string[];
  private readonly norm: string[];
  private readonly index = new Map<string, number>();
  /** Columns `find` has handed out, and whether the names were walked (then any column may be read). */
  private readonly found = new Set<number>();
  private walked = false;
  private sealed = false;

  constructor(names: string[]) {
    this.all = names;
    this.norm = names.map(normaliseHeader);
    this.norm.forEach((n, i) => {
      if (n !== '' && !this.index.has(n)) this.index.set(n, i);
    });
  }

  get names(): string[] {
    if (!this.sealed) this.walked = true;
    return this.all;
  }

  has(name: string): boolean {
    const i = this.index.get(normaliseHeader(name));
    if (i === undefined) return false;
    // A mapper bound to just the columns it reads must see the same columns present.
    if (!this.sealed) this.found.add(i);
    return true;
  }

  /** Column index of the first of `names` present, or -1. */
  find(...names: string[]): number {
    for (const n of names) {
      const i = this.index.get(normaliseHeader(n));
      if (i === undefined) continue;
      if (this.sealed && !this.walked && !this.found.has(i)) {
        // The batch parser only parses the columns a mapper asked for while binding.
        throw new Error(`internal: column "${this.all[i]}" was looked up after the format was bound; look it up in bind()`);
      }
      this.found.add(i);
      return i;
    }
    return -1;
  }

  /**
   * The columns handed out so far, or null when the header's names were walked (a mapper
   * that reads every location column, say). Looking up another column afterwards is a bug.
   */
  columnsRead(): number[] | null {
    this.sealed = true;
    return this.walked ? null : [...this.found];
  }

  /** Pairs of columns whose names collide after normalising. */
  duplicates(): [number, number][] {
    const first = new Map<string, number>();
    const pairs: [number, number][] = [];
    this.norm.forEach((n, i) => {
      if (n === '') return;
      const j = first.get(n);
      if (j === undefined) first.set(n, i);
      else pairs.push([j, i]);
    });
    return pairs;
  }
}

// C0/C1 controls (tab and newlines become spaces), the bidi controls used to disguise text, and
// the invisible zero-width space, word joiner and stray BOM that break phone numbers and ids
// (the zero-width joiners stay: emoji and some scripts need them).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

// A terminal colour or cursor sequence pasted into a cell: removed whole, not just its ESC.
const ANSI_SEQUENCE = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u009B[0-9;?]*[ -/]*[@-~]/g;

// Anything cleanText has more to do for than trimming: controls, bidi marks, a spreadsheet formula,
// UTF-8 that a spreadsheet read as Windows-1252 (its lead bytes are Â–ï).
const NEEDS_CLEANING = /[\u0000-\u001F\u007F-\u009F\u00C2-\u00EF\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]|^\s*=/;

export function cleanText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  // The fast path for the millions of plain cells in a large export.
  if (!NEEDS_CLEANING.test(raw)) {
    const t = raw.trim();
    return t === '' ? null : t;
  }
  let v = LOOKS_DOUBLE_ENCODED.test(raw) ? repairDoubleEncoding(raw) : raw;
  const excel = /^=\s*"(.*)"$/s.exec(v.trim());
  if (excel) v = excel[1]!;
  v = v.replace(ANSI_SEQUENCE, '').replace(/[\t\r\n]+/g, ' ').replace(CONTROL, '').trim();
  return v === '' ? null : v;
}

/** Ids, SKUs, phones, zips: text, never numbers; Excel's protective apostrophe stripped. */
export function cleanId(raw: string | undefined): string | null {
  const v = cleanText(raw);
  if (v === null) return null;
  const stripped = v.startsWith("'") ? v.slice(1).trim() : v;
  return stripped === '' ? null : stripped;
}

/** `1.23457E+17`: an id a spreadsheet turned into a number; its digits are gone for good. */
export const looksMangledId = (v: string) => /^\d(?:\.\d+)?E\+\d+$/i.test(v);
/**
 * A long number id whose digits past the 15th are zeros: how a spreadsheet writes a rounded
 * 19-digit id back out in full (it keeps 15 digits). Real ids end so too, now and then: only rows
 * of different orders under one such id tell it was rounded.
 */
export const mayBeRoundedId = (v: string) => /^\d{16,}$/.test(v) && /^0+$/.test(v.slice(15));

export interface CellContext {
  file: string;
  timeZone: string;
  currency: string;
  header: Header;
  warn: (message: string) => void;
  /** How this file writes all-number days, when its dates or the shop's settings say. */
  dateOrder?: DateOrder;
  /** The other file of a two-file export is not in this scan. */
  alone?: boolean;
}

export class Cells {
  private lastDate: { text: string; order: DateOrder | undefined; at: number } = { text: '', order: undefined, at: 0 };

  constructor(private readonly ctx: CellContext) {}

  /** A warning about the file, said once however many rows raise it (the same text is kept once). */
  warn(message: string): void {
    this.ctx.warn(`${this.ctx.file}: ${message}`);
  }

  /** Whether the other file of a two-file export is missing from this scan. */
  get alone(): boolean {
    return this.ctx.alone === true;
  }

  /** A data error at `line`, naming the column by its header text. */
  fail(line: number, column: number | string, problem: string, value?: string, hint?: string): Error {
    const field = typeof column === 'number' ? this.col(column) : column;
    return locatedDataError({ file: this.ctx.file, line, field, value }, problem, hint);
  }

  private col(i: number): string {
    return this.ctx.header.names[i] ?? `column ${i + 1}`;
  }

  text(fields: string[], i: number): string | null {
    return i < 0 ? null : cleanText(fields[i]);
  }

  id(fields: string[], i: number): string | null {
    return i < 0 ? null : cleanId(fields[i]);
  }

  requiredId(fields: string[], i: number, line: number): string {
    const v = this.id(fields, i);
    if (v === null) throw locatedDataError({ file: this.ctx.file, line, field: this.col(i) }, 'is empty but is required');
    return v;
  }

  /** A whole number of units; blank gives null. `allowNegative` for stock counts. */
  int(fields: string[], i: number, line: number, allowNegative = false): number | null {
    const v = this.text(fields, i);
    if (v === null) return null;
    // NFKC: full-width digits typed in a Japanese or Chinese spreadsheet (２) are digits;
    // a counter word after the number (2個, 3件, 2 pcs) is how people write a quantity by hand.
    const normalised = v
      .normalize('NFKC')
      .replace(/[,\s]/g, '')
      .replace(/^\+/, '')
      .replace(/(個|件|点|枚|本|台|pcs?)$/i, '');
    const ok = allowNegative ? /^-?\d+$/.test(normalised) : /^\d+$/.test(normalised);
    const n = Number(normalised);
    if (!ok || !Number.isSafeInteger(n)) {
      throw locatedDataError(
        { file: this.ctx.file, line, field: this.col(i), value: v },
        allowNegative ? 'is not a whole number' : 'is not a whole number of 0 or more',
      );
    }
    return n;
  }

  /**
   * `order` says how the platform writes all-number days (`09/03/26`); ISO forms need none.
   * The file's own order (its dates, or the shop's `date_order`) wins over the platform's.
   */
  date(fields: string[], i: number, line: number, platformOrder?: DateOrder): number | null {
    const v = this.text(fields, i);
    if (v === null) return null;
    const order = this.ctx.dateOrder ?? platformOrder;
    // An order's rows repeat its times (Shopify: Created at on every line): parse each text once.
    if (v === this.lastDate.text && order === this.lastDate.order) return this.lastDate.at;
    const t = parseDateTime(v, this.ctx.timeZone, order);
    if (t === null || t < EARLIEST || t > LATEST) {
      const where = { file: this.ctx.file, line, field: this.col(i), value: v };
      const problem = dateProblem(v);
      if (problem) throw locatedDataError(where, problem, 'correct the date in the file (or in the platform) and export again');
      // 28/13/2026 is no day read either way: --date-order cannot help, the cell itself is wrong.
      const neither = order === undefined && NUMERIC_DAY.test(v) && parseDateTime(v, this.ctx.timeZone, 'dmy') === null && parseDateTime(v, this.ctx.timeZone, 'mdy') === null;
      if (neither) throw locatedDataError(where, 'is not a date read day first or month first', 'correct the date in the file (or in the platform) and export again');
      if (order === undefined && NUMERIC_DAY.test(v) && !v.includes('.')) {
        throw locatedDataError(
          where,
          'could be day first or month first, and no date in the file has a first or second number above 12 to tell',
          'pass --date-order dmy (day/month/year) or --date-order mdy (month/day/year) to oos scan, or set "date_order" in oos.config.json',
        );
      }
      throw locatedDataError(
        where,
        order && order !== 'ymd' && NUMERIC_DAY.test(v)
          ? `is not a date when read ${order === 'dmy' ? 'day/month/year' : 'month/day/year'} (--date-order or date_order)`
          : 'is not a date oos understands',
        'write dates as 2026-11-20 14:30, 2026-11-20T14:30:00+08:00 or 2026/11/20 14:30',
      );
    }
    this.lastDate = { text: v, order, at: t };
    return t;
  }

  /**
   * A ship-by deadline: a day with no time (eBay's Ship By Date, a hand-typed 2026-11-19) lasts
   * until that day ends, not its first second, or an order shipped that afternoon was "late".
   */
  deadline(fields: string[], i: number, line: number, platformOrder?: DateOrder): number | null {
    const t = this.date(fields, i, line, platformOrder);
    if (t === null || /\d:\d\d/.test(this.text(fields, i)!)) return t;
    const d = wallClock(t, this.ctx.timeZone);
    if (d.hour || d.minute || d.second) return t;
    const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
    return zonedToEpoch(this.ctx.timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) - 1000;
  }

  /**
   * The end of the day a cell begins with, whatever follows it (`2026/11/25(水)`, `2026年11月25日 午前中`):
   * a delivery day the customer picked, in the file's zone. Null when the cell begins with no day
   * (`指定なし`); a day that does not exist is refused as any bad date is.
   */
  dayItBegins(fields: string[], i: number, line: number): number | null {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(this.text(fields, i) ?? '');
    if (!m) return null;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isValidCalendarDate(year, month, day)) return this.deadline(fields, i, line);
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    return zonedToEpoch(this.ctx.timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) - 1000;
  }

  money(fields: string[], i: number, line: number, currency = this.ctx.currency): number | null {
    const v = this.text(fields, i);
    if (v === null) return null;
    const m = readMoney(v, currency);
    if (typeof m === 'string') {
      throw locatedDataError(
        { file: this.ctx.file, line, field: this.col(i), value: v },
        'is not an amount of money',
        `it ${m}; amounts read like 1234.56, ¥1,280, 1.234,56 €, EUR 90,00, (12.50) or -5`,
      );
    }
    return m;
  }

  /**
   * The currency a money cell names by its sign (eBay writes `C $15.00` for a Canadian buyer
   * in a US report), or null when that is the file's own currency or the cell names none.
   */
  writtenCurrency(fields: string[], i: number): string | null {
    const v = this.text(fields, i);
    if (v === null) return null;
    const found = currencyWritten(v, this.ctx.currency);
    return found === this.ctx.currency ? null : found;
  }

  /** A carrier or tracker status; one that oos cannot read is said once per distinct wording, not silently dropped. */
  trackingStatus(fields: string[], i: number): TrackingStatus {
    const raw = this.text(fields, i);
    const status = mapTrackingStatus(raw);
    if (status === 'unknown' && raw !== null && raw.toLowerCase() !== 'unknown')
      this.ctx.warn(`${this.ctx.file}: tracking status "${raw}" is not one oos knows; those parcels are judged by their last event time only`);
    return status;
  }

  bool(fields: string[], i: number, line: number): boolean | null {
    const v = this.text(fields, i);
    if (v === null) return null;
    const s = v.toLowerCase();
    if (['true', 'yes', 'y', '1', '是', 'はい'].includes(s)) return true;
    if (['false', 'no', 'n', '0', '否', 'いいえ'].includes(s)) return false;
    throw locatedDataError({ file: this.ctx.file, line, field: this.col(i), value: v }, 'is not true/false');
  }
}

/** The config's `columns` renames a customised export's headers to the generic names. */
export function applyColumnNames(names: string[], columns: Record<string, string>): { names: string[]; renamed: boolean } {
  const theirs = new Map(Object.entries(columns).map(([generic, own]) => [normaliseHeader(own), generic]));
  if (theirs.size === 0) return { names, renamed: false };
  let renamed = false;
  const out = names.map((n) => {
    const generic = theirs.get(normaliseHeader(n));
    if (generic === undefined) return n;
    renamed = true;
    return generic;
  });
  return { names: out, renamed };
}
