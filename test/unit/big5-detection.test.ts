/**
 * Big5 (code page 950, what Excel saves CSV in on a Taiwanese or Hong Kong Windows) told apart
 * from GBK and Shift_JIS. All three are double-byte with overlapping ranges, and GB18030 decodes
 * Big5 bytes without an error into other hanzi (王小華 becomes two private-use characters and 地),
 * so each sample below, written by iconv-lite, must be read back exactly, and a reading that
 * garbles it must never be the one offered.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, displayEncoding, normaliseEncodingName, shopEncoding, textDecoder } from '../../src/import/decode.js';

/** A Taiwanese shop's order sheet: names, product titles, payment methods, addresses. */
const TAIWAN_ORDERS = [
  'order_id,paid_at,customer_name,phone,payment_method,sku,title,quantity,unit_price,shipping_method',
  'T1001,2026-11-15 09:12,陳怡君,0912-345-678,信用卡,TEA-OOLONG,高山烏龍茶 150g,2,680,宅配到府',
  'T1002,2026-11-15 10:40,林志明,0922-111-222,銀行轉帳,VASE-BLUE,藍釉花瓶,1,2350,宅配到府',
  'T1003,2026-11-15 11:05,王小華,0933-222-333,貨到付款,CUP-HAND,手工陶杯（兩入）,1,890,超商取貨',
  'T1004,2026-11-15 13:30,張雅婷,0955-666-777,超商取貨付款,BASKET,竹編收納籃,3,450,台北市大安區忠孝東路四段',
].join('\r\n');

/** The same sheet as a mainland shop writes it, in Simplified characters. */
const MAINLAND_ORDERS = [
  'order_id,paid_at,customer_name,phone,payment_method,sku,title,quantity,unit_price,shipping_method',
  'C1001,2026-11-15 09:12,陈怡君,13812345678,信用卡,TEA-OOLONG,高山乌龙茶 150g,2,136,快递到家',
  'C1002,2026-11-15 10:40,林志明,13922223333,银行转账,VASE-BLUE,蓝釉花瓶,1,470,快递到家',
  'C1003,2026-11-15 11:05,王小华,13733334444,货到付款,CUP-HAND,手工陶杯（两入）,1,178,驿站自提',
  'C1004,2026-11-15 13:30,张雅婷,13655556666,支付宝,BASKET,竹编收纳篮,3,90,浙江省杭州市西湖区',
].join('\r\n');

/** And as a Japanese shop writes it. */
const JAPAN_ORDERS = [
  'order_id,paid_at,customer_name,phone,payment_method,sku,title,quantity,unit_price,shipping_method',
  'J1001,2026-11-15 09:12,佐藤 花子,090-1234-5678,クレジットカード,TEA-OOLONG,高山烏龍茶 150g,2,2980,宅配便',
  'J1002,2026-11-15 10:40,高橋 一郎,080-2222-3333,銀行振込,VASE-BLUE,藍釉の花瓶,1,9800,宅配便',
  'J1003,2026-11-15 11:05,山田 太郎,070-3333-4444,代金引換,CUP-HAND,手作り湯呑み（2個入）,1,3500,コンビニ受取',
].join('\r\n');

/** Short cells a Taiwanese sheet holds, each alone in a file. */
const TRADITIONAL = [
  '王小華', '陳怡君', '林志明', '張雅婷', '李美玲', '黃建宏', '吳淑芬', '劉家豪', '蔡宗翰', '楊欣怡', '許志偉', '鄭雅文', '謝佩珊',
  '郭俊傑', '洪嘉玲', '曾國華', '廖文傑', '賴怡如', '周杰倫', '藍釉花瓶', '手工陶杯', '高山烏龍茶', '東方美人茶', '竹編收納籃',
  '銀行轉帳', '信用卡', '貨到付款', '超商取貨', '台北市大安區忠孝東路', '訂單已出貨',
];

const file = (text: string, encoding: string) => iconv.encode(`${text}\r\n`, encoding);
const decoded = (bytes: Buffer, encoding: string) => textDecoder(encoding, { fatal: true }).decode(bytes);

