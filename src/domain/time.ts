/**
 * Time handling without a date library. Every instant is carried as epoch
 * milliseconds inside the domain and stored as a UTC ISO string. Wall-clock
 * times without an offset belong to the shop's timezone (never the process TZ:
 * cron runs with TZ unset), resolved through Intl.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  // Canonical names are checked against ICU's list (2 ms); building a formatter, the only way to
  // accept aliases such as Asia/Calcutta, costs ~17 ms of every command's start-up.
  if (Intl.supportedValuesOf('timeZone').includes(timeZone)) return true;
  try {
    zoneFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
}

/** The wall clock in `timeZone` at instant `ms`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const d = new Date(ms + offsetAt(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

// Every UTC offset in use since 1972 is a multiple of 15 minutes and zones change offset on the hour or
// half hour (since 2012: St. John's changed at 00:01 until 2011), so an offset holds for a whole UTC quarter hour: it is asked of Intl once per
// zone and quarter hour (formatToParts costs ~20 µs; a follow-up run asks it 100,000 times).
// Most days have no change at all: a UTC day whose first and last quarter hours have the same
// offset keeps it throughout (no zone changes twice in a day), and is asked of Intl twice,
// where a year of orders asked 35,000 quarter hours (0.7 s of a bad season's scan).
const QUARTER_HOUR = 15 * 60_000;
const UTC_DAY = 24 * 60 * 60_000;
const offsets = new Map<string, { days: Map<number, number>; quarters: Map<number, number> }>();

function offsetAt(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = { days: new Map(), quarters: new Map() }));
  const day = Math.floor(ms / UTC_DAY);
  let whole = zone.days.get(day);
  if (whole === undefined) {
    const first = askOffset(day * UTC_DAY, timeZone);
    // NaN: the offset changes that day, and each quarter hour is asked on its own.
    whole = first === askOffset((day + 1) * UTC_DAY - QUARTER_HOUR, timeZone) ? first : NaN;
    zone.days.set(day, whole);
  }
  if (!Number.isNaN(whole)) return whole;
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.quarters.get(bucket);
  if (offset === undefined) zone.quarters.set(bucket, (offset = askOffset(bucket * QUARTER_HOUR, timeZone)));
  return offset;
}

/** The zone's offset at `start`, the beginning of a quarter hour, as Intl tells it. */
function askOffset(start: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(new Date(start))) parts[p.type] = p.value;
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - start;
}

/** The zone's offset from UTC at instant `ms`, in milliseconds. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  return offsetAt(ms, timeZone);
}

/** The instant at which the wall clock in `timeZone` shows the given time. */
export function zonedToEpoch(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - zoneOffsetMs(guess, timeZone);
  const second_ = guess - zoneOffsetMs(first, timeZone);
  return second_;
}

const DATE_RE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

/**
 * Parses the date forms of the generic format and Shopify:
 * ISO 8601 with or without offset, `YYYY-MM-DD HH:MM[:SS] [±HHMM]`, `YYYY/MM/DD HH:MM[:SS]`,
 * and the platform day forms below. All-number days like `09/03/26` need `order`; without
 * it they are refused. Returns epoch ms, or null when the text is not a date oos can be sure of.
 */
export function parseDateTime(text: string, timeZone: string, order?: DateOrder): number | null {
  const fixed = parseFixedWidth(text, timeZone);
  if (fixed !== undefined) return fixed;
  const m = DATE_RE.exec(text.trim());
  if (!m) return parseLocalDate(text, timeZone, order);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const sec = s === undefined ? 0 : Number(s);
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || sec > 59) return null;
  const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (zone) {
    const offset = zoneToOffsetMs(zone);
    if (Math.abs(offset) > MAX_OFFSET_MS) return null;
    return Date.UTC(year, month - 1, day, hour, minute, sec, millis) - offset;
  }
  return zonedToEpoch(timeZone, year, month, day, hour, minute, sec) + millis;
}

/**
 * The forms nearly every export writes, read without the regular expression: `2026-11-20 14:30:00`,
 * with `T` or a space, then nothing, `Z`, ` +0800` or `+08:00`. A million-row export has a few million
 * such cells. Anything else (or any digit out of place) is undefined: DATE_RE reads it, as it reads these.
 */
