/**
 * The bad-input corpus (test/fixtures/bad/), each file run as a shop owner
 * would: scan → resolve → followup → report on a database that already holds
 * the example shop.
 *
 * A rejected file: its exit code, one "error:" line naming the file (and the
 * line and field where there is one), no stack trace, nothing on stdout under
 * --json, and a database exactly as it was, on which resolve, followup and
 * report still work. An accepted hostile file (formulas, ../ ids, control and
 * bidi characters, {{…}}, header injection): every message it leads to stays
 * inside the outbox with a safe name, reads the data literally, adds no mail
 * header, and every CSV oos writes has its formulas neutralised.
 */
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpDb, EXAMPLES, exampleArgs, FIXTURES, noStack, oos, oosAsync, tempDir, type RunResult } from '../helpers/run.js';

const BAD = join(FIXTURES, 'bad');
const NOW = '2026-11-22T09:00';
const LATER = '2026-11-23T10:00';

type Role = 'orders' | 'inventory' | 'tracking' | 'substitutes';
interface Entry {
  file: string;
  role?: Role;
  /** 0: imported (hostile data that must be made harmless); 65: refused. */
  code: 0 | 65;
  /** The error, or for an imported file the warning, it must print. */
  message?: RegExp;
  /** test/reliability/CASES.md cases the file exercises. */
  cases?: string;
}

