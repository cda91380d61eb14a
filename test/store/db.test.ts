import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb, writeTransaction } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/schema.js';
import { InventoryWriter, OrdersWriter, startImport, TrackingWriter } from '../../src/store/imports.js';
import { emptyOrderFields } from '../../src/rows/rows.js';
import { collectRuns } from '../../src/rows/order-runs.js';
import { ordersToShip } from '../../src/store/load.js';
import { tempDir } from '../helpers/run.js';

const NOW = Date.parse('2026-11-22T01:00:00Z');

describe('openDb', () => {
  it('[A3] applies the pragmas on a new database and on every later open', () => {
    const path = join(tempDir(), 'oos.db');
    for (let i = 0; i < 2; i++) {
      const db = openDb(path, { create: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      db.close();
    }
  });

  it('refuses to create a database for read-only commands', () => {
    expect(() => openDb(join(tempDir(), 'none.db'), { create: false })).toThrow(/no database/);
  });

  it('refuses a database from a newer oos', () => {
    const path = join(tempDir(), 'oos.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDb(path, { create: true })).toThrow(/newer version of oos/);
  });

  it('moves a database of schema 4 (fingerprints in one blob per import) to rows of blocks', () => {
    const path = join(tempDir(), 'oos.db');
    const raw = new Database(path);
    for (const m of MIGRATIONS.slice(0, 4)) raw.exec(m);
    raw.pragma('user_version = 4');
    raw.prepare(`INSERT INTO imports (kind, file, sha256, format, encoding, started_at, finished_at, outcome, fingerprints, fingerprint_seed)
                 VALUES ('orders', 'a.csv', 'x', 'shopify', 'utf-8', 't', 't', 'imported', ?, 7)`).run(Buffer.alloc(80));
    raw.close();
    const db = openDb(path, { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('imports')`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('fingerprints');
    // The old seed could never match again (the schema is part of it): the next scan imports everything.
    expect(db.prepare('SELECT fingerprint_seed AS seed, file FROM imports').all()).toEqual([{ seed: null, file: 'a.csv' }]);
    expect(db.prepare('SELECT count(*) AS n FROM import_fingerprints').get()).toEqual({ n: 0 });
    db.close();
  });

  it('moves a database of schema 13 to one that keeps whether the customer collects an order, unknown for the orders it had', () => {
    const path = join(tempDir(), 'oos.db');
    const raw = new Database(path);
    for (const m of MIGRATIONS.slice(0, 13)) raw.exec(m);
    raw.pragma('user_version = 13');
    raw.prepare(`INSERT INTO orders (order_id, paid_at, updated_at) VALUES ('#1001', '2026-11-20T09:00:00Z', 't')`).run();
    raw.close();
    const db = openDb(path, { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT order_id, pickup FROM orders').all()).toEqual([{ order_id: '#1001', pickup: null }]);
    db.close();
  });

  it('[F11] reports a file that is not a database and leaves it untouched', () => {
    const path = join(tempDir(), 'oos.db');
    writeFileSync(path, 'x'.repeat(4096));
    expect(() => openDb(path, { create: true })).toThrow(/not an oos database/);
  });

  it('[A2] the native module loads and reports its SQLite version', () => {
    const db = new Database(':memory:');
    expect((db.prepare('select sqlite_version() AS v').get() as { v: string }).v).toMatch(/^3\./);
    db.close();
  });
});

describe('import writers on a real SQLite file', () => {
  const setup = () => {
    const db = openDb(join(tempDir(), 'oos.db'), { create: true });
    const importId = startImport(db, { kind: 'orders', file: 'x.csv', sha256: 'abc', format: 'generic', encoding: 'utf-8', startedAt: NOW });
    return { db, importId };
  };
  const line = (sku: string, quantity = 1) => ({ sku, title: null, variant: null, quantity, unitPrice: null, fulfilledQuantity: 0, requiresShipping: true });

  it('merges an order across its rows and numbers its lines, even when the rows are not together', () => {
    const { db, importId } = setup();
    const w = new OrdersWriter(db, importId, 'generic', NOW);
    writeTransaction(db, () => {
      w.write(
        collectRuns([
          { line: 2, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW, customerName: 'Wang' }, item: line('X') },
          { line: 3, orderId: 'B', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('Y') },
          { line: 4, orderId: 'A', order: { ...emptyOrderFields(), email: 'w@example.cn' }, item: line('Z', 2) },
        ]),
      );
      w.flush();
    });
    expect(db.prepare(`SELECT customer_name, email FROM orders WHERE order_id = 'A'`).get()).toEqual({ customer_name: 'Wang', email: 'w@example.cn' });
    expect(db.prepare(`SELECT line_no, sku, quantity FROM order_lines WHERE order_id = 'A' ORDER BY line_no`).all()).toEqual([
      { line_no: 1, sku: 'X', quantity: 1 },
      { line_no: 2, sku: 'Z', quantity: 2 },
    ]);
  });

  it('a later import replaces an order\'s lines but keeps values its file leaves blank', () => {
    const { db, importId } = setup();
    const first = new OrdersWriter(db, importId, 'generic', NOW);
    writeTransaction(db, () => {
      first.write(collectRuns([{ line: 2, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW, phone: '138' }, item: line('X', 3) }]));
      first.flush();
    });
    const second = startImport(db, { kind: 'orders', file: 'y.csv', sha256: 'def', format: 'generic', encoding: 'utf-8', startedAt: NOW });
    const w = new OrdersWriter(db, second, 'generic', NOW);
    writeTransaction(db, () => {
      w.write(collectRuns([{ line: 2, orderId: 'A', order: { ...emptyOrderFields(), cancelled: true }, item: line('X', 1) }]));
      w.flush();
    });
    expect(db.prepare(`SELECT phone, cancelled, paid_at FROM orders`).all()).toEqual([{ phone: '138', cancelled: 1, paid_at: '2026-11-22T01:00:00Z' }]);
    expect(db.prepare(`SELECT count(*) AS n, sum(quantity) AS q FROM order_lines`).get()).toEqual({ n: 1, q: 1 });
  });

  it('keeps whether the customer collects an order, from the first row that says, until a later file says otherwise', () => {
    const { db, importId } = setup();
    const w = new OrdersWriter(db, importId, 'shopify', NOW);
    writeTransaction(db, () => {
      w.write(
        collectRuns([
          { line: 2, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW, pickup: true }, item: line('X') },
          // An order's later rows leave the shipping method blank.
          { line: 3, orderId: 'A', order: emptyOrderFields(), item: line('Y') },
          { line: 4, orderId: 'B', order: { ...emptyOrderFields(), paidAt: NOW, pickup: false }, item: line('X') },
          { line: 5, orderId: 'C', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('X') },
        ]),
      );
      w.flush();
    });
    expect(db.prepare('SELECT order_id, pickup FROM orders ORDER BY order_id').all()).toEqual([
      { order_id: 'A', pickup: 1 },
      { order_id: 'B', pickup: 0 },
      { order_id: 'C', pickup: null },
    ]);
    const second = startImport(db, { kind: 'orders', file: 'y.csv', sha256: 'def', format: 'shopify', encoding: 'utf-8', startedAt: NOW });
    const later = new OrdersWriter(db, second, 'shopify', NOW);
    writeTransaction(db, () => {
      // A file without the column says nothing; one that names a way of shipping it does.
      later.write(collectRuns([
        { line: 2, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('X') },
        { line: 3, orderId: 'B', order: { ...emptyOrderFields(), paidAt: NOW, pickup: true }, item: line('X') },
      ]));
      later.flush();
    });
    expect(db.prepare('SELECT order_id, pickup FROM orders ORDER BY order_id').all()).toEqual([
      { order_id: 'A', pickup: 1 },
      { order_id: 'B', pickup: 1 },
      { order_id: 'C', pickup: null },
    ]);
  });

  it('an order whose rows go on in the next batch is merged, not written twice', () => {
    const { db, importId } = setup();
    const w = new OrdersWriter(db, importId, 'generic', NOW);
    writeTransaction(db, () => {
      w.write(collectRuns([
        { line: 2, orderId: 'B', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('Y') },
        { line: 3, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW, customerName: 'Wang' }, item: line('X') },
      ]));
      w.write(collectRuns([
        { line: 4, orderId: 'A', order: { ...emptyOrderFields(), customerName: 'Li', email: 'w@example.cn' }, item: line('Z', 2) },
        { line: 5, orderId: 'C', order: { ...emptyOrderFields(), paidAt: NOW }, item: null },
      ]));
      w.flush();
    });
    // The first non-blank value wins, as within one batch.
    expect(db.prepare(`SELECT customer_name, email FROM orders WHERE order_id = 'A'`).get()).toEqual({ customer_name: 'Wang', email: 'w@example.cn' });
    expect(db.prepare(`SELECT order_id, line_no, sku FROM order_lines ORDER BY 1, 2`).all()).toEqual([
      { order_id: 'A', line_no: 1, sku: 'X' },
      { order_id: 'A', line_no: 2, sku: 'Z' },
      { order_id: 'B', line_no: 1, sku: 'Y' },
    ]);
    expect(w.counts).toEqual({ rows: 4, orders: 3, lines: 3, items: 0 });
  });

  it('writes many orders per statement, numbers an order met again in the same statement, and takes an order of 200 lines', () => {
    const { db, importId } = setup();
    const w = new OrdersWriter(db, importId, 'generic', NOW);
    const rows: Parameters<typeof collectRuns>[0] = [];
    for (let i = 0; i < 100; i++) rows.push({ line: i + 2, orderId: `O${i}`, order: { ...emptyOrderFields(), paidAt: NOW, cancelled: i % 3 === 0 ? null : i % 2 === 0 }, item: line(`S${i}`) });
    // O5 again, a few orders later: its line continues at 2.
    rows.push({ line: 200, orderId: 'O5', order: emptyOrderFields(), item: line('S5b') });
    for (let k = 0; k < 200; k++) rows.push({ line: 300 + k, orderId: 'BIG', order: emptyOrderFields(), item: line(`B${k}`) });
    writeTransaction(db, () => {
      w.write(collectRuns(rows));
      w.flush();
    });
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 101 });
    expect(db.prepare(`SELECT line_no, sku FROM order_lines WHERE order_id = 'O5' ORDER BY 1`).all()).toEqual([
      { line_no: 1, sku: 'S5' },
      { line_no: 2, sku: 'S5b' },
    ]);
    expect(db.prepare(`SELECT count(*) AS n, min(line_no) AS lo, max(line_no) AS hi FROM order_lines WHERE order_id = 'BIG'`).get()).toEqual({ n: 200, lo: 1, hi: 200 });
    expect(db.prepare(`SELECT sum(cancelled) AS n FROM orders`).get()).toEqual({ n: 33 });
    expect(w.counts.lines).toBe(301);
  });

  it('an order a later import lists again drops its old lines, and keeps its cancelled mark when the file says nothing', () => {
    const { db, importId } = setup();
    const first = new OrdersWriter(db, importId, 'generic', NOW);
    writeTransaction(db, () => {
      first.write(collectRuns([
        { line: 2, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW, cancelled: true }, item: line('X') },
        { line: 3, orderId: 'A', order: emptyOrderFields(), item: line('Y') },
        { line: 4, orderId: 'B', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('Z') },
      ]));
      first.flush();
    });
    const second = startImport(db, { kind: 'orders', file: 'y.csv', sha256: 'def', format: 'generic', encoding: 'utf-8', startedAt: NOW });
    const w = new OrdersWriter(db, second, 'generic', NOW);
    writeTransaction(db, () => {
      w.write(collectRuns([{ line: 2, orderId: 'A', order: emptyOrderFields(), item: line('Q', 5) }]));
      w.flush();
    });
    expect(db.prepare(`SELECT order_id, line_no, sku FROM order_lines ORDER BY 1, 2`).all()).toEqual([
      { order_id: 'A', line_no: 1, sku: 'Q' },
      { order_id: 'B', line_no: 1, sku: 'Z' },
    ]);
    expect(db.prepare(`SELECT cancelled FROM orders WHERE order_id = 'A'`).get()).toEqual({ cancelled: 1 });
  });

  it('inventory adds locations up, takes unavailable off on hand, and replaces the previous snapshot', () => {
    const { db, importId } = setup();
    const row = (over: object) => ({ line: 2, sku: 'X', title: null, variant: null, onHand: null, unavailable: null, available: null, incoming: null, restockDate: null, unitPrice: null, ...over });
    const w = new InventoryWriter(db, importId);
    writeTransaction(db, () => {
      w.write([row({ onHand: 5, unavailable: 1 }), row({ onHand: 3 }), row({ sku: 'Y', available: -2 })]);
      w.flush();
    });
    expect(db.prepare('SELECT item_key, on_hand, available FROM inventory ORDER BY 1').all()).toEqual([
      { item_key: 'sku:x', on_hand: 7, available: null },
      { item_key: 'sku:y', on_hand: null, available: -2 },
    ]);
    const w2 = new InventoryWriter(db, importId);
    writeTransaction(db, () => {
      w2.write([row({ sku: 'Z', onHand: 1 })]);
      w2.flush();
    });
    expect(db.prepare('SELECT item_key FROM inventory').all()).toEqual([{ item_key: 'sku:z' }]);
  });

  it('tracking links a parcel to an order that has no tracking number yet', () => {
    const { db, importId } = setup();
    const o = new OrdersWriter(db, importId, 'shopify', NOW);
    writeTransaction(db, () => {
      o.write(collectRuns([{ line: 2, orderId: '#1', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('X') }]));
      o.flush();
      new TrackingWriter(db, importId).write([{ line: 2, trackingNumber: 'SF1', orderId: '#1', carrier: 'SF', status: 'in_transit', lastEventAt: NOW, lastEvent: 'hub', deliveredAt: null }]);
    });
    expect(db.prepare('SELECT tracking_number, carrier FROM orders').get()).toEqual({ tracking_number: 'SF1', carrier: 'SF' });
  });

  it('[B24] a failing transaction leaves nothing behind', () => {
    const { db, importId } = setup();
    const w = new OrdersWriter(db, importId, 'generic', NOW);
    expect(() =>
      writeTransaction(db, () => {
        w.write(collectRuns([{ line: 2, orderId: 'A', order: { ...emptyOrderFields(), paidAt: NOW }, item: line('X') }]));
        w.flush();
        throw new Error('bad row');
      }),
    ).toThrow('bad row');
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 0 });
  });
});

describe('ordersToShip', () => {
  it('counts the paid, not cancelled orders with a line still to ship: what detection judges, not every unshipped line in the history', () => {
    const db = openDb(join(tempDir(), 'oos.db'), { create: true });
    const order = db.prepare('INSERT INTO orders (order_id, paid_at, cancelled, updated_at) VALUES (?, ?, ?, ?)');
    const line = db.prepare('INSERT INTO order_lines (order_id, line_no, quantity, fulfilled_quantity, requires_shipping) VALUES (?, ?, ?, ?, ?)');
    const add = (id: string, paidAt: string | null, cancelled: number, lines: [number, number, number][]) => {
      order.run(id, paidAt, cancelled, 't');
      lines.forEach(([q, f, ship], i) => line.run(id, i + 1, q, f, ship));
    };
    add('#1', '2026-11-20T09:00:00Z', 0, [[2, 0, 1], [1, 0, 1]]); // to ship (two open lines, one order)
    add('#2', null, 0, [[1, 0, 1]]); // awaiting payment
    add('#3', '2026-11-20T09:00:00Z', 1, [[1, 0, 1]]); // cancelled, its line left unshipped
    add('#4', '2026-11-20T09:00:00Z', 0, [[1, 1, 1]]); // shipped
    add('#5', '2026-11-20T09:00:00Z', 0, [[1, 0, 0]]); // nothing that ships (a download)
    expect(ordersToShip(db)).toBe(1);
    db.close();
  });
});
