/**
 * Money is held in integer minor units (cents, fen, or yen for JPY) so sums
 * never drift. The number of decimals comes from the currency via Intl.
 */
const digitsCache = new Map<string, number>();

export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let d = digitsCache.get(code);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(code, d);
  }
  return d;
}

export function isValidCurrency(currency: string): boolean {
  if (!/^[A-Za-z]{3}$/.test(currency)) return false;
  // The list is cheap to read; building a formatter costs a few ms of every command's start-up.
  if (Intl.supportedValuesOf('currency').includes(currency.toUpperCase())) return true;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency });
    return true;
  } catch {
    return false;
  }
}

/**
 * Currency signs and words as shops write them next to an amount, lower-cased
 * without spaces or a final dot (`Rs.` is `rs`, `AU $` is `au$`), each with the
 * currencies it may stand for. A sign is checked against the amount's currency:
 * `$12` in a yen file is refused, never read as 12 yen.
 */
const SIGNS: Record<string, readonly string[]> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'TWD', 'MXN', 'ARS', 'CLP', 'COP'],
  us$: ['USD'],
  ca$: ['CAD'],
  c$: ['CAD'],
  a$: ['AUD'],
  au$: ['AUD'],
  nz$: ['NZD'],
  hk$: ['HKD'],
  s$: ['SGD'],
  sg$: ['SGD'],
  nt$: ['TWD'],
  r$: ['BRL'],
  mx$: ['MXN'],
  '¥': ['CNY', 'JPY'],
  'cn¥': ['CNY'],
  'jp¥': ['JPY'],
  元: ['CNY'],
  块: ['CNY'],
  rmb: ['CNY'],
  人民币: ['CNY'],
  円: ['JPY'],
  '€': ['EUR'],
  '£': ['GBP'],
  '₹': ['INR'],
  rs: ['INR', 'PKR', 'LKR', 'NPR'],
  '₨': ['INR', 'PKR', 'LKR', 'NPR'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
  '₩': ['KRW'],
  원: ['KRW'],
  '₽': ['RUB'],
  '฿': ['THB'],
  '₫': ['VND'],
  zł: ['PLN'],
  kč: ['CZK'],
  ft: ['HUF'],
  fr: ['CHF'],
  '₺': ['TRY'],
  tl: ['TRY'],
  '₪': ['ILS'],
  '₱': ['PHP'],
  rp: ['IDR'],
  rm: ['MYR'],
  lei: ['RON'],
};

/**
 * Currencies whose countries write a decimal comma (`12,50 €`). Only one form needs it:
 * a single `.` or `,` followed by exactly three digits, which is `1,234` (thousands) in
 * one country and 1.234 in another.
 */