const corpus: Entry[] = [
  // csv-parse failure classes and file shapes
  { file: 'empty.csv', code: 65, message: /empty\.csv: the file is empty/, cases: 'B22' },
  { file: 'bom-only.csv', code: 65, message: /bom-only\.csv: no header line found/, cases: 'B22' },
  { file: 'only-blank-lines.csv', code: 65, message: /no header line/, cases: 'B22' },
  { file: 'unclosed-quote.csv', code: 65, message: /unclosed-quote\.csv, line 2: a quote opened on this line is never closed/, cases: 'B7' },
  { file: 'unclosed-quote-last-line.csv', code: 65, message: /line 3: a quote opened on this line is never closed/, cases: 'B7' },
  { file: 'bad-closing-quote.csv', code: 65, message: /bad-closing-quote\.csv, line 2, field "customer_name": (a closing quote is followed by other characters|characters follow a closing quote)/, cases: 'B8' },
  { file: 'too-many-fields.csv', code: 65, message: /too-many-fields\.csv, line 5, field "column 6": the row has more cells than the header/, cases: 'B10' },
  { file: 'too-few-fields.csv', code: 65, message: /too-few-fields\.csv, line 5: the row has 3 cells but the header has 5/, cases: 'B10' },
  { file: 'mixed-delimiters.csv', code: 65, message: /mixed-delimiters\.csv, line 2: the row has 1 cells but the header has 5/, cases: 'B17' },
  { file: 'nul-line.csv', code: 65, message: /nul-line\.csv, line 3: the row has 1 cells/, cases: 'B20' },
  { file: 'row-999-bad.csv', code: 65, message: /row-999-bad\.csv, line 1000, field "quantity"/, cases: 'B24' },
  // headers
  { file: 'duplicate-header.csv', code: 65, message: /duplicate-header\.csv, line 1: duplicate column "SKU" \(columns 3 and 4/, cases: 'B12' },
  { file: 'duplicate-header-normalised.csv', code: 65, message: /duplicate column "customer_name"/, cases: 'B12' },
  { file: 'missing-columns.csv', code: 65, message: /lacks: order_id, quantity, paid_at or placed_at/, cases: 'B23' },
  { file: 'missing-paid-and-placed.csv', code: 65, message: /for the generic format it lacks: paid_at or placed_at/, cases: 'B23' },
  { file: 'unknown-header.csv', code: 65, message: /line 1: the header is not one oos recognises as orders/, cases: 'B23' },
  { file: 'semicolon-unknown.csv', code: 65, message: /not one oos recognises/, cases: 'B17' },
  { file: 'inventory-as-orders.csv', code: 65, message: /looks like a generic inventory CSV.*\n.*--inventory/ },
  { file: 'inventory-missing-qty.csv', role: 'inventory', code: 65, message: /lacks: on_hand or available/, cases: 'B23' },
  { file: 'substitutes-missing.csv', role: 'substitutes', code: 65, message: /lacks: substitute_sku/, cases: 'B23' },
  // dates, numbers, ids
  { file: 'bad-date.csv', code: 65, message: /bad-date\.csv, line 2, field "paid_at": is not a date oos understands \(value "yesterday"\)/ },
  { file: 'bad-date-feb30.csv', code: 65, message: /line 2, field "paid_at": is not a date/ },
  { file: 'impossible-time.csv', code: 65, message: /line 2, field "paid_at": is not a date oos understands \(value "2026-11-20 25:61"\)/ },
  { file: 'tracking-bad-date.csv', role: 'tracking', code: 65, message: /tracking-bad-date\.csv, line 2, field "last_event_at"/ },
  { file: 'bad-quantity.csv', code: 65, message: /bad-quantity\.csv, line 2, field "quantity": is not a whole number of 0 or more \(value "two"\)/ },
  { file: 'negative-quantity.csv', code: 65, message: /line 2, field "quantity": is not a whole number of 0 or more/ },
  { file: 'fractional-quantity.csv', code: 65, message: /line 2, field "quantity"/ },
  { file: 'huge-quantity.csv', code: 65, message: /line 2, field "quantity": is not a whole number of 0 or more \(value "99999999999999999999"\)/ },
  { file: 'inventory-bad-quantity.csv', role: 'inventory', code: 65, message: /inventory-bad-quantity\.csv, line 2, field "on_hand": is not a whole number \(value "lots"\)/ },
  { file: 'bad-money.csv', code: 65, message: /line 2, field "order_total": is not an amount of money/ },
  { file: 'money-two-dots.csv', code: 65, message: /line 2, field "order_total": is not an amount of money \(value "12\.34\.56"\)/ },
  { file: 'bad-status.csv', code: 65, message: /line 2, field "status": must be open or cancelled \(value "shipped-ish"\)\nhint: write open for an order still owed/ },
  // What shops write instead, and what to write.
  { file: 'status-refunded.csv', code: 65, message: /line 2, field "status": must be open or cancelled \(value "refunded"\)\nhint: write cancelled for an order refunded or voided whole/ },
  { file: 'status-shipped.csv', code: 65, message: /line 2, field "status": must be open or cancelled \(value "Shipped"\)\nhint: write open, and say what left with shipped_at/ },
  { file: 'empty-order-id.csv', code: 65, message: /line 2, field "order_id": is empty but is required/ },
  { file: 'no-item.csv', code: 65, message: /line 2, field "sku": is empty and so is title/ },
  { file: 'quantity-fullwidth.csv', code: 0 },
  { file: 'quantity-with-unit.csv', code: 0 },
  { file: 'tracking-unknown-status.csv', role: 'tracking', code: 0, message: /warning: .*tracking-unknown-status\.csv: tracking status "teleported" is not one oos knows/ },
  // encodings and files that are not CSV at all
  { file: 'replacement-char.csv', code: 65, message: /line 2, field "customer_name": contains the replacement character/, cases: 'C5' },
  { file: 'gbk-invalid-bytes.csv', code: 65, message: /gbk-invalid-bytes\.csv.*invalid/, cases: 'C5' },
  { file: 'truncated-utf8.csv', code: 65, message: /truncated-utf8\.csv.*(invalid|ends in the middle)/, cases: 'C5' },
  { file: 'utf16be-bom.csv', code: 0, cases: 'B3' },
  { file: 'xlsx-renamed.csv', code: 65, message: /xlsx-renamed\.csv: this is an Excel workbook \(\.xlsx\)/, cases: 'B16' },
  { file: 'xls-renamed.csv', code: 65, message: /xls-renamed\.csv: this is an old-style Excel workbook \(\.xls\)/ },
  { file: 'pdf-renamed.csv', code: 65, message: /pdf-renamed\.csv: this is a PDF/ },
  // hostile strings, imported and made harmless downstream
  { file: 'formula-injection.csv', code: 0, cases: 'E1' },
  { file: 'path-traversal-id.csv', code: 0, cases: 'H1 H2 H3 H4 H5' },
  { file: 'bidi-and-controls.csv', code: 0, cases: 'B20 H5' },
  { file: 'mustache-in-data.csv', code: 0, cases: 'D9' },
  { file: 'header-injection.csv', code: 0, cases: 'D11' },
];

let template = '';
beforeAll(() => {
  const dir = tempDir('oos-corpus-');
  template = join(dir, 'oos.db');
  expect(oos([...exampleArgs(NOW), '--db', template]).code).toBe(0);
});

/** A private copy of the example shop: its database, a config with its own outbox. */
function shop() {
  const dir = tempDir('oos-corpus-');
  copyFileSync(template, join(dir, 'oos.db'));
  copyFileSync(join(EXAMPLES, 'oos.config.json'), join(dir, 'ex.json'));
  const config = { ...JSON.parse(readFileSync(join(dir, 'ex.json'), 'utf8')), outbox: './outbox' };
  const configPath = join(dir, 'oos.config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const run = (args: string[], now = NOW): Promise<RunResult> => oosAsync([...args, '--db', join(dir, 'oos.db'), '--config', configPath, '--now', now], { cwd: dir, env: { OOS_ACTOR: 'tester' } });
  return { dir, db: join(dir, 'oos.db'), outbox: join(dir, 'outbox'), run };
}

const scanArgs = (e: Entry) => {
  const file = join(BAD, e.file);
  return !e.role || e.role === 'orders' ? ['scan', file] : ['scan', join(EXAMPLES, 'orders.csv'), `--${e.role}`, file];
};

/** Every file under a folder, relative paths. */
function walk(root: string): string[] {
  const out: string[] = [];
  const go = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) go(p);
      else out.push(relative(root, p));
    }
  };
  go(root);
  return out;
}

