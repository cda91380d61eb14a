#!/usr/bin/env node
/**
 * `npm run bench`: how fast oos is on this machine, against what the machine
 * itself can do. Generates deterministic Shopify-style exports (100k and 1M
 * line-item rows), then times whole `oos` processes (median of several runs)
 * next to `sqlite3 .import` of the same file and `node -e ''`, prints one
 * table, writes it as JSON, and exits 1 when a figure is more than 1.5× over
 * its budget (issue 6 / README "Performance").
 *
 *   npm run bench                 full run (about 10 minutes on 2 cores)
 *   npm run bench -- --quick      10k/100k rows, for trying the script itself
 *   npm run bench -- --out f.json where to write the JSON (default bench-out/result.json)
 *   npm run bench -- --only season
 *                                 the bad season alone (its scan, cases --json and followup), about 6 minutes
 *   npm run bench -- --open-share 0.27
 *                                 the bad-season shop's share of orders never shipped (default
 *                                 0.27: 135k open cases at 1M rows, most of them oversold)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { BENCH_CONFIG, BENCH_NOW, writeInventory, writeOrders, writeTracking } from './bench-data.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/oos.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seasonOnly = args.includes('--only') && args[args.indexOf('--only') + 1] === 'season';
if (args.includes('--only') && !seasonOnly) throw new Error('--only takes one value: season');
const option = (name) => (args.includes(name) && args[args.indexOf(name) + 1] ? args[args.indexOf(name) + 1] : null);
const outFile = resolve(option('--out') ?? join(ROOT, 'bench-out/result.json'));
const OPEN_SHARE = Number(option('--open-share') ?? 0.27);
if (!(OPEN_SHARE > 0 && OPEN_SHARE < 1)) throw new Error(`--open-share must be a fraction between 0 and 1, not ${option('--open-share')}`);
/** The bad season's inventory: most SKUs run short, each of up to all its open orders want. */
const SEASON_STOCK = { oversoldShare: 0.8, shortfall: 1 };
const DIR = join(ROOT, 'bench-out');
const SMALL = quick ? 10_000 : 100_000;
const LARGE = quick ? 100_000 : 1_000_000;
// Follow-ups are timed three times too: the disk makes file creation the noisiest figure.
const RUNS = { small: 5, large: 3, startup: 10, followups: 3 };
const PROBE = join(DIR, 'rss-probe.cjs');

mkdirSync(DIR, { recursive: true });
// Outboxes an interrupted bench left behind, removed long before the follow-up runs (see below).
const outboxesClearedAt = removeOutboxes() ? Date.now() : 0;
// Every oos process reports its own peak RSS (getrusage covers all its threads) on exit.
writeFileSync(PROBE, `process.on('exit', () => { try { require('fs').writeFileSync(process.env.OOS_BENCH_RSS, String(process.resourceUsage().maxRSS)); } catch {} });\n`);

