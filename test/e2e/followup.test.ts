import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, dumpDb, noStack, query, ROOT } from '../helpers/run.js';
import { exampleShop, scanShop, tree, type Shop } from '../helpers/shop.js';

const json = (s: string) => JSON.parse(s) as Record<string, any>;
/** `oos followup` did what was due, but a person must act (customers not contacted, broken promises, withheld messages). */
const ALERT = 2;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The day's resolutions of the week replay, all at 09:30 shop time on 22 November. */
function resolveSeveral(shop: Shop, at = '2026-11-22T09:30'): void {
  const steps: string[][] = [
    ['#2008', '--offer', '--channel', 'email'],
    ['#2012', '--offer'],
    ['#2018', '--offer'],
    ['#2015', '--remedy', 'split'],
    ['#2020', '--remedy', 'substitute'],
    ['#2001', '--remedy', 'wait', '--restock-date', '2026-11-24'],
    ['#2003', '--remedy', 'refund'],
    ['#2016', '--remedy', 'reship', '--tracking-number', 'JP123456789JP'],
  ];
  for (const [order, ...args] of steps) {
    const r = shop.run(['resolve', '--order', order!, ...args, '--yes'], at);
    expect(r.code, r.stderr).toBe(0);
  }
}

/** The orders export two days later: #2020's substitute and #2015's in-stock line have shipped with tracking numbers. */
function laterExport(shop: Shop): string {
  const lines = readFileSync(join(shop.dir, 'orders.csv'), 'utf8').split('\n');
  const out = lines.map((l) => {
    if (l.startsWith('#2020,')) return l.replace(/,,,,,CNY/, ',,2026-11-23 16:00,SF Express,SF2020000001,CNY').replace(/,0$/, ',1');
    return l;
  });
  // #2015: the cups (in stock, second line) shipped; the teapot still waits.
  const idx = out.findIndex((l) => l.startsWith('#2015,'));
  out[idx] = out[idx]!.replace(/,,,,,CNY/, ',,2026-11-23 15:00,DHL,DHL2015000001,CNY');
  out[idx + 1] = out[idx + 1]!.replace(/,0$/, ',2');
  writeFileSync(join(shop.dir, 'orders-later.csv'), out.join('\n'));
  return 'orders-later.csv';
}

interface Step {
  at: string;
  written: { order_id: string; kind: string; path: string }[];
  alerts: { kind: string; order_id?: string; detail: string }[];
  code: number;
  stdout: string;
}

