/**
 * test/reliability/CASES.md group F: kill -9 at many points of a 200k-row scan and of a
 * resolve, a disk that fills up, two first runs on a new database, corrupt and
 * misplaced database files. Modelled on SQLite's own crash tests: the child is
 * killed (OOS_FAULT points plus random moments), then the parent checks
 * integrity_check, all-or-nothing, and that a rerun completes with no duplicate.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeInventory, writeOrders } from '../../scripts/bench-data.mjs';
import { BIN, dumpDb, EXAMPLES, exampleArgs, noStack, oos, oosAsync, query, ROOT, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop } from '../helpers/shop.js';

const NOW = '2026-11-22T09:00';

/** Runs oos and SIGKILLs it after `ms` (or lets an OOS_FAULT point kill it); resolves with how it ended. */
function runAndKill(args: string[], opts: { ms?: number; fault?: string }): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env, NO_COLOR: '1', OOS_ACTOR: 'tester', ...(opts.fault ? { OOS_FAULT: opts.fault } : {}) };
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = opts.ms === undefined ? null : setTimeout(() => child.kill('SIGKILL'), opts.ms);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stderr });
    });
  });
}

const integrity = (db: string) => query<{ integrity_check: string }>(db, 'PRAGMA integrity_check')[0]!.integrity_check;
const count = (db: string, table: string) => query<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`)[0]!.n;

describe('[F1] kill -9 during a 200k-row scan', () => {
  const dir = tempDir('oos-crash-');
  const big = join(dir, 'orders_export.csv');
  const inventory = join(dir, 'inventory_export.csv');
  let whole = { orders: 0, lines: 0 };
  let before = { orders: 0, lines: 0 };
  const db = join(dir, 'oos.db');
  const scanBig = ['scan', big, '--inventory', inventory, '--db', db, '--now', NOW];

  beforeAll(async () => {
    const { demand } = await writeOrders(big, { rows: 200_000 });
    await writeInventory(inventory, demand);
    // What a complete import of the big file adds, measured on a database of its own.
    const clean = join(dir, 'clean.db');
    const r = await oosAsync(['scan', big, '--inventory', inventory, '--db', clean, '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    whole = { orders: count(clean, 'orders'), lines: count(clean, 'order_lines') };
    expect(whole.lines).toBeGreaterThan(150_000);
    // The shop's database before: the example shop.
    expect(oos([...exampleArgs(NOW), '--db', db]).code).toBe(0);
    before = { orders: count(db, 'orders'), lines: count(db, 'order_lines') };
  }, 120_000);

  // Fault points from the first batch to just before COMMIT, then moments chosen by the clock.
  const kills: { fault?: string; ms?: number }[] = [
    { fault: 'scan-rows:1' },
    { fault: 'scan-rows:50000' },
    { fault: 'scan-rows:120000' },
    { fault: 'scan-rows:199000' },
    { fault: 'scan-before-commit' },
    { ms: 150 },
    { ms: 700 },
    { ms: 1500 },
  ];

  it('each kill leaves an intact database holding all of the import or none of it, and the rerun adds no duplicate', async () => {
    for (const k of kills) {
      const r = await runAndKill(scanBig, k);
      if (r.code === 0 && k.ms !== undefined) continue; // the clock lost the race: the scan finished first
      expect(r.signal, JSON.stringify(k)).toBe('SIGKILL');
      // The next open recovers the hot WAL the killed process left.
      expect(integrity(db), JSON.stringify(k)).toBe('ok');
      const now = { orders: count(db, 'orders'), lines: count(db, 'order_lines') };
      expect([before.orders, before.orders + whole.orders], JSON.stringify(k)).toContain(now.orders);
      expect(now.lines === before.lines || now.lines === before.lines + whole.lines, JSON.stringify(k)).toBe(true);
    }
    // A kill just after COMMIT: everything is there.
    const committed = await runAndKill(scanBig, { fault: 'scan-after-commit' });
    expect(committed.signal).toBe('SIGKILL');
    expect(integrity(db)).toBe('ok');
    expect(count(db, 'orders')).toBe(before.orders + whole.orders);
    // The rerun completes, changes no count, and no order or line is there twice.
    const rerun = await oosAsync(scanBig);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(count(db, 'orders')).toBe(before.orders + whole.orders);
    expect(count(db, 'order_lines')).toBe(before.lines + whole.lines);
    expect(query(db, 'SELECT order_id, line_no, count(*) AS n FROM order_lines GROUP BY 1, 2 HAVING n > 1')).toEqual([]);
    expect(integrity(db)).toBe('ok');
  }, 240_000);

  it('[F13] a disk that fills up during the import: 73 naming the database, nothing imported, the database intact', async () => {
    const small = join(dir, 'small.db');
    expect(oos([...exampleArgs(NOW), '--db', small]).code).toBe(0);
    const dump = dumpDb(small);
    const r = await oosAsync(['scan', big, '--db', small, '--now', NOW], { env: { OOS_FAULT: 'disk-full' } });
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(/^error: the disk is full while writing .*small\.db/);
    expect(noStack(r.stderr)).toBe(true);
    expect(integrity(small)).toBe('ok');
    expect(dumpDb(small)).toEqual(dump);
  }, 120_000);
});

describe('[F2] kill -9 during a resolve', () => {
  it.each(['before-write', 'after-temp-write', 'after-rename'])('at %s: nothing recorded, and the rerun writes each message once and whole', async (fault) => {
    const shop = exampleShop();
    expect(scanShop(shop, NOW).code).toBe(0);
    const order = (query<{ order_id: string }>(shop.db, `SELECT order_id FROM cases WHERE state = 'detected' ORDER BY order_id LIMIT 1`)[0]!).order_id;
    const cases = query(shop.db, 'SELECT * FROM cases ORDER BY id');
    const args = ['resolve', '--order', order, '--offer', '--channel', 'email', '--db', shop.db, '--config', shop.config, '--now', '2026-11-22T09:30'];
    const killed = await runAndKill(args, { fault });
    expect(killed.signal).toBe('SIGKILL');
    expect(integrity(shop.db)).toBe('ok');
    expect(query(shop.db, 'SELECT * FROM cases ORDER BY id')).toEqual(cases);
    expect(count(shop.db, 'messages')).toBe(0);

    const rerun = await oosAsync(args, { env: { OOS_ACTOR: 'tester' } });
    expect(rerun.code, rerun.stderr).toBe(0);
    const messages = query<{ path: string; sha256: string }>(shop.db, 'SELECT path, sha256 FROM messages');
    expect(messages.length).toBeGreaterThan(0);
    const files = outboxFiles(shop.outbox);
    // One file per recorded message, every one whole; the killed run's temp file is gone.
    expect(files.filter((f) => !/\.(csv|ics)$/.test(f)).sort()).toEqual(messages.map((m) => m.path).sort());
    for (const m of messages) expect(createHash('sha256').update(readFileSync(m.path)).digest('hex')).toBe(m.sha256);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('[F2 H10] a resolve killed after its file was renamed, redone at another minute', () => {
  it.each([
    ['the same day', '2026-11-22T09:45'],
    ['the next day, into another day folder', '2026-11-23T09:45'],
  ])('redone %s: the recorded message takes the leftover\'s place, the leftover is kept aside with a warning, so the customer is not sent it twice', async (_when, redoAt) => {
    const shop = exampleShop();
    expect(scanShop(shop, NOW).code).toBe(0);
    const order = (query<{ order_id: string }>(shop.db, `SELECT order_id FROM cases WHERE state = 'detected' ORDER BY order_id LIMIT 1`)[0]!).order_id;
    const args = (at: string) => ['resolve', '--order', order, '--offer', '--channel', 'email', '--db', shop.db, '--config', shop.config, '--now', at];
    expect((await runAndKill(args('2026-11-22T09:30'), { fault: 'after-rename' })).signal).toBe('SIGKILL');
    const leftover = outboxFiles(shop.outbox).filter((f) => f.endsWith('.eml'));
    expect(leftover).toHaveLength(1);

    const redo = await oosAsync(args(redoAt), { env: { OOS_ACTOR: 'tester' } });
    expect(redo.code, redo.stderr).toBe(0);
    const recorded = query<{ path: string }>(shop.db, 'SELECT path FROM messages').map((m) => m.path);
    expect(recorded).toHaveLength(1);
    const aside = leftover[0]!.replace('/2026-11-22/', '/2026-11-22/.interrupted/');
    expect(redo.stderr).toContain(`warning: ${aside}, written by an interrupted oos run and never recorded, was set aside: ${recorded[0]} is the message recorded for the same step`);
    // One file to send for the one message, in its record's day folder; the leftover kept aside, no journal left.
    expect(outboxFiles(shop.outbox).filter((f) => /\.(txt|eml)$/.test(f) && !f.includes('/.interrupted/'))).toEqual(recorded);
    expect(outboxFiles(shop.outbox).filter((f) => f.includes('/.interrupted/'))).toEqual([aside]);
    expect(recorded[0]).toContain(`/${redoAt.slice(0, 10)}/`);
    expect(outboxFiles(shop.outbox).filter((f) => f.includes('.journal-'))).toEqual([]);
  });

  it('redone another way (SMS instead of email): the leftover email is set aside, never sent beside the SMS', async () => {
    const shop = exampleShop();
    expect(scanShop(shop, NOW).code).toBe(0);
    const order = (query<{ order_id: string }>(shop.db, `SELECT order_id FROM cases WHERE state = 'detected' ORDER BY order_id LIMIT 1`)[0]!).order_id;
    const args = (at: string, channel: string) => ['resolve', '--order', order, '--offer', '--channel', channel, '--db', shop.db, '--config', shop.config, '--now', at];
    expect((await runAndKill(args('2026-11-22T09:30', 'email'), { fault: 'after-rename' })).signal).toBe('SIGKILL');
    const leftover = outboxFiles(shop.outbox).filter((f) => f.endsWith('.eml'));
    const redo = await oosAsync(args('2026-11-22T09:45', 'sms'), { env: { OOS_ACTOR: 'tester' } });
    expect(redo.code, redo.stderr).toBe(0);
    expect(redo.stderr).toMatch(/^warning: .*\.interrupted\/.*0930.* was written by an interrupted oos run but never recorded; it was moved aside/);
    const recorded = query<{ path: string }>(shop.db, 'SELECT path FROM messages').map((m) => m.path);
    const sendable = outboxFiles(shop.outbox).filter((f) => /\.(txt|eml)$/.test(f) && !f.includes('/.interrupted/'));
    expect(sendable).toEqual(recorded);
    expect(outboxFiles(shop.outbox).filter((f) => f.includes('/.interrupted/'))).toEqual([leftover[0]!.replace('/2026-11-22/', '/2026-11-22/.interrupted/')]);
  });
});

function outboxFiles(outbox: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  if (existsSync(outbox)) walk(outbox);
  return out;
}

describe('[F5] two resolves of the same order', () => {
  // Started together they may also run one after the other (both succeed, the second offering
  // again); the walk-through test in terminal.test.ts makes the conflict certain.
  it('started together: one records first; a run that lost the race is told (75) and leaves no file', async () => {
    for (let round = 0; round < 3; round++) {
      const shop = exampleShop();
      expect(scanShop(shop, NOW).code).toBe(0);
      const order = (query<{ order_id: string }>(shop.db, `SELECT order_id FROM cases WHERE state = 'detected' ORDER BY order_id LIMIT 1`)[0]!).order_id;
      const args = (channel: string) => ['resolve', '--order', order, '--offer', '--channel', channel, '--db', shop.db, '--config', shop.config, '--now', '2026-11-22T09:30'];
      const [a, b] = await Promise.all([oosAsync(args('email')), oosAsync(args('sms'))]);
      const results = [a, b].sort((x, y) => x.code - y.code);
      if (results[1]!.code === 0) {
        // Both succeeded one after the other: the second saw the first's step and offered again, which is allowed.
        expect(count(shop.db, 'messages')).toBe(2);
        continue;
      }
      expect(results.map((r) => r.code)).toEqual([0, 75]);
      expect(results[1]!.stderr).toMatch(/^error: case .* was changed by another oos run while you were working on it; nothing was recorded/);
      expect(noStack(results[1]!.stderr)).toBe(true);
      const messages = query<{ path: string; channel: string }>(shop.db, 'SELECT path, channel FROM messages');
      expect(messages).toHaveLength(1);
      expect(outboxFiles(shop.outbox).filter((f) => /\.(txt|eml)$/.test(f))).toEqual([messages[0]!.path]);
    }
  }, 120_000);
});

describe('the database file itself', () => {
  it('[F8] no transaction function is async (better-sqlite3 throws on a promise)', () => {
    const src = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? src(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const files = src(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/transaction\(\s*async/);
      expect(text, f).not.toMatch(/writeTransaction\([^,]+,\s*async/);
    }
  });

  it('[F10] a database path whose folder is a file, or that does not exist: 73 naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    for (const db of [join(dir, 'file', 'oos.db'), join(dir, 'missing', 'oos.db')]) {
      const r = oos(['scan', join(EXAMPLES, 'orders.csv'), '--db', db, '--now', NOW]);
      expect(r.code).toBe(73);
      expect(r.stderr).toContain(db);
      expect(noStack(r.stderr)).toBe(true);
    }
  });

  it('[F11] a truncated database is reported (66) for every command and left byte for byte as it was', () => {
    const dir = tempDir();
    const db = join(dir, 'oos.db');
    expect(oos([...exampleArgs(NOW), '--db', db]).code).toBe(0);
    truncateSync(db, Math.floor(statSync(db).size / 2));
    // Damage a page in the middle as a torn write would.
    const bytes = readFileSync(db);
    bytes.fill(0xa5, 4096 * 2, 4096 * 2 + 512);
    writeFileSync(db, bytes);
    const damaged = readFileSync(db);
    for (const args of [['scan', join(EXAMPLES, 'orders.csv')], ['cases'], ['report'], ['followup'], ['resolve', '--order', '#2001', '--offer']]) {
      const r = oos([...args, '--db', db, '--now', NOW]);
      expect([65, 66], `${args[0]}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr).toMatch(/damaged|not an oos database|malformed/);
      expect(noStack(r.stderr)).toBe(true);
    }
    expect(readFileSync(db).equals(damaged)).toBe(true);
  });

  it('[F14] two first scans at once on a new database: both finish, or one is told to retry (75); the schema is made once', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const db = join(dir, 'oos.db');
      const [a, b] = await Promise.all([oosAsync([...exampleArgs(NOW), '--db', db]), oosAsync([...exampleArgs(NOW), '--db', db])]);
      for (const r of [a, b]) {
        expect([0, 75], r.stderr).toContain(r.code);
        expect(noStack(r.stderr)).toBe(true);
      }
      expect([a.code, b.code]).toContain(0);
      expect(integrity(db)).toBe('ok');
      const d = new Database(db, { readonly: true });
      expect(d.pragma('user_version', { simple: true })).toBeGreaterThan(0);
      d.close();
      expect(count(db, 'orders')).toBe(query<{ n: number }>(db, 'SELECT count(DISTINCT order_id) AS n FROM orders')[0]!.n);
    }
  }, 60_000);

  it('[F15] the README warns against network and sync folders for the database', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/network|NFS|SMB|Dropbox/i);
  });
});
