/**
 * A case the operator closed (`oos resolve --closed`) stays closed while the export shows the same
 * problem: they settled it outside oos, or the flag was wrong. Reopened by every morning's scan, it
 * was back on the list and in the hourly alerts until the owner stopped reading them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, oos, tempDir } from '../helpers/run.js';

const HEADER = 'order_id,placed_at,paid_at,status,customer_name,phone,language,country,channel,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity';
const ROWS = [
  '#7101,2026-11-10 09:00,2026-11-10 09:00,open,王芳,13800000001,zh,CN,taobao,2026-11-11 10:00,中通快递,ZT7101,CNY,58.00,TEA-1,Jasmine Tea,1,58.00,1',
  '#7102,2026-11-10 09:00,2026-11-10 09:00,open,李娜,13800000002,zh,CN,taobao,2026-11-11 10:00,中通快递,ZT7102,CNY,58.00,TEA-1,Jasmine Tea,1,58.00,1',
];
const TRACKING = 'tracking_number,order_id,carrier,status,last_event_at,last_event,delivered_at';

describe('a case the operator closed', () => {
  it('stays closed while later exports show the same problem; one the scan closed comes back with it', () => {
    const dir = tempDir();
    const write = (orders: string[], tracking: string[]) => {
      writeFileSync(join(dir, 'orders.csv'), [HEADER, ...orders].join('\n') + '\n');
      writeFileSync(join(dir, 'tracking.csv'), [TRACKING, ...tracking].join('\n') + '\n');
    };
    const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(EXAMPLES, 'oos.config.json'), '--now', now]);
    const scan = (now: string) => run(['scan', join(dir, 'orders.csv'), '--tracking', join(dir, 'tracking.csv')], now);
    const states = (now: string) =>
      Object.fromEntries((JSON.parse(run(['cases', '--all', '--json'], now).stdout) as { cases: { order_id: string; state: string }[] }).cases.map((c) => [c.order_id, c.state]));

    // Both parcels silent at a hub for days: both stuck.
    const stuck = (n: string) => `ZT${n},#${n},中通快递,运输中,2026-11-13 18:00,快件已到达杭州转运中心,`;
    write(ROWS, [stuck('7101'), stuck('7102')]);
    expect(scan('2026-11-22T09:00').code).toBe(0);
    expect(states('2026-11-22T09:00')).toEqual({ '#7101': 'detected', '#7102': 'detected' });

    // The operator knows #7101 was delivered by hand, and closes it.
    expect(run(['resolve', '--order', '#7101', '--closed', '--outcome', 'other'], '2026-11-22T09:30').code).toBe(0);
    // #7102 moves again: the scan closes its case.
    write(ROWS, [stuck('7101'), 'ZT7102,#7102,中通快递,运输中,2026-11-22 08:00,快件已到达北京转运中心,']);
    expect(scan('2026-11-22T10:00').code).toBe(0);
    expect(states('2026-11-22T10:00')).toEqual({ '#7101': 'closed', '#7102': 'closed' });

    // The next days' exports: #7101's tracker still says the same; #7102 is silent again for days.
    write(ROWS, [stuck('7101'), 'ZT7102,#7102,中通快递,运输中,2026-11-22 08:00,快件已到达北京转运中心,']);
    expect(scan('2026-11-26T09:00').code).toBe(0);
    expect(states('2026-11-26T09:00')).toEqual({ '#7101': 'closed', '#7102': 'detected' });
  });
});
