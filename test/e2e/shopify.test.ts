/** The real Shopify exports in test/fixtures/shopify-real import without error, and open orders meet the stock. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, query, SHOPIFY_REAL, tempDir } from '../helpers/run.js';

const S = SHOPIFY_REAL;
const NOW = ['--now', '2026-11-22T09:00'];

describe('real Shopify exports', () => {
  it('the 79-column orders export imports: continuation rows carried forward, gift cards need no stock', () => {
    const dir = tempDir();
    const db = join(dir, 'oos.db');
    const r = oos(['scan', join(S, 'orders_export.csv'), '--db', db, ...NOW, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).imported).toMatchObject({ orders: 19, lines: 40 });
    // #1019's later rows are blank for Paid at and Currency: carried from its first row.
    expect(query(db, `SELECT paid_at, currency, cancelled FROM orders WHERE order_id = '#1019'`)).toEqual([{ paid_at: '2025-05-17T15:46:48Z', currency: 'EUR', cancelled: 0 }]);
    expect(query(db, `SELECT count(*) AS n FROM order_lines WHERE order_id = '#1019'`)).toEqual([{ n: 4 }]);
    // #1013 is pending on payment terms (Net 7, an invoice): the parcel is owed from its creation.
    expect(query(db, `SELECT paid_at FROM orders WHERE order_id = '#1013'`)).toEqual([{ paid_at: '2025-05-16T06:36:49Z' }]);
    expect(query(db, `SELECT requires_shipping FROM order_lines WHERE order_id = '#1017'`)).toEqual([{ requires_shipping: 0 }]);
    // #1011 is partial: its gift card is pending (no shipping), the rest fulfilled.
    expect(query(db, `SELECT sum(quantity - fulfilled_quantity) AS open FROM order_lines WHERE order_id = '#1011' AND requires_shipping = 1`)).toEqual([{ open: 0 }]);
    const cases = JSON.parse(r.stdout).cases as { order_id: string; kind: string }[];
    expect(cases.map((c) => [c.order_id, c.kind])).toEqual([['#1019', 'late']]);
  });

  it.each([
    ['inventory_export_all_quantities_2023.csv', 67, 'Puff Large', 'Latte', 103],
    ['inventory_export_bin_2026.csv', 29, '20 ct Swiss Blue Topaz - Sterling Silver Ring', null, 1],
    ['inventory_export_available_only_2025.csv', 36, 'Blusa Saphira jaquard marfim', '34', null],
    ['products_export_1.csv', null, 'Puff Large', 'Latte', null],
  ])('%s imports with its quantities', (file, items, title, variant, onHand) => {
    const dir = tempDir();
    const db = join(dir, 'oos.db');
    const r = oos(['scan', join(S, 'orders_export.csv'), '--inventory', join(S, file), '--db', db, ...NOW, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    if (items !== null) expect(j.imported.inventory).toBe(items);
    const row = query<{ on_hand: number | null; available: number | null }>(db, `SELECT on_hand, available FROM inventory WHERE title = ? AND variant IS ?`, title, variant)[0]!;
    expect(row).toBeDefined();
    if (onHand !== null) expect(row.on_hand).toBe(onHand);
    else expect(row.available).not.toBeNull();
    // These stock files are from other shops: the open lines match none of their rows, and are reported, not guessed.
    expect(j.unmatched_lines.map((u: { order_id: string }) => u.order_id)).toEqual(['#1019', '#1019', '#1019']);
  });

  it('open lines of the real orders export are allocated against a Shopify inventory export by title and variant', () => {
    const dir = tempDir();
    const inv = join(dir, 'inventory_export.csv');
    writeFileSync(
      inv,
      [
        'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Incoming,Unavailable,Committed,Available,On hand',
        'ski-wax,Selling Plans Ski Wax,Title,Selling Plans Ski Wax,,,,,"",,,Shop location,0,0,1,4,5',
        'hydrogen,The Collection Snowboard: Hydrogen,Title,Default Title,,,,,"",,,Shop location,0,0,1,-1,0',
        'oxygen,The Collection Snowboard: Oxygen,Title,Default Title,,,,,"",,,Shop location,0,1,1,0,2',
        'oxygen,The Collection Snowboard: Oxygen,Title,Default Title,,,,,"",,,Warehouse,0,0,0,0,0',
      ].join('\n') + '\n',
    );
    const db = join(dir, 'oos.db');
    const r = oos(['scan', join(S, 'orders_export.csv'), '--inventory', inv, '--db', db, ...NOW, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.unmatched_lines).toEqual([]);
    const c = j.cases.find((x: { order_id: string }) => x.order_id === '#1019');
    expect(c.kinds).toEqual(['oversold', 'late']);
    expect(c.reasons[0]).toBe('The Collection Snowboard: Hydrogen: short 1 of 1 (none in stock)');
    expect(c.split_candidate).toBe(true);
    // Oxygen: on hand 2 less 1 unavailable across two locations = 1 sellable, enough for #1019.
    expect(query(db, `SELECT on_hand FROM inventory WHERE title = 'The Collection Snowboard: Oxygen'`)).toEqual([{ on_hand: 1 }]);
  });
});

describe('a Shopify line partly fulfilled', () => {
  it('is counted whole as still to ship, and the scan says so (the export does not say how many units left)', () => {
    const dir = tempDir();
    const lines = readFileSync(join(S, 'orders_export.csv'), 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    const row = header.map(() => '');
    const set = (name: string, v: string) => (row[col(name)] = v);
    set('Name', '#2001'); set('Email', 'b@example.com'); set('Financial Status', 'paid'); set('Paid at', '2026-11-20 10:00:00 -0500');
    set('Fulfillment Status', 'partial'); set('Currency', 'USD'); set('Total', '60.00'); set('Created at', '2026-11-20 10:00:00 -0500');
    set('Lineitem quantity', '3'); set('Lineitem name', 'Mug - Red'); set('Lineitem price', '20.00'); set('Lineitem sku', 'MUG-R');
    set('Lineitem requires shipping', 'true'); set('Lineitem fulfillment status', 'partial');
    writeFileSync(join(dir, 'orders.csv'), `${lines[0]}\n${row.join(',')}\n`);
    const r = oos(['scan', join(dir, 'orders.csv'), '--db', join(dir, 'oos.db'), ...NOW, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContainEqual(expect.stringMatching(/orders\.csv: some lines are partly fulfilled \("partial"\), and the export does not say how many of their units have left/));
  });
});
