/**
 * Detection over the whole database, in memory that grows neither with the shop's history nor
 * with its open cases. Stock is allocated first, streaming the lines still to ship in payment
 * order; what allocation left short is parked in a scratch table. Then every candidate is
 * judged a chunk at a time, in order id order, and each chunk of findings goes to the caller
 * (the case sync) before the next is read.
 */
import { StockAllocator, byPaymentOrder, type OpenLine } from '../domain/allocate.js';
import type { Config } from '../domain/config.js';
import { indexStock, judgeOrder, matchOpenLine, stockActions, unmatchedLine, type DetectionResult, type Finding, type JudgeContext, type Shortages, type StockIndex, type StockLevel } from '../domain/detect.js';
import type { LearnedThresholds } from '../domain/stall-clocks.js';
import { DAY, fromIso, toIso } from '../domain/time.js';
import type { Db } from './db.js';
import { candidateChunks, loadedKinds, loadStock, queueOpenLines, selectDetectionCandidates } from './load.js';
import { learnStallThresholds } from './stall-learning.js';

// Orders judged (and their findings synced) at a time. A chunk's orders, lines and findings must die
// in V8's young generation, which the scan keeps at its start size (small-heap.ts): at 2000 they outlived it,
// were copied to the old generation and collected there, a third of a bad season's sync.
const CHUNK = 250;
const PAGE = 4096;

/** What detection found besides the findings, and the findings themselves, a chunk at a time (read them once, after the rest). */
export type DetectionStream = Omit<DetectionResult, 'findings'> & { findings: Iterable<Finding[]> };

export function detectInDatabase(db: Db, config: Config, now: number): DetectionStream {
  const loaded = loadedKinds(db);
  // Without tracking data no parcel is judged, so only unshipped orders matter.
  selectDetectionCandidates(db, loaded.tracking ? toIso(now - config.tracking_horizon_days * DAY) : null);
  const learned = loaded.tracking ? learnStallThresholds(db, config, now) : null;
  const stock = loaded.inventory ? indexStock(loadStock(db)) : null;
  const unmatched: DetectionResult['unmatched'] = [];
  const allocator = stock ? allocate(db, stock, unmatched) : null;
  const judge: JudgeContext = {
    config,
    now,
    stock,
    positions: allocator?.positions ?? null,
    shortages: null,
    tracking: null,
    learned,
  };
  return {
    ...stockActions(stock, allocator?.positions ?? null, config),
    unmatched,
    checked: { oversold: stock !== null, stalled: loaded.tracking },
    findings: judgeChunks(db, judge, loaded.tracking, learned),
  };
}

/**
 * What each stock item has left to promise after every open paid line is served (substitutes
 * offered in a follow-up or a resolve step): the allocation alone, streamed as a scan does it,
 * without judging any order.
 */
export function stockLevelsInDatabase(db: Db, config: Config): StockLevel[] {
  if (!loadedKinds(db).inventory) return [];
  // Only orders still to ship take stock: no parcel needs judging here.
  selectDetectionCandidates(db, null);
  const stock = indexStock(loadStock(db));
  return stockActions(stock, allocate(db, stock, [], false).positions, config).stockLevels;
}

/**
 * Allocates the stock to every line still to ship, first paid first served, holding neither
 * the lines nor their allocations: lines left short are written to temp.detect_short, the
 * only allocation a finding names (a covered line is any other line that takes part).
 */
