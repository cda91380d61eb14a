/**
 * test/reliability/CASES.md group B as run by a user: every malformed file gives its exit
 * code, names file + line + field, prints no stack trace, nothing but JSON (or
 * nothing) on stdout under --json, and leaves the database exactly as it was.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpDb, EXAMPLES, exampleArgs, FIXTURES, noStack, oos, query, tempDir } from '../helpers/run.js';

const BAD = join(FIXTURES, 'bad');
const OK = join(FIXTURES, 'ok');
const NOW = ['--now', '2026-11-22T09:00'];

/** A database that already holds the example shop, so each rejection is checked against real data. */
function freshCopy(): string {
  const dir = tempDir();
  const r = oos([...exampleArgs(), '--db', join(dir, 'oos.db')]);
  expect(r.code).toBe(0);
  return join(dir, 'oos.db');
}

// Every file of test/fixtures/bad/ runs through scan → resolve → followup → report in
// test/reliability/corpus.test.ts; these are the cases that need a file made on the fly.
describe('rejected input', () => {
  it('a 5 MB file with an unclosed quote on line 2 fails fast with bounded memory', () => {
    const dir = tempDir();
    const file = join(dir, 'big-unclosed.csv');
    const row = '1002,2026-11-20 10:00,X,TEA-1,1\n';
    writeFileSync(file, `order_id,paid_at,customer_name,sku,quantity\n1001,2026-11-20 10:00,"oops,TEA-1,1\n${row.repeat(5_000_000 / row.length)}`);
    const r = oos(['scan', file, '--db', join(dir, 'oos.db'), ...NOW]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/line 2: a (row is larger than 1 MiB|quote opened)/);
  });
});

describe('order ids a spreadsheet rounded', () => {
  it('rows of different customers made one order by the rounding are refused (65) naming the lines, and nothing changes', () => {
    const dir = tempDir();
    const db = freshCopy();
    const before = dumpDb(db);
    const file = join(dir, 'orders.csv');
    writeFileSync(file, 'order_id,paid_at,sku,quantity,customer_name,phone\n3.51531E+18,2026-11-18 09:00,TEA-1,1,Alice,13800000001\n3.51531E+18,2026-11-19 09:00,TEA-2,2,Bob,13800000002\n');
    const r = oos(['scan', file, '--db', db, ...NOW]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('orders.csv, lines 2, 3: order id 3.51531E+18 is a number a spreadsheet rounded, and these rows are different orders (Alice, Bob) made one');
    expect(noStack(r.stderr)).toBe(true);
    expect(dumpDb(db)).toEqual(before);
    // Written out in full (the "Number" format keeps 15 digits and zeros the rest): the same.
    writeFileSync(file, 'order_id,paid_at,sku,quantity,customer_name,phone\n1234567890123450000,2026-11-18 09:00,TEA-1,1,Alice,13800000001\n1234567890123450000,2026-11-19 09:00,TEA-2,2,Bob,13800000002\n');
    const full = oos(['scan', file, '--db', db, ...NOW]);
    expect(full.code).toBe(65);
    expect(full.stderr).toContain('order id 1234567890123450000 is a number a spreadsheet rounded (its last digits are zeros), and these rows are different orders (Alice, Bob) made one');
    expect(dumpDb(db)).toEqual(before);
    // Two lines of one order (same customer, same payment) are still one order, read with the warning.
    writeFileSync(file, 'order_id,paid_at,sku,quantity,customer_name,phone\n3.51531E+18,2026-11-18 09:00,TEA-1,1,Alice,13800000001\n3.51531E+18,2026-11-18 09:00,TEA-2,2,Alice,13800000001\n');
    const one = oos(['scan', file, '--db', db, ...NOW]);
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/2 order ids look like a spreadsheet number .* lines 2, 3/);
  });
});

