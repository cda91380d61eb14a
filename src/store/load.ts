/** Reading what detection needs: open paid orders with their lines, stock and tracking. */
import { reservedByParcels } from './ledger.js';
import type { DetectionOrder, OrderWithLines } from '../domain/detect.js';
import { settledUnits } from '../domain/settled.js';
import type { Terms } from '../domain/remedies.js';
import { fromIso } from '../domain/time.js';
import type { Delivery, Order, OrderLine, StockItem, Tracking, TrackingStatus } from '../domain/types.js';
import { plainRows, stmt, type Db } from './db.js';

export interface OrderRowDb {
  order_id: string;
  placed_at: string | null;
  paid_at: string | null;
  cancelled: number;
  customer_name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  country: string | null;
  channel: string | null;
  ship_by: string | null;
  shipped_at: string | null;
  carrier: string | null;
  tracking_number: string | null;
  currency: string | null;
  order_total: number | null;
  payment_method: string | null;
  tags: string | null;
  /** 1: the customer collects the order; null in orders imported before oos kept it (schema 14). */
  pickup?: number | null;
}

interface LineRowDb {
  order_id: string;
  line_no: number;
  sku: string | null;
  title: string | null;
  variant: string | null;
  quantity: number;
  fulfilled_quantity: number;
  unit_price: number | null;
  /** Null in lines imported before oos kept line totals (schema 13), or from exports without one. */
  line_total?: number | null;
  requires_shipping: number;
}

interface TrackingRowDb {
  tracking_number: string;
  carrier: string | null;
  status: string;
  last_event_at: string | null;
  last_event: string | null;
  delivered_at: string | null;
}

const t = (s: string | null) => (s === null ? null : fromIso(s));

export function toOrder(r: OrderRowDb): Order {
  return {
    orderId: r.order_id,
    placedAt: t(r.placed_at),
    paidAt: t(r.paid_at),
    cancelled: r.cancelled === 1,
    customerName: r.customer_name,
    email: r.email,
    phone: r.phone,
    language: r.language,
    country: r.country,
    channel: r.channel,
    shipBy: t(r.ship_by),
    shippedAt: t(r.shipped_at),
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    currency: r.currency,
    orderTotal: r.order_total,
    paymentMethod: r.payment_method,
    tags: r.tags ? r.tags.split(',').map((s) => s.trim()).filter(Boolean) : [],
    pickup: r.pickup === 1,
  };
}

export function toLine(r: LineRowDb): OrderLine {
  return {
    orderId: r.order_id,
    lineNo: r.line_no,
    sku: r.sku,
    title: r.title,
    variant: r.variant,
    quantity: r.quantity,
    fulfilledQuantity: r.fulfilled_quantity,
    unitPrice: r.unit_price,
    lineTotal: r.line_total ?? null,
    requiresShipping: r.requires_shipping === 1,
  };
}

/**
 * Candidates: paid, not cancelled, and either something still to ship, or a
 * parcel detection may still judge (shipped or last heard of within the
 * tracking horizon, not delivered). Everything else is history that cannot
 * raise a case, and a year of it would not fit in memory.
 */
function selectCandidates(db: Db, horizonStart: string | null): void {
  db.exec('DROP TABLE IF EXISTS temp.detect_candidates');
  db.exec('CREATE TEMP TABLE detect_candidates (order_id TEXT PRIMARY KEY, open INTEGER NOT NULL, watched INTEGER NOT NULL) WITHOUT ROWID');
  // Orders with something still to ship: the WHERE of the partial index order_lines_open, word for
  // word, so SQLite reads that index.
  const open = 'order_lines WHERE fulfilled_quantity < quantity AND requires_shipping = 1';
  // A parcel the shop is already dealing with as stuck (an open stalled case) is followed past the
  // horizon: a lost parcel only grows older, and its silence is not news that it moves again.
  const watched = `cases WHERE state IN ('detected', 'offered', 'remedy_chosen') AND kinds LIKE '%"stalled"%'`;
  // The three kinds of candidate are gathered first and only they are looked up: testing every
  // order of a year against all three at once took a third longer (0.39 against 0.29 s a re-scan).
  db.prepare(
    `INSERT INTO temp.detect_candidates (order_id, open, watched)
     SELECT o.order_id, o.order_id IN (SELECT order_id FROM ${open}), @horizon IS NOT NULL AND o.order_id IN (SELECT order_id FROM ${watched}) FROM orders o
     WHERE o.paid_at IS NOT NULL AND o.cancelled = 0 AND o.order_id IN (
       SELECT order_id FROM ${open}
       UNION SELECT order_id FROM ${watched} AND @horizon IS NOT NULL
       UNION SELECT order_id FROM orders WHERE @horizon IS NOT NULL
         AND (shipped_at >= @horizon OR tracking_number IN (SELECT tracking_number FROM tracking WHERE last_event_at IS NULL OR last_event_at >= @horizon))
         AND (tracking_number IS NULL OR tracking_number NOT IN (SELECT tracking_number FROM tracking WHERE status = 'delivered' OR delivered_at IS NOT NULL)))`,
  ).run({ horizon: horizonStart });
}

