/**
 * test/reliability/CASES.md cases that need a file or a process made for them: install
 * (A), line endings, huge and sparse inputs, typed parser options (B), a short
 * Shift_JIS file (C), a stdin that never closes (G), injected bugs (I).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, noStack, oos, query, ROOT, tempDir } from '../helpers/run.js';

const NOW = ['--now', '2026-11-22T09:00'];
const HEADER = 'order_id,paid_at,customer_name,sku,quantity';

/** Enough of npm's range syntax for `engines.node`: ||, spaces (and), >= > <= < =, ^, ~, x and *. */
export function satisfies(version: string, range: string): boolean {
  const v = version.replace(/^v/, '').split('.').map(Number);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0) ? -1 : 1;
    return 0;
  };
  const parts = (s: string) => s.split('.').filter((p) => p !== '' && !/^[x*]$/i.test(p)).map(Number);
  const one = (c: string): boolean => {
    const m = /^(>=|<=|>|<|=|\^|~)?\s*v?([\dx*.]+)/i.exec(c.trim());
    if (!m) return c.trim() === '' || c.trim() === '*';
    const [op = '', spec = ''] = [m[1], m[2]];
    const p = parts(spec);
    const lower = [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
    const bump = (i: number) => [...lower.slice(0, i), lower[i]! + 1, 0, 0].slice(0, 3);
    switch (op) {
      case '>=': return cmp(v, lower) >= 0;
      case '>': return cmp(v, lower) > 0;
      case '<=': return cmp(v, lower) <= 0;
      case '<': return cmp(v, lower) < 0;
      case '^': return cmp(v, lower) >= 0 && cmp(v, bump(lower[0]! > 0 || p.length < 2 ? 0 : 1)) < 0;
      case '~': return cmp(v, lower) >= 0 && cmp(v, bump(p.length < 2 ? 0 : 1)) < 0;
      default: return p.length === 0 || cmp(v, lower) >= 0 && cmp(v, bump(Math.max(0, p.length - 1))) < 0;
    }
  };
  return range.split('||').some((alt) => {
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alt);
    if (hyphen) return one(`>=${hyphen[1]}`) && one(`<=${hyphen[2]}`);
    return alt.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).every(one);
  });
}

describe('A: install and platform', () => {
  it('the range reader used below agrees with npm on the forms engines use', () => {
    expect(satisfies('20.20.2', '>=20.17')).toBe(true);
    expect(satisfies('20.20.2', '^22.22.2 || ^24.15.0 || >=26')).toBe(false);
    expect(satisfies('20.20.2', '20.x || 22.x || 23.x')).toBe(true);
    expect(satisfies('20.20.2', '>=22')).toBe(false);
    expect(satisfies('20.20.2', '^18.0.0 || ^20.0.0')).toBe(true);
    expect(satisfies('20.20.2', '>= 14.0.0 < 21')).toBe(true);
    expect(satisfies('20.20.2', '*')).toBe(true);
  });

  it('[A1] every installed package accepts this Node version, and the pinned majors resolved', () => {
    const bad: string[] = [];
    let seen = 0;
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.')) continue;
        const p = join(dir, name);
        if (name.startsWith('@')) {
          visit(p);
          continue;
        }
        let pkg: { version?: string; engines?: { node?: string } };
        try {
          pkg = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8'));
        } catch {
          continue;
        }
        seen++;
        const range = pkg.engines?.node;
        if (typeof range === 'string' && !satisfies(process.version, range)) bad.push(`${name}@${pkg.version} wants node ${range}`);
        try {
          visit(join(p, 'node_modules'));
        } catch {
          /* no nested modules */
        }
      }
    };
    visit(join(ROOT, 'node_modules'));
    expect(seen).toBeGreaterThan(50);
    expect(bad).toEqual([]);
    const version = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version('better-sqlite3')).toMatch(/^12\./);
    expect(version('@inquirer/prompts')).toMatch(/^8\.7\./);
    expect(version('chalk')).toMatch(/^5\./);
  });

  it('[A2] the approval of better-sqlite3\'s install script is recorded, so a strict-scripts npm still builds it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean>; engines?: { node?: string } };
    expect(pkg.allowScripts?.['better-sqlite3']).toBe(true);
    expect(pkg.engines?.node).toBe('>=20.17');
  });
});

