/**
 * Amazon lets a seller reach a buyer only through Buyer-Seller Messaging (docs/domain.md §8): through
 * a real Amazon order report that carries the buyer's phone number, the messages oos writes carry no
 * phone number or email address of the shop's own, an SMS or a call is refused as a usage error (64)
 * that names the ways that are allowed, and nothing (a default, a follow-up) turns into one.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { oos, query, tempDir } from '../helpers/run.js';

const HEADER = ['order-id', 'order-item-id', 'purchase-date', 'payments-date', 'promise-date', 'buyer-email', 'buyer-name', 'buyer-phone-number', 'sku', 'product-name', 'quantity-purchased', 'quantity-shipped', 'ship-country', 'currency', 'item-price'];
const ORDER = '202-1234567-1234567';
const SHOP = { name: 'Brambling Hobbies', timezone: 'Europe/London', language: 'en', currency: 'GBP', email: 'hello@brambling.example', phone: '+44 20 7946 0000', staff: 'Hannah', country: 'GB' };

function amazonShop() {
  const dir = tempDir('oos-amazon-contact-');
  const row = [ORDER, '40000000000001', '2026-10-20T21:05:00+00:00', '2026-10-20T21:05:00+00:00', '2026-10-22T22:59:59+00:00', 'x7k2m9q@marketplace.amazon.co.uk', 'Emma Clarke', '+44 7700 900201', 'LOCO-A4', 'Class A4 Locomotive OO Gauge', '1', '0', 'GB', 'GBP', '89.99'];
  writeFileSync(join(dir, 'amazon_unshipped.txt'), `${HEADER.join('\t')}\n${row.join('\t')}\n`);
  writeFileSync(join(dir, 'stock.csv'), 'sku,title,on_hand\nLOCO-A4,Class A4 Locomotive OO Gauge,0\n');
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: SHOP, outbox: './outbox' }));
  const db = join(dir, 'oos.db');
  const run = (args: string[], now: string) => oos([...args, '--db', db, '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
  const scan = run(['scan', join(dir, 'amazon_unshipped.txt'), '--inventory', join(dir, 'stock.csv')], '2026-10-21T09:00');
  expect(scan.code, scan.stderr).toBe(0);
  return { dir, db, run };
}

const outboxFiles = (dir: string) => readdirSync(join(dir, 'outbox'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(txt|eml)$/.test(f));

describe('an Amazon order is answered only through Buyer-Seller Messaging', () => {
  it('an SMS or a call to the number in the report is refused (64), naming email to the relay address and chat', () => {
    const shop = amazonShop();
    for (const [channel, what] of [['sms', 'SMS'], ['phone', 'call']] as const) {
      const r = shop.run(['resolve', '--order', ORDER, '--offer', '--channel', channel], '2026-10-21T09:20');
      expect(r.code, channel).toBe(64);
      expect(r.stderr).toContain(`order ${ORDER} is an Amazon order: Amazon allows contact with a buyer only through Buyer-Seller Messaging, so no ${what} may go to them`);
      expect(r.stderr).toContain('--channel email (to x7k2m9q@marketplace.amazon.co.uk');
      expect(r.stderr).toContain('--channel chat');
    }
    expect(query(shop.db, 'SELECT id FROM messages')).toEqual([]);
  });

  it('by default the notice is an email to the relay address, signed without the shop phone or email', async () => {
    const shop = amazonShop();
    const r = shop.run(['resolve', '--order', ORDER, '--offer', '--json'], '2026-10-21T09:30');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { messages: { path: string; channel: string }[] };
    expect(out.messages.map((m) => m.channel)).toEqual(['email']);
    const mail = await simpleParser(readFileSync(out.messages[0]!.path));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('x7k2m9q@marketplace.amazon.co.uk');
    const text = mail.text ?? '';
    expect(text).toMatch(/Kind regards,\s*\nHannah, Brambling Hobbies\s*$/);
    expect(text).not.toMatch(/Phone:|Email:|\+44 20 7946 0000|hello@brambling\.example|https?:\/\/|www\./);
  });

  it('a chat message too; and no second reminder, as no call may be made (the same words again would be a message sent twice)', () => {
    const shop = amazonShop();
    expect(shop.run(['resolve', '--order', ORDER, '--offer', '--channel', 'chat'], '2026-10-21T09:31').code).toBe(0);
    // The first reminder (written) is due in the evening; after it a reminder is a call where one may be made.
    expect([0, 2]).toContain(shop.run(['followup'], '2026-10-21T20:05').code);
    const planned = query<{ kind: string; channel: string }>(shop.db, 'SELECT kind, channel FROM followups ORDER BY id');
    expect(planned.filter((f) => f.kind === 'reminder')).toHaveLength(1);
    for (const f of planned) expect(['email', 'chat'], `${f.kind} by ${f.channel}`).toContain(f.channel);
    for (const m of query<{ body: string; channel: string }>(shop.db, 'SELECT body, channel FROM messages')) {
      expect(['email', 'chat']).toContain(m.channel);
      expect(m.body).not.toMatch(/\+44 20 7946 0000|hello@brambling\.example/);
    }
    expect(outboxFiles(shop.dir).filter((f) => /\.(sms|phone)\./.test(f))).toEqual([]);
  });
});

describe('an Amazon order with a phone number but no email address', () => {
  it('is written to by chat by default, never by SMS', () => {
    const dir = tempDir('oos-amazon-nomail-');
    writeFileSync(
      join(dir, 'orders.csv'),
      'order_id,paid_at,status,customer_name,phone,language,country,channel,ship_by,currency,order_total,payment_method,sku,title,quantity,unit_price,fulfilled_quantity\n' +
        `${ORDER},2026-10-20 21:05,open,Emma Clarke,+44 7700 900201,en,GB,amazon,2026-10-22 22:59,GBP,89.99,card,LOCO-A4,Class A4 Locomotive OO Gauge,1,89.99,0\n`,
    );
    writeFileSync(join(dir, 'stock.csv'), 'sku,title,on_hand\nLOCO-A4,Class A4 Locomotive OO Gauge,0\n');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: SHOP, outbox: './outbox' }));
    const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
    expect(run(['scan', join(dir, 'orders.csv'), '--inventory', join(dir, 'stock.csv')], '2026-10-21T09:00').code).toBe(0);
    const r = run(['resolve', '--order', ORDER, '--offer', '--json'], '2026-10-21T09:30');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { messages: { channel: string }[] }).messages.map((m) => m.channel)).toEqual(['chat']);
    // Asked for an email it has no address for, the hint offers chat, not the SMS Amazon forbids.
    const email = run(['resolve', '--order', ORDER, '--offer', '--channel', 'email'], '2026-10-21T09:35');
    expect(email.code).toBe(64);
    expect(email.stderr).toContain('--channel chat');
    expect(email.stderr).not.toContain('sms');
  });
});