const ORDER_FIELDS = 'o.order_id, o.paid_at, o.cancelled, o.ship_by, o.shipped_at, o.carrier, o.channel, o.tracking_number, o.country, o.pickup';
type DetectionOrderRow = Pick<OrderRowDb, 'order_id' | 'paid_at' | 'cancelled' | 'ship_by' | 'shipped_at' | 'carrier' | 'channel' | 'tracking_number' | 'country' | 'pickup'>;

const toDetectionOrder = (r: DetectionOrderRow): DetectionOrder => ({
  orderId: r.order_id,
  paidAt: t(r.paid_at),
  cancelled: r.cancelled === 1,
  shipBy: t(r.ship_by),
  shippedAt: t(r.shipped_at),
  carrier: r.carrier,
  channel: r.channel,
  trackingNumber: r.tracking_number,
  country: r.country,
  // A parcel a remedy sent is read without it: that parcel was shipped, whatever the order was.
  pickup: r.pickup === 1,
});

const toTracking = (r: TrackingRowDb): Tracking => ({
  trackingNumber: r.tracking_number,
  carrier: r.carrier,
  status: r.status as TrackingStatus,
  lastEventAt: t(r.last_event_at),
  lastEvent: r.last_event,
  deliveredAt: t(r.delivered_at),
});

/**
 * Orders still to ship that were paid after `afterIso`: the latest `limit` of them and how many
 * there are. Reads the candidates of the last selectDetectionCandidates() on this connection. A paid time
 * in the future means the scan's time or the file's times are wrong, and "late" cannot be judged.
 */
export function openOrdersPaidAfter(db: Db, afterIso: string, limit = 3): { count: number; latest: { orderId: string; paidAt: string }[] } {
  const from = 'FROM temp.detect_candidates c JOIN orders o USING (order_id) WHERE c.open = 1 AND o.paid_at > ?';
  const count = (db.prepare(`SELECT count(*) AS n ${from}`).get(afterIso) as { n: number }).n;
  if (count === 0) return { count, latest: [] };
  const rows = db.prepare(`SELECT o.order_id, o.paid_at ${from} ORDER BY o.paid_at DESC, o.order_id LIMIT ?`).all(afterIso, limit) as { order_id: string; paid_at: string }[];
  return { count, latest: rows.map((r) => ({ orderId: r.order_id, paidAt: r.paid_at })) };
}

/**
 * The candidates still to hand over that the customer collects (local pickup), oldest payment first:
 * detection judges none of them late. Reads the candidates of the last selectDetectionCandidates().
 */
export function openPickupOrders(db: Db): { orderId: string; paidAt: number; shipBy: number | null; channel: string | null }[] {
  const rows = db
    .prepare('SELECT o.order_id, o.paid_at, o.ship_by, o.channel FROM temp.detect_candidates c JOIN orders o USING (order_id) WHERE c.open = 1 AND o.pickup = 1 ORDER BY o.paid_at, o.order_id')
    .all() as { order_id: string; paid_at: string; ship_by: string | null; channel: string | null }[];
  return rows.map((r) => ({ orderId: r.order_id, paidAt: fromIso(r.paid_at), shipBy: t(r.ship_by), channel: r.channel }));
}

/**
 * How many paid, not cancelled orders have something still to ship: the orders detection judges
 * (read from the partial index order_lines_open). An unpaid or cancelled order keeps its unshipped
 * lines in the export, and a shop's history has thousands of them.
 */