describe('a week of a shop, replayed hour by hour', () => {
  let shop: Shop;
  const steps: Step[] = [];
  beforeAll(async () => {
    shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    resolveSeveral(shop);
    const start = Date.parse('2026-11-22T10:00:00+08:00');
    for (let h = 0; h < 7 * 24 + 2; h++) {
      const t = start + h * 3_600_000;
      const at = iso(t);
      // Things happening during the week, before that hour's cron run.
      if (at === '2026-11-22T10:00:00Z') expect(shop.run(['resolve', '--order', '#2012', '--replied'], at).code).toBe(0); // 18:00 local, before its reminder
      // The customer answered the offer and chose to wait: their choice, thanked for.
      if (at === '2026-11-23T06:00:00Z') expect(shop.run(['resolve', '--order', '#2008', '--remedy', 'wait', '--restock-date', '2026-11-26', '--decided-by', 'customer', '--yes'], at).code).toBe(0);
      if (at === '2026-11-24T00:00:00Z') expect(scanShop(shop, at, laterExport(shop)).code).toBe(0);
      if (at === '2026-11-24T01:00:00Z') expect(shop.run(['resolve', '--order', '#2018', '--closed', '--outcome', 'no_reply'], at).code).toBe(0);
      const r = await shop.runAsync(['followup', '--json'], at);
      const out = r.code === 0 || r.code === ALERT ? json(r.stdout) : { written: [], alerts: [] };
      steps.push({ at, code: r.code, stdout: r.stdout, written: out.written, alerts: out.alerts ?? [] });
    }
  }, 600_000);

  it('every run succeeds (2: done, with something for a person to act on)', () => {
    expect(steps.filter((s) => s.code !== 0 && s.code !== ALERT)).toEqual([]);
  });

  it('writes exactly the expected follow-ups, at the expected hours', () => {
    const got = steps.flatMap((s) => s.written.map((w) => `${s.at} ${w.order_id} ${w.kind}`));
    expect(got).toEqual([
      // The no-reply reminders go out the evening before the 09:30 reply deadline, and the phone-call
      // reminder the next morning when the quiet hours end, still before it.
      '2026-11-22T12:00:00Z #2008 reminder',
      '2026-11-22T12:00:00Z #2018 reminder',
      '2026-11-23T01:00:00Z #2008 reminder',
      '2026-11-23T01:00:00Z #2018 reminder',
      '2026-11-23T02:00:00Z #2003 refund_check',
      '2026-11-23T02:00:00Z #2015 wait_update',
      '2026-11-23T02:00:00Z #2001 wait_update',
      // The morning scan sees the substitute left: its "shipped" message goes out at the first run
      // after the quiet hours, not at the hour it was planned for.
      '2026-11-24T01:00:00Z #2020 shipped',
      '2026-11-24T02:00:00Z #2015 wait_update',
      '2026-11-24T02:00:00Z #2015 shipped',
      '2026-11-24T02:00:00Z #2008 wait_update',
      '2026-11-25T02:00:00Z #2015 wait_update',
      '2026-11-25T02:00:00Z #2008 wait_update',
      '2026-11-26T02:00:00Z #2020 satisfaction',
      '2026-11-27T02:00:00Z #2016 satisfaction',
      '2026-11-29T02:00:00Z #2003 checkin',
    ]);
  });

  it('the check-in a week after a refund does not ask again whether it arrived: the refund check asked', () => {
    const written = steps.flatMap((s) => s.written).filter((w) => w.order_id === '#2003');
    const text = (kind: string) => readFileSync(written.find((w) => w.kind === kind)!.path, 'utf8');
    const ASKED = /到账了吗|入帳了嗎|反映されましたでしょうか|refund arrive/;
    expect(text('refund_check')).toMatch(/到账|入帳|反映|arrived/);
    expect(text('checkin')).not.toMatch(ASKED);
    // It still opens the door: anything not sorted out, the customer replies.
    expect(text('checkin')).toMatch(/回复|回覆|ご返信|ご連絡|reply/);
  });

  it('[H10] no message twice, none missing from the outbox, every file whole', () => {
    const rows = query<{ path: string; body: string; dedupe_key: string }>(shop.db, 'SELECT path, body, dedupe_key FROM messages');
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
    const files = Object.keys(tree(shop.outbox)).filter((f) => /\.(txt|eml)$/.test(f));
    expect(files.length).toBe(rows.length);
    for (const r of rows.filter((x) => x.path.endsWith('.txt'))) expect(readFileSync(r.path, 'utf8')).toBe(`${r.body}\n`);
    expect(rows.length).toBe(8 + 1 + 16);
  });

  it("the split's first parcel, a day late with no number, is the one the operator hears about", () => {
    const about2015 = steps.flatMap((s) => s.alerts.filter((a) => a.detail.includes('#2015')).map((a) => `${s.at} ${a.kind}: ${a.detail}`));
    expect(about2015.filter((a) => a.includes('tracking number'))).toEqual([
      `2026-11-23T02:00:00Z message_withheld: the split parcel for #2015 has no new tracking number, so the "shipped" message waits: oos resolve --order '#2015' --shipped --tracking-number <no>`,
    ]);
  });

  it('nothing at night, nothing after the reply or the close', () => {
    const all = steps.flatMap((s) => s.written.map((w) => ({ ...w, at: s.at })));
    for (const w of all) {
      const hour = (new Date(w.at).getUTCHours() + 8) % 24;
      expect(hour >= 9 && hour < 21, `${w.at} ${w.order_id}`).toBe(true);
      const hhmm = /\.(\d{4})\.followup-/.exec(w.path)![1]!;
      expect(hhmm >= '0900' && hhmm < '2100').toBe(true);
    }
    expect(all.filter((w) => w.order_id === '#2012')).toEqual([]);
    expect(all.filter((w) => w.order_id === '#2018' && w.at > '2026-11-24T01:00:00Z')).toEqual([]);
    expect(all.filter((w) => w.order_id === '#2008' && w.kind === 'reminder' && w.at > '2026-11-23T06:00:00Z')).toEqual([]);
  });

  it('[F7] a second run at the same time writes nothing new', () => {
    const last = steps.at(-1)!.at;
    const before = dumpDb(shop.db);
    const r = shop.run(['followup', '--json'], last);
    expect(json(r.stdout).written).toEqual([]);
    expect(dumpDb(shop.db).messages).toEqual(before.messages);
  });

  it('the report shows the week and its JSON matches the database', () => {
    const r = shop.run(['report', '--json'], '2026-11-29T10:00');
    expect(r.code).toBe(0);
    const rep = json(r.stdout);
    const one = <T>(sql: string) => query<T>(shop.db, sql)[0]!;
    expect(rep.cases.total).toBe(one<{ n: number }>('SELECT count(*) AS n FROM cases').n);
    for (const { kind, n } of query<{ kind: string; n: number }>(shop.db, 'SELECT kind, count(*) AS n FROM cases GROUP BY kind')) expect(rep.cases.by_kind[kind]).toBe(n);
    expect(rep.remedies).toEqual(Object.fromEntries(query<{ remedy: string; n: number }>(shop.db, 'SELECT remedy, count(*) AS n FROM cases WHERE remedy IS NOT NULL GROUP BY remedy').map((x) => [x.remedy, x.n])));
    expect(rep.contact.contacted).toBe(one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE first_contact_at IS NOT NULL').n);
    const refunded = one<{ s: number }>(`SELECT sum(json_extract(terms, '$.refund')) AS s FROM cases WHERE json_extract(terms, '$.currency') = 'CNY'`).s;
    // Terms keep minor units (fen); the JSON report speaks in yuan.
    expect(rep.money.find((m: { currency: string }) => m.currency === 'CNY').refunded).toBe(refunded / 100);
    expect(rep.outcomes).toEqual({ no_reply: 1 });
    expect(rep.customer_choices).toEqual({ wait: 1 });
    const human = shop.run(['report'], '2026-11-29T10:00');
    expect(human.stdout).toMatch(new RegExp(`Problems: ${rep.cases.total} cases`));
    expect(human.stdout).toMatch(new RegExp(`on time \\(${rep.contact.within_target} of ${rep.contact.contacted}\\)`));
    const csv = shop.run(['report', '--csv'], '2026-11-29T10:00');
    expect(csv.stdout).toMatch(/^\uFEFFsection,key,value\r\n/);
  });

  it("the report's period is named in the shop's own days (Asia/Shanghai: local midnight is the day before in UTC)", () => {
    const r = shop.run(['report', '--since', '2026-11-22', '--until', '2026-11-24'], '2026-11-29T10:00');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('oos report (2026-11-22 – 2026-11-24)');
    const j = json(shop.run(['report', '--json', '--since', '2026-11-22', '--until', '2026-11-24'], '2026-11-29T10:00').stdout);
    expect(j.period).toEqual({ since: '2026-11-21T16:00:00.000Z', until: '2026-11-24T16:00:00.000Z' });
  });
});

function dueShop(): Shop {
  const shop = exampleShop();
  expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
  resolveSeveral(shop);
  return shop;
}
const DUE = '2026-11-23T10:00';

describe('exactly once under crashes and overlaps', () => {
  it.each(['after-temp-write', 'after-rename', 'after-commit'])('[F2 H7] kill -9 %s, then a rerun: each due message once and whole', (fault) => {
    const control = dueShop();
    expect(control.run(['followup'], DUE).code).toBe(ALERT);
    const shop = dueShop();
    const killed = spawnSync(process.execPath, [BIN, 'followup', '--db', shop.db, '--config', shop.config, '--now', DUE], { env: { ...process.env, OOS_FAULT: fault, OOS_ACTOR: 'tester' }, encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    expect(query(shop.db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const rerun = shop.run(['followup'], DUE);
    expect(rerun.code).toBe(ALERT);
    const strip = (t: Record<string, string>) => JSON.parse(JSON.stringify(t).split(shop.dir).join('<>').split(control.dir).join('<>'));
    expect(strip(tree(shop.outbox))).toEqual(strip(tree(control.outbox)));
    expect(Object.keys(tree(shop.outbox)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const count = (s: Shop) => query<{ n: number }>(s.db, 'SELECT count(*) AS n FROM messages')[0]!.n;
    expect(count(shop)).toBe(count(control));
    // Two shops, a scan and eight steps each, a killed run and a rerun: dozens of processes on two cores.
  }, 180_000);

  it('[F2] a run killed right after its commit leaves no stale index: the next run, with nothing due, rebuilds messages.csv', () => {
    const shop = dueShop();
    const killed = spawnSync(process.execPath, [BIN, 'followup', '--db', shop.db, '--config', shop.config, '--now', DUE], { env: { ...process.env, OOS_FAULT: 'after-commit', OOS_ACTOR: 'tester' }, encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    const day = join(shop.outbox, '2026-11-23');
    const written = readdirSync(day).filter((f) => /\.(txt|eml)$/.test(f));
    expect(written.length).toBeGreaterThan(0);
    expect(readdirSync(day)).not.toContain('messages.csv'); // the kill came before the index
    const later = shop.run(['followup'], '2026-11-23T10:05');
    expect([0, ALERT]).toContain(later.code);
    const index = readFileSync(join(day, 'messages.csv'), 'utf8');
    for (const f of written) expect(index).toContain(f);
    expect(readdirSync(shop.outbox).filter((f) => f.startsWith('.journal-'))).toEqual([]);
  });

  it('[F6] two runs started at the same moment write each message once', async () => {
    const shop = dueShop();
    const start = () =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [BIN, 'followup', '--db', shop.db, '--config', shop.config, '--now', DUE], { env: { ...process.env, OOS_ACTOR: 'tester' } });
        p.on('close', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([start(), start(), start()]);
    expect(codes.every((c) => c === ALERT || c === 75)).toBe(true);
    shop.run(['followup'], DUE);
    const rows = query<{ n: number; keys: number }>(shop.db, 'SELECT count(*) AS n, count(DISTINCT followup_id) AS keys FROM messages WHERE followup_id IS NOT NULL')[0]!;
    expect(rows.n).toBe(rows.keys);
    // Three messages are due; the three offers' reminders come after their reply deadline (09:30) and are dropped.
    expect(rows.n).toBe(3);
    expect(Object.keys(tree(shop.outbox)).filter((f) => f.startsWith('2026-11-23/') && /\.(txt|eml)$/.test(f)).length).toBe(3);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE kind = 'reminder' AND cancel_reason = 'the reply deadline has passed'`)).toEqual([{ n: 3 }]);
  });

  it('[F4] a database another process keeps locked: 75 after waiting, one line, nothing changed', () => {
    const shop = dueShop();
    const before = dumpDb(shop.db);
    const holder = spawn(process.execPath, ['-e', `const D=require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});const d=new D(${JSON.stringify(shop.db)});d.exec('BEGIN IMMEDIATE');process.stdout.write('locked\\n');setTimeout(()=>{d.exec('ROLLBACK');d.close()},4000)`]);
    return new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => {
        try {
          const r = shop.run(['followup'], DUE, { OOS_BUSY_TIMEOUT_MS: '300' });
          expect(r.code).toBe(75);
          expect(r.stdout).toBe('');
          expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
          expect(noStack(r.stderr)).toBe(true);
          holder.on('close', () => {
            expect(dumpDb(shop.db)).toEqual(before);
            resolve();
          });
        } catch (e) {
          holder.kill();
          reject(e);
        }
      });
    });
  });
});

describe('cron', () => {
  it('[I2] under env -i with nothing due: no output at all, exit 0', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    const r = spawnSync('/usr/bin/env', ['-i', 'PATH=/usr/bin:/bin', process.execPath, BIN, 'followup', '--db', shop.db, '--config', shop.config, '--now', '2026-11-22T09:00'], { encoding: 'utf8', cwd: '/' });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('[I2] tells the owner, in one stderr line, about customers not contacted in time', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    const r = shop.run(['followup'], '2026-11-22T12:00');
    expect(r.code).toBe(ALERT);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^oos: 10 customers not contacted in time: .*run "oos resolve"/);
    const j = json(shop.run(['followup', '--json'], '2026-11-22T12:00').stdout);
    expect(j.overdue_contacts).toHaveLength(10);
    expect(j.pending).toBe(0);
  });

  it('--list shows the schedule without writing', () => {
    const shop = dueShop();
    const before = dumpDb(shop.db);
    const r = shop.run(['followup', '--list'], '2026-11-22T10:00');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/follow-ups planned/);
    expect(r.stdout).toMatch(/#2008 +reminder/);
    expect(dumpDb(shop.db)).toEqual(before);
  });

  it('[H9 I1] the outbox cannot be written: 73 naming it, follow-ups stay pending', () => {
    const shop = dueShop();
    writeFileSync(join(shop.dir, 'blocker'), 'x');
    const cfg = JSON.parse(readFileSync(shop.config, 'utf8'));
    writeFileSync(shop.config, JSON.stringify({ ...cfg, outbox: './blocker/outbox' }));
    // (Reminders past their reply deadline are dropped whatever the outbox: they write nothing.)
    const pending = query(shop.db, `SELECT count(*) AS n FROM followups WHERE state = 'pending' AND kind <> 'reminder'`);
    const r = shop.run(['followup'], DUE);
    expect(r.code).toBe(73);
    expect(r.stderr).toMatch(/blocker\/outbox/);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE state = 'pending' AND kind <> 'reminder'`)).toEqual(pending);
    expect(readdirSync(shop.dir)).not.toContain('outbox-x');
  });
});

describe('a split whose first parcel left and whose rest waits for moved stock', () => {
  it('is never called "not shipped", the rest raises no "no tracking number" alert while its stock is short, and is announced when it leaves', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2015', '--offer', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2015', '--remedy', 'split', '--decided-by', 'customer', '--yes'], '2026-11-23T10:10').code).toBe(0);
    // The cups (in stock) leave that afternoon; the export shows them fulfilled, with their number.
    const later = readFileSync(join(shop.dir, 'orders.csv'), 'utf8').split('\n');
    const at = later.findIndex((l) => l.startsWith('#2015,'));
    later[at] = later[at]!.replace(/,,,,,CNY/, ',,2026-11-23 15:00,USPS,9400200000000000002015,CNY');
    later[at + 1] = later[at + 1]!.replace(/,0$/, ',2');
    writeFileSync(join(shop.dir, 'orders-later.csv'), later.join('\n'));
    expect(scanShop(shop, '2026-11-23T16:00', 'orders-later.csv').code).toBe(0);
    // The supplier moves the teapot from 26 to 28 November: the customer is told, the rest re-planned.
    const inventory = readFileSync(join(shop.dir, 'inventory.csv'), 'utf8');
    writeFileSync(join(shop.dir, 'inventory.csv'), inventory.replace('POT-YIXING-200,Yixing Clay Teapot,200 ml,1,6,2026-11-26', 'POT-YIXING-200,Yixing Clay Teapot,200 ml,0,6,2026-11-28'));
    expect(scanShop(shop, '2026-11-24T09:00', 'orders-later.csv').code).toBe(0);
    const alerts: string[] = [];
    const written: string[] = [];
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) {
      const r = shop.run(['followup', '--json'], `${day}T10:00`);
      expect([0, ALERT]).toContain(r.code);
      const out = json(r.stdout);
      alerts.push(...(out.alerts as { detail: string }[]).filter((a) => a.detail.includes('#2015')).map((a) => `${day} ${a.detail}`));
      written.push(...(out.written as { order_id: string; kind: string }[]).filter((w) => w.order_id === '#2015').map((w) => `${day} ${w.kind}`));
    }
    expect(alerts.filter((a) => /has not shipped|tracking number/.test(a))).toEqual([]);
    expect(alerts.some((a) => a.includes('moved by the supplier'))).toBe(true);
    expect(written).toContain('2026-11-24 date_slipped');
    expect(written.filter((w) => w.endsWith(' shipped'))).toHaveLength(1);
    const ship = query<{ state: string }>(shop.db, `SELECT state FROM promises WHERE order_id = '#2015' AND kind = 'ship'`);
    expect(ship).toEqual([{ state: 'kept' }]);
    expect(query<{ state: string }>(shop.db, `SELECT state FROM parcels WHERE order_id = '#2015' AND origin = 'split_rest'`)).toEqual([{ state: 'preparing' }]);
    // The teapot comes in and leaves with a number of its own: the customer hears about that parcel too.
    writeFileSync(join(shop.dir, 'inventory.csv'), inventory.replace('POT-YIXING-200,Yixing Clay Teapot,200 ml,1,6,2026-11-26', 'POT-YIXING-200,Yixing Clay Teapot,200 ml,5,0,'));
    const last = later.map((l, i) => (i === at ? l.replace('2026-11-23 15:00,USPS,9400200000000000002015', '2026-11-28 11:00,USPS,9400200000000000009999').replace(/,0$/, ',1') : l));
    writeFileSync(join(shop.dir, 'orders-last.csv'), last.join('\n'));
    expect(scanShop(shop, '2026-11-28T12:00', 'orders-last.csv').code).toBe(0);
    const r = shop.run(['followup', '--json'], '2026-11-28T13:00');
    const rest = (json(r.stdout).written as { order_id: string; kind: string; path: string }[]).filter((w) => w.order_id === '#2015');
    expect(rest.map((w) => w.kind)).toEqual(['shipped']);
    const body = query<{ body: string }>(shop.db, 'SELECT body FROM messages WHERE path = ?', rest[0]!.path)[0]!.body;
    expect(body).toContain('9400200000000000009999');
    expect(body).toContain('Yixing Clay Teapot (200 ml) x 1');
    expect(body).not.toContain('Celadon');
    expect(query<{ state: string; tracking_number: string }>(shop.db, `SELECT state, tracking_number FROM parcels WHERE order_id = '#2015' ORDER BY id`)).toEqual([
      { state: 'shipped', tracking_number: '9400200000000000002015' },
      { state: 'shipped', tracking_number: '9400200000000000009999' },
    ]);
  });
});

