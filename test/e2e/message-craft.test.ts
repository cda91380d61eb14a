/**
 * What a message carries besides its words: the shop's own address on an .eml (or no .eml at
 * all), the numbers on a phone script, a platform's rules (Amazon: no coupon, no link), and the
 * whole rendered set in docs/messages/ kept equal to what oos writes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, oos, query, ROOT, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop } from '../helpers/shop.js';

const NOW = '2026-11-22T09:00';
const AT = '2026-11-22T09:30';

const bodies = (db: string, order: string) => query<{ body: string; channel: string; intent: string }>(db, 'SELECT body, channel, intent FROM messages WHERE order_id = ? ORDER BY id', order);

describe('email drafts and phone scripts', () => {
  it('an .eml is From and Reply-To the configured shop address, and its signature gives the shop phone', async () => {
    const shop = exampleShop();
    expect(scanShop(shop, NOW).code).toBe(0);
    const r = shop.run(['resolve', '--order', '#2015', '--offer', '--channel', 'email', '--json'], AT);
    expect(r.code, r.stderr).toBe(0);
    const path = (JSON.parse(r.stdout) as { messages: { path: string }[] }).messages[0]!.path;
    expect(path).toMatch(/\.email\.en\.eml$/);
    const mail = await simpleParser(readFileSync(path));
    expect(mail.from?.value[0]?.address).toBe('hello@jadeleaf.example');
    expect(mail.replyTo?.value[0]?.address).toBe('hello@jadeleaf.example');
    expect(mail.from?.value[0]?.name).toBe('Jade Leaf Tea House');
    expect(mail.text).toContain('Phone: +86 571 8765 4321');
    expect(readFileSync(path, 'utf8')).not.toContain('example.invalid>');
  });

  it('without shop.email no .eml is written: a text draft with its subject, and the operator is told which key to set', () => {
    const shop = exampleShop({ shop: { name: 'Jade Leaf Tea House', timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' } });
    expect(scanShop(shop, NOW).code).toBe(0);
    const r = shop.run(['resolve', '--order', '#2015', '--offer', '--channel', 'email'], AT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: shop.email is not set in the config, so email messages are written as .txt drafts');
    expect(r.stderr).toContain('"shop": { "email":');
    const files = readdirSync(join(shop.outbox, '2026-11-22')).filter((f) => f.includes('.email.'));
    expect(files).toEqual([expect.stringMatching(/^2015-[0-9a-f]{8}\.0930\.notice-oversold\.email\.en\.txt$/)]);
    const text = readFileSync(join(shop.outbox, '2026-11-22', files[0]!), 'utf8');
    expect(text).toMatch(/^Subject: \[Jade Leaf Tea House\] .*#2015/);
    expect(text).not.toMatch(/^From:/m);
  });

  it.each([
    ['#2015', 'en', (phone: string) => `CALL ${phone} (order #2015)`, 'you can reach us on +86 571 8765 4321'],
    ['#2008', 'ja', (phone: string) => `■ 発信先：${phone}（ご注文#2008）`, 'Jade Leaf Tea House（+86 571 8765 4321）までお問い合わせください'],
    ['#2012', 'zh', (phone: string) => `【拨打】${phone}（订单#2012）`, '客服（电话+86 571 8765 4321）'],
  ])('a phone script for %s (%s) starts with the number to dial and gives the number to call back', (order, _lang, top, back) => {
    const shop = exampleShop();
    expect(scanShop(shop, NOW).code).toBe(0);
    const phone = query<{ phone: string | null }>(shop.db, 'SELECT phone FROM orders WHERE order_id = ?', order)[0]!.phone;
    expect(phone, `the example order ${order} has a phone number`).toBeTruthy();
    const r = shop.run(['resolve', '--order', order, '--offer', '--channel', 'phone'], AT);
    expect(r.code, r.stderr).toBe(0);
    const body = bodies(shop.db, order)[0]!.body;
    expect(body.split('\n')[0]).toBe(top(phone!));
    expect(body).toContain(back);
  });
});

describe("an export with no customer name, email or phone (Amazon's All Orders report)", () => {
  it('is written to through the platform chat, greeted without a name; an SMS, a call or an email is refused (64)', () => {
    const dir = tempDir('oos-noname-');
    writeFileSync(
      join(dir, 'orders.csv'),
      'order_id,paid_at,status,language,country,channel,ship_by,currency,order_total,payment_method,sku,title,variant,quantity,unit_price,fulfilled_quantity\n' +
        '028-0000001-0000001,2026-11-18 09:00,open,en,DE,amazon,2026-11-20 09:00,EUR,51.80,card,MUG-1,Coffee Mug,300 ml,2,25.90,0\n',
    );
    writeFileSync(join(dir, 'inventory.csv'), 'sku,title,variant,on_hand\nMUG-1,Coffee Mug,300 ml,10\n');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Becher Shop', timezone: 'Europe/Berlin', language: 'en', currency: 'EUR', email: 'shop@example.de' }, outbox: './outbox' }));
    const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
    expect(run(['scan', join(dir, 'orders.csv'), '--inventory', join(dir, 'inventory.csv')], '2026-11-22T10:00').code).toBe(0);
    for (const [channel, missing] of [['sms', 'phone number'], ['phone', 'phone number'], ['email', 'email address']] as const) {
      const r = run(['resolve', '--order', '028-0000001-0000001', '--offer', '--channel', channel], '2026-11-22T10:05');
      expect(r.code, channel).toBe(64);
      expect(r.stderr).toContain(`order 028-0000001-0000001 has no ${missing} in the export`);
      expect(r.stderr).toContain('--channel chat');
    }
    const chat = run(['resolve', '--order', '028-0000001-0000001', '--offer', '--channel', 'chat'], '2026-11-22T10:06');
    expect(chat.code, chat.stderr).toBe(0);
    const body = bodies(join(dir, 'oos.db'), '028-0000001-0000001')[0]!.body;
    expect(body.startsWith('Hello,\n')).toBe(true);
  });
});

describe('platform rules', () => {
  it('an Amazon order: no coupon code and no link in any message, from the notice to the follow-ups', () => {
    const dir = tempDir('oos-amazon-');
    writeFileSync(
      join(dir, 'orders.csv'),
      'order_id,paid_at,status,customer_name,email,phone,language,country,channel,ship_by,currency,order_total,payment_method,sku,title,variant,quantity,unit_price,fulfilled_quantity\n' +
        '111-2223334-5556667,2026-11-19 08:00,open,Pat Doe,pat@marketplace.amazon.example,+1 206 555 0100,en,US,amazon,2026-11-21 08:00,USD,58.00,card,TEA-1,Jasmine Pearl Green Tea,100 g,2,29.00,0\n',
    );
    writeFileSync(join(dir, 'inventory.csv'), 'sku,title,variant,on_hand,restock_date\nTEA-1,Jasmine Pearl Green Tea,100 g,0,2026-11-25\n');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Leaf & Co', timezone: 'America/New_York', language: 'en', currency: 'USD', email: 'help@leafco.example' }, outbox: './outbox' }));
    const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
    expect(run(['scan', join(dir, 'orders.csv'), '--inventory', join(dir, 'inventory.csv')], '2026-11-22T09:00').code).toBe(0);
    // (No SMS: Amazon buyers are reached only through Buyer-Seller Messaging, test/e2e/amazon-contact.test.ts.)
    for (const ch of ['email', 'chat'] as const) expect(run(['resolve', '--order', '111-2223334-5556667', '--offer', '--channel', ch], `2026-11-22T09:3${ch.length}`).code).toBe(0);
    // A coupon asked for is refused (and after the full refund below, nothing would be left to refund).
    const withCoupon = run(['resolve', '--order', '111-2223334-5556667', '--remedy', 'refund', '--coupon', '5', '--yes'], '2026-11-22T11:00');
    expect(withCoupon.code).toBe(64);
    expect(withCoupon.stderr).toMatch(/Amazon buyer messages may not carry a coupon/);
    const refund = run(['resolve', '--order', '111-2223334-5556667', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T12:00');
    expect(refund.code, refund.stderr).toBe(0);
    expect([0, 2]).toContain(run(['followup'], '2026-11-23T12:00').code);
    const written = bodies(join(dir, 'oos.db'), '111-2223334-5556667');
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const m of written) {
      expect(m.body, `${m.intent} ${m.channel}`).not.toMatch(/SORRY-|coupon|https?:\/\/|www\./i);
    }
  });
});

describe('docs/messages: the whole message set, as oos renders it', () => {
  it('equals what oos templates --render-all writes for the example shop (render again after a template change)', () => {
    const out = tempDir('oos-render-');
    const r = oos(['templates', '--render-all', '--out', out, '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T09:00']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['en.md', 'ja.md', 'zh-Hant.md', 'zh.md']);
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), `docs/messages/${f} is stale: run npm run messages`).toBe(readFileSync(join(ROOT, 'docs/messages', f), 'utf8'));
  });
});
