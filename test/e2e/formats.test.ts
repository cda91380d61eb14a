/**
 * Every platform export oos recognises (test/fixtures/formats/, written by
 * scripts/make-format-fixtures.mjs in each platform's encoding and quirks):
 * it imports to the same rows as its hand-written generic twin, a scan flags
 * the cases the fixture was written to raise, and each encoding, right, wrong
 * or left to oos, either imports exactly or is refused with a hint.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, oos, query, tempDir } from '../helpers/run.js';

const DIR = join(FIXTURES, 'formats');

interface Expect {
  platform: string;
  format: string;
  kind?: 'tracking';
  encoding: string;
  wrong?: string;
  config: object;
  now: string;
  orders: string[];
  tracking?: string;
  cases: Record<string, string>;
  notInTwin?: string[];
}

const fixtures = readdirSync(DIR).sort();

function setUp(name: string) {
  const exp = JSON.parse(readFileSync(join(DIR, name, 'expect.json'), 'utf8')) as Expect;
  const cwd = tempDir(`oos-format-${name}-`);
  writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify(exp.config));
  const file = (f: string) => join(DIR, name, f);
  const inventory = existsSync(file('inventory.csv')) ? ['--inventory', file('inventory.csv')] : [];
  /** The platform files of this fixture (orders, and the tracker export for tracking fixtures). */
  const platformArgs = [...exp.orders.map(file), ...(exp.tracking ? ['--tracking', file(exp.tracking)] : []), ...inventory];
  const twinArgs = exp.kind === 'tracking' ? [...exp.orders.map(file), '--tracking', file('twin.csv')] : [file('twin.csv'), ...inventory];
  const scan = (args: string[], db: string, extra: string[] = []) => oos(['scan', ...args, '--db', join(cwd, db), '--now', exp.now, '--json', ...extra], { cwd });
  return { exp, cwd, file, platformArgs, twinArgs, scan };
}

const ORDER_COLUMNS =
  'order_id, placed_at, paid_at, cancelled, customer_name, email, phone, language, country, channel, ship_by, shipped_at, carrier, tracking_number, currency, order_total, payment_method, tags';
const LINE_COLUMNS = 'order_id, line_no, sku, title, variant, quantity, fulfilled_quantity, unit_price, line_total, requires_shipping';
const TRACKING_COLUMNS = 'tracking_number, order_id, carrier, status, last_event_at, last_event, delivered_at';

function canonicalRows(db: string, kind: string | undefined, skip: string[] = []) {
  const keep = (r: { order_id: string | null }) => !skip.includes(r.order_id ?? '');
  if (kind === 'tracking') return { tracking: query<{ order_id: string }>(db, `SELECT ${TRACKING_COLUMNS} FROM tracking ORDER BY tracking_number`) };
  return {
    orders: query<{ order_id: string }>(db, `SELECT ${ORDER_COLUMNS} FROM orders ORDER BY order_id`).filter(keep),
    lines: query<{ order_id: string }>(db, `SELECT ${LINE_COLUMNS} FROM order_lines ORDER BY order_id, line_no`).filter(keep),
  };
}

/** Any text cell of the database that is not what a person wrote: U+FFFD, private-use characters, C1 controls. */
function garbledCells(db: string): string[] {
  const bad: string[] = [];
  for (const table of ['orders', 'order_lines', 'tracking']) {
    for (const row of query<Record<string, unknown>>(db, `SELECT * FROM ${table}`)) {
      for (const v of Object.values(row)) if (typeof v === 'string' && /[\ufffd\ue000-\uf8ff\u0080-\u009f]/.test(v)) bad.push(`${table}: ${v}`);
    }
  }
  return bad;
}

