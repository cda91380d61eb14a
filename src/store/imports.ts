/**
 * Writing imported rows. Upserts touch import-owned columns only, so a re-scan
 * never wipes what `resolve` recorded on a case. The caller holds the one
 * transaction that wraps the whole scan.
 */
import { trackingKey } from '../domain/tracking-number.js';
import { stockKeyOf } from '../domain/stock-key.js';
import { toIso } from '../domain/time.js';
import type { InventoryRow, PurchaseOrderRow, SubstituteRow, TrackingRow, FileKind } from '../rows/rows.js';
import { CANCELLED_AT, LINE_STRIDE, mergeRun, ORDER_COLUMNS, RUN_STRIDE, type OrderRuns, type SqlValue } from '../rows/order-runs.js';
import { BLOCK, type BlockStore } from '../rows/number-blocks.js';
import type { Db, Statement } from './db.js';

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
export function previousFingerprints(db: Db, seed: number, before: number): Float64Array[] | null {
  // Fingerprints are stored only by a scan with one orders file, and cleared from
  // older imports: a seed on the last orders import means that was such a scan.
  const last = db.prepare(`SELECT id, fingerprint_seed FROM imports WHERE kind = 'orders' AND id < ? ORDER BY id DESC LIMIT 1`).get(before) as
    | { id: number; fingerprint_seed: number | null }
    | undefined;
  if (!last || last.fingerprint_seed !== seed) return null;
  const blocks: Float64Array[] = [];
  for (const { data } of db.prepare('SELECT data FROM import_fingerprints WHERE import_id = ? ORDER BY block').iterate(last.id) as IterableIterator<{ data: Buffer }>) {
    // Copied: a Buffer from SQLite need not be aligned for a Float64Array.
    const block = new Float64Array(data.length / 8);
    new Uint8Array(block.buffer).set(data);
    blocks.push(block);
  }
  return blocks;
}

/**
 * Blocks of an import's fingerprints, parked in a table that lives only inside the scan's
 * transaction: created on the first block, dropped by `close()` before the scan commits, and
 * gone with a rollback or a crash. Nothing is written outside the database.
 */