export function ordersToShip(db: Db): number {
  return db
    .prepare(
      `SELECT count(*) FROM orders o WHERE o.paid_at IS NOT NULL AND o.cancelled = 0
         AND o.order_id IN (SELECT order_id FROM order_lines WHERE fulfilled_quantity < quantity AND requires_shipping = 1)`,
    )
    .pluck()
    .get() as number;
}

/** Whether any inventory (stock) or tracking file was ever loaded: without one, oversold or stalled is not judged. */
export function loadedKinds(db: Db): { inventory: boolean; tracking: boolean } {
  const has = (kind: string) => db.prepare('SELECT 1 FROM imports WHERE kind = ? LIMIT 1').get(kind) !== undefined;
  return { inventory: has('inventory'), tracking: has('tracking') };
}

/**
 * Selects detection's candidates into temp.detect_candidates (see selectCandidates): they are
 * read from there a chunk at a time (candidateChunks) and line by line (openLines).
 */
export function selectDetectionCandidates(db: Db, horizonStart: string | null): void {
  selectCandidates(db, horizonStart);
  selectSettledUnits(db);
}

/** The scratch table of settled units (empty until detection fills it). */
export function createSettledUnits(db: Db): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS settled_units (order_id TEXT NOT NULL, line_no INTEGER NOT NULL, quantity INTEGER NOT NULL, PRIMARY KEY (order_id, line_no)) WITHOUT ROWID');
}

/**
 * Units of open lines that a chosen remedy took out of what the shop still owes from its own stock:
 * the units a substitute replaces, the units a refund or a split's refunded rest paid back. Many
 * exports keep them unfulfilled for good; they take no stock (a restocked unit goes to the next
 * customer in line) and are not short. Read from the remedies' terms into temp.settled_units.
 */
function selectSettledUnits(db: Db): void {
  createSettledUnits(db);
  db.exec('DELETE FROM temp.settled_units');
  // Only orders the export still shows something open for; a reopened case (its parcel got stuck)
  // keeps the terms, and what they settled stays settled.
  const remedied = db
    .prepare(
      `SELECT order_id, terms FROM cases WHERE terms IS NOT NULL AND state IN ('detected', 'offered', 'remedy_chosen', 'done', 'closed')
         AND (json_extract(terms, '$.remedy') IN ('substitute', 'refund', 'split') OR json_extract(terms, '$.settledEarlier') IS NOT NULL)
         AND order_id IN (SELECT DISTINCT order_id FROM order_lines WHERE fulfilled_quantity < quantity AND requires_shipping = 1)`,
    )
    .all() as { order_id: string; terms: string }[];
  if (!remedied.length) return;
  const linesOf = db.prepare('SELECT line_no, sku, title, quantity, fulfilled_quantity FROM order_lines WHERE order_id = ? AND requires_shipping = 1 ORDER BY line_no');
  const insert = db.prepare('INSERT OR REPLACE INTO temp.settled_units (order_id, line_no, quantity) VALUES (?, ?, ?)');
  for (const r of remedied) {
    const terms = JSON.parse(r.terms) as Terms;
    const lines = (linesOf.all(r.order_id) as { line_no: number; sku: string | null; title: string | null; quantity: number; fulfilled_quantity: number }[]).map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      fulfilledQuantity: l.fulfilled_quantity,
    }));
    for (const [lineNo, quantity] of settledUnits(terms, lines)) insert.run(r.order_id, lineNo, quantity);
  }
}

/**
 * Open cases whose chosen refund paid back every unit the export still shows unshipped: nothing is
 * left to ship (the next scan clears the problem), so no ship or platform deadline is left to meet.
 */
export function refundedWhole(db: Db): Set<string> {
  const any = db.prepare(`SELECT 1 FROM cases WHERE remedy = 'refund' AND state IN ('offered', 'remedy_chosen') AND problem_cleared_at IS NULL LIMIT 1`).get();
  if (!any) return new Set();
  selectSettledUnits(db);
  return new Set(
    db
      .prepare(
        `SELECT c.order_id FROM cases c WHERE c.remedy = 'refund' AND c.state IN ('offered', 'remedy_chosen') AND c.problem_cleared_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM order_lines l LEFT JOIN temp.settled_units s ON s.order_id = l.order_id AND s.line_no = l.line_no
             WHERE l.order_id = c.order_id AND l.requires_shipping = 1 AND l.fulfilled_quantity + coalesce(s.quantity, 0) < l.quantity)`,
      )
      .pluck()
      .all() as string[],
  );
}

