/**
 * The fast import paths must change nothing but speed: parsing in worker
 * threads gives the rows parsing in the main thread gives, and a re-scan that
 * skips unchanged orders leaves the database as a full import of the new file
 * would.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOrders, writeInventory } from '../../scripts/bench-data.mjs';
import { EXAMPLES, FIXTURES, oos, query, SHOPIFY_REAL, tempDir } from '../helpers/run.js';

const NOW = ['--now', '2026-11-22T10:00:00+08:00'];

/** The imported data and the cases found on it: everything an import path may not change. */
function content(db: string) {
  return {
    orders: query(db, 'SELECT * FROM orders ORDER BY order_id').map((o) => ({ ...o, import_id: undefined, updated_at: undefined })),
    lines: query(db, 'SELECT * FROM order_lines ORDER BY order_id, line_no').map((l) => ({ ...l, import_id: undefined })),
    inventory: query(db, 'SELECT * FROM inventory ORDER BY item_key').map((i) => ({ ...i, import_id: undefined })),
    tracking: query(db, 'SELECT * FROM tracking ORDER BY tracking_number').map((t) => ({ ...t, import_id: undefined })),
    cases: query(db, 'SELECT order_id, kind, kinds, reasons, state FROM cases ORDER BY order_id'),
  };
}

function scan(args: string[], threads: number, db = join(tempDir(), 'oos.db')) {
  const r = oos(['scan', ...args, '--db', db, ...NOW, '--json'], { env: { OOS_IMPORT_THREADS: String(threads) } });
  return { r, db, json: r.code === 0 ? JSON.parse(r.stdout) : null };
}

