/**
 * An out-of-stock order the customer collects at the shop (local pickup): nothing is shipped, so
 * the offer, the confirmation of the wait and the daily updates say when it is ready to collect,
 * never that it ships or that a tracking number follows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';
import { tree } from '../helpers/shop.js';

// #2001 paid first and took the last teapot; #2002 is collected at the shop and is short of one.
const ORDERS = `order_id,paid_at,customer_name,email,country,shipping_method,currency,order_total,sku,title,quantity,unit_price
#2001,2026-11-20 10:00,Ruth Baker,ruth@example.com,GB,Royal Mail Tracked 48,GBP,42.00,POT-1,Cast Iron Teapot,1,42.00
#2002,2026-11-20 11:00,Sam Patel,sam@example.com,GB,Local pickup,GBP,42.00,POT-1,Cast Iron Teapot,1,42.00
`;
const INVENTORY = `sku,title,on_hand,restock_date,incoming
POT-1,Cast Iron Teapot,1,2026-11-25,6
`;

/** The text of an .eml the outbox wrote (UTF-8 in base64 after the headers). */
const decodeEml = (eml: string) => Buffer.from(eml.slice(eml.indexOf('\r\n\r\n') + 4), 'base64').toString('utf8').replace(/\r\n/g, '\n');

/** Every email written for the order, by intent (the outbox's file names carry it). */
function messages(dir: string, order: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, content] of Object.entries(tree(join(dir, 'outbox')))) {
    const intent = /\.(notice-oversold|confirm-wait|followup-wait-update|followup-date-slipped)\./.exec(path)?.[1];
    if (intent && path.endsWith('.eml') && path.includes(`${order.replace('#', '')}-`)) out[intent] = decodeEml(content);
  }
  return out;
}

describe('an out-of-stock order the customer collects at the shop', () => {
  it('is offered, confirmed and updated as ready to collect, never as shipped with a tracking number', () => {
    const dir = tempDir('oos-pickup-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Kettle & Co', timezone: 'Europe/London', language: 'en', currency: 'GBP', email: 'hello@kettle.example' } }));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'inventory.csv'), INVENTORY);
    const run = (args: string[], now: string, code = 0) => {
      const r = oos([...args, '--now', now], { cwd: dir });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
      return r;
    };
    const scan = run(['scan', 'orders.csv', '--inventory', 'inventory.csv', '--json'], '2026-11-21T09:00');
    expect(scan.stdout).toContain('#2002');
    run(['resolve', '--order', '#2002', '--offer', '--channel', 'email'], '2026-11-21T09:30');
    run(['resolve', '--order', '#2002', '--remedy', 'wait'], '2026-11-21T15:00');
    run(['followup'], '2026-11-22T10:00');
    // The supplier moves the delivery before the day comes: the customer hears of the new date.
    writeFileSync(join(dir, 'inventory.csv'), INVENTORY.replace('2026-11-25', '2026-11-28'));
    run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-23T09:00');
    // The operator is told the date moved (exit 2), and the customer's message is written.
    expect(run(['followup'], '2026-11-23T10:00', 2).stderr).toContain('was moved by the supplier');

    const m = messages(dir, '#2002');
    expect(Object.keys(m).sort()).toEqual(['confirm-wait', 'followup-date-slipped', 'followup-wait-update', 'notice-oversold']);
    for (const [intent, text] of Object.entries(m)) {
      expect(text, intent).toMatch(/ready (for you )?to collect/);
      expect(text, intent).not.toMatch(/ship|tracking|parcel|courier|carrier|postage/i);
    }
    expect(m['notice-oversold']).toContain("WAIT - new stock is due on Wednesday 25 November, and your order will be ready to collect as soon as it's in: we'll let you know the moment it is.");
    expect(m['confirm-wait']).toContain("New stock arrives on Wednesday 25 November, and your order will be ready to collect as soon as it's in. We'll let you know the moment it is");
    expect(m['followup-wait-update']).toContain("your order will be ready to collect as soon as it's in. We'll let you know the moment it is");
    expect(m['followup-date-slipped']).toContain('The new date is Saturday 28 November. Your order will be ready to collect as soon as the stock is in');
  });
});

describe('the stock comes in for a customer who collects at the shop', () => {
  it('the operator is told once to say it is ready to collect, never that it "has not shipped" or to give a new date', () => {
    const dir = tempDir('oos-pickup-ready-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Kettle & Co', timezone: 'Europe/London', language: 'en', currency: 'GBP', email: 'hello@kettle.example' } }));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'inventory.csv'), INVENTORY);
    const run = (args: string[], now: string) => oos([...args, '--now', now], { cwd: dir });
    expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-21T09:00').code).toBe(0);
    expect(run(['resolve', '--order', '#2002', '--remedy', 'wait'], '2026-11-21T15:00').code).toBe(0);
    // The teapots come on the promised day; #2002 is not collected yet.
    writeFileSync(join(dir, 'inventory.csv'), 'sku,title,on_hand\nPOT-1,Cast Iron Teapot,7\n');
    expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-25T09:00').code).toBe(0);
    const stderr = ['2026-11-25T10:00', '2026-11-26T10:00', '2026-11-27T10:00', '2026-11-28T10:00'].map((at) => run(['followup'], at).stderr).join('\n');
    const about = stderr.split('\n').filter((l) => l.includes('#2002'));
    expect(about.filter((l) => l.includes('ready to collect'))).toHaveLength(1);
    expect(stderr).not.toMatch(/#2002 was promised to ship|has not shipped|a new date/);
  });
});
