/**
 * kill -9 at twenty named moments of a resolve and of a follow-up run (src/fault.ts
 * FAULT_POINTS; OOS_FAULT=<point>:<n> kills at the n-th pass), then the same command again,
 * the same day or the next: every message exists exactly once, whole, with its record, in
 * the folder of its record's day and in that day's messages.csv; no second coupon code; no
 * journal or temp file left.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, oosAsync, query, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop, type Shop } from '../helpers/shop.js';

function killAt(shop: { dir: string }, args: string[], fault: string): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args, '--db', join(shop.dir, 'oos.db'), '--config', join(shop.dir, 'oos.config.json')], {
      cwd: shop.dir,
      env: { ...process.env, NO_COLOR: '1', OOS_ACTOR: 'tester', OOS_FAULT: fault },
      stdio: 'ignore',
    });
    child.on('close', (_code, signal) => done(signal));
  });
}

const run = (dir: string, args: string[]) =>
  oosAsync([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json')], { cwd: dir, env: { OOS_ACTOR: 'tester' } });

/**
 * The prepared shop, put back as it was before each kill: its database records the outbox's
 * absolute paths, so the shop is restored in its own folder rather than copied elsewhere.
 */
function keep(shop: Shop): () => { dir: string } {
  const saved = join(tempDir('oos-kill-'), 'saved');
  cpSync(shop.dir, saved, { recursive: true });
  return () => {
    rmSync(shop.dir, { recursive: true, force: true });
    cpSync(saved, shop.dir, { recursive: true });
    return { dir: shop.dir };
  };
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

interface Row {
  id: number;
  case_id: number;
  order_id: string;
  followup_id: number | null;
  intent: string;
  day: string;
  path: string;
  sha256: string;
  body: string;
}

/** Everything the kill must not break, checked on the shop as the rerun left it; returns the messages. */
function checkShop(dir: string): Row[] {
  const db = join(dir, 'oos.db');
  const outbox = join(dir, 'outbox');
  expect(query<{ integrity_check: string }>(db, 'PRAGMA integrity_check')[0]!.integrity_check).toBe('ok');
  const rows = query<Row>(db, 'SELECT id, case_id, order_id, followup_id, intent, day, path, sha256, body FROM messages ORDER BY id');
  // Each recorded message: its file, whole, in the folder of its record's day.
  for (const r of rows) {
    expect(existsSync(r.path), r.path).toBe(true);
    expect(createHash('sha256').update(readFileSync(r.path)).digest('hex'), r.path).toBe(r.sha256);
    expect(basename(dirname(r.path))).toBe(r.day);
  }
  // Each message file people send from is exactly one record's.
  const messageFiles = filesUnder(outbox).filter((f) => /\.(txt|eml)$/.test(f));
  expect(messageFiles.filter((f) => !f.includes('/.interrupted/')).sort()).toEqual(rows.map((r) => r.path).sort());
  // A killed run's message is kept aside, out of the folder people send from, whether or not the
  // rerun recorded the step again (it may have said something else): never deleted, never sendable.
  for (const f of messageFiles.filter((f) => f.includes('/.interrupted/'))) expect(rows.some((r) => r.path === f), f).toBe(false);
  // One message per follow-up.
  const perFollowup = rows.filter((r) => r.followup_id !== null).map((r) => r.followup_id);
  expect(new Set(perFollowup).size).toBe(perFollowup.length);
  // Each day's messages.csv lists exactly that day's records.
  for (const day of new Set(rows.map((r) => r.day))) {
    const index = parse(readFileSync(join(outbox, day, 'messages.csv'), 'utf8'), { columns: true, bom: true }) as { file: string }[];
    expect(index.map((m) => m.file).sort(), day).toEqual(rows.filter((r) => r.day === day).map((r) => relative(outbox, r.path)).sort());
  }
  // No journal, no temp file.
  expect(filesUnder(outbox).filter((f) => basename(f).startsWith('.journal-') || f.endsWith('.tmp'))).toEqual([]);
  // One coupon code per case, and every message names that one.
  const coupons = query<{ case_id: number; data: string }>(db, `SELECT case_id, data FROM promises WHERE kind = 'coupon'`);
  const codeOf = new Map<number, Set<string>>();
  for (const c of coupons) codeOf.set(c.case_id, (codeOf.get(c.case_id) ?? new Set()).add((JSON.parse(c.data) as { code: string }).code));
  for (const [, codes] of codeOf) expect(codes.size).toBe(1);
  for (const r of rows) for (const code of r.body.match(/SORRY-[A-Z0-9]+/g) ?? []) expect([...(codeOf.get(r.case_id) ?? [])]).toContain(code);
  return rows;
}

/** What a message is, whenever and wherever it was written: the case, what it says, which follow-up. */
const identity = (rows: Row[]) => rows.map((r) => `${r.order_id} ${r.intent} ${r.followup_id ?? '-'}`).sort();

describe('kill -9 at 20 moments of a resolve, then the same command again', () => {
  let restore: () => { dir: string };
  let clean: Row[];
  // (Another day than the notice offered: the customer agreed to it, so it is their choice, not a change to confirm.)
  const args = (at: string) => ['resolve', '--order', '#2015', '--remedy', 'wait', '--restock-date', '2026-11-28', '--decided-by', 'customer', '--channel', 'email', '--now', at];

  beforeAll(async () => {
    const prepared = exampleShop();
    expect(scanShop(prepared, '2026-11-22T09:00').code).toBe(0);
    const offered = await run(prepared.dir, ['resolve', '--order', '#2015', '--offer', '--channel', 'email', '--now', '2026-11-22T09:10']);
    expect(offered.code, offered.stderr).toBe(0);
    restore = keep(prepared);
    const shop = restore();
    const r = await run(shop.dir, args('2026-11-22T09:30'));
    expect(r.code, r.stderr).toBe(0);
    clean = checkShop(shop.dir);
    expect(clean.filter((m) => m.intent === 'confirm-wait')).toHaveLength(1);
    expect(clean[clean.length - 1]!.body).toMatch(/SORRY-/);
  }, 60_000);

  // The message file is the first file written (pass 1), then messages.csv (2), schedule.csv (3), schedule.ics (4).
  const points = [
    'before-write:1', 'after-temp-write:1', 'after-sync:1', 'after-journal:1', 'after-rename:1', 'after-dir-sync:1',
    'before-record:1', 'before-commit:1', 'after-commit:1', 'after-recovery:1',
    'before-write:2', 'after-rename:2', 'after-day-index:1', 'after-temp-write:3', 'after-schedule-csv:1',
    'before-write:4', 'after-rename:4', 'after-dir-sync:4', 'after-index:1', 'after-settle:1',
  ];

  it.each(points.map((p, i) => [p, i % 2 === 0 ? '2026-11-22T09:41' : '2026-11-23T08:15'] as const))('killed at %s, rerun at %s', async (fault, rerunAt) => {
    const shop = restore();
    expect(await killAt(shop, args('2026-11-22T09:30'), fault)).toBe('SIGKILL');
    const rerun = await run(shop.dir, args(rerunAt));
    expect(rerun.code, rerun.stderr).toBe(0);
    const rows = checkShop(shop.dir);
    expect(identity(rows)).toEqual(identity(clean));
    // The confirmation carries the case's one coupon code (checkShop: one code per case).
    expect(rows.find((r) => r.intent === 'confirm-wait')!.body).toMatch(/SORRY-[A-Z0-9]+/);
  }, 30_000);
});

describe('kill -9 at 20 moments of a follow-up run, then cron again', () => {
  let restore: () => { dir: string };
  let clean: Row[];
  let due = 0;
  const NOW = '2026-11-23T10:30';
  // Cron's next run: an hour later, or the next morning, when the day-old reminders are no longer sent.
  const RERUN = ['2026-11-23T11:30', '2026-11-24T08:00'];
  /** What an uninterrupted run at each rerun time writes; and a run at NOW, then one at the rerun time. */
  const cleanAt = new Map<string, Row[]>();
  const cleanThen = new Map<string, Row[]>();
  let before = 0;

  beforeAll(async () => {
    const prepared = exampleShop();
    expect(scanShop(prepared, '2026-11-22T09:00').code).toBe(0);
    const open = query<{ order_id: string }>(prepared.db, `SELECT order_id FROM cases ORDER BY order_id`).map((c) => c.order_id);
    for (const id of open) {
      // Offered late in the morning: their reply deadlines (11:00 the next day) are still ahead of the run.
      const r = await run(prepared.dir, ['resolve', '--order', id, '--offer', '--now', '2026-11-22T11:00']);
      expect(r.code, r.stderr).toBe(0);
    }
    const wait = await run(prepared.dir, ['resolve', '--order', '#2015', '--remedy', 'wait', '--restock-date', '2026-11-28', '--yes', '--now', '2026-11-22T09:40']);
    expect(wait.code, wait.stderr).toBe(0);
    restore = keep(prepared);
    const shop = restore();
    before = query(join(shop.dir, 'oos.db'), 'SELECT id FROM messages').length;
    const r = await run(shop.dir, ['followup', '--now', NOW]);
    expect([0, 2], r.stderr).toContain(r.code);
    clean = checkShop(shop.dir);
    due = clean.length - before;
    // Several messages, so the kill points fall before, between and after them (late notices, where
    // silence means waiting, have no reminder: the other offers do).
    expect(due).toBeGreaterThanOrEqual(6);
    for (const at of RERUN) {
      const again = restore();
      const c = await run(again.dir, ['followup', '--now', at]);
      expect([0, 2], c.stderr).toContain(c.code);
      cleanAt.set(at, checkShop(again.dir));
      const twice = restore();
      for (const t of [NOW, at]) expect([0, 2]).toContain((await run(twice.dir, ['followup', '--now', t])).code);
      cleanThen.set(at, checkShop(twice.dir));
    }
    expect(identity(cleanThen.get(RERUN[0]!)!)).toEqual(identity(clean));
  }, 120_000);

  it('kills at 20 moments, each rerun leaving every follow-up written once', async () => {
    // Message files are written first (passes 1..due), then each day's messages.csv, schedule.csv and schedule.ics.
    const points = [
      'before-write:1', `before-write:${due}`, 'after-temp-write:2', 'after-sync:1', `after-sync:${due}`,
      'after-journal:1', 'after-rename:1', `after-rename:${Math.ceil(due / 2)}`, `after-rename:${due}`, 'after-dir-sync:1',
      'before-record:1', 'before-commit:1', 'after-commit:1', 'after-recovery:1', `before-write:${due + 1}`,
      `after-rename:${due + 1}`, 'after-day-index:1', 'after-schedule-csv:1', 'after-index:1', 'after-settle:1',
    ];
    expect(new Set(points).size).toBe(20);
    for (const [i, fault] of points.entries()) {
      const shop = restore();
      expect(await killAt(shop, ['followup', '--now', NOW], fault), fault).toBe('SIGKILL');
      // Killed after its commit, the run's messages stand; before it, the next run writes what is due then.
      const committed = query(join(shop.dir, 'oos.db'), 'SELECT id FROM messages').length > before;
      const at = RERUN[i % 2]!;
      const rerun = await run(shop.dir, ['followup', '--now', at]);
      expect([0, 2], `${fault}: ${rerun.stderr}`).toContain(rerun.code);
      const rows = checkShop(shop.dir);
      expect(identity(rows), fault).toEqual(identity((committed ? cleanThen : cleanAt).get(at)!));
    }
  }, 240_000);
});
