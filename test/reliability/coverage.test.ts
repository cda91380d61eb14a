/**
 * Every case of test/reliability/CASES.md is either carried by a test (its id in square
 * brackets in the test's name, or in a corpus entry) or explained under
 * "Not tested" in test/reliability/README.md; never both, never neither.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';
import { ALL_CASES, casesIn, GROUPS, untestedCases } from './cases.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

const tagged = new Set(
  testFiles(join(ROOT, 'test')).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    const corpus = [...text.matchAll(/cases: '([A-I0-9 ]+)'/g)].flatMap((m) => m[1]!.split(' '));
    return [...casesIn(text), ...corpus];
  }),
);

describe('reliability case coverage', () => {
  const readme = readFileSync(join(ROOT, 'test/reliability/README.md'), 'utf8');
  const skipped = untestedCases(readme);

  it('knows the 93 cases of CASES.md, group by group', () => {
    const doc = readFileSync(join(ROOT, 'test/reliability/CASES.md'), 'utf8');
    const ids = [...doc.matchAll(/^- \*\*([A-I]\d{1,2})\b/gm)].map((m) => m[1]!);
    expect(ids).toEqual(ALL_CASES);
    expect(ALL_CASES).toHaveLength(Object.values(GROUPS).reduce((n, g) => n + g.cases, 0));
  });

  it('every case is tested or explained, never both', () => {
    expect(ALL_CASES.filter((id) => !tagged.has(id) && !skipped.includes(id))).toEqual([]);
    expect(skipped.filter((id) => tagged.has(id))).toEqual([]);
    expect([...tagged].filter((id) => !ALL_CASES.includes(id))).toEqual([]);
  });

  it('the README counts match the tests', () => {
    for (const [g, { cases }] of Object.entries(GROUPS)) {
      const tested = ALL_CASES.filter((id) => id.startsWith(g) && tagged.has(id)).length;
      const row = new RegExp(`^\\| ${g} \\|[^|]*\\| ${cases} \\| ${tested} \\| ${cases - tested} \\|`, 'm');
      expect(readme, `README row for group ${g}: ${cases} cases, ${tested} tested`).toMatch(row);
    }
  });
});
