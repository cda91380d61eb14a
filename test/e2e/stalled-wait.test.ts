/**
 * A stuck parcel the customer chose to wait for, past the day the shop gave the carrier: what the
 * operator hears on every cron run after it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';

const ORDERS = `order_id,paid_at,customer_name,email,country,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity
#1041,2026-12-10 10:00,Emma Johnson,emma@example.com,US,2026-12-11 10:00,USPS,9400111899223344556677,USD,48.00,SCARF,Hand-knit Scarf,1,48.00,1
#1050,2026-12-10 11:00,Noah Davis,noah@example.com,US,2026-12-11 11:00,USPS,9400111899223344550000,USD,48.00,SCARF,Hand-knit Scarf,1,48.00,1
`;
const TRACKING = `tracking_number,carrier,status,last_event_at,last_event
9400111899223344556677,USPS,In Transit,2026-12-11 18:00,Arrived at USPS Regional Facility
9400111899223344550000,USPS,In Transit,2026-12-11 18:00,Arrived at USPS Regional Facility
`;

/** A US shop whose two USPS parcels stalled, each customer choosing to wait; `onHand` scarves in stock. */
function shop(onHand: number) {
  const dir = tempDir('oos-stalled-wait-');
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple & Thread', timezone: 'America/New_York', language: 'en', currency: 'USD', email: 'hello@maple.example', country: 'US' } }));
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  writeFileSync(join(dir, 'inventory.csv'), `sku,title,on_hand\nSCARF,Hand-knit Scarf,${onHand}\n`);
  writeFileSync(join(dir, 'tracking.csv'), TRACKING);
  const run = (args: string[], now: string) => oos([...args, '--now', now], { cwd: dir });
  const ok = (r: ReturnType<typeof run>) => {
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  ok(run(['scan', 'orders.csv', '--inventory', 'inventory.csv', '--tracking', 'tracking.csv'], '2026-12-16T09:00'));
  for (const order of ['#1041', '#1050']) {
    ok(run(['resolve', '--order', order, '--offer', '--channel', 'email'], '2026-12-16T09:30'));
    ok(run(['resolve', '--order', order, '--replied', '--choice', 'wait'], '2026-12-16T10:00'));
    ok(run(['resolve', '--order', order, '--remedy', 'wait'], '2026-12-16T10:01'));
  }
  return { dir, run };
}

describe('the carrier did not answer by the day the customer was given', () => {
  it('every later cron run names each order still waiting for the operator, and what to record', () => {
    const { run } = shop(5);
    for (const day of ['17', '18', '19']) run(['followup'], `2026-12-${day}T10:00`);
    const again = run(['followup'], '2026-12-19T11:00');
    const lines = again.stderr.split('\n').filter((l) => l.includes('still not done'));
    expect(lines).toHaveLength(2);
    for (const order of ['#1041', '#1050']) {
      const line = lines.find((l) => l.startsWith(`oos: ${order}: still not done:`));
      expect(line, again.stderr).toBeDefined();
      expect(line).toContain(`oos resolve --order '${order}' --remedy reship or --remedy refund`);
    }
  });
});
