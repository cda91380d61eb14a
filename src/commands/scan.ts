/**
 * `oos scan`: import every file in one transaction, detect, sync cases, report.
 * Files are opened and recognised before the database is touched, and any
 * failure rolls the whole scan back, so a bad file leaves the database as it was.
 */
import { basename } from 'node:path';
import { createContext, type Context, type GlobalOptions } from '../context.js';
import type { DetectionResult } from '../domain/detect.js';
import { isPlatformHeader, recogniseFormat } from '../io/formats/index.js';
import type { Format } from '../io/formats/format.js';
import type { FileKind } from '../io/formats/rows.js';
import { describeCsv, openCsv, sha256File, type CsvFile } from '../io/read-csv.js';
import { runPipeline, seedOf } from '../io/import-pipeline.js';
import { favourMemoryOverSpeed, keepHeapSmall } from '../small-heap.js';
import type { BatchParserInit } from '../io/parse-batch.js';
import { MIGRATIONS } from '../store/schema.js';
import { displayEncoding } from '../io/decode.js';
import { openDb, type Db } from '../store/db.js';
import { faultPoint } from '../fault.js';
import { listCases, syncCases, type CaseView, type SyncSummary } from '../store/cases.js';
import {
  carryFingerprints,
  finishImport,
  InventoryWriter,
  isUnchanged,
  OrdersWriter,
  previousFingerprints,
  scratchBlocks,
  startImport,
  storeFingerprints,
  SubstitutesWriter,
  PurchaseOrdersWriter,
  TrackingWriter,
  type ImportCounts,
} from '../store/imports.js';
import { detectInDatabase } from '../store/detection.js';
import { openOrdersPaidAfter } from '../store/load.js';
import { formatLocal, fromIso, HOUR, toIso, type DateOrder } from '../domain/time.js';
import { plural } from '../ui/text.js';
import { translateSqliteError } from '../store/sqlite-errors.js';
import { createProgress } from '../ui/progress.js';
import { scanLines } from '../ui/scan-view.js';
import { stdoutOf, writeJson, writePieces } from '../ui/output.js';
import { normaliseHeader, type Header } from '../io/formats/cells.js';
import { sniffDateOrder } from '../io/date-order.js';
import { sanityWarnings } from '../store/sanity.js';
import { dataError } from '../errors.js';

interface ScanOptions extends GlobalOptions {
  inventory?: string;
  tracking?: string;
  substitutes?: string;
  purchaseOrders?: string;
  format?: string;
  encoding?: string;
  dateOrder?: DateOrder;
}

/** Bump when the importer's output for the same bytes changes, so old fingerprints are not trusted. */
const IMPORTER_VERSION = 1;