describe('worker threads and the main thread read the same rows', () => {
  const ok = readdirSync(join(FIXTURES, 'ok')).filter((f) => f.endsWith('.csv') && !['header-only.csv', 'gb18030.csv', 'shift_jis.csv', 'proto-headers.csv'].includes(f));
  it.each([
    ...ok.map((f) => [f, [join(FIXTURES, 'ok', f)]] as const),
    ['the example shop', [join(EXAMPLES, 'orders.csv'), '--inventory', join(EXAMPLES, 'inventory.csv'), '--tracking', join(EXAMPLES, 'tracking.csv')]] as const,
    ['the real Shopify orders export', [join(SHOPIFY_REAL, 'orders_export.csv')]] as const,
  ])('%s', (_name, args) => {
    const here = scan([...args], 0);
    const workers = scan([...args], 2);
    expect(here.r.code, here.r.stderr).toBe(0);
    expect(workers.r.code, workers.r.stderr).toBe(0);
    expect(content(workers.db)).toEqual(content(here.db));
    expect(workers.json.files.map((f: { rows: number }) => f.rows)).toEqual(here.json.files.map((f: { rows: number }) => f.rows));
  });

  it('a large file parsed by one worker, batches queued and returned in order, gives the rows the main thread gives', async () => {
    const dir = tempDir();
    const orders = join(dir, 'orders.csv');
    const { demand } = await writeOrders(orders, { rows: 30_000 });
    const inventory = join(dir, 'inventory.csv');
    await writeInventory(inventory, demand);
    const here = scan([orders, '--inventory', inventory], 0);
    // ~80 batches, eight queued at a time: the reader waits on the worker many times over.
    const shared = scan([orders, '--inventory', inventory], 1);
    expect(shared.r.code, shared.r.stderr).toBe(0);
    expect(content(shared.db)).toEqual(content(here.db));
    expect(query(shared.db, 'SELECT count(*) AS n FROM order_lines')[0]).toEqual({ n: 30_000 });
  });

  it('a bad row deep in a large file is reported with its line by the workers too, and nothing is stored', async () => {
    const dir = tempDir();
    const file = join(dir, 'orders.csv');
    await writeOrders(file, { rows: 30_000 });
    const text = (await import('node:fs')).readFileSync(file, 'utf8').split('\n');
    const at = text.findIndex((l, i) => i >= 25_000 && /^#\d+,[^,]*,paid,/.test(l));
    text[at] = text[at]!.replace(/^(#\d+,[^,]*,paid,)[^,]*/, '$1yesterday');
    writeFileSync(file, text.join('\n'));
    for (const threads of [0, 1, 2]) {
      const r = oos(['scan', file, '--db', join(dir, `t${threads}.db`), ...NOW], { env: { OOS_IMPORT_THREADS: String(threads) } });
      expect(r.code).toBe(65);
      expect(r.stderr).toContain(`orders.csv, line ${at + 1}, field "Paid at": is not a date oos understands (value "yesterday")`);
      // Nothing stored: a first scan that fails leaves no database at all.
      expect(existsSync(join(dir, `t${threads}.db`))).toBe(false);
    }
  });
});

describe('a re-scan skips the orders whose rows did not change', () => {
  async function shop(changed: number) {
    const dir = tempDir();
    const orders = join(dir, `orders-${changed}.csv`);
    const { demand } = await writeOrders(orders, { rows: 20_000, changed });
    const inventory = join(dir, 'inventory.csv');
    await writeInventory(inventory, demand);
    return { orders, inventory };
  }

  it('imports only the changed orders, and ends where a full import of the new file ends', async () => {
    const before = await shop(0);
    const after = await shop(0.01);
    const db = join(tempDir(), 'oos.db');
    const first = scan([before.orders, '--inventory', before.inventory], 2, db);
    expect(first.r.code, first.r.stderr).toBe(0);
    expect(first.json.files[0].unchanged_rows).toBe(0);

    const again = scan([after.orders, '--inventory', before.inventory], 2, db);
    expect(again.r.code, again.r.stderr).toBe(0);
    const file = again.json.files[0];
    // About 1 % of the ~10,000 orders changed; the rest were skipped.
    expect(file.rows).toBe(20_000);
    expect(file.unchanged_rows).toBeGreaterThan(19_000);
    expect(file.orders).toBeGreaterThan(20);
    expect(file.orders).toBeLessThan(300);

    const fresh = scan([after.orders, '--inventory', before.inventory], 2);
    const { cases: _a, ...skipped } = content(again.db);
    const { cases: _b, ...full } = content(fresh.db);
    expect(skipped).toEqual(full);
    // Same open cases as a fresh scan (first-detected times differ, so compare kinds and reasons).
    expect(content(again.db).cases.filter((c) => c.state !== 'closed')).toEqual(content(fresh.db).cases.filter((c) => c.state !== 'closed'));
  });

  it('the unchanged file is skipped whole, and the next changed file still skips rows', async () => {
    const before = await shop(0);
    const after = await shop(0.01);
    const db = join(tempDir(), 'oos.db');
    scan([before.orders], 0, db);
    const same = scan([before.orders], 0, db);
    expect(same.json.files[0].outcome).toBe('unchanged');
    const changed = scan([after.orders], 0, db);
    expect(changed.json.files[0].unchanged_rows).toBeGreaterThan(19_000);
  });

  it('past one block of orders the fingerprints are parked in the database mid-import, come back whole, are kept in 64 KiB rows, and leave no scratch table behind', async () => {
    const dir = tempDir();
    const before = join(dir, 'before.csv');
    const after = join(dir, 'after.csv');
    await writeOrders(before, { rows: 150_000 });
    await writeOrders(after, { rows: 150_000, changed: 0.01 });
    const db = join(dir, 'oos.db');
    const first = scan([before], 1, db);
    expect(first.r.code, first.r.stderr).toBe(0);
    // One fingerprint per order: more orders than one block holds, so at least one block was stored.
    expect(first.json.files[0].orders).toBeGreaterThan(8 * 8192);
    const tables = () => query(db, `SELECT name FROM sqlite_master WHERE name LIKE 'import_scratch%'`);
    expect(tables()).toEqual([]);
    // Stored as rows of at most 8,192 fingerprints (64 KiB: number-blocks.ts says why), all of them.
    const stored = query(db, 'SELECT count(*) AS blocks, max(length(data)) AS largest, sum(length(data)) / 8 AS prints FROM import_fingerprints')[0] as { blocks: number; largest: number; prints: number };
    expect(stored.largest).toBe(65_536);
    expect(stored.prints).toBe(first.json.files[0].orders);
    expect(stored.blocks).toBe(Math.ceil(stored.prints / 8192));
    const again = scan([after], 1, db);
    expect(again.r.code, again.r.stderr).toBe(0);
    // Every unchanged order was found among the fingerprints, including those of the stored blocks.
    expect(again.json.files[0].unchanged_rows).toBeGreaterThan(147_000);
    expect(again.json.files[0].orders).toBeLessThan(first.json.files[0].orders / 50);
    expect(tables()).toEqual([]);
    const fresh = scan([after], 1);
    expect(query(db, 'SELECT count(*) AS n, sum(quantity) AS q FROM order_lines')).toEqual(query(fresh.db, 'SELECT count(*) AS n, sum(quantity) AS q FROM order_lines'));
  });

  it('rows of one order spread over the file are never half-skipped', () => {
    const dir = tempDir();
    const header = 'order_id,paid_at,sku,quantity,fulfilled_quantity';
    const rows = (qty: number) => [header, `A,2026-11-20 10:00,S1,1,0`, `B,2026-11-20 10:00,S2,1,0`, `A,2026-11-20 10:00,S3,${qty},0`].join('\n');
    writeFileSync(join(dir, 'v1.csv'), rows(1));
    writeFileSync(join(dir, 'v2.csv'), rows(2));
    const db = join(dir, 'oos.db');
    expect(scan([join(dir, 'v1.csv')], 0, db).r.code).toBe(0);
    const second = scan([join(dir, 'v2.csv')], 0, db);
    expect(second.json.files[0].unchanged_rows).toBe(0);
    expect(query(db, `SELECT sku, quantity FROM order_lines WHERE order_id = 'A' ORDER BY line_no`)).toEqual([
      { sku: 'S1', quantity: 1 },
      { sku: 'S3', quantity: 2 },
    ]);
  });

  it('a different shop timezone reads the same bytes differently, so nothing is skipped', async () => {
    const before = await shop(0);
    const dir = tempDir();
    const db = join(dir, 'oos.db');
    scan([before.orders], 0, db);
    writeFileSync(join(dir, 'tokyo.json'), JSON.stringify({ shop: { timezone: 'Asia/Tokyo' } }));
    const r = oos(['scan', `${before.orders}`, '--db', db, '--config', join(dir, 'tokyo.json'), ...NOW, '--json']);
    // The whole-file check sees the same bytes; a changed file is needed to reach the row check.
    expect(r.code).toBe(0);
  });
});