describe('a stuck parcel the customer waits for', () => {
  it('gets the promised daily update while stuck, one "moving again" when it moves, then nothing more', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    // #2017: DHL reports the parcel held at customs; the shop chases and the customer waits.
    expect(shop.run(['resolve', '--order', '#2017', '--remedy', 'wait', '--yes'], '2026-11-22T09:30').code).toBe(0);
    const written: Record<string, string[]> = {};
    const followup = (day: string) => {
      const r = shop.run(['followup', '--json'], `${day}T10:00`);
      expect([0, ALERT]).toContain(r.code);
      written[day] = (json(r.stdout).written as { order_id: string; path: string }[]).filter((w) => w.order_id === '#2017').map((w) => w.path);
    };
    followup('2026-11-23');
    followup('2026-11-24');
    // The carrier moves it on: the next export says so.
    const tracking = readFileSync(join(shop.dir, 'tracking.csv'), 'utf8');
    const moved = tracking.replace(/^DHL1000000017,.*$/m, 'DHL1000000017,#2017,DHL,In_Transit,2026-11-24 14:00,Customs clearance complete; in transit,');
    expect(moved).not.toBe(tracking);
    writeFileSync(join(shop.dir, 'tracking.csv'), moved);
    expect(scanShop(shop, '2026-11-25T08:30').code).toBe(0);
    followup('2026-11-25');
    followup('2026-11-26');
    followup('2026-11-27');
    expect(Object.values(written).map((w) => w.length)).toEqual([1, 1, 1, 0, 0]);
    const texts = Object.values(written).flat().map((p) => query<{ body: string }>(shop.db, 'SELECT body FROM messages WHERE path = ?', p)[0]!.body);
    for (const t of texts.slice(0, 2)) {
      expect(t).toContain('We chased the carrier about your parcel (tracking DHL1000000017) again today');
      expect(t).not.toContain('moving again');
    }
    expect(texts[2]).toContain('moving again (tracking DHL1000000017)');
    expect(texts[2]).not.toMatch(/chased the carrier|REFUND/);
    const cancelled = query<{ cancel_reason: string }>(shop.db, `SELECT cancel_reason FROM followups WHERE order_id = '#2017' AND state = 'cancelled'`);
    expect(cancelled.map((c) => c.cancel_reason)).toEqual(['parcel moving again: the customer was told', 'parcel moving again: the customer was told']);

    // Delivered two days later: the shop said it would follow the parcel, so it asks whether all arrived well, once.
    writeFileSync(join(shop.dir, 'tracking.csv'), moved.replace(/^DHL1000000017,.*$/m, 'DHL1000000017,#2017,DHL,Delivered,2026-11-27 15:00,Delivered,2026-11-27 15:00'));
    expect(scanShop(shop, '2026-11-28T08:30').code).toBe(0);
    expect(scanShop(shop, '2026-11-28T08:40').code).toBe(0);
    followup('2026-11-28');
    followup('2026-11-29');
    expect([written['2026-11-28']!.length, written['2026-11-29']!.length]).toEqual([1, 0]);
    const check = query<{ intent: string }>(shop.db, 'SELECT intent FROM messages WHERE path = ?', written['2026-11-28']![0]!)[0]!;
    expect(check.intent).toBe('followup-satisfaction');
  });
});

