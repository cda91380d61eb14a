/**
 * Writing imported rows. Upserts touch import-owned columns only, so a re-scan
 * never wipes what `resolve` recorded on a case. The caller holds the one
 * transaction that wraps the whole scan.
 */
import { stockKeyOf } from '../domain/stock-key.js';
import { toIso } from '../domain/time.js';
import type { InventoryRow, OrderFields, OrderRow, SubstituteRow, TrackingRow, LineFields, FileKind } from '../io/formats/rows.js';
import type { Db } from './db.js';

export interface ImportRecord {
  kind: FileKind;
  file: string;
  sha256: string;
  format: string;
  encoding: string | null;
  startedAt: number;
}

export interface ImportCounts {
  rows: number;
  /** Rows skipped because their order's rows are byte for byte those of the last import. */
  unchangedRows?: number;
  orders: number;
  lines: number;
  items: number;
}

/**
 * The last import of this kind had the same bytes in the same format: nothing to
 * do. Any other file of the kind imported since may have changed the same rows.
 */
export function isUnchanged(db: Db, kind: FileKind, format: string, sha256: string): boolean {
  const last = db.prepare('SELECT sha256, format FROM imports WHERE kind = ? ORDER BY id DESC LIMIT 1').get(kind) as
    | { sha256: string; format: string }
    | undefined;
  return last?.sha256 === sha256 && last.format === format;
}

/**
 * Fingerprints of the order groups the database holds as the last import wrote
 * them. Only usable when that import was the one orders file of its scan and
 * read with the same settings (`seed`): otherwise another file may have written
 * the same orders since, and everything is imported again.
 */
export function previousFingerprints(db: Db, seed: number, before: number): Float64Array | null {
  // Fingerprints are stored only by a scan with one orders file, and cleared from
  // older imports: present on the last orders import means that was such a scan.
  const last = db.prepare(`SELECT fingerprints, fingerprint_seed FROM imports WHERE kind = 'orders' AND id < ? ORDER BY id DESC LIMIT 1`).get(before) as
    | { fingerprints: Buffer | null; fingerprint_seed: number | null }
    | undefined;
  if (!last?.fingerprints || last.fingerprint_seed !== seed) return null;
  const bytes = last.fingerprints;
  const copy = new Float64Array(bytes.length / 8);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}

/** A file skipped as unchanged keeps the fingerprints of the import it repeats. */
export function carryFingerprints(db: Db, importId: number): void {
  db.prepare(
    `UPDATE imports SET (fingerprints, fingerprint_seed) = (SELECT fingerprints, fingerprint_seed FROM imports p WHERE p.kind = 'orders' AND p.id < imports.id AND p.fingerprints IS NOT NULL ORDER BY p.id DESC LIMIT 1) WHERE id = ?`,
  ).run(importId);
  db.prepare(`UPDATE imports SET fingerprints = NULL WHERE kind = 'orders' AND fingerprints IS NOT NULL AND id <> ?`).run(importId);
}

/** Keeps the fingerprints on this import only: older ones can never be used again. */
export function storeFingerprints(db: Db, importId: number, fingerprints: Float64Array | null, seed: number): void {
  db.prepare(`UPDATE imports SET fingerprints = NULL WHERE kind = 'orders' AND fingerprints IS NOT NULL AND id <> ?`).run(importId);
  const blob = fingerprints ? Buffer.from(fingerprints.buffer, fingerprints.byteOffset, fingerprints.byteLength) : null;
  db.prepare('UPDATE imports SET fingerprints = ?, fingerprint_seed = ? WHERE id = ?').run(blob, seed, importId);
}

export function startImport(db: Db, rec: ImportRecord): number {
  const iso = toIso(rec.startedAt);
  const r = db
    .prepare(
      `INSERT INTO imports (kind, file, sha256, format, encoding, started_at, finished_at, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'imported')`,
    )
    .run(rec.kind, rec.file, rec.sha256, rec.format, rec.encoding, iso, iso);
  return Number(r.lastInsertRowid);
}