function allocate(db: Db, stock: StockIndex, unmatched: DetectionResult['unmatched'], park = true): StockAllocator {
  const queue = queueOpenLines(db);
  try {
    // The whole open demand of each item first: an item known only by `available` needs it for its supply.
    const demand = new Map<string, number>();
    const unmatchedProducts: string[] = [];
    for (const p of queue.demand()) {
      const key = matchOpenLine(stock, { orderId: '', lineNo: 0, sku: p.sku, title: p.title, variant: p.variant, quantity: p.open, fulfilledQuantity: 0, unitPrice: null, lineTotal: null, requiresShipping: true });
      if (key === 'unmatched') unmatchedProducts.push(p.product);
      else if (key !== null) demand.set(key, (demand.get(key) ?? 0) + p.open);
    }
    for (const { order_id, line } of queue.linesOf(unmatchedProducts)) unmatched.push(unmatchedLine(order_id, line));
    const allocator = new StockAllocator(stock.items, demand, true);
    db.exec('CREATE TEMP TABLE IF NOT EXISTS detect_short (order_id TEXT NOT NULL, line_no INTEGER NOT NULL, stock_key TEXT NOT NULL, open INTEGER NOT NULL, short INTEGER NOT NULL, short_before INTEGER NOT NULL, PRIMARY KEY (order_id, line_no)) WITHOUT ROWID');
    db.exec('DELETE FROM temp.detect_short');
    const insert = db.prepare('INSERT INTO temp.detect_short (order_id, line_no, stock_key, open, short, short_before) VALUES (?, ?, ?, ?, ?, ?)');
    // Orders paid at the same moment come from SQLite in byte order of their ids, and are served in compareIds order.
    let group: OpenLine[] = [];
    const serve = () => {
      group.sort(byPaymentOrder);
      for (const l of group) {
        const a = allocator.take(l);
        if (a && a.short > 0 && park) insert.run(a.orderId, a.lineNo, a.stockKey, a.openQuantity, a.short, a.shortBefore);
      }
      group = [];
    };
    let paidAt = '';
    for (const page of queue.byPayment(PAGE)) {
      for (const { order_id, paid_at, line } of page) {
        const key = matchOpenLine(stock, line);
        if (key === null || key === 'unmatched') continue;
        if (paid_at !== paidAt) {
          serve();
          paidAt = paid_at;
        }
        group.push({ orderId: order_id, lineNo: line.lineNo, paidAt: fromIso(paid_at), stockKey: key, openQuantity: line.quantity - line.fulfilledQuantity });
      }
    }
    serve();
    return allocator;
  } finally {
    queue.close();
  }
}

/**
 * Every candidate judged on every kind, CHUNK orders at a time in order id order: the order
 * cases are opened in. A chunk's short lines are read from temp.detect_short.
 */
function* judgeChunks(db: Db, judge: JudgeContext, withTracking: boolean, learned: LearnedThresholds | null): Generator<Finding[]> {
  const shortIn = judge.stock ? db.prepare('SELECT order_id, line_no, stock_key, open, short, short_before FROM temp.detect_short WHERE order_id >= ? AND order_id <= ?') : null;
  for (const chunk of candidateChunks(db, CHUNK, withTracking)) {
    let shortages: Shortages | null = null;
    if (shortIn && judge.stock) {
      const stock = judge.stock;
      const short = new Map<string, { stockKey: string; openQuantity: number; short: number; shortBefore: number }>();
      for (const r of shortIn.all(chunk.first, chunk.last) as { order_id: string; line_no: number; stock_key: string; open: number; short: number; short_before: number }[]) {
        short.set(`${r.order_id}\u0000${r.line_no}`, { stockKey: r.stock_key, openQuantity: r.open, short: r.short, shortBefore: r.short_before });
      }
      shortages = (orderId, line) => {
        const s = short.get(`${orderId}\u0000${line.lineNo}`);
        if (s) return s;
        // Any other line that took part in allocation was covered.
        const key = matchOpenLine(stock, line);
        return key === null || key === 'unmatched' ? undefined : { stockKey: key, openQuantity: line.quantity - line.fulfilledQuantity, short: 0, shortBefore: 0 };
      };
    }
    const ctx: JudgeContext = { ...judge, shortages, tracking: withTracking ? new Map(chunk.tracking.map((t) => [t.trackingNumber, t])) : null, learned };
    const findings: Finding[] = [];
    for (const { order, lines } of chunk.orders) {
      const f = judgeOrder(order, lines, ctx);
      if (f) findings.push(f);
    }
    yield findings;
  }
}
