/**
 * Prints, after `npm test`, how many test/reliability/CASES.md cases ran per group and
 * whether all their tests passed. A case counts once however many tests tag it.
 */
import type { Reporter, TestCase } from 'vitest/node';
import { readFileSync } from 'node:fs';
import { GROUPS, casesIn, untestedCases } from './cases.js';

export default class ReliabilityReporter implements Reporter {
  private readonly passed = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly skipped = new Set<string>();

  onTestCaseResult(test: TestCase): void {
    const state = test.result().state;
    for (const id of casesIn(test.fullName)) (state === 'passed' ? this.passed : state === 'failed' ? this.failed : this.skipped).add(id);
  }

  onTestRunEnd(): void {
    const ran = this.passed.size + this.failed.size + this.skipped.size;
    if (!ran) return; // a run of a few files that tag no case
    const notTested = untestedCases(readFileSync(new URL('./README.md', import.meta.url), 'utf8'));
    const lines = ['', ' Reliability cases (test/reliability/CASES.md groups A–I; untested ones are explained in test/reliability/README.md)'];
    for (const [g, { title, cases }] of Object.entries(GROUPS)) {
      const inGroup = (set: Set<string>) => [...set].filter((id) => id.startsWith(g)).sort();
      const bad = inGroup(this.failed);
      const ok = inGroup(this.passed).filter((id) => !this.failed.has(id)).length;
      const skip = inGroup(this.skipped).filter((id) => !this.passed.has(id) && !this.failed.has(id));
      const explained = notTested.filter((id) => id.startsWith(g));
      const extra = [
        bad.length ? `FAILED: ${bad.join(' ')}` : '',
        skip.length ? `skipped: ${skip.join(' ')}` : '',
        explained.length ? `not tested, see README: ${explained.join(' ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(`   ${g} ${title.padEnd(36)} ${String(ok).padStart(2)} of ${String(cases).padStart(2)} passed${extra ? `  (${extra})` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
}

