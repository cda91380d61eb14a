import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../../src/domain/allocate.js';
import { compareUtf8 } from '../../src/domain/utf8-order.js';

// Deterministic strings drawn from the ranges where UTF-16 and UTF-8 orders part ways.
function randomStrings(count: number, seed = 7): string[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const pools = [
    () => String.fromCharCode(0x30 + Math.floor(next() * 10)), // digits
    () => String.fromCharCode(0x41 + Math.floor(next() * 26)), // letters
    () => '#-_ '[Math.floor(next() * 4)]!,
    () => String.fromCharCode(0x4e00 + Math.floor(next() * 64)), // CJK
    () => String.fromCharCode(0xd7f0 + Math.floor(next() * 16)), // just below the surrogates
    () => String.fromCharCode(0xe000 + Math.floor(next() * 0x1ff0)), // private use … fullwidth forms
    () => String.fromCharCode(0xfff0 + Math.floor(next() * 14)),
    () => String.fromCodePoint(0x1f600 + Math.floor(next() * 64)), // emoji: a surrogate pair
    () => String.fromCodePoint(0x20000 + Math.floor(next() * 64)), // CJK extension B
  ];
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => pools[Math.floor(next() * pools.length)]!()).join(''));
}

describe('compareUtf8: text in the order of its UTF-8 bytes', () => {
  const strings = randomStrings(3000);

  it('agrees in sign with Buffer.compare for every pair of neighbours and shuffled pairs', () => {
    const sign = (n: number) => Math.sign(n);
    for (let i = 0; i + 1 < strings.length; i++) {
      const [a, b] = [strings[i]!, strings[(i * 7919) % strings.length]!];
      expect(sign(compareUtf8(a, b)), `${a} vs ${b}`).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
    // The case the plain UTF-16 order gets wrong: an emoji (4 UTF-8 bytes, surrogates) after U+FF03.
    expect(compareUtf8('😀', '＃')).toBeGreaterThan(0);
    expect('😀' < '＃').toBe(true);
  });

  it('sorts exactly as SQLite orders text', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (s TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (const s of strings) insert.run(s);
    const bySqlite = (db.prepare('SELECT s FROM t ORDER BY s').all() as { s: string }[]).map((r) => r.s);
    db.close();
    expect([...strings].sort(compareUtf8)).toEqual(bySqlite);
  });
});

describe('compareIds', () => {
  it('orders exactly as localeCompare with the same locale and options', () => {
    const ids = [...randomStrings(1500, 11), '#1002', '#1010', '#999', '1002', '10', '9', 'A-2', 'a-10', '注文-3', '注文-20'];
    const expected = [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect([...ids].sort(compareIds)).toEqual(expected);
    expect(['#1010', '#999', '#1002'].sort(compareIds)).toEqual(['#999', '#1002', '#1010']);
  });
});
