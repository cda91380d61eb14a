/**
 * A parcel waiting at a pickup point (a 菜鸟驿站, a locker, the post office counter) is where the
 * carrier says it is: read as stuck, a week on it was "probably lost", with a claim and a reship
 * recommended to a customer who only had to collect it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, oos, tempDir } from '../helpers/run.js';

const HEADER = 'order_id,placed_at,paid_at,status,customer_name,phone,language,country,channel,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity';

function shop(trackingRows: string[]) {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'orders.csv'),
    [
      HEADER,
      '#7001,2026-11-10 09:00,2026-11-10 09:00,open,王芳,13800000001,zh,CN,taobao,2026-11-11 10:00,中通快递,ZT7001,CNY,58.00,TEA-1,Jasmine Tea,1,58.00,1',
      '#7002,2026-11-10 09:00,2026-11-10 09:00,open,李娜,13800000002,zh,CN,taobao,2026-11-11 10:00,中通快递,ZT7002,CNY,58.00,TEA-1,Jasmine Tea,1,58.00,1',
    ].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'tracking.csv'), ['tracking_number,order_id,carrier,status,last_event_at,last_event,delivered_at', ...trackingRows].join('\n') + '\n');
  return dir;
}

const scan = (dir: string) =>
  oos(['scan', join(dir, 'orders.csv'), '--tracking', join(dir, 'tracking.csv'), '--db', join(dir, 'oos.db'), '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T09:00', '--json']);

describe('a parcel waiting at a pickup point', () => {
  it('is neither stuck nor lost, and the owner hears of it once it has waited for days', () => {
    const dir = shop([
      // Nine days at the station: past every stall clock and past "probably lost" (7 days).
      'ZT7001,#7001,中通快递,待取件,2026-11-13 18:00,快件已存放至菜鸟驿站，请凭取件码及时取件,',
      // The same wait, but still moving: that one is stuck.
      'ZT7002,#7002,中通快递,运输中,2026-11-13 18:00,快件已到达杭州转运中心,',
    ]);
    const r = scan(dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { cases: { order_id: string; kind: string }[]; warnings: string[] };
    expect(out.cases.map((c) => c.order_id)).toEqual(['#7002']);
    const warning = out.warnings.find((w) => w.includes('pickup point'));
    expect(warning).toMatch(/^1 parcel has waited at a pickup point for more than 3 days without being collected \(#7001: ZT7001 since 2026-11-13\)/);
  });

  it('says nothing of a parcel that reached the pickup point yesterday', () => {
    const dir = shop(['ZT7001,#7001,中通快递,Available for Pickup,2026-11-21 18:00,Available for pickup at the post office,', 'ZT7002,#7002,中通快递,Delivered,2026-11-20 10:00,已签收,2026-11-20 10:00']);
    const out = JSON.parse(scan(dir).stdout) as { cases: unknown[]; warnings: string[] };
    expect(out.cases).toEqual([]);
    expect(out.warnings.some((w) => w.includes('pickup point'))).toBe(false);
  });
});
