/**
 * The string-search split of projected text against csv-parse itself: over generated files of
 * tricky values (quotes inside and around values, delimiters and line breaks in quoted values,
 * blanks, CJK text, Taobao's ="…" ids), whatever projectColumns lets through, splitProjected reads
 * exactly as csv-parse does with the options a batch gets, or declines (null).
 */
import { parse as parseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvOptions, optionsFor } from '../../src/import/parse-batch.js';
import { projectColumns, projectionOf, splitProjected } from '../../src/import/project-columns.js';

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['', 'a', 'Oolong Tea', ' b ', 'x"y', '""', '"', ',', ';', '\t', '\n', '\r\n', '中文 商品', '="3515000123"', ' ', '12" tray', 'é', '#1001', '\u3000', '\u00a0', 'Tea "Gift" box'];

function value(r: () => number): string {
  let v = '';
  const n = Math.floor(r() * 3);
  for (let i = 0; i < n; i++) v += PIECES[Math.floor(r() * PIECES.length)]!;
  return v;
}

/** One cell as an exporter writes it: quoted when it must be, and sometimes when it need not be. */
function cell(v: string, delimiter: string, quote: boolean, r: () => number): string {
  if (!quote) return v.replace(/[\r\n]/g, '').split(delimiter).join('');
  const must = v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r');
  return must || r() < 0.2 ? `"${v.replaceAll('"', '""')}"` : v;
}

describe('splitProjected reads projected text as csv-parse does', () => {
  const cases: [string, boolean][] = [
    [',', true],
    [';', true],
    ['\t', false],
    ['\t', true],
  ];
  it.each(cases)('delimiter %j, quotes %s', (delimiter, quote) => {
    const options = csvOptions(delimiter, quote);
    let compared = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const r = rng(seed);
      const width = 3 + Math.floor(r() * 5);
      const rows = 1 + Math.floor(r() * 6);
      let file = '';
      for (let i = 0; i < rows; i++) file += Array.from({ length: width }, () => cell(value(r), delimiter, quote, r)).join(delimiter) + (r() < 0.2 ? '\r\n' : '\n');
      const keep = Array.from({ length: width }, (_, c) => c).filter(() => r() < 0.5);
      const projection = projectionOf(keep.length ? keep : [0], width);
      if (!projection) continue;
      const projected = projectColumns(Buffer.from(file), projection, delimiter, quote, options.trim === true);
      if (!projected) continue;
      const cheap = optionsFor(projected, options);
      const split = splitProjected(projected.toString('utf8'), delimiter, quote, cheap.trim === true);
      if (split === null) continue;
      expect(split, `seed ${seed}: ${JSON.stringify(projected.toString('utf8'))}`).toEqual(parseSync(Buffer.from(projected), cheap));
      compared++;
    }
    // The comparison is not vacuous: most generated files are split, not declined.
    expect(compared).toBeGreaterThan(300);
  });

  it('declines what it cannot split with certainty', () => {
    expect(splitProjected('"open\n', ',', true)).toBeNull();
    expect(splitProjected('a,b', ',', true)).toBeNull();
    expect(splitProjected('"a"x\n', ',', true)).toBeNull();
    expect(splitProjected('"a\rb"\n', ',', true)).toBeNull();
    expect(splitProjected('a,"b ""c"""\n\n', ',', true)).toEqual([['a', 'b "c"'], ['']]);
    // With trim, an unquoted value with a blank at either end is csv-parse's to read.
    expect(splitProjected(' a,b\n', ',', true, true)).toBeNull();
    expect(splitProjected('a,b\u3000\n', ',', true, true)).toBeNull();
    expect(splitProjected('a,"b "" c"\n', ',', true, true)).toEqual([['a', 'b " c']]);
  });
});
