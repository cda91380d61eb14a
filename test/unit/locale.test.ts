/** Which language a customer is written to, and how days, deadlines' zones and money read in it. */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, parseLang, type Lang } from '../../src/domain/config.js';
import { customerLanguage, customerTimeZone, formatDay, formatDayTime, formatPrice, zoneLabel } from '../../src/domain/locale.js';
import { refundMethodOf } from '../../src/domain/message-view.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');

describe('the customer language', () => {
  it.each<[string | null, string | null, Lang]>([
    // Country alone: Taiwan, Hong Kong and Macau write Traditional; the mainland and Singapore Simplified.
    [null, 'TW', 'zh-Hant'],
    [null, 'HK', 'zh-Hant'],
    [null, 'MO', 'zh-Hant'],
    [null, 'tw', 'zh-Hant'],
    [null, 'Taiwan', 'zh-Hant'],
    [null, '台灣', 'zh-Hant'],
    [null, 'CN', 'zh'],
    [null, 'SG', 'zh'],
    [null, 'JP', 'ja'],
    [null, 'US', 'en'],
    // Language tags, in any case and with _ or -: Traditional before the generic zh.
    ['zh-TW', null, 'zh-Hant'],
    ['zh_TW', null, 'zh-Hant'],
    ['zh-HK', null, 'zh-Hant'],
    ['zh-MO', null, 'zh-Hant'],
    ['zh-Hant', null, 'zh-Hant'],
    ['zh-Hant-TW', null, 'zh-Hant'],
    ['zh-hant-hk', null, 'zh-Hant'],
    ['繁體中文', null, 'zh-Hant'],
    ['中文（繁体）', null, 'zh-Hant'],
    ['Chinese (Traditional)', null, 'zh-Hant'],
    ['zh-CN', null, 'zh'],
    ['zh-SG', null, 'zh'],
    ['zh-Hans', null, 'zh'],
    ['zh-Hans-HK', 'HK', 'zh'],
    ['Chinese (Simplified)', 'TW', 'zh'],
    ['zh', null, 'zh'],
    ['zh', 'CN', 'zh'],
    // A plain zh says Chinese, not which script: the country tells.
    ['zh', 'TW', 'zh-Hant'],
    ['Chinese', 'HK', 'zh-Hant'],
    // An explicit tag wins over the country.
    ['zh-CN', 'TW', 'zh'],
    ['zh-TW', 'CN', 'zh-Hant'],
    ['en', 'TW', 'en'],
    ['ja', 'TW', 'ja'],
    // Nothing known: the shop's language.
    [null, null, 'zh-Hant'],
  ])('language %j, country %j → %s', (l, c, expected) => expect(customerLanguage(l, c, 'zh-Hant')).toBe(expected));

  it('a Taiwanese customer reads deadlines in Taiwan time, whatever the shop zone', () => {
    expect(customerTimeZone('TW', 'Asia/Shanghai')).toBe('Asia/Taipei');
    expect(zoneLabel('Asia/Taipei', 'zh-Hant', NOW)).toBe('台灣時間');
    expect(zoneLabel('Asia/Hong_Kong', 'zh-Hant', NOW)).toBe('香港時間');
    expect(zoneLabel('Asia/Macau', 'zh-Hant', NOW)).toBe('澳門時間');
    expect(zoneLabel('Asia/Shanghai', 'zh-Hant', NOW)).toBe('北京時間');
    expect(zoneLabel('Asia/Shanghai', 'zh', NOW)).toBe('北京时间');
    expect(zoneLabel('Asia/Tokyo', 'zh-Hant', NOW)).toBe('日本標準時間');
    expect(zoneLabel('Asia/Tokyo', 'ja', NOW)).toBe('日本時間');
    for (const zone of ['Asia/Taipei', 'Asia/Tokyo', 'America/New_York', 'Europe/London']) expect(zoneLabel(zone, 'zh-Hant', NOW)).not.toMatch(/[时间标准东]/);
  });

  it('the language names on the command line and in the config', () => {
    expect(LANGUAGES).toEqual(['zh', 'zh-Hant', 'ja', 'en']);
    expect(parseLang('zh-Hant')).toBe('zh-Hant');
    expect(parseLang('ZH-hant')).toBe('zh-Hant');
    expect(parseLang(' ja ')).toBe('ja');
    expect(parseLang('zh-TW')).toBeNull();
    expect(parseLang('fr')).toBeNull();
  });
});

