/** Which language a customer is written to, and how days, deadlines' zones and money read in it. */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, parseLang, type Lang } from '../../src/domain/config.js';
import { customerLanguage, customerTimeZone, formatDay, formatDayTime, formatPrice, zoneLabel } from '../../src/domain/locale.js';
import { zonedToEpoch } from '../../src/domain/time.js';
import { itemText, variantValues } from '../../src/domain/message-view.js';
import { refundMethodOf } from '../../src/domain/refund-method.js';

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
    // Japanese is not the (Chinese) shop's language: a Japanese buyer is written to in English.
    [null, 'JP', 'en'],
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

  // From the country, a language only the shop writes: its own family (Simplified and Traditional
  // Chinese are one); any other foreign buyer gets English, however the export spells the country.
  const guessed = (shop: Lang, rows: [country: string, expected: Lang][]) => {
    for (const [country, expected] of rows) expect(customerLanguage(null, country, shop), `a ${shop} shop, country ${country}`).toBe(expected);
  };

  it('an English shop selling English listings abroad writes English, however the country is spelt', () => {
    guessed('en', ['SG', 'Singapore', 'SGP', 'sg', 'HK', 'Hong Kong', '香港', 'TW', 'MO', 'JP', 'Japan', '日本', 'CN', 'US'].map((c) => [c, 'en']));
  });

  it('a Chinese shop writes Traditional to Taiwan, Hong Kong and Macau, Simplified to the mainland and Singapore, English to Japan', () => {
    for (const shop of ['zh', 'zh-Hant'] as const)
      guessed(shop, [
        ['SG', 'zh'], ['Singapore', 'zh'], ['SGP', 'zh'], ['CN', 'zh'], ['China', 'zh'], ['中国', 'zh'],
        ['HK', 'zh-Hant'], ['Hong Kong', 'zh-Hant'], ['HKG', 'zh-Hant'], ['香港', 'zh-Hant'], ['Macao', 'zh-Hant'], ['Taiwan', 'zh-Hant'], ['台灣', 'zh-Hant'],
        ['JP', 'en'], ['Japan', 'en'], ['日本', 'en'], ['JPN', 'en'], ['US', 'en'],
      ]);
  });

  it('a Japanese shop writes Japanese to Japan however it is spelt, English elsewhere', () => {
    guessed('ja', [['JP', 'ja'], ['Japan', 'ja'], ['日本', 'ja'], ['JPN', 'ja'], ['TW', 'en'], ['Hong Kong', 'en'], ['CN', 'en'], ['Singapore', 'en'], ['US', 'en']]);
  });

  it("the buyer's own language column wins over the country and the shop; a plain zh follows the country however it is spelt", () => {
    for (const [language, country, shop, expected] of [
      ['ja', 'GB', 'en', 'ja'],
      ['zh-TW', 'US', 'en', 'zh-Hant'],
      ['zh-Hans', 'Hong Kong', 'en', 'zh'],
      ['en', 'Japan', 'ja', 'en'],
      ['English', '香港', 'zh', 'en'],
      ['zh', 'HKG', 'en', 'zh-Hant'],
      ['zh', 'Hong Kong', 'en', 'zh-Hant'],
      ['zh', 'Singapore', 'en', 'zh'],
      // No country at all: the shop's own language.
      [null, null, 'ja', 'ja'],
      [null, '  ', 'en', 'en'],
    ] as [string | null, string | null, Lang, Lang][])
      expect(customerLanguage(language, country, shop), `${language} ${country} ${shop}`).toBe(expected);
  });

  it('a deadline is in the customer\'s zone however the export spells the country', () => {
    for (const c of ['HK', 'hk', 'Hong Kong', 'HKG', '香港']) expect(customerTimeZone(c, 'Europe/London'), c).toBe('Asia/Hong_Kong');
    for (const c of ['JP', 'Japan', 'JPN', '日本']) expect(customerTimeZone(c, 'Europe/London'), c).toBe('Asia/Tokyo');
    for (const c of ['SG', 'Singapore', 'SGP']) expect(customerTimeZone(c, 'Europe/London'), c).toBe('Asia/Singapore');
    // Several zones, or none known: the shop's, named in the message.
    expect(customerTimeZone('United States', 'Europe/London')).toBe('Europe/London');
    expect(customerTimeZone(null, 'Europe/London')).toBe('Europe/London');
  });

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

  it('names a zone as it is on the day: standard time in winter, summer time in summer, the same zone asked both ways', () => {
    const winter = Date.UTC(2026, 0, 15, 12);
    const summer = Date.UTC(2026, 6, 15, 12);
    for (let i = 0; i < 2; i++) {
      expect(zoneLabel('America/Los_Angeles', 'en', winter)).toBe('Pacific Standard Time');
      expect(zoneLabel('America/Los_Angeles', 'en', summer)).toBe('Pacific Daylight Time');
      expect(zoneLabel('Europe/London', 'en', winter)).toBe('Greenwich Mean Time');
      expect(zoneLabel('Europe/London', 'en', summer)).toBe('British Summer Time');
      expect(zoneLabel('America/Los_Angeles', 'ja', summer)).toBe('米国太平洋夏時間');
    }
    // Same offset, another name: Chihuahua was at -06:00 on summer time until 30 October 2022, then at -06:00 on standard time.
    const before = Date.UTC(2022, 9, 25, 12);
    const after = Date.UTC(2022, 10, 2, 12);
    expect(zonedToEpoch('America/Chihuahua', 2022, 10, 25, 6) - before).toBe(zonedToEpoch('America/Chihuahua', 2022, 11, 2, 6) - after);
    expect(zoneLabel('America/Chihuahua', 'en', before)).not.toBe(zoneLabel('America/Chihuahua', 'en', after));
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
    // Next January, seen in November: no year (it would push a December SMS past two parts); one far off keeps it.
    expect(formatDay(Date.parse('2027-01-05T00:00:00+08:00'), 'zh-Hant', 'Asia/Taipei', NOW)).toBe('1月5日（週二）');
    expect(formatDay(Date.parse('2027-07-05T00:00:00+08:00'), 'zh-Hant', 'Asia/Taipei', NOW)).toBe('2027年7月5日（週一）');
    expect(formatDay(Date.parse('2025-10-05T00:00:00+08:00'), 'ja', 'Asia/Taipei', NOW)).toBe('2025年10月5日（日）');
    expect(formatDayTime(d + 15 * 3_600_000, 'zh-Hant', 'Asia/Taipei', NOW)).toBe('11月26日（週四）15:00');
  });

  it('an English day reads month first, with a 12-hour time, to an American reader, and day first elsewhere', () => {
    const d = Date.parse('2026-11-26T00:00:00-06:00');
    expect(formatDay(d, 'en', 'America/Chicago', NOW)).toBe('Thursday 26 November');
    expect(formatDay(d, 'en', 'America/Chicago', NOW, 'GB')).toBe('Thursday 26 November');
    expect(formatDay(d, 'en', 'America/Chicago', NOW, 'US')).toBe('Thursday, November 26');
    expect(formatDay(Date.parse('2027-07-05T00:00:00-05:00'), 'en', 'America/Chicago', NOW, 'US')).toBe('Monday, July 5, 2027');
    expect(formatDayTime(d + 9.5 * 3_600_000, 'en', 'America/Chicago', NOW, 'US')).toBe('Thursday, November 26, 9:30 AM');
    expect(formatDayTime(d, 'en', 'America/Chicago', NOW, 'US')).toBe('Thursday, November 26, 12:00 AM');
    expect(formatDayTime(d + 12 * 3_600_000, 'en', 'America/Chicago', NOW, 'PR')).toBe('Thursday, November 26, 12:00 PM');
    expect(formatDayTime(d + 15 * 3_600_000, 'en', 'America/Chicago', NOW, 'CA')).toBe('Thursday 26 November, 15:00');
    // Other languages keep their own way whatever the country.
    expect(formatDay(d, 'ja', 'America/Chicago', NOW, 'US')).toBe('11月26日（木）');
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
    ['ATM轉帳', 'Shopee', 'platform'],
    ['銀行轉帳', 'momo', 'platform'],
    ['Bank transfer', 'eBay', 'platform'],
    ['银行转账', 'taobao', 'platform'],
    ['ATM轉帳', 'shopify', 'bank'],
    ['銀行振込', 'rakuten', 'bank'],
    ['銀行振込', 'shopify', 'bank'],
    ['Bank transfer', null, 'bank'],
    ['信用卡', 'Shopee', 'card'],
    ['貨到付款', 'Shopee', 'cod'],
  ])('a transfer a marketplace collected is refunded by the marketplace, never by asking for an account: %s on %s refunds as %s', (p, channel, m) =>
    expect(refundMethodOf(p, channel)).toBe(m),
  );

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

