/**
 * A notice that said there was no date for new stock yet told the customer (in Chinese and Japanese)
 * that they would hear one as soon as there was. When a later inventory gives the date, the operator
 * is told every run until the choices go out again with it; the old choices are not repeated.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';

const HEADER = 'order_id,placed_at,paid_at,status,customer_name,email,language,country,channel,currency,order_total,payment_method,sku,title,quantity,unit_price,fulfilled_quantity';

describe('a restock date promised "as soon as there is one"', () => {
  it('is owed once the inventory has it: every run says so until the choices are offered again with the date', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'orders.csv'), `${HEADER}\n#J3,2026-12-01 09:00,2026-12-01 09:00,open,佐藤花子,hanako@example.jp,ja,JP,shopify,JPY,2800,card,MUG-AI,藍染マグ,1,2800,0\n`);
    const stock = (incoming: string, date: string) => writeFileSync(join(dir, 'inventory.csv'), `sku,title,on_hand,incoming,restock_date\nMUG-AI,藍染マグ,0,${incoming},${date}\n`);
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'さくら雑貨店', timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY' }, outbox: join(dir, 'outbox') }));
    const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now]);
    const scan = (now: string) => run(['scan', join(dir, 'orders.csv'), '--inventory', join(dir, 'inventory.csv')], now);
    const notices = () => readdirSync(join(dir, 'outbox', '2026-12-01')).filter((f) => f.includes('notice-oversold')).sort();

    stock('', '');
    expect(scan('2026-12-01T10:00').code).toBe(0);
    expect(run(['resolve', '--order', '#J3', '--offer', '--channel', 'email'], '2026-12-01T10:30').code).toBe(0);
    // No date yet: nothing to tell.
    expect(run(['followup'], '2026-12-01T11:00')).toMatchObject({ code: 0, stderr: '' });

    stock('4', '2026-12-08');
    expect(scan('2026-12-01T15:00').code).toBe(0);
    for (const at of ['2026-12-01T16:00', '2026-12-01T17:00']) {
      const r = run(['followup'], at);
      expect(r.code, at).toBe(2);
      expect(r.stderr, at).toContain("#J3: new stock is now due on 2026-12-08, and the notice said there was no date for it yet: offer the choices again with oos resolve --order '#J3' --offer");
    }
    // The evening reminder would repeat the choices without the date: it is not sent.
    const evening = run(['followup'], '2026-12-01T20:30');
    expect(evening.stderr).toMatch(/#J3: the reminder of the choices was not sent: new stock is now due on 2026-12-08/);
    expect(readdirSync(join(dir, 'outbox', '2026-12-01')).filter((f) => f.includes('followup-reminder'))).toEqual([]);

    // Offered again: the notice gives the day, and the operator hears no more of it.
    expect(run(['resolve', '--order', '#J3', '--offer', '--channel', 'email'], '2026-12-01T21:00').code).toBe(0);
    expect(notices()).toHaveLength(2);
    expect(readFileSync(join(dir, 'outbox', '2026-12-01', notices()[1]!), 'utf8')).toContain('12月8日（火）に入荷予定');
    expect(run(['followup'], '2026-12-01T21:30').stderr).not.toContain('now due');
  });
});