describe('a sheet saved by Excel in Big5', () => {
  it.each([undefined, 'big5'])('is read as Big5, every cell exact, whatever the shop (prefer %s)', (prefer) => {
    const bytes = file(TAIWAN_ORDERS, 'big5');
    const choice = chooseEncoding('orders.csv', bytes, undefined, true, { prefer });
    expect(choice).toMatchObject({ encoding: 'big5', how: 'sniffed' });
    expect(decoded(bytes, choice.encoding)).toBe(`${TAIWAN_ORDERS}\r\n`);
    // The GB18030 reading is shown, never offered: --encoding gb18030 would garble every name.
    expect(choice.warning).toMatch(/^orders\.csv: oos read it as Traditional Chinese text in Big5, where it says "陳怡君"; it also decodes as /);
    expect(choice.warning).not.toMatch(/run again with --encoding gb18030/);
  });

  it('the one-row file of the QA report (王小華, 銀行轉帳, 藍釉花瓶) is read as Big5, not refused with a GB18030 hint', () => {
    const text =
      'order_id,paid_at,customer_name,email,phone,language,country,currency,order_total,payment_method,sku,title,quantity,unit_price\r\n' +
      'T1003,2026-11-15 10:00,王小華,wang.xh@example.tw,0933-222-333,zh-TW,TW,TWD,2350,銀行轉帳,VASE-BLUE,藍釉花瓶,1,2350';
    const bytes = file(text, 'big5');
    const choice = chooseEncoding('orders.csv', bytes, undefined, true);
    expect(choice.encoding).toBe('big5');
    expect(decoded(bytes, 'big5')).toContain('王小華,wang.xh@example.tw');
    // And a stock sheet of one row.
    expect(chooseEncoding('stock.csv', file('sku,title,on_hand\r\nVASE-BLUE,藍釉花瓶,0', 'big5'), undefined, true).encoding).toBe('big5');
  });

  it.each(TRADITIONAL)('%s alone is read as Big5 in a shop that writes Traditional Chinese', (text) => {
    const bytes = file(`name\r\n${text}`, 'big5');
    const choice = chooseEncoding('f.csv', bytes, undefined, true, { prefer: 'big5' });
    expect(choice.encoding).toBe('big5');
    expect(decoded(bytes, 'big5')).toBe(`name\r\n${text}\r\n`);
  });

  it('most short cells are Big5 by their bytes alone: a second byte below 0x80, or a GB18030 reading of rare or private-use codes', () => {
    const big5 = TRADITIONAL.filter((text) => chooseEncoding('f.csv', file(`name\r\n${text}`, 'big5'), undefined, true).encoding === 'big5');
    expect(big5.length).toBeGreaterThanOrEqual(TRADITIONAL.length - 2);
  });

  it('a name the bytes cannot settle (曾國華 is 纯瓣地 in GB18030) goes by the shop, and the other reading is offered', () => {
    const bytes = file('name\r\n曾國華', 'big5');
    const taiwan = chooseEncoding('f.csv', bytes, undefined, true, { prefer: 'big5' });
    expect(taiwan.encoding).toBe('big5');
    expect(taiwan.warning).toMatch(/where it says "曾國華"; it also decodes as GB18030, where it says "纯瓣地", which is about as plausible: oos went by the shop.*run again with --encoding gb18030/);
    // Elsewhere no byte says Big5, and GB2312 never has a second byte below 0x80: GB18030, with Big5 offered.
    const elsewhere = chooseEncoding('f.csv', bytes, undefined, true);
    expect(elsewhere.encoding).toBe('gb18030');
    expect(elsewhere.warning).toMatch(/it also decodes as Big5, where it says "曾國華".*run again with --encoding big5/);
    // Either named encoding is taken as given.
    expect(chooseEncoding('f.csv', bytes, 'big5', true).encoding).toBe('big5');
    expect(chooseEncoding('f.csv', bytes, 'gb18030', true, { prefer: 'big5' }).encoding).toBe('gb18030');
  });
});