const json = (r: RunResult) => {
  expect(r.stderr, r.stderr).not.toMatch(/^error/m);
  return JSON.parse(r.stdout) as unknown;
};

describe('the corpus', () => {
  it('holds at least 40 files, every one of them listed here with its expected outcome', () => {
    const files = readdirSync(BAD).sort();
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files).toEqual(corpus.map((e) => e.file).sort());
  });
});

describe('every corpus file through scan → resolve → followup → report', () => {
  it.each(corpus.map((e) => [`${e.cases ? `[${e.cases}] ` : ''}${e.file}`, e] as const))('%s', async (_title, e) => {
    const s = shop();
    const before = dumpDb(s.db);
    const scan = await s.run(scanArgs(e));
    expect(scan.code, scan.stderr).toBe(e.code);
    expect(noStack(scan.stderr)).toBe(true);
    if (e.code !== 0) {
      expect(scan.stderr).toMatch(/^error: /);
      expect(scan.stderr).toContain(e.file);
      expect(scan.stderr).toMatch(e.message!);
      expect(scan.stdout).toBe('');
      const again = await s.run([...scanArgs(e), '--json']);
      expect(again.code).toBe(e.code);
      expect(again.stdout).toBe('');
      expect(dumpDb(s.db)).toEqual(before);
    } else {
      if (e.message) expect(scan.stderr).toMatch(e.message);
      expect(json(await s.run([...scanArgs(e), '--json']))).toHaveProperty('cases');
    }

    // The shop carries on: every open case gets its first message, follow-ups run, the report adds up.
    const { cases } = json(await s.run(['cases', '--json'])) as { cases: { order_id: string }[] };
    expect(cases.length).toBeGreaterThan(0);
    for (const c of e.code === 0 ? cases : cases.slice(0, 1)) {
      const r = await s.run(['resolve', '--order', c.order_id, '--offer', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ order_id: c.order_id });
    }
    const fu = await s.run(['followup', '--json'], LATER);
    // 2: done, but customers not contacted yet (only the first case was offered after a refused file),
    // or past the offers' reply deadline with no answer recorded (call them or decide).
    expect(fu.code === 0 || (fu.code === 2 && fu.stderr.split('\n').filter(Boolean).every((l) => /not contacted in time|has not answered the choices/.test(l))), fu.stderr).toBe(true);
    json(fu);
    const report = await s.run(['report', '--json'], LATER);
    expect(report.code).toBe(0);
    expect(json(report)).toBeTypeOf('object');
    const csv = await s.run(['report', '--csv'], LATER);
    expect(csv.code).toBe(0);

    // Nothing outside the shop folder's own files; every outbox name is plain.
    expect(readdirSync(s.dir).filter((f) => !/^(oos\.db(-wal|-shm)?|oos\.config\.json|ex\.json|outbox)$/.test(f))).toEqual([]);
    const files = walk(s.outbox);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(/^([0-9]{4}-[0-9]{2}-[0-9]{2}\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/);
    if (e.code === 0) checkHostileOutput(s.outbox, files, csv.stdout);
  });
});

/** What the hostile files must never lead to, in any message or CSV oos wrote. */
function checkHostileOutput(outbox: string, files: string[], reportCsv: string) {
  const FORMULA = /^[=+\-@\t\r＝＋－＠]/;
  const PHONE = /^\+?[0-9 ()-]+$/;
  for (const f of files) {
    const text = readFileSync(join(outbox, f), 'utf8');
    expect(text).not.toContain('[object Object]');
    expect(text).not.toMatch(/\u202E|\u001B|\u0000/);
    if (f.endsWith('.eml')) {
      const head = text.split(/\r?\n\r?\n/)[0]!;
      for (const line of head.split(/\r?\n/)) expect(line, f).toMatch(/^(From|Reply-To|To|Subject|Date|Message-ID|MIME-Version|Content-Type|Content-Transfer-Encoding|X-[A-Za-z-]+):|^[ \t]/);
      expect(head).not.toMatch(/^(Bcc|Cc):/im);
      // Replies go to the shop's own address, the same as From, whatever the customer data held.
      const from = /^From: (.*)$/m.exec(head)?.[1];
      expect(head.match(/^Reply-To: .*$/gm), f).toEqual([`Reply-To: ${from}`]);
    }
    if (f.endsWith('.csv')) {
      for (const row of parse(text, { bom: true, relax_column_count: true }) as string[][])
        for (const cell of row) if (FORMULA.test(cell)) expect(PHONE.test(cell), `${f}: ${cell}`).toBe(true);
    }
  }
  for (const row of parse(reportCsv, { bom: true, relax_column_count: true }) as string[][])
    for (const cell of row) if (FORMULA.test(cell)) expect(PHONE.test(cell) || /^-?\d+(\.\d+)?$/.test(cell), cell).toBe(true);
  const all = files.map((f) => readFileSync(join(outbox, f), 'utf8')).join('\n');
  if (all.includes('{{')) expect(all).toMatch(/\{\{secret\}\}|\{\{constructor\}\}/); // data shown literally, never rendered
}