describe('days and money per reader', () => {
  it('a day reads 11月26日（週四） in Traditional, 11月26日（周四） in Simplified', () => {
    const d = Date.parse('2026-11-26T00:00:00+08:00');
    expect(formatDay(d, 'zh-Hant', 'Asia/Taipei', NOW)).toBe('11月26日（週四）');
    expect(formatDay(d, 'zh', 'Asia/Taipei', NOW)).toBe('11月26日（周四）');
    expect(formatDay(Date.parse('2027-01-05T00:00:00+08:00'), 'zh-Hant', 'Asia/Taipei', NOW)).toBe('2027年1月5日（週二）');
    expect(formatDayTime(d + 15 * 3_600_000, 'zh-Hant', 'Asia/Taipei', NOW)).toBe('11月26日（週四）15:00');
  });

  // The currency a reader would not assume is spelt out: ¥ is yuan to a mainland reader and yen to a
  // Japanese or Taiwanese one, and a bare $ is the New Taiwan dollar in Taiwan.
  const table: [string, number, Record<Lang, string>][] = [
    ['CNY', 29900, { zh: '¥299.00', 'zh-Hant': '人民幣299元', ja: '299元', en: 'CN¥299.00' }],
    ['CNY', 29950, { zh: '¥299.50', 'zh-Hant': '人民幣299.50元', ja: '299.50元', en: 'CN¥299.50' }],
    ['JPY', 1280, { zh: '1,280日元', 'zh-Hant': '1,280日圓', ja: '1,280円', en: '¥1,280' }],
    ['USD', 1250, { zh: '$12.50', 'zh-Hant': 'US$12.50', ja: '$12.50', en: '$12.50' }],
    ['EUR', 1250, { zh: '€12.50', 'zh-Hant': '€12.50', ja: '€12.50', en: '€12.50' }],
    ['TWD', 128000, { zh: 'NT$1,280', 'zh-Hant': 'NT$1,280', ja: 'NT$1,280', en: 'NT$1,280' }],
    ['TWD', 128050, { zh: 'NT$1,280.50', 'zh-Hant': 'NT$1,280.50', ja: 'NT$1,280.50', en: 'NT$1,280.50' }],
    ['HKD', 12850, { zh: 'HK$128.50', 'zh-Hant': 'HK$128.50', ja: 'HK$128.50', en: 'HK$128.50' }],
  ];
  it.each(table.flatMap(([cur, minor, by]) => LANGUAGES.map((lang) => [cur, minor, lang, by[lang]] as const)))('%s %i to a %s reader is %s', (cur, minor, lang, text) => {
    expect(formatPrice(minor, cur, lang)).toBe(text);
  });

  it('a negative amount keeps its sign in front', () => {
    expect(formatPrice(-1500, 'CNY', 'zh-Hant')).toBe('-人民幣15元');
    expect(formatPrice(-128000, 'TWD', 'zh-Hant')).toBe('-NT$1,280');
  });

  it.each([
    ['信用卡', 'card'],
    ['ATM轉帳', 'bank'],
    ['ATM', 'bank'],
    ['銀行匯款', 'bank'],
    ['超商取貨付款', 'cod'],
    ['貨到付款', 'cod'],
    ['LINE Pay', 'platform'],
    ['街口支付', 'platform'],
    ['JKOPAY', 'platform'],
    ['點數折抵', 'points'],
    ['購物金', 'points'],
  ])('a Taiwanese payment %s refunds as %s', (p, m) => expect(refundMethodOf(p)).toBe(m));

  it.each([
    ['银行卡', 'card'],
    ['银行卡支付', 'card'],
    ['Bank card', 'card'],
    ['bacs', 'bank'],
    ['对公转账', 'bank'],
    ['郵便振替', 'bank'],
    ['Pay on delivery', 'cod'],
    ['Bank transfer', 'bank'],
    ['銀行振込', 'bank'],
    ['QR code', 'original'],
  ])('a card paid through a bank is a card, a transfer under any name is a transfer: %s refunds as %s', (p, m) => expect(refundMethodOf(p)).toBe(m));

  it.each([
    ['代金引き換え', 'cod'],
    ['代金引換え', 'cod'],
    ['Cash-on-Delivery', 'cod'],
    ['cash_on_delivery', 'cod'],
    ['C.O.D.', 'cod'],
    ['COD', 'cod'],
    ['Decoded card', 'card'],
  ])('cash on delivery however the platform spells it: %s refunds as %s', (p, m) => expect(refundMethodOf(p)).toBe(m));
});