describe('cron catching up after the shop\'s computer was off for two days', () => {
  it('writes one "today\'s update", not one per missed day, never two files under one name, and none again an hour later', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2015', '--remedy', 'wait', '--restock-date', '2026-11-26', '--yes'], '2026-11-22T11:05').code).toBe(0);
    // Updates planned for 23, 24 and 25 November at 10:00; the first run after the break is on the 25th at 09:00.
    const runs = ['2026-11-25T09:00', '2026-11-25T10:00', '2026-11-25T11:00'].map((at) => {
      const r = shop.run(['followup', '--json'], at);
      expect([0, ALERT]).toContain(r.code);
      return (json(r.stdout).written as { order_id: string; kind: string }[]).filter((w) => w.order_id === '#2015').map((w) => w.kind);
    });
    expect(runs).toEqual([['wait_update'], [], []]);
    const dropped = query<{ cancel_reason: string }>(shop.db, `SELECT cancel_reason FROM followups WHERE order_id = '#2015' AND kind = 'wait_update' AND state = 'cancelled'`);
    expect(dropped.map((d) => d.cancel_reason)).toEqual(['an update already went out today', 'an update already went out today']);
    // Every recorded message is its own file, whole, and the day's list names each once.
    const messages = query<{ path: string; sha256: string }>(shop.db, `SELECT path, sha256 FROM messages WHERE case_id = (SELECT id FROM cases WHERE order_id = '#2015')`);
    expect(new Set(messages.map((m) => m.path)).size).toBe(messages.length);
    for (const m of messages) expect(createHash('sha256').update(readFileSync(m.path)).digest('hex')).toBe(m.sha256);
    const csv = readFileSync(join(shop.outbox, '2026-11-25', 'messages.csv'), 'utf8').split('\n').filter((l) => l.includes('.followup-wait-update.'));
    expect(csv).toHaveLength(1);
  });
});

