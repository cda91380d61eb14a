/**
 * CSV for people's spreadsheets and bulk-send tools: UTF-8 with a BOM so Excel
 * reads Chinese and Japanese, CRLF, and every text cell that a spreadsheet
 * would run as a formula (= + - @ tab CR, their full-width forms, also after
 * leading spaces) prefixed with '. Phone numbers like +8613800000001 are data,
 * not formulas, and bulk-SMS tools need them as they are: they pass unchanged.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[\s]*[=+\-@\t\r＝＋－＠]/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,}$/;

export function neutralise(cell: string): string {
  if (PHONE.test(cell)) return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? c : neutralise(c))));
  return stringify([header.map(neutralise), ...cells], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
