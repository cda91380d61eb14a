/**
 * A tracking file with each parcel's history, a row per scan, newest first (as carriers and 快递100
 * list it): the parcel is what its latest scan says, whatever the order of the rows. Read row by row,
 * the oldest row won, and a parcel signed for was "probably lost".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, oos, tempDir } from '../helpers/run.js';

const ORDERS = `order_id,paid_at,customer_name,country,channel,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity
C1,2026-11-01 09:00,王芳,CN,taobao,2026-11-02 10:00,中通快递,ZT1000000001,CNY,58.00,TEA-1,Jasmine Tea,1,58.00,1
C2,2026-11-01 09:00,李娜,CN,taobao,2026-11-02 10:00,中通快递,ZT1000000002,CNY,58.00,TEA-1,Jasmine Tea,1,58.00,1
`;

function scan(history: string[]) {
  const dir = tempDir();
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  writeFileSync(join(dir, 'tracking.csv'), ['tracking_number,order_id,carrier,status,last_event_at,last_event,delivered_at', ...history].join('\n') + '\n');
  const r = oos(['scan', join(dir, 'orders.csv'), '--tracking', join(dir, 'tracking.csv'), '--db', join(dir, 'oos.db'), '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-12T09:00', '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { cases: { order_id: string; reasons: string[] }[]; files: { kind: string; items: number }[]; imported: { tracking: number } };
}

describe('a tracking file listing each parcel\'s history', () => {
  const newestFirst = [
    'ZT1000000001,C1,中通快递,已签收,2026-11-04 15:00,已签收，签收人：本人,2026-11-04 15:00',
    'ZT1000000001,C1,中通快递,派送中,2026-11-04 08:00,快件派送中,',
    'ZT1000000001,C1,中通快递,运输中,2026-11-03 02:00,快件已到达杭州转运中心,',
    'ZT1000000001,C1,中通快递,已揽收,2026-11-02 18:00,快件已揽收,',
    // C2's parcel stopped moving on the 3rd: its latest row is the one to judge.
    'ZT1000000002,C2,中通快递,运输中,2026-11-03 02:00,快件已到达杭州转运中心,',
    'ZT1000000002,C2,中通快递,已揽收,2026-11-02 18:00,快件已揽收,',
  ];

  it('newest first: the signed-for parcel is delivered, the one that stopped is judged from its last scan; two parcels, not six', () => {
    const out = scan(newestFirst);
    expect(out.cases.map((c) => c.order_id)).toEqual(['C2']);
    expect(out.cases[0]!.reasons.join(' ')).toContain('since 2026-11-03 02:00');
    expect(out.imported.tracking).toBe(2);
  });

  it('oldest first reads the same', () => {
    const out = scan([...newestFirst.slice(0, 4).reverse(), ...newestFirst.slice(4).reverse()]);
    expect(out.cases.map((c) => c.order_id)).toEqual(['C2']);
    expect(out.cases[0]!.reasons.join(' ')).toContain('since 2026-11-03 02:00');
  });
});