describe('a file given to the wrong flag, a config with a typo', () => {
  it('an orders file passed as --tracking or --inventory is refused (65), saying what it looks like, and nothing changes', () => {
    const db = freshCopy();
    const before = dumpDb(db);
    const orders = join(EXAMPLES, 'orders.csv');
    for (const flag of ['--tracking', '--inventory']) {
      const r = oos(['scan', orders, flag, orders, '--db', db, ...NOW]);
      expect(r.code, r.stderr).toBe(65);
      expect(r.stderr).toMatch(new RegExp(`^error: .*orders\\.csv: this looks like a generic orders CSV.*not an? ${flag.slice(2)} file`));
      expect(noStack(r.stderr)).toBe(true);
      expect(dumpDb(db)).toEqual(before);
    }
  });

  it('an unknown config key names the nearest known one; a JSON slip names line and column', () => {
    const dir = tempDir();
    const db = freshCopy();
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ shop: { timezone: 'Asia/Tokyo', emial: 'a@b.jp' }, contact_within_hour: 3, _note: 'comments start with _' }));
    const r = oos(['cases', '--db', db, '--config', typo]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('contact_within_hour is not a setting oos knows: did you mean contact_within_hours?');
    expect(r.stderr).toContain('shop.emial is not a setting oos knows: did you mean shop.email?');
    expect(r.stderr).not.toContain('_note');
    const slip = join(dir, 'slip.json');
    writeFileSync(slip, '{\n  "shop": {\n    "timezone": "Asia/Tokyo",\n  }\n}\n');
    const s = oos(['cases', '--db', db, '--config', slip]);
    expect(s.code).toBe(65);
    expect(s.stderr).toMatch(/slip\.json, line 4, column 3 is not valid JSON/);
  });

  it('--order 2008 finds #2008 (an unquoted # starts a shell comment), and an order that is not there is still 66', () => {
    const db = freshCopy();
    const r = oos(['resolve', '--order', '2008', '--offer', '--yes', '--db', db, '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T09:30', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(query(db, "SELECT order_id, state FROM cases WHERE order_id LIKE '%2008'")).toEqual([{ order_id: '#2008', state: 'offered' }]);
    const none = oos(['resolve', '--order', '9999', '--offer', '--yes', '--db', db, '--now', '2026-11-22T09:30']);
    expect(none.code).toBe(66);
    expect(none.stderr).toContain('order 9999 is not in the database');
  });

  it('an order id typed in full-width digits (a Japanese or Chinese keyboard) finds the order', () => {
    const db = freshCopy();
    const r = oos(['resolve', '--order', '＃２００８', '--offer', '--yes', '--db', db, '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T09:30', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(query(db, "SELECT order_id, state FROM cases WHERE order_id LIKE '%2008'")).toEqual([{ order_id: '#2008', state: 'offered' }]);
  });
});

describe('missing and unreadable inputs', () => {
  it('[B25] a missing file is 66', () => {
    const r = oos(['scan', '/nonexistent/orders.csv', ...NOW]);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain('/nonexistent/orders.csv: file not found');
  });
  it('[B25] a folder is 66', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x.csv'));
    const r = oos(['scan', join(dir, 'x.csv'), ...NOW]);
    expect(r.code).toBe(66);
    expect(r.stderr).toContain('is a folder');
  });
  it.skipIf(process.getuid?.() === 0)('a file without read permission is 66 (root reads everything, so only as a normal user)', () => {
    const dir = tempDir();
    const f = join(dir, 'locked.csv');
    writeFileSync(f, 'order_id,paid_at,sku,quantity\n');
    chmodSync(f, 0);
    expect(oos(['scan', f, ...NOW]).code).toBe(66);
  });
  it('a missing --inventory file is 66 and nothing is imported', () => {
    const dir = tempDir();
    const r = oos(['scan', join(EXAMPLES, 'orders.csv'), '--inventory', join(dir, 'nope.csv'), '--db', join(dir, 'oos.db'), ...NOW]);
    expect(r.code).toBe(66);
  });
  it('[F10] a database path that is a folder is 73', () => {
    const dir = tempDir();
    const r = oos(['scan', join(EXAMPLES, 'orders.csv'), '--db', dir, ...NOW]);
    expect(r.code).toBe(73);
  });
  it('[F11] a garbage database file is reported (66) and never overwritten', () => {
    const dir = tempDir();
    const db = join(dir, 'oos.db');
    writeFileSync(db, 'this is not a database, it is a shopping list'.repeat(200));
    const r = oos(['scan', join(EXAMPLES, 'orders.csv'), '--db', db, ...NOW]);
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/not an oos database, or it is damaged/);
    expect(noStack(r.stderr)).toBe(true);
  });
  it('[C8 I1] usage errors are 64: unknown flag, bad --now, unknown encoding, unknown format', () => {
    expect(oos(['scan', '--frobnicate']).code).toBe(64);
    expect(oos(['scan', join(EXAMPLES, 'orders.csv'), '--now', 'tomorrow-ish']).code).toBe(64);
    expect(oos(['scan', join(EXAMPLES, 'orders.csv'), '--encoding', 'klingon', ...NOW]).code).toBe(64);
    expect(oos(['scan', join(EXAMPLES, 'orders.csv'), '--format', 'myspace', ...NOW]).code).toBe(64);
    expect(oos(['cases', '--db', join(tempDir(), 'none.db')]).code).toBe(66);
  });
});

