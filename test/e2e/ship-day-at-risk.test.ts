/**
 * A late order told the day it ships ("We'll ship on Monday 23 November"), whose stock a later scan
 * finds gone: the operator hears that the day cannot be kept while the customer can still be told,
 * not only once it has passed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop } from '../helpers/shop.js';

// P1's mug left on 19 November; its bowl, in stock on the 21st, is late.
const ORDERS = `order_id,paid_at,customer_name,email,country,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity
P1,2026-11-18 10:00,Pat Doe,pat@example.com,US,2026-11-19 10:00,UPS,1ZP1,USD,60.00,MUG-1,Blue Mug,1,30.00,1
P1,,,,,,,,,,BOWL-1,Bowl,1,30.00,0
`;
const inventory = (bowls: string) => `sku,title,on_hand,incoming,restock_date\nMUG-1,Blue Mug,5,,\n${bowls}\n`;

describe('a ship day told in a late notice, and then the stock is gone', () => {
  it('is an alert on every run before the day, naming the delivery date; a wait recorded for the stock ends it', () => {
    const dir = tempDir('oos-ship-risk-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple Goods', timezone: 'America/New_York', language: 'en', currency: 'USD', email: 'hi@maple.example' } }));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'inventory.csv'), inventory('BOWL-1,Bowl,3,,'));
    const run = (args: string[], now: string) => oos([...args, '--now', now], { cwd: dir });
    expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-21T09:00').code).toBe(0);
    expect(run(['resolve', '--order', 'P1', '--offer', '--channel', 'email'], '2026-11-21T09:10').code).toBe(0);
    // Before the stock went: the day can be kept, nothing to say.
    const calm = run(['followup'], '2026-11-21T12:00');
    expect(calm.stderr).not.toContain('P1 was promised to ship');
    writeFileSync(join(dir, 'inventory.csv'), inventory('BOWL-1,Bowl,0,3,2026-11-27'));
    expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-22T09:00').code).toBe(0);
    const warned = run(['followup'], '2026-11-22T10:00');
    expect(warned.code).toBe(2);
    expect(warned.stderr).toContain(
      "P1 was promised to ship by Monday 23 November, but BOWL-1 is out of stock until Friday 27 November: tell the customer before that day, a new date with oos resolve --order 'P1' --remedy wait --restock-date YYYY-MM-DD --yes",
    );
    // The operator gives the delivery's day: the restock promise speaks for it from now on.
    expect(run(['resolve', '--order', 'P1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--yes'], '2026-11-22T10:30').code).toBe(0);
    expect(run(['followup'], '2026-11-22T11:00').stderr).not.toContain('P1 was promised to ship by Monday 23 November');
  });

  it('says nothing when the delivery comes by the day told', () => {
    const dir = tempDir('oos-ship-risk-ok-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple Goods', timezone: 'America/New_York', language: 'en', currency: 'USD', email: 'hi@maple.example' } }));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'inventory.csv'), inventory('BOWL-1,Bowl,3,,'));
    const run = (args: string[], now: string) => oos([...args, '--now', now], { cwd: dir });
    expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-21T09:00').code).toBe(0);
    expect(run(['resolve', '--order', 'P1', '--offer', '--channel', 'email'], '2026-11-21T09:10').code).toBe(0);
    writeFileSync(join(dir, 'inventory.csv'), inventory('BOWL-1,Bowl,0,3,2026-11-23'));
    expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-22T09:00').code).toBe(0);
    expect(run(['followup'], '2026-11-22T10:00').stderr).not.toContain('P1 was promised to ship');
  });

  it('says nothing of a swap or a split just confirmed: the parcel they make ships without the short item', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2020', '--offer'], '2026-11-22T09:30').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2020', '--replied', '--choice', 'substitute'], '2026-11-22T10:00').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2020', '--remedy', 'substitute'], '2026-11-22T10:01').code).toBe(0);
    // Before the next scan the case still lists SET-GIFT-A short; the promise is the substitute's.
    const r = s.run(['followup'], '2026-11-22T11:00');
    expect(r.stderr).not.toContain('#2020 was promised to ship');
    expect(r.code).toBe(0);
  });
});