const DECIMAL_COMMA = new Set(['EUR', 'SEK', 'NOK', 'DKK', 'ISK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'RUB', 'UAH', 'TRY', 'BRL', 'ARS', 'CLP', 'COP', 'IDR', 'VND']);

/** The decimal mark an amount in this currency is read with when its form does not say. */
export const decimalMarkOf = (currency: string): '.' | ',' => (DECIMAL_COMMA.has(currency.toUpperCase()) ? ',' : '.');

/**
 * One amount: an optional sign or parentheses, a currency sign or code before or after,
 * digits with thousands and decimal separators. Anything around the digits that is not
 * one of these is refused rather than dropped (`5 to 6` is not 56, `1e400` not 1,400).
 */
const AMOUNT =
  /^(?<open>\()?\s*(?<sign1>[-+▲△])?\s*(?<pre>[^\d\s()+\-▲△][^\d()]*?)?\s*(?<sign2>[-+])?\s*(?<num>\d(?:[\d.,' ]*\d)?)\s*(?<post>[^\d()]*?)\s*(?<close>\))?$/u;

/**
 * Reads a money cell as exports and people write it: `1659.95`, `¥1,280`, `AU $3,000.00`,
 * `EUR 90,00`, `1.116,99 €`, `1 234,56`, `1'234.56`, `(12.50)`, `-5`, `0元`, `Rs. 1,899`,
 * full-width `１，２８０円`. Returns integer minor units of `currency`, null for a blank
 * cell, or a string saying why the text is not an amount of that currency.
 */
export function readMoney(text: string, currency: string): number | null | string {
  const digits = currencyDigits(currency);
  const plain = readPlain(text, digits);
  if (plain !== undefined) return plain;
  return readWritten(text, currency, digits);
}

/** Exports write most amounts as `1234.56` or `-5`: read those without a regular expression. */
function readPlain(s: string, digits: number): number | undefined {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const first = i;
  let dot = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0) dot = i;
    else if (c < 48 || c > 57) return undefined;
  }
  if (n === first || dot === first || dot === n - 1) return undefined;
  const fraction = dot < 0 ? 0 : n - dot - 1;
  // `1.234` could be thousands; `12.500` more decimals than the currency has: the long way.
  if (fraction > digits || n - first > 15) return undefined;
  const whole = dot < 0 ? s.slice(first) : s.slice(first, dot) + s.slice(dot + 1);
  const minor = Number(whole) * 10 ** (digits - fraction);
  if (!Number.isSafeInteger(minor)) return undefined;
  return first === 1 && minor !== 0 ? -minor : minor;
}

function readWritten(text: string, currency: string, digits: number): number | null | string {
  // NFKC turns full-width digits, signs and separators (１２３，５ ￥ －) and no-break spaces into ASCII.
  const s = text.normalize('NFKC').replace(/\u2212/g, '-').trim();
  if (s === '') return null;
  const m = AMOUNT.exec(s);
  if (!m) return /\d/.test(s) ? 'has text around its digits that is not a currency sign or code' : 'has no digits';
  const { open, sign1, pre, sign2, num, post, close } = m.groups as Record<string, string | undefined>;
  if (Boolean(open) !== Boolean(close)) return 'has an unmatched parenthesis';
  if ((open ? 1 : 0) + (sign1 ? 1 : 0) + (sign2 ? 1 : 0) > 1) return 'has more than one sign';
  for (const written of [pre, post]) {
    if (!written) continue;
    const problem = checkCurrencySign(written, currency);
    if (problem) return problem;
  }
  const negative = Boolean(open) || sign1 === '-' || sign1 === '▲' || sign1 === '△' || sign2 === '-';
  const parts = splitNumber(num!, currency);
  if (typeof parts === 'string') return parts;
  const [whole, fraction] = parts;
  const extra = fraction.slice(digits);
  if (/[^0]/.test(extra)) return `has ${fraction.length} decimals, more than ${currency.toUpperCase()} has (${digits})`;
  const scaled = whole + fraction.slice(0, digits).padEnd(digits, '0');
  const minor = Number(scaled);
  if (!Number.isSafeInteger(minor)) return 'is too large';
  return negative && minor !== 0 ? -minor : minor;
}

/**
 * The currency a money cell's own sign or code names (`C $15.00` is CAD), for exports
 * that carry no currency column; `fallback` when the sign fits it (`$` in a USD shop) or
 * the cell has none, else the first currency the sign stands for (`$` alone is USD).
 */
export function currencyWritten(text: string, fallback: string): string {
  const m = AMOUNT.exec(text.normalize('NFKC').replace(/\u2212/g, '-').trim());
  const written = m?.groups?.pre || m?.groups?.post;
  if (!written) return fallback;
  const stands = currenciesOf(written);
  return !stands || stands.includes(fallback.toUpperCase()) ? fallback : stands[0]!;
}

let isoCodeSet: Set<string> | undefined;
/** The ISO 4217 codes this Node knows; `new Intl.NumberFormat` would accept any three letters (`PCS`). */
const isoCodes = () => (isoCodeSet ??= new Set(Intl.supportedValuesOf('currency')));

/** The currencies a sign, word or code stands for, or undefined when it is none oos knows. */
function currenciesOf(written: string): readonly string[] | undefined {
  const key = written.toLowerCase().replace(/\s+/g, '').replace(/(?<=\p{L})\.$/u, '');
  return SIGNS[key] ?? (/^[a-z]{3}$/.test(key) && isoCodes().has(key.toUpperCase()) ? [key.toUpperCase()] : undefined);
}

/** Why `written` (a sign, code or word next to the digits) is not `currency`'s, or null when it is. */
function checkCurrencySign(written: string, currency: string): string | null {
  const code = currency.toUpperCase();
  const stands = currenciesOf(written);
  if (!stands) return `has "${written}" next to its digits, which is not a currency sign or code oos knows`;
  if (!stands.includes(code)) return `is written in ${stands.join(' or ')} ("${written}"), but the amounts here are ${code}`;
  return null;
}

/**
 * The whole and fraction digits of `1,234.56`, `1.234,56`, `1 234,56`, `1'234.56`,
 * `1,23,456.78` (Indian grouping) or `1234`, or why the separators make no sense.
 */
function splitNumber(num: string, currency: string): [string, string] | string {
  const lastDot = num.lastIndexOf('.');
  const lastComma = num.lastIndexOf(',');
  const spacedOrQuoted = /[ ']/.test(num);
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) {
    // Both marks: the later one is the decimal mark, and it appears once.
    decimalAt = Math.max(lastDot, lastComma);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const at = Math.max(lastDot, lastComma);
    const mark = num[at]!;
    const once = num.indexOf(mark) === at;
    const after = num.length - at - 1;
    if (!once) decimalAt = -1;
    else if (spacedOrQuoted || after !== 3 || /^0[.,]/.test(num)) decimalAt = at;
    else if (currencyDigits(currency) === 0 || mark !== decimalMarkOf(currency)) decimalAt = -1;
    else if (currencyDigits(currency) >= 3) decimalAt = at;
    else {
      const grouped = num.replace(mark, '');
      return `could be ${grouped} or ${num.replace(mark, '.')}: a single "${mark}" before three digits is a thousands separator in some countries and a decimal mark in others`;
    }
  }
  const intPart = decimalAt < 0 ? num : num.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? '' : num.slice(decimalAt + 1);
  if (!/^\d+$/.test(fraction) && fraction !== '') return 'has separators in the wrong places';
  if (/[.,' ]/.test(intPart)) {
    const groupMarks = new Set(intPart.replace(/\d/g, ''));
    if (groupMarks.size > 1) return 'mixes thousands separators';
    const mark = [...groupMarks][0]!;
    if (decimalAt >= 0 && num[decimalAt] === mark) return 'has separators in the wrong places';
    const groups = intPart.split(mark);
    const western = /^[1-9]\d{0,2}$/.test(groups[0]!) && groups.slice(1).every((g) => g.length === 3);
    const indian = mark === ',' && /^[1-9]\d?$/.test(groups[0]!) && groups.slice(1, -1).every((g) => g.length === 2) && groups.at(-1)!.length === 3;
    if (!western && !indian) return `has thousands separators that do not group digits by three ("${num}")`;
  }
  return [intPart.replace(/\D/g, ''), fraction];
}

/** Major-unit amount from config (e.g. coupon 15) to minor units. */
export function majorToMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDigits(currency));
}

/** `15.00` / `1280` plain, for messages that add their own currency word. */
export function formatAmount(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

// CNY and JPY both write ¥: the yuan gets CN¥, so an amount on a Japan Post claim or in a mixed shop is never read as yen.
const SYMBOLS: Record<string, string> = { CNY: 'CN¥', JPY: '¥', USD: '$', EUR: '€', GBP: '£', CAD: 'CA$', AUD: 'A$', TWD: 'NT$', HKD: 'HK$' };

/**
 * `CN¥15.00`, `$15.00`, `¥1,280` (JPY), `NT$680`, or `15.00 XYZ`: for people (the operator). New
 * Taiwan dollars are paid whole: ISO gives them cents, but a whole amount drops its `.00`, as the
 * customer's messages do.
 */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  const exact = formatAmount(minor, code);
  const plain = code === 'TWD' ? exact.replace(/\.00$/, '') : exact;
  const [i, f] = plain.replace('-', '').split('.');
  const grouped = (i ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = f === undefined ? grouped : `${grouped}.${f}`;
  const sign = minor < 0 ? '-' : '';
  const sym = SYMBOLS[code];
  return sym ? `${sign}${sym}${body}` : `${sign}${body} ${code}`;
}