describe('an item as the customer reads it', () => {
  // Exports label each variant value for the seller ("颜色分类：米白"): a message names the values.
  it.each([
    ['颜色分类：米白;尺码：1.8m床', ['米白', '1.8m床']],
    ['Color:Navy,Size:M', ['Navy', 'M']],
    ['カラー:ネイビー サイズ:M', ['ネイビー', 'M']],
    ['カラー:ネイビー\nサイズ:M', ['ネイビー', 'M']],
    ['Size: Large, Colour: Dark Green', ['Large', 'Dark Green']],
    // Not labelled throughout: kept as the shop wrote it.
    ['Navy / M', ['Navy / M']],
    ['Ratio 1:1', ['Ratio 1:1']],
    ['Time: 10:30', ['Time: 10:30']],
  ])('%j reads as %j', (variant, values) => {
    expect(variantValues(variant)).toEqual(values);
  });

  it('a message names the values in the reader\'s way, and not again when the title says them', () => {
    const bed = { title: '床笠', variant: '颜色分类：米白;尺码：1.8m床', sku: 'BED-1' };
    expect(itemText(bed, 1, 'zh')).toBe('床笠（米白，1.8m床） × 1');
    expect(itemText({ title: 'ニット帽', variant: 'カラー:ネイビー サイズ:M', sku: 'CAP' }, 1, 'ja')).toBe('ニット帽（ネイビー／M） × 1');
    expect(itemText({ title: '手工陶瓷茶杯 青瓷', variant: '颜色分类：青瓷', sku: 'CUP' }, 2, 'zh')).toBe('手工陶瓷茶杯 青瓷 × 2');
    // The M of "Merino" is not the size M.
    expect(itemText({ title: 'Merino Beanie', variant: 'Size: M', sku: 'B' }, 1, 'en')).toBe('Merino Beanie (M) x 1');
    expect(itemText({ title: 'Beanie', variant: 'Navy / M', sku: 'B' }, 1, 'en')).toBe('Beanie (Navy / M) x 1');
  });
});