/** An open line of a candidate, with its order's payment time: what allocation reads. */
export interface OpenLineRow {
  order_id: string;
  paid_at: string;
  line: OrderLine;
}

// Units a remedy settled (temp.settled_units) count as gone: they take no stock.
const OPEN_LINES = `SELECT c.order_id, o.paid_at, l.line_no, l.sku, l.title, l.variant, l.quantity,
    min(l.quantity, l.fulfilled_quantity + coalesce(s.quantity, 0)) AS fulfilled_quantity, l.unit_price, l.line_total, l.requires_shipping
  FROM temp.detect_candidates c CROSS JOIN orders o ON o.order_id = c.order_id CROSS JOIN order_lines l ON l.order_id = c.order_id
  LEFT JOIN temp.settled_units s ON s.order_id = l.order_id AND s.line_no = l.line_no
  WHERE c.open = 1 AND l.fulfilled_quantity + coalesce(s.quantity, 0) < l.quantity AND l.requires_shipping = 1`;

/** A product as order lines name it, with the units of it still to ship. */
export interface ProductDemand {
  sku: string | null;
  title: string | null;
  variant: string | null;
  open: number;
  /** The product's name as a key for queuedLinesOf (its SKU, title and variant as a JSON array). */
  product: string;
}

/** The candidates' lines still to ship, sorted once by SQLite into a scratch queue (temp.detect_queue) in payment order. */
export interface OpenLineQueue {
  /** Each product the lines name, with its units still to ship: what allocation needs of every line before the first is served. */
  demand(): ProductDemand[];
  /** The lines naming any of these products, in order id order. */
  linesOf(products: string[]): Generator<OpenLineRow>;
  /**
   * The lines in payment order (by payment time, then as SQLite sorts ids: allocation re-sorts
   * orders paid at the same moment by compareIds), `size` at a time, so the caller may write
   * between pages (no write can run while a statement is being read).
   */
  byPayment(size: number): Generator<OpenLineRow[]>;
  /** Drops the queue. */
  close(): void;
}

/**
 * Queues the candidates' lines still to ship. Allocation reads them twice, each product's whole
 * demand first, then line by line: the demand comes from the queue summed by product (a shop's
 * few thousand products), where reading and matching every line twice was a second of a bad season.
 */
export function queueOpenLines(db: Db): OpenLineQueue {
  db.exec('DROP TABLE IF EXISTS temp.detect_queue');
  db.exec(`CREATE TEMP TABLE detect_queue AS SELECT * FROM (${OPEN_LINES} ORDER BY o.paid_at, c.order_id, l.line_no)`);
  const PRODUCT = 'json_array(sku, title, variant)';
  return {
    demand: () =>
      db.prepare(`SELECT sku, title, variant, sum(quantity - fulfilled_quantity) AS open, ${PRODUCT} AS product FROM temp.detect_queue GROUP BY sku, title, variant`).all() as ProductDemand[],
    *linesOf(products) {
      if (!products.length) return;
      const rows = plainRows<LineRowDb & { paid_at: string }>(
        db.prepare(`SELECT * FROM temp.detect_queue WHERE ${PRODUCT} IN (SELECT value FROM json_each(?)) ORDER BY order_id, line_no`),
      );
      for (const r of rows.iterate(JSON.stringify(products))) yield { order_id: r.order_id, paid_at: r.paid_at, line: toLine(r) };
    },
    *byPayment(size) {
      const page = plainRows<LineRowDb & { paid_at: string; seq: number }>(db.prepare('SELECT rowid AS seq, * FROM temp.detect_queue WHERE rowid > ? ORDER BY rowid LIMIT ?'));
      let after = 0;
      for (;;) {
        const rows = page.all(after, size);
        if (!rows.length) return;
        after = rows[rows.length - 1]!.seq;
        yield rows.map((r) => ({ order_id: r.order_id, paid_at: r.paid_at, line: toLine(r) }));
      }
    },
    close: () => db.exec('DROP TABLE IF EXISTS temp.detect_queue'),
  };
}

/** One chunk of candidates in order id order, with their lines (all of them, for orders with something left to ship) and their parcels. */
export interface CandidateChunk {
  orders: OrderWithLines[];
  tracking: Tracking[];
  /** The first and last order id of the chunk (for reading what else is kept per order). */
  first: string;
  last: string;
}

