/**
 * `oos scan`: import every file in one transaction, detect, sync cases, report.
 * Files are opened and recognised before the database is touched, and any
 * failure rolls the whole scan back, so a bad file leaves the database as it was.
 */
import { existsSync, rmSync } from 'node:fs';
import { createContext, type Context, type GlobalOptions } from '../context.js';
import type { DetectionResult } from '../domain/detect.js';
import type { DateOrder } from '../domain/time.js';
import { openInputs } from '../import/open-inputs.js';
import type { ScanResult } from '../import/scan-result.js';
import { keepHeapSmall } from '../small-heap.js';
import { openDb } from '../store/db.js';
import { jsonArray, stdoutOf, writeJson, writePieces } from '../ui/output.js';
import { scanLines } from '../ui/scan-view.js';
import { scanFiles } from '../usecases/scan.js';

interface ScanOptions extends GlobalOptions {
  inventory?: string;
  tracking?: string;
  substitutes?: string;
  purchaseOrders?: string;
  format?: string;
  encoding?: string;
  dateOrder?: DateOrder;
}

export async function runScan(orderFiles: string[], opts: ScanOptions): Promise<void> {
  keepHeapSmall();
  const ctx = createContext(opts);
  const warnings: string[] = [];
  const inputs = openInputs({ ...opts, orders: orderFiles }, ctx.config, warnings);
  // A first scan that fails leaves no database behind: the folder is as it was before the command.
  const isNew = !existsSync(ctx.dbPath);
  const db = openDb(ctx.dbPath, { create: true });
  let scanned = false;
  try {
    const result = await scanFiles(db, ctx, inputs, warnings);
    scanned = true;
    // The case list is read from the database as it is written, after the scan has committed.
    if (ctx.json) await writeJson(toJson(result, ctx), stdoutOf(ctx));
    else {
      for (const w of warnings) ctx.stderr(`warning: ${w}\n`);
      await writePieces(scanLines(result, ctx), stdoutOf(ctx));
    }
  } finally {
    db.close();
    if (isNew && !scanned) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${ctx.dbPath}${suffix}`, { force: true });
  }
}

function toJson(r: ScanResult, ctx: Context) {
  return {
    now: new Date(r.now).toISOString(),
    imported: r.imported,
    files: r.files,
    cases: jsonArray(r.cases),
    changes: {
      opened: jsonArray(r.sync.opened),
      reopened: jsonArray(r.sync.reopened),
      updated: jsonArray(r.sync.updated),
      closed: jsonArray(
        (function* () {
          for (const c of r.sync.closed) yield { order_id: c.orderId, reason: c.reason };
        })(),
      ),
      problem_cleared: jsonArray(r.sync.cleared),
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