function parseFixedWidth(t: string, timeZone: string): number | null | undefined {
  const n = t.length;
  if (n !== 19 && n !== 20 && n !== 25) return undefined;
  const c = (i: number) => t.charCodeAt(i) - 48;
  const two = (i: number) => {
    const a = c(i);
    const b = c(i + 1);
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
  };
  const sep = t.charCodeAt(10);
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84) || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  const hi = two(0);
  const lo = two(2);
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  const sec = two(17);
  if (hi < 0 || lo < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || sec < 0) return undefined;
  const year = hi * 100 + lo;
  let offset: number | null = null;
  if (n === 20) {
    if (t.charCodeAt(19) !== 90) return undefined;
    offset = 0;
  } else if (n === 25) {
    // ` +0800` or `+08:00`
    const spaced = t.charCodeAt(19) === 32;
    const sign = t.charCodeAt(spaced ? 20 : 19);
    if (sign !== 43 && sign !== 45) return undefined;
    const hh = two(spaced ? 21 : 20);
    if (!spaced && t.charCodeAt(22) !== 58) return undefined;
    const mm = two(spaced ? 23 : 23);
    if (hh < 0 || mm < 0) return undefined;
    offset = (sign === 45 ? -1 : 1) * (hh * HOUR + mm * 60_000);
  }
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || sec > 59) return null;
  if (offset === null) return zonedToEpoch(timeZone, year, month, day, hour, minute, sec);
  if (Math.abs(offset) > MAX_OFFSET_MS) return null;
  return Date.UTC(year, month - 1, day, hour, minute, sec) - offset;
}

/** No zone on earth is further from UTC than this; `+1500` is a typo, not a place. */
export const MAX_OFFSET_MS = 14 * HOUR;

function zoneToOffsetMs(zone: string): number {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hh = Number(digits.slice(0, 2));
  const mm = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hh * HOUR + mm * 60_000);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/** Stored form: UTC, second precision, always the same width so strings sort as times. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
// An order's times fall on a few days, but placed, paid and shipped ones alternate: a small map,
// not one cached day, keeps the date part from being formatted again.
const isoDays = new Map<number, string>();

/** `2026-11-22T01:02:03Z`, whole seconds. Hot in imports: the date part is cached per day. */
export function toIso(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const day = Math.floor(secs / 86_400);
  // Years 1970–9999 only; anything else takes the general path.
  if (!(day >= 0 && day < 2_932_897)) return new Date(secs * 1000).toISOString().replace('.000Z', 'Z');
  let isoDayPrefix = isoDays.get(day);
  if (isoDayPrefix === undefined) {
    if (isoDays.size >= 4096) isoDays.clear();
    isoDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    isoDays.set(day, isoDayPrefix);
  }
  let rest = secs - day * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return `${isoDayPrefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rest - m * 60]}Z`;
}