/**
 * Every candidate, `size` at a time, in order id order (the order cases are opened in): orders
 * with their lines (only those with something left to ship have any) and their parcels. Read
 * chunk by chunk, each with its own queries, so the caller may write between chunks.
 */
export function* candidateChunks(db: Db, size: number, withTracking: boolean): Generator<CandidateChunk> {
  type Row = DetectionOrderRow & { open: number; watched: number };
  const ordersAfter = plainRows<Row>(
    db.prepare(`SELECT c.open, c.watched, ${ORDER_FIELDS} FROM temp.detect_candidates c CROSS JOIN orders o ON o.order_id = c.order_id WHERE c.order_id > ? ORDER BY c.order_id LIMIT ?`),
  );
  const linesIn = plainRows<LineRowDb>(
    db.prepare(
      'SELECT l.* FROM temp.detect_candidates c CROSS JOIN order_lines l ON l.order_id = c.order_id WHERE c.open = 1 AND c.order_id >= ? AND c.order_id <= ? ORDER BY c.order_id, l.line_no',
    ),
  );
  const trackingIn = plainRows<TrackingRowDb>(
    db.prepare(
      'SELECT t.* FROM temp.detect_candidates c CROSS JOIN orders o ON o.order_id = c.order_id CROSS JOIN tracking t ON t.tracking_number = o.tracking_number WHERE c.order_id >= ? AND c.order_id <= ?',
    ),
  );
  const settledIn = db.prepare('SELECT order_id, line_no, quantity FROM temp.settled_units WHERE order_id >= ? AND order_id <= ?');
  const firstOrders = plainRows<Row>(db.prepare(`SELECT c.open, c.watched, ${ORDER_FIELDS} FROM temp.detect_candidates c CROSS JOIN orders o ON o.order_id = c.order_id ORDER BY c.order_id LIMIT ?`));
  let after: string | null = null;
  for (;;) {
    const rows: Row[] = after === null ? firstOrders.all(size) : ordersAfter.all(after, size);
    if (!rows.length) return;
    const first = rows[0]!.order_id;
    const last = rows[rows.length - 1]!.order_id;
    const byId = new Map<string, OrderWithLines>();
    for (const r of rows) byId.set(r.order_id, { order: r.watched === 1 ? { ...toDetectionOrder(r), watched: true } : toDetectionOrder(r), lines: [] });
    if (rows.some((r) => r.open === 1)) {
      const settled = new Map<string, number>();
      for (const u of settledIn.all(first, last) as { order_id: string; line_no: number; quantity: number }[]) settled.set(`${u.order_id}\u0000${u.line_no}`, u.quantity);
      for (const l of linesIn.iterate(first, last)) {
        const line = toLine(l);
        const gone = settled.get(`${l.order_id}\u0000${l.line_no}`);
        // What a remedy settled is not owed any more: neither short nor late.
        if (gone !== undefined) line.fulfilledQuantity = Math.min(line.quantity, line.fulfilledQuantity + gone);
        byId.get(l.order_id)?.lines.push(line);
      }
    }
    const tracking = withTracking ? trackingIn.all(first, last).map(toTracking) : [];
    yield { orders: [...byId.values()], tracking, first, last };
    after = last;
  }
}

export function loadStock(db: Db): StockItem[] {
  const reserved = reservedByParcels(db);
  const deliveries = deliveriesBySku(db);
  return (
    db.prepare('SELECT * FROM inventory').all() as {
      item_key: string;
      sku: string | null;
      title: string | null;
      variant: string | null;
      on_hand: number | null;
      available: number | null;
      incoming: number | null;
      restock_date: string | null;
      unit_price: number | null;
    }[]
  ).map((r) => {
    // A reship still being prepared takes its units like an open order line (the shelf still has them).
    const held = r.sku ? (reserved.get(r.sku.trim().toLowerCase()) ?? 0) : 0;
    return {
    key: r.item_key,
    sku: r.sku,
    title: r.title,
    variant: r.variant,
    onHand: r.on_hand === null ? null : r.on_hand - held,
    available: r.available === null ? null : r.available - held,
    incoming: r.incoming,
    restockDate: t(r.restock_date),
    unitPrice: r.unit_price,
    ...(r.sku && deliveries.has(skuOf(r.sku)) ? { deliveries: deliveries.get(skuOf(r.sku))! } : {}),
    };
  });
}

const skuOf = (sku: string) => sku.trim().toLowerCase();