describe('B: import shapes made on the fly', () => {
  it('[B4] the same rows with LF, CRLF and CR endings give identical orders and lines', () => {
    const dumps = ['lf.csv', 'crlf.csv', 'cr.csv'].map((f) => {
      const db = join(tempDir(), 'oos.db');
      expect(oos(['scan', join(FIXTURES, 'ok', f), '--db', db, ...NOW]).code).toBe(0);
      return { orders: query(db, 'SELECT * FROM orders ORDER BY order_id'), lines: query(db, 'SELECT * FROM order_lines ORDER BY order_id, line_no') };
    });
    expect(dumps[1]).toEqual(dumps[0]);
    expect(dumps[2]).toEqual(dumps[0]);
  });

  it('[B15] a 50 MB file with an unclosed quote on line 2: 65 naming line 2, quickly and in bounded memory', () => {
    const dir = tempDir();
    const file = join(dir, 'big-unclosed.csv');
    const row = '1002,2026-11-20 10:00,X,TEA-1,1\n';
    writeFileSync(file, `${HEADER}\n1001,2026-11-20 10:00,"oops,TEA-1,1\n${row.repeat(Math.ceil(50_000_000 / row.length))}`);
    const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, BIN, 'scan', file, '--db', join(dir, 'oos.db'), ...NOW], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.error, '/usr/bin/time is needed (apt-get install time)').toBeUndefined();
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/big-unclosed\.csv, line 2: a (row is larger than 1 MiB|quote opened on this line is never closed)/);
    const kb = Number(/maxrss=(\d+)/.exec(r.stderr)![1]);
    expect(kb / 1024).toBeLessThan(200);
  });

  it('[B16] a 2 GB sparse file and a 20 MB file without a line break: 65 at once, never "Cannot create a string longer than…"', () => {
    const dir = tempDir();
    const sparse = join(dir, 'sparse.csv');
    writeFileSync(sparse, '');
    truncateSync(sparse, 2 * 1024 ** 3);
    const a = oos(['scan', sparse, '--db', join(dir, 'a.db'), ...NOW]);
    expect(a.code).toBe(65);
    expect(a.stderr).toMatch(/sparse\.csv, line 1: contains NUL bytes/);
    const oneLine = join(dir, 'one-line.csv');
    writeFileSync(oneLine, `${HEADER}\n${'x'.repeat(20_000_000)}`);
    const b = oos(['scan', oneLine, '--db', join(dir, 'b.db'), ...NOW]);
    expect(b.code).toBe(65);
    expect(b.stderr).toMatch(/one-line\.csv, line 2: a row is larger than 1 MiB/);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/Cannot create a string/);
      expect(noStack(r.stderr)).toBe(true);
    }
  });

  it('[B27] a misspelled csv-parse option does not compile against the typed options oos uses', () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'oos-b27');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'check.ts');
    writeFileSync(file, `import type { Options } from 'csv-parse';\nexport const o: Options = { skip_lines_with_error: true };\n`);
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', file], { encoding: 'utf8', cwd: ROOT });
    expect(tsc.status).not.toBe(0);
    expect(tsc.stdout).toMatch(/TS2353|TS2561/);
    expect(tsc.stdout).toContain('skip_lines_with_error');
    expect(readFileSync(join(ROOT, 'src/import/parse-batch.ts'), 'utf8')).toMatch(/function csvOptions\([^)]*\): Options/);
  });
});

describe('C: a short Shift_JIS file', () => {
  it('[C4] header plus one kanji name, which detectors call windows-1252, is read as Shift_JIS under a Japanese shop', () => {
    const dir = tempDir();
    const file = join(dir, 'short.csv');
    writeFileSync(file, iconv.encode(`${HEADER}\n1001,2026-11-20 10:00,髙橋,TEA-1,1\n`, 'cp932'));
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { language: 'ja', timezone: 'Asia/Tokyo', currency: 'JPY' } }));
    const r = oos(['scan', file, ...NOW], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(query(join(dir, 'oos.db'), 'SELECT customer_name FROM orders')).toEqual([{ customer_name: '髙橋' }]);
  });
});

describe('G: prompts', () => {
  it('[G2] `sleep 300 | oos resolve`: 64 within 2 seconds, nothing on stdout, instead of waiting forever', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, 'resolve', '--db', join(tempDir(), 'none.db'), ...NOW], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(timer);
    child.stdin.destroy();
    expect(code).toBe(64);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: oos resolve needs a terminal/);
  });
});

describe('I: exit codes', () => {
  it('[I1 I5] an injected bug and an unhandled rejection exit 1, saying it is a bug, never 0', () => {
    for (const fault of ['internal-error', 'unhandled-rejection']) {
      const r = oos(['cases', '--db', join(tempDir(), 'none.db')], { env: { OOS_FAULT: fault } });
      expect(r.code, fault).toBe(1);
      expect(r.stderr).toMatch(/^error: unexpected failure, this is a bug in oos: injected fault/);
      expect(r.stdout).toBe('');
    }
  });

  it('[I1] the contract codes in one table: 64 usage, 65 data, 66 input, 73 cannot create', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const table: [string[], number][] = [
      [['scan', '--frobnicate'], 64],
      [['resolve', '--order'], 64],
      [['scan', join(FIXTURES, 'bad', 'unclosed-quote.csv'), ...NOW], 65],
      [['scan', join(dir, 'missing.csv'), ...NOW], 66],
      [['cases', '--db', join(dir, 'missing.db')], 66],
      [['scan', join(FIXTURES, 'ok', 'lf.csv'), '--db', join(dir, 'file', 'oos.db'), ...NOW], 73],
    ];
    for (const [args, code] of table) {
      const r = oos(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(code);
      expect(noStack(r.stderr), args.join(' ')).toBe(true);
      expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(2); // error: and hint:
    }
  });
});
