/**
 * Opening a scan's files before the database is touched: each is decoded, recognised and
 * given its date order, so a file that cannot be read fails the scan with nothing written.
 */
import { basename } from 'node:path';
import type { Config } from '../domain/config.js';
import type { DateOrder } from '../domain/time.js';
import { dataError } from '../errors.js';
import type { FileKind } from '../rows/rows.js';
import { applyColumnNames, type Header } from './formats/cells.js';
import type { Format } from './formats/format.js';
import { isPlatformHeader, recogniseFormat } from './formats/index.js';
import { sniffDateOrder } from './date-order.js';
import { displayEncoding, shopEncoding } from './decode.js';
import { openCsv, sha256File, type CsvFile } from './read-csv.js';

export interface ScanFiles {
  orders: string[];
  inventory?: string;
  tracking?: string;
  substitutes?: string;
  purchaseOrders?: string;
  /** --format: the orders files' format, when recognition should not guess. */
  format?: string;
  /**
   * --encoding: the order files are in it; the other files too, unless they are UTF-8
   * (a stock sheet saved as "CSV UTF-8" next to a platform's legacy export, or the reverse).
   */
  encoding?: string;
  /** --date-order. */
  dateOrder?: DateOrder;
}

export interface Input {
  kind: FileKind;
  /** This scan reads exactly one orders file (fingerprints are only kept then). */
  onlyOrdersFile: boolean;
  csv: CsvFile;
  format: Format;
  header: Header;
  sha256: string;
  /** How this file writes all-number days, when its dates, --date-order or the config say. */
  dateOrder?: DateOrder;
  /** Half of a two-file export whose other half is not in this scan. */
  alone?: boolean;
}


/** Opens and recognises every file of one scan; `warnings` gets what the operator should know. */
export function openInputs(files: ScanFiles, config: Config, warnings: string[]): Input[] {
  const inputs: Input[] = [];
  const prefer = shopEncoding(config.shop);
  const prepare = (path: string, kind: FileKind, forced?: string) => {
    const csv = openCsv(path, { encoding: files.encoding, keepUtf8: kind !== 'orders', prefer });
    // A platform's own header in its own script (Taobao's 订单编号) read right settles the encoding: the
    // other reading would not have matched it. An ASCII header (Shopify's) says nothing of the cells.
    const headerConfirms = csv.header.some((n) => /[^\x00-\x7f]/.test(n)) && isPlatformHeader(csv.header, kind);
    if (csv.encoding.warning && !headerConfirms) warnings.push(csv.encoding.warning);
    const note =
      csv.encoding.how === 'sniffed'
        ? `the file is not UTF-8, so oos read it as ${displayEncoding(csv.encoding.encoding)} (what its text looks like); if that is wrong, pass --encoding`
        : '';
    // A platform's own export is read as that platform's; the config's column names are for the rest.
    const mapped = forced || isPlatformHeader(csv.header, kind) ? { names: csv.header, renamed: false } : applyColumnNames(csv.header, config.columns);
    const { format, header } = recogniseFormat(path, mapped.names, kind, forced ?? (mapped.renamed ? 'generic' : undefined), note);
    const dateOrder = fileDateOrder(csv, files.dateOrder ?? (config.date_order === 'auto' ? undefined : config.date_order));
    inputs.push({ kind, csv, format, header, sha256: '', onlyOrdersFile: kind === 'orders' && files.orders.length === 1, dateOrder });
  };
  for (const f of files.orders) prepare(f, 'orders', files.format);
  if (files.tracking) prepare(files.tracking, 'tracking');
  if (files.inventory) prepare(files.inventory, 'inventory');
  if (files.substitutes) prepare(files.substitutes, 'substitutes');
  if (files.purchaseOrders) prepare(files.purchaseOrders, 'purchase_orders');
  for (const input of inputs) input.sha256 = sha256File(input.csv.path);
  warnings.push(...missingCompanions(inputs));
  const present = new Set(inputs.map((i) => i.format.id));
  for (const i of inputs) i.alone = i.format.companion !== undefined && !present.has(i.format.companion.formatId);
  return inputs;
}

/**
 * The order of all-number days in this file: its own dates decide when some number
 * is above 12; else the shop's choice (--date-order, then date_order); else the
 * platform's habit, and a cell that stays ambiguous is refused naming both ways out.
 */
function fileDateOrder(csv: CsvFile, chosen: DateOrder | undefined): DateOrder | undefined {
  const found = sniffDateOrder(csv.path, csv.encoding.bomLength, csv.encoding.encoding);
  if (found.dayFirst && found.monthFirst) {
    throw dataError(
      `${csv.path}: the dates disagree: "${found.dayFirst.text}" (line ${found.dayFirst.line}) is day first, "${found.monthFirst.text}" (line ${found.monthFirst.line}) month first`,
      'one of them was typed or pasted in another format; correct it and scan again',
    );
  }
  return found.order ?? chosen;
}

/** Etsy and Taobao split an export in two; one half alone gives incomplete orders. */
function missingCompanions(inputs: Input[]): string[] {
  const present = new Set(inputs.map((i) => i.format.id));
  return inputs
    .filter((i) => i.format.companion && !present.has(i.format.companion.formatId))
    .map(
      (i) =>
        `${i.csv.path} is ${/^[aeiou]/i.test(i.format.label) ? 'an' : 'a'} ${i.format.label}; pass ${i.format.companion!.file} in the same scan for ${i.format.companion!.adds} ` +
        `(e.g. oos scan ${basename(i.csv.path)} <the other file>)`,
    );
}

