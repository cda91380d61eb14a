/**
 * A stuck parcel the customer chose to wait for, past the day the shop gave the carrier: what the
 * operator hears on every cron run after it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';
import { tree } from '../helpers/shop.js';

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

/** The text of an .eml the outbox wrote (UTF-8 in base64 after the headers). */
const decodeEml = (eml: string) => Buffer.from(eml.slice(eml.indexOf('\r\n\r\n') + 4), 'base64').toString('utf8').replace(/\r\n/g, '\n');

/** The plain text of every message written for the order, by intent (the outbox's file names carry it). */
function messages(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, content] of Object.entries(tree(join(dir, 'outbox')))) {
    const intent = /\.(notice-stalled|confirm-wait|followup-wait-update|followup-date-slipped)\./.exec(path)?.[1];
    if (intent && path.includes('1041-')) out[intent] = decodeEml(content);
  }
  return out;
}

describe('a stuck parcel waited for with no stock for a new parcel', () => {
  it('is promised the refund alone at the end of the wait, and the operator is told to record a refund', () => {
    const { dir, run } = shop(0);
    for (const day of ['17', '18', '19']) run(['followup'], `2026-12-${day}T10:00`);
    const again = run(['followup'], '2026-12-19T11:00');
    const m = messages(dir);
    expect(Object.keys(m).sort()).toEqual(['confirm-wait', 'followup-date-slipped', 'followup-wait-update', 'notice-stalled']);
    // Nothing promises a parcel there is no stock for, from the first word to the day the wait ends.
    for (const text of Object.values(m)) {
      expect(text).not.toMatch(/new parcel|RESHIP|whichever you prefer/);
    }
    expect(m['confirm-wait']).toContain("If there's no progress by Friday, December 18, we'll refund you.");
    expect(m['followup-date-slipped']).toContain("As promised, we'll refund you.");
    const line = again.stderr.split('\n').find((l) => l.startsWith('oos: #1041: still not done:'));
    expect(line, again.stderr).toContain("oos resolve --order '#1041' --remedy refund");
    expect(line).not.toContain('reship');
  });

  it('with stock for it, the wait still ends in the customer\'s choice of a new parcel or a refund', () => {
    const { dir, run } = shop(5);
    for (const day of ['17', '18', '19']) run(['followup'], `2026-12-${day}T10:00`);
    const m = messages(dir);
    expect(m['confirm-wait']).toContain("we'll send you a new parcel or refund you, whichever you prefer.");
    expect(m['followup-date-slipped']).toContain('RESHIP');
  });
});