describe('Big5, GBK and Shift_JIS told apart', () => {
  it.each([undefined, 'big5'])('the same order sheet written in each is read back in each, whatever the shop (prefer %s)', (prefer) => {
    for (const [text, written, read] of [
      [TAIWAN_ORDERS, 'big5', 'big5'],
      // GB2312 hanzi never have a second byte below 0x80: a shop writing Traditional Chinese does not make this Big5.
      [MAINLAND_ORDERS, 'gbk', 'gb18030'],
      [JAPAN_ORDERS, 'cp932', 'shift_jis'],
    ] as const) {
      const bytes = file(text, written);
      const choice = chooseEncoding('orders.csv', bytes, undefined, true, { prefer });
      expect(choice.encoding, written).toBe(read);
      expect(decoded(bytes, read)).toBe(`${text}\r\n`);
      // Whatever other reading there is, the bytes rule it out: none is offered.
      expect(choice.warning ?? '', written).not.toMatch(/run again with --encoding/);
    }
  });
});

describe('--encoding against the bytes', () => {
  const big5 = file(TAIWAN_ORDERS, 'big5');
  const gbk = file(MAINLAND_ORDERS, 'gbk');

  it('GB18030 or Shift_JIS named for a Big5 sheet is refused, naming big5', () => {
    for (const named of ['gb18030', 'gbk', 'shift_jis']) {
      expect(() => chooseEncoding('orders.csv', big5, named, true)).toThrow(/looks like Traditional Chinese \(Big5\) text; read as .* it would be garbled/);
      try {
        chooseEncoding('orders.csv', big5, named, true);
      } catch (e) {
        expect((e as { hint?: string }).hint).toBe('run again with --encoding big5, or without --encoding');
      }
    }
  });

  it('big5 named for a GBK sheet is refused, naming gb18030; named for the Big5 sheet it is taken', () => {
    expect(() => chooseEncoding('orders.csv', gbk, 'big5', true)).toThrow(/looks like Chinese \(GB18030\/GBK\) text; read as Big5 it would be garbled/);
    expect(chooseEncoding('orders.csv', big5, 'cp950', true)).toMatchObject({ encoding: 'big5', how: 'flag' });
  });

  it('a UTF-8 file named big5 says so and names the encoding it looks like', () => {
    expect(() => chooseEncoding('orders.csv', big5, 'utf-8', true)).toThrow(/not UTF-8 text \(it looks like Traditional Chinese \(Big5\)\)/);
  });

  it('with keepUtf8 (the files besides the orders), a UTF-8 file stays UTF-8 and a Big5 one is read as named', () => {
    const utf8 = Buffer.from('sku,title,on_hand\r\nVASE-BLUE,藍釉花瓶,0\r\n');
    expect(chooseEncoding('stock.csv', utf8, 'big5', true, { keepUtf8: true })).toMatchObject({ encoding: 'utf-8', how: 'utf-8' });
    expect(chooseEncoding('stock.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'big5', true, { keepUtf8: true })).toMatchObject({ encoding: 'utf-8', how: 'bom' });
    expect(chooseEncoding('stock.csv', file('sku,title,on_hand\r\nVASE-BLUE,藍釉花瓶,0', 'big5'), 'big5', true, { keepUtf8: true })).toMatchObject({ encoding: 'big5', how: 'flag' });
    // An order file keeps its contract: a UTF-8 one named anything else is refused.
    expect(() => chooseEncoding('orders.csv', utf8, 'big5', true)).toThrow(/is UTF-8 text/);
  });

  it('knows the names Big5 goes by', () => {
    for (const name of ['big5', 'BIG5', 'cp950', 'MS950', 'windows-950']) expect(normaliseEncodingName(name)).toBe('big5');
    expect(displayEncoding('big5')).toBe('Big5');
  });
});

describe("the shop's script, from its config", () => {
  const shop = { language: 'zh', currency: 'CNY', timezone: 'Asia/Shanghai', country: null };
  it.each([
    [{ ...shop, language: 'zh-Hant' }, 'big5'],
    [{ ...shop, currency: 'TWD' }, 'big5'],
    [{ ...shop, timezone: 'Asia/Taipei' }, 'big5'],
    [{ ...shop, country: 'tw' }, 'big5'],
    [{ ...shop, currency: 'HKD', timezone: 'Asia/Hong_Kong' }, 'big5'],
    [shop, undefined],
    [{ language: 'ja', currency: 'JPY', timezone: 'Asia/Tokyo', country: 'JP' }, undefined],
    [{ language: 'en', currency: 'USD', timezone: 'America/New_York', country: null }, undefined],
  ])('%j prefers %s', (config, want) => expect(shopEncoding(config)).toBe(want));
});