export function scratchBlocks(db: Db): BlockStore & { close(): void } {
  let created = false;
  let next = 0;
  return {
    put(block) {
      if (!created) db.exec('CREATE TABLE IF NOT EXISTS import_scratch_blocks (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
      created = true;
      db.prepare('INSERT INTO import_scratch_blocks (id, data) VALUES (?, ?)').run(next, Buffer.from(block.buffer, block.byteOffset, block.byteLength));
      return next++;
    },
    read(id, from, into) {
      // Only the slice crosses into JavaScript (substr counts bytes of a blob, from 1).
      const { data } = db.prepare('SELECT substr(data, ?, ?) AS data FROM import_scratch_blocks WHERE id = ?').get(from * 8 + 1, into.byteLength, id) as { data: Buffer };
      new Uint8Array(into.buffer, into.byteOffset, into.byteLength).set(data);
    },
    close() {
      if (created) db.exec('DROP TABLE IF EXISTS import_scratch_blocks');
      created = false;
    },
  };
}

/** A file skipped as unchanged keeps the fingerprints of the import it repeats. */
export function carryFingerprints(db: Db, importId: number): void {
  const from = db
    .prepare(`SELECT id, fingerprint_seed FROM imports WHERE kind = 'orders' AND id < ? AND fingerprint_seed IS NOT NULL ORDER BY id DESC LIMIT 1`)
    .get(importId) as { id: number; fingerprint_seed: number } | undefined;
  if (from) {
    db.prepare('UPDATE import_fingerprints SET import_id = ? WHERE import_id = ?').run(importId, from.id);
    db.prepare('UPDATE imports SET fingerprint_seed = ? WHERE id = ?').run(from.fingerprint_seed, importId);
  }
  forgetOtherFingerprints(db, importId);
}

/**
 * Keeps the fingerprints on this import only (older ones can never be used again): `blocks`,
 * ascending, one row per block; none when null.
 */
export function storeFingerprints(db: Db, importId: number, blocks: Iterable<Float64Array> | null, seed: number): void {
  forgetOtherFingerprints(db, importId);
  if (!blocks) return;
  const insert = db.prepare('INSERT INTO import_fingerprints (import_id, block, data) VALUES (?, ?, ?)');
  let n = 0;
  for (const b of blocks) {
    if (b.length > BLOCK) throw new RangeError(`a block of ${b.length} fingerprints is over ${BLOCK}`);
    insert.run(importId, n++, Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
  db.prepare('UPDATE imports SET fingerprint_seed = ? WHERE id = ?').run(seed, importId);
}

function forgetOtherFingerprints(db: Db, importId: number): void {
  db.prepare('DELETE FROM import_fingerprints WHERE import_id <> ?').run(importId);
  db.prepare(`UPDATE imports SET fingerprint_seed = NULL WHERE fingerprint_seed IS NOT NULL AND id <> ?`).run(importId);
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

/** Orders per upsert and lines per insert statement: multi-row statements cost a third less per row (measured with scripts/bench.mjs). */
const RUNS_PER_STATEMENT = 32;
const LINES_PER_STATEMENT = 64;

/**
 * Writes orders batches (see import/order-runs.ts). Each run upserts its order; the
 * lines of an order are replaced as a whole by each import that lists it, and
 * rows of the same order further down the same file continue its numbering.
 */
export class OrdersWriter {
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  /**
   * The last run of the last batch, held back until the next batch shows whether the
   * order goes on (only possible where the format has no order id column to group by).
   */
  private pending: OrderRuns | null = null;
  private readonly statements = new Map<string, Statement>();
  private readonly constants: { fmt: string; imp: number; upd: string };
  /** Lines written by earlier imports exist: an order listed again must drop its old ones. */
  private readonly oldLines: boolean;

  constructor(
    private readonly db: Db,
    private readonly importId: number,
    format: string,
    now: number,
  ) {
    this.constants = { fmt: format, imp: importId, upd: toIso(now) };
    this.oldLines = db.prepare('SELECT 1 FROM order_lines WHERE import_id IS NOT ? LIMIT 1').get(importId) !== undefined;
  }

  write(batch: OrderRuns): void {
    this.counts.rows += batch.rows;
    const n = batch.lineCounts.length;
    if (n === 0) return;
    let first = 0;
    let firstLine = 0;
    const held = this.pending;
    if (held && held.runs[0] === batch.runs[0]) {
      mergeRun(held.runs, 0, batch.runs, 0);
      const k = batch.lineCounts[0]!;
      for (let i = 0; i < k * LINE_STRIDE; i++) held.lines.push(batch.lines[i]!);
      held.lineCounts[0]! += k;
      if (n === 1) return;
      first = 1;
      firstLine = k * LINE_STRIDE;
    }
    if (held) this.writeRuns(held, 0, 1, 0);
    const lastLines = batch.lineCounts[n - 1]! * LINE_STRIDE;
    this.writeRuns(batch, first, n - 1, firstLine);
    this.pending = {
      runs: batch.runs.slice((n - 1) * RUN_STRIDE),
      lineCounts: [batch.lineCounts[n - 1]!],
      lines: batch.lines.slice(batch.lines.length - lastLines),
      rows: 0,
    };
  }

  flush(): void {
    if (this.pending) this.writeRuns(this.pending, 0, 1, 0);
    this.pending = null;
  }

  /** Writes runs [from, to) of `b`, whose lines start at `lineAt`. */
  private writeRuns(b: OrderRuns, from: number, to: number, lineAt: number): void {
    if (from >= to) return;
    this.upsertOrders(b.runs, from, to);
    if (this.oldLines) this.dropOldLines(b, from, to);
    this.insertLines(b, from, to, lineAt);
    this.counts.orders += to - from;
  }

  private upsertOrders(runs: SqlValue[], from: number, to: number): void {
    for (let i = from; i < to; ) {
      // A run whose rows never said whether it is cancelled keeps what the database has.
      const keepCancelled = runs[i * RUN_STRIDE + CANCELLED_AT] === null;
      let j = i + 1;
      while (j < to && j - i < RUNS_PER_STATEMENT && (runs[j * RUN_STRIDE + CANCELLED_AT] === null) === keepCancelled) j++;
      this.statement(`upsert:${j - i}:${keepCancelled}`, () => upsertSql(j - i, keepCancelled)).run(runs.slice(i * RUN_STRIDE, j * RUN_STRIDE), this.constants);
      i = j;
    }
  }

  private dropOldLines(b: OrderRuns, from: number, to: number): void {
    const ids: SqlValue[] = [];
    const drop = () => {
      this.statement(`drop:${ids.length}`, () => `DELETE FROM order_lines WHERE import_id IS NOT @imp AND order_id IN (${marks(ids.length, '?')})`).run(ids, { imp: this.importId });
      ids.length = 0;
    };
    for (let r = from; r < to; r++) {
      if (b.lineCounts[r] === 0) continue;
      ids.push(b.runs[r * RUN_STRIDE]!);
      if (ids.length === RUNS_PER_STATEMENT) drop();
    }
    if (ids.length) drop();
  }

  private insertLines(b: OrderRuns, from: number, to: number, lineAt: number): void {
    let at = lineAt;
    for (let r = from; r < to; ) {
      // A statement holds whole runs, so one that meets lines already written can be redone run by run.
      let end = r;
      let count = 0;
      while (end < to && (end === r || count + b.lineCounts[end]! <= LINES_PER_STATEMENT)) count += b.lineCounts[end++]!;
      if (count > 0) {
        const params: SqlValue[] = [];
        let p = at;
        for (let q = r; q < end; q++) {
          const id = b.runs[q * RUN_STRIDE]!;
          for (let k = 1; k <= b.lineCounts[q]!; k++, p += LINE_STRIDE) params.push(id, k, ...b.lines.slice(p, p + LINE_STRIDE));
        }
        if (count > LINES_PER_STATEMENT || !this.tryInsertLines(count, params)) {
          for (let q = r, s = at; q < end; s += b.lineCounts[q]! * LINE_STRIDE, q++) this.appendLines(b.runs[q * RUN_STRIDE] as string, b.lines, s, b.lineCounts[q]!);
        }
        this.counts.lines += count;
      }
      at += count * LINE_STRIDE;
      r = end;
    }
  }

  /** The common case: every run starts its order's lines at 1. False when some order already has lines from this import. */
  private tryInsertLines(count: number, params: SqlValue[]): boolean {
    try {
      this.statement(`lines:${count}`, () => insertLinesSql(count)).run(params, { imp: this.importId });
      return true;
    } catch (e) {
      // The failed statement wrote nothing; the transaction goes on.
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw e;
    }
  }

  /** Rows of an order met again further down the file continue its numbering. */
  private appendLines(orderId: string, lines: SqlValue[], at: number, count: number): void {
    const last = this.statement('last-line', () => 'SELECT max(line_no) AS n FROM order_lines WHERE order_id = ?').get(orderId) as { n: number | null };
    const base = last.n ?? 0;
    const insert = this.statement('lines:1', () => insertLinesSql(1));
    for (let k = 1; k <= count; k++) insert.run([orderId, base + k, ...lines.slice(at + (k - 1) * LINE_STRIDE, at + k * LINE_STRIDE)], { imp: this.importId });
  }

  private statement(key: string, sql: () => string): Statement {
    let s = this.statements.get(key);
    if (!s) this.statements.set(key, (s = this.db.prepare(sql())));
    return s;
  }
}

const marks = (n: number, one: string) => Array.from({ length: n }, () => one).join(', ');

function upsertSql(rows: number, keepCancelled: boolean): string {
  const row = `(?, ${marks(ORDER_COLUMNS.length, '?')}, coalesce(?, 0), @fmt, @imp, @upd)`;
  return `INSERT INTO orders (order_id, ${ORDER_COLUMNS.join(', ')}, cancelled, source_format, import_id, updated_at)
    VALUES ${marks(rows, row)}
    ON CONFLICT (order_id) DO UPDATE SET
      ${ORDER_COLUMNS.map((c) => `${c} = coalesce(excluded.${c}, ${c})`).join(',\n      ')},
      cancelled = ${keepCancelled ? 'cancelled' : 'excluded.cancelled'},
      source_format = excluded.source_format,
      import_id = excluded.import_id,
      updated_at = excluded.updated_at`;
}

function insertLinesSql(rows: number): string {
  return `INSERT INTO order_lines (order_id, line_no, sku, title, variant, quantity, fulfilled_quantity, unit_price, requires_shipping, line_total, import_id)
    VALUES ${marks(rows, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @imp)')}`;
}

/** Inventory is a snapshot: rows per location add up, and the new file replaces the old one. */
export class InventoryWriter {
  private readonly items = new Map<string, { sku: string | null; title: string | null; variant: string | null; onHand: number | null; available: number | null; incoming: number | null; restock: number | null; price: number | null }>();
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  /** SKUs that several products or variants carry, with what they carry. */
  readonly shared = new Map<string, Set<string>>();

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
      // Rows of one SKU are one item's locations; a different product or variant under it is a shared SKU.
      if (r.sku !== null && (r.title !== item.title || r.variant !== item.variant)) {
        const labels = (this.shared.get(r.sku) ?? this.shared.set(r.sku, new Set([labelOf(item.title, item.variant)])).get(r.sku))!;
        labels.add(labelOf(r.title, r.variant));
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

const labelOf = (title: string | null, variant: string | null) => `${title ?? ''}${variant ? ` (${variant})` : ''}`;

const addNullable = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/**
 * A row older than what is stored for its parcel: a file listing each parcel's history (newest first,
 * as carriers and 快递100 give it) or an older file scanned again. Its scan does not replace the latest:
 * the signed-for parcel read from its oldest row was "probably lost".
 */
const OLDER = 'excluded.last_event_at IS NOT NULL AND last_event_at IS NOT NULL AND excluded.last_event_at < last_event_at';

export class TrackingWriter {
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  private readonly upsert;
  private readonly link;
  private readonly parcels;

  constructor(db: Db, private readonly importId: number) {
    this.upsert = db.prepare(
      `INSERT INTO tracking (tracking_number, order_id, carrier, status, last_event_at, last_event, delivered_at, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tracking_number) DO UPDATE SET
         order_id = coalesce(excluded.order_id, order_id),
         carrier = coalesce(excluded.carrier, carrier),
         status = CASE WHEN ${OLDER} THEN status ELSE excluded.status END,
         last_event_at = CASE WHEN ${OLDER} THEN last_event_at ELSE coalesce(excluded.last_event_at, last_event_at) END,
         last_event = CASE WHEN ${OLDER} THEN last_event ELSE coalesce(excluded.last_event, last_event) END,
         delivered_at = coalesce(excluded.delivered_at, delivered_at),
         import_id = excluded.import_id`,
    );
    this.parcels = db.prepare('SELECT count(*) FROM tracking WHERE import_id = ?').pluck();
    // Shopify's orders export has no tracking column: a tracking file that names
    // the order links the parcel to it.
    this.link = db.prepare('UPDATE orders SET tracking_number = ?, carrier = coalesce(carrier, ?) WHERE order_id = ? AND tracking_number IS NULL');
  }

  write(rows: TrackingRow[]): void {
    for (const r of rows) {
      this.counts.rows++;
      // Stored as carriers read it (no spaces, hyphens or case): the order export's and the tracker's spellings of one parcel meet.
      r.trackingNumber = trackingKey(r.trackingNumber);
      this.upsert.run(r.trackingNumber, r.orderId, r.carrier, r.status, iso(r.lastEventAt), r.lastEvent, iso(r.deliveredAt), this.importId);
      if (r.orderId) this.link.run(r.trackingNumber, r.carrier, r.orderId);
    }
  }

  /** Parcels, not rows: a file with each parcel's history has a row per scan. */
  flush(): void {
    this.counts.items = this.parcels.get(this.importId) as number;
  }
}

/** The purchase orders file replaces the list: it is the shop's current view of what is coming. */
export class PurchaseOrdersWriter {
  readonly counts: ImportCounts = { rows: 0, orders: 0, lines: 0, items: 0 };
  private readonly rows: PurchaseOrderRow[] = [];

  constructor(
    private readonly db: Db,
    private readonly importId: number,
  ) {}

  write(rows: PurchaseOrderRow[]): void {
    this.counts.rows += rows.length;
    this.rows.push(...rows);
  }

  flush(): void {
    this.db.prepare('DELETE FROM purchase_orders').run();
    const insert = this.db.prepare('INSERT INTO purchase_orders (sku, quantity, expected_at, supplier, po_number, import_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const r of this.rows) this.counts.items += insert.run(r.sku, r.quantity, iso(r.expectedAt), r.supplier, r.poNumber, this.importId).changes;
  }
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

/** A savepoint inside the scan's transaction: one file's writes, undone together when it must be read again. */
export function savepoint(db: Db, name: string): { rollback(): void; release(): void } {
  db.exec(`SAVEPOINT ${name}`);
  return { rollback: () => db.exec(`ROLLBACK TO ${name}`), release: () => db.exec(`RELEASE ${name}`) };
}

/**
 * Orders of this format that an earlier import wrote and this one did not, still open here (paid,
 * not cancelled, a line still to ship): how many, and the first few.
 */
export function openOrdersLeftOut(db: Db, formatId: string, importId: number, limit = 3): { count: number; examples: string[] } {
  const from = `FROM orders o WHERE o.source_format = ? AND o.import_id <> ? AND o.paid_at IS NOT NULL AND o.cancelled = 0
    AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.fulfilled_quantity < l.quantity AND l.requires_shipping = 1)`;
  const count = (db.prepare(`SELECT count(*) AS n ${from}`).get(formatId, importId) as { n: number }).n;
  const examples = count ? (db.prepare(`SELECT o.order_id ${from} ORDER BY o.order_id LIMIT ?`).pluck().all(formatId, importId, limit) as string[]) : [];
  return { count, examples };
}

/** This import's file says only whether an order shipped, not which lines (Format.linesShipTogether). */
export function markLinesShipTogether(db: Db, importId: number): void {
  db.prepare('UPDATE imports SET lines_ship_together = 1 WHERE id = ?').run(importId);
}

/** Every line this import wrote of an order with a ship time, shipped whole (Format.shippedWholeByTime). */
export function markShippedWhole(db: Db, importId: number): void {
  db.prepare(
    `UPDATE order_lines SET fulfilled_quantity = quantity WHERE import_id = ? AND fulfilled_quantity < quantity
       AND order_id IN (SELECT order_id FROM orders WHERE import_id = ? AND shipped_at IS NOT NULL)`,
  ).run(importId, importId);
}

/** Distinct orders the given imports wrote (an order's last writer owns it). */
export function ordersWrittenBy(db: Db, importIds: number[]): number {
  return (db.prepare(`SELECT count(*) AS n FROM orders WHERE import_id IN (${importIds.map(() => '?').join(', ')})`).get(...importIds) as { n: number }).n;
}