describe('a reship that gets stuck too', () => {
  it('is named to the operator (exit 2) until the carrier moves it; the lost first parcel is not', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--tracking-number', 'JP123456789JP', '--yes'], '2026-11-22T09:30').code).toBe(0);
    const tracking = readFileSync(join(shop.dir, 'tracking.csv'), 'utf8');
    const withReship = (status: string, at: string, event: string, delivered = '') => `${tracking.trimEnd()}\nJP123456789JP,#2016,Japan Post,${status},${at},${event},${delivered}\n`;
    const about = (r: { stdout: string }) => (json(r.stdout).alerts as { kind: string; order_id: string; detail: string }[]).filter((a) => a.order_id === '#2016');
    // A number the tracking export does not carry says nothing either way: no alert.
    expect(scanShop(shop, '2026-11-30T09:00').code).toBe(0);
    expect(about(shop.run(['followup', '--json'], '2026-11-30T10:00'))).toEqual([]);
    // Accepted on the 23rd, then nothing for nine days.
    writeFileSync(join(shop.dir, 'tracking.csv'), withReship('InTransit', '2026-11-23 10:00', '引受'));
    expect(scanShop(shop, '2026-12-02T09:00').code).toBe(0);
    const stuck = shop.run(['followup', '--json'], '2026-12-02T10:00');
    expect(stuck.code).toBe(ALERT);
    expect(about(stuck)).toEqual([
      {
        kind: 'promise_at_risk',
        order_id: '#2016',
        detail: expect.stringMatching(/^the reship for #2016 is stuck too: parcel JP123456789JP \(Japan Post\): probably lost, no update since 2026-11-23 10:00 \(last: 引受\)\. Chase the carrier.*--remedy refund --yes/),
      },
    ]);
    expect(about(stuck)[0]!.detail).not.toContain('JP100000001616');
    // Delivered: nothing more to say.
    writeFileSync(join(shop.dir, 'tracking.csv'), withReship('Delivered', '2026-12-03 11:00', 'お届け済み', '2026-12-03 11:00'));
    expect(scanShop(shop, '2026-12-03T12:00').code).toBe(0);
    expect(about(shop.run(['followup', '--json'], '2026-12-03T13:00'))).toEqual([]);
  });

  it('sent again after the replacement got stuck: the message says so, claims no change of plan, gives no coupon twice, and the stuck one is no longer watched', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2016', '--offer', '--channel', 'email'], '2026-11-22T09:30').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2016', '--replied', '--choice', 'reship'], '2026-11-22T12:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--tracking-number', 'JP123456789JP', '--channel', 'email', '--lang', 'en'], '2026-11-22T12:05').code).toBe(0);
    const first = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-reship'`)[0]!.body;
    const code = first.match(/SORRY-[A-Z0-9]+/)![0];
    const tracking = readFileSync(join(shop.dir, 'tracking.csv'), 'utf8');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${tracking.trimEnd()}\nJP123456789JP,#2016,Japan Post,InTransit,2026-11-23 10:00,引受,\n`);
    expect(scanShop(shop, '2026-12-02T09:00').code).toBe(0);
    expect(shop.run(['followup', '--json'], '2026-12-02T10:00').stderr).toMatch(/the reship for #2016 is stuck too/);
    const again = shop.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--tracking-number', 'JP987654321JP', '--yes'], '2026-12-02T11:00');
    expect(again.code, again.stderr).toBe(0);
    const second = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-reship' ORDER BY id`)[1]!.body;
    expect(second).toContain("We're so sorry: the replacement we sent you (tracking JP123456789JP) has got stuck with the carrier too, so we're sending you another one, at our cost.");
    expect(second).toContain('New tracking number: JP987654321JP');
    expect(second).not.toMatch(/There's a change|As you asked|replaces that plan/);
    // The coupon came with the first replacement: not handed over again as if new.
    expect(second).not.toContain(code);
    expect(second).not.toMatch(/here's a .{0,12}coupon/);
    // The stuck replacement is given up: no hourly alarm about it any more.
    const later = shop.run(['followup', '--json'], '2026-12-02T12:00');
    expect(later.stderr).not.toMatch(/JP123456789JP/);
    expect(query(shop.db, `SELECT tracking_number, state FROM parcels WHERE origin = 'reship' ORDER BY id`)).toEqual([
      { tracking_number: 'JP123456789JP', state: 'stalled' },
      { tracking_number: 'JP987654321JP', state: 'shipped' },
    ]);
  });

  it('one the tracker has scanned counts as sent: no "has not shipped" alarm before its "shipped" message', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    // The reship is recorded before it has a number; the carrier scans it the next evening.
    expect(shop.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--yes'], '2026-11-22T09:30').code).toBe(0);
    const tracking = readFileSync(join(shop.dir, 'tracking.csv'), 'utf8');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${tracking.trimEnd()}\nEJ200000016JP,#2016,Japan Post,InTransit,2026-11-23 19:00,引受,\n`);
    expect(scanShop(shop, '2026-11-24T08:30').code).toBe(0);
    const r = shop.run(['followup', '--json'], '2026-11-24T10:00');
    const alerts = (json(r.stdout).alerts as { order_id: string; detail: string }[]).filter((a) => a.order_id === '#2016');
    expect(alerts.filter((a) => /not shipped|no number/.test(a.detail))).toEqual([]);
    expect(query(shop.db, `SELECT state FROM promises WHERE order_id = '#2016' AND kind = 'ship'`)).toEqual([{ state: 'kept' }]);    // "Did it arrive?" waits while the tracker shows it on its way, and goes once it is delivered.
    const kinds = (at: string) => (json(shop.run(['followup', '--json'], at).stdout).written as { order_id: string; kind: string }[]).filter((w) => w.order_id === '#2016').map((w) => w.kind);
    expect(kinds('2026-11-27T10:00')).toEqual([]);
    writeFileSync(join(shop.dir, 'tracking.csv'), `${tracking.trimEnd()}\nEJ200000016JP,#2016,Japan Post,Delivered,2026-11-27 15:00,お届け済み,2026-11-27 15:00\n`);
    expect(scanShop(shop, '2026-11-27T16:00').code).toBe(0);
    expect(kinds('2026-11-28T10:00')).toEqual(['satisfaction']);
  });
});