interface Input {
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

export interface FileReport {
  file: string;
  kind: FileKind;
  format: string;
  format_label: string;
  encoding: string;
  outcome: 'imported' | 'unchanged';
  rows: number;
  /** Order rows skipped because their order is byte for byte what the last scan imported. */
  unchanged_rows: number;
  orders: number;
  lines: number;
  items: number;
}

export interface ScanResult {
  now: number;
  files: FileReport[];
  imported: { orders: number; lines: number; inventory: number; tracking: number; substitutes: number; purchase_orders: number };
  /** What detection found besides the cases themselves (those are in `sync` and `cases`). */
  detection: DetectionSummary;
  sync: SyncSummary;
  cases: CaseView[];
  warnings: string[];
}

export async function runScan(orderFiles: string[], opts: ScanOptions): Promise<void> {
  keepHeapSmall();
  const ctx = createContext(opts);
  const warnings: string[] = [];
  const inputs: Input[] = [];
  const prepare = (path: string, kind: FileKind, forced?: string) => {
    // --encoding is the platform export's; the inventory, tracking and substitutes files are detected.
    const csv = openCsv(path, { encoding: kind === 'orders' ? opts.encoding : undefined });
    if (csv.encoding.warning) warnings.push(csv.encoding.warning);
    const note =
      csv.encoding.how === 'sniffed'
        ? `the file is not UTF-8, so oos read it as ${displayEncoding(csv.encoding.encoding)} (what its text looks like); if that is wrong, pass --encoding`
        : '';
    // A platform's own export is read as that platform's; the config's column names are for the rest.
    const mapped = forced || isPlatformHeader(csv.header, kind) ? { names: csv.header, renamed: false } : applyColumnNames(csv.header, ctx.config.columns);
    const { format, header } = recogniseFormat(path, mapped.names, kind, forced ?? (mapped.renamed ? 'generic' : undefined), note);
    const dateOrder = fileDateOrder(csv, opts.dateOrder ?? (ctx.config.date_order === 'auto' ? undefined : ctx.config.date_order));
    inputs.push({ kind, csv, format, header, sha256: '', onlyOrdersFile: kind === 'orders' && orderFiles.length === 1, dateOrder });
  };
  for (const f of orderFiles) prepare(f, 'orders', opts.format);
  if (opts.tracking) prepare(opts.tracking, 'tracking');
  if (opts.inventory) prepare(opts.inventory, 'inventory');
  if (opts.substitutes) prepare(opts.substitutes, 'substitutes');
  if (opts.purchaseOrders) prepare(opts.purchaseOrders, 'purchase_orders');
  for (const input of inputs) input.sha256 = sha256File(input.csv.path);
  warnings.push(...missingCompanions(inputs));
  const present = new Set(inputs.map((i) => i.format.id));
  for (const i of inputs) i.alone = i.format.companion !== undefined && !present.has(i.format.companion.formatId);

  const db = openDb(ctx.dbPath, { create: true });
  let result: ScanResult;
  try {
    result = await scanInTransaction(db, ctx, inputs, warnings);
  } finally {
    db.close();
  }
  if (ctx.json) await writeJson(toJson(result, ctx), stdoutOf(ctx));
  else {
    for (const w of warnings) ctx.stderr(`warning: ${w}\n`);
    await writePieces(scanLines(result, ctx), stdoutOf(ctx));
  }
}

async function scanInTransaction(db: Db, ctx: Context, inputs: Input[], warnings: string[]): Promise<ScanResult> {
  try {
    // One write transaction for the whole scan, held across the file reads: this
    // process is the only user of the connection, and a crash leaves nothing half-imported.
    // Foreign keys are checked by construction here (an order is written before its
    // lines); checking each of a million lines costs a seventh of the import.
    db.pragma('foreign_keys = OFF');
    // better-sqlite3's 16 MiB page cache fills up over a large import and buys it nothing: rows
    // arrive in file order, so the B-tree pages being written are few (memory).
    db.pragma('cache_size = -4096');
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    throw translateSqliteError(e, ctx.dbPath);
  }
  try {
    const files: FileReport[] = [];
    const orderImports: number[] = [];
    for (const input of inputs) files.push(await importFile(db, ctx, input, warnings, orderImports));
    favourMemoryOverSpeed();
    const { detection, sync } = detectAndSync(db, ctx);
    const early = paidInTheFuture(db, ctx);
    if (early) warnings.push(early);
    warnings.push(...sanityWarnings(db, ctx.now, orderImports, detection, ctx.config.shop.timezone));
    const cases = listCases(db, { all: false, now: ctx.now });
    faultPoint('scan-before-commit');
    db.exec('COMMIT');
    faultPoint('scan-after-commit');
    const sum = (kind: FileKind, key: 'orders' | 'lines' | 'items') => files.filter((f) => f.kind === kind).reduce((n, f) => n + f[key], 0);
    return {
      now: ctx.now,
      files,
      imported: {
        // Two files of one export (Etsy, Taobao) name the same orders: each order counts once.
        orders: orderImports.length > 1 ? ordersWrittenBy(db, orderImports) : sum('orders', 'orders'),
        lines: sum('orders', 'lines'),
        inventory: sum('inventory', 'items'),
        tracking: sum('tracking', 'items'),
        substitutes: sum('substitutes', 'items'),
        purchase_orders: sum('purchase_orders', 'items'),
      },
      detection,
      sync,
      cases,
      warnings,
    };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw translateSqliteError(e, ctx.dbPath);
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

type DetectionSummary = Omit<DetectionResult, 'findings' | 'stockLevels'>;

/**
 * Detection and case sync, returning only what the report shows: a million-row shop's findings
 * are thousands of objects, and nothing after the sync reads them (memory).
 */
function detectAndSync(db: Db, ctx: Context): { detection: DetectionSummary; sync: SyncSummary } {
  const { findings, stockLevels: _levels, ...detection } = detectInDatabase(db, ctx.config, ctx.now);
  return { detection, sync: syncCases(db, findings, ctx.config, ctx.now, ctx.actor) };
}

/**
 * Orders to ship that were paid after the scan's time (an hour's leeway for clocks) are judged
 * not late, which is only right if the times are. Usually `--now` was copied from an example,
 * or the file's times were read in the wrong zone or day/month order: say so, with examples.
 */
function paidInTheFuture(db: Db, ctx: Context): string | null {
  const { count, latest } = openOrdersPaidAfter(db, toIso(ctx.now + HOUR));
  if (count === 0) return null;
  const tz = ctx.config.shop.timezone;
  const examples = latest.map((o) => `${o.orderId} paid ${formatLocal(fromIso(o.paidAt), tz)}`).join(', ');
  return (
    `${plural(count, 'order')} still to ship ${count === 1 ? 'was' : 'were'} paid after this scan's time, ${formatLocal(ctx.now, tz)} ` +
    `(${count > latest.length ? 'latest: ' : ''}${examples}), so oos cannot tell whether ${count === 1 ? 'it is' : 'they are'} late. ` +
    `If the scan's time is wrong, leave out --now (and OOS_NOW); if the order times are, check the shop's time zone (${tz}) and the file's date format.`
  );
}

async function importFile(db: Db, ctx: Context, input: Input, warnings: string[], orderImports: number[]): Promise<FileReport> {
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
  const previous = keyColumn >= 0 && input.onlyOrdersFile ? previousFingerprints(db, seed, importId) : null;

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
    const progress = createProgress(`reading ${basename(csv.path)}`, csv.size, !ctx.json);
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

  db.exec('SAVEPOINT import_file');
  let { result, counts, blocks } = await attempt(previous);
  if (result.scattered && previous) {
    // Rows of one order are spread over the file: skipping some of them would lose lines.
    blocks.close();
    db.exec('ROLLBACK TO import_file');
    ({ result, counts, blocks } = await attempt(null));
  }
  db.exec('RELEASE import_file');
  // An order whose rows are apart (a file sorted by product) was written once per run of rows.
  if (result.scattered) counts.orders = ordersWrittenBy(db, [importId]);
  if (keyColumn >= 0) storeFingerprints(db, importId, input.onlyOrdersFile && !result.scattered ? result.fingerprints : null, seed);
  blocks.close();
  warnings.push(...result.warnings);
  const mangled = result.mangled;
  if (mangled.length) {
    warnings.push(
      `${csv.path}: ${mangled.length} order id${mangled.length > 1 ? 's look' : ' looks'} like a spreadsheet number (e.g. 1.23E+17) on line${mangled.length > 1 ? 's' : ''} ` +
        `${mangled.slice(0, 10).join(', ')}${mangled.length > 10 ? ', …' : ''}: the real digits are lost. Export the file again and do not open it in Excel before scanning.`,
    );
  }
  counts.unchangedRows = result.unchangedRecords;
  return report(counts, 'imported');
}

function sharedStockSkus(path: string, shared: Map<string, Set<string>>): string {
  const list = [...shared].map(([sku, labels]) => `${sku}: ${[...labels].join(' / ')}`);
  return (
    `${basename(path)}: ${list.length} SKU${list.length === 1 ? ' is' : 's are'} shared by different products or variants, so their stock is counted as one ` +
    `(${list.slice(0, 3).join('; ')}${list.length > 3 ? `; … ${list.length - 3} more` : ''}); give each variant its own SKU in the shop`
  );
}

/** Distinct orders the given imports wrote (an order's last writer owns it). */
function ordersWrittenBy(db: Db, importIds: number[]): number {
  return (db.prepare(`SELECT count(*) AS n FROM orders WHERE import_id IN (${importIds.map(() => '?').join(', ')})`).get(...importIds) as { n: number }).n;
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

function toJson(r: ScanResult, ctx: Context) {
  return {
    now: new Date(r.now).toISOString(),
    imported: r.imported,
    files: r.files,
    cases: r.cases,
    changes: {
      opened: r.sync.opened,
      reopened: r.sync.reopened,
      updated: r.sync.updated,
      closed: r.sync.closed.map((c) => ({ order_id: c.orderId, reason: c.reason })),
      problem_cleared: r.sync.cleared,
    },
    stock_actions: {
      oversold: r.detection.oversoldStock.map(stockJson),
      low_stock: r.detection.lowStock.map(stockJson),
      low_stock_threshold: ctx.config.low_stock_threshold,
    },
    unmatched_lines: r.detection.unmatched.map((u) => ({ order_id: u.orderId, line_no: u.lineNo, sku: u.sku, title: u.title, variant: u.variant, quantity: u.open })),
    checks: r.detection.checked,
    warnings: r.warnings,
  };
}

const stockJson = (s: DetectionResult['oversoldStock'][number]) => ({
  sku: s.sku,
  title: s.title,
  variant: s.variant,
  stock: s.supply,
  demand: s.demand,
  short: s.short,
  free: s.free,
});
