/**
 * Money cells through a real scan: an amount is stored exactly in minor units of
 * its currency, or the scan exits 65 naming file, line and column, and the
 * database is left as it was.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpDb, exampleArgs, oos, query, tempDir } from '../helpers/run.js';

const HEADER = 'order_id,paid_at,customer_name,sku,quantity,currency,unit_price,order_total\n';

function shop() {
  const dir = tempDir('oos-money-');
  const db = join(dir, 'oos.db');
  expect(oos([...exampleArgs(), '--db', db]).code).toBe(0);
  const scan = (rows: string) => {
    writeFileSync(join(dir, 'orders.csv'), HEADER + rows);
    return oos(['scan', join(dir, 'orders.csv'), '--db', db, '--now', '2026-11-22T09:00']);
  };
  return { db, scan };
}

describe('money cells in a scan', () => {
  it.each([
    ['Rs. 1899', 'CNY', /it is written in INR.*\("Rs\."\), but the amounts here are CNY/],
    ['kr. 199', 'INR', /it is written in SEK or NOK or DKK or ISK \("kr\."\), but the amounts here are INR/],
    ['1e400', 'USD', /it has text around its digits/],
    ['5 to 6', 'USD', /it has text around its digits/],
    ['1.234', 'USD', /it could be 1234 or 1\.234/],
  ])('%j in a %s order is refused, naming the cell, and nothing is stored', (cell, currency, hint) => {
    const { db, scan } = shop();
    const before = dumpDb(db);
    const r = scan(`M1,2026-11-21 10:00,Asha,TEA-1,1,${currency},"${cell}",\n`);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`orders.csv, line 2, field "unit_price": is not an amount of money (value ${JSON.stringify(cell)})`);
    expect(r.stderr).toMatch(hint);
    expect(dumpDb(db)).toEqual(before);
  });

  it('stores amounts written with signs, codes and separators exactly', () => {
    const { db, scan } = shop();
    const r = scan(
      [
        'M1,2026-11-21 10:00,Asha,TEA-JASMINE-100,1,INR,"Rs. 1,899","₹ 1,23,456.78"',
        'M2,2026-11-21 10:00,Jonas,TEA-JASMINE-100,1,SEK,kr. 199,"1 234,50 kr"',
        'M3,2026-11-21 10:00,Mia,TEA-JASMINE-100,1,EUR,"1.234,56 €",(12.50)',
        'M4,2026-11-21 10:00,佐藤,TEA-JASMINE-100,1,JPY,"１，２８０円",¥1280',
      ].join('\n') + '\n',
    );
    expect(r.stderr).toBe(''); // a SKU the example stock has, so no warning can hide a money one
    expect(r.code).toBe(0);
    const orders = query(db, "SELECT order_id, currency, order_total FROM orders WHERE order_id LIKE 'M%' ORDER BY order_id");
    expect(orders).toEqual([
      { order_id: 'M1', currency: 'INR', order_total: 12345678 },
      { order_id: 'M2', currency: 'SEK', order_total: 123450 },
      { order_id: 'M3', currency: 'EUR', order_total: -1250 },
      { order_id: 'M4', currency: 'JPY', order_total: 1280 },
    ]);
    const prices = query(db, "SELECT order_id, unit_price FROM order_lines WHERE order_id LIKE 'M%' ORDER BY order_id");
    expect(prices).toEqual([
      { order_id: 'M1', unit_price: 189900 },
      { order_id: 'M2', unit_price: 19900 },
      { order_id: 'M3', unit_price: 123456 },
      { order_id: 'M4', unit_price: 1280 },
    ]);
  });
});