export function fromIso(iso: string): number {
  return Date.parse(iso);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-22 14:05` in the shop's timezone, for people. */
export function formatLocal(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** `2026-11-22` in the shop's timezone. */
export function formatLocalDate(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** `5h`, `2d 3h`, `45m`: a duration for people. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  // Rounded once, as a whole, so 59 min 40 s is "1h" and 59 d 23 h 40 min is "60d" (not "60m", "59d 24h").
  const minutes = Math.max(1, Math.round(abs / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const totalHours = Math.round(abs / HOUR);
  if (totalHours < 48) return `${totalHours}h`;
  const days = Math.floor(totalHours / 24);
  const hours = totalHours - days * 24;
  return hours ? `${days}d ${hours}h` : `${days}d`;
}

/**
 * How a platform writes an all-number day: `09/03/26` is 3 September on Etsy (US,
 * `mdy`) and 9 March in a UK spreadsheet (`dmy`). Year-first forms need no hint.
 */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';
export const DATE_ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];

/** Why a date cell oos could not read is wrong, when it is more than its form: a year or offset out of range. */
export function dateProblem(text: string): string | null {
  const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(text);
  if (year && (Number(year[1]) < MIN_YEAR || Number(year[1]) > MAX_YEAR)) return `has the year ${year[1]}, outside ${MIN_YEAR}–${MAX_YEAR}`;
  const offset = /[+-](\d{2}):?(\d{2})$/.exec(text.trim());
  if (offset && /\d[ T]\d|:\d{2}/.test(text) && Number(offset[1]) * 60 + Number(offset[2]) > 14 * 60) return `has the UTC offset ${offset[0]}, beyond ±14:00`;
  return null;
}
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2100;

const MONTHS: Record<string, number> = {};
[
  ['jan', 'january', 'januar', 'jän', 'jaen'],
  ['feb', 'february', 'februar'],
  ['mar', 'march', 'mär', 'mrz', 'maer', 'märz'],
  ['apr', 'april'],
  ['may', 'mai'],
  ['jun', 'june', 'juni'],
  ['jul', 'july', 'juli'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'october', 'okt', 'oktober'],
  ['nov', 'november'],
  ['dec', 'december', 'dez', 'dezember'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

// Zone abbreviations exports append (eBay: "PDT"); CST is left out, it means China and Chicago.
const ZONE_ABBR: Record<string, string> = {
  utc: '+00:00', gmt: '+00:00', z: '+00:00', bst: '+01:00', cet: '+01:00', cest: '+02:00', mez: '+01:00', mesz: '+02:00',
  est: '-05:00', edt: '-04:00', mst: '-07:00', mdt: '-06:00', pst: '-08:00', pdt: '-07:00', jst: '+09:00', aest: '+10:00', aedt: '+11:00',
};

const TIME_PART = String.raw`(?:[T\s,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,4})?`;
export const NUMERIC_DAY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})` + TIME_PART + '$', 'i');
const DAY_MONTH_NAME = new RegExp(String.raw`^(\d{1,2})[-\s.]+([a-zäé]{3,9})\.?[-\s]+(\d{4}|\d{2})` + TIME_PART + '$', 'i');
const MONTH_NAME_DAY = new RegExp(String.raw`^([a-zäé]{3,9})\.?[-\s]+(\d{1,2}),?[-\s]+(\d{4}|\d{2})` + TIME_PART + '$', 'i');
const CJK_DAY = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日` + TIME_PART + '$', 'i');

/**
 * The day forms platforms write besides ISO (docs/formats.md): `MM/DD/YY` (Etsy),
 * `Oct-05-26` and `26-May-26` (eBay US/UK), `10-Dez-25` (eBay DE), `20.11.2026`,
 * `2026年11月20日`, with an optional 12- or 24-hour time and zone. Without a zone
 * the time is local to `timeZone`.
 */
function parseLocalDate(raw: string, timeZone: string, order: DateOrder | undefined): number | null {
  const text = raw.trim();
  let year: number, month: number, day: number, rest: (string | undefined)[];
  let m: RegExpExecArray | null;
  if ((m = NUMERIC_DAY.exec(text))) {
    const [, a, sep, b, y] = m;
    // Day-first is the only way anyone writes dotted days (20.11.2026).
    const effective = sep === '.' ? 'dmy' : order;
    // `09/03/26` is three dates: only the file (or the shop) can say which.
    if (effective === undefined) return null;
    if (effective === 'ymd') {
      // `23/12/05`: two-digit year first, as a yy/mm/dd spreadsheet writes it.
      if (y!.length !== 2) return null;
      [year, month, day] = [Number(a), Number(b), Number(y)];
    } else {
      [month, day] = effective === 'mdy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
      year = Number(y);
    }
    rest = m.slice(5);
  } else if ((m = DAY_MONTH_NAME.exec(text))) {
    day = Number(m[1]);
    month = MONTHS[m[2]!.toLowerCase()] ?? 0;
    year = Number(m[3]);
    rest = m.slice(4);
  } else if ((m = MONTH_NAME_DAY.exec(text))) {
    month = MONTHS[m[1]!.toLowerCase()] ?? 0;
    day = Number(m[2]);
    year = Number(m[3]);
    rest = m.slice(4);
  } else if ((m = CJK_DAY.exec(text))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = m.slice(4);
  } else return null;
  if (year < 100) year += 2000;
  const [h, mi, s, ampm, zone] = rest;
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const sec = s === undefined ? 0 : Number(s);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || sec > 59) return null;
  if (zone) {
    const offset = /^[+-]/.test(zone) ? zone : ZONE_ABBR[zone.toLowerCase()];
    if (!offset || Math.abs(zoneToOffsetMs(offset)) > MAX_OFFSET_MS) return null;
    return Date.UTC(year, month - 1, day, hour, minute, sec) - zoneToOffsetMs(offset);
  }
  return zonedToEpoch(timeZone, year, month, day, hour, minute, sec);
}
