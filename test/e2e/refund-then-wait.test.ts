/**
 * A customer who chose a refund and then, after a scan had cleared the case as refunded, chose to
 * wait for the stock after all: no stock has come. The restock promise the wait makes stays open, so
 * a supplier's later day is told like anyone else's; it was settled "kept: the stock came" by the
 * next hourly run, and the customer's daily update kept the old day.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, query, tempDir } from '../helpers/run.js';

const ORDERS = `order_id,placed_at,paid_at,status,customer_name,email,phone,language,country,channel,currency,order_total,payment_method,sku,title,variant,quantity,unit_price,fulfilled_quantity
C3,2026-11-21 12:00,2026-11-21 12:00,open,王五,wangwu@example.cn,13800000103,zh,CN,shopify,CNY,136.00,bank_transfer,TEA-A,铁观音,250 g,2,68.00,0
`;
const inventory = (day: string) => `sku,title,variant,on_hand,incoming,restock_date,unit_price\nTEA-A,铁观音,250 g,0,10,${day},68.00\n`;

describe('a refund taken back for a wait, before the stock has come', () => {
  it('keeps the restock promise open, and tells the customer the supplier\'s new day', () => {
    const dir = tempDir('oos-refund-wait-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' }, outbox: join(dir, 'outbox') }));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'inventory.csv'), inventory('2026-11-26'));
    const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
    const scan = (now: string) => expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], now).code).toBe(0);
    scan('2026-11-22T09:00');
    expect(run(['resolve', '--order', 'C3', '--offer', '--channel', 'sms'], '2026-11-22T09:30').code).toBe(0);
    expect(run(['resolve', '--order', 'C3', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'sms'], '2026-11-22T10:10').code).toBe(0);
    // The scan clears the case: the order was refunded.
    scan('2026-11-23T09:00');
    expect(run(['resolve', '--order', 'C3', '--remedy', 'wait', '--decided-by', 'customer', '--yes', '--channel', 'sms'], '2026-11-24T09:30').code).toBe(0);
    run(['followup'], '2026-11-24T10:00');
    expect(query<{ state: string }>(join(dir, 'oos.db'), `SELECT state FROM promises WHERE kind = 'restock'`)).toEqual([{ state: 'open' }]);
    // The supplier moves the delivery to the 28th: the customer hears it.
    writeFileSync(join(dir, 'inventory.csv'), inventory('2026-11-28'));
    scan('2026-11-25T08:30');
    run(['followup'], '2026-11-25T09:00');
    const day = join(dir, 'outbox', '2026-11-25');
    const texts = readdirSync(day).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(day, f), 'utf8'));
    expect(texts.some((t) => t.includes('11月28日'))).toBe(true);
    expect(texts.some((t) => /仍预计11月26日/.test(t))).toBe(false);
  });
});
