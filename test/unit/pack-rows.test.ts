/**
 * Rows cross from a parse worker packed by hand (pack-rows.ts). Whatever a batch holds must
 * come out exactly as it went in, through a real structured clone like postMessage's.
 */
import { describe, expect, it } from 'vitest';
import type { OrderRuns, SqlValue } from '../../src/rows/order-runs.js';
import { packRows, transferables, unpackRows } from '../../src/import/pack-rows.js';
import { rng } from '../helpers/random-csv.js';

const TEXTS = ['', ' ', '#1001', 'Wang Fang', '王芳', 'ｶﾀｶﾅ', '茶叶 🍵 礼盒', 'a"b,c\nd', '\u0000', '\ud83c', '0', 'null', '-1'];

function randomValues(r: () => number, n: number): SqlValue[] {
  return Array.from({ length: n }, () => {
    const k = r();
    if (k < 0.2) return null;
    if (k < 0.4) return Math.round((r() - 0.5) * 1e6) / 100;
    return TEXTS[Math.floor(r() * TEXTS.length)]! + (r() < 0.5 ? String(Math.floor(r() * 1e9)) : '');
  });
}

/** What the other thread receives: a structured clone, with the typed arrays handed over. */
function crossThreads<T>(value: T, transfer: ArrayBuffer[]): T {
  return structuredClone(value, { transfer });
}

describe('packRows', () => {
  it('brings order runs back value for value: texts, numbers, nulls, empty and non-BMP text', () => {
    const r = rng(7);
    for (let n = 0; n < 300; n++) {
      const runs: OrderRuns = { runs: randomValues(r, n % 40), lineCounts: Array.from({ length: n % 7 }, () => Math.floor(r() * 5)), lines: randomValues(r, n % 60), rows: n };
      const packed = packRows(runs);
      expect(unpackRows(crossThreads(packed, transferables(packed)))).toEqual(runs);
    }
  });

  it('keeps a text from running into the next one, whatever characters it holds', () => {
    const runs: OrderRuns = { runs: ['ab', 'c', '', null, 'd'], lineCounts: [1], lines: ['🍵', 3.5, '', '🍵🍵'], rows: 1 };
    const packed = packRows(runs);
    expect(unpackRows(crossThreads(packed, transferables(packed)))).toEqual(runs);
  });

  it('sends rows of other kinds (one object per row) as they are', () => {
    const rows = [{ sku: 'TEA-1', on_hand: 3, restock: null }, { sku: '茶', on_hand: -1, restock: '2026-12-01' }];
    const packed = packRows(rows);
    expect(transferables(packed)).toEqual([]);
    expect(unpackRows(crossThreads(packed, []))).toEqual(rows);
  });
});
