/**
 * Names reach the database exactly as the file has them, whatever its encoding and
 * whatever the shop's language: the files are written by iconv-lite here, in UTF-8,
 * GB18030, Shift_JIS and Big5, and scanned in a Chinese, a Japanese, an English and a
 * Taiwanese shop.
 */
import iconv from 'iconv-lite';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, oos, query, tempDir } from '../helpers/run.js';

const HEADER = 'order_id,paid_at,customer_name,sku,title,quantity,unit_price\n';
const NAMES: Record<string, string[]> = {
  'utf-8': ['佐藤 花子', '王芳', 'Jürgen Müller', 'さとう', '髙橋'],
  gb18030: ['王芳', '李娜', '欧阳娜娜', '张伟', '陈静'],
  shift_jis: ['佐藤', '高橋 一郎', 'さとう はなこ', '山口', '渡辺様'],
};
const TITLES: Record<string, string> = { 'utf-8': 'Tea', gb18030: '普洱茶', shift_jis: 'ほうじ茶' };

function scanIn(language: string, encoding: string, names: string[]) {
  const dir = tempDir(`oos-enc-${language}-${encoding}-`);
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { language, timezone: 'Asia/Tokyo', currency: 'JPY' }, outbox: './outbox' }));
  const rows = names.map((n, i) => `A${i},2026-11-19 09:10,${n},SKU-${i},${TITLES[encoding]},1,1280`).join('\n');
  writeFileSync(join(dir, 'orders.csv'), iconv.encode(`${HEADER}${rows}\n`, encoding));
  const db = join(dir, 'oos.db');
  const run = oos(['scan', join(dir, 'orders.csv'), '--db', db, '--now', '2026-11-19T12:00', '--json'], { cwd: dir });
  return { run, db };
}

describe.each(['zh', 'ja', 'en'])('a %s shop', (language) => {
  it.each(Object.keys(NAMES))('stores the names of a %s file as written', (encoding) => {
    const { run, db } = scanIn(language, encoding, NAMES[encoding]!);
    expect(run.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(run.code).toBe(0);
    const names = query<{ customer_name: string }>(db, 'SELECT customer_name FROM orders ORDER BY order_id').map((r) => r.customer_name);
    expect(names).toEqual(NAMES[encoding]);
    const titles = query<{ title: string }>(db, 'SELECT DISTINCT title FROM order_lines').map((r) => r.title);
    expect(titles).toEqual([TITLES[encoding]]);
    const out = JSON.parse(run.stdout) as { warnings: string[] };
    // Legacy CJK bytes also decode as another encoding: the scan says which reading it took.
    if (encoding === 'utf-8') expect(out.warnings.filter((w) => /not UTF-8/.test(w))).toEqual([]);
    else expect(out.warnings.join('\n')).toMatch(new RegExp(`read it as \\w+ text in ${encoding === 'gb18030' ? 'GB18030' : 'Shift_JIS'}`));
  });
});

describe('a Shift_JIS file that GB18030 also decodes', () => {
  it('is read as Shift_JIS in a Chinese shop, and the scan says so on stderr', () => {
    const { run, db } = (() => {
      const dir = tempDir('oos-enc-warn-');
      writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { language: 'zh' }, outbox: './outbox' }));
      writeFileSync(join(dir, 'orders.csv'), iconv.encode(`${HEADER}J1,2026-11-19 09:10,佐藤,SKU1,Tea,1,1280\n`, 'shift_jis'));
      const db = join(dir, 'oos.db');
      return { run: oos(['scan', join(dir, 'orders.csv'), '--db', db, '--now', '2026-11-19T12:00'], { cwd: dir }), db };
    })();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: .*orders\.csv: oos read it as Japanese text in Shift_JIS, where it says "佐藤"; it also decodes as GB18030, where it says "嵅摗"/m);
    expect(query<{ customer_name: string }>(db, 'SELECT customer_name FROM orders')).toEqual([{ customer_name: '佐藤' }]);
  });

  it('a line in another encoding is refused with the encoding it reads as, storing nothing', () => {
    const dir = tempDir('oos-enc-mixed-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { language: 'zh' }, outbox: './outbox' }));
    // Chinese GB18030 rows, then one row saved as Shift_JIS: its half-width katakana are invalid GB18030.
    const rows = Array.from({ length: 300 }, (_, i) => `C${i},2026-11-19 09:10,王芳,SKU1,普洱茶,1,88\n`).join('');
    writeFileSync(join(dir, 'orders.csv'), Buffer.concat([iconv.encode(HEADER + rows, 'gbk'), iconv.encode('J1,2026-11-19 09:10,ｻﾄｳ,SKU1,Tea,1,88\n', 'shift_jis')]));
    const db = join(dir, 'oos.db');
    const scan = (...extra: string[]) => oos(['scan', join(dir, 'orders.csv'), '--db', db, '--now', '2026-11-19T12:00', ...extra], { cwd: dir });
    const detected = scan();
    expect(detected.code).toBe(65);
    expect(detected.stderr).toMatch(/cannot tell its encoding from its text: .*as GB18030 it has invalid bytes on line 302/);
    const forced = scan('--encoding', 'gb18030');
    expect(forced.code).toBe(65);
    expect(forced.stderr).toMatch(/orders\.csv, line 302: invalid GB18030 text\nhint: this part of the file reads as Japanese \(Shift_JIS\) text: run again with --encoding shift_jis/);
    // Nothing stored: a first scan that fails leaves no database at all.
    expect(existsSync(db)).toBe(false);
  });
});