describe('a late order offered a new date that then ships', () => {
  it('gets its tracking number, as the notice promised, and no reminder of an offer that no longer stands', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--offer', '--yes'], '2026-11-22T09:30').code).toBe(0);
    const lines = readFileSync(join(shop.dir, 'orders.csv'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('#2001,'));
    lines[at] = lines[at]!.replace(/,,,,,CNY/, ',,2026-11-22 15:00,SF Express,SF2001000001,CNY').replace(/,0$/, ',1');
    writeFileSync(join(shop.dir, 'orders-later.csv'), lines.join('\n'));
    expect(scanShop(shop, '2026-11-22T16:00', 'orders-later.csv').code).toBe(0);
    // Before: the reminder failed to render every hour (exit 65), and the number never went out.
    // (Exit 2 only for the other cases nobody has contacted yet.)
    const r = shop.run(['followup', '--json'], '2026-11-22T17:00');
    expect(r.code, r.stderr).toBe(ALERT);
    expect(r.stderr).not.toContain('#2001');
    const written = (json(r.stdout).written as { order_id: string; kind: string; path: string }[]).filter((w) => w.order_id === '#2001');
    expect(written.map((w) => w.kind)).toEqual(['shipped']);
    const body = query<{ body: string }>(shop.db, 'SELECT body FROM messages WHERE path = ?', written[0]!.path)[0]!.body;
    expect(body).toContain('SF2001000001');
    // The late notice let silence mean waiting: it had no reminder to stop.
    expect(query(shop.db, `SELECT state FROM followups WHERE order_id = '#2001' AND kind = 'reminder'`)).toEqual([]);
    for (const later of ['2026-11-22T20:00', '2026-11-23T10:00']) {
      const again = shop.run(['followup', '--json'], later);
      expect(again.code, again.stderr).toBe(ALERT);
      expect(again.stderr).not.toContain('#2001');
      expect((json(again.stdout).written as { order_id: string }[]).filter((w) => w.order_id === '#2001')).toEqual([]);
    }
  });
});

