/**
 * Which language a buyer is written to when the export says only their country, through real
 * eBay and Amazon exports of an English-speaking UK shop: the country is read however the export
 * spells it (Amazon's "SG", eBay's "Singapore"), a language is guessed from it only when the shop
 * writes that language itself, and the reply deadline is in the buyer's own zone, named.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { oos, query, tempDir } from '../helpers/run.js';

const AMAZON_HEADER = ['order-id', 'order-item-id', 'purchase-date', 'payments-date', 'promise-date', 'buyer-email', 'buyer-name', 'sku', 'product-name', 'quantity-purchased', 'quantity-shipped', 'ship-country', 'currency', 'item-price'];
const EBAY_HEADER =
  'Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Post To Name,Post To Country,Item Number,Item Title,Custom Label,Quantity,Sold For,Total Price,Payment Method,Sale Date,Paid On Date,Post By Date,Posted On Date,Delivery Service,Tracking Number';
const ebayRow = (record: number, order: string, user: string, name: string, email: string, country: string, at: string) =>
  `${record},${order},${user},${name},${email},${name},${country},2266,Class A4 Locomotive OO Gauge,LOCO-A4,1,£89.99,£89.99,PayPal,20-Oct-26 ${at},20-Oct-26 ${at},22-Oct-26,,,`;

/** A UK shop writing English, with one Amazon order (SG, a code) and three eBay ones (names). */
function ukShop(language: string) {
  const dir = tempDir('oos-language-');
  writeFileSync(
    join(dir, 'oos.config.json'),
    JSON.stringify({ shop: { name: 'Brambling Hobbies', timezone: 'Europe/London', language, currency: 'GBP', email: 'hello@brambling.example', country: 'GB' }, outbox: './outbox' }),
  );
  const amazon = ['203-1111111-0000001', '4001', '2026-10-20T12:00:00+00:00', '2026-10-20T12:00:00+00:00', '2026-10-22T22:59:59+00:00', 'abc@marketplace.amazon.co.uk', 'Rajesh Kumar', 'LOCO-A4', 'Class A4 Locomotive OO Gauge', '1', '0', 'SG', 'GBP', '89.99'];
  writeFileSync(join(dir, 'amazon.txt'), `${AMAZON_HEADER.join('\t')}\n${amazon.join('\t')}\n`);
  writeFileSync(
    join(dir, 'ebay.csv'),
    [
      '',
      EBAY_HEADER,
      ',,,,,,,,,,,,,,,,,,,',
      ebayRow(2001, '12-22222-00001', 'raj_sg', 'Rajesh Kumar', 'raj@example.sg', 'Singapore', '12:00'),
      ebayRow(2002, '12-22222-00002', 'kwong_hk', 'Michael Kwong', 'm.kwong@example.hk', 'Hong Kong', '12:05'),
      ebayRow(2003, '12-22222-00003', 'mk_jp', 'Mark Evans', 'mark.e@example.jp', 'Japan', '12:10'),
      '',
      '3 record(s) downloaded,from 01-Oct-26 to 31-Oct-26',
      'Seller ID : brambling',
      '',
    ].join('\r\n'),
  );
  writeFileSync(join(dir, 'stock.csv'), 'sku,title,on_hand\nLOCO-A4,Class A4 Locomotive OO Gauge,0\n');
  const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
  const scan = run(['scan', join(dir, 'ebay.csv'), join(dir, 'amazon.txt'), '--inventory', join(dir, 'stock.csv')], '2026-10-21T09:00');
  expect(scan.code, scan.stderr).toBe(0);
  /** Offers the refund to the order and returns the language oos chose and the message's text. */
  const offer = (order: string) => {
    const r = run(['resolve', '--order', order, '--offer', '--channel', 'chat', '--json'], '2026-10-21T09:30');
    expect(r.code, r.stderr).toBe(0);
    const lang = (JSON.parse(r.stdout) as { messages: { lang: string }[] }).messages[0]!.lang;
    const body = query<{ body: string }>(join(dir, 'oos.db'), 'SELECT body FROM messages WHERE order_id = ? ORDER BY id DESC LIMIT 1', order)[0]!.body;
    return { lang, body };
  };
  return { offer, run };
}

describe('an English-speaking UK shop writes English to its buyers abroad', () => {
  let shop: ReturnType<typeof ukShop>;
  beforeAll(() => {
    shop = ukShop('en');
  });

  it.each([
    // One country, two spellings: the same language and the same zone.
    ['203-1111111-0000001', 'Singapore Standard Time', '16:30'],
    ['12-22222-00001', 'Singapore Standard Time', '16:30'],
    ['12-22222-00002', 'Hong Kong Standard Time', '16:30'],
    ['12-22222-00003', 'Japan Standard Time', '17:30'],
  ])('order %s: English, the reply deadline in %s', (order, zone, time) => {
    const { lang, body } = shop.offer(order);
    expect(lang).toBe('en');
    expect(body).toContain(`Thursday 22 October, ${time} (${zone})`);
    expect(body).not.toMatch(/British|[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('a Chinese shop writes Chinese to the same buyers where they read it, and English to Japan', () => {
  let shop: ReturnType<typeof ukShop>;
  beforeAll(() => {
    shop = ukShop('zh');
  });

  it('Simplified to Singapore however the export spells it, Traditional to Hong Kong, English to Japan, each in its own zone', () => {
    for (const [order, expected, zone] of [
      ['203-1111111-0000001', 'zh', '10月22日（周四）16:30（新加坡标准时间）'],
      ['12-22222-00001', 'zh', '10月22日（周四）16:30（新加坡标准时间）'],
      ['12-22222-00002', 'zh-Hant', '10月22日（週四）16:30（香港時間）'],
      ['12-22222-00003', 'en', 'Thursday 22 October, 17:30 (Japan Standard Time)'],
    ]) {
      const { lang, body } = shop.offer(order!);
      expect(lang, order).toBe(expected);
      expect(body, order).toContain(zone);
    }
  });
});

describe('an eBay order found by the number the operator goes by', () => {
  it('--order takes the Sales Record Number as well as the order number, and is refused when neither is known', () => {
    const shop = ukShop('en');
    // 2002 is the Sales Record Number of order 12-22222-00002 (Seller Hub shows both).
    const r = shop.run(['resolve', '--order', '2002', '--offer', '--channel', 'chat', '--json'], '2026-10-21T09:30');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { order_id: string }).order_id).toBe('12-22222-00002');
    const unknown = shop.run(['resolve', '--order', '2009', '--offer', '--channel', 'chat'], '2026-10-21T09:30');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('2009');
  });
});
