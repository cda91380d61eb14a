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

describe('Shopify orders the customer collects (local pickup)', () => {
  it('are never late nor stuck, still oversold when the stock cannot cover them, and the scan says which it left aside', () => {
    const dir = 'shopify-pickup';
    const r = scan([at(`${dir}/orders_export.csv`), '--inventory', at(`${dir}/inventory.csv`), '--tracking', at(`${dir}/tracking.csv`)], { now: '2026-11-20T12:00:00+01:00' });
    expect(r.code).toBe(0);
    // #2001 waits at the counter past the usual ship-by, #2004 was collected and has no parcel to follow;
    // #2003 ships ("Standard") and is late; #2002 is short of its teapot, which no shop can hand over.
    expect(kinds(r.json)).toEqual({ '#2002': 'oversold', '#2003': 'late' });
    const short = (r.json!.cases as (Case & { kinds: string[]; reasons: string[] })[]).find((c) => c.order_id === '#2002')!;
    expect(short.kinds).toEqual(['oversold']);
    expect(short.reasons.join(' ')).not.toMatch(/ship-by|not shipped/);
    // The order's later row leaves Shipping Method blank: the order is still one the customer collects.
    expect(query<{ order_id: string; pickup: number }>(r.db, 'SELECT order_id, pickup FROM orders ORDER BY order_id')).toEqual([
      { order_id: '#2001', pickup: 1 },
      { order_id: '#2002', pickup: 1 },
      { order_id: '#2003', pickup: 0 },
      { order_id: '#2004', pickup: 1 },
      { order_id: '#2005', pickup: 0 },
    ]);
    expect(r.json!.warnings).toContain(
      '2 orders the customer collects (local pickup) are still not handed over past the usual ship-by time (#2001 paid 2026-11-16 10:00, #2002 paid 2026-11-16 11:00): not judged late, as they never ship',
    );
  });
});