describe.each(fixtures)('%s', (name) => {
  it('is recognised, imports the same rows as its generic twin, and flags the expected cases', () => {
    const { exp, cwd, platformArgs, twinArgs, scan } = setUp(name);
    const platform = scan(platformArgs, 'platform.db');
    expect(platform.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(platform.code).toBe(0);
    const out = JSON.parse(platform.stdout) as { files: { kind: string; format: string; format_label: string }[]; cases: { order_id: string; kind: string }[] };
    const recognised = out.files.filter((f) => f.kind === (exp.kind ?? 'orders')).map((f) => f.format);
    for (const format of recognised) expect(format === exp.format || format.startsWith(`${exp.format}-`)).toBe(true);
    expect(Object.fromEntries(out.cases.map((c) => [c.order_id, c.kind]))).toEqual(exp.cases);

    const twin = scan(twinArgs, 'twin.db');
    expect(twin.stderr).toBe('');
    expect(twin.code).toBe(0);
    const rows = canonicalRows(join(cwd, 'platform.db'), exp.kind, exp.notInTwin);
    expect(Object.values(rows).every((r) => r.length > 0)).toBe(true);
    expect(rows).toEqual(canonicalRows(join(cwd, 'twin.db'), exp.kind));
    expect(garbledCells(join(cwd, 'platform.db'))).toEqual([]);
  });

  it('reads the file with its right encoding forced, and refuses a wrong one with a hint, storing nothing', () => {
    const { exp, cwd, platformArgs, scan } = setUp(name);
    const auto = scan(platformArgs, 'auto.db');
    expect(auto.code).toBe(0);
    const right = scan(platformArgs, 'right.db', ['--encoding', exp.encoding]);
    expect(right.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(right.code).toBe(0);
    expect(canonicalRows(join(cwd, 'right.db'), exp.kind)).toEqual(canonicalRows(join(cwd, 'auto.db'), exp.kind));

    const wrongEncoding = exp.wrong ?? (exp.encoding === 'utf-8' ? 'windows-1252' : 'utf-8');
    const wrong = scan(platformArgs, 'wrong.db', ['--encoding', wrongEncoding]);
    expect(wrong.code).toBe(65);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/--encoding/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    // Files are opened before the database is, so a refused encoding leaves none behind.
    expect(existsSync(join(cwd, 'wrong.db'))).toBe(false);
  });
});

describe('platform details', () => {
  it('a Fulfilled-by-Amazon line takes none of the shop stock and is never late', () => {
    const { cwd, platformArgs, scan } = setUp('amazon-all-orders');
    expect(scan(platformArgs, 'a.db').code).toBe(0);
    expect(query(join(cwd, 'a.db'), `SELECT requires_shipping FROM order_lines WHERE order_id = '028-0000003-0000003'`)).toEqual([{ requires_shipping: 0 }]);
  });

  it('one half of a split export is imported with a warning naming the other file', () => {
    const { cwd, file, scan } = setUp('etsy-us');
    const r = scan([file('EtsySoldOrders2026-11.csv')], 'half.db');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { warnings: string[] }).warnings.join('\n')).toMatch(/EtsySoldOrders2026-11\.csv is an Etsy sold orders .*pass EtsySoldOrderItems/);
    // Alone, the orders file still owes each order one parcel, so late shipping is found: one line per order.
    expect(query(join(cwd, 'half.db'), 'SELECT count(*) AS n, count(DISTINCT order_id) AS orders, max(line_no) AS most FROM order_lines')).toEqual([{ n: 3, orders: 3, most: 1 }]);
  });

  it('--format picks the family member that fits each file of a pair', () => {
    const { exp, platformArgs, scan } = setUp('taobao-2018');
    const r = scan(platformArgs, 'forced.db', ['--format', 'taobao']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { format: string }[] }).files.map((f) => f.format).slice(0, 2)).toEqual(['taobao', 'taobao-items']);
    expect(Object.keys(exp.cases)).toHaveLength(2);
  });

  it('Taobao times are China time and amounts yuan whatever the shop settings say', () => {
    const { cwd, platformArgs, exp } = setUp('taobao-2018');
    writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify({ shop: { timezone: 'Europe/London', language: 'en', currency: 'GBP' } }));
    const r = oos(['scan', ...platformArgs, '--db', join(cwd, 'uk.db'), '--now', exp.now, '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(query(join(cwd, 'uk.db'), `SELECT paid_at, currency, language FROM orders WHERE order_id = '3515313147329357901'`)).toEqual([
      { paid_at: '2026-11-18T01:13:05Z', currency: 'CNY', language: 'zh' },
    ]);
  });

  it("a generic order's later rows, currency left blank, are priced in its own currency, not the shop's", () => {
    const cwd = tempDir('oos-currency-rows-');
    writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify({ shop: { timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' } }));
    writeFileSync(
      join(cwd, 'orders.csv'),
      [
        'order_id,paid_at,currency,order_total,sku,title,quantity,unit_price',
        'J1,2026-11-19 10:00,JPY,"¥12,800",POT-1,Teapot,1,"¥10,000"',
        'J1,,,,CUP-1,Cup,2,"1,400"',
        'U1,2026-11-19 11:00,USD,40.50,MUG-1,Mug,1,25.00',
        'U1,,,,MUG-2,Mug,1,15.50',
        'C1,2026-11-19 12:00,,"1,280.50",POT-1,Teapot,1,"1,280.50"',
      ].join('\n'),
    );
    const r = oos(['scan', join(cwd, 'orders.csv'), '--db', join(cwd, 'c.db'), '--now', '2026-11-20T09:00'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(query(join(cwd, 'c.db'), 'SELECT order_id, sku, unit_price FROM order_lines ORDER BY order_id, line_no')).toEqual([
      { order_id: 'C1', sku: 'POT-1', unit_price: 128050 },
      { order_id: 'J1', sku: 'POT-1', unit_price: 10000 },
      { order_id: 'J1', sku: 'CUP-1', unit_price: 1400 },
      { order_id: 'U1', sku: 'MUG-1', unit_price: 2500 },
      { order_id: 'U1', sku: 'MUG-2', unit_price: 1550 },
    ]);
  });

  it('a generic file without fulfilled_quantity reads an order with shipped_at as shipped, on all its rows, wherever they are', () => {
    const cwd = tempDir('oos-shipped-at-');
    writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify({ shop: { timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY' } }));
    writeFileSync(
      join(cwd, 'orders.csv'),
      [
        'order_id,paid_at,shipped_at,tracking_number,sku,quantity',
        '1001,2026/11/18 10:05,2026/11/19 09:00,YM0001,MUG-1,1',
        '1002,2026/11/18 11:05,,,MUG-1,1',
        '1001,,,,MUG-2,2',
      ].join('\n'),
    );
    const r = oos(['scan', join(cwd, 'orders.csv'), '--db', join(cwd, 's.db'), '--now', '2026-11-21T09:00', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(query(join(cwd, 's.db'), 'SELECT order_id, quantity, fulfilled_quantity FROM order_lines ORDER BY order_id, line_no')).toEqual([
      { order_id: '1001', quantity: 1, fulfilled_quantity: 1 },
      { order_id: '1001', quantity: 2, fulfilled_quantity: 2 },
      { order_id: '1002', quantity: 1, fulfilled_quantity: 0 },
    ]);
    expect((JSON.parse(r.stdout) as { cases: { order_id: string }[] }).cases.map((c) => c.order_id)).toEqual(['1002']);
  });

  it("eBay's Ship By Date, a day with no time, lasts until that day's end: not late that morning", () => {
    const { cwd, file } = setUp('ebay-us');
    const scan = (now: string) => oos(['scan', file('orders.csv'), '--db', join(cwd, `${now.slice(0, 13)}.db`), '--now', now, '--json'], { cwd });
    const morning = scan('2026-11-19T10:00:00-08:00');
    expect(morning.code, morning.stderr).toBe(0);
    expect(query(join(cwd, '2026-11-19T10.db'), `SELECT ship_by FROM orders WHERE order_id = '12-00001-00001'`)).toEqual([{ ship_by: '2026-11-20T07:59:59Z' }]);
    expect((JSON.parse(morning.stdout) as { cases: { order_id: string }[] }).cases.map((c) => c.order_id)).not.toContain('12-00001-00001');
    const nextDay = scan('2026-11-20T08:00:00-08:00');
    expect((JSON.parse(nextDay.stdout) as { cases: { order_id: string; kind: string }[] }).cases).toContainEqual(expect.objectContaining({ order_id: '12-00001-00001', kind: 'late' }));
  });

  it("an order that drops out of Amazon's Unshipped Orders report is named: oos cannot tell shipped from cancelled", () => {
    const { cwd, file, exp } = setUp('amazon-unshipped');
    const db = join(cwd, 'a.db');
    expect(oos(['scan', file('orders.txt'), '--inventory', file('inventory.csv'), '--db', db, '--now', exp.now], { cwd }).code).toBe(0);
    // The next day's report: the late order has gone from it (shipped, or cancelled).
    const next = readFileSync(file('orders.txt'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('113-0000001-0000001'))
      .join('\n');
    writeFileSync(join(cwd, 'next.txt'), next);
    const r = oos(['scan', join(cwd, 'next.txt'), '--db', db, '--now', exp.now], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/next\.txt: 1 order still to ship in oos is not in this report \(113-0000001-0000001\)\. This report leaves out orders once they have shipped or been cancelled/);
    expect(r.stderr).toMatch(/also scan Amazon's All Orders report/);
    // Scanning the same report again names no order it still lists.
    expect(oos(['scan', file('orders.txt'), '--db', db, '--now', exp.now], { cwd }).stderr).not.toMatch(/not in this report/);
    // The out-of-stock lamp leaves the report (shipped or cancelled): the case closes, never "stock now covers" it.
    writeFileSync(join(cwd, 'no-lamp.txt'), readFileSync(file('orders.txt'), 'utf8').split('\n').filter((l) => !/\tLAMP-OAK\t/.test(l)).join('\n'));
    const lamp = oos(['scan', join(cwd, 'no-lamp.txt'), '--db', db, '--now', exp.now, '--json'], { cwd });
    expect(JSON.parse(lamp.stdout).changes.closed).toEqual([{ order_id: '113-0000002-0000002', reason: 'the short item is no longer in the order' }]);
  });

  it("an order export and a tracker that write one parcel's number differently meet: one parcel, its scans, no false stall", () => {
    const cwd = tempDir('oos-tracking-key-');
    writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify({ shop: { timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' } }));
    writeFileSync(join(cwd, 'orders.csv'), 'order_id,paid_at,shipped_at,carrier,tracking_number,sku,quantity,fulfilled_quantity\nB2,2026-11-10 10:00,2026-11-11 10:00,SF Express,sf 5555-0002,TEA,1,1\n');
    writeFileSync(join(cwd, 'tracking.csv'), 'tracking_number,carrier,status,last_event_at,last_event\nSF55550002,SF Express,in_transit,2026-11-19 08:00,到达中转站\n');
    const r = oos(['scan', join(cwd, 'orders.csv'), '--tracking', join(cwd, 'tracking.csv'), '--db', join(cwd, 't.db'), '--now', '2026-11-20T09:00', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).cases).toEqual([]);
    expect(query(join(cwd, 't.db'), 'SELECT tracking_number FROM orders')).toEqual([{ tracking_number: 'SF55550002' }]);
  });

  it('a customised export without a "columns" mapping is refused, naming what the generic format lacks', () => {
    const { cwd, file, exp } = setUp('woocommerce-custom');
    writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify({ shop: (exp.config as { shop: object }).shop }));
    const r = oos(['scan', file('bestellungen.csv'), '--db', join(cwd, 'x.db'), '--now', exp.now], { cwd });
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/bestellungen\.csv, line 1: the header is not one oos recognises .*lacks: order_id/);
  });
});
