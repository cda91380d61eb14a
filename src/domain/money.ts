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
 * Parses an amount as exports write it: `1659.95`, `¥1,280`, `AU $3,000.00`,
 * `EUR 90,00`, `116,99 €`, `0元`, `-5`. Returns minor units, null for an empty
 * cell, or undefined when the text is not an amount.
 */
export function parseMoney(text: string, currency: string): number | null | undefined {
  // NFKC turns full-width digits and signs (１２３，５ー) into ASCII ones.
  let s = text.normalize('NFKC').trim();
  if (s === '') return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  // Drop currency symbols, codes and unit words; keep digits, separators and sign.
  s = s.replace(/[^\d.,\-+]/g, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return undefined;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart: string;
  let fracPart = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalAt = Math.max(lastDot, lastComma);
    intPart = s.slice(0, decimalAt).replace(/[.,]/g, '');
    fracPart = s.slice(decimalAt + 1);
  } else if (lastComma >= 0) {
    // `90,00` is a decimal comma; `3,000` and `1,234,567` are thousands.
    const after = s.slice(lastComma + 1);
    if (s.indexOf(',') === lastComma && after.length !== 3) {
      intPart = s.slice(0, lastComma);
      fracPart = after;
    } else {
      intPart = s.replace(/,/g, '');
    }
  } else if (lastDot >= 0) {
    const after = s.slice(lastDot + 1);
    if (s.indexOf('.') !== lastDot && after.length === 3) intPart = s.replace(/\./g, '');
    else {
      intPart = s.slice(0, lastDot).replace(/\./g, '');
      fracPart = after;
    }
  } else {
    intPart = s;
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart)) return undefined;
  // Thousands separators must group by three: `1.2.3.4` is not an amount.
  const grouped = fracPart === '' ? s : s.slice(0, s.length - fracPart.length - 1);
  if (/[.,]/.test(grouped) && !/^\d{1,3}([.,]\d{3})*$/.test(grouped)) return undefined;
  const digits = currencyDigits(currency);
  const scaled = (intPart || '0') + fracPart.padEnd(digits, '0').slice(0, digits);
  let minor = Number(scaled);
  // Round half up on the first dropped digit.
  if (fracPart.length > digits && Number(fracPart[digits]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return undefined;
  return negative ? -minor : minor;
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

const SYMBOLS: Record<string, string> = { CNY: '¥', JPY: '¥', USD: '$', EUR: '€', GBP: '£', CAD: 'CA$', AUD: 'A$' };

/** `¥15.00`, `$15.00`, `¥1,280` (JPY), or `15.00 XYZ`: for people. */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  const plain = formatAmount(minor, code);
  const [i, f] = plain.replace('-', '').split('.');
  const grouped = (i ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = f === undefined ? grouped : `${grouped}.${f}`;
  const sign = minor < 0 ? '-' : '';
  const sym = SYMBOLS[code];
  return sym ? `${sign}${sym}${body}` : `${sign}${body} ${code}`;
}