describe('a US shop\'s very late order that ships while the customer is asked for a yes', () => {
  it('stops the reminders, sends the tracking number, and no refund alert follows', () => {
    const base = JSON.parse(readFileSync(join(exampleShop().dir, 'oos.config.json'), 'utf8')) as { shop: Record<string, unknown> };
    const shop = exampleShop({ shop: { ...base.shop, country: 'US' } });
    expect(scanShop(shop, '2027-01-05T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--offer', '--yes'], '2027-01-05T09:30').code).toBe(0);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE order_id = '#2001' AND kind = 'reminder' AND state = 'pending'`)).toEqual([{ n: 1 }]);
    const lines = readFileSync(join(shop.dir, 'orders.csv'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('#2001,'));
    lines[at] = lines[at]!.replace(/,,,,,CNY/, ',,2027-01-05 15:00,SF Express,SF2001000001,CNY').replace(/,0$/, ',1');
    writeFileSync(join(shop.dir, 'orders-later.csv'), lines.join('\n'));
    expect(scanShop(shop, '2027-01-05T16:00', 'orders-later.csv').code).toBe(0);
    expect(query(shop.db, `SELECT state, cancel_reason FROM followups WHERE order_id = '#2001' AND kind = 'reminder'`)).toEqual([
      { state: 'cancelled', cancel_reason: 'order shipped: the tracking message answers the offer' },
    ]);
    const r = shop.run(['followup', '--json'], '2027-01-05T17:00');
    expect((json(r.stdout).written as { order_id: string; kind: string }[]).filter((w) => w.order_id === '#2001').map((w) => w.kind)).toEqual(['shipped']);
    // Past the reply deadline: the order left, so there is nothing to refund.
    const after = shop.run(['followup', '--json'], '2027-01-06T10:00');
    expect((json(after.stdout).alerts as { order_id: string }[]).filter((a) => a.order_id === '#2001')).toEqual([]);
    expect(query(shop.db, `SELECT state FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([{ state: 'kept' }]);
  });
});

