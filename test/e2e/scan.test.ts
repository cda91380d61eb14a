import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeInventory, writeOrders } from '../../scripts/bench-data.mjs';
import { BIN, dumpDb, EXAMPLES, exampleArgs, modeOf, noStack, oos, query, ROOT, tempDir } from '../helpers/run.js';

const scanExamples = (cwd: string, now?: string, extra: string[] = []) => oos([...exampleArgs(now), '--db', join(cwd, 'oos.db'), ...extra], { cwd });

describe('oos scan on the example shop', () => {
  it('prints cases of all three kinds, most urgent first', () => {
    const cwd = tempDir();
    const r = scanExamples(cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('10 open cases: 4 oversold · 3 late · 3 stalled');
    for (const kind of ['OVERSOLD', 'LATE', 'STALLED']) expect(r.stdout).toContain(kind);
    expect(r.stdout).toContain('TEA-PUER-357 (Aged Pu-erh Tea Cake / 357 g): short 2 of 2 (the 2 in stock went to earlier orders #2001, #2004)');
    expect(r.stdout).toContain('split candidate: 1 of 2 open lines can ship now');
    expect(r.stdout).toContain('Oversold now');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('gives the docs/cli.md JSON with every open case, most urgent first', () => {
    const cwd = tempDir();
    const r = scanExamples(cwd, undefined, ['--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.imported).toEqual({ orders: 30, lines: 34, inventory: 10, tracking: 10, substitutes: 3, purchase_orders: 0 });
    const byOrder = Object.fromEntries(j.cases.map((c: { order_id: string; kind: string }) => [c.order_id, c.kind]));
    expect(byOrder).toEqual({
      '#2008': 'oversold', '#2012': 'oversold', '#2015': 'oversold', '#2020': 'oversold',
      '#2001': 'late', '#2003': 'late', '#2026': 'late',
      '#2016': 'stalled', '#2017': 'stalled', '#2018': 'stalled',
    });
    // #2014 has been quiet for 39 h: within a domestic parcel's 72 h clock.
    const clocks = Object.fromEntries(j.cases.filter((c: { clock: unknown }) => c.clock).map((c: { order_id: string; clock: { event: string } }) => [c.order_id, c.clock.event]));
    expect(clocks).toEqual({ '#2016': 'no_new_scan', '#2017': 'exception', '#2018': 'no_first_scan' });
    for (const c of j.cases) {
      expect(c).toHaveProperty('reasons');
      expect(c).toHaveProperty('skus');
      expect(c.state).toBe('detected');
      expect(c.contact_by).toBe('2026-11-22T03:00:00Z');
    }
    expect(j.cases.find((c: { order_id: string }) => c.order_id === '#2008').kinds).toEqual(['oversold', 'late']);
    expect(j.cases[0].kind).toBe('oversold');
    expect(j.stock_actions.oversold.map((s: { sku: string }) => s.sku).sort()).toEqual(['POT-YIXING-200', 'SET-GIFT-A', 'TEA-PUER-357']);
    expect(j.checks).toEqual({ oversold: true, stalled: true });
  });

  it('[B24] is idempotent: a second scan of the same files changes nothing but the audit log', () => {
    const cwd = tempDir();
    const db = join(cwd, 'oos.db');
    expect(scanExamples(cwd).code).toBe(0);
    const before = dumpDb(db);
    const r = scanExamples(cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unchanged since the last scan');
    const after = dumpDb(db);
    const { imports: importsBefore, import_fingerprints: printsBefore, ...restBefore } = before;
    const { imports: importsAfter, import_fingerprints: printsAfter, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
    // The fingerprints move to the import that repeated the file, unchanged.
    const latestOrders = query<{ id: number }>(db, `SELECT max(id) AS id FROM imports WHERE kind = 'orders'`)[0]!.id;
    expect(printsBefore!.length).toBeGreaterThan(0);
    expect(printsAfter).toEqual((printsBefore as { import_id: number }[]).map((p) => ({ ...p, import_id: latestOrders })));
    expect(importsAfter).toHaveLength(importsBefore!.length * 2);
    expect(query(db, `SELECT outcome, count(*) AS n FROM imports GROUP BY outcome`)).toEqual([
      { outcome: 'imported', n: 4 },
      { outcome: 'unchanged', n: 4 },
    ]);
  });

  it('every case a scan opens has one detected event naming its kinds and reasons, over many blocks of cases', async () => {
    const cwd = tempDir();
    const orders = join(cwd, 'orders.csv');
    const inventory = join(cwd, 'inventory.csv');
    // A bad season in small: a few hundred open orders, most of them short of stock.
    const { demand } = await writeOrders(orders, { rows: 3_000, openShare: 0.3 });
    await writeInventory(inventory, demand, 7, { oversoldShare: 0.8, shortfall: 1 });
    const db = join(cwd, 'oos.db');
    const r = oos(['scan', orders, '--inventory', inventory, '--db', db, '--now', '2026-11-22T10:00:00+08:00', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const cases = query<{ id: number; kinds: string; reasons: string }>(db, 'SELECT id, kinds, reasons FROM cases ORDER BY id');
    expect(cases.length).toBeGreaterThan(250);
    expect(JSON.parse(r.stdout).cases).toHaveLength(cases.length);
    const events = query<{ case_id: number; type: string; data: string; actor: string }>(db, 'SELECT case_id, type, data, actor FROM case_events ORDER BY id');
    expect(events.map((e) => e.case_id)).toEqual(cases.map((c) => c.id));
    for (const [i, e] of events.entries()) {
      expect(e.type).toBe('detected');
      expect(JSON.parse(e.data)).toEqual({ kinds: JSON.parse(cases[i]!.kinds), reasons: JSON.parse(cases[i]!.reasons) });
    }
  });

  it('re-importing the same data in other bytes gives the same rows (upsert, no duplicates)', () => {
    const cwd = tempDir();
    const db = join(cwd, 'oos.db');
    expect(scanExamples(cwd).code).toBe(0);
    const crlf = join(cwd, 'orders-crlf.csv');
    writeFileSync(crlf, readFileSync(join(EXAMPLES, 'orders.csv'), 'utf8').replace(/\n/g, '\r\n'));
    const before = dumpDb(db);
    const r = oos(['scan', crlf, '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T09:00', '--db', db], { cwd });
    expect(r.code).toBe(0);
    const after = dumpDb(db);
    const strip = (rows: unknown[]) => (rows as Record<string, unknown>[]).map(({ import_id: _i, updated_at: _u, ...rest }) => rest);
    expect(strip(after.orders!)).toEqual(strip(before.orders!));
    expect(strip(after.order_lines!)).toEqual(strip(before.order_lines!));
    expect(after.cases).toEqual(before.cases);
  });

  it('closes oversold cases when the stock is replenished, and a reappearing problem reuses the same case', () => {
    const cwd = tempDir();
    const db = join(cwd, 'oos.db');
    expect(scanExamples(cwd).code).toBe(0);
    const full = join(cwd, 'inventory-full.csv');
    writeFileSync(full, readFileSync(join(EXAMPLES, 'inventory.csv'), 'utf8').replace(/^(TEA-PUER-357|POT-YIXING-200|SET-GIFT-A),([^,]*),([^,]*),\d+/gm, '$1,$2,$3,50'));
    const r = oos(['scan', join(EXAMPLES, 'orders.csv'), '--inventory', full, '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T10:00', '--db', db, '--json'], { cwd });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const closed = Object.fromEntries(j.changes.closed.map((c: { order_id: string; reason: string }) => [c.order_id, c.reason]));
    expect(closed).toEqual({ '#2012': 'stock now covers the order', '#2015': 'stock now covers the order', '#2020': 'stock now covers the order' });
    // #2008 is also late, so it stays open as a late case.
    expect(j.cases.find((c: { order_id: string }) => c.order_id === '#2008').kinds).toEqual(['late']);
    expect(query(db, `SELECT state, close_reason FROM cases WHERE order_id = '#2012'`)).toEqual([{ state: 'closed', close_reason: 'stock now covers the order' }]);

    // Stock runs out again: the same case row comes back, not a duplicate.
    const id = query<{ id: number }>(db, `SELECT id FROM cases WHERE order_id = '#2012'`)[0]!.id;
    const again = oos(['scan', join(EXAMPLES, 'orders.csv'), '--inventory', join(EXAMPLES, 'inventory.csv'), '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T11:00', '--db', db, '--json'], { cwd });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).changes.reopened).toContain('#2012');
    expect(query(db, `SELECT id, state FROM cases WHERE order_id = '#2012'`)).toEqual([{ id, state: 'detected' }]);
    expect(query(db, `SELECT type FROM case_events WHERE case_id = ? ORDER BY id`, id).map((e) => (e as { type: string }).type)).toEqual(['detected', 'auto_closed', 'reopened']);
  });

  it('keeps contact-by from the first detection across later scans', () => {
    const cwd = tempDir();
    scanExamples(cwd);
    const r = scanExamples(cwd, '2026-11-22T12:00', ['--json']);
    const c = JSON.parse(r.stdout).cases.find((x: { order_id: string }) => x.order_id === '#2012');
    expect(c.contact_by).toBe('2026-11-22T03:00:00Z');
    const cases = oos(['cases', '--db', join(cwd, 'oos.db'), '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T12:00'], { cwd });
    expect(cases.code).toBe(0);
    expect(cases.stdout).toMatch(/11:00 \(1h overdue\)\s+#2008/);
  });

  it('oos cases lists the same open cases as scan --json', () => {
    const cwd = tempDir();
    const scan = JSON.parse(scanExamples(cwd, undefined, ['--json']).stdout);
    // Alerts and the nearest deadline depend on the time: the same --now (and config) as the scan's.
    const r = oos(['cases', '--json', '--db', join(cwd, 'oos.db'), '--now', '2026-11-22T09:00', '--config', join(EXAMPLES, 'oos.config.json')], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cases).toEqual(scan.cases);
  });

  it('[F9] creates the database private (0600), with its WAL and SHM, even under umask 022', () => {
    const cwd = tempDir();
    const r = spawnSync('sh', ['-c', `umask 022 && "${process.execPath}" "${BIN}" ${exampleArgs().map((a) => `'${a}'`).join(' ')} --db oos.db`], { cwd, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(modeOf(join(cwd, 'oos.db'))).toBe(0o600);
    for (const f of ['oos.db-wal', 'oos.db-shm']) if (existsSync(join(cwd, f))) expect(modeOf(join(cwd, f))).toBe(0o600);
  });

  it('warns when orders still to ship were paid after the scan time (a --now copied from an example), and not otherwise', () => {
    const cwd = tempDir();
    const r = scanExamples(cwd, '2026-11-20T12:00', ['--json']);
    expect(r.code).toBe(0);
    const warning = JSON.parse(r.stdout).warnings.find((w: string) => w.includes("paid after this scan's time")) as string;
    expect(warning).toMatch(/^14 orders still to ship were paid after this scan's time, 2026-11-20 12:00 \(latest: #2030 paid 2026-11-22 08:50, #2024 paid 2026-11-22 08:40, #2022 paid 2026-11-22 08:20\)/);
    expect(warning).toContain('--now');
    expect(warning).toContain('Asia/Shanghai');
    // The text run prints it on stderr; at the README's time nothing is paid later.
    const again = scanExamples(tempDir(), '2026-11-20T12:00');
    expect(again.stderr).toContain("warning: 14 orders still to ship were paid after this scan's time");
    expect(scanExamples(tempDir()).stderr).toBe('');
  });

  it('a first scan that fails on bad data leaves no database behind', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.csv'), 'order_id,paid_at,sku,quantity\n"#1,2026-11-20,A,1\n');
    const r = oos(['scan', join(cwd, 'bad.csv'), '--db', join(cwd, 'new.db'), '--now', '2026-11-22T09:00'], { cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('bad.csv, line 2');
    for (const f of ['new.db', 'new.db-wal', 'new.db-shm']) expect(existsSync(join(cwd, f))).toBe(false);
  });

  it('an orders file with only its header is said to be empty, not read as a shop with nothing wrong', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'orders.csv'), readFileSync(join(EXAMPLES, 'orders.csv'), 'utf8').split('\n')[0] + '\n');
    const r = oos(['scan', join(cwd, 'orders.csv'), '--db', join(cwd, 'oos.db'), '--config', join(EXAMPLES, 'oos.config.json'), '--now', '2026-11-22T09:00'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('orders.csv has its header but no order rows, so no order was read from it: if the shop has orders, download the export again');
    expect(r.stdout).toContain('No open cases, but this scan read no order');
    expect(r.stdout).not.toContain('every paid order can ship as promised');
  });

  it('[I4] uses the shop timezone, not the process TZ', () => {
    const outputs = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles'].map((TZ) => {
      const cwd = tempDir();
      return oos([...exampleArgs(), '--db', join(cwd, 'oos.db'), '--json'], { cwd, env: { TZ } }).stdout;
    });
    const strip = (s: string) => JSON.parse(s).cases;
    expect(strip(outputs[1]!)).toEqual(strip(outputs[0]!));
    expect(strip(outputs[2]!)).toEqual(strip(outputs[0]!));
  });
});

describe('oos init and config', () => {
  it('writes a starting config with every key, which scan then accepts', () => {
    const cwd = tempDir();
    const r = oos(['init', '--name', 'Lucky Cat', '--timezone', 'Asia/Tokyo', '--language', 'ja', '--currency', 'jpy'], { cwd });
    expect(r.code).toBe(0);
    // Everything it asks to set was given: it does not ask again.
    expect(r.stdout).toBe('Wrote oos.config.json. The README explains every key.\n');
    const cfg = JSON.parse(readFileSync(join(cwd, 'oos.config.json'), 'utf8'));
    expect(cfg.shop).toEqual({ name: 'Lucky Cat', timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY', email: null, phone: null, staff: null, country: null });
    for (const key of ['contact_within_hours', 'promo', 'handling_hours', 'ship_at_risk_hours', 'stall_hours', 'lost_after_days', 'wait_max_days', 'low_stock_threshold', 'coupon', 'quiet_hours', 'outbox', 'templates']) {
      expect(cfg).toHaveProperty(key);
    }
    expect(cfg.coupon.tiers).toEqual([
      { min_order_total: 0, amount: 100 },
      { min_order_total: 2000, amount: 300 },
      { min_order_total: 6000, amount: 500 },
    ]); // yen amounts for a yen shop
    expect(modeOf(join(cwd, 'oos.config.json'))).toBe(0o600);
    expect(oos(['init'], { cwd }).code).toBe(64);
    const bare = tempDir();
    expect(oos(['init', '--name', 'Lucky Cat'], { cwd: bare }).stdout).toContain('Set your timezone, language and currency there');
    copyFileSync(join(EXAMPLES, 'orders.csv'), join(cwd, 'orders.csv'));
    expect(oos(['scan', 'orders.csv', '--now', '2026-11-22T09:00'], { cwd }).code).toBe(0);
  });

  it('a broken config is exit 65 listing every problem', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify({ shop: { timezone: 'Nowhere/City', language: 'xx' }, stall_hours: 'soon' }));
    const r = oos(['scan', join(EXAMPLES, 'orders.csv')], { cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('3 problems');
    expect(r.stderr).toContain('shop.timezone');
    expect(r.stderr).toContain('stall_hours');
    expect(noStack(r.stderr)).toBe(true);
  });

  it('invalid JSON in the config is exit 65', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'oos.config.json'), '{ "shop": ');
    const r = oos(['cases'], { cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/not valid JSON/);
  });
});

describe('help and start-up', () => {
  it('oos --help loads neither better-sqlite3 nor the prompt library', () => {
    const cwd = tempDir();
    const trace = join(cwd, 'trace.txt');
    writeFileSync(trace, '');
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test/helpers/trace-loads.mjs'), BIN, '--help'], { cwd, encoding: 'utf8', env: { ...process.env, OOS_TRACE_FILE: trace } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: oos');
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('commander');
    expect(loaded).not.toMatch(/better-sqlite3|@inquirer|inquirer|csv-parse|mustache/);
  });

  it.each([
    [['--help']],
    [['scan', '--help']],
    [['cases', '--help']],
    [['init', '--help']],
    [['resolve', '--help']],
    [['followup', '--help']],
    [['report', '--help']],
    [['templates', '--help']],
    [['claim', '--help']],
  ])('help for %j is stable', (args) => {
    const r = oos(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  it('every command is documented in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const help = oos(['--help']).stdout;
    const commands = [...help.matchAll(/^  (\w+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const c of commands) expect(readme).toContain(`oos ${c}`);
  });
});

describe('output into a pipe', () => {
  it('[I] a reader slower than oos still gets every byte of a large --json answer', async () => {
    const dir = tempDir();
    const orders = join(dir, 'orders.csv');
    const inventory = join(dir, 'inventory.csv');
    const { demand } = await writeOrders(orders, { rows: 30_000 });
    await writeInventory(inventory, demand);
    const db = join(dir, 'oos.db');
    const out = join(dir, 'scan.json');
    // The reader sleeps before it reads: oos finishes long before, with most of its answer
    // still waiting behind the full pipe (64 KiB). Exiting then lost the rest.
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, BIN, 'scan', orders, '--inventory', inventory, '--db', db, '--now', '2026-11-22T10:00:00+08:00', '--json'].map(quote).join(' ');
    const r = spawnSync('sh', ['-c', `${cmd} | (sleep 4; cat) > ${quote(out)}`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.length, 'larger than a pipe holds').toBeGreaterThan(200_000);
    const open = query<{ n: number }>(db, `SELECT count(*) AS n FROM cases WHERE state IN ('detected', 'offered', 'remedy_chosen')`)[0]!.n;
    expect(JSON.parse(text).cases).toHaveLength(open);
  });

  it('a reader that stops early (| head) ends oos quietly, with its own exit code', async () => {
    const dir = tempDir();
    const orders = join(dir, 'orders.csv');
    const inventory = join(dir, 'inventory.csv');
    const { demand } = await writeOrders(orders, { rows: 30_000 });
    await writeInventory(inventory, demand);
    const db = join(dir, 'oos.db');
    expect(oos(['scan', orders, '--inventory', inventory, '--db', db, '--now', '2026-11-22T10:00:00+08:00']).code).toBe(0);
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, BIN, 'cases', '--json', '--db', db].map(quote).join(' ');
    const [err, code] = [join(dir, 'err.txt'), join(dir, 'code.txt')];
    const r = spawnSync('sh', ['-c', `{ ${cmd} 2> ${quote(err)}; echo $? > ${quote(code)}; } | head -c 100`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(100);
    expect(r.stdout.startsWith('{\n  "cases": [\n')).toBe(true);
    expect(readFileSync(err, 'utf8')).toBe('');
    expect(readFileSync(code, 'utf8').trim()).toBe('0');
    // The text table is written at the reader's pace too.
    const text = [process.execPath, BIN, 'cases', '--db', db].map(quote).join(' ');
    const t = spawnSync('sh', ['-c', `{ ${text} 2> ${quote(err)}; echo $? > ${quote(code)}; } | head -c 100`], { env: { ...process.env, NO_COLOR: '1' } });
    expect(t.stdout).toHaveLength(100);
    expect(t.stdout.toString('utf8')).toMatch(/^\d+ open cases: /);
    expect(readFileSync(err, 'utf8')).toBe('');
    expect(readFileSync(code, 'utf8').trim()).toBe('0');
  });
});
