/**
 * Names reach the database exactly as the file has them, whatever its encoding and
 * whatever the shop's language: the files are written by iconv-lite here, in UTF-8,
 * GB18030 and Shift_JIS, and scanned in a Chinese, a Japanese and an English shop.
 */
import iconv from 'iconv-lite';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, query, tempDir } from '../helpers/run.js';

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
