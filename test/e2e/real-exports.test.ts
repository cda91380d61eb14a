/**
 * Exports as shops really download them (test/fixtures/real-exports/, written by
 * its make.mjs): each is read the way the shop meant it, or refused with a message
 * that says how to go on. The built binary, a real database file, a fixed clock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpDb, FIXTURES, oos, query, tempDir } from '../helpers/run.js';

const DIR = join(FIXTURES, 'real-exports');
const at = (f: string) => join(DIR, f);

interface Case {
  order_id: string;
  kind: string;
}
interface ScanJson {
  imported: { orders: number; lines: number; inventory: number };
  cases: Case[];
  warnings: string[];
}

function scan(files: string[], opts: { now: string; config?: object; extra?: string[]; db?: string; cwd?: string } ) {
  const cwd = opts.cwd ?? tempDir('oos-real-');
  writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify(opts.config ?? { shop: { timezone: 'Europe/Berlin', language: 'en', currency: 'EUR' } }));
  const db = join(cwd, opts.db ?? 'oos.db');
  const r = oos(['scan', ...files, '--db', db, '--now', opts.now, '--json', ...(opts.extra ?? [])], { cwd });
  const json = r.code === 0 ? (JSON.parse(r.stdout) as ScanJson) : null;
  return { ...r, json, db, cwd };
}
const kinds = (j: ScanJson | null) => Object.fromEntries((j?.cases ?? []).map((c) => [c.order_id, c.kind]));

describe('Shopify fulfilment: the order-level status wins when it says fulfilled', () => {
  it('flags only the orders with something left to send', () => {
    const r = scan([at('shopify-fulfilled/orders_export.csv'), '--inventory', at('shopify-fulfilled/inventory.csv')], { now: '2026-11-20T12:00:00+01:00' });
    expect(r.code).toBe(0);
    // #1001 (a line left "pending") and #1002 (blank line status) went out; #1004 is partly sent.
    expect(kinds(r.json)).toEqual({ '#1003': 'late', '#1004': 'late' });
    const open = query<{ order_id: string; sku: string }>(r.db, 'SELECT order_id, sku FROM order_lines WHERE fulfilled_quantity < quantity ORDER BY order_id, line_no');
    expect(open).toEqual([
      { order_id: '#1003', sku: 'MUG-BLUE' },
      { order_id: '#1004', sku: 'MUG-RED' },
    ]);
  });
});

describe('Shopify pending payments: cash on delivery, manual and invoiced orders are owed a parcel', () => {
  it('checks them for late shipping from their creation, and waits for a bank deposit', () => {
    const r = scan([at('shopify-pending/orders_export.csv'), '--inventory', at('shopify-pending/inventory.csv')], { now: '2026-11-20T12:00:00+01:00' });
    expect(r.code).toBe(0);
    expect(kinds(r.json)).toEqual({ '#2001': 'late', '#2002': 'late', '#2003': 'late' });
    const paid = query<{ order_id: string; paid_at: string | null }>(r.db, 'SELECT order_id, paid_at FROM orders ORDER BY order_id');
    expect(paid.find((o) => o.order_id === '#2004')!.paid_at).toBeNull();
    expect(paid.find((o) => o.order_id === '#2001')!.paid_at).toBe('2026-11-10T08:00:00Z');
  });
});

describe('dates a spreadsheet rewrote', () => {
  const uk = { shop: { timezone: 'Europe/London', language: 'en', currency: 'GBP' } };
  const stock = ['--inventory', at('dates-stock.csv')];

  it('reads a day-first file: one day above 12 decides for the whole column', () => {
    const r = scan([at('dates-excel-dmy/orders_export.csv'), ...stock], { now: '2024-01-03T12:00', config: uk });
    expect(r.code).toBe(0);
    const rows = query<{ order_id: string; placed_at: string }>(r.db, 'SELECT order_id, placed_at FROM orders ORDER BY order_id');
    // 02/12/2023 is 2 December, as 31/12/2023 in the same column says.
    expect(rows).toEqual([
      { order_id: '#3001', placed_at: '2023-12-02T10:15:00Z' },
      { order_id: '#3002', placed_at: '2023-12-05T20:24:00Z' },
      { order_id: '#3003', placed_at: '2023-12-31T22:36:00Z' },
    ]);
  });

  it('refuses a file that cannot tell, naming the cell and both ways out, and leaves the database as it was', () => {
    const first = scan([at('dates-numbers-ymd/orders_export.csv'), ...stock], { now: '2023-12-20T12:00', config: uk });
    expect(first.code).toBe(0);
    const before = dumpDb(first.db);
    const r = scan([at('dates-excel-ambiguous/orders_export.csv'), ...stock], { now: '2023-12-20T12:00', config: uk, cwd: first.cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('orders_export.csv, line 2, field "Created at": could be day first or month first');
    expect(r.stderr).toContain('--date-order dmy');
    expect(r.stderr).toContain('--date-order mdy');
    expect(r.stderr).toContain('"date_order" in oos.config.json');
    expect(dumpDb(first.db)).toEqual(before);
  });

  it('reads an ambiguous file the way --date-order or the config says', () => {
    const flag = scan([at('dates-excel-ambiguous/orders_export.csv'), ...stock], { now: '2023-12-20T12:00', config: uk, extra: ['--date-order', 'mdy'] });
    expect(flag.code).toBe(0);
    expect(query(flag.db, 'SELECT placed_at FROM orders ORDER BY order_id')).toEqual([{ placed_at: '2023-12-05T20:24:00Z' }, { placed_at: '2023-12-06T09:05:00Z' }]);
    const config = scan([at('dates-excel-ambiguous/orders_export.csv'), ...stock], { now: '2023-12-20T12:00', config: { ...uk, date_order: 'dmy' } });
    expect(config.code).toBe(0);
    expect(query(config.db, 'SELECT placed_at FROM orders ORDER BY order_id')).toEqual([{ placed_at: '2023-05-12T19:24:00Z' }, { placed_at: '2023-06-12T08:05:00Z' }]);
  });

  it('rejects a date_order the config cannot mean', () => {
    const r = scan([at('dates-excel-ambiguous/orders_export.csv')], { now: '2023-12-20T12:00', config: { ...uk, date_order: 'dd/mm/yyyy' } });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('date_order must be "auto", "dmy"');
  });

  it('reads year-first days with one-digit hours (Numbers)', () => {
    const r = scan([at('dates-numbers-ymd/orders_export.csv'), ...stock], { now: '2023-12-20T12:00', config: uk });
    expect(r.code).toBe(0);
    expect(query(r.db, 'SELECT placed_at FROM orders ORDER BY order_id')).toEqual([{ placed_at: '2023-12-05T09:05:00Z' }, { placed_at: '2023-12-14T17:40:00Z' }]);
  });

  it.each([
    ['year.csv', 'field "Paid at": has the year 1899, outside 1970–2100'],
    ['offset.csv', 'field "Created at": has the UTC offset +1500, beyond ±14:00'],
  ])('refuses %s naming the cell', (file, message) => {
    const r = scan([at(`dates-out-of-range/${file}`)], { now: '2023-12-20T12:00', config: uk });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`${file}, line 2, ${message}`);
  });
});

describe('rows of an order apart from each other', () => {
  const jp = { shop: { timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY' } };

  it('Rakuten 158 columns sorted by product, numeric status codes: each order once, its lines together', () => {
    const r = scan([at('rakuten-158/RMS_order_20261122.csv'), '--inventory', at('rakuten-158/inventory.csv')], { now: '2026-11-22T09:00', config: jp });
    expect(r.code).toBe(0);
    expect(r.json!.imported).toMatchObject({ orders: 4, lines: 5 });
    expect(kinds(r.json)).toEqual({ '123456-20261118-0000000001': 'late' });
    expect(query(r.db, "SELECT sku, quantity FROM order_lines WHERE order_id = '123456-20261118-0000000001' ORDER BY line_no")).toEqual([
      { sku: 'ARITA-MUG-AI', quantity: 2 },
      { sku: 'ARITA-MUG-SHIRO', quantity: 1 },
    ]);
    // 900 キャンセル確定 is cancelled, 500 発送済 shipped, 100 注文確認待ち still to ship.
    expect(query(r.db, 'SELECT order_id, cancelled FROM orders ORDER BY order_id')).toEqual([
      { order_id: '123456-20261118-0000000001', cancelled: 0 },
      { order_id: '123456-20261119-0000000003', cancelled: 0 },
      { order_id: '123456-20261121-0000000002', cancelled: 0 },
      { order_id: '123456-20261121-0000000004', cancelled: 1 },
    ]);
  });

  it('Etsy pair re-saved tab-separated with four-digit years and double-encoded names', () => {
    const us = { shop: { timezone: 'America/Chicago', language: 'en', currency: 'USD' } };
    const dir = 'etsy-resaved';
    const r = scan([at(`${dir}/EtsySoldOrders2026.csv`), at(`${dir}/EtsySoldOrderItems2026.csv`), '--inventory', at(`${dir}/inventory.csv`)], { now: '2026-11-22T10:00', config: us });
    expect(r.code).toBe(0);
    expect(r.json!.imported).toMatchObject({ orders: 3, lines: 4 });
    expect(kinds(r.json)).toEqual({ '3400000001': 'late', '3400000003': 'oversold' });
    expect(query(r.db, "SELECT customer_name, placed_at FROM orders WHERE order_id = '3400000001'")).toEqual([{ customer_name: 'Nguyễn Thị Xuân', placed_at: '2026-11-16T06:00:00Z' }]);
  });
});

describe('Etsy orders file alone', () => {
  it('still flags the unshipped order late, and says which file would add SKUs', () => {
    const us = { shop: { timezone: 'America/Chicago', language: 'en', currency: 'USD' } };
    const r = scan([at('etsy-resaved/EtsySoldOrders2026.csv')], { now: '2026-11-22T10:00', config: us });
    expect(r.code).toBe(0);
    expect(kinds(r.json)).toEqual({ '3400000001': 'late', '3400000003': 'late' });
    expect(r.json!.imported).toMatchObject({ orders: 3, lines: 3 });
    expect(r.json!.warnings.join('\n')).toContain('is an Etsy sold orders (EtsySoldOrders); pass EtsySoldOrderItems');
  });
});

describe('Shopify inventory: "not stocked" and untracked variants are not tracked, never oversold', () => {
  it.each(['inventory_export.csv', 'inventory_export_wide.csv', 'products_export_1.csv'])('%s', (inventory) => {
    const dir = 'shopify-not-stocked';
    const r = scan([at(`${dir}/orders_export.csv`), '--inventory', at(`${dir}/${inventory}`)], { now: '2026-11-20T12:00:00+01:00' });
    expect(r.code).toBe(0);
    // SHIRT-M is stocked nowhere (made to order): #4001 is not oversold. SHIRT-S has 3 for 4.
    expect(kinds(r.json)).toEqual({ '#4002': 'oversold' });
    expect(query(r.db, "SELECT on_hand, available FROM inventory WHERE sku = 'SHIRT-M'")).toEqual([{ on_hand: null, available: null }]);
  });
});
