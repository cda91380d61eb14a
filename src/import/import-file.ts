/**
 * One file of a scan into the store: read by the import pipeline, written by the store's
 * writer for its kind inside a savepoint, with the fingerprints that let the next scan
 * skip the orders it already has.
 */
import { basename } from 'node:path';
import type { Config } from '../domain/config.js';
import { dataError } from '../errors.js';
import { faultPoint } from '../fault.js';
import type { MangledIdRow } from '../rows/rows.js';
import type { Db } from '../store/db.js';
import {
  carryFingerprints,
  finishImport,
  InventoryWriter,
  isUnchanged,
  markShippedWhole,
  markLinesShipTogether,
  openOrdersLeftOut,
  OrdersWriter,
  ordersWrittenBy,
  previousFingerprints,
  PurchaseOrdersWriter,
  savepoint,
  scratchBlocks,
  startImport,
  storeFingerprints,
  SubstitutesWriter,
  TrackingWriter,
  type ImportCounts,
} from '../store/imports.js';
import { MIGRATIONS } from '../store/schema.js';
import { createProgress } from '../ui/progress.js';
import type { Input } from './open-inputs.js';
import type { BatchParserInit } from './parse-batch.js';
import { runPipeline, seedOf } from './pipeline.js';
import { describeCsv } from './read-csv.js';
import type { FileReport } from './scan-result.js';

export interface ImportSettings {
  config: Config;
  now: number;
  /** Show a progress bar (not under --json). */
  progress: boolean;
}

/** Bump when the importer's output for the same bytes changes, so old fingerprints are not trusted. */
const IMPORTER_VERSION = 1;

export async function importFile(db: Db, ctx: ImportSettings, input: Input, warnings: string[], orderImports: number[]): Promise<FileReport> {
  const { csv, format, kind } = input;
  const started = Date.now();
  const unchanged = isUnchanged(db, kind, format.id, input.sha256);
  const importId = startImport(db, { kind, file: basename(csv.path), sha256: input.sha256, format: format.id, encoding: csv.encoding.encoding, startedAt: ctx.now });
  if (kind === 'orders' && !unchanged) orderImports.push(importId);
  const report = (counts: ImportCounts, outcome: 'imported' | 'unchanged'): FileReport => {
    finishImport(db, importId, counts, outcome, ctx.now + (Date.now() - started));
    const rows = counts.rows + (counts.unchangedRows ?? 0);
    return { file: csv.path, kind, format: format.id, format_label: format.label, encoding: describeCsv(csv), outcome, rows, unchanged_rows: counts.unchangedRows ?? 0, orders: counts.orders, lines: counts.lines, items: counts.items };
  };
  if (unchanged) {
    if (kind === 'orders') carryFingerprints(db, importId);
    return report({ rows: 0, orders: 0, lines: 0, items: 0 }, 'unchanged');
  }
  const utf16 = csv.encoding.encoding.startsWith('utf-16');
  const init: BatchParserInit = {
    file: csv.path,
    kind,
    formatId: format.id,
    header: input.header.names,
    // UTF-16 files reach the parser already turned into UTF-8 (import-pipeline.ts).
    encoding: utf16 ? 'utf-8' : csv.encoding.encoding,
    delimiter: csv.delimiter,
    quote: format.quote ?? true,
    // Platforms that write zone-less times in their own zone (Taobao: China time) say so.
    timeZone: format.timeZone ?? ctx.config.shop.timezone,
    currency: format.currency ?? ctx.config.shop.currency,
    dateOrder: input.dateOrder,
    alone: input.alone,
  };
  const keyColumn = kind === 'orders' ? (format.groupColumn?.(input.header) ?? -1) : -1;
  // An order's rows are skipped only when their bytes, the way they are read, and the
  // schema they are written to are all what the last import had.
  const seed = seedOf(JSON.stringify([IMPORTER_VERSION, MIGRATIONS.length, { ...init, file: null }]));
  // A report of only open orders is read whole: each order it lists must be marked as this import's
  // to tell which ones it left out (it is small: orders waiting to ship).
  const previous = keyColumn >= 0 && input.onlyOrdersFile && !format.listsOnlyOpen ? previousFingerprints(db, seed, importId) : null;

  let rowsWritten = 0;
  const attempt = async (skipFrom: Float64Array[] | null) => {
    const writer =
      kind === 'orders'
        ? new OrdersWriter(db, importId, format.id, ctx.now)
        : kind === 'inventory'
          ? new InventoryWriter(db, importId)
          : kind === 'tracking'
            ? new TrackingWriter(db, importId)
            : kind === 'purchase_orders'
              ? new PurchaseOrdersWriter(db, importId)
              : new SubstitutesWriter(db);
    const progress = createProgress(`reading ${basename(csv.path)}`, csv.size, ctx.progress);
    const blocks = scratchBlocks(db);
    try {
      const result = await runPipeline({
        path: csv.path,
        size: csv.size,
        encoding: csv.encoding.encoding,
        bomLength: csv.encoding.bomLength,
        headerLine: csv.headerLine,
        init,
        keyColumn,
        previous: skipFrom,
        seed,
        blocks,
        onRows: (rows, count) => {
          // SQLite rolls the whole transaction back on some errors (SQLITE_FULL, SQLITE_IOERR):
          // a row written after that would be committed on its own, a partial import.
          if (!db.inTransaction) throw new Error('the import transaction ended early; nothing was imported');
          (writer.write as (rows: unknown) => void)(rows);
          faultPoint('scan-rows', (rowsWritten += count));
        },
        onProgress: (n) => progress.update(n),
      });
      writer.flush();
      if (writer instanceof InventoryWriter && writer.shared.size) warnings.push(sharedStockSkus(csv.path, writer.shared));
      // The store stays open until the fingerprints are read out of it (below).
      return { result, counts: writer.counts, blocks };
    } finally {
      progress.finish();
    }
  };

  const file = savepoint(db, 'import_file');
  let { result, counts, blocks } = await attempt(previous);
  if (result.scattered && previous) {
    // Rows of one order are spread over the file: skipping some of them would lose lines.
    blocks.close();
    file.rollback();
    ({ result, counts, blocks } = await attempt(null));
  }
  file.release();
  // An order whose rows are apart (a file sorted by product) was written once per run of rows.
  if (result.scattered) counts.orders = ordersWrittenBy(db, [importId]);
  if (keyColumn >= 0) storeFingerprints(db, importId, input.onlyOrdersFile && !result.scattered ? result.fingerprints : null, seed);
  blocks.close();
  warnings.push(...result.warnings);
  if (result.mangled.length) refuseMergedOrders(csv.path, result.mangled);
  const mangled = result.mangled.filter((m) => m.surely).map((m) => m.line);
  if (mangled.length) {
    warnings.push(
      `${csv.path}: ${mangled.length} order id${mangled.length > 1 ? 's look' : ' looks'} like a spreadsheet number (e.g. 1.23E+17) on line${mangled.length > 1 ? 's' : ''} ` +
        `${mangled.slice(0, 10).join(', ')}${mangled.length > 10 ? ', …' : ''}: the real digits are lost. Export the file again and do not open it in Excel before scanning.`,
    );
  }
  counts.unchangedRows = result.unchangedRecords;
  if (format.shippedWholeByTime?.(input.header)) markShippedWhole(db, importId);
  if (format.linesShipTogether?.(input.header)) markLinesShipTogether(db, importId);
  if (format.listsOnlyOpen) {
    // A shipped order drops out of such a report; oos would go on calling it late.
    const left = openOrdersLeftOut(db, format.id, importId);
    if (left.count)
      warnings.push(
        `${basename(csv.path)}: ${left.count} order${left.count === 1 ? '' : 's'} still to ship in oos ${left.count === 1 ? 'is' : 'are'} not in this report (${left.examples.join(', ')}${left.count > left.examples.length ? ', …' : ''}). ` +
          `This report leaves out orders once they have shipped or been cancelled, and cannot say which, so oos still counts ${left.count === 1 ? 'it' : 'them'} as unshipped; ` +
          `to settle ${left.count === 1 ? 'it' : 'them'}, also scan ${format.listsOnlyOpen.settledBy}.`,
      );
  }
  return report(counts, 'imported');
}