describe('a Shopify export trimmed of every fulfilment column', () => {
  it('is refused: it cannot tell a shipped order from one still to send, and would call every order late', () => {
    const cwd = tempDir('oos-real-');
    const lines = readFileSync(at('shopify-fulfilled/orders_export.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const gone = new Set(['Fulfillment Status', 'Lineitem fulfillment status', 'Fulfilled at']);
    const keep = header.map((h, i) => (gone.has(h) ? -1 : i)).filter((i) => i >= 0);
    // (The fixture has no quoted commas: a plain split keeps its cells.)
    expect(lines.every((l) => l.split(',').length === header.length)).toBe(true);
    writeFileSync(join(cwd, 'trimmed.csv'), lines.map((l) => keep.map((i) => l.split(',')[i]).join(',')).join('\n') + '\n');
    const r = scan([join(cwd, 'trimmed.csv')], { now: '2026-11-20T12:00:00+01:00', cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('trimmed.csv, line 1: missing required column for the Shopify orders export: Fulfillment Status (or Lineitem fulfillment status, or Fulfilled at)');
    // `oos formats detect` says what it is and the one way on (no columns mapping can add a column).
    const detect = oos(['formats', 'detect', join(cwd, 'trimmed.csv')], { cwd });
    expect(detect.stdout).toContain('It looks like a Shopify orders export without Fulfillment Status (or Lineitem fulfillment status, or Fulfilled at)');
    expect(detect.stdout).toContain('How to go on: export it again with all its columns');
    expect(detect.stdout).not.toContain('"columns"');
    // Any one of them is enough to tell.
    const withLineStatus = header.map((h, i) => (h === 'Fulfillment Status' || h === 'Fulfilled at' ? -1 : i)).filter((i) => i >= 0);
    writeFileSync(join(cwd, 'line-status.csv'), lines.map((l) => withLineStatus.map((i) => l.split(',')[i]).join(',')).join('\n') + '\n');
    expect(scan([join(cwd, 'line-status.csv')], { now: '2026-11-20T12:00:00+01:00', cwd }).code).toBe(0);
  });
});

describe('eBay and Etsy files trimmed of their ship date', () => {
  it('are refused naming the column: every order would read as not shipped', () => {
    const cwd = tempDir('oos-real-');
    const etsy = readFileSync(join(FIXTURES, 'formats', 'etsy-us', 'EtsySoldOrders2026-11.csv'), 'utf8').replace(/\r/g, '').trimEnd().split('\n');
    const sep = etsy[0]!.includes('\t') ? '\t' : ',';
    const header = etsy[0]!.split(sep);
    const at = header.findIndex((h) => h.replace(/"/g, '') === 'Date Shipped');
    expect(at).toBeGreaterThanOrEqual(0);
    // Renamed, not cut: the cells stay where they are, and the column is no longer one oos knows.
    writeFileSync(join(cwd, 'EtsySoldOrders.csv'), [header.map((h, i) => (i === at ? 'Shipping Note' : h)).join(sep), ...etsy.slice(1)].join('\n') + '\n');
    const r = scan([join(cwd, 'EtsySoldOrders.csv')], { now: '2026-11-20T12:00', cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/missing required column for the Etsy sold orders \(EtsySoldOrders\): Date Shipped/);
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

  it('a small hand-made file whose one date sits in its last bytes is read by that date', () => {
    const cwd = tempDir('oos-real-');
    writeFileSync(join(cwd, 'small.csv'), 'order_id,sku,quantity,paid_at\nA1,MUG,1,13/11/2026 09:05\n');
    const r = scan([join(cwd, 'small.csv')], { now: '2026-11-20T12:00', config: uk, cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(query(r.db, 'SELECT paid_at FROM orders')).toEqual([{ paid_at: '2026-11-13T09:05:00Z' }]);
  });

  it('a day that is no day either way (28/13) is the cell to correct, not a question of order', () => {
    const cwd = tempDir('oos-real-');
    writeFileSync(join(cwd, 'small.csv'), 'order_id,sku,quantity,paid_at\nA1,MUG,1,2026-11-13 09:05\nA2,MUG,1,28/13/2026 10:00\n');
    const r = scan([join(cwd, 'small.csv')], { now: '2026-11-20T12:00', config: uk, cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('small.csv, line 3, field "paid_at": is not a date read day first or month first (value "28/13/2026 10:00")');
    expect(r.stderr).toContain('correct the date in the file');
    expect(r.stderr).not.toContain('--date-order');
  });

  it('puts back the leading 0 a spreadsheet took from phone numbers, and says so', () => {
    const cwd = tempDir('oos-real-');
    const tw = { shop: { timezone: 'Asia/Taipei', language: 'zh-Hant', currency: 'TWD', country: 'TW' } };
    writeFileSync(
      join(cwd, 'saved.csv'),
      'order_id,paid_at,customer_name,phone,country,sku,quantity\nT1,2026-11-15 20:00,林美玲,912345678,TW,MUG,1\nT2,2026-11-15 20:00,Ann,13800000001,CN,MUG,1\nT3,2026-11-15 20:00,Bo,955666777,,MUG,1\n',
    );
    const r = scan([join(cwd, 'saved.csv')], { now: '2026-11-20T12:00', config: tw, cwd });
    expect(r.code, r.stderr).toBe(0);
    expect((r.json as unknown as { warnings: string[] }).warnings.join('\n')).toContain('2 phone numbers had lost their leading 0, as a spreadsheet does when it saves a phone column as numbers (T1: 912345678 → 0912345678; T3: 955666777 → 0955666777)');
    expect(query(r.db, 'SELECT order_id, phone FROM orders ORDER BY order_id')).toEqual([
      { order_id: 'T1', phone: '0912345678' },
      { order_id: 'T2', phone: '13800000001' },
      { order_id: 'T3', phone: '0955666777' },
    ]);
  });

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
    // Sold Monday 16 November: two business days end on Wednesday, so late by Sunday. Sold Friday 20
    // November: Etsy counts Monday and Tuesday, so on Sunday it is not late (48 calendar hours from
    // Friday midnight said it was).
    expect(kinds(r.json)).toEqual({ '3400000001': 'late' });
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

describe('the old eBay Selling Manager "Sales History" download', () => {
  it('reads buyer, phone and price into their fields past the blank line, tabbed header cell, empty row and footer', () => {
    const us = { shop: { timezone: 'America/Chicago', language: 'en', currency: 'USD' } };
    const r = scan([at('ebay-sales-history/SalesHistory.csv'), '--inventory', at('ebay-sales-history/inventory.csv')], { now: '2026-11-20T10:00', config: us });
    expect(r.code).toBe(0);
    expect(r.json!.imported).toMatchObject({ orders: 3, lines: 4 });
    expect(kinds(r.json)).toEqual({ '100': 'late' });
    expect(query(r.db, 'SELECT order_id, customer_name, phone, email, order_total FROM orders ORDER BY order_id')).toEqual([
      { order_id: '100', customer_name: 'Alex Test', phone: '555-0100', email: 'buyer_a@example.com', order_total: 900 },
      { order_id: '101', customer_name: 'Blair Test', phone: '555-0101', email: 'buyer_b@example.com', order_total: 1350 },
      { order_id: '102', customer_name: 'Casey Test', phone: '555-0102', email: 'buyer_c@example.com', order_total: 450 },
    ]);
    expect(query(r.db, "SELECT sku, quantity, unit_price, fulfilled_quantity FROM order_lines WHERE order_id = '101' ORDER BY line_no")).toEqual([
      { sku: 'HINGE-BR', quantity: 1, unit_price: 450, fulfilled_quantity: 1 },
      { sku: 'KNOB-BR', quantity: 2, unit_price: 450, fulfilled_quantity: 2 },
    ]);
  });
});

describe('files oos does not know', () => {
  it('refuses a one-row-per-order plugin export saying what it is and how to export it instead', () => {
    const r = scan([at('woocommerce-packed/orders.csv')], { now: '2026-11-22T10:00' });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('orders.csv, line 1: this looks like a WooCommerce order export with one row per order, the items packed into one cell ("line_item_1"');
    expect(r.stderr).toContain('hint: export the orders again with one row per item');
  });

  it('prints a columns mapping guessed from the header that, pasted into the config, reads the file', () => {
    const file = at('unknown-layout/bestellungen.csv');
    const refused = scan([file], { now: '2026-11-22T10:00' });
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain('the header is not one oos recognises as orders');
    const snippet = /^\{\n[\s\S]*?\n\}$/m.exec(refused.stderr)![0];
    const config = { ...(JSON.parse(snippet) as object), shop: { timezone: 'Europe/Berlin', language: 'en', currency: 'EUR' } };
    expect((config as unknown as { columns: object }).columns).toMatchObject({ order_id: 'Bestellnr.', sku: 'Artikelnummer', quantity: 'Menge', paid_at: 'Bezahlt am' });
    const r = scan([file], { now: '2026-11-22T10:00', config });
    expect(r.code).toBe(0);
    expect(r.json!.imported).toMatchObject({ orders: 2, lines: 3 });
    expect(kinds(r.json)).toEqual({ 'B-1': 'late' });
  });

  it('marks what it could not guess', () => {
    const r = scan([join(FIXTURES, 'bad/unknown-header.csv')], { now: '2026-11-22T10:00' });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('"order_id": "?? the column that holds the order id"');
    expect(r.stderr).toContain('replace each "??" with the name of your column for it (order_id, sku, quantity, paid_at)');
  });
});

describe('sanity warnings', () => {
  it('does not call one SKU sold on two platforms shared, however each words its title', () => {
    const dir = tempDir('oos-two-platforms-');
    writeFileSync(
      join(dir, 'orders_export.csv'),
      'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Lineitem fulfillment status,Billing Name\n' +
        '#1042,liam@example.com,paid,2026-12-16 20:00:00 -0500,unfulfilled,,USD,28.00,2026-12-16 20:00:00 -0500,1,Beanie - Navy,28.00,BEAN-NVY,true,pending,Liam Smith\n' +
        '#1043,ava@example.com,paid,2026-12-16 21:00:00 -0500,unfulfilled,,USD,28.00,2026-12-16 21:00:00 -0500,1,Beanie - Grey,28.00,BEAN-NVY,true,pending,Ava Jones\n',
    );
    writeFileSync(
      join(dir, 'EtsySoldOrders2026-12.csv'),
      'Sale Date,Order ID,Full Name,Number of Items,Payment Method,Date Shipped,Ship Country,Currency,Order Total,Status,SKU\n12/16/26,3391000002,Mason Lee,1,Etsy Payments,,United States,USD,28.00,Paid,BEAN-NVY\n',
    );
    writeFileSync(
      join(dir, 'EtsySoldOrderItems2026-12.csv'),
      'Sale Date,Item Name,Quantity,Price,Currency,Transaction ID,Listing ID,Date Paid,Date Shipped,Ship Name,Ship Country,Order ID,Variations,SKU\n12/16/26,Beanie,1,28.00,USD,4400000101,1500000001,12/16/26,,Mason Lee,United States,3391000002,Color: Navy,BEAN-NVY\n',
    );
    writeFileSync(join(dir, 'inventory.csv'), 'sku,title,on_hand\nBEAN-NVY,Beanie - Navy,10\n');
    const r = scan([join(dir, 'orders_export.csv'), join(dir, 'EtsySoldOrders2026-12.csv'), join(dir, 'EtsySoldOrderItems2026-12.csv'), '--inventory', join(dir, 'inventory.csv')], { now: '2026-12-17T09:00' });
    expect(r.code, r.stderr).toBe(0);
    // Shopify itself names two variants with it (Navy, Grey): that is a shared SKU; Etsy's wording of Navy is not.
    const shared = r.json!.warnings.filter((w) => w.includes('shared by different products'));
    expect(shared).toEqual(['open orders: 1 SKU is shared by different products or variants, so their stock is counted as one (BEAN-NVY: Beanie - Navy / Beanie - Grey); give each variant its own SKU in the shop']);
  });

  it('names shared SKUs, unmatched lines, month-old unshipped orders and orders without items, on stderr and in --json', () => {
    const files = [at('shared-sku/orders_export.csv'), '--inventory', at('shared-sku/inventory.csv')];
    const r = scan(files, { now: '2026-11-20T12:00:00+01:00' });
    expect(r.code).toBe(0);
    const w = r.json!.warnings.join('\n');
    expect(w).toContain('inventory.csv: 1 SKU is shared by different products or variants, so their stock is counted as one (HAT-100: Wool Hat (S) / Wool Hat (M) / Wool Hat (L))');
    expect(w).toContain('open orders: 1 SKU is shared by different products or variants');
    expect(w).toContain('1 open order line matches no SKU in the stock file, so oversold is not checked for them (#6002: SCARF-GR)');
    expect(w).toContain('1 order paid more than 30 days ago is still not marked shipped (#6003 paid 2026-09-15)');
    expect(w).toContain('1 paid order has no items in the file, so oos cannot tell whether it is late or oversold (#6004)');
    const text = oos(['scan', ...files, '--db', join(r.cwd, 'text.db'), '--now', '2026-11-20T12:00:00+01:00'], { cwd: r.cwd });
    expect(text.code).toBe(0);
    expect(text.stderr.split('\n').filter((l) => l.startsWith('warning: '))).toHaveLength(5);
  });

  it('says when most of the stock is not tracked', () => {
    const r = scan([at('shopify-not-stocked/orders_export.csv'), '--inventory', at('shopify-not-stocked/inventory_export.csv')], { now: '2026-11-20T12:00:00+01:00' });
    expect(r.json!.warnings.join('\n')).not.toContain('have no count');
    const dir = tempDir('oos-untracked-');
    const inv = join(dir, 'inventory.csv');
    writeFileSync(inv, readFileSync(at('shopify-not-stocked/inventory_export.csv'), 'utf8').replace(/,-1,3,/, ',not stocked,not stocked,'));
    const most = scan([at('shopify-not-stocked/orders_export.csv'), '--inventory', inv], { now: '2026-11-20T12:00:00+01:00' });
    expect(most.json!.warnings.join('\n')).toContain('2 of 2 stock items have no count ("not stocked" or not tracked), so they are never reported oversold (SHIRT-M; SHIRT-S)');
    expect(kinds(most.json)).toEqual({});
  });
});

describe('oos formats', () => {
  it('lists every known export with the columns it is recognised by', () => {
    const r = oos(['formats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shopify            Shopify orders export');
    expect(r.stdout).toContain('recognised by its columns "Name", "Lineitem quantity", "Lineitem name"');
    expect(r.stdout).toContain('rakuten');
    const json = JSON.parse(oos(['formats', '--json']).stdout) as { formats: { id: string; kind: string }[] };
    expect(json.formats.filter((f) => f.kind === 'orders').map((f) => f.id)).toContain('etsy-items');
  });

  it('detect: which export, the main columns, what is left aside and the date order, in plain words', () => {
    const r = oos(['formats', 'detect', at('ebay-sales-history/SalesHistory.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('This is: eBay Seller Hub orders report (UTF-8, comma-separated, 41 columns); oos reads it as orders.');
    // The columns the format itself reads: this older report has no Order Number, so orders go by their record.
    expect(r.stdout).toContain('order number ← "Sales Record Number", SKU ← "Custom Label", quantity ← "Quantity", paid ← "Paid on Date"');
    // 承诺发货时间 is the day Pinduoduo says it must ship by, not the day it shipped.
    const pdd = oos(['formats', 'detect', join(FIXTURES, 'formats/pinduoduo/orders.csv')]);
    expect(pdd.stdout).toContain('paid ← "支付时间", shipped ← "发货时间"');
    expect(pdd.stdout).not.toContain('← "承诺发货时间"');
    const dmy = oos(['formats', 'detect', at('dates-excel-dmy/orders_export.csv')]);
    expect(dmy.stdout).toContain('Dates: day first (day/month/year), e.g. 31/12/2023 (line 4)');
    const unsure = oos(['formats', 'detect', at('dates-excel-ambiguous/orders_export.csv')]);
    expect(unsure.stdout).toContain('Dates: cannot tell: every day and month is 12 or less; pass --date-order dmy or mdy');
    const unknown = oos(['formats', 'detect', at('unknown-layout/bestellungen.csv')]);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toContain('oos does not recognise this file');
    expect(unknown.stdout).toContain('"order_id": "Bestellnr."');
    const packed = oos(['formats', 'detect', at('woocommerce-packed/orders.csv')]);
    expect(packed.stdout).toContain('How to go on: export the orders again with one row per item');
  });
});

describe('layouts in the wild', () => {
  it.each([71, 73, 75, 77, 79])('Shopify orders, %i columns: recognised and read alike', (n) => {
    const r = scan([at(`shopify-generations/orders_export_${n}.csv`)], { now: '2026-11-22T10:00:00-05:00' });
    expect(r.code).toBe(0);
    expect(r.json!.imported).toMatchObject({ orders: 2, lines: 3 });
    // #7001 is authorized (captured at fulfilment, no Paid at): owed from its creation, and late.
    expect(kinds(r.json)).toEqual({ '#7001': 'late' });
    expect(query(r.db, "SELECT paid_at FROM orders WHERE order_id = '#7001'")).toEqual([{ paid_at: '2026-11-15T15:00:00Z' }]);
  });

  it('Amazon.in Unshipped Orders report with its extra columns', () => {
    const india = { shop: { timezone: 'Asia/Kolkata', language: 'en', currency: 'INR' } };
    const r = scan([at('amazon-in/orders.txt'), '--inventory', at('amazon-in/inventory.csv')], { now: '2026-11-22T10:00', config: india });
    expect(r.code).toBe(0);
    expect(r.json!.imported).toMatchObject({ orders: 2, lines: 2 });
    expect(kinds(r.json)).toEqual({ '408-0000001-0000001': 'late', '408-0000002-0000002': 'oversold' });
    expect(query(r.db, "SELECT quantity, fulfilled_quantity FROM order_lines WHERE order_id = '408-0000002-0000002'")).toEqual([{ quantity: 2, fulfilled_quantity: 1 }]);
  });

  it("Amazon's payment-method column is kept: a COD order is one paid on delivery (nothing to refund)", () => {
    const india = { shop: { timezone: 'Asia/Kolkata', language: 'en', currency: 'INR' } };
    const cwd = tempDir('oos-real-');
    const [header, ...rows] = readFileSync(at('amazon-in/orders.txt'), 'utf8').trimEnd().split('\n');
    const file = join(cwd, 'orders.txt');
    writeFileSync(file, [`${header}\tpayment-method`, ...rows.map((r, i) => `${r}\t${i === 0 ? 'COD' : 'Other'}`)].join('\n') + '\n');
    const r = scan([file, '--inventory', at('amazon-in/inventory.csv')], { now: '2026-11-22T10:00', config: india, cwd });
    expect(r.code).toBe(0);
    expect(query(r.db, 'SELECT order_id, payment_method FROM orders ORDER BY order_id')).toEqual([
      { order_id: '408-0000001-0000001', payment_method: 'COD' },
      { order_id: '408-0000002-0000002', payment_method: 'Other' },
    ]);
  });
});

describe('an order sent in two parcels named in one tracking cell', () => {
  const ORDERS = `order_id,paid_at,customer_name,sku,quantity,shipped_at,carrier,tracking_number
B1,2026-11-10 10:00,Ann Lee,MUG-1,2,2026-11-11 10:00,UPS,"1Z999AA10123456784, 1Z999AA10123456785"
`;
  const run = (tracking: string) => {
    const cwd = tempDir('oos-real-');
    writeFileSync(join(cwd, 'orders.csv'), ORDERS);
    writeFileSync(join(cwd, 'tracking.csv'), `tracking_number,carrier,status,last_event_at,delivered_at\n${tracking}`);
    return scan([join(cwd, 'orders.csv'), '--tracking', join(cwd, 'tracking.csv')], { now: '2026-11-22T10:00:00-08:00', cwd, config: { shop: { timezone: 'America/Los_Angeles', language: 'en', currency: 'USD' } } });
  };
  it('both delivered: no "not handed over?", and a warning says which parcel oos follows', () => {
    const r = run('1Z999AA10123456784,UPS,delivered,2026-11-13 10:00,2026-11-13 10:00\n1Z999AA10123456785,UPS,delivered,2026-11-13 11:00,2026-11-13 11:00\n');
    expect(r.code, r.stderr).toBe(0);
    expect(kinds(r.json)).toEqual({});
    expect(r.json!.warnings).toContainEqual(expect.stringMatching(/^1 order names several parcels in one tracking cell.*B1: follows 1Z999AA10123456784, not 1Z999AA10123456785/));
  });
  it('the first delivered and the second silent for days: the second is the one followed, and found stuck', () => {
    const r = run('1Z999AA10123456784,UPS,delivered,2026-11-13 10:00,2026-11-13 10:00\n1Z999AA10123456785,UPS,in_transit,2026-11-12 09:00,\n');
    expect(r.code, r.stderr).toBe(0);
    expect(kinds(r.json)).toEqual({ B1: 'stalled' });
    expect(query(r.db, 'SELECT tracking_number FROM orders')).toEqual([{ tracking_number: '1Z999AA10123456785' }]);
  });
});

describe('tracking numbers a spreadsheet rounded', () => {
  it('are named in a warning, judged neither "not handed over?" nor delivered, and their tracking rows are dropped', () => {
    const cwd = tempDir('oos-real-');
    writeFileSync(
      join(cwd, 'orders.csv'),
      'order_id,paid_at,customer_name,sku,quantity,shipped_at,carrier,tracking_number\nA1,2026-11-10 10:00,Ann Lee,MUG-1,1,2026-11-11 10:00,USPS,9.40011E+21\nA2,2026-11-10 11:00,Bo Chan,MUG-1,1,2026-11-11 10:00,USPS,9400111899223340000000\n',
    );
    writeFileSync(join(cwd, 'tracking.csv'), 'tracking_number,carrier,status,last_event_at,delivered_at\n9.40011E+21,USPS,delivered,2026-11-13 10:00,2026-11-13 10:00\n9400100000000000000031,USPS,delivered,2026-11-13 10:00,2026-11-13 10:00\n');
    const r = scan([join(cwd, 'orders.csv'), '--tracking', join(cwd, 'tracking.csv')], { now: '2026-11-22T10:00:00-08:00', cwd, config: { shop: { timezone: 'America/Los_Angeles', language: 'en', currency: 'USD' } } });
    expect(r.code, r.stderr).toBe(0);
    expect(kinds(r.json)).toEqual({});
    expect(r.json!.warnings).toContainEqual(expect.stringMatching(/^3 tracking numbers were rounded by a spreadsheet \(9\.40011E\+21, 9\.40011E\+21 \(order A1\), 9400111899223340000000 \(order A2\)\)/));
    expect(query(r.db, 'SELECT tracking_number FROM tracking')).toEqual([{ tracking_number: '9400100000000000000031' }]);
  });
});

describe('Etsy digital downloads', () => {
  it('are never late: a PDF alone makes no case, and an order of a ring and a PDF is late for the ring only', () => {
    const r = scan([at('etsy-digital/EtsySoldOrders2026-11.csv'), at('etsy-digital/EtsySoldOrderItems2026-11.csv')], {
      now: '2026-11-22T10:00:00-06:00',
      config: { shop: { timezone: 'America/Chicago', language: 'en', currency: 'USD' } },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(kinds(r.json)).toEqual({ '3300000012': 'late' });
    expect(query(r.db, `SELECT order_id, sku, requires_shipping FROM order_lines ORDER BY order_id, line_no`)).toEqual([
      { order_id: '3300000011', sku: 'PATTERN-PDF', requires_shipping: 0 },
      { order_id: '3300000012', sku: 'RING-SILVER', requires_shipping: 1 },
      { order_id: '3300000012', sku: 'PATTERN-PDF', requires_shipping: 0 },
    ]);
  });
});
