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

type Row = (string | number | null)[];

export function toCsv(header: string[], rows: Row[]): string {
  return [...csvPieces(header, rows)].join('');
}

/**
 * The same text as toCsv, a few hundred rows at a time: an outbox index of 20,000 messages
 * was a 25 MB string, its rows and a Buffer of it at once (a follow-up run's peak).
 */
export function* csvPieces(header: string[], rows: Iterable<Row>): Generator<string> {
  yield stringify([header.map(neutralise)], { ...OPTIONS, bom: true });
  let block: Row[] = [];
  for (const r of rows) {
    block.push(r.map((c) => (c === null ? '' : typeof c === 'number' ? c : neutralise(c))));
    if (block.length === BLOCK) {
      yield stringify(block, OPTIONS);
      block = [];
    }
  }
  if (block.length) yield stringify(block, OPTIONS);
}

const OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;
const BLOCK = 500;