/**
 * Rows that share an order id a spreadsheet rounded but name another customer or payment time are
 * different orders made one: one customer would be told of another's items, the other never told.
 * Refused (65), naming the lines: only the real ids can tell them apart.
 */
function refuseMergedOrders(path: string, rows: MangledIdRow[]): void {
  const byId = new Map<string, MangledIdRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const [id, same] of byId) {
    const differs = [0, 1, 2, 3].some((f) => new Set(same.map((r) => r.who[f]).filter((v) => v !== null)).size > 1);
    if (!differs) continue;
    const names = [...new Set(same.map((r) => r.who[0]).filter((v) => v !== null))];
    throw dataError(
      `${basename(path)}, lines ${same.map((r) => r.line).slice(0, 10).join(', ')}: order id ${id} is a number a spreadsheet rounded${same[0]!.surely ? '' : ' (its last digits are zeros)'}, and these rows are different orders${names.length > 1 ? ` (${names.slice(0, 3).join(', ')})` : ''} made one: the real ids are lost, so oos cannot tell them apart`,
      'export the file again and scan it without opening it in Excel (or format the id column as text before saving)',
    );
  }
}

function sharedStockSkus(path: string, shared: Map<string, Set<string>>): string {
  const list = [...shared].map(([sku, labels]) => `${sku}: ${[...labels].join(' / ')}`);
  return (
    `${basename(path)}: ${list.length} SKU${list.length === 1 ? ' is' : 's are'} shared by different products or variants, so their stock is counted as one ` +
    `(${list.slice(0, 3).join('; ')}${list.length > 3 ? `; … ${list.length - 3} more` : ''}); give each variant its own SKU in the shop`
  );
}