describe('a cron line that names the database but runs outside the shop folder', () => {
  it("uses the settings the shop scans with: the shop's outbox, its time and its name, never the built-in defaults", async () => {
    const { oos, tempDir } = await import('../helpers/run.js');
    const { renameSync, existsSync } = await import('node:fs');
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    resolveSeveral(shop);
    const elsewhere = tempDir('oos-cron-');
    const run = oos(['followup', '--db', shop.db, '--now', '2026-11-23T10:00'], { cwd: elsewhere });
    expect([0, ALERT], run.stderr).toContain(run.code);
    // Nothing went to a folder of the defaults beside the cron's working directory.
    expect(existsSync(join(elsewhere, 'outbox'))).toBe(false);
    const written = query<{ path: string; body: string }>(shop.db, `SELECT path, body FROM messages WHERE written_at >= '2026-11-23'`);
    expect(written.length).toBeGreaterThan(0);
    for (const m of written) expect(m.path.startsWith(shop.outbox)).toBe(true);
    const name = (JSON.parse(readFileSync(shop.config, 'utf8')) as { shop: { name: string } }).shop.name;
    expect(written.some((m) => m.body.includes(name))).toBe(true);
    // Settings moved away: refused, naming them, instead of running with the defaults.
    renameSync(shop.config, `${shop.config}.moved`);
    const lost = oos(['followup', '--db', shop.db, '--now', '2026-11-24T10:00'], { cwd: elsewhere });
    expect(lost.code).toBe(66);
    expect(lost.stderr).toContain(`was last used with the settings ${shop.config}, which are not there any more`);
  });
});