/** The purchase orders, by SKU as stock is matched (case and spaces aside), earliest first. */
function deliveriesBySku(db: Db): Map<string, Delivery[]> {
  const out = new Map<string, Delivery[]>();
  const rows = db.prepare('SELECT sku, quantity, expected_at, supplier, po_number FROM purchase_orders ORDER BY expected_at, id').all() as {
    sku: string;
    quantity: number;
    expected_at: string;
    supplier: string | null;
    po_number: string | null;
  }[];
  for (const r of rows) {
    const list = out.get(skuOf(r.sku)) ?? [];
    list.push({ at: fromIso(r.expected_at), quantity: r.quantity, supplier: r.supplier, poNumber: r.po_number });
    out.set(skuOf(r.sku), list);
  }
  return out;
}

/** A parcel a remedy sent (a reship, a substitute, a split's part) on its way, with what its carrier last said. */
export interface ParcelInTransit {
  orderId: string;
  origin: string;
  /** The order, with this parcel's number, carrier and send time in place of the order's own. */
  order: DetectionOrder;
  tracking: Tracking;
}

/**
 * Parcels of open cases that a remedy sent with a number of their own, as the tracking export
 * follows them: detection watches the order's own number, so a reship that gets stuck too is seen
 * only here. A number the export does not carry is not judged: its absence says nothing (many
 * trackers only follow the numbers the platform knows), nor one whose case has cleared (the first
 * parcel moved again or arrived after all). A part of the order that left before a swap or a split
 * ('original', shipped, under a number the order no longer shows) is watched whatever became of the
 * case's problem: nothing else follows it. A handful of rows.
 */
export function remedyParcelsInTransit(db: Db): ParcelInTransit[] {
  const rows = stmt(
    db,
    `SELECT p.order_id, p.origin, p.tracking_number AS number, p.carrier AS parcel_carrier, p.shipped_at AS parcel_shipped_at,
            o.paid_at, o.cancelled, o.ship_by, o.channel, o.country,
            t.tracking_number, t.carrier, t.status, t.last_event_at, t.last_event, t.delivered_at
       FROM parcels p
       JOIN cases c ON c.id = p.case_id
       JOIN orders o ON o.order_id = p.order_id
       JOIN tracking t ON t.tracking_number = p.tracking_number
      WHERE p.state = 'shipped' AND p.tracking_number IS NOT NULL AND c.state NOT IN ('closed', 'done') AND p.tracking_number IS NOT o.tracking_number
        AND (p.origin = 'original' OR c.problem_cleared_at IS NULL)
      ORDER BY p.id`,
  ).all() as InTransitRow[];
  return rows.map((r) => ({
    orderId: r.order_id,
    origin: r.origin,
    order: toDetectionOrder({ ...r, tracking_number: r.number, carrier: r.parcel_carrier ?? r.carrier, shipped_at: r.parcel_shipped_at }),
    tracking: toTracking({ ...r, tracking_number: r.tracking_number }),
  }));
}

/**
 * A parcel of `orderId` by the number the operator gives, as the tracking export follows it; null
 * when the export does not carry that number (its absence says nothing).
 */
export function parcelByNumber(db: Db, orderId: string, number: string): Omit<ParcelInTransit, 'origin'> | null {
  const r = stmt(
    db,
    `SELECT o.order_id, o.paid_at, o.cancelled, o.ship_by, o.channel, o.country, t.tracking_number, t.carrier, t.status, t.last_event_at, t.last_event, t.delivered_at
       FROM orders o CROSS JOIN tracking t WHERE o.order_id = ? AND t.tracking_number = ?`,
  ).get(orderId, number) as Omit<InTransitRow, 'origin' | 'number' | 'parcel_carrier' | 'parcel_shipped_at'> | undefined;
  if (!r) return null;
  return { orderId: r.order_id, order: toDetectionOrder({ ...r, shipped_at: null }), tracking: toTracking(r) };
}

interface InTransitRow {
  order_id: string;
  origin: string;
  number: string;
  parcel_carrier: string | null;
  parcel_shipped_at: string | null;
  paid_at: string | null;
  cancelled: number;
  ship_by: string | null;
  channel: string | null;
  country: string | null;
  tracking_number: string;
  carrier: string | null;
  status: string;
  last_event_at: string | null;
  last_event: string | null;
  delivered_at: string | null;
}