describe('accepted shapes', () => {
  const scanOk = (file: string, extra: string[] = []) => {
    const dir = tempDir();
    const db = join(dir, 'oos.db');
    const r = oos(['scan', join(OK, file), '--db', db, ...NOW, ...extra]);
    return { r, db };
  };
  const names = (db: string) => query<{ order_id: string; customer_name: string | null }>(db, 'SELECT order_id, customer_name FROM orders ORDER BY order_id');

  it.each([
    ['[B1]', 'bom-quoted-header.csv'],
    ['[B2]', 'bom-unquoted-header.csv'],
    ['[B4]', 'lf.csv'],
    ['[B4]', 'crlf.csv'],
    ['[B4]', 'cr.csv'],
    ['[B5]', 'lf-header-crlf-rows.csv'],
    ['[B6]', 'crlf-header-lf-rows.csv'],
    ['[B17]', 'semicolon.csv'],
    ['[B18]', 'tab.csv'],
    ['[B11]', 'blank-lines.csv'],
    ['[B3]', 'utf16le-tab.csv'],
  ])(
    '%s %s imports the same three orders',
    (_case, file) => {
      const { r, db } = scanOk(file);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rows = names(db);
      expect(rows.map((x) => x.order_id)).toEqual(['1001', '1002', '1003']);
      expect(rows[1]!.customer_name).toMatch(/^Li,? Na$/);
      const all = query<Record<string, unknown>>(db, 'SELECT * FROM orders');
      for (const row of all) for (const v of Object.values(row)) if (typeof v === 'string') expect(v).not.toMatch(/[\r\ufeff]/);
      expect(query(db, 'SELECT sum(quantity) AS q FROM order_lines')).toEqual([{ q: 4 }]);
    },
  );

  it('[B22] a header-only file imports nothing and exits 0', () => {
    const { r, db } = scanOk('header-only.csv');
    expect(r.code).toBe(0);
    expect(query(db, 'SELECT count(*) AS n FROM orders')).toEqual([{ n: 0 }]);
  });

  it('[B13] odd header names (__proto__, constructor) are ignored safely', () => {
    const { r, db } = scanOk('proto-headers.csv');
    expect(r.code).toBe(0);
    expect(names(db)).toHaveLength(3);
  });

  it('[B14] ids, phones and SKUs stay text: leading zeros, 18 digits, Excel artefacts stripped', () => {
    const { r, db } = scanOk('ids-as-text.csv');
    expect(r.code).toBe(0);
    expect(query(db, 'SELECT order_id, phone FROM orders ORDER BY order_id')).toEqual([
      { order_id: '00123', phone: '090-1234-5678' },
      { order_id: '123456789012345678', phone: '13925130165' },
    ]);
    expect(query(db, 'SELECT sku FROM order_lines ORDER BY order_id')).toEqual([{ sku: '0123' }, { sku: '0456' }]);
  });

  it('[B9] a quote inside an unquoted value is kept literally (relax_quotes policy)', () => {
    const { r, db } = scanOk('quote-inside-value.csv');
    expect(r.code).toBe(0);
    expect(names(db)[0]!.customer_name).toBe('Wang"Fang"');
  });

  it('[B20] control and bidi characters are stripped from text', () => {
    const { r, db } = scanOk('control-chars.csv');
    expect(r.code).toBe(0);
    expect(names(db)[0]!.customer_name).toBe('Wang Fang');
  });

  it('[B21] spaces around quoted fields are trimmed', () => {
    const { r, db } = scanOk('spaces-around-quotes.csv');
    expect(r.code).toBe(0);
    expect(names(db)).toEqual([{ order_id: '1001', customer_name: 'Wang Fang' }]);
  });

  it('[B26] spreadsheet-mangled ids are imported with a warning naming the line', () => {
    const { r } = scanOk('mangled-ids.csv');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*mangled-ids\.csv: 1 order id looks like a spreadsheet number .* line 2/);
  });

  it('[C1] GB18030 is read under the zh default, recognised by its bytes under en, and refused as Shift_JIS', () => {
    const { r, db } = scanOk('gb18030.csv');
    expect(r.code).toBe(0);
    expect(names(db).map((x) => x.customer_name)).toEqual(['王芳', '李娜']);
    const dir = tempDir();
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { language: 'en' } }));
    const en = oos(['scan', join(OK, 'gb18030.csv'), '--json', ...NOW], { cwd: dir });
    expect(en.code).toBe(0);
    expect(JSON.parse(en.stdout).files[0].encoding).toMatch(/^GB18030/);
    expect(names(join(dir, 'oos.db')).map((x) => x.customer_name)).toEqual(['王芳', '李娜']);
    const wrong = oos(['scan', join(OK, 'gb18030.csv'), '--encoding', 'shift_jis', '--db', join(dir, 'wrong.db'), ...NOW], { cwd: dir });
    expect(wrong.code).toBe(65);
    expect(wrong.stderr).toMatch(/looks like Chinese .*--encoding gb18030/s);
    const forced = oos(['scan', join(OK, 'gb18030.csv'), '--encoding', 'gbk', ...NOW], { cwd: dir });
    expect(forced.code).toBe(0);
  });

  it('[C2] Shift_JIS (CP932) round-trips ①, 髙, ～ and half-width kana exactly', () => {
    const { r, db } = scanOk('shift_jis.csv', ['--encoding', 'cp932']);
    expect(r.code).toBe(0);
    expect(names(db)[0]!.customer_name).toBe('髙橋 ①～ｶﾀｶﾅ');
  });

  it('[C3] a UTF-8 file read with --encoding shift_jis is refused (65), nothing stored', () => {
    const dir = tempDir();
    const r = oos(['scan', join(OK, 'lf.csv'), '--encoding', 'shift_jis', '--db', join(dir, 'oos.db'), ...NOW]);
    expect(r.code).toBe(0); // pure ASCII decodes identically in Shift_JIS: nothing can be garbled
    const utf8 = join(dir, 'utf8-cjk.csv');
    writeFileSync(utf8, 'order_id,paid_at,customer_name,sku,quantity\n1,2026-11-20 10:00,王芳,A,1\n');
    const bad = oos(['scan', utf8, '--encoding', 'shift_jis', '--db', join(dir, 'oos2.db'), ...NOW]);
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/the file is UTF-8 text/);
  });
});

describe('a busy database', () => {
  it('[F4 I1] a scan while another process holds the write lock exits 75 after the busy timeout, changing nothing', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = freshCopy();
    const before = dumpDb(db);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = oos(['scan', join(EXAMPLES, 'orders.csv'), '--db', db, ...NOW], { env: { OOS_BUSY_TIMEOUT_MS: '300' } });
      expect(r.code).toBe(75);
      expect(r.stderr).toMatch(/^error: the database .* is busy/);
      expect(r.stderr).toMatch(/hint: try again in a moment/);
      expect(noStack(r.stderr)).toBe(true);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(dumpDb(db)).toEqual(before);
  });
});