const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0;
/** Flushes every file system's pending writes (sync(1)); nothing where there is no such command. */
const settleDisk = () => spawnSync('sync');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs a command once; wall seconds, and peak RSS in MiB for oos processes. */
function time(cmd, argv, opts = {}) {
  const rssFile = join(DIR, 'rss.txt');
  rmSync(rssFile, { force: true });
  const env = { ...process.env, NO_COLOR: '1', ...(opts.env ?? {}) };
  if (opts.probe) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${PROBE}`.trim();
    env.OOS_BENCH_RSS = rssFile;
  }
  if (opts.discard) {
    // Still written into a pipe, but one that cat empties: spawnSync would gather the 200 MB a bad
    // season's --json prints into this process, and every process it starts afterwards reports
    // this one's size as its own peak (Linux keeps the high-water mark across fork and exec).
    argv = ['-o', 'pipefail', '-c', '"$@" | cat > /dev/null', 'bash', cmd, ...argv];
    cmd = 'bash';
  }
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: opts.cwd ?? DIR, env, encoding: 'utf8', maxBuffer: 1 << 28, input: opts.input });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  // 2 is oos followup's "done, but a person must act" (customers not contacted in time): a success here.
  if (r.status !== 0 && r.status !== 2 && !opts.allowFail) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const rss = opts.probe && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : null;
  return { wall, rss, stdout: r.stdout };
}

/** Paired A/B runs: the ratio is the median of per-pair ratios, which keeps it stable on a noisy VM. */
function paired(runs, a, b) {
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const x = a();
    const y = b ? b() : null;
    as.push(x);
    if (y) {
      bs.push(y);
      ratios.push(x.wall / y.wall);
    }
  }
  return {
    wall: median(as.map((x) => x.wall)),
    rss: as[0].rss === null ? null : Math.max(...as.map((x) => x.rss)),
    base: bs.length ? median(bs.map((y) => y.wall)) : null,
    ratio: ratios.length ? median(ratios) : null,
    last: as.at(-1),
  };
}

function sqliteImport(file) {
  const db = join(DIR, 'sqlite-import.db');
  rmSync(db, { force: true });
  return time('sqlite3', [db, '-cmd', '.mode csv', `.import ${file} t`]);
}

const oos = (argv, opts = {}) => time(process.execPath, [BIN, ...argv], { ...opts, probe: true });

function scanArgs(files, db) {
  return ['scan', files.orders, '--inventory', files.inventory, '--tracking', files.tracking, '--db', db, '--config', join(DIR, 'oos.config.json'), '--now', BENCH_NOW, '--json'];
}

async function makeShop(rows, changed = 0, openShare = 0) {
  const name = `${rows}${changed ? '-changed' : ''}${openShare ? `-open${openShare}` : ''}`;
  const files = { orders: join(DIR, `orders-${name}.csv`), inventory: join(DIR, `inventory-${openShare ? name : rows}.csv`), tracking: join(DIR, `tracking-${openShare ? name : rows}.csv`) };
  process.stderr.write(`generating ${rows.toLocaleString('en')} rows${changed ? ` (${changed * 100} % of orders changed)` : ''}${openShare ? ` (${openShare * 100} % of orders never shipped)` : ''}…\n`);
  const { demand } = await writeOrders(files.orders, { rows, changed, openShare });
  if (!changed) {
    await writeInventory(files.inventory, demand, 7, openShare ? SEASON_STOCK : {});
    await writeTracking(files.tracking, { rows, openShare });
  }
  return files;
}

const rowsPerSec = (rows, s) => Math.round(rows / s);
const results = [];
function record(name, m, budget, extra = {}) {
  const row = { name, wall_s: round(m.wall), baseline_s: m.base === null ? null : round(m.base), ratio: m.ratio === null ? null : round(m.ratio), rss_mib: m.rss === null ? null : Math.round(m.rss), ...extra };
  if (budget) {
    row.budget = budget.text;
    row.value = round(budget.value(row));
    row.status = row.value <= budget.limit ? 'ok' : row.value <= budget.limit * 1.5 ? 'over' : 'FAIL';
  }
  results.push(row);
  process.stderr.write(`  ${name}: ${row.wall_s} s${row.ratio !== null ? ` (${row.ratio}× baseline)` : ''}${row.rss_mib !== null ? `, ${row.rss_mib} MiB` : ''}${row.status ? ` [${row.status}]` : ''}\n`);
  return row;
}
const round = (x) => Math.round(x * 1000) / 1000;

writeFileSync(join(DIR, 'oos.config.json'), JSON.stringify(BENCH_CONFIG, null, 2));
const small = seasonOnly ? null : await makeShop(SMALL);
const large = seasonOnly ? null : await makeShop(LARGE);
const largeChanged = seasonOnly ? null : await makeShop(LARGE, 0.01);
const season = await makeShop(LARGE, 0, OPEN_SHARE);
const fresh = (name) => {
  const db = join(DIR, `${name}.db`);
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  return db;
};

process.stderr.write('measuring (each figure the median of several whole-process runs)…\n');
const baseline = (file) => (hasSqlite ? () => sqliteImport(file) : null);

const nodeEmpty = () => time(process.execPath, ['-e', '']);
let followupRun = 0;
/** Waits until the inodes an interrupted bench freed (its outboxes, removed at the start) can be reused. */
const waitForFreedInodes = async () => {
  const age = outboxesClearedAt ? Date.now() - outboxesClearedAt : Infinity;
  if (age < 70_000) await new Promise((r) => setTimeout(r, 70_000 - age));
};
if (!seasonOnly) {
  const s100 = paired(RUNS.small, () => oos(scanArgs(small, fresh('small'))), baseline(small.orders));
  record(`scan ${SMALL.toLocaleString('en')} rows`, s100, hasSqlite ? { text: '≤ 3× .import', limit: 3, value: (r) => r.ratio } : null, { rows_per_s: rowsPerSec(SMALL, s100.wall) });

  const s1m = paired(RUNS.large, () => oos(scanArgs(large, fresh('large'))), baseline(large.orders));
  const firstScan = s1m.wall;
  record(`scan ${LARGE.toLocaleString('en')} rows`, s1m, hasSqlite ? { text: '≤ 2.5× .import', limit: 2.5, value: (r) => r.ratio } : null, { rows_per_s: rowsPerSec(LARGE, s1m.wall) });
  record(`peak RSS, ${LARGE.toLocaleString('en')} rows`, s1m, { text: '≤ 128 MiB', limit: 128, value: (r) => r.rss_mib });
  record(`peak RSS growth ${SMALL.toLocaleString('en')} → ${LARGE.toLocaleString('en')}`, { ...s1m, rss: s1m.rss }, { text: '≤ 1.10×', limit: 1.1, value: () => s1m.rss / s100.rss });

  // Re-scans start from a copy of the database the first scan left.
  const scanned = join(DIR, 'large.db');
  const rescan = (file) => {
    const db = fresh('rescan');
    copyFileSync(scanned, db);
    return oos(scanArgs(file, db));
  };
  const same = paired(RUNS.large, () => rescan(large));
  record('re-scan, file unchanged', same, { text: '≤ 0.1× first scan', limit: 0.1, value: (r) => r.wall_s / firstScan });
  const changed = paired(RUNS.large, () => rescan(largeChanged));
  record('re-scan, 1 % of orders changed', changed, { text: '≤ 0.5× first scan', limit: 0.5, value: (r) => r.wall_s / firstScan });

  // Follow-ups: 100k cases, 20k of them waiting for a reminder that is due now.
  const followupDb = seedFollowups(scanned);
  // Each run writes into an outbox folder of its own, and the folders are removed only once every
  // follow-up run is done. This file system (ext4 without a journal, as on many VMs) will not
  // reuse an inode freed in the last minute, and searches past each one on every file it creates:
  // deleting the previous run's 20k messages just before a run made each new file cost ~0.5 ms
  // more, 10 s in all, which no hourly cron run meets. A shop's outbox only grows.
  await waitForFreedInodes();
  const due = paired(RUNS.followups, () => {
    const db = fresh('followup-run');
    copyFileSync(followupDb, db);
    const config = join(DIR, 'followup-run.config.json');
    writeFileSync(config, JSON.stringify({ ...BENCH_CONFIG, outbox: join(DIR, `outbox-followup-${++followupRun}`) }, null, 2));
    // The copy is setup: flushed here, it is not written back while the timed run fsyncs its own 20k files.
    settleDisk();
    return oos(['followup', '--db', db, '--config', config, '--now', BENCH_NOW]);
  });
  record('followup, 100k cases, 20k due', due, { text: '≤ 10 s', limit: 10, value: (r) => r.wall_s });
  // Every offered case of those 100k owed its reminder at once: the most one run can have due.
  const allDueDb = seedAllDue(followupDb);
  const allDueCount = countPendingFollowups(allDueDb);
  const allDue = paired(1, () => {
    const db = fresh('followup-all-run');
    copyFileSync(allDueDb, db);
    const config = join(DIR, 'followup-run.config.json');
    writeFileSync(config, JSON.stringify({ ...BENCH_CONFIG, outbox: join(DIR, `outbox-followup-${++followupRun}`) }, null, 2));
    settleDisk();
    return oos(['followup', '--db', db, '--config', config, '--now', BENCH_NOW]);
  });
  const allDueName = `followup, 100k cases, ${allDueCount.toLocaleString('en')} due`;
  record(allDueName, allDue, { text: '≤ 10 s', limit: 10, value: (r) => r.wall_s });
  record(`peak RSS, ${allDueName}`, allDue, { text: '≤ 160 MiB', limit: 160, value: (r) => r.rss_mib });
  const idleDb = join(DIR, 'followup-run.db');
  const idle = paired(RUNS.startup, () => oos(['followup', '--db', idleDb, '--config', join(DIR, 'oos.config.json'), '--now', BENCH_NOW]), nodeEmpty);
  record('followup, nothing due', idle, { text: "≤ 2× node -e ''", limit: 2, value: (r) => r.ratio });
}
await waitForFreedInodes();

// The bad season: the same million rows, OPEN_SHARE of the orders never shipped.
const seasonParams = `${LARGE.toLocaleString('en')} rows, --open-share ${OPEN_SHARE}`;
const sSeason = paired(RUNS.large, () => oos(scanArgs(season, fresh('season')), { discard: true }), baseline(season.orders));
const seasonDb = join(DIR, 'season.db');
const openCases = countOpenCases(seasonDb);
const seasonNote = { open_cases: openCases.total, oversold: openCases.oversold, late: openCases.late, stalled: openCases.stalled };
const seasonName = `${seasonParams} (${openCases.total.toLocaleString('en')} open cases: ${openCases.oversold.toLocaleString('en')} oversold, ${openCases.late.toLocaleString('en')} late)`;
record(`scan ${seasonName}`, sSeason, hasSqlite ? { text: '≤ 2.5× .import', limit: 2.5, value: (r) => r.ratio } : null, { rows_per_s: rowsPerSec(LARGE, sSeason.wall), ...seasonNote });
record(`peak RSS, scan ${seasonParams}`, sSeason, { text: '≤ 160 MiB', limit: 160, value: (r) => r.rss_mib }, seasonNote);
const seasonCases = paired(RUNS.large, () => oos(['cases', '--json', '--db', seasonDb, '--config', join(DIR, 'oos.config.json'), '--now', BENCH_NOW], { discard: true }));
record(`peak RSS, cases --json, ${seasonParams}`, seasonCases, { text: '≤ 160 MiB', limit: 160, value: (r) => r.rss_mib }, seasonNote);
// An hour after that scan, 20,000 of its cases were offered a remedy yesterday and are owed a reminder,
// and every other customer is past their contact-by time: each one is an overdue contact to report.
const seasonLater = new Date(Date.parse(BENCH_NOW) + 3 * 3600_000).toISOString();
const seasonFollowupDb = seedSeasonFollowups(seasonDb, Date.parse(seasonLater));
const seasonFollowup = paired(RUNS.followups, () => {
  const db = fresh('season-followup-run');
  copyFileSync(seasonFollowupDb, db);
  const config = join(DIR, 'followup-run.config.json');
  writeFileSync(config, JSON.stringify({ ...BENCH_CONFIG, outbox: join(DIR, `outbox-followup-${++followupRun}`) }, null, 2));
  settleDisk();
  return oos(['followup', '--db', db, '--config', config, '--now', seasonLater]);
});
record(`followup, ${seasonParams}, 20k due`, seasonFollowup, { text: '≤ 10 s', limit: 10, value: (r) => r.wall_s }, seasonNote);
record(`peak RSS, followup ${seasonParams}`, seasonFollowup, { text: '≤ 160 MiB', limit: 160, value: (r) => r.rss_mib }, seasonNote);

if (!seasonOnly) {
  const help = paired(RUNS.startup, () => oos(['--help']), nodeEmpty);
  record('oos --help', help, { text: "≤ 1.5× node -e ''", limit: 1.5, value: (r) => r.ratio });
  const cases = paired(RUNS.startup, () => oos(['cases', '--db', join(DIR, 'small.db'), '--now', BENCH_NOW]), nodeEmpty);
  record('oos cases (100k-row shop)', cases, null);
}

removeOutboxes();

const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version, sqlite3_cli: hasSqlite };
const report = { at: new Date().toISOString(), machine, quick, only: seasonOnly ? 'season' : null, rows: { small: SMALL, large: LARGE }, open_share: OPEN_SHARE, season_stock: SEASON_STOCK, results };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

const header = ['measurement', 'wall s', 'baseline s', 'ratio', 'peak MiB', 'budget', 'value', 'status'];
const lines = results.map((r) => [r.name, r.wall_s, r.baseline_s ?? '', r.ratio ?? '', r.rss_mib ?? '', r.budget ?? '', r.value ?? '', r.status ?? ''].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`oos bench: ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}; baseline = sqlite3 .import of the same file, or node -e ''`);
console.log(fmt(header));
console.log(fmt(widths.map((w) => '-'.repeat(w))));
for (const l of lines) console.log(fmt(l));
console.log(`written to ${outFile}`);
process.exitCode = results.some((r) => r.status === 'FAIL') ? 1 : 0;

/** Removes the follow-up runs' outbox folders; whether there were any. */
function removeOutboxes() {
  const old = readdirSync(DIR).filter((f) => f.startsWith('outbox'));
  for (const f of old) rmSync(join(DIR, f), { recursive: true, force: true });
  return old.length > 0;
}

/** The open cases a scan left, by kind. */
function countOpenCases(path) {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare(`SELECT kind, count(*) AS n FROM cases WHERE state IN ('detected', 'offered', 'remedy_chosen') GROUP BY kind`).all();
  db.close();
  const by = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  return { total: rows.reduce((n, r) => n + r.n, 0), oversold: by.oversold ?? 0, late: by.late ?? 0, stalled: by.stalled ?? 0 };
}

/**
 * A copy of the bad season's shop in which 20,000 of the cases the scan opened were offered a
 * remedy a day before `now` and are owed their reminder (the rest still wait for a first contact).
 */
function seedSeasonFollowups(scannedDb, now) {
  const path = join(DIR, 'season-followups.db');
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  copyFileSync(scannedDb, path);
  const db = new Database(path);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const before = iso(now - 24 * 3600_000);
  db.exec('BEGIN');
  db.prepare(
    `UPDATE cases SET state = 'offered', first_contact_at = @before, offered = '[]', offered_at = @before, channel = 'chat', lang = 'zh', updated_at = @before
     WHERE id IN (SELECT id FROM cases WHERE state = 'detected' AND kind = 'late' ORDER BY id LIMIT 20000)`,
  ).run({ before });
  seedOffers(db, now);
  db.exec('COMMIT');
  db.close();
  return path;
}

/** What each offered case was offered, as the promise ledger records it, and its reminder due at `now` - 1 h. */
function seedOffers(db, now) {
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  // A reminder repeats the recorded offer (and is withheld without one).
  const terms = (remedy, date) => ({ remedy, kind: 'late', currency: 'CNY', date, substitutes: [], refund: null, refundFull: null, refundLines: [], coupon: null, trackingNumber: null, carrier: null, splitRest: null, carrierClaim: false, decidedBy: 'shop', reason: null });
  // The customer was asked to answer by tonight: a reminder is due before that, and an idle run
  // afterwards has nothing to do (with the reply time passed, each run rightly alerts about every
  // unanswered offer instead, which is no longer an idle run).
  const replyBy = now + 12 * 3600_000;
  const offer = { options: [{ remedy: 'wait', terms: terms('wait', now + 24 * 3600_000) }, { remedy: 'refund', terms: terms('refund', null) }], replyBy, reason: null };
  db.prepare(
    `INSERT INTO promises (case_id, order_id, kind, due_at, data, state, created_at)
     SELECT id, order_id, 'offer', @due, @data, 'open', @before FROM cases WHERE state = 'offered'`,
  ).run({ due: iso(replyBy), data: JSON.stringify(offer), before: iso(now - 24 * 3600_000) });
  db.prepare(
    `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, created_at)
     SELECT id, order_id, 'reminder', @due, 'chat', 'zh', @before FROM cases WHERE state = 'offered' ORDER BY id LIMIT 20000`,
  ).run({ due: iso(now - 3600_000), before: iso(now - 24 * 3600_000) });
}

/** A copy of the follow-up shop in which every offered case is owed its reminder now, not only 20,000 of them. */
function seedAllDue(followupsDb) {
  const path = join(DIR, 'followups-all.db');
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  copyFileSync(followupsDb, path);
  const db = new Database(path);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const now = Date.parse(BENCH_NOW);
  db.prepare(
    `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, created_at)
     SELECT id, order_id, 'reminder', @due, 'chat', 'zh', @before FROM cases WHERE state = 'offered' AND id NOT IN (SELECT case_id FROM followups)`,
  ).run({ due: iso(now - 3600_000), before: iso(now - 24 * 3600_000) });
  db.close();
  return path;
}

function countPendingFollowups(path) {
  const db = new Database(path, { readonly: true });
  const n = db.prepare(`SELECT count(*) FROM followups WHERE state = 'pending'`).pluck().get();
  db.close();
  return n;
}

/**
 * A copy of the scanned shop with 100,000 cases, 20,000 of them offered a
 * remedy yesterday and owed a reminder now: the state an hourly cron job meets
 * on a bad day.
 */
function seedFollowups(scannedDb) {
  const path = join(DIR, 'followups.db');
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  // oos closed the scanned database cleanly, so the main file holds everything.
  copyFileSync(scannedDb, path);
  const db = new Database(path);
  const now = Date.parse(BENCH_NOW);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  db.exec('BEGIN');
  db.prepare(
    `INSERT INTO cases (order_id, kind, kinds, reasons, skus, details, state, first_detected_at, detected_at, contact_by, last_seen_at, first_contact_at, updated_at, offered, offered_at, channel, lang)
     SELECT o.order_id, 'late', '["late"]', '["not shipped; ship-by passed"]', '[]', '{"late":"overdue"}', 'offered', @before, @before, @before, @before, @before, @before, '[]', @before, 'chat', 'zh'
     FROM orders o WHERE o.order_id NOT IN (SELECT order_id FROM cases) AND o.paid_at IS NOT NULL ORDER BY o.order_id
     LIMIT @n`,
  ).run({ before: iso(now - 24 * 3600_000), n: 100_000 - db.prepare('SELECT count(*) AS n FROM cases').get().n });
  // Their orders are unshipped, as a late order's are.
  db.exec(`UPDATE order_lines SET fulfilled_quantity = 0 WHERE order_id IN (SELECT order_id FROM cases WHERE state = 'offered')`);
  db.exec(`UPDATE orders SET shipped_at = NULL WHERE order_id IN (SELECT order_id FROM cases WHERE state = 'offered')`);
  seedOffers(db, now);
  db.exec('COMMIT');
  db.close();
  return path;
}