export function finishImport(db: Db, id: number, counts: ImportCounts, outcome: 'imported' | 'unchanged', finishedAt: number): void {
  db.prepare('UPDATE imports SET rows = ?, unchanged_rows = ?, orders = ?, lines = ?, items = ?, outcome = ?, finished_at = ? WHERE id = ?').run(
    counts.rows,
    counts.unchangedRows ?? 0,
    counts.orders,
    counts.lines,
    counts.items,
    outcome,
    toIso(finishedAt),
    id,
  );
}

const iso = (t: number | null) => (t === null ? null : toIso(t));

/** Writes order rows. Rows of one order are merged: blank cells on later rows carry the first row's values. */
export class OrdersWriter {
  private run: { orderId: string; fields: OrderFields; items: LineFields[] } | null = null;
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  private readonly upsertOrder;
  private readonly lineState;
  private readonly deleteLines;
  private readonly insertLine;
  private readonly updatedAt: string;

  constructor(
    private readonly db: Db,
    private readonly importId: number,
    private readonly format: string,
    now: number,
  ) {
    this.updatedAt = toIso(now);
    const cols = ['placed_at', 'paid_at', 'customer_name', 'email', 'phone', 'language', 'country', 'channel', 'ship_by', 'shipped_at', 'carrier', 'tracking_number', 'currency', 'order_total', 'payment_method', 'tags'];
    // Positional parameters: binding 21 named ones per order costs more than the insert (PERF.md).
    this.upsertOrder = db.prepare(
      `INSERT INTO orders (order_id, ${cols.join(', ')}, cancelled, source_format, import_id, updated_at)
       VALUES (?, ${cols.map(() => '?').join(', ')}, coalesce(?, 0), ?, ?, ?)
       ON CONFLICT (order_id) DO UPDATE SET
         ${cols.map((c) => `${c} = coalesce(excluded.${c}, ${c})`).join(',\n         ')},
         cancelled = coalesce(?, cancelled),
         source_format = excluded.source_format,
         import_id = excluded.import_id,
         updated_at = excluded.updated_at`,
    );
    this.lineState = db.prepare('SELECT max(line_no) AS n, max(import_id) AS imp FROM order_lines WHERE order_id = ?');
    this.deleteLines = db.prepare('DELETE FROM order_lines WHERE order_id = ?');
    this.insertLine = db.prepare(
      `INSERT INTO order_lines (order_id, line_no, sku, title, variant, quantity, fulfilled_quantity, unit_price, requires_shipping, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  write(rows: OrderRow[]): void {
    for (const row of rows) {
      this.counts.rows++;
      if (this.run && this.run.orderId !== row.orderId) this.flush();
      if (!this.run) this.run = { orderId: row.orderId, fields: { ...row.order }, items: [] };
      else mergeInto(this.run.fields, row.order);
      if (row.item) this.run.items.push(row.item);
    }
  }

  flush(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    const f = run.fields;
    const cancelled = f.cancelled === null ? null : f.cancelled ? 1 : 0;
    this.upsertOrder.run(
      run.orderId,
      iso(f.placedAt),
      iso(f.paidAt),
      f.customerName,
      f.email,
      f.phone,
      f.language,
      f.country,
      f.channel,
      iso(f.shipBy),
      iso(f.shippedAt),
      f.carrier,
      f.trackingNumber,
      f.currency,
      f.orderTotal,
      f.paymentMethod,
      f.tags,
      cancelled,
      this.format,
      this.importId,
      this.updatedAt,
      cancelled,
    );
    this.counts.orders++;
    if (!run.items.length) return;
    // An order's lines are replaced as a whole by each import that lists it; rows of
    // the same order further down this file continue its numbering.
    const state = this.lineState.get(run.orderId) as { n: number | null; imp: number | null };
    let lineNo = 0;
    if (state.n !== null) {
      if (state.imp === this.importId) lineNo = state.n;
      else this.deleteLines.run(run.orderId);
    }
    for (const it of run.items) {
      lineNo++;
      this.insertLine.run(run.orderId, lineNo, it.sku, it.title, it.variant, it.quantity, it.fulfilledQuantity, it.unitPrice, it.requiresShipping ? 1 : 0, this.importId);
      this.counts.lines++;
    }
  }
}

function mergeInto(target: OrderFields, next: OrderFields): void {
  for (const key of Object.keys(target) as (keyof OrderFields)[]) {
    if (target[key] === null && next[key] !== null) (target as unknown as Record<string, unknown>)[key] = next[key];
  }
}

/** Inventory is a snapshot: rows per location add up, and the new file replaces the old one. */
export class InventoryWriter {
  private readonly items = new Map<string, { sku: string | null; title: string | null; variant: string | null; onHand: number | null; available: number | null; incoming: number | null; restock: number | null; price: number | null }>();
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };

  constructor(
    private readonly db: Db,
    private readonly importId: number,
  ) {}

  write(rows: InventoryRow[]): void {
    for (const r of rows) {
      this.counts.rows++;
      const key = stockKeyOf(r.sku, r.title, r.variant, r.handle ?? null);
      if (!key) continue;
      const sellable = r.onHand === null ? null : r.onHand - (r.unavailable ?? 0);
      const item = this.items.get(key);
      if (!item) {
        this.items.set(key, { sku: r.sku, title: r.title, variant: r.variant, onHand: sellable, available: r.available, incoming: r.incoming, restock: r.restockDate, price: r.unitPrice });
        continue;
      }
      item.onHand = addNullable(item.onHand, sellable);
      item.available = addNullable(item.available, r.available);
      item.incoming = addNullable(item.incoming, r.incoming);
      if (r.restockDate !== null && (item.restock === null || r.restockDate < item.restock)) item.restock = r.restockDate;
      item.title ??= r.title;
      item.variant ??= r.variant;
      item.price ??= r.unitPrice;
    }
  }

  flush(): void {
    this.db.prepare('DELETE FROM inventory').run();
    const insert = this.db.prepare(
      'INSERT INTO inventory (item_key, sku, title, variant, on_hand, available, incoming, restock_date, unit_price, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const [key, i] of this.items) {
      insert.run(key, i.sku, i.title, i.variant, i.onHand, i.available, i.incoming, iso(i.restock), i.price, this.importId);
    }
    this.counts.items = this.items.size;
  }
}

const addNullable = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

export class TrackingWriter {
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  private readonly upsert;
  private readonly link;

  constructor(db: Db, private readonly importId: number) {
    this.upsert = db.prepare(
      `INSERT INTO tracking (tracking_number, order_id, carrier, status, last_event_at, last_event, delivered_at, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tracking_number) DO UPDATE SET
         order_id = coalesce(excluded.order_id, order_id),
         carrier = coalesce(excluded.carrier, carrier),
         status = excluded.status,
         last_event_at = coalesce(excluded.last_event_at, last_event_at),
         last_event = coalesce(excluded.last_event, last_event),
         delivered_at = coalesce(excluded.delivered_at, delivered_at),
         import_id = excluded.import_id`,
    );
    // Shopify's orders export has no tracking column: a tracking file that names
    // the order links the parcel to it.
    this.link = db.prepare('UPDATE orders SET tracking_number = ?, carrier = coalesce(carrier, ?) WHERE order_id = ? AND tracking_number IS NULL');
  }

  write(rows: TrackingRow[]): void {
    for (const r of rows) {
      this.counts.rows++;
      this.upsert.run(r.trackingNumber, r.orderId, r.carrier, r.status, iso(r.lastEventAt), r.lastEvent, iso(r.deliveredAt), this.importId);
      if (r.orderId) this.link.run(r.trackingNumber, r.carrier, r.orderId);
      this.counts.items++;
    }
  }

  flush(): void {}
}

export class SubstitutesWriter {
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  private readonly rows: SubstituteRow[] = [];

  constructor(private readonly db: Db) {}

  write(rows: SubstituteRow[]): void {
    this.counts.rows += rows.length;
    this.rows.push(...rows);
  }

  flush(): void {
    this.db.prepare('DELETE FROM substitutes').run();
    const insert = this.db.prepare('INSERT OR IGNORE INTO substitutes (sku, substitute_sku, note) VALUES (?, ?, ?)');
    for (const r of this.rows) this.counts.items += insert.run(r.sku, r.substituteSku, r.note).changes;
  }
}
