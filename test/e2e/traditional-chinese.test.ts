/**
 * A Taiwanese customer is written to in Traditional Chinese as Taiwan writes it: the order
 * says only its country (TW) in a generic orders CSV, the shop's own language stays zh, and the
 * message in the outbox is a `.zh-Hant.` file in Traditional characters, with Taiwan time and NT$.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { oos, query } from '../helpers/run.js';
import { exampleShop, scanShop, type Shop } from '../helpers/shop.js';

const AT = '2026-11-22T09:30';
const json = (s: string) => JSON.parse(s) as Record<string, any>;

/** Characters only Traditional writes, and their Simplified forms. */
const TRADITIONAL = /[訂單貨們運這還個]/;
const SIMPLIFIED = /[订单货们运这还个]/;

describe('a Taiwanese customer gets Traditional Chinese', () => {
  let shop: Shop;
  beforeAll(() => {
    shop = exampleShop({ shop: { name: 'Jade Leaf Tea House', timezone: 'Asia/Taipei', language: 'zh', currency: 'TWD', email: 'hello@jadeleaf.example' } });
    // No language column value: the country alone says Taiwan. The gift set has no stock.
    appendFileSync(
      join(shop.dir, 'orders.csv'),
      '#2031,2026-11-21 10:00,2026-11-21 10:00,open,陳怡君,yijun.chen@example.tw,0912-345-031,,TW,shopify,,,,,TWD,1280.00,信用卡,,SET-GIFT-A,Gongfu Tea Gift Set,Blue,1,1280.00,0\n',
    );
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
  });

  it('the first notice is a .zh-Hant. email in Traditional characters, Taiwan time and NT$', async () => {
    const r = shop.run(['resolve', '--order', '#2031', '--offer', '--channel', 'email', '--json'], AT);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(out.messages).toEqual([{ path: expect.stringMatching(/outbox\/2026-11-22\/2031-[0-9a-f]{8}\.0930\.notice-oversold\.email\.zh-Hant\.eml$/), channel: 'email', lang: 'zh-Hant', template: 'zh-Hant/notice-oversold' }]);
    const mail = await simpleParser(readFileSync(out.messages[0].path));
    const text = `${mail.subject}\n${mail.text}`;
    expect(mail.subject).toBe('【Jade Leaf Tea House】訂單#2031缺貨致歉及處理方式確認');
    expect(text).toContain('陳怡君 您好：');
    expect(text).toMatch(TRADITIONAL);
    expect(text).not.toMatch(SIMPLIFIED);
    expect(text).not.toMatch(/亲|北京时间|周[一二三四五六日]/);
    expect(text).toContain('全額退款NT$1,280');
    expect(text).toMatch(/請在11月23日（週一）09:30（台灣時間）前回覆/);
  });

  it('the SMS too, and the case remembers the language for its follow-ups', () => {
    const r = shop.run(['resolve', '--order', '#2031', '--remedy', 'refund', '--channel', 'sms', '--json'], AT);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(out.messages[0]).toMatchObject({ channel: 'sms', lang: 'zh-Hant', template: 'zh-Hant/confirm-refund' });
    expect(out.messages[0].path).toMatch(/\.confirm-refund\.sms\.zh-Hant\.txt$/);
    const sms = readFileSync(out.messages[0].path, 'utf8');
    expect(sms).toMatch(/^【Jade Leaf Tea House】訂單#2031（Gongfu T/);
    expect(sms).toMatch(TRADITIONAL);
    expect(sms).not.toMatch(SIMPLIFIED);
    // A UCS-2 SMS: at most two 67-character parts.
    expect(sms.trim().length).toBeLessThanOrEqual(2 * 67);
    expect(out.followups.length).toBeGreaterThan(0);
    const langs = query(shop.db, `SELECT DISTINCT lang FROM followups WHERE order_id = '#2031'`);
    expect(langs).toEqual([{ lang: 'zh-Hant' }]);
  });

  it('a mainland customer of the same shop still gets Simplified', () => {
    const r = shop.run(['resolve', '--order', '#2020', '--offer', '--channel', 'chat', '--json'], AT);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r.stdout);
    expect(out.messages[0]).toMatchObject({ lang: 'zh', template: 'zh/notice-oversold' });
    const text = readFileSync(out.messages[0].path, 'utf8');
    expect(text).toMatch(SIMPLIFIED);
    expect(text).not.toMatch(TRADITIONAL);
  });

  it('--lang zh-Hant writes Traditional to anyone, and oos templates checks every zh-Hant file', () => {
    const r = shop.run(['resolve', '--order', '#2008', '--offer', '--channel', 'chat', '--lang', 'zh-Hant', '--json'], AT);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).messages[0]).toMatchObject({ lang: 'zh-Hant', template: 'zh-Hant/notice-oversold' });
    const t = oos(['templates', '--no-color']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^zh-Hant$/m);
    expect(t.stdout).toContain('All 64 files checked');
    const one = oos(['templates', 'notice-oversold', '--lang', 'zh-Hant', '--channel', 'sms', '--no-color']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('zh-Hant/notice-oversold · sms');
    expect(one.stdout).toMatch(TRADITIONAL);
    const bad = oos(['templates', 'notice-oversold', '--lang', 'zh-TW']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--lang must be one of zh, zh-Hant, ja, en/);
  });
});