describe("a Taiwanese shop's Excel sheets, saved in Big5 (code page 950)", () => {
  const ORDERS = [
    'order_id,paid_at,customer_name,phone,country,currency,payment_method,sku,title,quantity,unit_price',
    'T1001,2026-11-15 09:12,陳怡君,0912-345-678,TW,TWD,信用卡,TEA-OOLONG,高山烏龍茶 150g,2,680',
    'T1002,2026-11-15 10:40,林志明,0922-111-222,TW,TWD,銀行轉帳,VASE-BLUE,藍釉花瓶,1,2350',
    'T1003,2026-11-15 11:05,王小華,0933-222-333,TW,TWD,貨到付款,CUP-HAND,手工陶杯（兩入）,1,890',
  ].join('\r\n');
  const STOCK = ['sku,title,on_hand', 'TEA-OOLONG,高山烏龍茶 150g,12', 'VASE-BLUE,藍釉花瓶,0', 'CUP-HAND,手工陶杯（兩入）,5'].join('\r\n');
  const TAIWAN = { name: '青木小舖', language: 'zh-Hant', timezone: 'Asia/Taipei', currency: 'TWD', country: 'TW' };

  function shop(config: object, stockEncoding = 'big5') {
    const dir = tempDir('oos-enc-big5-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: config, outbox: './outbox' }));
    writeFileSync(join(dir, 'orders.csv'), iconv.encode(`${ORDERS}\r\n`, 'big5'));
    writeFileSync(join(dir, 'stock.csv'), iconv.encode(`${STOCK}\r\n`, stockEncoding));
    const db = join(dir, 'oos.db');
    const scan = (...extra: string[]) => oos(['scan', join(dir, 'orders.csv'), '--inventory', join(dir, 'stock.csv'), '--db', db, '--now', '2026-11-16T09:00', '--json', ...extra], { cwd: dir });
    return { dir, db, scan };
  }

  function expectReadAsWritten(db: string) {
    expect(query(db, 'SELECT customer_name, payment_method FROM orders ORDER BY order_id')).toEqual([
      { customer_name: '陳怡君', payment_method: '信用卡' },
      { customer_name: '林志明', payment_method: '銀行轉帳' },
      { customer_name: '王小華', payment_method: '貨到付款' },
    ]);
    expect(query(db, 'SELECT title FROM order_lines ORDER BY order_id')).toEqual([{ title: '高山烏龍茶 150g' }, { title: '藍釉花瓶' }, { title: '手工陶杯（兩入）' }]);
    expect(query(db, 'SELECT sku, title FROM inventory ORDER BY sku')).toEqual([
      { sku: 'CUP-HAND', title: '手工陶杯（兩入）' },
      { sku: 'TEA-OOLONG', title: '高山烏龍茶 150g' },
      { sku: 'VASE-BLUE', title: '藍釉花瓶' },
    ]);
  }

  it.each([
    ['a Taiwanese shop', TAIWAN],
    ['an English-speaking shop (the bytes alone tell)', { name: 'Blue Glaze', language: 'en', timezone: 'Europe/London', currency: 'GBP' }],
  ])('in %s, the orders and the stock file are read as Big5 without --encoding, every name as written', (_, config) => {
    const { db, scan } = shop(config);
    const r = scan();
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: { file: string; encoding: string }[]; warnings: string[] };
    expect(out.files.map((f) => f.encoding)).toEqual(['Big5, comma-separated', 'Big5, comma-separated']);
    expectReadAsWritten(db);
    // The GB18030 reading is named in the warning but never offered: it would garble every name.
    expect(out.warnings.join('\n')).toMatch(/orders\.csv: oos read it as Traditional Chinese text in Big5, where it says "陳怡君"/);
    expect(out.warnings.join('\n')).not.toMatch(/--encoding gb18030/);
  });

  it('--encoding big5 applies to the stock file too; a stock file saved as UTF-8 next to it stays UTF-8', () => {
    const big5 = shop(TAIWAN);
    const r = big5.scan('--encoding', 'big5');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { encoding: string }[] }).files.map((f) => f.encoding)).toEqual(['Big5, comma-separated', 'Big5, comma-separated']);
    expect(r.stderr).toBe(''); // named, so no warning
    expectReadAsWritten(big5.db);

    const utf8 = shop(TAIWAN, 'utf-8');
    const u = utf8.scan('--encoding', 'cp950');
    expect(u.code, u.stderr).toBe(0);
    expect((JSON.parse(u.stdout) as { files: { encoding: string }[] }).files.map((f) => f.encoding)).toEqual(['Big5, comma-separated', 'UTF-8, comma-separated']);
    expectReadAsWritten(utf8.db);
  });

  it('a file too short for its bytes to tell (one name: 曾國華, 纯瓣地 in GB18030) goes by the shop', () => {
    const write = (config: object) => {
      const dir = tempDir('oos-enc-big5-short-');
      writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: config, outbox: './outbox' }));
      writeFileSync(join(dir, 'orders.csv'), iconv.encode(`${HEADER}T1,2026-11-15 09:12,曾國華,TEA-OOLONG,Oolong tea,1,680\n`, 'big5'));
      const db = join(dir, 'oos.db');
      return (...extra: string[]) => ({ r: oos(['scan', join(dir, 'orders.csv'), '--db', db, '--now', '2026-11-16T09:00', ...extra], { cwd: dir }), db });
    };
    const taiwan = write(TAIWAN)();
    expect(taiwan.r.code, taiwan.r.stderr).toBe(0);
    expect(taiwan.r.stderr).toMatch(/read it as Traditional Chinese text in Big5, where it says "曾國華"; .*oos went by the shop, which writes Traditional Chinese.*run again with --encoding gb18030/);
    expect(query(taiwan.db, 'SELECT customer_name FROM orders')).toEqual([{ customer_name: '曾國華' }]);
    // A shop that does not write Traditional Chinese reads GB18030, and is offered Big5, which it can take.
    const scan = write({ name: 'Blue Glaze', language: 'en', timezone: 'Europe/London', currency: 'GBP' });
    const elsewhere = scan();
    expect(elsewhere.r.stderr).toMatch(/read it as Chinese text in GB18030, where it says "纯瓣地"; it also decodes as Big5, where it says "曾國華".*run again with --encoding big5/);
    for (const f of ['', '-wal', '-shm']) rmSync(`${elsewhere.db}${f}`, { force: true });
    const named = scan('--encoding', 'big5');
    expect(named.r.code, named.r.stderr).toBe(0);
    expect(query(named.db, 'SELECT customer_name FROM orders')).toEqual([{ customer_name: '曾國華' }]);
  });

  it('--encoding gb18030 (the hint oos used to give) is refused naming big5, and nothing is stored', () => {
    const { db, scan } = shop(TAIWAN);
    const r = scan('--encoding', 'gb18030');
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/orders\.csv: --encoding gb18030 was given, but the file looks like Traditional Chinese \(Big5\) text; read as GB18030 it would be garbled\nhint: run again with --encoding big5, or without --encoding/);
    expect(existsSync(db)).toBe(false);
  });
});

describe("a platform's own export in its own script", () => {
  it('Taobao in GB18030: its header (订单编号) settles the encoding, so no scan warns that it "also decodes as Big5"', () => {
    const dir = tempDir('oos-taobao-gbk-');
    const at = (f: string) => join(FIXTURES, 'formats/taobao-2018', f);
    const r = oos(['scan', at('ExportOrderList202611221000.csv'), at('ExportOrderDetailList202611221000.csv'), '--db', join(dir, 'oos.db'), '--json', '--now', '2026-11-22T10:00'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: { encoding: string }[]; warnings: string[] };
    expect(out.files.map((f) => f.encoding)).toEqual(['GB18030, comma-separated', 'GB18030, comma-separated']);
    expect(out.warnings.filter((w) => /also decodes as/.test(w))).toEqual([]);
  });
});
