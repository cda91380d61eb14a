/**
 * Keeping the shop's word, driven day by day through the built binary with --now:
 * every written message is checked against the promise ledger and the case facts
 * (tracking numbers, amounts, items, dates, zones), in Chinese, Japanese and English.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpDb, oos, query, tempDir, type RunResult } from '../helpers/run.js';

const HEADER =
  'order_id,placed_at,paid_at,status,customer_name,email,phone,language,country,channel,ship_by,shipped_at,carrier,tracking_number,currency,order_total,payment_method,tags,sku,title,variant,quantity,unit_price,fulfilled_quantity';

/** One order line in the generic format; the order's fields repeat on each of its lines. */
function line(o: Record<string, string>): string {
  const cols = HEADER.split(',');
  return cols.map((c) => o[c] ?? '').join(',');
}

const ORDERS: Record<string, string>[] = [
  // Oversold, zh: the teapot is out, restock promised for 26 Nov.
  { order_id: '#A1', paid_at: '2026-11-21 09:00', status: 'open', customer_name: '王芳', phone: '13800000001', language: 'zh', country: 'CN', channel: 'taobao', currency: 'CNY', order_total: '420.00', payment_method: 'alipay', sku: 'POT-1', title: 'Yixing Clay Teapot', variant: '200 ml', quantity: '1', unit_price: '420.00', fulfilled_quantity: '0' },
  // Stalled and probably lost, ja: shipped 6 Nov, last scan 7 Nov.
  { order_id: '#B1', paid_at: '2026-11-05 10:00', status: 'open', customer_name: '鈴木 一郎', email: 'suzuki@example.jp', language: 'ja', country: 'JP', channel: 'rakuten', shipped_at: '2026-11-06 09:00', carrier: 'Japan Post', tracking_number: 'JPOLD0001', currency: 'CNY', order_total: '68.00', payment_method: 'card', sku: 'OOLONG-1', title: 'Tieguanyin Oolong Tea', variant: '250 g', quantity: '1', unit_price: '68.00', fulfilled_quantity: '1' },
  // Oversold gift set plus towels, en: refunded in part.
  { order_id: '#C1', paid_at: '2026-11-21 08:00', status: 'open', customer_name: 'Alex Morgan', email: 'alex@example.com', language: 'en', country: 'US', channel: 'shopify', currency: 'CNY', order_total: '329.00', payment_method: 'card', sku: 'GIFT-PEONY', title: 'Peony Gift Box', variant: 'Red', quantity: '1', unit_price: '299.00', fulfilled_quantity: '0' },
  { order_id: '#C1', paid_at: '2026-11-21 08:00', status: 'open', customer_name: 'Alex Morgan', email: 'alex@example.com', language: 'en', country: 'US', channel: 'shopify', currency: 'CNY', order_total: '329.00', payment_method: 'card', sku: 'TOWEL-1', title: 'Cotton Tea Towel', variant: 'Grey', quantity: '2', unit_price: '15.00', fulfilled_quantity: '0' },
  // Held at customs, en (UK customer): a short hold, not a lost parcel.
  { order_id: '#D1', paid_at: '2026-11-15 10:00', status: 'open', customer_name: 'Sam Lee', email: 'sam@example.co.uk', language: 'en', country: 'GB', channel: 'shopify', shipped_at: '2026-11-16 10:00', carrier: 'DHL', tracking_number: 'DHLCUST1', currency: 'CNY', order_total: '174.00', payment_method: 'card', sku: 'JASMINE-1', title: 'Jasmine Pearl Green Tea', variant: '100 g', quantity: '3', unit_price: '58.00', fulfilled_quantity: '3' },
  // Oversold with a listed substitute, zh.
  { order_id: '#E1', paid_at: '2026-11-21 09:00', status: 'open', customer_name: '李娜', phone: '13800000005', language: 'zh', country: 'CN', channel: 'taobao', currency: 'CNY', order_total: '199.00', payment_method: 'alipay', sku: 'GIFT-LOTUS', title: 'Lotus Gift Box', variant: 'Blue', quantity: '1', unit_price: '199.00', fulfilled_quantity: '0' },
  // Late (ship-by passed), en.
  { order_id: '#F1', paid_at: '2026-11-19 08:00', status: 'open', customer_name: 'Jo Park', email: 'jo@example.com', language: 'en', country: 'US', channel: 'shopify', ship_by: '2026-11-21 08:00', currency: 'CNY', order_total: '116.00', payment_method: 'card', sku: 'JASMINE-1', title: 'Jasmine Pearl Green Tea', variant: '100 g', quantity: '2', unit_price: '58.00', fulfilled_quantity: '0' },
  // At risk: ship-by later today, en.
  { order_id: '#G1', paid_at: '2026-11-20 20:00', status: 'open', customer_name: 'Kim Ode', email: 'kim@example.com', language: 'en', country: 'US', channel: 'shopify', ship_by: '2026-11-22 20:00', currency: 'CNY', order_total: '58.00', payment_method: 'card', sku: 'JASMINE-1', title: 'Jasmine Pearl Green Tea', variant: '100 g', quantity: '1', unit_price: '58.00', fulfilled_quantity: '0' },
];

const INVENTORY = (teapotRestock: string) => `sku,title,variant,on_hand,incoming,restock_date,unit_price
POT-1,Yixing Clay Teapot,200 ml,0,6,${teapotRestock},420.00
OOLONG-1,Tieguanyin Oolong Tea,250 g,10,,,68.00
GIFT-PEONY,Peony Gift Box,Red,0,,,299.00
TOWEL-1,Cotton Tea Towel,Grey,30,,,15.00
JASMINE-1,Jasmine Pearl Green Tea,100 g,20,,,58.00
GIFT-LOTUS,Lotus Gift Box,Blue,0,,,199.00
GIFT-ORCHID,Orchid Gift Box,Blue,5,,,199.00
`;

const TRACKING = `tracking_number,order_id,carrier,status,last_event_at,last_event,delivered_at
JPOLD0001,#B1,Japan Post,in_transit,2026-11-07 08:00,Departed sorting facility,
DHLCUST1,#D1,DHL,exception,2026-11-20 10:00,Held at customs - awaiting clearance,
`;

interface Shop {
  dir: string;
  db: string;
  outbox: string;
  run: (args: string[], now: string) => RunResult;
}

function makeShop(orders: Record<string, string>[], restock = '2026-11-26'): Shop {
  const dir = tempDir('oos-promises-');
  writeFileSync(join(dir, 'orders.csv'), [HEADER, ...orders.map(line)].join('\n') + '\n');
  writeFileSync(join(dir, 'inventory.csv'), INVENTORY(restock));
  writeFileSync(join(dir, 'tracking.csv'), TRACKING);
  writeFileSync(join(dir, 'substitutes.csv'), 'sku,substitute_sku,note\nGIFT-LOTUS,GIFT-ORCHID,"same box, orchid print"\n');
  writeFileSync(
    join(dir, 'oos.config.json'),
    JSON.stringify({ shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY', email: 'help@jadeleaf.example' }, outbox: './outbox' }),
  );
  const db = join(dir, 'oos.db');
  return {
    dir,
    db,
    outbox: join(dir, 'outbox'),
    run: (args, now) => oos([...args, '--db', db, '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir, env: { OOS_ACTOR: 'tester' } }),
  };
}

const scan = (shop: Shop, now: string, orders = 'orders.csv') =>
  shop.run(['scan', join(shop.dir, orders), '--inventory', join(shop.dir, 'inventory.csv'), '--tracking', join(shop.dir, 'tracking.csv'), '--substitutes', join(shop.dir, 'substitutes.csv')], now);

const ok = (r: RunResult) => {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
};
const json = (r: RunResult) => JSON.parse(r.stdout) as Record<string, any>;

/** The text of the message files of one order in one day's folder (name fragment → text). */
function files(shop: Shop, day: string, order: string): Record<string, string> {
  const dir = join(shop.outbox, day);
  const out: Record<string, string> = {};
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  const prefix = order.replace('#', '');
  for (const n of names) if (n.includes(prefix) && /\.(txt|eml)$/.test(n)) out[n] = readFileSync(join(dir, n), 'utf8');
  return out;
}
const one = (m: Record<string, string>, intent: string) => {
  const hit = Object.entries(m).filter(([n]) => n.includes(`.${intent}.`));
  expect(hit.map(([n]) => n), `one ${intent} file`).toHaveLength(1);
  return hit[0]![1];
};

describe('a week of promises kept, day by day', () => {
  const shop = makeShop(ORDERS);
  const r: Record<string, RunResult> = {};
  beforeAll(() => {
    ok(scan(shop, '2026-11-22T09:00'));
    // Day 1, morning: first notices and decisions.
    r.offerA = ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat', '--json'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#A1', '--replied', '--choice', 'wait'], '2026-11-22T11:00'));
    r.waitA = ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--json'], '2026-11-22T11:05'));
    r.reshipB = ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--channel', 'chat', '--json'], '2026-11-22T09:35'));
    r.refundC = ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '30', '--channel', 'chat', '--json'], '2026-11-22T09:40'));
    r.offerD = ok(shop.run(['resolve', '--order', '#D1', '--offer', '--channel', 'chat', '--json'], '2026-11-22T09:45'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-11-22T09:50'));
    ok(shop.run(['resolve', '--order', '#E1', '--replied', '--choice', 'substitute'], '2026-11-22T10:30'));
    r.subE = ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--json'], '2026-11-22T10:35'));
    r.offerF = ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'chat', '--json'], '2026-11-22T09:55'));
    r.offerG = ok(shop.run(['resolve', '--order', '#G1', '--offer', '--channel', 'chat', '--reason', 'our courier did not collect on Friday', '--json'], '2026-11-22T10:00'));
    // Evening: the cron run writes the reminders, before the reply deadlines of the next morning.
    r.cron1 = shop.run(['followup', '--json'], '2026-11-22T20:30');
    // Day 2: the cron run (the reship with no number yet), then the reship's number arrives.
    r.cron2 = shop.run(['followup', '--json'], '2026-11-23T10:00');
    r.shippedB = ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0002', '--carrier', 'Japan Post', '--json'], '2026-11-23T11:00'));
    // #D1's customer answers after the reminder: they will wait for customs (an offer nobody answers: "choices nobody answered").
    ok(shop.run(['resolve', '--order', '#D1', '--replied', '--choice', 'wait'], '2026-11-23T11:30'));
    // Day 3: a new export: #E1 left with its substitute.
    const later = ORDERS.map((o) => (o.order_id === '#E1' ? { ...o, shipped_at: '2026-11-23 18:00', carrier: 'SF Express', tracking_number: 'SFNEW0005', fulfilled_quantity: '1' } : o));
    writeFileSync(join(shop.dir, 'orders-later.csv'), [HEADER, ...later.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-24T09:00', 'orders-later.csv'));
    r.cron3 = shop.run(['followup', '--json'], '2026-11-24T10:00');
    // Day 6: the promised restock day (26 Nov) has passed without stock; only now does the
    // supplier's new date (30 Nov) reach the inventory export. (A date moved before the day
    // reaches the customer before it: purchase-orders.test.ts.)
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-30'));
    // The tracking export now has #E1's parcel, on its way (without it, four days with no scan is a stuck parcel: its own case).
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFNEW0005,#E1,SF Express,in_transit,2026-11-26 20:00,Arrived at Hangzhou hub,\n`);
    ok(scan(shop, '2026-11-27T09:00', 'orders-later.csv'));
    r.cron6 = shop.run(['followup', '--json'], '2026-11-27T10:00');
  }, 300_000);

  it('the offer is recorded as a commitment with its reply deadline, in the customer zone and named', () => {
    const notice = one(files(shop, '2026-11-22', '#A1'), 'notice-oversold');
    const offer = query<{ due_at: string; data: string }>(shop.db, `SELECT due_at, data FROM promises WHERE order_id = '#A1' AND kind = 'offer'`)[0]!;
    expect(offer.due_at).toBe('2026-11-23T01:30:00Z');
    expect(notice).toContain('11月23日（周一）09:30（北京时间）');
    expect(notice).toContain('11月26日');
  });

  it('a reship with no tracking number yet: nothing says "sent", the old number is never told as new', () => {
    const confirm = one(files(shop, '2026-11-22', '#B1'), 'confirm-reship');
    expect(confirm).not.toMatch(/再送いたしました|発送いたしました|発送済み/);
    expect(confirm).toMatch(/梱包/);
    expect(confirm).not.toMatch(/新しい追跡番号：JPOLD0001/);
    // The shop decided (no offer, no reply): the message says so and offers the way out.
    expect(confirm).toMatch(/当店の判断/);
    expect(confirm).toMatch(/ご返金をご希望/);
    expect(confirm).not.toMatch(/(ご快諾|ご承諾|ご選択|お選び)いただき/);
    // Day 2's cron: the "shipped" message waits, and the operator is told exactly what to run.
    expect(r.cron2!.code).toBe(2);
    expect(r.cron2!.stderr).toContain(`the reship for #B1 has no new tracking number, so the "shipped" message waits: oos resolve --order '#B1' --shipped --tracking-number <no>`);
    expect(json(r.cron2!).written.filter((w: any) => w.order_id === '#B1')).toEqual([]);
  });

  it('--shipped writes the shipped message with the new parcel, its number and its items', () => {
    expect(json(r.shippedB!).messages).toHaveLength(1);
    const shipped = one(files(shop, '2026-11-23', '#B1'), 'followup-shipped');
    expect(shipped).toContain('JPNEW0002');
    expect(shipped).not.toContain('JPOLD0001');
    expect(shipped).toContain('Tieguanyin Oolong Tea（250 g） × 1');
    const parcels = query<{ origin: string; tracking_number: string; state: string }>(shop.db, `SELECT origin, tracking_number, state FROM parcels WHERE order_id = '#B1' ORDER BY id`);
    expect(parcels).toEqual([
      { origin: 'original', tracking_number: 'JPOLD0001', state: 'lost' },
      { origin: 'reship', tracking_number: 'JPNEW0002', state: 'shipped' },
    ]);
    // The same number again is a retry: nothing new is written.
    const again = ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0002', '--json'], '2026-11-23T11:10'));
    expect(json(again).messages).toEqual([]);
    // The lost parcel's number is refused as a "new" one.
    const wrong = shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPOLD0001'], '2026-11-23T11:20');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toMatch(/JPOLD0001 is the tracking number of the parcel of order #B1 that got stuck or lost/);
    // However it is written: hyphens, spaces, full-width letters and digits, lower case.
    for (const written of ['JP-OLD-0001', 'jp old 0001', 'ＪＰＯＬＤ０００１']) {
      const same = shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', written], '2026-11-23T11:30');
      expect(same.code, written).toBe(64);
      expect(same.stderr).toContain('got stuck or lost');
    }
    // The new parcel's number written another way is the same parcel: a retry, nothing written.
    const retry = ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'jpnew-0002', '--json'], '2026-11-23T11:40'));
    expect(json(retry).messages).toEqual([]);
  });

  it('a partial refund is worded as a refund of that amount, for part of the order, never "full"', () => {
    const text = one(files(shop, '2026-11-22', '#C1'), 'confirm-refund');
    expect(text).toContain('¥30.00');
    expect(text).toMatch(/part of (your )?order #C1/);
    expect(text).not.toMatch(/full refund|in full|whole order/i);
    const refund = query<{ data: string }>(shop.db, `SELECT data FROM promises WHERE order_id = '#C1' AND kind = 'refund'`)[0]!;
    expect(JSON.parse(refund.data)).toMatchObject({ amount: 3000, currency: 'CNY', full: false });
  });

  it('a late notice that lets silence mean waiting gets no reminder asking for an answer', () => {
    expect(one(files(shop, '2026-11-22', '#F1'), 'notice-late')).toContain("WAIT - you don't need to reply.");
    const later = Object.keys({ ...files(shop, '2026-11-22', '#F1'), ...files(shop, '2026-11-23', '#F1') });
    expect(later.filter((n) => n.includes('.followup-reminder.'))).toEqual([]);
    expect(query(shop.db, `SELECT kind FROM followups WHERE order_id = '#F1' AND kind = 'reminder'`)).toEqual([]);
  });

  it('the reminder repeats the offer exactly: same choices, coupon and deadline', () => {
    const notice = one(files(shop, '2026-11-22', '#D1'), 'notice-stalled');
    const reminders = { ...files(shop, '2026-11-22', '#D1'), ...files(shop, '2026-11-23', '#D1') };
    const reminder = one(reminders, 'followup-reminder');
    const offer = JSON.parse(query<{ data: string }>(shop.db, `SELECT data FROM promises WHERE order_id = '#D1' AND kind = 'offer'`)[0]!.data);
    const coupon = offer.options.map((o: any) => o.terms?.coupon?.code).find(Boolean);
    if (coupon) expect(reminder).toContain(coupon);
    for (const word of ['RESHIP', 'WAIT', 'REFUND'].filter((w) => notice.includes(`${w} -`) || notice.includes(`${w} /`) || notice.includes(`/ ${w}`))) expect(reminder).toContain(word);
    const deadline = /by (\w+ \d+ \w+, \d\d:\d\d \([^)]+\))/.exec(notice)![1]!;
    expect(reminder).toContain(deadline);
    // In the customer's own zone (Sam is in the UK).
    expect(deadline).toMatch(/Greenwich Mean Time/);
  });

  it('a delay notice before the ship-by time says "may not ship by", with the reason the operator gave and no other', () => {
    const text = one(files(shop, '2026-11-22', '#G1'), 'notice-late');
    expect(text).toMatch(/may not ship by Sunday, November 22/);
    expect(text).not.toMatch(/missed|didn't ship by|did not ship by/);
    expect(text).toContain('The reason: our courier did not collect on Friday.');
    const f1 = one(files(shop, '2026-11-22', '#F1'), 'notice-late');
    expect(f1).toMatch(/didn't ship by Saturday, November 21/);
    expect(f1).not.toMatch(/fell behind|reason/i);
  });

  it('a parcel held at customs for two days is told as held at customs: not lost, no claim', () => {
    const text = one(files(shop, '2026-11-22', '#D1'), 'notice-stalled');
    expect(text).toMatch(/held at customs/);
    expect(text).not.toMatch(/lost|claim/i);
    // The UK customer reads the deadline in UK time, with the zone named.
    expect(text).toMatch(/\(Greenwich Mean Time\)/);
  });

  it('the substitute the customer chose: thanked for, and the shipped message lists the substitute', () => {
    const confirm = one(files(shop, '2026-11-22', '#E1'), 'confirm-substitute');
    expect(confirm).toMatch(/谢谢您接受换货/);
    const shipped = one(files(shop, '2026-11-24', '#E1'), 'followup-shipped');
    expect(shipped).toContain('SFNEW0005');
    expect(shipped).toContain('Orchid Gift Box');
    expect(shipped).not.toContain('Lotus Gift Box');
  });

  it('the restock day passed without stock: the customer is told the new date and offered a free cancellation', () => {
    expect(r.cron6!.code).toBe(2);
    expect(r.cron6!.stderr).toMatch(/the restock promised to #A1 for Thursday 26 November did not come; the customer was told the new date Monday 30 November/);
    const slipped = one(files(shop, '2026-11-27', '#A1'), 'followup-date-slipped');
    expect(slipped).toContain('11月26日');
    expect(slipped).toContain('11月30日');
    expect(slipped).toMatch(/取消/);
    expect(slipped).toMatch(/全额退款/);
    const promises = query<{ kind: string; due_at: string; state: string }>(shop.db, `SELECT kind, due_at, state FROM promises WHERE order_id = '#A1' AND kind = 'restock' ORDER BY id`);
    expect(promises).toEqual([
      { kind: 'restock', due_at: '2026-11-26T15:59:00Z', state: 'broken' },
      { kind: 'restock', due_at: '2026-11-30T15:59:00Z', state: 'open' },
    ]);
    // Later daily updates repeat the new date, never the old one.
    // (#F1 and #G1 missed their ship days on the 23rd and nobody has acted: every run says so.)
    const later = shop.run(['followup', '--json'], '2026-11-28T10:00');
    expect(later.code).toBe(2);
    expect(json(later).alerts.map((a: any) => `${a.kind} ${a.order_id}`)).toEqual(['promise_broken #F1', 'promise_broken #G1']);
    const update = one(files(shop, '2026-11-28', '#A1'), 'followup-wait-update');
    expect(update).toContain('11月30日');
    expect(update).not.toContain('11月26日');
    expect(json(later).written.map((w: any) => w.order_id)).toContain('#A1');
  });

  it('cases show who is waiting for the customer and which promises stand', () => {
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-27T10:30'))).cases as any[];
    const a1 = cases.find((c) => c.order_id === '#A1');
    expect(a1.promises.filter((p: any) => p.kind === 'restock').map((p: any) => p.state)).toEqual(['broken', 'open']);
    expect(a1.alerts).toEqual([]);
    for (const c of cases) expect(c.alerts.filter((a: any) => a.kind === 'contact_overdue')).toEqual([]);
    const text = ok(shop.run(['cases'], '2026-11-27T10:30')).stdout;
    expect(text).toMatch(/contacted, remedy chosen/);
  });

  it('no written message says yesterday or tomorrow, and every deadline names its zone', () => {
    const all = query<{ body: string; lang: string }>(shop.db, 'SELECT body, lang FROM messages');
    expect(all.length).toBeGreaterThan(10);
    for (const m of all) {
      expect(m.body).not.toMatch(/\byesterday\b|\btomorrow\b|昨天|明天|昨日|明日/i);
      if (/reply by|回复|ご返信/.test(m.body) && /\d\d:\d\d/.test(m.body)) expect(m.body).toMatch(/Time\)|时间）|時）/);
    }
  });
});

describe('a cron that missed two days', () => {
  it('writes the late follow-up into today\'s folder, naming the day, never "yesterday"', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--channel', 'chat'], '2026-11-22T09:30'));
    // A card refund is checked a week later (it takes working days to show); cron missed that day.
    const late = shop.run(['followup', '--json'], '2026-11-30T10:00');
    expect([0, 2]).toContain(late.code);
    const written = json(late).written as { kind: string; path: string }[];
    expect(written.map((w) => w.kind)).toEqual(['refund_check']);
    expect(written[0]!.path).toContain(join('outbox', '2026-11-30'));
    const text = readFileSync(written[0]!.path, 'utf8');
    expect(text).toContain('on Sunday, November 22');
    expect(text).not.toMatch(/yesterday/i);
    expect(readdirSync(shop.outbox)).not.toContain('2026-11-29');
    const row = query<{ day: string }>(shop.db, `SELECT day FROM messages WHERE template = 'en/followup-refund-check'`)[0]!;
    expect(row.day).toBe('2026-11-30');
  });
});

describe('lifecycle and retries', () => {
  it('a refunded, closed case stays closed on the next scan of the same file', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#C1', '--closed', '--outcome', 'satisfied'], '2026-11-22T09:40'));
    // Closed again (a script run twice): a retry, exit 0, and nothing recorded twice.
    const before = dumpDb(shop.db);
    const again = ok(shop.run(['resolve', '--order', '#C1', '--closed', '--outcome', 'satisfied'], '2026-11-22T09:41'));
    expect(again.stdout).toContain('the case of order #C1 is already closed; nothing was written again');
    expect(dumpDb(shop.db)).toEqual(before);
    // Any other step on a closed case is still refused.
    expect(shop.run(['resolve', '--order', '#C1', '--replied'], '2026-11-22T09:42').code).toBe(64);
    // Same file, a day later: the export still shows the order unshipped, but nothing new happened.
    mkdirSync(join(shop.dir, 'again'));
    writeFileSync(join(shop.dir, 'again', 'orders.csv'), readFileSync(join(shop.dir, 'orders.csv'), 'utf8') + '\n');
    ok(scan(shop, '2026-11-23T09:00', join('again', 'orders.csv')));
    expect(query<{ state: string }>(shop.db, `SELECT state FROM cases WHERE order_id = '#C1'`)[0]!.state).toBe('closed');
  });

  it('the same remedy three times, minutes apart: one confirmation, one coupon code', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    const runs = ['09:30', '09:34', '09:41'].map((t) => ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-24', '--json'], `2026-11-22T${t}`)));
    expect(json(runs[0]!).messages).toHaveLength(1);
    expect(json(runs[1]!).messages).toEqual([]);
    expect(json(runs[2]!).already_recorded).toMatch(/already recorded/);
    expect(query(shop.db, 'SELECT id FROM messages')).toHaveLength(1);
    const coupons = query<{ data: string }>(shop.db, `SELECT data FROM promises WHERE kind = 'coupon'`).map((p) => JSON.parse(p.data).code);
    expect(new Set(coupons).size).toBe(1);
  });

  it('reship is not possible (nor recommended) without stock, and says why', () => {
    const noStock = ORDERS.filter((o) => o.order_id === '#B1');
    const shop = makeShop(noStock);
    writeFileSync(join(shop.dir, 'inventory.csv'), 'sku,title,variant,on_hand\nOOLONG-1,Tieguanyin Oolong Tea,250 g,0\n');
    ok(scan(shop, '2026-11-22T09:00'));
    const r = shop.run(['resolve', '--order', '#B1', '--remedy', 'reship'], '2026-11-22T09:30');
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/no stock for a new parcel: OOLONG-1: 0 free, 1 needed/);
  });

  it('one option is never "choose one"; a bank-transfer refund never says "nothing to do"', () => {
    const only = { ...ORDERS.find((o) => o.order_id === '#C1')!, order_id: '#H1', sku: 'GIFT-PEONY', quantity: '1', order_total: '299.00', payment_method: 'bank_transfer' };
    const shop = makeShop([only]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#H1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    const notice = one(files(shop, '2026-11-22', '#H1'), 'notice-oversold');
    expect(notice).not.toMatch(/pick the one|choose one|one of the following|one word/i);
    expect(notice).toMatch(/the best we can do is refund you/);
    ok(shop.run(['resolve', '--order', '#H1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const refund = one(files(shop, '2026-11-22', '#H1'), 'confirm-refund');
    expect(refund).toMatch(/bank, account name and account number/);
    expect(refund).not.toMatch(/nothing (for you )?to do|don't need to do anything/i);
  });

  it('a customer who pays on delivery (代金引換) is told the order is cancelled with nothing to pay: no account asked for, no refund checked on', () => {
    const cod = { ...ORDERS.find((o) => o.order_id === '#C1')!, order_id: '#J1', customer_name: '鈴木 花子', email: 'hanako@example.jp', language: 'ja', country: 'JP', channel: 'rakuten', sku: 'GIFT-PEONY', quantity: '1', order_total: '299.00', payment_method: '代金引換' };
    const shop = makeShop([cod]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#J1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const refund = one(files(shop, '2026-11-22', '#J1'), 'confirm-refund');
    expect(refund).toMatch(/ご注文番号 #J1 をキャンセルいたしました/);
    expect(refund).toMatch(/代金引換でのご注文のため、代金をご請求することはございません。お客様のお手続きも必要ございません/);
    expect(refund).not.toMatch(/口座|ご返金の手続きをいたしました|ご返金いたします|反映/);
    // Nothing goes back, so nothing is asked about; the week-later check-in stays, without "did the refund arrive".
    const planned = query<{ kind: string }>(shop.db, `SELECT kind FROM followups WHERE state = 'pending'`).map((f) => f.kind);
    expect(planned).not.toContain('refund_check');
    expect(planned).toContain('checkin');
    ok(shop.run(['followup'], '2026-11-30T10:00'));
    const checkin = one(files(shop, '2026-11-30', '#J1'), 'followup-checkin');
    expect(checkin).toMatch(/お届けできず、誠に申し訳ございませんでした/);
    expect(checkin).not.toMatch(/返金/);
    // The report counts the sale as never collected, not as money paid back.
    const report = json(shop.run(['report', '--json'], '2026-11-30T12:00'));
    expect(report.money).toEqual([expect.objectContaining({ currency: 'CNY', refunded: 0, refunds: 0, not_collected: 299, cancellations_unpaid: 1 })]);
    expect(ok(shop.run(['report'], '2026-11-30T12:00')).stdout).toMatch(/paid on delivery: 1 order cancelled before payment, .*299\.00 never collected/);
  });

  it('the same choices offered again while the customer still has time to answer: a retry writes nothing, another channel keeps the first reply deadline', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    const retry = ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:31'));
    // The reply deadline in the shop's time, as everywhere the operator reads one.
    expect(retry.stdout + retry.stderr).toMatch(/already offered these choices by chat, with a reply asked by 2026-11-2\d \d\d:\d\d;/);
    expect(query(shop.db, `SELECT channel FROM messages WHERE intent = 'notice-oversold'`)).toEqual([{ channel: 'chat' }]);
    // By SMS as well, an hour later: the same deadline as the chat notice, not a second one.
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'sms'], '2026-11-22T10:30'));
    const bodies = query<{ channel: string; body: string }>(shop.db, `SELECT channel, body FROM messages WHERE intent = 'notice-oversold' ORDER BY id`);
    expect(bodies.map((b) => b.channel)).toEqual(['chat', 'sms']);
    for (const b of bodies) expect(b.body, b.channel).toMatch(/11月23日[^\n]*09:30/);
    expect(query(shop.db, `SELECT due_at FROM promises WHERE kind = 'offer' AND state = 'open'`)).toEqual([{ due_at: '2026-11-23T01:30:00Z' }]);
  });

  it('a customer with no phone number gets one reminder: never a phone script, nor the same words a second time', () => {
    const e1 = ORDERS.find((o) => o.order_id === '#E1')!;
    const shop = makeShop([{ ...e1, phone: '', email: 'li@example.com', language: 'en' }]);
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-LOTUS,Lotus Gift Box,Blue,0,,,199.00', 'GIFT-LOTUS,Lotus Gift Box,Blue,0,5,2026-11-26,199.00'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    for (const at of ['2026-11-22T20:30', '2026-11-23T09:00']) expect([0, 2]).toContain(shop.run(['followup'], at).code);
    const reminders = query<{ channel: string }>(shop.db, `SELECT channel FROM messages WHERE intent = 'followup-reminder' ORDER BY id`);
    expect(reminders).toEqual([{ channel: 'email' }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE kind = 'reminder'`)).toEqual([{ n: 1 }]);
    // Past the reply deadline the operator is not told to call a customer who has no number.
    const late = shop.run(['followup'], '2026-11-23T12:00');
    expect(late.stderr).toMatch(/#E1 has not answered the choices sent .*: write to the customer once more the way the choices went \(there is no number the shop may call\)/);
    expect(late.stderr).not.toMatch(/call the customer/);
    const listed = json(ok(shop.run(['cases', '--json'], '2026-11-23T12:00'))).cases.find((c: any) => c.order_id === '#E1');
    expect(listed.alerts).toEqual([{ kind: 'contact_overdue', detail: expect.stringMatching(/: write to them once more \(there is no number the shop may call\), or decide and tell them$/) }]);
  });

  it('a late notice sent again by SMS hands over the coupon the email already gave: its code is to be created once, not twice', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, phone: '+1 503 555 0100' })));
    ok(scan(shop, '2026-11-22T09:00'));
    const email = json(ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email', '--json'], '2026-11-22T09:30')));
    expect(email.tasks).toEqual([expect.stringMatching(/^create the coupon code SORRY-\w+ /)]);
    const sms = json(ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'sms', '--json'], '2026-11-22T09:40')));
    expect(sms.tasks).toEqual([]);
  });

  it('the same choices by the same channel in the language the customer asked for are written, with the first deadline', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat', '--lang', 'en'], '2026-11-22T09:40'));
    const en = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-oversold' AND lang = 'en'`);
    expect(en).toHaveLength(1);
    expect(en[0]!.body).toMatch(/Monday 23 November, 09:30/);
    expect(query(shop.db, `SELECT due_at FROM promises WHERE kind = 'offer' AND state = 'open'`)).toEqual([{ due_at: '2026-11-23T01:30:00Z' }]);
    // The same again in English: a retry.
    const retry = ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat', '--lang', 'en'], '2026-11-22T09:41'));
    expect(retry.stdout + retry.stderr).toMatch(/already offered these choices by chat/);
  });

  it('the same choices in another language at the same moment are recorded too, not moved aside as an interrupted run', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat', '--lang', 'en'], '2026-11-22T09:30'));
    // The next run finds nothing unrecorded to move aside.
    const next = ok(shop.run(['resolve', '--order', '#A1', '--replied'], '2026-11-22T09:45'));
    expect(next.stderr).not.toMatch(/interrupted/);
    expect(query(shop.db, `SELECT lang FROM messages WHERE intent = 'notice-oversold' ORDER BY lang`)).toEqual([{ lang: 'en' }, { lang: 'zh' }]);
    expect(Object.keys(files(shop, '2026-11-22', '#A1')).filter((n) => n.includes('notice-oversold')).sort()).toEqual([expect.stringMatching(/\.en\.txt$/), expect.stringMatching(/\.zh\.txt$/)]);
  });

  it('the same choices by another channel when only the refund carries the coupon: the split and the swap do not gain it, so one deadline and one coupon', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#C1', '--offer', '--channel', 'chat'], '2026-11-22T10:30'));
    const bodies = query<{ channel: string; body: string }>(shop.db, `SELECT channel, body FROM messages WHERE intent = 'notice-oversold' ORDER BY id`);
    expect(bodies.map((b) => b.channel)).toEqual(['email', 'chat']);
    for (const b of bodies) expect(b.body, b.channel).toMatch(/reply by Monday, November 23, 9:30 AM/);
    expect(query(shop.db, `SELECT due_at FROM promises WHERE kind = 'offer' AND state = 'open'`)).toEqual([{ due_at: '2026-11-23T01:30:00Z' }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM promises WHERE kind = 'coupon'`)).toEqual([{ n: 1 }]);
  });

  it('a refund of part of the order names only what it covers: the short item when the amount is its price, else no item at all', () => {
    const c1 = ORDERS.filter((o) => o.order_id === '#C1');
    const shop = makeShop([...c1, ...c1.map((o) => ({ ...o, order_id: '#C2' }))]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '299', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const c1Refund = one(files(shop, '2026-11-22', '#C1'), 'confirm-refund');
    expect(c1Refund).toMatch(/Refund: CN¥299\.00, for:\n- Peony Gift Box \(Red\) x 1/);
    expect(c1Refund).not.toMatch(/Towel/);
    ok(shop.run(['resolve', '--order', '#C2', '--remedy', 'refund', '--refund-amount', '50', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const c2Refund = one(files(shop, '2026-11-22', '#C2'), 'confirm-refund');
    expect(c2Refund).toMatch(/Refund: CN¥50\.00\n/);
    expect(c2Refund).not.toMatch(/Towel|, for:/);
  });

  it('stock that comes before its day: no update says it is still due, and the shipped message goes out once the order leaves', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30'));
    // The teapots arrive on the 23rd, three days early.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('POT-1,Yixing Clay Teapot,200 ml,0,6,', 'POT-1,Yixing Clay Teapot,200 ml,6,0,'));
    ok(scan(shop, '2026-11-23T08:30'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent = 'followup-wait-update' AND written_at >= '2026-11-23'`)).toEqual([{ n: 0 }]);
    // It ships that afternoon: the next scan sees it, and the next run tells the customer.
    const shipped = ORDERS.filter((o) => o.order_id === '#A1').map((o) => ({ ...o, shipped_at: '2026-11-23 15:00', carrier: 'SF Express', tracking_number: 'SF3000001', fulfilled_quantity: '1' }));
    writeFileSync(join(shop.dir, 'orders2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T16:00', 'orders2.csv'));
    ok(shop.run(['followup'], '2026-11-23T17:00'));
    expect(one(files(shop, '2026-11-23', '#A1'), 'followup-shipped')).toMatch(/SF3000001/);
  });

  it('the same tracking number recorded twice on a split is a retry: the rest still waiting for stock is never announced as shipped under it', () => {
    const a1 = ORDERS.find((o) => o.order_id === '#A1')!;
    const shop = makeShop([{ ...a1, order_id: '#S1' }, { ...a1, order_id: '#S1', sku: 'TOWEL-1', title: 'Cotton Tea Towel', variant: 'Grey', quantity: '2', unit_price: '15.00' }]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#S1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#S1', '--shipped', '--tracking-number', 'SF100200', '--channel', 'chat'], '2026-11-22T15:00'));
    const retry = ok(shop.run(['resolve', '--order', '#S1', '--shipped', '--tracking-number', 'SF100200', '--channel', 'chat'], '2026-11-22T15:00'));
    expect(retry.stdout + retry.stderr).toMatch(/already recorded as shipped; nothing was written again/);
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent = 'followup-shipped'`)).toEqual([{ n: 1 }]);
    expect(query(shop.db, `SELECT origin, state, tracking_number FROM parcels ORDER BY id`)).toEqual([
      { origin: 'split_now', state: 'shipped', tracking_number: 'SF100200' },
      { origin: 'split_rest', state: 'preparing', tracking_number: null },
    ]);
    const shipped = one(files(shop, '2026-11-22', '#S1'), 'followup-shipped');
    expect(shipped).toMatch(/Cotton Tea Towel/);
    expect(shipped).not.toMatch(/Teapot[^\n]*SF100200|SF100200[^\n]*Teapot/);
  });

  it('a lost parcel paid on delivery: nothing is charged, and the customer is asked to refuse the parcel should it turn up', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1').map((o) => ({ ...o, payment_method: '代金引換' })));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const refund = one(files(shop, '2026-11-22', '#B1'), 'confirm-refund');
    expect(refund).toMatch(/代金をご請求することはございません。万一お荷物が届いた場合は、お受け取りを辞退していただけますようお願いいたします。/);
    expect(refund).not.toMatch(/お手続きも必要ございません|口座/);
  });

  it('a lost parcel paid on delivery and sent again: never "free", the new parcel is paid for on delivery, and the first one is refused if it turns up', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1').map((o) => ({ ...o, payment_method: '代金引換' })));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    const notice = one(files(shop, '2026-11-22', '#B1'), 'notice-stalled');
    expect(notice).toMatch(/再送をご希望の場合も、お代金は新しいお荷物のお届け時にお支払いいただく形となります/);
    expect(notice).toMatch(/【再送】同じ商品を送料当店負担にて改めてお送りいたします/);
    expect(notice).not.toMatch(/無償/);
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const reship = one(files(shop, '2026-11-22', '#B1'), 'confirm-reship');
    expect(reship).not.toMatch(/無償/);
    expect(reship).toMatch(/送料当店負担にて改めてお送りいたします/);
    expect(reship).toMatch(/お代金は、これまでどおり新しいお荷物のお届け時にお支払いください/);
    // One story about the first parcel: refuse it (so as not to pay twice), not "let us know".
    expect(reship).toMatch(/お受け取りを辞退していただければ、二重にお支払いいただくことはございません/);
    expect(reship).not.toMatch(/ご一報/);
  });

  it('a split whose rest is cancelled for a customer who pays at the convenience store (超商取貨付款) charges less on pickup instead of refunding', () => {
    const tw = { customer_name: '陳怡君', email: 'yijun@example.tw', language: 'zh-Hant', country: 'TW', channel: 'shopify', payment_method: '超商取貨付款' };
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, ...tw, order_id: '#K1' })));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#K1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const split = one(files(shop, '2026-11-22', '#K1'), 'confirm-split');
    expect(split).toMatch(/這部分商品已經為您取消。這筆訂單是取貨或收貨時付款，屆時會少收人民幣299元，只需支付實際寄出商品的金額/);
    expect(split).not.toMatch(/退款人民幣|帳號|開始為您辦理/);
    expect(query<{ kind: string }>(shop.db, `SELECT kind FROM followups WHERE state = 'pending'`).map((f) => f.kind)).not.toContain('refund_check');
  });

  it('a refund by bank transfer waits for the account: the next day\'s check never says the money was sent, and asks for the account again', () => {
    const shop = makeShop([
      ...ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, payment_method: 'Bank transfer' })),
      // A Japanese shop of its own (on Rakuten, 楽天ペイ refunds a 銀行振込 itself).
      ...ORDERS.filter((o) => o.order_id === '#B1').map((o) => ({ ...o, channel: 'shopify', payment_method: '銀行振込' })),
    ]);
    ok(scan(shop, '2026-11-22T09:00'));
    for (const id of ['#C1', '#B1']) ok(shop.run(['resolve', '--order', id, '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const r = shop.run(['followup', '--json'], '2026-11-23T11:00');
    expect([0, 2]).toContain(r.code);
    expect((json(r).written as { kind: string }[]).map((w) => w.kind)).toEqual(['refund_check', 'refund_check']);
    const en = one(files(shop, '2026-11-23', '#C1'), 'followup-refund-check');
    expect(en).toMatch(/please reply with your bank, account name and account number/);
    expect(en).not.toMatch(/We started your refund|on Sunday 22 November/);
    const ja = one(files(shop, '2026-11-23', '#B1'), 'followup-refund-check');
    expect(ja).toMatch(/口座情報をお送りいただいていない場合は/);
    expect(ja).not.toMatch(/手続きをいたしました/);
  });
});

describe('a remedy changed after the customer was told it', () => {
  it('is refused without --yes off a terminal, and nothing changes', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-26', '--channel', 'email'], '2026-11-22T09:30'));
    const before = dumpDb(shop.db);
    const outbox = readdirSync(join(shop.outbox, '2026-11-22'));
    const r = shop.run(['resolve', '--order', '#F1', '--remedy', 'refund', '--channel', 'email'], '2026-11-23T10:00');
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^error: order #F1 already has the remedy wait \(until 2026-11-26\); this records refund \(116\.00 CNY, full\) instead; the customer gets one message saying what changed\nhint: to change it, run the same command with --yes/);
    expect(dumpDb(shop.db)).toEqual(before);
    expect(existsSync(join(shop.outbox, '2026-11-23'))).toBe(false);
    expect(readdirSync(join(shop.outbox, '2026-11-22'))).toEqual(outbox);
  });

  it("a wait's coupon lasts past the wait, and every message gives that same last day", () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    // The gift box is due back in four weeks: a 15-day coupon from today would end before it comes.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-PEONY,Peony Gift Box,Red,0,,,299.00', 'GIFT-PEONY,Peony Gift Box,Red,0,1,2026-12-20,299.00'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const offer = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-oversold'`)[0]!.body;
    expect(offer).toMatch(/WAIT/);
    const days = (text: string) => [...text.matchAll(/valid until (\w+, \w+ \d+(?:, \d{4})?)/g)].map((m) => m[1]);
    expect(new Set(days(offer))).toEqual(new Set(['Monday, January 4']));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T11:00'));
    const wait = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body;
    expect(days(wait)).toEqual(['Monday, January 4']);
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-23T10:00'));
    const refund = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund'`)[0]!.body;
    expect(refund).toMatch(/\(CN¥\d+\.\d\d, valid until Monday, January 4\) still stands/);
    // One coupon promise, with the day the customer was told.
    const coupons = query<{ data: string }>(shop.db, `SELECT data FROM promises WHERE kind = 'coupon' AND state <> 'superseded'`);
    expect(coupons).toHaveLength(1);
    expect(new Date(JSON.parse(coupons[0]!.data).expiresAt).toISOString()).toBe('2027-01-04T15:59:00.000Z');
  });

  it('a coupon first named with a wait recorded outright lasts past it; one an offer named keeps its day', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'wait', '--restock-date', '2026-12-20', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T11:00'));
    expect(query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body).toMatch(/valid until Monday, January 4/);
    // An offer without a wait (no restock day known) names the coupon's day with its refund: the wait chosen later keeps it.
    const other = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(other, '2026-11-22T09:00'));
    ok(other.run(['resolve', '--order', '#C1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const told = query<{ body: string }>(other.db, `SELECT body FROM messages WHERE intent = 'notice-oversold'`)[0]!.body.match(/valid until (\w+, \w+ \d+)/)![1]!;
    ok(other.run(['resolve', '--order', '#C1', '--remedy', 'wait', '--restock-date', '2026-12-20', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T11:00'));
    expect(query<{ body: string }>(other.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body).toContain(`valid until ${told}`);
  });

  it('a coupon the customer already holds keeps the last day they were told, however long the wait', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    // The late notice hands the coupon over (silence means waiting), with its last day.
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const notice = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-late'`)[0]!.body;
    const told = notice.match(/valid until (\w+, \w+ \d+(, \d{4})?)/)![1]!;
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-12-22', '--channel', 'email', '--yes'], '2026-11-22T11:00'));
    const wait = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body;
    expect(wait).toContain(`valid until ${told})`);
  });

  it('with --yes: one message says what was planned, that it is replaced, and that the coupon stands; the ledger keeps both', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-26', '--channel', 'email'], '2026-11-22T09:30'));
    const code = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body.match(/SORRY-[A-Z0-9]+/)![0];
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-23T10:00'));
    const body = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund'`)[0]!.body;
    expect(body).toMatch(/There's a change to what we told you on Sunday, November 22: we had planned to ship your order on Thursday, November 26\. This message replaces that plan\. Your coupon (SORRY-[A-Z0-9]+) \(CN¥\d+\.\d\d, valid until \w+, \w+ \d+\) still stands\./);
    expect(body.match(/SORRY-[A-Z0-9]+/g)!.every((c) => c === code)).toBe(true);
    expect(body.indexOf("There's a change to")).toBeGreaterThanOrEqual(0);
    expect(body.indexOf("There's a change to")).toBeLessThan(body.indexOf('refund'));
    // One new message; the wait's daily updates are gone, the refund's check is planned.
    expect(query(shop.db, `SELECT id FROM messages WHERE intent = 'confirm-refund'`)).toHaveLength(1);
    const pending = query<{ kind: string }>(shop.db, `SELECT kind FROM followups WHERE state = 'pending'`).map((f) => f.kind);
    expect(pending).not.toContain('wait_update');
    expect(pending).toContain('refund_check');
    // The ledger shows both: the wait's promises superseded, the refund's open, one coupon.
    const promises = query<{ kind: string; state: string }>(shop.db, 'SELECT kind, state FROM promises ORDER BY id');
    expect(promises.filter((p) => p.kind === 'restock' || p.kind === 'ship').every((p) => p.state === 'superseded')).toBe(true);
    expect(promises.some((p) => p.kind === 'refund' && p.state === 'open')).toBe(true);
    expect(promises.filter((p) => p.kind === 'coupon' && p.state !== 'superseded')).toHaveLength(1);
  });

  it('in Chinese and Japanese too, in the customer\'s words', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#E1' || o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-26', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--channel', 'chat', '--yes'], '2026-11-22T15:00'));
    const zh = one(files(shop, '2026-11-22', '#E1'), 'confirm-substitute');
    expect(zh).toMatch(/11月22日（周日）跟您说的处理方式有变动：原定等待补货（预计11月26日（周四）到货），现改为以下安排，以本条为准；之前发放到您账户的¥\d+\.\d\d优惠券照常可用，有效期至12月\d+日（周.）。/);
    // #E1 is a Taobao order: its coupon is in the buyer's account, and no code is named.
    expect(zh).not.toMatch(/SORRY-/);
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--channel', 'email'], '2026-11-22T09:40'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T16:00'));
    const ja = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#B1' AND intent = 'confirm-refund'`)[0]!.body;
    expect(ja).toMatch(/11月22日（日）にご案内した対応内容に変更がございます。当初は商品をあらためてお送りする予定でしたが、以下のとおり変更させていただきます。/);
  });
});

describe('choices nobody answered', () => {
  it('past the reply deadline, every follow-up run asks the operator to call or decide, until an answer is recorded', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    // Before the deadline (the reminder goes out): nothing to act on.
    const before = shop.run(['followup'], '2026-11-23T09:00');
    expect(before.stderr).not.toMatch(/has not answered/);
    // Also at night (quiet hours): the alert is the operator's, no message goes to the customer.
    for (const now of ['2026-11-23T10:00', '2026-11-23T11:00', '2026-11-23T23:00']) {
      const r = shop.run(['followup'], now);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(
        "oos: #A1 has not answered the choices sent 2026-11-22 09:30 (wait or refund; reply asked by 2026-11-23 09:30): call the customer, then record the answer with oos resolve --order '#A1' --remedy wait --yes",
      );
    }
    const listed = json(ok(shop.run(['cases', '--json'], '2026-11-23T11:00'))).cases.find((c: any) => c.order_id === '#A1');
    expect(listed.alerts).toEqual([{ kind: 'contact_overdue', detail: expect.stringMatching(/^no answer to the choices sent 2026-11-22 09:30, reply asked by 2026-11-23 09:30: call the customer/) }]);
    expect(ok(shop.run(['cases'], '2026-11-23T11:00')).stdout).toMatch(/contact now: no answer to the choices sent/);
    // Nothing was decided for the customer.
    expect(query(shop.db, `SELECT state, remedy FROM cases WHERE order_id = '#A1'`)).toEqual([{ state: 'offered', remedy: null }]);
    // The call is made and the answer recorded: the alert stops.
    ok(shop.run(['resolve', '--order', '#A1', '--replied', '--choice', 'wait'], '2026-11-23T23:30'));
    const after = shop.run(['followup'], '2026-11-24T00:00');
    expect(after.stderr).not.toMatch(/has not answered/);
    expect(json(ok(shop.run(['cases', '--json'], '2026-11-24T00:00'))).cases.find((c: any) => c.order_id === '#A1').alerts).toEqual([]);
  });

  it('a reminder a late cron run would write after the reply deadline is dropped, not sent with a deadline already gone', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['followup'], '2026-11-22T20:00'));
    // The phone reminder was due at 09:00 on the 23rd; the cron run comes at 09:31, past the 09:30 deadline.
    const late = json(shop.run(['followup', '--json'], '2026-11-23T09:31'));
    expect(late.written).toEqual([]);
    expect(late.cancelled).toEqual([{ order_id: '#A1', kind: 'reminder', reason: 'the reply deadline has passed' }]);
    expect(query(shop.db, `SELECT intent, channel FROM messages WHERE intent = 'followup-reminder'`)).toEqual([{ intent: 'followup-reminder', channel: 'chat' }]);
  });

  it('a late notice needs no answer, but the ship day it named is held: missed, the operator is told, and the new plan says what changed', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const notice = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-late'`)[0]!.body;
    // The customer (in the US) reads it month first; the operator's alerts write it day first.
    const [, weekday, month, date] = notice.match(/We'll ship on (\w+day), (\w+) (\d+)\./)!;
    const day = `${weekday} ${date} ${month}`;
    const customerDay = `${weekday}, ${month} ${date}`;
    const promised = query<{ kind: string; state: string; due_at: string }>(shop.db, `SELECT kind, state, due_at FROM promises WHERE kind = 'ship'`);
    expect(promised).toHaveLength(1);
    expect(promised[0]!.state).toBe('open');
    // Past the reply deadline, silence is the answer: no "has not answered".
    expect(shop.run(['followup'], '2026-11-23T10:00').stderr).not.toMatch(/has not answered/);
    // The day passes and the order has not shipped.
    const missed = shop.run(['followup'], '2026-11-24T10:00');
    expect(missed.code).toBe(2);
    expect(missed.stderr).toContain(`#F1 was promised to ship by ${day} and has not shipped`);
    // Every run says it again (cron mails it), once, until someone acts.
    for (const at of ['2026-11-24T10:01', '2026-11-24T10:02']) {
      const again = shop.run(['followup'], at);
      expect(again.code, at).toBe(2);
      expect(again.stderr.split(`still not done: #F1 was promised to ship by ${day} and has not shipped`)).toHaveLength(2);
    }
    // A new date is a change of what the customer was told: asked for, then said.
    const refused = shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--channel', 'email'], '2026-11-24T10:05');
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/^error: the notice told order #F1 that without an answer it ships on 2026-11-2\d; this records wait \(until 2026-11-27\) instead/);
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--channel', 'email', '--yes'], '2026-11-24T10:05'));
    const body = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body;
    // The day told has passed: the change opens with the apology for it.
    expect(body).toContain(`I'm sorry: your order #F1 didn't ship on ${customerDay} as we told you on Sunday, November 22. This message replaces that plan`);
    expect(body).toContain('Friday, November 27');
    // Shipped on the new day: the promise is kept and nothing more is said of the old one.
    expect(query<{ state: string }>(shop.db, `SELECT state FROM promises WHERE kind = 'ship' ORDER BY id`).map((p) => p.state)).toEqual(['broken', 'open']);
    // Acted on: the old day is not said again.
    expect(shop.run(['followup'], '2026-11-24T12:00').stderr).not.toMatch(/still not done/);
  });

  it('a ship day missed, then the order ships a day late: the alert names only commands that work, and stops once it has shipped', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const missed = shop.run(['followup'], '2026-11-24T10:00');
    expect(missed.code).toBe(2);
    expect(missed.stderr).toMatch(/has not shipped: tell the customer a new date with oos resolve --order '#F1' --remedy wait --restock-date YYYY-MM-DD --yes, or refund with --remedy refund --yes; once it has shipped, the next scan of the orders export settles this/);
    expect(missed.stderr).not.toMatch(/--shipped/);
    const alerts = () => json(ok(shop.run(['cases', '--json'], '2026-11-25T10:00'))).cases.find((c: any) => c.order_id === '#F1').alerts;
    expect(alerts()).toEqual([{ kind: 'promise_broken', detail: expect.stringMatching(/has not shipped/) }]);
    // It ships on the 24th, a day late, and is delivered: "has not shipped" would now be false.
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-24 14:00', carrier: 'SF Express', tracking_number: 'SFF1000002', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFF1000002,#F1,SF Express,delivered,2026-11-25 09:00,Delivered,2026-11-25 09:00\n`);
    ok(scan(shop, '2026-11-25T09:30'));
    expect(alerts()).toEqual([]);
    const table = ok(shop.run(['cases'], '2026-11-25T10:00')).stdout;
    expect(table).not.toMatch(/has not shipped/);
    // Shipped: the notice's choices wait for no answer any more.
    expect(table).toMatch(/contacted, no reply due\s+#F1/);
  });
});

describe('a new day for the same remedy, after the day the customer agreed to was missed', () => {
  it("is the shop's word, not the customer's choice: no thanks for agreeing to a day they were never asked about", () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#A1', '--replied', '--choice', 'wait'], '2026-11-22T09:50'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--yes'], '2026-11-22T10:00'));
    const decided = () => JSON.parse(query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#A1'`)[0]!.terms).decidedBy;
    expect(decided()).toBe('customer');
    // The 26th passes without the teapot; the operator gives the 30th.
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-11-30', '--yes'], '2026-11-27T10:00'));
    expect(decided()).toBe('shop');
    const text = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait' ORDER BY id DESC LIMIT 1`)[0]!.body;
    expect(text).toContain('11月30日');
    expect(text).not.toMatch(/(感谢|谢谢)您(的)?(选择|同意|愿意)|谢谢您接受/);
    // The operator may say the customer agreed (they called): then it is theirs.
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-12-01', '--decided-by', 'customer', '--yes'], '2026-11-27T11:00'));
    expect(decided()).toBe('customer');
  });
});

describe('a "shipped" message whose number comes only after the parcel was delivered', () => {
  it('says it was delivered, and sorry the news is late, never "on its way"', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    // It ships on the 23rd; the export gives no tracking number, so the "shipped" message waits for one.
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-23 10:00', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T11:00'));
    ok(shop.run(['followup'], '2026-11-23T11:30'));
    expect(query(shop.db, `SELECT intent FROM messages ORDER BY id`).map((m: any) => m.intent)).toEqual(['notice-late']);
    // The tracker's file names it the next day, delivered that morning.
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFF1000009,#F1,SF Express,delivered,2026-11-24 09:00,Delivered,2026-11-24 09:00\n`);
    ok(scan(shop, '2026-11-24T10:00'));
    ok(shop.run(['followup'], '2026-11-24T10:30'));
    const text = one(files(shop, '2026-11-24', '#F1'), 'followup-shipped');
    expect(text).toContain('SFF1000009');
    expect(text).toMatch(/was delivered on Tuesday, November 24/);
    expect(text).toMatch(/sorry this note comes only now/);
    expect(text).not.toMatch(/on its way|when it arrives/);
  });
});

describe('a late order told its new ship day, the customer silent (waiting needs no answer)', () => {
  it('after the tracking message, a few days on, asks whether it all arrived well, as a chosen wait does', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-23 10:00', carrier: 'SF Express', tracking_number: 'SFF1000001', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders-shipped.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T15:00', 'orders-shipped.csv'));
    for (const at of ['2026-11-23T16:00', '2026-11-25T16:00', '2026-11-26T16:00', '2026-11-27T16:00']) ok(shop.run(['followup'], at));
    const sent = query<{ intent: string; at: string }>(shop.db, `SELECT intent, substr(path, -60) AS at FROM messages ORDER BY id`).map((m) => m.intent);
    expect(sent).toEqual(['notice-late', 'followup-shipped', 'followup-satisfaction']);
    // Once, three days after it left, in the shop's hours.
    expect(query(shop.db, `SELECT due_at, state FROM followups WHERE kind = 'satisfaction'`)).toEqual([{ due_at: '2026-11-26T07:00:00Z', state: 'done' }]);
  });
});

describe('a case told about its first problem, whose second one cleared before anyone was told', () => {
  it('the report counts its first contact and the coupon the notice gave, not "closed without ever being contacted"', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-23 10:00', carrier: 'SF Express', tracking_number: 'SFF1000001', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders-shipped.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFF1000001,#F1,SF Express,in_transit,2026-11-23 14:00,Picked up,\n`);
    ok(scan(shop, '2026-11-23T15:00', 'orders-shipped.csv'));
    // Stuck, then delivered before the shop wrote about it: the case is back where it was, its check of how it all arrived owed again.
    expect(ok(scan(shop, '2026-12-01T10:00', 'orders-shipped.csv')).stdout).toMatch(/1 back again/);
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFF1000001,#F1,SF Express,delivered,2026-12-01 15:00,Delivered,2026-12-01 15:00\n`);
    ok(scan(shop, '2026-12-01T18:00', 'orders-shipped.csv'));
    expect(query(shop.db, `SELECT state, kinds FROM cases WHERE order_id = '#F1'`)).toEqual([{ state: 'offered', kinds: '["late"]' }]);
    expect(query(shop.db, `SELECT state FROM followups WHERE order_id = '#F1' AND kind = 'satisfaction'`)).toEqual([{ state: 'pending' }]);
    const report = json(ok(shop.run(['report', '--json'], '2026-12-02T10:00')));
    expect(report.contact).toMatchObject({ contacted: 1, within_target: 1, closed_uncontacted_late: 0 });
    expect(report.money).toMatchObject([{ coupons: 1 }]);
  });
});

describe('a new problem after the old one was settled', () => {
  it('a late order that shipped and then got stuck is the customer\'s news again: back to "not contacted", its own coupon', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const codes = () => query<{ code: string; state: string }>(shop.db, `SELECT json_extract(data, '$.code') AS code, state FROM promises WHERE kind = 'coupon' ORDER BY id`);
    const [first] = codes();
    // It ships on the new day; the tracking message goes out.
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-23 10:00', carrier: 'SF Express', tracking_number: 'SFF1000001', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders-shipped.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFF1000001,#F1,SF Express,in_transit,2026-11-23 14:00,Picked up,\n`);
    ok(scan(shop, '2026-11-23T15:00', 'orders-shipped.csv'));
    ok(shop.run(['followup'], '2026-11-23T16:00'));
    expect(query(shop.db, `SELECT intent FROM messages ORDER BY id`).map((m: any) => m.intent)).toEqual(['notice-late', 'followup-shipped']);
    // Eight days without a scan (an international parcel): the parcel is stuck.
    expect(ok(scan(shop, '2026-12-01T10:00', 'orders-shipped.csv')).stdout).toMatch(/1 back again/);
    const stuck = json(ok(shop.run(['cases', '--json'], '2026-12-01T10:00')));
    const f1 = stuck.cases.find((c: any) => c.order_id === '#F1');
    expect(f1).toMatchObject({ state: 'detected', kind: 'stalled', contact_by: '2026-12-01T04:00:00Z' });
    expect(query(shop.db, `SELECT type, json_extract(data, '$.why') AS why FROM case_events WHERE type = 'reopened'`)).toEqual([{ type: 'reopened', why: 'new problem: stalled' }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE state = 'pending' AND kind IN ('reminder', 'wait_update', 'satisfaction')`)).toEqual([{ n: 0 }]);
    // The stuck parcel gets its own notice, with a coupon of its own (the first one stands and is not offered again as new).
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-12-01T10:05'));
    const notice = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-stalled'`)[0]!.body;
    expect(notice).toContain('SFF1000001');
    const [old, fresh, ...more] = codes();
    expect(old).toEqual({ code: first!.code, state: 'superseded' });
    expect(fresh!.state).toBe('open');
    expect(fresh!.code).not.toBe(first!.code);
    expect(more).toEqual([]);
  });
});

describe('a restock day that passed with no later date in the inventory', () => {
  it('the operator is asked every run; once the inventory has a date, the customer hears the slip and the new day', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--channel', 'chat'], '2026-11-22T09:30'));
    // The stock did not come and the supplier gave no new date.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY(''));
    ok(scan(shop, '2026-11-27T08:00'));
    for (const at of ['2026-11-27T09:30', '2026-11-27T10:30']) {
      const run = shop.run(['followup'], at);
      expect(run.code).toBe(2);
      // Once a run: the run that judges the day broken does not say it twice.
      expect(run.stderr.split('the restock promised to #A1 for Thursday 26 November did not arrive and the inventory has no later date')).toHaveLength(2);
    }
    expect(query(shop.db, `SELECT intent FROM messages ORDER BY id`).map((m: any) => m.intent)).not.toContain('followup-date-slipped');
    // The daily update the late run would have written repeats a day already gone: dropped, not sent.
    expect(query(shop.db, `SELECT body FROM messages WHERE intent = 'followup-wait-update'`).map((m: any) => m.body).join('\n')).not.toContain('仍预计在11月26日');
    // The supplier's new date reaches the inventory export: the customer is told now, once.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-12-01'));
    ok(scan(shop, '2026-11-27T11:00'));
    const told = shop.run(['followup', '--json'], '2026-11-27T11:30');
    expect(told.stderr).toMatch(/the restock promised to #A1 for Thursday 26 November did not come; the customer was told the new date Tuesday 1 December/);
    const slipped = one(files(shop, '2026-11-27', '#A1'), 'followup-date-slipped');
    expect(slipped).toContain('11月26日');
    expect(slipped).toContain('12月1日');
    expect(query(shop.db, `SELECT state FROM promises WHERE kind = 'restock' ORDER BY id`).map((p: any) => p.state)).toEqual(['broken', 'open']);
    const after = shop.run(['followup', '--json'], '2026-11-27T12:30');
    expect(after.stderr).not.toMatch(/#A1/);
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent = 'followup-date-slipped'`)).toEqual([{ n: 1 }]);
    const a1 = json(ok(shop.run(['cases', '--json'], '2026-11-27T12:30'))).cases.find((c: any) => c.order_id === '#A1');
    expect(a1.alerts).toEqual([]);
  });
});

describe('the stock came early, and then the order sat unshipped', () => {
  it('the promised day becomes a ship promise, and missed, the operator is told', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--channel', 'chat'], '2026-11-22T09:30'));
    // The teapots arrive a day early.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('').replace('POT-1,Yixing Clay Teapot,200 ml,0,6,', 'POT-1,Yixing Clay Teapot,200 ml,6,,'));
    ok(scan(shop, '2026-11-25T09:00'));
    expect(shop.run(['followup'], '2026-11-25T10:00').stderr).not.toMatch(/#A1/);
    const promises = () => query<{ kind: string; due_at: string; state: string }>(shop.db, `SELECT kind, due_at, state FROM promises WHERE kind IN ('restock', 'ship') ORDER BY id`);
    expect(promises()).toEqual([
      { kind: 'restock', due_at: '2026-11-26T15:59:00Z', state: 'kept' },
      { kind: 'ship', due_at: '2026-11-26T15:59:00Z', state: 'open' },
    ]);
    // The 26th passes and it has not left: a person must act.
    const missed = shop.run(['followup'], '2026-11-27T10:00');
    expect(missed.code).toBe(2);
    expect(missed.stderr).toContain('#A1 was promised to ship by Thursday 26 November and has not shipped');
    expect(promises()[1]!.state).toBe('broken');
  });
});

describe('a substitute confirmed late in the evening', () => {
  it('says it ships tomorrow, and the promise is held to the day it told', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#E1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--channel', 'chat', '--yes'], '2026-11-22T23:55'));
    const text = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-substitute'`)[0]!.body;
    expect(text).toContain('11月23日（周一）为您发出');
    expect(text).not.toContain('今天');
    expect(query(shop.db, `SELECT due_at, json_extract(data, '$.date') AS date FROM promises WHERE kind = 'ship'`)).toEqual([
      { due_at: '2026-11-24T15:59:00Z', date: Date.parse('2026-11-23T23:55:00+08:00') },
    ]);
    // Not shipped by then: the operator is told about the substitute's parcel, with a command that fits it.
    const missed = shop.run(['followup'], '2026-11-25T10:00');
    expect(missed.stderr).toContain("#E1: the parcel with the substitute was promised to leave by Monday 23 November and no number for it is known: record it with oos resolve --order '#E1' --shipped --tracking-number <no>");
    // Recorded as the alert asks: the alert stops (it was said every hour until the end of the case).
    ok(shop.run(['resolve', '--order', '#E1', '--shipped', '--tracking-number', 'SFE1000009', '--carrier', '顺丰速运'], '2026-11-25T11:00'));
    expect(shop.run(['followup'], '2026-11-25T12:00').stderr).not.toContain('#E1');
    expect(json(ok(shop.run(['cases', '--json'], '2026-11-25T12:00'))).cases.find((c: any) => c.order_id === '#E1').alerts).toEqual([]);
    // Earlier in the day it still ships today.
    const day = makeShop(ORDERS.filter((o) => o.order_id === '#E1'));
    ok(scan(day, '2026-11-22T09:00'));
    ok(day.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    expect(query<{ body: string }>(day.db, `SELECT body FROM messages WHERE intent = 'confirm-substitute'`)[0]!.body).toContain('今天为您发出');
  });
});

describe('the report remembers what a case was', () => {
  it('an oversold order whose stock came after its ship-by turns late, and it still counts as oversold, its SKU too', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('POT-1,Yixing Clay Teapot,200 ml,0,6,', 'POT-1,Yixing Clay Teapot,200 ml,6,,'));
    ok(scan(shop, '2026-11-24T10:00'));
    const a1 = json(ok(shop.run(['cases', '--json'], '2026-11-24T10:00'))).cases.find((c: any) => c.order_id === '#A1');
    expect(a1.kinds).toEqual(['late']);
    const report = json(ok(shop.run(['report', '--json'], '2026-11-24T10:00')));
    // What went wrong was the stock: the delay followed from it.
    expect(report.cases.by_kind).toEqual({ oversold: 1, late: 0, stalled: 0 });
    expect(report.top_oversold_skus).toEqual([{ sku: 'POT-1', cases: 1, units_short: 1 }]);
  });
});

describe('the reason the operator gives', () => {
  it('is told, or the operator hears that this message does not carry it', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1' || o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#A1', '--replied', '--choice', 'refund'], '2026-11-22T10:00'));
    const chosen = ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'refund', '--channel', 'chat', '--reason', '仓库盘点出错'], '2026-11-22T10:05'));
    expect(query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#A1' AND intent = 'confirm-refund'`)[0]!.body).not.toContain('仓库盘点出错');
    expect(chosen.stderr).toMatch(/^warning: the reason you gave is not in this message/m);
    const decided = ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-24', '--channel', 'email', '--reason', 'our courier did not collect on Friday'], '2026-11-22T10:10'));
    expect(query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#F1'`)[0]!.body).toContain('our courier did not collect on Friday');
    expect(decided.stderr).not.toMatch(/reason you gave/);
  });
});

describe('a case whose problem has cleared', () => {
  it('is not counted or shown as late once the order shipped: its old reasons read as what was', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-24', '--channel', 'email'], '2026-11-22T09:30'));
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-23 10:00', carrier: 'SF Express', tracking_number: 'SFF1000002', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders-shipped.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    const scanned = ok(scan(shop, '2026-11-23T15:00', 'orders-shipped.csv')).stdout;
    expect(scanned).toContain('1 open case: 0 oversold · 0 late · 0 stalled · 1 cleared, promises still to keep');
    const listed = ok(shop.run(['cases'], '2026-11-23T15:00')).stdout;
    expect(listed).toMatch(/problem cleared 2026-11-23 15:00; finish what was promised\n\s+was: not shipped; ship-by 2026-11-21 08:00 has passed/);
    expect(listed).not.toMatch(/deadline: ship by/);
  });
});

describe('a broken promise the operator has answered', () => {
  it('stops being an alert once a new decision is recorded, whatever its kind', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--channel', 'chat'], '2026-11-22T09:30'));
    shop.run(['followup'], '2026-11-27T10:00');
    const alerts = () => json(ok(shop.run(['cases', '--json'], '2026-11-27T11:00'))).cases.find((c: any) => c.order_id === '#A1').alerts.map((a: any) => a.kind);
    expect(alerts()).toEqual(['promise_broken']);
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'refund', '--channel', 'chat', '--yes'], '2026-11-27T10:30'));
    expect(alerts()).toEqual([]);
  });
});

describe('a change after a slipped date', () => {
  it('names the day the customer was told the new date, and that date', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--channel', 'chat'], '2026-11-22T09:30'));
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-30'));
    ok(scan(shop, '2026-11-27T09:00'));
    shop.run(['followup'], '2026-11-27T10:00');
    expect(query(shop.db, `SELECT intent FROM messages ORDER BY id`).map((m: any) => m.intent)).toEqual(['confirm-wait', 'followup-date-slipped']);
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'refund', '--channel', 'chat', '--yes'], '2026-11-28T10:00'));
    const body = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund'`)[0]!.body;
    expect(body).toContain('11月27日（周五）跟您说的处理方式有变动：原定等待补货（预计11月30日（周一）到货）');
  });
});

describe('a coupon a late notice promises to a customer who may stay silent', () => {
  it('is given in the notice itself: the code, or on Taobao the account; the confirmation after a reply repeats the same one', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const code = query<{ code: string }>(shop.db, `SELECT json_extract(data, '$.code') AS code FROM promises WHERE kind = 'coupon'`)[0]!.code;
    const notice = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-late'`)[0]!.body;
    expect(notice).toContain(`The coupon is yours now, whichever you choose: use code ${code}, valid until`);
    ok(shop.run(['resolve', '--order', '#F1', '--replied', '--choice', 'refund'], '2026-11-22T12:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'refund', '--channel', 'email'], '2026-11-22T12:05'));
    const confirm = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund'`)[0]!.body;
    expect(confirm.match(/SORRY-[A-Z0-9]+/g)!.every((c) => c === code)).toBe(true);
    // A Taobao order: the coupon goes to the buyer's account, no code is named.
    const taobao = makeShop([{ ...ORDERS.find((o) => o.order_id === '#F1')!, order_id: '#T1', customer_name: '王芳', language: 'zh', country: 'CN', channel: 'taobao', email: '', phone: '13800000009', payment_method: 'alipay' }]);
    ok(scan(taobao, '2026-11-22T09:00'));
    ok(taobao.run(['resolve', '--order', '#T1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    const zh = query<{ body: string }>(taobao.db, `SELECT body FROM messages WHERE intent = 'notice-late'`)[0]!.body;
    expect(zh).toMatch(/为表歉意，送您一张¥15\.00店铺优惠券，无论您选等还是退，这张券都送给您。券已发放到您的账户，下次下单可用，有效期至12月\d+日（周.）。/);
    // One coupon, given once: the choices do not each promise another.
    expect(zh.match(/优惠券/g)).toHaveLength(1);
    expect(zh).not.toMatch(/SORRY-/);
  });

  it('a coupon a late notice hands over counts in the report, once, also when a confirmation later names it again', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    // The ledger keeps minor units (fen); the JSON report speaks in yuan.
    const amount = query<{ amount: number }>(shop.db, `SELECT json_extract(data, '$.amount') AS amount FROM promises WHERE kind = 'coupon'`)[0]!.amount / 100;
    const money = () => json(ok(shop.run(['report', '--json', '--since', '2026-11-20'], '2026-11-22T12:00'))).money;
    expect(money()).toEqual([expect.objectContaining({ coupons: 1, coupon_value: amount })]);
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T11:00'));
    expect(money()).toEqual([expect.objectContaining({ coupons: 1, coupon_value: amount, refunds: 1 })]);
  });

  it('a stuck parcel\'s wait, changed, is told as time given to the carrier, not as waiting for stock', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'wait', '--restock-date', '2026-11-26', '--channel', 'email'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-24T10:00'));
    const en = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund'`)[0]!.body;
    expect(en).toContain('we had planned to wait until Thursday 26 November for the carrier to find your parcel. This message replaces that plan');
    expect(en).not.toMatch(/new stock/);
  });
});

describe('a stuck parcel the customer was asked about moves again', () => {
  it('the customer hears the good news once, the reminder stops, and nobody is asked to call about a choice no longer needed', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#D1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('DHLCUST1,#D1,DHL,exception,2026-11-20 10:00,Held at customs - awaiting clearance,', 'DHLCUST1,#D1,DHL,in_transit,2026-11-22 16:00,Customs clearance completed,'));
    ok(scan(shop, '2026-11-22T17:00'));
    const first = shop.run(['followup', '--json'], '2026-11-22T17:30');
    const run = json(first);
    expect(run.written.map((w: any) => [w.order_id, w.kind])).toEqual([['#D1', 'wait_update']]);
    const news = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'followup-wait-update'`)[0]!.body;
    expect(news).toContain('Good news: your parcel is moving again (tracking DHLCUST1)');
    // The notice promised its coupon whichever the choice: with no choice needed any more, this message gives it, the ledger's own code.
    const code = query<{ code: string }>(shop.db, `SELECT json_extract(data, '$.code') AS code FROM promises WHERE kind = 'coupon'`)[0]!.code;
    expect(news).toMatch(new RegExp(`And as promised, here's your CN¥\\d+\\.\\d\\d coupon for your next order: ${code}, valid until`));
    expect(query(shop.db, `SELECT state, cancel_reason FROM followups WHERE kind = 'reminder'`)).toEqual([{ state: 'cancelled', cancel_reason: 'parcel moving again: the choice is no longer needed' }]);
    // The code it hands over must exist in the shop by the time the customer uses it: the operator is told (exit 2, cron mails it).
    expect(first.code).toBe(2);
    expect(run.alerts).toEqual([{ kind: 'shop_task', order_id: '#D1', detail: expect.stringMatching(new RegExp(`^#D1: create the coupon code ${code} \\(CN¥\\d+\\.\\d\\d, valid until 2026-12-\\d\\d\\) in your shop's discount settings`)) }]);
    // Later runs: nothing more to write, no "has not answered".
    const later = shop.run(['followup', '--json'], '2026-11-23T12:00');
    expect(json(later).written).toEqual([]);
    expect(later.stderr).not.toMatch(/has not answered/);
  });
  it('delivered before the customer chose: told once that it arrived, with the coupon the notice promised, and no choice asked for any more', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#D1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const notice = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-stalled'`)[0]!.body;
    const code = query<{ code: string }>(shop.db, `SELECT json_extract(data, '$.code') AS code FROM promises WHERE kind = 'coupon'`)[0]!.code;
    expect(notice).toMatch(/Whichever you choose, we'll add a CN¥\d+\.\d\d coupon/);
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('DHLCUST1,#D1,DHL,exception,2026-11-20 10:00,Held at customs - awaiting clearance,', 'DHLCUST1,#D1,DHL,delivered,2026-11-22 15:00,Delivered,2026-11-22 15:00'));
    ok(scan(shop, '2026-11-22T17:00'));
    const run = json(shop.run(['followup', '--json'], '2026-11-22T17:30'));
    expect(run.written.map((w: any) => [w.order_id, w.kind])).toEqual([['#D1', 'wait_update']]);
    const news = query<{ subject: string; body: string }>(shop.db, `SELECT subject, body FROM messages WHERE intent = 'followup-wait-update'`)[0]!;
    expect(news.subject).toContain('your parcel has arrived');
    expect(news.body).toContain('Good news: your parcel (tracking DHLCUST1) has been delivered, so there\'s no need to pick an option from our last message.');
    expect(news.body).toMatch(new RegExp(`And as promised, here's your CN¥\\d+\\.\\d\\d coupon for your next order: ${code}, valid until`));
    expect(news.body).not.toMatch(/moving again|REFUND/);
    // Handed over: the report counts it.
    expect(query(shop.db, `SELECT state FROM promises WHERE kind = 'coupon'`)).toEqual([{ state: 'kept' }]);
    expect(query(shop.db, `SELECT state FROM followups WHERE kind = 'reminder'`)).toEqual([{ state: 'cancelled' }]);
    const later = shop.run(['followup', '--json'], '2026-11-23T12:00');
    expect(json(later).written).toEqual([]);
    expect(later.stderr).not.toMatch(/has not answered/);
    // By SMS too: the coupon comes with the news, not only in an email.
    const sms = makeShop(ORDERS.filter((o) => o.order_id === '#D1').map((o) => ({ ...o, phone: '+44 20 7946 0000' })));
    ok(scan(sms, '2026-11-22T09:00'));
    ok(sms.run(['resolve', '--order', '#D1', '--offer', '--channel', 'sms'], '2026-11-22T09:30'));
    writeFileSync(join(sms.dir, 'tracking.csv'), readFileSync(join(shop.dir, 'tracking.csv'), 'utf8'));
    ok(scan(sms, '2026-11-22T17:00'));
    const smsRun = sms.run(['followup'], '2026-11-22T17:30');
    expect(smsRun.code).toBe(2);
    const smsCode = query<{ code: string }>(sms.db, `SELECT json_extract(data, '$.code') AS code FROM promises WHERE kind = 'coupon'`)[0]!.code;
    expect(smsRun.stderr).toBe(`oos: #D1: create the coupon code ${smsCode} ${smsRun.stderr.match(/\(CN¥[^)]*\)/)![0]} in your shop's discount settings before the customer uses it: the message gives them this code\n`);
    const text = query<{ body: string }>(sms.db, `SELECT body FROM messages WHERE intent = 'followup-wait-update'`)[0]!.body;
    expect(text).toContain('has been delivered, so no need to pick an option');
    expect(text).toContain(`As promised, your CN¥`);
    expect(text).toContain(smsCode);
  });
});

describe('a split whose first part the operator records shipped, and whose rest ships later', () => {
  it('the rest is announced with its own number when the export shows it leave', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--restock-date', '2026-11-28', '--channel', 'email'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#C1', '--shipped', '--tracking-number', 'DHLFIRST1', '--carrier', 'DHL'], '2026-11-22T16:00'));
    // The peony box comes in and leaves: the export shows the order shipped under the rest's number.
    const shipped = ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, shipped_at: '2026-11-28 15:00', carrier: 'DHL', tracking_number: 'DHLREST2', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-PEONY,Peony Gift Box,Red,0,', 'GIFT-PEONY,Peony Gift Box,Red,5,'));
    ok(scan(shop, '2026-11-28T16:00'));
    ok(shop.run(['followup'], '2026-11-28T17:00'));
    const announced = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'followup-shipped' ORDER BY id`);
    expect(announced).toHaveLength(2);
    expect(announced[0]!.body).toMatch(/DHLFIRST1/);
    expect(announced[1]!.body).toMatch(/Tracking number: DHLREST2/);
    expect(announced[1]!.body).toMatch(/Peony Gift Box/);
    expect(announced[1]!.body).not.toMatch(/Cotton Tea Towel/);
  });
});

describe('a split whose rest was refunded, its parcel delivered', () => {
  it('gets its satisfaction check: the refunded line the export keeps unfulfilled is not "not shipped yet"', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T09:30'));
    expect(JSON.parse(query<{ terms: string }>(shop.db, 'SELECT terms FROM cases')[0]!.terms).splitRest).toBe('refund');
    ok(shop.run(['resolve', '--order', '#C1', '--shipped', '--tracking-number', 'DHLSPLIT9', '--carrier', 'DHL'], '2026-11-22T16:00'));
    const towelsSent = ORDERS.filter((o) => o.order_id === '#C1').map((o) => (o.sku === 'TOWEL-1' ? { ...o, shipped_at: '2026-11-22 16:00', carrier: 'DHL', tracking_number: 'DHLSPLIT9', fulfilled_quantity: '2' } : o));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...towelsSent.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}DHLSPLIT9,#C1,DHL,delivered,2026-11-25 12:00,Delivered,2026-11-25 12:00\n`);
    ok(scan(shop, '2026-11-26T09:00'));
    for (const day of ['26', '27', '28', '29', '30']) shop.run(['followup'], `2026-11-${day}T10:00`);
    expect(query(shop.db, `SELECT state FROM followups WHERE kind = 'satisfaction'`)).toEqual([{ state: 'done' }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent = 'followup-satisfaction'`)).toEqual([{ n: 1 }]);
  });
});

describe('the first parcel of a split gets stuck while the rest still waits for stock', () => {
  it('the operator is told every run until they record what the customer heard; the rest of the plan stands', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--restock-date', '2026-11-28', '--channel', 'email'], '2026-11-22T09:30'));
    const shipped = ORDERS.filter((o) => o.order_id === '#C1').map((o) =>
      o.sku === 'TOWEL-1' ? { ...o, shipped_at: '2026-11-22 16:00', carrier: 'DHL', tracking_number: 'DHLSPLIT1', fulfilled_quantity: '2' } : { ...o, shipped_at: '2026-11-22 16:00', carrier: 'DHL', tracking_number: 'DHLSPLIT1' },
    );
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}DHLSPLIT1,#C1,DHL,in_transit,2026-11-22 20:00,Departed hub,\n`);
    ok(scan(shop, '2026-11-23T09:00'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}DHLSPLIT1,#C1,DHL,exception,2026-11-24 09:00,Address incomplete - delivery failed,\n`);
    ok(scan(shop, '2026-11-24T12:00'));
    // Not reopened: the rest of the split still waits for its stock, as the customer was told.
    const c1 = () => json(ok(shop.run(['cases', '--json'], '2026-11-24T12:00'))).cases.find((c: any) => c.order_id === '#C1');
    expect(c1()).toMatchObject({ state: 'remedy_chosen' });
    expect(c1().alerts).toEqual([{ kind: 'contact_overdue', detail: expect.stringMatching(/^parcel DHLSPLIT1 \(DHL\): carrier reports an exception .*after the customer was told the plan: they have not heard/) }]);
    expect(ok(shop.run(['cases'], '2026-11-24T12:00')).stdout).toMatch(/contact now: parcel DHLSPLIT1/);
    // Every follow-up run says so (at night too), and exits 2: a person must act.
    for (const at of ['2026-11-24T13:00', '2026-11-24T23:30']) {
      const run = shop.run(['followup', '--json'], at);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/#C1: parcel DHLSPLIT1 \(DHL\): carrier reports an exception \(last: Address incomplete - delivery failed\), seen 2026-11-24 12:00, after the customer was told the plan; nothing has told them since/);
    }
    expect(query(shop.db, `SELECT count(*) AS n FROM promises WHERE kind = 'restock' AND state = 'open'`)).toEqual([{ n: 1 }]);
    // A reship sends a whole order again: refused, with a reason that is true (part of it did ship).
    const reship = shop.run(['resolve', '--order', '#C1', '--remedy', 'reship', '--yes'], '2026-11-24T13:30');
    expect(reship.code).toBe(64);
    expect(reship.stderr).toContain('part of the order has still to ship: a reship sends a whole order again');
    // Told (and recorded): the alert ends, the rest of the plan carries on.
    ok(shop.run(['resolve', '--order', '#C1', '--replied'], '2026-11-25T09:00'));
    const after = shop.run(['followup', '--json'], '2026-11-25T10:00');
    expect(after.stderr).not.toMatch(/DHLSPLIT1/);
    expect(c1().alerts).toEqual([]);
    expect(query(shop.db, `SELECT count(*) AS n FROM promises WHERE kind = 'restock' AND state = 'open'`)).toEqual([{ n: 1 }]);
  });
});

describe('the first parcel of a split is lost', () => {
  it("the money at stake is the claim for what it carried, the figure its claim folder declares, not the order's total", () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--restock-date', '2026-11-28', '--channel', 'email'], '2026-11-22T09:30'));
    const shipped = ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'DHL', tracking_number: 'DHLSPLIT2', fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : '0' }));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}DHLSPLIT2,#C1,DHL,in_transit,2026-11-22 20:00,Departed hub,\n`);
    ok(scan(shop, '2026-11-23T09:00'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    ok(scan(shop, '2026-12-01T09:00'));
    const c1 = json(ok(shop.run(['cases', '--json'], '2026-12-01T09:30'))).cases.find((c: any) => c.order_id === '#C1');
    expect(c1.at_stake).toEqual({ rule: "DHL Express claim: the parcel's value until claim_by", amount: 30, currency: 'CNY' });
    ok(shop.run(['claim', '#C1', '--out', join(shop.dir, 'claim')], '2026-12-01T09:40'));
    expect(readFileSync(join(shop.dir, 'claim', 'claim.csv'), 'utf8')).toContain('declared_value,30.00');
  });
});

describe('a parcel refunded as lost that turns up after all', () => {
  it('the operator is told the customer may have both; the check-in never says it could not be delivered', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('JPOLD0001,#B1,Japan Post,in_transit,2026-11-07 08:00,Departed sorting facility,', 'JPOLD0001,#B1,Japan Post,delivered,2026-11-24 11:00,Delivered,2026-11-24 11:00'));
    ok(scan(shop, '2026-11-24T13:00'));
    const b1 = () => json(ok(shop.run(['cases', '--json'], '2026-11-24T13:05'))).cases.find((c: any) => c.order_id === '#B1');
    expect(b1().alerts).toContainEqual({ kind: 'contact_overdue', detail: expect.stringMatching(/^the parcel refunded as lost turned up after the refund .*the customer may have the goods and the money/) });
    // Delivered, so nothing is left to claim from the carrier.
    expect(b1().deadline?.kind).not.toBe('claim');
    expect(ok(shop.run(['cases'], '2026-11-24T13:05')).stdout).not.toMatch(/file the carrier claim/);
    const run = shop.run(['followup'], '2026-12-02T10:00');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('#B1: the check-in after the refund was not sent: the parcel refunded as lost turned up after all');
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE order_id = '#B1' AND intent = 'followup-checkin'`)).toEqual([{ n: 0 }]);
    // Agreed with the customer and recorded: the alert ends.
    ok(shop.run(['resolve', '--order', '#B1', '--replied'], '2026-12-02T11:00'));
    expect(b1().alerts).toEqual([]);
  });
});

describe('a stuck parcel the customer chose to wait for is delivered', () => {
  it('the daily updates stop and the shop asks whether everything arrived well, once', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'wait', '--restock-date', '2026-11-28', '--channel', 'email'], '2026-11-22T09:30'));
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('DHLCUST1,#D1,DHL,exception,2026-11-20 10:00,Held at customs - awaiting clearance,', 'DHLCUST1,#D1,DHL,delivered,2026-11-23 08:00,Delivered,2026-11-23 08:00'));
    ok(scan(shop, '2026-11-23T09:00'));
    for (const at of ['2026-11-23T10:00', '2026-11-23T15:00', '2026-11-24T10:00']) shop.run(['followup'], at);
    expect(query(shop.db, `SELECT intent FROM messages WHERE order_id = '#D1' AND written_at >= '2026-11-23' ORDER BY id`)).toEqual([{ intent: 'followup-satisfaction' }]);
  });
});

describe('a parcel refunded as lost whose order the shop then cancels, as the refund asked', () => {
  it('is no parcel turning up: no alert, and the check-in after the cancellation goes out', () => {
    const b1 = ORDERS.filter((o) => o.order_id === '#B1');
    const shop = makeShop(b1);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...b1.map((o) => line({ ...o, status: 'cancelled' }))].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00'));
    const b = json(ok(shop.run(['cases', '--json', '--all'], '2026-11-23T09:05'))).cases.find((c: any) => c.order_id === '#B1');
    expect(b?.alerts ?? []).toEqual([]);
    const run = shop.run(['followup'], '2026-12-02T10:00');
    expect(run.stderr).not.toContain('turned up');
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE order_id = '#B1' AND intent = 'followup-checkin'`)).toEqual([{ n: 1 }]);
  });
});

describe('a reminder of the choices that names the coupon code', () => {
  it('tells the operator to create the code: the customer has it from then on', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    const offer = json(ok(shop.run(['resolve', '--order', '#C1', '--offer', '--channel', 'email', '--json'], '2026-11-22T09:30')));
    expect(offer.tasks ?? []).not.toContainEqual(expect.stringMatching(/create the coupon code/));
    const run = shop.run(['followup'], '2026-11-22T20:00');
    const reminder = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#C1' AND intent = 'followup-reminder'`);
    expect(reminder).toHaveLength(1);
    const code = reminder[0]!.body.match(/SORRY-[A-Z0-9]+/)![0];
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`#C1: create the coupon code ${code}`);
  });
});

describe('a reship lost like the parcel before it', () => {
  it('has a claim of its own, by its number: its ship day, its window, its own folder; the first parcel\'s reminder goes on', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--tracking-number', 'JPNEW0002', '--carrier', 'Japan Post', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}JPNEW0002,#B1,Japan Post,in_transit,2026-11-23 08:00,Departed sorting facility,\n`);
    ok(scan(shop, '2026-12-05T09:00'));
    const claim = ok(shop.run(['claim', '#B1', '--tracking-number', 'JPNEW0002'], '2026-12-05T10:00'));
    const folder = claim.stdout.trim();
    expect(folder).toContain('B1-JPNEW0002-');
    const csv = readFileSync(join(folder, 'claim.csv'), 'utf8');
    expect(csv).toMatch(/^tracking_number,JPNEW0002$/m);
    expect(csv).toMatch(/^ship_date,2026-11-22 10:00$/m);
    expect(csv).toMatch(/^claim_type,lost$/m);
    // The first parcel's own claim is still to be filed: its reminder is still planned.
    expect(shop.run(['followup', '--list'], '2026-12-05T10:05').stdout).toMatch(/#B1 +file the Japan Post/);
    // A number that is none of the order's parcels is refused, naming them.
    const wrong = shop.run(['claim', '#B1', '--tracking-number', 'NOPE1'], '2026-12-05T10:10');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('give the number of one of its parcels: JPOLD0001, JPNEW0002');
  });
});

describe('a reship with a label but never handed to the carrier', () => {
  it('is no parcel lost in transit: oos claim refuses it (65), as it does the first parcel in that state', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--tracking-number', 'JPNEW0002', '--carrier', 'Japan Post', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}JPNEW0002,#B1,Japan Post,info_received,2026-11-22 11:00,Shipping label created,\n`);
    ok(scan(shop, '2026-11-25T09:00'));
    const claim = shop.run(['claim', '#B1', '--tracking-number', 'JPNEW0002'], '2026-11-25T10:00');
    expect(claim.code).toBe(65);
    expect(claim.stderr).toContain('parcel JPNEW0002 is not lost or damaged');
  });
});

describe('a refund after the reship got stuck too', () => {
  it('gives the reship up: its alert ends, and the refund says the replacement is stuck too, no change of a plan to "send it again"', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--tracking-number', 'JPNEW0002', '--carrier', 'Japan Post', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}JPNEW0002,#B1,Japan Post,in_transit,2026-11-23 08:00,Departed sorting facility,\n`);
    ok(scan(shop, '2026-12-05T09:00'));
    const alerted = shop.run(['followup'], '2026-12-05T09:30');
    expect(alerted.stderr).toMatch(/the reship for #B1 is stuck too: parcel JPNEW0002/);
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-12-05T10:00'));
    const refund = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund'`)[0]!.body;
    expect(refund).not.toMatch(/変更|予定でした/);
    // It says first that the replacement, whose number the customer has, is stuck too, and either parcel may still come.
    expect(refund.indexOf('JPNEW0002')).toBeGreaterThan(0);
    expect(refund.indexOf('JPNEW0002')).toBeLessThan(refund.indexOf('ご返金'));
    expect(refund).toContain('いずれかのお荷物');
    const after = shop.run(['followup'], '2026-12-06T10:00');
    expect(after.stderr).not.toMatch(/stuck too/);
    expect(json(ok(shop.run(['cases', '--json'], '2026-12-06T10:05'))).cases.find((c: any) => c.order_id === '#B1').alerts).toEqual([]);
    expect(query(shop.db, `SELECT tracking_number, state FROM parcels WHERE origin = 'reship'`)).toEqual([{ tracking_number: 'JPNEW0002', state: 'stalled' }]);
  });
});

describe('a wait recorded after the order was cancelled', () => {
  it('is refused: the export shows the order cancelled, so the daily updates it promises would never come', () => {
    const cod = { ...ORDERS.find((o) => o.order_id === '#A1')!, payment_method: '货到付款' };
    const shop = makeShop([cod]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, line({ ...cod, status: 'cancelled' })].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00'));
    const before = dumpDb(shop.db);
    const wait = shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-11-26', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-23T10:00');
    expect(wait.code).toBe(64);
    expect(wait.stderr).toContain('order #A1 is cancelled in the export, so nothing of it will ship');
    expect(dumpDb(shop.db)).toEqual(before);
  });
});

describe('an order cancelled on the platform after the customer chose to wait', () => {
  it('stops the plan: no updates, no "shipped" or check, and no "has not shipped" alert on the promised day', () => {
    const teapot = ORDERS.find((o) => o.order_id === '#A1')!;
    const shop = makeShop([teapot]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-11-26', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T09:30'));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, line({ ...teapot, status: 'cancelled' })].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00'));
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE state = 'pending'`)).toEqual([{ n: 0 }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM promises WHERE state = 'open' AND kind IN ('restock', 'ship')`)).toEqual([{ n: 0 }]);
    for (const day of ['23', '24', '27']) {
      const run = shop.run(['followup'], `2026-11-${day}T10:00`);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/has not shipped|#A1/);
    }
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent LIKE 'followup-%'`)).toEqual([{ n: 0 }]);
  });
});

describe('the case list after one customer of several was contacted', () => {
  it('the contacted case has no contact deadline left and comes after those not yet contacted', () => {
    const teapot = ORDERS.find((o) => o.order_id === '#A1')!;
    const orders = [1, 2, 3, 4].map((i) => ({ ...teapot, order_id: `#T${i}`, phone: `1380000020${i}` }));
    const shop = makeShop(orders);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#T1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T09:15'));
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-22T09:20'))).cases as any[];
    expect(cases.map((c) => c.order_id)).toEqual(['#T2', '#T3', '#T4', '#T1']);
    expect(cases.find((c) => c.order_id === '#T1').deadline?.kind).not.toBe('contact');
    expect(cases.find((c) => c.order_id === '#T2').deadline?.kind).toBe('contact');
  });
});

describe('a case whose refund paid back all that was left to ship', () => {
  it('has no ship or platform deadline and nothing at stake before the next scan clears it; a refund of part of the order keeps the deadline of what still ships', () => {
    // Pinduoduo: ship within 48 h of payment, or pay the buyer.
    const teapot = { ...ORDERS.find((o) => o.order_id === '#A1')!, channel: 'pinduoduo' };
    const giftAndTowels = ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, channel: 'pinduoduo' }));
    const shop = makeShop([teapot, ...giftAndTowels]);
    ok(scan(shop, '2026-11-22T09:00'));
    const before = json(ok(shop.run(['cases', '--json'], '2026-11-22T09:10'))).cases as any[];
    for (const order of ['#A1', '#C1']) expect(before.find((c) => c.order_id === order).platform_deadline).not.toBeNull();
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T09:15'));
    // Only the missing gift box's price back: the towels still ship.
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '299', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T09:15'));
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-22T09:20'))).cases as any[];
    const refunded = cases.find((c) => c.order_id === '#A1');
    expect(refunded.deadline).toBeNull();
    expect(refunded.platform_deadline).toBeNull();
    expect(refunded.at_stake).toBeNull();
    // The peony box was refunded; the towels still ship, by the platform's day.
    const part = cases.find((c) => c.order_id === '#C1');
    expect(part.items.find((i: any) => i.sku === 'TOWEL-1').open).toBe(2);
    expect(part.platform_deadline).toEqual(before.find((c) => c.order_id === '#C1').platform_deadline);
  });
});

describe('a late order that shipped after its promised day, and whose parcel then got stuck', () => {
  it('is about the stuck parcel: the old "has not shipped" is no alert any more', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#F1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'chat'], '2026-11-22T09:55'));
    // The day the notice promised passes unshipped: the run says so.
    const broke = shop.run(['followup'], '2026-11-24T09:00');
    expect(broke.stderr).toMatch(/#F1 was promised to ship by .* and has not shipped/);
    // It ships that morning, the customer gets the number, and then the parcel sits.
    const shipped = ORDERS.filter((o) => o.order_id === '#F1').map((o) => ({ ...o, shipped_at: '2026-11-24 10:00', carrier: 'DHL', tracking_number: 'DHLLATE1', fulfilled_quantity: o.quantity! }));
    writeFileSync(join(shop.dir, 'orders.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}DHLLATE1,#F1,DHL,in_transit,2026-11-24 12:00,Departed hub,\n`);
    ok(scan(shop, '2026-11-24T13:00'));
    ok(shop.run(['followup'], '2026-11-24T13:05'));
    ok(scan(shop, '2026-12-06T12:00'));
    const f1 = json(ok(shop.run(['cases', '--json'], '2026-12-06T12:05'))).cases.find((c: any) => c.order_id === '#F1');
    expect(f1.kind).toBe('stalled');
    expect(f1.alerts.filter((a: any) => a.kind === 'promise_broken')).toEqual([]);
    const run = shop.run(['followup'], '2026-12-06T12:10');
    expect(run.stderr).not.toMatch(/has not shipped/);
  });
});

describe('a lost parcel whose case was closed, delivered after all', () => {
  it('has nothing left to claim: no claim date, reminder or money at stake', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    const before = json(ok(shop.run(['cases', '--all', '--json'], '2026-11-22T09:05'))).cases.find((c: any) => c.order_id === '#B1');
    expect(before.claim_by).not.toBeNull();
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#B1', '--closed', '--outcome', 'satisfied'], '2026-11-23T09:30'));
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('JPOLD0001,#B1,Japan Post,in_transit,2026-11-07 08:00,Departed sorting facility,', 'JPOLD0001,#B1,Japan Post,delivered,2026-11-24 15:00,Delivered,2026-11-24 15:00'));
    ok(scan(shop, '2026-11-25T09:00'));
    const after = json(ok(shop.run(['cases', '--all', '--json'], '2026-11-25T09:05'))).cases.find((c: any) => c.order_id === '#B1');
    expect(after.state).toBe('closed');
    expect(after).toMatchObject({ claim_by: null, claim_reminder_at: null, at_stake: null });
    expect(after.deadline?.kind).not.toBe('claim');
  });
});

describe('a wait for the carrier whose day passed, then the reship it promised', () => {
  it('is what the shop said it would do: no "change to what we told you", and the coupon given with the wait is not given again', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'wait', '--restock-date', '2026-11-24', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T09:30'));
    const wait = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-wait'`)[0]!.body;
    const code = /SORRY-[A-Z0-9]+/.exec(wait)![0];
    // The day passes with the parcel still held: the run says so and offers what the wait promised.
    const slipped = shop.run(['followup'], '2026-11-25T10:00');
    expect(slipped.stderr).toMatch(/the customer was offered a reship or a refund, as promised/);
    ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-25T11:00'));
    const reship = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-reship'`)[0]!.body;
    expect(reship).not.toMatch(/There's a change to|we had planned/i);
    expect(reship).not.toContain(code);
    expect(reship).not.toMatch(/here's a .* coupon/i);
  });
});

describe('an oversold Rakuten order the shop refunds whole, before the export shows it cancelled', () => {
  it('counts in the report as the shop\'s cancellation (with its penalty points), not as a late order', () => {
    const teapot = { ...ORDERS.find((o) => o.order_id === '#A1')!, channel: 'rakuten' };
    const shop = makeShop([teapot, { ...teapot, order_id: '#A2', phone: '13800000099' }]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T09:30'));
    const report = json(ok(shop.run(['report', '--json'], '2026-11-30T12:00')));
    const rakuten = report.platforms.find((p: any) => p.platform === 'rakuten');
    // #A1 refunded: the shop's cancellation; #A2 still to ship, and late.
    expect(rakuten).toMatchObject({ orders: 2, shop_cancelled: 1, penalty_points: 15, late: 1, late_unshipped: 1 });
  });
});

describe('paid by bank transfer: part refunded, then a wait, then all refunded', () => {
  it('the refund names one sum and says outright that it includes the transfer promised before', () => {
    const bank = ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, payment_method: 'bank_transfer' }));
    const shop = makeShop(bank);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '100', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'wait', '--restock-date', '2026-11-28', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T10:00'));
    const last = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund' ORDER BY id DESC LIMIT 1`)[0]!.body;
    expect(last).toMatch(/Refund: CN¥329\.00/);
    expect(last).toMatch(/This CN¥329\.00 is the full amount we're refunding you, and it includes the CN¥100\.00 refund we told you about before; it isn't on top of it\. If that CN¥100\.00 has already reached your account, we'll just transfer the remaining CN¥229\.00/);
  });

  it.each([
    ['en', /CN¥329\.00 \(incl\. the CN¥100\.00 promised\)/],
    ['zh', /退款¥329\.00（含之前说好的¥100\.00）/],
    ['zh-Hant', /退款人民幣329元（含先前說好的人民幣100元）|（含先前說好的/],
    ['ja', /（先にご案内した.*100.*を含む）/],
  ])('the SMS says so too (%s)', (lang, said) => {
    const bank = ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, payment_method: 'bank_transfer', phone: '+15550100', language: lang as string }));
    const shop = makeShop(bank);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '100', '--decided-by', 'customer', '--channel', 'sms', '--yes'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'wait', '--restock-date', '2026-11-28', '--decided-by', 'customer', '--channel', 'sms', '--yes'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'sms', '--yes'], '2026-11-23T10:00'));
    const sms = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'confirm-refund' ORDER BY id DESC LIMIT 1`)[0]!.body;
    expect(sms).toMatch(said as RegExp);
  });
});

describe('a tracking number mistyped', () => {
  it('is corrected with --replaces: the customer gets the right number once, with an apology, and the ledger follows the right one', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--channel', 'email', '--yes'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0020', '--carrier', 'Japan Post'], '2026-11-23T11:00'));
    const fixed = json(ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0002', '--replaces', 'JPNEW0020', '--json'], '2026-11-23T11:20')));
    expect(fixed.messages).toHaveLength(1);
    const [message] = query<{ intent: string; body: string; subject: string }>(shop.db, `SELECT intent, body, subject FROM messages WHERE written_at >= '2026-11-23T03:20' ORDER BY id`);
    expect(message!.intent).toBe('followup-shipped');
    expect(message!.body).toMatch(/先にお知らせした追跡番号（JPNEW0020）に誤りがございました/);
    expect(message!.body).toMatch(/追跡番号：JPNEW0002/);
    expect(message!.body).not.toMatch(/発送いたしました/);
    expect(message!.subject).toMatch(/追跡番号訂正/);
    expect(query(shop.db, `SELECT origin, tracking_number, state FROM parcels ORDER BY id`)).toEqual([
      { origin: 'original', tracking_number: 'JPOLD0001', state: 'lost' },
      { origin: 'reship', tracking_number: 'JPNEW0002', state: 'shipped' },
    ]);
    const told = query<{ number: string; state: string }>(shop.db, `SELECT json_extract(data, '$.tracking_number') AS number, state FROM promises WHERE kind = 'tracking' ORDER BY id`);
    expect(told.filter((p) => p.state !== 'superseded').map((p) => p.number)).toEqual(['JPNEW0002']);
    expect(told.find((p) => p.number === 'JPNEW0020')?.state).toBe('superseded');
    // The same correction again is a retry: nothing is written.
    expect(json(ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0002', '--replaces', 'JPNEW0020', '--json'], '2026-11-23T11:30'))).messages).toEqual([]);
    // A number no parcel had, and the lost parcel's, are refused with what was recorded.
    const unknown = shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0003', '--replaces', 'JPNEW0030'], '2026-11-23T11:40');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/no parcel of order #B1 was recorded with tracking number JPNEW0030 \(recorded: JPOLD0001, JPNEW0002\)/);
    const lost = shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0003', '--replaces', 'JPOLD0001'], '2026-11-23T11:40');
    expect(lost.code).toBe(64);
    expect(lost.stderr).toMatch(/parcel JPOLD0001 of order #B1 is lost: its number can no longer be corrected/);
    // --replaces alone is a usage error.
    expect(shop.run(['resolve', '--order', '#B1', '--closed', '--replaces', 'JPNEW0020'], '2026-11-23T11:50').code).toBe(64);
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent = 'followup-shipped'`)).toEqual([{ n: 2 }]);
  });
});

describe('a tracking number corrected while the export keeps the typo', () => {
  it('follows the right number: the wrong one is never judged, nor told to the customer, as their parcel', () => {
    const f1 = ORDERS.filter((o) => o.order_id === '#F1');
    const shop = makeShop(f1);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#F1', '--remedy', 'wait', '--restock-date', '2026-11-23', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    // The platform's export carries a mistyped number; the customer is told it, then the right one.
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...f1.map((o) => ({ ...o, shipped_at: '2026-11-23 15:00', carrier: 'SF Express', tracking_number: 'SF1002003001', fulfilled_quantity: '2' })).map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T16:00', 'orders-2.csv'));
    ok(shop.run(['followup'], '2026-11-23T16:10'));
    ok(shop.run(['resolve', '--order', '#F1', '--shipped', '--tracking-number', 'SF1002003010', '--replaces', 'SF1002003001'], '2026-11-23T17:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SF1002003010,#F1,SF Express,in_transit,2026-11-25 08:00,Departed Hangzhou hub,\n`);
    const later = ok(scan(shop, '2026-11-26T09:00', 'orders-2.csv'));
    expect(later.stderr).toContain('1 order still shows a tracking number you corrected (#F1: SF1002003001, corrected to SF1002003010): oos follows the right number');
    expect(query(shop.db, `SELECT tracking_number FROM orders WHERE order_id = '#F1'`)).toEqual([{ tracking_number: 'SF1002003010' }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM cases WHERE kinds LIKE '%stalled%'`)).toEqual([{ n: 0 }]);
    expect(json(ok(shop.run(['cases', '--json'], '2026-11-26T09:10'))).cases.filter((c: { problem_cleared_at: string | null }) => c.problem_cleared_at === null)).toEqual([]);
  });
});

describe('a stuck parcel whose number the owner corrects on the platform', () => {
  it('the good news names the right number and says it replaces the one the customer was told', () => {
    const f1 = ORDERS.filter((o) => o.order_id === '#F1');
    const shop = makeShop(f1);
    const shipped = (n: string) => [HEADER, ...f1.map((o) => ({ ...o, shipped_at: '2026-11-23 15:00', carrier: 'SF Express', tracking_number: n, fulfilled_quantity: '2' })).map(line)].join('\n') + '\n';
    writeFileSync(join(shop.dir, 'orders-typo.csv'), shipped('SF1002003001'));
    ok(scan(shop, '2026-11-23T16:00', 'orders-typo.csv'));
    // The carrier never saw the mistyped number: "not handed over?", and the customer is told about it.
    ok(scan(shop, '2026-11-26T09:00', 'orders-typo.csv'));
    ok(shop.run(['resolve', '--order', '#F1', '--offer', '--channel', 'email'], '2026-11-26T09:30'));
    expect(query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'notice-stalled'`)[0]!.body).toContain('SF1002003001');
    // The owner fixes the number on the platform; the right one is moving.
    writeFileSync(join(shop.dir, 'orders-fixed.csv'), shipped('SF1002003010'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SF1002003010,#F1,SF Express,in_transit,2026-11-26 18:00,Departed Hangzhou hub,\n`);
    ok(scan(shop, '2026-11-27T09:00', 'orders-fixed.csv'));
    shop.run(['followup'], '2026-11-27T10:00');
    const news = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'followup-wait-update'`).map((m) => m.body);
    expect(news).toHaveLength(1);
    expect(news[0]).toContain('your parcel is moving again (tracking SF1002003010)');
    expect(news[0]).toContain('Please use this tracking number from now on. It replaces SF1002003001, the number we gave you earlier.');
  });
});

describe('an order the customer collects, handed over after a wait', () => {
  it('has no "shipped" message to wait for: the check on how it went goes out, and nothing is left pending', () => {
    const header = `${HEADER},shipping_method`;
    const order = { order_id: '#P1', paid_at: '2026-11-21 09:00', status: 'open', customer_name: 'Lin Mei', email: 'lin@example.com', language: 'en', country: 'CN', channel: 'shopify', currency: 'CNY', order_total: '420.00', payment_method: 'card', sku: 'POT-1', title: 'Yixing Clay Teapot', variant: '200 ml', quantity: '1', unit_price: '420.00', fulfilled_quantity: '0', shipping_method: 'Pickup in store' };
    const row = (o: Record<string, string>) => header.split(',').map((c) => o[c] ?? '').join(',');
    const shop = makeShop([]);
    writeFileSync(join(shop.dir, 'orders.csv'), `${header}\n${row(order)}\n`);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#P1', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    // The teapot came; the customer collected it: handed over, with no tracking number.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('POT-1,Yixing Clay Teapot,200 ml,0,6', 'POT-1,Yixing Clay Teapot,200 ml,5,0'));
    writeFileSync(join(shop.dir, 'orders-2.csv'), `${header}\n${row({ ...order, shipped_at: '2026-11-26 15:00', fulfilled_quantity: '1' })}\n`);
    ok(scan(shop, '2026-11-26T16:00', 'orders-2.csv'));
    for (const day of ['2026-11-27T10:00', '2026-11-30T10:00']) shop.run(['followup'], day);
    expect(query(shop.db, `SELECT kind FROM followups WHERE state = 'pending'`)).toEqual([]);
    expect(query<{ intent: string }>(shop.db, `SELECT intent FROM messages WHERE order_id = '#P1' AND intent LIKE 'followup-%'`).map((m) => m.intent)).toEqual(
      expect.arrayContaining(['followup-satisfaction']),
    );
    expect(query(shop.db, `SELECT count(*) AS n FROM messages WHERE intent = 'followup-shipped'`)).toEqual([{ n: 0 }]);
  });
});

describe("a lost parcel's order showing the reship's number", () => {
  it('stays about the lost parcel: its problem, claim and claim folder are not moved to the replacement on its way', () => {
    const b1 = ORDERS.filter((o) => o.order_id === '#B1');
    const shop = makeShop(b1);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--channel', 'email', '--yes'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0002', '--carrier', 'Japan Post'], '2026-11-23T11:00'));
    const before = query(shop.db, `SELECT kinds, problem_cleared_at, json_extract(details, '$.claim_by') AS claim_by FROM cases WHERE order_id = '#B1'`);
    // As marketplaces ask, the owner puts the reship's number on the order; the lost parcel is still silent.
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...b1.map((o) => ({ ...o, tracking_number: 'JPNEW0002' })).map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}JPNEW0002,#B1,Japan Post,in_transit,2026-11-24 08:00,Departed sorting facility,\n`);
    ok(scan(shop, '2026-11-25T09:00', 'orders-2.csv'));
    expect(query(shop.db, `SELECT kinds, problem_cleared_at, json_extract(details, '$.claim_by') AS claim_by FROM cases WHERE order_id = '#B1'`)).toEqual(before);
    expect(before).toEqual([{ kinds: '["stalled"]', problem_cleared_at: null, claim_by: expect.any(String) }]);
    const folder = ok(shop.run(['claim', '#B1'], '2026-11-25T09:30')).stdout.trim().split('\n').at(-1)!.trim();
    const summary = readdirSync(folder).filter((n) => n.endsWith('.md')).map((n) => readFileSync(join(folder, n), 'utf8')).join('\n');
    expect(summary).toContain('**Tracking number:** JPOLD0001');
    expect(summary).not.toContain('JPNEW0002');
  });
});

describe('a plan whose parcel has left', () => {
  it('is carried out: no other remedy speaks of the goods on their way as unsent, until the parcel is stuck', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#E1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--shipped', '--tracking-number', 'SFSUB0100', '--carrier', 'SF Express'], '2026-11-22T16:00'));
    const before = dumpDb(shop.db);
    for (const remedy of [['refund'], ['wait', '--restock-date', '2026-11-27']]) {
      const run = shop.run(['resolve', '--order', '#E1', '--remedy', ...remedy, '--channel', 'chat', '--yes'], '2026-11-23T10:00');
      expect(run.code).toBe(64);
      expect(run.stderr).toContain('the substitute of order #E1 has been sent: parcel SFSUB0100 left and the customer was told its number');
    }
    expect(dumpDb(shop.db)).toEqual(before);
    // The same parcel stuck: a refund is open to it, as the alert says.
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFSUB0100,#E1,SF Express,exception,2026-11-23 08:00,快件破损，已退回,\n`);
    ok(scan(shop, '2026-11-24T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--channel', 'chat', '--yes'], '2026-11-24T10:00'));
    // Its claim names the day it left as recorded (the export shows the order not shipped at all).
    ok(shop.run(['claim', '#E1', '--out', join(shop.dir, 'claim'), '--problem', 'damaged'], '2026-11-24T11:00'));
    expect(readFileSync(join(shop.dir, 'claim', 'claim.csv'), 'utf8')).toMatch(/^ship_date,2026-11-22 16:00$/m);
  });
});

describe('a substitute on its way, its parcel without a scan for days and then moving again', () => {
  it('is no news to the customer: the case goes back to its plan, with its satisfaction check and its remedy in the report', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#E1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const left = ORDERS.filter((o) => o.order_id === '#E1').map((o) => ({ ...o, shipped_at: '2026-11-23 18:00', carrier: 'SF Express', tracking_number: 'SFNEW0005', fulfilled_quantity: '1' }));
    writeFileSync(join(shop.dir, 'orders-later.csv'), [HEADER, ...left.map(line)].join('\n') + '\n');
    const track = (row: string) => writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFNEW0005,#E1,SF Express,${row}\n`);
    track('in_transit,2026-11-23 20:00,已揽收,');
    ok(scan(shop, '2026-11-24T09:00', 'orders-later.csv'));
    expect([0, 2]).toContain(shop.run(['followup'], '2026-11-24T10:00').code);
    // No scan for three days: the parcel is stuck, and the case opens again for the operator.
    ok(scan(shop, '2026-11-27T09:00', 'orders-later.csv'));
    expect(query<{ state: string }>(shop.db, `SELECT state FROM cases WHERE order_id = '#E1'`)[0]!.state).toBe('detected');
    // Before anyone told the customer, it moves again: the plan stands as before.
    track('in_transit,2026-11-28 08:00,运输中,');
    ok(scan(shop, '2026-11-28T09:00', 'orders-later.csv'));
    expect(query(shop.db, `SELECT state, remedy, kinds FROM cases WHERE order_id = '#E1'`)).toEqual([{ state: 'remedy_chosen', remedy: 'substitute', kinds: '["oversold"]' }]);
    expect(query(shop.db, `SELECT state FROM followups WHERE order_id = '#E1' AND kind = 'satisfaction'`)).toEqual([{ state: 'pending' }]);
    // Still on its way, the check waits; delivered, it asks whether all arrived well.
    expect([0, 2]).toContain(shop.run(['followup'], '2026-11-28T10:00').code);
    expect(files(shop, '2026-11-28', '#E1')).toEqual({});
    track('delivered,2026-11-29 10:00,已签收,2026-11-29 10:00');
    ok(scan(shop, '2026-11-29T12:00', 'orders-later.csv'));
    expect([0, 2]).toContain(shop.run(['followup'], '2026-11-30T10:00').code);
    one(files(shop, '2026-11-30', '#E1'), 'followup-satisfaction');
    expect(json(ok(shop.run(['report', '--json'], '2026-11-30T11:00'))).remedies).toEqual({ substitute: 1 });
  });
});

describe('the customer said yes to the wait offered, and the stock is now due later', () => {
  it('the confirmation says the day changed, as the shop\'s word, with the way out: never a silent new date', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'), '2026-11-25');
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-27'));
    ok(scan(shop, '2026-11-22T20:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--replied', '--choice', 'wait'], '2026-11-23T08:00'));
    expect(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--channel', 'chat'], '2026-11-23T08:05').code).toBe(64);
    const before = dumpDb(shop.db);
    const unconfirmed = shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--channel', 'chat'], '2026-11-23T08:10');
    expect(unconfirmed.code).toBe(64);
    expect(unconfirmed.stderr).toContain('the notice offered order #A1 a wait until 2026-11-25; this records wait (until 2026-11-27) instead');
    expect(dumpDb(shop.db)).toEqual(before);
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--channel', 'chat', '--yes'], '2026-11-23T08:15'));
    const confirm = one(files(shop, '2026-11-23', '#A1'), 'confirm-wait');
    expect(confirm).toMatch(/11月22日（周日）跟您说的处理方式有变动/);
    expect(confirm).toContain('11月25日');
    expect(confirm).toContain('11月27日');
    expect(confirm).not.toContain('按您的要求');
  });

  it('the offered day given again with a time of day is the same day: no change to confirm', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'), '2026-11-25');
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--restock-date', '2026-11-25T18:00', '--channel', 'chat'], '2026-11-22T10:00'));
    expect(one(files(shop, '2026-11-22', '#A1'), 'confirm-wait')).not.toMatch(/有变动/);
  });
});

describe('a lost parcel older than the tracking horizon', () => {
  it('is still lost: growing older is not moving again, so no "on its way again" message, and the claim reminder stays', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--offer', '--channel', 'email'], '2026-11-22T09:30'));
    const claimLine = (at: string) => shop.run(['followup', '--list'], at).stdout.split('\n').find((l) => l.includes('#B1') && l.includes('claim'));
    expect(claimLine('2026-11-22T09:40')).toBeDefined();
    // The same export, more than 60 days after the last scan event (2026-11-07): nothing has changed.
    ok(scan(shop, '2027-01-10T09:00'));
    expect(query(shop.db, `SELECT state, problem_cleared_at, kinds FROM cases WHERE order_id = '#B1'`)).toEqual([{ state: 'offered', problem_cleared_at: null, kinds: '["stalled"]' }]);
    // (Exit 2: the unanswered choices are the operator's to chase.)
    expect(shop.run(['followup'], '2027-01-10T10:00').code).toBe(2);
    expect(query(shop.db, `SELECT body FROM messages WHERE order_id = '#B1' AND written_at >= '2027-01-01'`).map((m: any) => m.body).join()).not.toMatch(/再開|動き/);
    expect(claimLine('2027-01-10T10:00')).toBeDefined();
  });
});

describe('a parcel stuck again after the customer was told it was moving', () => {
  it('is news again: the case goes back to "not contacted", the old promises and updates stop', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'wait', '--restock-date', '2026-11-28', '--channel', 'email'], '2026-11-22T09:30'));
    const moving = TRACKING.replace('DHLCUST1,#D1,DHL,exception,2026-11-20 10:00,Held at customs - awaiting clearance,', 'DHLCUST1,#D1,DHL,in_transit,2026-11-23 08:00,Customs clearance completed,');
    writeFileSync(join(shop.dir, 'tracking.csv'), moving);
    ok(scan(shop, '2026-11-23T09:00'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    expect(query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'followup-wait-update'`)[0]!.body).toContain('moving again');
    writeFileSync(join(shop.dir, 'tracking.csv'), moving.replace('in_transit,2026-11-23 08:00,Customs clearance completed,', 'exception,2026-11-24 15:00,Delivery attempt failed - address incomplete,'));
    ok(scan(shop, '2026-11-24T16:00'));
    const d1 = json(ok(shop.run(['cases', '--json'], '2026-11-24T16:00'))).cases.find((c: any) => c.order_id === '#D1');
    expect(d1).toMatchObject({ state: 'detected', kind: 'stalled', contact_by: '2026-11-24T10:00:00Z' });
    expect(d1.reasons.join(' ')).toContain('Delivery attempt failed - address incomplete');
    expect(query(shop.db, `SELECT json_extract(data, '$.why') AS why FROM case_events WHERE type = 'reopened'`)).toEqual([{ why: 'stuck again after the customer was told it was moving' }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM promises WHERE state = 'open' AND kind IN ('carrier_answer', 'restock', 'ship', 'offer')`)).toEqual([{ n: 0 }]);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE state = 'pending' AND kind IN ('wait_update', 'satisfaction', 'reminder')`)).toEqual([{ n: 0 }]);
    // The report times the new problem: nobody told of it past its contact-by is overdue, not "contacted on time" by the first message.
    const contact = (at: string) => json(ok(shop.run(['report', '--json'], at))).contact;
    expect(contact('2026-11-24T19:00')).toMatchObject({ contacted: 0, not_contacted_overdue: 1 });
    ok(shop.run(['resolve', '--order', '#D1', '--offer', '--channel', 'email'], '2026-11-24T19:30'));
    expect(contact('2026-11-24T19:35')).toMatchObject({ contacted: 1, within_target: 0 });
  });
});

describe('a restock day the operator gave with nothing in the exports behind it', () => {
  it('is not called "no longer covered" every hour; it is checked on its day', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#E1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-25', '--channel', 'chat'], '2026-11-22T09:30'));
    for (const now of ['2026-11-22T10:00', '2026-11-24T10:00']) {
      const r = shop.run(['followup'], now);
      expect(r.stderr).not.toMatch(/no coming delivery covers it/);
      expect(r.code).toBe(0);
    }
    const due = shop.run(['followup'], '2026-11-26T10:00');
    expect(due.code).toBe(2);
    expect(due.stderr).toMatch(/the restock promised to #E1 for Wednesday 25 November did not arrive and the inventory has no later date/);
  });
});

describe('an order line only partly in stock', () => {
  it('the notice names what is missing (2 of the 32), never the whole line as out of stock', () => {
    const c1 = ORDERS.find((o) => o.order_id === '#C1' && o.sku === 'TOWEL-1')!;
    const shop = makeShop([{ ...c1, order_id: '#T1', quantity: '32', order_total: '480.00' }]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#T1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    const notice = one(files(shop, '2026-11-22', '#T1'), 'notice-oversold');
    expect(notice).toMatch(/Cotton Tea Towel \(Grey\) x 2\b/);
    expect(notice).not.toMatch(/x 32/);
  });
});

describe('what a message commits the shop to is said to the operator', () => {
  const tasksOf = (r: RunResult) => json(ok(r)).tasks as string[];

  it('a coupon code the message gives is one the operator is told to create, and a refund it says was started is one to start', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1' || o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    const refund = tasksOf(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--json'], '2026-11-22T10:00'));
    const text = one(files(shop, '2026-11-22', '#C1'), 'confirm-refund');
    const code = text.match(/SORRY-[A-Z0-9]+/)![0];
    expect(refund).toEqual([
      expect.stringMatching(new RegExp(`^create the coupon code ${code} \\(CN¥\\d+\\.00, valid until 2026-12-0\\d\\) in your shop's discount settings`)),
      'refund CN¥329.00 on shopify now (paid by card): the message says the refund has been started',
    ]);
    // A Taobao coupon goes into the buyer's account: no code to create, a coupon to issue.
    const wait = tasksOf(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--decided-by', 'customer', '--json'], '2026-11-22T10:00'));
    expect(one(files(shop, '2026-11-22', '#A1'), 'confirm-wait')).not.toMatch(/SORRY-/);
    // (Valid for its 15 days after the teapot's restock day, 26 November.)
    expect(wait).toEqual([expect.stringMatching(/^put a coupon \(CN¥\d+\.00, valid until 2026-12-11\) into the customer's account on taobao: the message says it is already there$/)]);
    // The text output says the same, after the files.
    const retry = ok(shop.run(['resolve', '--order', '#C1', '--replied'], '2026-11-22T11:00'));
    expect(retry.stdout).not.toMatch(/to do:/);
  });

  it('a lost parcel: the notice says the carrier is being chased, the reship that the shop claims for the lost one', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    const offer = ok(shop.run(['resolve', '--order', '#B1', '--offer', '--channel', 'chat'], '2026-11-22T10:00'));
    expect(offer.stdout).toMatch(/\n {2}to do: ask Japan Post to trace parcel JPOLD0001 today: the message says you are already on it\n/);
    const reship = tasksOf(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'chat', '--json'], '2026-11-22T12:00'));
    expect(one(files(shop, '2026-11-22', '#B1'), 'confirm-reship')).toMatch(/当店から配送業者へ補償を請求いたします/);
    expect(reship).toContainEqual(expect.stringMatching(/^file the claim with Japan Post for the lost parcel JPOLD0001 by \d{4}-\d\d-\d\d \(oos claim '#B1' writes the evidence folder\)/));
  });

  it('paid by bank transfer or on delivery: the task is the transfer after the account comes, or not collecting the money', () => {
    const shop = makeShop([
      ...ORDERS.filter((o) => o.order_id === '#C1').map((o) => ({ ...o, payment_method: 'Bank transfer' })),
      ...ORDERS.filter((o) => o.order_id === '#E1').map((o) => ({ ...o, payment_method: '货到付款' })),
    ]);
    ok(scan(shop, '2026-11-22T09:00'));
    const bank = tasksOf(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--coupon', '0', '--decided-by', 'customer', '--json'], '2026-11-22T10:00'));
    expect(bank).toEqual(['when the customer replies with their bank account, transfer CN¥329.00 within 24 hours, fees on the shop: the message promises it']);
    const cod = tasksOf(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--coupon', '0', '--decided-by', 'customer', '--json'], '2026-11-22T10:00'));
    expect(cod).toEqual([expect.stringMatching(/^make sure CN¥199\.00 is not collected on delivery: cancel the order on taobao/)]);
  });
});

describe('a substitute is promised only while it is there to send', () => {
  // Seven customers short of the lotus box; five orchid boxes are free to substitute.
  const lotus = ORDERS.find((o) => o.order_id === '#E1')!;
  const orders = [1, 2, 3, 4, 5, 6, 7].map((i) => ({ ...lotus, order_id: `#L${i}`, paid_at: `2026-11-21 09:0${i}`, phone: `1380000010${i}` }));

  it('offered to as many customers as there are units, and confirmed only to those who answer while one is left', () => {
    const shop = makeShop(orders);
    ok(scan(shop, '2026-11-22T09:00'));
    for (const o of orders) ok(shop.run(['resolve', '--order', o.order_id, '--offer', '--channel', 'chat'], '2026-11-22T10:00'));
    const offersSubstitute = orders.map((o) => /Orchid Gift Box/.test(one(files(shop, '2026-11-22', o.order_id), 'notice-oversold')));
    expect(offersSubstitute).toEqual([true, true, true, true, true, false, false]);

    // Meanwhile three orchid boxes sold elsewhere: two are left for five customers who were offered one.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-ORCHID,Orchid Gift Box,Blue,5', 'GIFT-ORCHID,Orchid Gift Box,Blue,2'));
    ok(scan(shop, '2026-11-22T10:30'));
    ok(shop.run(['resolve', '--order', '#L3', '--remedy', 'substitute', '--decided-by', 'customer', '--yes'], '2026-11-22T11:00'));
    ok(shop.run(['resolve', '--order', '#L1', '--remedy', 'substitute', '--decided-by', 'customer', '--yes'], '2026-11-22T11:05'));
    const before = dumpDb(shop.db);
    const third = shop.run(['resolve', '--order', '#L2', '--remedy', 'substitute', '--decided-by', 'customer', '--yes'], '2026-11-22T11:10');
    expect(third.code).toBe(64);
    expect(third.stderr).toContain('the substitute offered to order #L2 is no longer free: GIFT-ORCHID has 0 free after paid orders and substitutes confirmed to other customers, 1 needed');
    expect(third.stderr).toContain("oos resolve --order '#L2' --offer");
    expect(dumpDb(shop.db)).toEqual(before);
    const confirmed = query<{ order_id: string }>(shop.db, `SELECT order_id FROM cases WHERE remedy = 'substitute' ORDER BY order_id`).map((r) => r.order_id);
    expect(confirmed).toEqual(['#L1', '#L3']);
    // Offered again, the customer is not offered the box that has gone.
    ok(shop.run(['resolve', '--order', '#L2', '--offer', '--channel', 'chat'], '2026-11-22T11:15'));
    const again = Object.entries(files(shop, '2026-11-22', '#L2')).find(([n]) => n.includes('.1115.notice-oversold.'))![1];
    // It says it replaces the first notice, and why the swap is gone: one set of choices, not two.
    expect(again).toContain('11月22日（周日）发给您的处理方案有调整，请以这条消息为准。不好意思，当时推荐给您的替换商品Orchid Gift Box（Blue） × 1现在也已经卖完了。');
    expect(again.split('Orchid Gift Box')).toHaveLength(2);
  });
});

describe('a refund after a cheaper substitute', () => {
  const lotus = ORDERS.filter((o) => o.order_id === '#E1');
  const cheaperOrchid = (shop: Shop) => writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-ORCHID,Orchid Gift Box,Blue,5,,,199.00', 'GIFT-ORCHID,Orchid Gift Box,Blue,5,,,149.00'));

  it('refunds only the rest: the difference refunded with the substitute is not refunded twice, and the message says both', () => {
    const shop = makeShop(lotus);
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    const sub = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--json'], '2026-11-22T10:00')));
    expect(sub.tasks).toContainEqual(expect.stringMatching(/^refund CN¥50\.00 on taobao now/));
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T15:00')));
    expect(refund.tasks).toContainEqual('refund CN¥149.00 on taobao now (paid by alipay), on top of the CN¥50.00 refunded earlier: the message says the refund has been started');
    const text = one(files(shop, '2026-11-22', '#E1'), 'confirm-refund');
    expect(text).toContain('本次退款金额：¥149.00（加上之前已退的¥50.00，整笔订单¥199.00全部退还）');
    expect(text).toContain('订单 #E1 的余款退款已经为您发起');
    expect(text).not.toContain('¥199.00（整笔订单金额');
    // What the refund check asks about is the money that moves now.
    const terms = JSON.parse(query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#E1'`)[0]!.terms) as { refund: number; refundEarlier: number; refundFull: boolean };
    expect([terms.refund, terms.refundEarlier, terms.refundFull]).toEqual([14900, 5000, true]);
    ok(shop.run(['followup'], '2026-11-23T16:00'));
    expect(one(files(shop, '2026-11-23', '#E1'), 'followup-refund-check')).toContain('¥149.00');
    // The report counts all the money that went back: the difference and the rest.
    const report = json(ok(shop.run(['report', '--json'], '2026-11-23T17:00')));
    expect(report.money).toEqual([expect.objectContaining({ currency: 'CNY', refunded: 199, refunds: 1 })]);
  });

  it("when the cheaper substitute's parcel is then lost, the refund offered and made is the rest, not the whole order again", () => {
    const shop = makeShop(lotus);
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    // The orchid box left under SFSUB0009 and stopped moving.
    const shipped = lotus.map((o) => ({ ...o, shipped_at: '2026-11-22 17:00', carrier: 'SF Express', tracking_number: 'SFSUB0009' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFSUB0009,#E1,SF Express,in_transit,2026-11-22 18:00,已揽收,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(scan(shop, '2026-12-01T09:00', 'orders-2.csv'));
    const cases = json(ok(shop.run(['cases', '--json'], '2026-12-01T09:05'))).cases as { order_id: string; kinds: string[] }[];
    expect(cases.find((c) => c.order_id === '#E1')?.kinds).toEqual(['stalled']);
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-12-01T09:30'));
    const notice = one(files(shop, '2026-12-01', '#E1'), 'notice-stalled');
    expect(notice).toContain('退款¥149.00');
    expect(notice).not.toMatch(/¥199\.00|全额退款/);
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-12-01T10:00')));
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^refund CN¥149\.00 on taobao now \(paid by alipay\), on top of the CN¥50\.00 refunded earlier/));
  });

  it('a swap whose parcel the carrier reports damaged before any message said it shipped: no "on its way" for it', () => {
    const shop = makeShop(lotus);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const shipped = lotus.map((o) => ({ ...o, shipped_at: '2026-11-22 17:00', carrier: 'SF Express', tracking_number: 'SFSUB0007' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFSUB0007,#E1,SF Express,exception,2026-11-23 08:00,快件破损，已退回,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    const run = shop.run(['followup'], '2026-11-23T10:00');
    expect(run.stderr).toContain('the "shipped" message of #E1 was not sent: parcel SFSUB0007 left, but the carrier already reports it stuck');
    expect(Object.keys(files(shop, '2026-11-23', '#E1')).filter((n) => n.includes('followup-shipped'))).toEqual([]);
  });

  it('the notice about a swap parcel that got stuck is about that parcel: it never says the plan changed or the substitute sold out', () => {
    const shop = makeShop(lotus);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const shipped = lotus.map((o) => ({ ...o, shipped_at: '2026-11-22 17:00', carrier: 'SF Express', tracking_number: 'SFSUB0008' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFSUB0008,#E1,SF Express,in_transit,2026-11-22 18:00,已揽收,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    ok(scan(shop, '2026-11-30T09:00', 'orders-2.csv'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-11-30T09:30'));
    const notice = one(files(shop, '2026-11-30', '#E1'), 'notice-stalled');
    expect(notice).toContain('Orchid Gift Box（Blue） × 1');
    expect(notice).not.toMatch(/卖完|有调整|为准/);
  });

  it('a cheaper swap, then waiting after all, then a refund: the CN¥50.00 refunded with the swap is not refunded again', () => {
    const shop = makeShop(lotus);
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const wait = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T11:00')));
    // The plan is replaced, not the money: the customer is told the CN¥50.00 stays theirs, and the operator not to take it back.
    expect(one(files(shop, '2026-11-22', '#E1'), 'confirm-wait')).toContain('之前已退给您的¥50.00不受影响，无需退回');
    expect(wait.tasks).toContainEqual(expect.stringMatching(/^do not take back the ¥50\.00 refunded under the earlier plan/));
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T12:00')));
    expect(one(files(shop, '2026-11-22', '#E1'), 'confirm-refund')).not.toContain('不受影响');
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^refund CN¥149\.00 on taobao now \(paid by alipay\), on top of the CN¥50\.00 refunded earlier/));
    const money = json(ok(shop.run(['report', '--json'], '2026-11-22T12:05'))).money;
    expect(money).toEqual([expect.objectContaining({ currency: 'CNY', refunded: 199, refunds: 1 })]);
  });

  it('two earlier refunds, then a wait: the note says all the money the customer has back, the sum a later refund counts too', () => {
    const shop = makeShop(lotus);
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--refund-amount', '20', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:00'));
    const wait = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T12:00')));
    expect(one(files(shop, '2026-11-22', '#E1'), '1200.confirm-wait')).toContain('之前已退给您的¥70.00不受影响，无需退回');
    expect(wait.tasks).toContainEqual(expect.stringMatching(/^do not take back the ¥70\.00 refunded/));
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T13:00')));
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^refund CN¥129\.00 on taobao now \(paid by alipay\), on top of the CN¥70\.00 refunded earlier/));
  });

  it('paid by bank transfer: the difference promised with the swap may not have gone yet, so it still comes, and a later refund names the whole sum owed', () => {
    const byBank = lotus.map((o) => ({ ...o, channel: 'weidian', payment_method: '银行转账' }));
    const shop = makeShop(byBank);
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const wait = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T11:00')));
    const told = one(files(shop, '2026-11-22', '#E1'), '1100.confirm-wait');
    // Never "already refunded": nobody knows whether the transfer went.
    expect(told).toContain('不过之前说好退给您的¥50.00不受影响，还是按原来说的通过银行转账退给您');
    expect(told).not.toContain('已退给您');
    expect(wait.tasks).toContainEqual(expect.stringMatching(/^when the customer replies with their bank account, transfer the ¥50\.00 promised under the earlier plan, unless it has gone already/));
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T12:00')));
    const refundText = one(files(shop, '2026-11-22', '#E1'), '1200.confirm-refund');
    expect(refundText).toContain('退款金额：¥199.00');
    // One sum, all that is owed; what comes if the earlier transfer arrived already is said too, never "already refunded".
    expect(refundText).toContain('这¥199.00是我们一共要退给您的金额，已经包含之前说好退您的¥50.00，不是在它之外另加。如果那笔¥50.00您已经收到了，我们只再转剩下的¥149.00给您');
    expect(refundText).not.toMatch(/已退/);
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^when the customer replies with their bank account, transfer CN¥199\.00 in all within 24 hours, fees on the shop \(CN¥149\.00 for this plan and the CN¥50\.00 promised under the earlier plan: if that has gone already, send the other CN¥149\.00\)/));
    expect(json(ok(shop.run(['report', '--json'], '2026-11-22T12:05'))).money).toEqual([expect.objectContaining({ currency: 'CNY', refunded: 199 })]);
  });

  it('after a full refund no plan sends the goods: the customer has their money back and was told so', () => {
    const shop = makeShop(lotus);
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    const before = dumpDb(shop.db);
    const written = Object.keys(files(shop, '2026-11-22', '#E1'));
    for (const remedy of [['wait', '--restock-date', '2026-11-27'], ['substitute']]) {
      const run = shop.run(['resolve', '--order', '#E1', '--remedy', ...remedy, '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:00');
      expect(run.code).toBe(64);
      expect(run.stderr).toContain(`the whole of order #E1 was refunded under an earlier plan (199.00 CNY), and the customer was told so: a ${remedy[0]} would send goods they have their money back for`);
      expect(run.stderr).toContain('they order again');
    }
    expect(dumpDb(shop.db)).toEqual(before);
    expect(Object.keys(files(shop, '2026-11-22', '#E1'))).toEqual(written);
  });

  it('paid by bank transfer, a full refund promised and not yet made is taken back by a wait: said so, not counted, and the operator told not to transfer it', () => {
    const shop = makeShop(lotus.map((o) => ({ ...o, channel: 'weidian', payment_method: '银行转账' })));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    const wait = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T11:00')));
    const told = one(files(shop, '2026-11-22', '#E1'), '1100.confirm-wait');
    expect(told).toContain('所以之前说的¥199.00退款就不再办理了');
    expect(told).not.toMatch(/已退|不受影响/);
    expect(wait.tasks).toContainEqual(expect.stringMatching(/^do not transfer the ¥199\.00 refund promised under the earlier plan/));
    expect(json(ok(shop.run(['report', '--json'], '2026-11-22T11:05'))).money).toEqual([expect.objectContaining({ currency: 'CNY', refunded: 0 })]);
    // A refund after all is of the whole order again, not "the rest after ¥199.00".
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T12:00')));
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^when the customer replies with their bank account, transfer CN¥199\.00 within 24 hours/));
  });

  it('paid on delivery, a cancellation the customer takes back is a wait like any other: nothing was paid back', () => {
    const shop = makeShop(lotus.map((o) => ({ ...o, payment_method: '货到付款' })));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:00'));
    expect(one(files(shop, '2026-11-22', '#E1'), '1100.confirm-wait')).not.toMatch(/已退|退款/);
  });

  it('a second part refund in Japanese is an added refund, never "the rest" while more of the order is left', () => {
    const kyusu = { ...ORDERS.find((o) => o.order_id === '#B1')!, order_id: '#J1', shipped_at: '', carrier: '', tracking_number: '', fulfilled_quantity: '0', sku: 'POT-1', title: 'Yixing Clay Teapot', variant: '200 ml', order_total: '420.00', unit_price: '420.00' };
    const shop = makeShop([kyusu]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#J1', '--remedy', 'refund', '--refund-amount', '100', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#J1', '--remedy', 'refund', '--refund-amount', '50', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T11:00'));
    const second = query<{ body: string; subject: string }>(shop.db, `SELECT body, subject FROM messages WHERE order_id = '#J1' AND written_at LIKE '%T03:00%'`)[0]!;
    expect(second.body).toContain('追加のご返金手続き');
    expect(`${second.subject}${second.body}`).not.toContain('残額');
  });

  it('items refunded at their price are not sent by a later plan; the rest of the order may still wait', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#C1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '299', '--decided-by', 'customer', '--yes'], '2026-11-22T10:00'));
    const before = dumpDb(shop.db);
    const run = shop.run(['resolve', '--order', '#C1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--yes'], '2026-11-22T11:00');
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('Peony Gift Box (Red) × 1 of order #C1 was refunded in full under an earlier plan, and the customer was told so: a wait would send it unpaid');
    expect(dumpDb(shop.db)).toEqual(before);
  });

  it('a partial refund, then the rest: only the rest, a retry writes nothing, and no more than the order is ever refunded', () => {
    const shop = makeShop(lotus);
    ok(scan(shop, '2026-11-22T09:00'));
    const partial = ['resolve', '--order', '#E1', '--remedy', 'refund', '--refund-amount', '50', '--decided-by', 'customer', '--channel', 'chat'];
    ok(shop.run(partial, '2026-11-22T10:00'));
    // The same command again (a retry after a crash, say) is the same plan.
    expect(ok(shop.run(partial, '2026-11-22T10:01')).stdout).toMatch(/already recorded/);
    // Asked again without an amount: the rest of the order.
    const rest = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T11:00')));
    expect(rest.tasks).toContainEqual(expect.stringMatching(/^refund CN¥149\.00 on taobao now \(paid by alipay\), on top of the CN¥50\.00 refunded earlier/));
    expect(query(shop.db, `SELECT json_extract(data, '$.amount') AS amount FROM promises WHERE kind = 'refund' ORDER BY id`)).toEqual([{ amount: 5000 }, { amount: 14900 }]);
    const more = shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--refund-amount', '10', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T12:00');
    expect(more.code).toBe(64);
    expect(more.stderr).toContain('order #E1 has been refunded in full already (199.00 CNY): nothing is left to refund');
    expect(json(ok(shop.run(['report', '--json'], '2026-11-22T12:05'))).money).toEqual([expect.objectContaining({ refunded: 199, refunds: 1 })]);
  });

  it('a refund amount that is not one is refused before anything is written', () => {
    const shop = makeShop(lotus);
    ok(scan(shop, '2026-11-22T09:00'));
    const before = dumpDb(shop.db);
    for (const [amount, says] of [
      ['0', '--refund-amount must be more than 0'],
      ['200', 'a refund of 200.00 CNY for order #E1 is more than the order\'s 199.00 CNY'],
      ['19.999', '--refund-amount 19.999 has more decimals than CNY has (2)'],
    ]) {
      const r = shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--refund-amount', amount!, '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00');
      expect(r.code, amount).toBe(64);
      expect(r.stderr).toContain(says);
    }
    expect(dumpDb(shop.db)).toEqual(before);
  });

  it('a swap or a split after an earlier refund never refunds more than the order in all', () => {
    const c1 = ORDERS.filter((o) => o.order_id === '#C1');
    const withRose = (shop: Shop) => {
      writeFileSync(join(shop.dir, 'inventory.csv'), `${INVENTORY('2026-11-26')}GIFT-ROSE,Rose Gift Box,Pink,5,,,249.00\n`);
      writeFileSync(join(shop.dir, 'substitutes.csv'), 'sku,substitute_sku,note\nGIFT-PEONY,GIFT-ROSE,rose print\n');
    };
    // The peony box refunded with a split (CN¥299.00), then a cheaper swap for it: CN¥50.00 more would make CN¥349.00 of CN¥329.00.
    const a = makeShop(c1);
    withRose(a);
    ok(scan(a, '2026-11-22T09:00'));
    ok(a.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T10:00'));
    const swap = a.run(['resolve', '--order', '#C1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T11:00');
    expect(swap.code).toBe(64);
    expect(swap.stderr).toContain("the swap's refund of 50.00 CNY for order #C1 on top of the 299.00 CNY refunded earlier is more than the order's 329.00 CNY");
    // A partial refund of CN¥300.00, then a split refunding the box: at most CN¥29.00 is left.
    const b = makeShop(c1);
    ok(scan(b, '2026-11-22T09:00'));
    ok(b.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--refund-amount', '300', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T10:00'));
    const split = b.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T11:00');
    expect(split.code).toBe(64);
    expect(split.stderr).toContain('(at most 29.00)');
    for (const shop of [a, b]) expect(json(ok(shop.run(['report', '--json'], '2026-11-22T12:00'))).money[0].refunded).toBeLessThanOrEqual(329);
  });

  /** #E1's orchid box left under SFSUB0009 on 22 Nov and the scan of 1 Dec finds it stuck. */
  const substituteStuck = (shop: Shop, cheaper: boolean) => {
    if (cheaper) cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    const shipped = lotus.map((o) => ({ ...o, shipped_at: '2026-11-22 17:00', carrier: 'SF Express', tracking_number: 'SFSUB0009' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFSUB0009,#E1,SF Express,in_transit,2026-11-22 18:00,已揽收,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(scan(shop, '2026-12-01T09:00', 'orders-2.csv'));
  };

  it('a stuck substitute parcel is told as the substitute sent, and a reship sends the substitute again', () => {
    const shop = makeShop(lotus);
    substituteStuck(shop, false);
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-12-01T09:30'));
    const notice = one(files(shop, '2026-12-01', '#E1'), 'notice-stalled');
    expect(notice).toContain('Orchid Gift Box（Blue） × 1');
    expect(notice).not.toContain('Lotus');
    // The lotus box is out of stock, and no lotus box is to be sent: the orchid box is.
    const reship = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-12-01T10:00')));
    expect(reship.state).toBe('remedy_chosen');
    const confirm = one(files(shop, '2026-12-01', '#E1'), 'confirm-reship');
    expect(confirm).toContain('Orchid Gift Box（Blue） × 1');
    expect(confirm).not.toContain('Lotus');
    expect(query(shop.db, `SELECT origin, state, tracking_number FROM parcels ORDER BY id`)).toEqual([
      { origin: 'substitute', state: 'lost', tracking_number: 'SFSUB0009' },
      { origin: 'reship', state: 'preparing', tracking_number: null },
    ]);
    // The new parcel leaves under SFRESHIP1; the export still lists the lotus line unfulfilled, and no tracking row has it yet.
    const reshipped = lotus.map((o) => ({ ...o, shipped_at: '2026-12-01 17:00', carrier: 'SF Express', tracking_number: 'SFRESHIP1' }));
    writeFileSync(join(shop.dir, 'orders-3.csv'), [HEADER, ...reshipped.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-12-02T09:00', 'orders-3.csv'));
    const next = json(ok(shop.run(['cases', '--json'], '2026-12-02T09:05')));
    // The lotus box the orchid box replaced stays settled: #E1 is neither short nor late of it.
    const e1 = (next.cases as { order_id: string; kinds: string[]; problem_cleared_at: string | null }[]).find((c) => c.order_id === '#E1');
    expect(e1?.kinds).toEqual(['stalled']);
    expect(e1?.problem_cleared_at).not.toBeNull();
    // Another parcel left: the lost one has not turned up (its claim stands).
    expect(query<{ data: string }>(shop.db, `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = '#E1' AND e.type = 'problem_cleared'`).map((e) => JSON.parse(e.data).reason).at(-1)).toBe(
      'another parcel sent: the order now shows SFRESHIP1',
    );
    ok(shop.run(['followup'], '2026-12-02T10:00'));
    const shippedNote = one(files(shop, '2026-12-02', '#E1'), 'followup-shipped');
    expect(shippedNote).toContain('SFRESHIP1');
    expect(shippedNote).toContain('Orchid Gift Box（Blue） × 1');
  });

  it("a reship recorded as sent under the stuck substitute parcel's own number is refused: the lost parcel is never told as the new one", () => {
    const shop = makeShop(lotus);
    substituteStuck(shop, false);
    const parcels = () => query(shop.db, `SELECT origin, state, tracking_number FROM parcels ORDER BY id`);
    const before = parcels();
    for (const number of ['SFSUB0009', 'sfsub-0009']) {
      const r = shop.run(['resolve', '--order', '#E1', '--remedy', 'reship', '--tracking-number', number, '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-12-01T10:00');
      expect(r.code, r.stderr).toBe(64);
      expect(r.stderr).toContain('SFSUB0009 is the tracking number of the parcel of order #E1 that got stuck or lost, not of a new one');
    }
    expect(Object.keys(files(shop, '2026-12-01', '#E1')).filter((f) => f.includes('confirm-reship'))).toEqual([]);
    expect(parcels()).toEqual(before);
    // A new number is the new parcel's: the stuck one is named only as the first parcel.
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'reship', '--tracking-number', 'SFRESHIP1', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-12-01T10:05'));
    const confirm = one(files(shop, '2026-12-01', '#E1'), 'confirm-reship');
    expect(confirm).toContain('SFRESHIP1');
  });

  it('a cheaper substitute stuck, reshipped, then refunded instead: the refund is still only the rest', () => {
    const shop = makeShop(lotus);
    substituteStuck(shop, true);
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-12-01T09:30'));
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-12-01T10:00')));
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^refund CN¥149\.00 on taobao now \(paid by alipay\), on top of the CN¥50\.00 refunded earlier/));
    expect(one(files(shop, '2026-12-01', '#E1'), 'confirm-refund')).toContain('¥149.00');
    // The carrier is claimed for what the lost parcel held: the orchid box, at its CN¥149.00.
    ok(shop.run(['claim', '#E1', '--out', join(shop.dir, 'claim-E1')], '2026-12-01T11:00'));
    const claim = readFileSync(join(shop.dir, 'claim-E1', 'claim.csv'), 'utf8');
    expect(claim).toMatch(/^description,Orchid Gift Box \(Blue\) × 1$/m);
    expect(claim).toMatch(/^declared_value,149\.00$/m);
    expect(readFileSync(join(shop.dir, 'claim-E1', 'order.csv'), 'utf8')).not.toContain('Lotus');
  });

  it('paid on delivery: what goes uncollected is capped by what already went, and a cancellation is of the whole order', () => {
    const shop = makeShop(lotus.map((o) => ({ ...o, payment_method: '货到付款' })));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--refund-amount', '50', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    const more = shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--refund-amount', '150', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:00');
    expect(more.code).toBe(64);
    expect(more.stderr).toContain('on top of the 50.00 CNY refunded earlier is more than the order\'s 199.00 CNY');
    const cancel = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T12:00')));
    expect(cancel.tasks).toContainEqual(expect.stringMatching(/^make sure CN¥199\.00 is not collected on delivery: cancel the order/));
    expect(json(ok(shop.run(['report', '--json'], '2026-11-22T12:05'))).money).toEqual([expect.objectContaining({ not_collected: 199, cancellations_unpaid: 1, refunded: 0 })]);
  });

  it('paid by bank transfer, a difference not yet transferred is never told as "already refunded"', () => {
    const shop = makeShop(lotus.map((o) => ({ ...o, channel: 'weidian', payment_method: '银行转账' })));
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'wait', '--restock-date', '2026-11-27', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:00'));
    // (It still comes, by transfer: the newer test above says how.)
    expect(one(files(shop, '2026-11-22', '#E1'), 'confirm-wait')).not.toMatch(/已退|无需退回/);
  });

  it('paid on delivery, nothing was paid: cancelling the order cancels all of it', () => {
    const shop = makeShop(lotus.map((o) => ({ ...o, payment_method: '货到付款' })));
    cheaperOrchid(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    const sub = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--json'], '2026-11-22T10:00')));
    // The cheaper substitute cancels nothing: less is collected for its parcel.
    expect(sub.tasks).toContainEqual(expect.stringMatching(/^make sure CN¥50\.00 less is collected on delivery: lower the cash-on-delivery amount of the substitute's parcel on taobao/));
    // The report: collected for less, not an order cancelled before payment.
    const before = json(ok(shop.run(['report', '--json'], '2026-11-22T10:05')));
    expect(before.money).toEqual([expect.objectContaining({ not_collected: 50, cancellations_unpaid: 0, collected_less: 1 })]);
    const refund = json(ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes', '--json'], '2026-11-22T15:00')));
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^make sure CN¥199\.00 is not collected on delivery: cancel the order/));
    expect(one(files(shop, '2026-11-22', '#E1'), 'confirm-refund')).not.toContain('已退');
  });
});

describe('a substitute that left while the export still lists the item it replaced', () => {
  // The shop sent the orchid box in place of the lotus box; the platform still shows the lotus line
  // unfulfilled, with the new parcel's number on the order. A second lotus customer paid later.
  const e1 = ORDERS.find((o) => o.order_id === '#E1')!;
  const orders = [e1, { ...e1, order_id: '#E2', paid_at: '2026-11-21 12:00', customer_name: '张伟', phone: '13800000006' }];

  it('is not late, takes no stock of the replaced item, and its parcel is announced with the new number', () => {
    const shop = makeShop(orders);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    // Day 3: the substitute left under SFSUB0001; one lotus box came in.
    const shipped = orders.map((o) => (o.order_id === '#E1' ? { ...o, shipped_at: '2026-11-22 17:00', carrier: 'SF Express', tracking_number: 'SFSUB0001' } : o));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-LOTUS,Lotus Gift Box,Blue,0', 'GIFT-LOTUS,Lotus Gift Box,Blue,1').replace('GIFT-ORCHID,Orchid Gift Box,Blue,5', 'GIFT-ORCHID,Orchid Gift Box,Blue,4'));
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-23T09:05'))).cases as { order_id: string; kinds: string[] }[];
    // The lotus box that came in is #E2's: #E1 no longer wants one.
    expect(cases.find((c) => c.order_id === '#E2')?.kinds ?? []).not.toContain('oversold');
    expect(query<{ data: string }>(shop.db, `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = '#E1' AND e.type = 'problem_cleared'`).map((e) => JSON.parse(e.data).reason)).toEqual([
      'the substitute left in place of the missing item',
    ]);
    // Nothing to ask about #E1 (#E2, never contacted, is overdue: exit 2).
    const run = shop.run(['followup'], '2026-11-23T10:00');
    expect(run.stderr).not.toMatch(/#E1/);
    expect(one(files(shop, '2026-11-23', '#E1'), 'followup-shipped')).toContain('SFSUB0001');
    expect(query(shop.db, `SELECT state FROM promises WHERE kind = 'ship'`)).toEqual([{ state: 'kept' }]);
  });

  it('before it leaves, the replaced item is not counted short, and the case stays open', () => {
    const shop = makeShop(orders);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-LOTUS,Lotus Gift Box,Blue,0', 'GIFT-LOTUS,Lotus Gift Box,Blue,1'));
    const again = ok(scan(shop, '2026-11-22T11:00'));
    expect(again.stdout).not.toMatch(/GIFT-LOTUS \(Lotus Gift Box \/ Blue\) short/);
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-22T11:05'))).cases as { order_id: string; kinds: string[]; state: string }[];
    expect(cases.find((c) => c.order_id === '#E2')?.kinds ?? []).not.toContain('oversold');
    expect(cases.find((c) => c.order_id === '#E1')?.state).toBe('remedy_chosen');
    // Not "stock now covers the order": no lotus box is coming for #E1.
    expect(query<{ data: string }>(shop.db, `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = '#E1' AND e.type = 'problem_cleared'`).map((e) => JSON.parse(e.data).reason)).toEqual([
      'the substitute replaces the missing item; its parcel is still to leave',
    ]);
  });

  it('until it leaves, the substitute stays held for its customer: the last orchid box is not offered to the next', () => {
    const shop = makeShop(orders);
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-ORCHID,Orchid Gift Box,Blue,5', 'GIFT-ORCHID,Orchid Gift Box,Blue,1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    // A new scan the same day: #E1's lotus box is settled by the swap, its orchid box not sent yet.
    ok(scan(shop, '2026-11-22T11:00'));
    const second = shop.run(['resolve', '--order', '#E2', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:30');
    expect(second.code).toBe(64);
    expect(second.stderr).toMatch(/substitute GIFT-ORCHID has 0 free/);
  });

  it("never announces the number of the part that left before the swap as the substitute's", () => {
    // The tea left on 21 Nov under SFTEA0001; the lotus box is short and replaced by the orchid box.
    const tea = { ...e1, order_total: '257.00', sku: 'JASMINE-1', title: 'Jasmine Pearl Green Tea', variant: '100 g', quantity: '1', unit_price: '58.00', fulfilled_quantity: '1' };
    const sent = (o: Record<string, string>) => ({ ...o, order_total: '257.00', shipped_at: '2026-11-21 18:00', carrier: 'SF Express', tracking_number: 'SFTEA0001' });
    const shop = makeShop([sent(tea), sent(e1)]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    // The next day's export still shows the tea's number: the substitute has not left.
    const early = shop.run(['followup'], '2026-11-23T10:00');
    expect(early.stderr).toContain('the parcel with the substitute for #E1 has no new tracking number');
    expect(Object.keys(files(shop, '2026-11-23', '#E1')).filter((n) => n.includes('followup-shipped'))).toEqual([]);
    // Then it leaves under a number of its own.
    const later = [sent(tea), sent(e1)].map((o) => ({ ...o, tracking_number: 'SFSUB0002', shipped_at: '2026-11-23 17:00' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...later.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-24T09:00', 'orders-2.csv'));
    ok(shop.run(['followup'], '2026-11-24T10:00'));
    const shipped = one(files(shop, '2026-11-24', '#E1'), 'followup-shipped');
    expect(shipped).toContain('SFSUB0002');
    expect(shipped).not.toContain('SFTEA0001');
  });

  it('chosen from an export taken before the in-stock part left: that part\'s number is never the substitute\'s', () => {
    // 09:00 export: tea and lotus box both open. The tea leaves at 11:00 under SFTEA1; the swap is chosen at 14:00.
    const tea: Record<string, string> = { ...e1, order_total: '267.00', sku: 'OOLONG-1', title: 'Tieguanyin Oolong Tea', variant: '250 g', quantity: '1', unit_price: '68.00' };
    const lotus: Record<string, string> = { ...e1, order_total: '267.00' };
    const shop = makeShop([lotus, tea]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T14:00'));
    const teaLeft = (shippedAt: string, number: string) =>
      [lotus, tea].map((o) => ({ ...o, shipped_at: shippedAt, carrier: 'SF Express', tracking_number: number, fulfilled_quantity: o.sku === 'OOLONG-1' ? '1' : '0' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...teaLeft('2026-11-22 11:00', 'SFTEA1').map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    const early = shop.run(['followup'], '2026-11-23T10:00');
    expect(early.stderr).toContain('the parcel with the substitute for #E1 has no new tracking number');
    expect(Object.keys(files(shop, '2026-11-23', '#E1')).filter((n) => n.includes('followup-shipped'))).toEqual([]);
    // SFTEA1 is recorded as the earlier part's, with the tea; the swap's parcel holds the orchid box alone.
    expect(query(shop.db, `SELECT origin, tracking_number, items FROM parcels ORDER BY id`)).toEqual([
      { origin: 'substitute', tracking_number: null, items: JSON.stringify([{ sku: 'GIFT-ORCHID', title: 'Orchid Gift Box', variant: 'Blue', quantity: 1 }]) },
      { origin: 'original', tracking_number: 'SFTEA1', items: JSON.stringify([{ sku: 'OOLONG-1', title: 'Tieguanyin Oolong Tea', variant: '250 g', quantity: 1 }]) },
    ]);
    // The orchid box leaves under its own number: announced with it, and with the orchid box alone.
    writeFileSync(join(shop.dir, 'orders-3.csv'), [HEADER, ...teaLeft('2026-11-23 15:00', 'SFORC2').map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-24T09:00', 'orders-3.csv'));
    ok(shop.run(['followup'], '2026-11-24T10:00'));
    const shipped = one(files(shop, '2026-11-24', '#E1'), 'followup-shipped');
    expect(shipped).toContain('SFORC2');
    expect(shipped).toContain('Orchid Gift Box');
    expect(shipped).not.toMatch(/SFTEA1|Oolong/);
    // The tea's parcel is watched too: the carrier's last scan of SFTEA1 was on the 22nd.
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFTEA1,#E1,SF Express,in_transit,2026-11-22 12:00,已揽收,\nSFORC2,#E1,SF Express,delivered,2026-11-25 12:00,已签收,2026-11-25 12:00\n`);
    ok(scan(shop, '2026-12-01T09:00', 'orders-3.csv'));
    const listed = json(ok(shop.run(['cases', '--json'], '2026-12-01T09:05'))).cases.find((c: { order_id: string }) => c.order_id === '#E1');
    expect(listed.alerts).toContainEqual({ kind: 'contact_overdue', detail: expect.stringMatching(/^the part of the order that left first is stuck too: parcel SFTEA1 \(SF Express\)/) });
    const alert = shop.run(['followup'], '2026-12-01T10:00').stderr;
    expect(alert).toContain('the part of the order that left first for #E1 is stuck too: parcel SFTEA1');
    // No remedy of oos's is for that part alone (a refund would be of the swapped line): done by hand.
    expect(alert).toContain('refund or resend its items yourself');
    expect(listed.alerts[0].detail).not.toContain('--remedy refund');
  });

  it('that earlier part stuck before the swap left: the notice, the refund and the claim are about what it carried', () => {
    const tea: Record<string, string> = { ...e1, order_total: '267.00', sku: 'OOLONG-1', title: 'Tieguanyin Oolong Tea', variant: '250 g', quantity: '1', unit_price: '68.00' };
    const lotus: Record<string, string> = { ...e1, order_total: '267.00' };
    const shop = makeShop([lotus, tea]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T14:00'));
    const teaLeft = [lotus, tea].map((o) => ({ ...o, shipped_at: '2026-11-22 11:00', carrier: 'SF Express', tracking_number: 'SFTEA1', fulfilled_quantity: o.sku === 'OOLONG-1' ? '1' : '0' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...teaLeft.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SFTEA1,#E1,SF Express,in_transit,2026-11-22 12:00,已揽收,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(scan(shop, '2026-11-30T09:00', 'orders-2.csv'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-11-30T09:30'));
    const notice = one(files(shop, '2026-11-30', '#E1'), 'notice-stalled');
    expect(notice).toContain('您的订单 #E1（Tieguanyin Oolong Tea（250 g） × 1）的包裹');
    expect(notice).toContain('退款¥68.00');
    ok(shop.run(['claim', '#E1', '--out', join(shop.dir, 'claim-E1')], '2026-11-30T10:00'));
    expect(readFileSync(join(shop.dir, 'claim-E1', 'claim.csv'), 'utf8')).toMatch(/^declared_value,68\.00$/m);
  });

  it('a date-only ship day proves nothing about the hour: the number is taken as the substitute\'s, as before', () => {
    const tea: Record<string, string> = { ...e1, order_total: '267.00', sku: 'OOLONG-1', title: 'Tieguanyin Oolong Tea', variant: '250 g', quantity: '1', unit_price: '68.00' };
    const lotus: Record<string, string> = { ...e1, order_total: '267.00' };
    const shop = makeShop([lotus, tea]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T14:00'));
    const both = [lotus, tea].map((o) => ({ ...o, shipped_at: '2026-11-22', carrier: 'SF Express', tracking_number: 'SFBOTH1', fulfilled_quantity: o.sku === 'OOLONG-1' ? '1' : '0' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...both.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    expect(one(files(shop, '2026-11-23', '#E1'), 'followup-shipped')).toContain('SFBOTH1');
  });
});

describe('a partial refund the platform takes off the order line', () => {
  it('leaves the unit still owed with its stock: it keeps the box, and the next customer is the one short', () => {
    const e1 = ORDERS.find((o) => o.order_id === '#E1')!;
    const q1 = { ...e1, order_id: '#Q1', order_total: '398.00', quantity: '2' };
    const q2 = { ...e1, order_id: '#Q2', paid_at: '2026-11-21 12:00', customer_name: '张伟', phone: '13800000006' };
    const shop = makeShop([q1, q2]);
    const oneLotus = INVENTORY('2026-11-26').replace('GIFT-LOTUS,Lotus Gift Box,Blue,0', 'GIFT-LOTUS,Lotus Gift Box,Blue,1').replace('GIFT-ORCHID,Orchid Gift Box,Blue,5', 'GIFT-ORCHID,Orchid Gift Box,Blue,0');
    writeFileSync(join(shop.dir, 'inventory.csv'), oneLotus);
    ok(scan(shop, '2026-11-22T09:00'));
    // #Q1 was first: it has the one box, short of its second; one box is refunded.
    ok(shop.run(['resolve', '--order', '#Q1', '--remedy', 'refund', '--refund-amount', '199', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T10:00'));
    // The platform records the refund by lowering the line to 1.
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...[{ ...q1, quantity: '1', order_total: '199.00' }, q2].map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-22T11:00', 'orders-2.csv'));
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-22T11:05'))).cases as { order_id: string; kinds: string[] }[];
    expect(cases.find((c) => c.order_id === '#Q2')?.kinds).toContain('oversold');
    const cleared = query<{ data: string }>(shop.db, `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = '#Q1' AND e.type = 'problem_cleared'`).map((e) => JSON.parse(e.data).reason);
    expect(cleared).not.toContain('what is left of the order was refunded');
  });
});

describe('a line only partly short', () => {
  // Three towels ordered, two on the shelf: one is missing, two can ship with the tea.
  const c1 = ORDERS.find((o) => o.order_id === '#C1')!;
  const order = [
    { ...c1, order_id: '#H1', order_total: '103.00', sku: 'JASMINE-1', title: 'Jasmine Pearl Green Tea', variant: '100 g', quantity: '1', unit_price: '58.00' },
    { ...c1, order_id: '#H1', order_total: '103.00', sku: 'TOWEL-1', title: 'Cotton Tea Towel', variant: 'Grey', quantity: '3', unit_price: '15.00' },
  ];
  const twoTowels = (shop: Shop) => writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('TOWEL-1,Cotton Tea Towel,Grey,30', 'TOWEL-1,Cotton Tea Towel,Grey,2'));

  it('a split sends the units in stock and only the missing one waits or is refunded; the first part counts as left once the export shows them', () => {
    const shop = makeShop(order);
    twoTowels(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#H1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30'));
    const confirm = one(files(shop, '2026-11-22', '#H1'), 'confirm-split');
    expect(confirm).toMatch(/Cotton Tea Towel \(Grey\) x 2/);
    expect(confirm).toMatch(/Jasmine Pearl Green Tea \(100 g\) x 1/);
    expect(confirm).toMatch(/CN¥15\.00/);
    const parcel = query<{ items: string }>(shop.db, `SELECT items FROM parcels WHERE origin = 'split_now'`)[0]!;
    expect((JSON.parse(parcel.items) as { sku: string; quantity: number }[]).map((i) => `${i.sku} x ${i.quantity}`)).toEqual(['JASMINE-1 x 1', 'TOWEL-1 x 2']);

    // The next export: the tea and two towels left under one number, the third towel is still open.
    const shippedRows = order.map((o) => ({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'SF Express', tracking_number: 'SF7000001', fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : '1' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shippedRows.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    const run = shop.run(['followup'], '2026-11-23T10:00');
    expect(run.stderr).not.toMatch(/#H1/);
    expect(one(files(shop, '2026-11-23', '#H1'), 'followup-shipped')).toMatch(/SF7000001/);
  });

  it("the first part of such a split counts as left once the export shows its two towels fulfilled, with no number yet", () => {
    const shop = makeShop(order);
    twoTowels(shop);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#H1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30'));
    const shippedRows = order.map((o) => ({ ...o, shipped_at: '2026-11-22 16:00', fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : '1' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shippedRows.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    // Past the day the first part was promised to leave: it did, so nothing was broken.
    const run = shop.run(['followup', '--json'], '2026-11-24T10:00');
    expect(run.stdout + run.stderr).not.toMatch(/the split parcel was promised to leave/);
    expect(query(shop.db, `SELECT state FROM promises WHERE kind = 'ship'`)).toEqual([{ state: 'kept' }]);
  });

  it('a substitute replaces the missing unit, not the two in stock', () => {
    const shop = makeShop(order.map((o) => (o.sku === 'TOWEL-1' ? o : { ...o, sku: 'OOLONG-1', title: 'Tieguanyin Oolong Tea', variant: '250 g', unit_price: '68.00' })).map((o) => ({ ...o, order_total: '113.00' })));
    twoTowels(shop);
    writeFileSync(join(shop.dir, 'substitutes.csv'), 'sku,substitute_sku,note\nTOWEL-1,TOWEL-2,"linen"\n');
    writeFileSync(join(shop.dir, 'inventory.csv'), readFileSync(join(shop.dir, 'inventory.csv'), 'utf8') + 'TOWEL-2,Linen Tea Towel,Natural,1,,,12.00\n');
    ok(scan(shop, '2026-11-22T09:00'));
    const sub = json(ok(shop.run(['resolve', '--order', '#H1', '--remedy', 'substitute', '--decided-by', 'customer', '--channel', 'chat', '--json'], '2026-11-22T09:30')));
    expect(sub.tasks).toContainEqual(expect.stringMatching(/^refund CN¥3\.00 on shopify now/));
    expect(one(files(shop, '2026-11-22', '#H1'), 'confirm-substitute')).toMatch(/Linen Tea Towel \(Natural\) x 1/);
    const parcel = query<{ items: string }>(shop.db, `SELECT items FROM parcels WHERE origin = 'substitute'`)[0]!;
    expect((JSON.parse(parcel.items) as { sku: string; quantity: number }[]).map((i) => `${i.sku} x ${i.quantity}`)).toEqual(['OOLONG-1 x 1', 'TOWEL-1 x 2', 'TOWEL-2 x 1']);
  });
});

describe('a split whose missing part is refunded', () => {
  // The peony box has no restock date: the towels ship, the box is refunded. One parcel, not two.
  const c1 = ORDERS.filter((o) => o.order_id === '#C1');
  it('tells of one parcel: never "two parts", "each parcel", 分开发货 or 每个包裹', () => {
    const shop = makeShop([...c1, ...c1.map((o) => ({ ...o, order_id: '#C2', language: 'zh', country: 'CN', channel: 'taobao' }))]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#C2', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30'));
    expect(query(shop.db, `SELECT origin FROM parcels ORDER BY id`)).toEqual([{ origin: 'split_now' }, { origin: 'split_now' }]);
    expect(one(files(shop, '2026-11-22', '#C1'), 'confirm-split')).toMatch(/Subject: .*shipping now, with a refund for what's out of stock/);
    const en = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#C1' AND intent = 'confirm-split'`)[0]!.body;
    expect(en).toMatch(/we're sending order #C1 with what we have in stock, and refunding the rest\./);
    expect(en).toMatch(/refunding you CN¥299\.00 for it\./);
    expect(en).not.toMatch(/two parts|each parcel|first parcel/);
    const zh = one(files(shop, '2026-11-22', '#C2'), 'confirm-split');
    expect(zh).toMatch(/缺货的商品为您退款/);
    expect(zh).not.toMatch(/分开发货|每个包裹|先发|补发/);

    // The towels leave; the export still shows the refunded peony box unfulfilled: nothing is late or short.
    const shipped = c1.map((o) => ({
      ...o,
      order_id: '#C2',
      language: 'zh',
      country: 'CN',
      channel: 'taobao',
      shipped_at: '2026-11-22 16:00',
      carrier: 'SF Express',
      tracking_number: 'SF8800001',
      fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : '0',
    }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...[...c1, ...shipped].map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SF8800001,#C2,SF Express,in_transit,2026-11-24 18:00,Departed Hangzhou hub,\n`);
    ok(scan(shop, '2026-11-25T09:00', 'orders-2.csv'));
    const c2 = json(ok(shop.run(['cases', '--json', '--all'], '2026-11-25T09:00'))).cases.find((c: { order_id: string }) => c.order_id === '#C2');
    expect(c2.problem_cleared_at).not.toBeNull();
    expect(query(shop.db, `SELECT e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = '#C2' AND e.type = 'problem_cleared'`)).toEqual([{ data: JSON.stringify({ reason: 'what is left of the order was refunded' }) }]);
    const list = shop.run(['cases'], '2026-11-25T09:00').stdout;
    expect(list).toMatch(/#C2[^\n]*\n[^\n]*problem cleared 2026-11-25 09:00; finish what was promised/);
    expect(list).not.toMatch(/#C2[^\n]*LATE/);

    // Changed to a full refund before the towels left: recalled as it was told, and only the rest is refunded.
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'chat', '--yes'], '2026-11-22T11:00'));
    const refund = one(files(shop, '2026-11-22', '#C1'), 'confirm-refund');
    expect(refund).toMatch(/we had planned to send what we had in stock and refund the rest\./);
    expect(refund).toMatch(/Refund: CN¥30\.00, the rest of the CN¥329\.00 you paid for the whole order, after the CN¥299\.00 we refunded earlier\./);
    expect(refund).not.toMatch(/two parts/);
  });
});

describe("a split's first part that gets stuck after the rest was refunded", () => {
  const c1 = ORDERS.filter((o) => o.order_id === '#C1');
  it('is told as the towels it carried; a reship sends the towels, a refund is their CN¥30.00, and the claim is for them', () => {
    const shop = makeShop(c1);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    const shipped = c1.map((o) => ({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'SF Express', tracking_number: 'SF8800001', fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : '0' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...shipped.map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SF8800001,#C1,SF Express,in_transit,2026-11-22 18:00,Departed Hangzhou hub,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(scan(shop, '2026-12-01T09:00', 'orders-2.csv'));
    const c = (json(ok(shop.run(['cases', '--json'], '2026-12-01T09:05'))).cases as { order_id: string; kinds: string[] }[]).find((x) => x.order_id === '#C1');
    expect(c?.kinds).toEqual(['stalled']);
    ok(shop.run(['resolve', '--order', '#C1', '--offer', '--channel', 'email'], '2026-12-01T09:30'));
    const body = (intent: string) => query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#C1' AND intent = ?`, intent).at(-1)!.body;
    const notice = body('notice-stalled');
    expect(notice).toContain('Cotton Tea Towel (Grey) x 2');
    expect(notice).not.toContain('Peony');
    // What is left to refund is the towels: the peony box was refunded with the split.
    expect(notice).toContain('CN¥30.00');
    expect(notice).not.toContain('CN¥329.00');
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-12-01T10:00'));
    const confirm = body('confirm-reship');
    expect(confirm).toContain('Cotton Tea Towel (Grey) x 2');
    expect(confirm).not.toContain('Peony');
    expect(query<{ items: string }>(shop.db, `SELECT items FROM parcels WHERE origin = 'reship'`).map((p) => JSON.parse(p.items).map((i: { sku: string; quantity: number }) => `${i.sku} ${i.quantity}`))).toEqual([['TOWEL-1 2']]);
    ok(shop.run(['claim', '#C1', '--out', join(shop.dir, 'claim-C1')], '2026-12-01T11:00'));
    const claim = readFileSync(join(shop.dir, 'claim-C1', 'claim.csv'), 'utf8');
    expect(claim).toMatch(/^description,Cotton Tea Towel \(Grey\) × 2$/m);
    expect(claim).toMatch(/^declared_value,30\.00$/m);
  });
});

describe('a number recorded by hand for a split whose first part no follow-up run announced yet', () => {
  it("goes to the rest, not to the first part the export already shows leaving under its own number", () => {
    const c1 = ORDERS.filter((o) => o.order_id === '#C1');
    const shop = makeShop(c1);
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-PEONY,Peony Gift Box,Red,0,,,299.00', 'GIFT-PEONY,Peony Gift Box,Red,0,1,2026-11-25,299.00'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    const towelsLeft = c1.map((o) => ({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'SF Express', tracking_number: 'SF8800001', fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : '0' }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...towelsLeft.map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    // No follow-up run since; the peony box leaves on the 25th and the operator records its number.
    const rest = json(ok(shop.run(['resolve', '--order', '#C1', '--shipped', '--tracking-number', 'SF8800002', '--carrier', 'SF Express', '--json'], '2026-11-25T16:30')));
    expect(rest.messages).toHaveLength(1);
    const body = (intent: string) => query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#C1' AND intent = ?`, intent).map((m) => m.body);
    expect(body('followup-shipped')[0]).toMatch(/SF8800002[\s\S]*Peony Gift Box/);
    expect(body('followup-shipped')[0]).not.toContain('Cotton Tea Towel');
    expect(query(shop.db, `SELECT origin, tracking_number FROM parcels ORDER BY id`)).toEqual([
      { origin: 'split_now', tracking_number: null },
      { origin: 'split_rest', tracking_number: 'SF8800002' },
    ]);
  });
});

describe("a split's first part stuck after the rest was delivered", () => {
  const c1 = ORDERS.filter((o) => o.order_id === '#C1');
  it('offers and makes a refund of what the stuck parcel carried, not of the whole order', () => {
    const shop = makeShop(c1);
    // The peony box comes back on the 25th: the towels ship now, the box waits.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-PEONY,Peony Gift Box,Red,0,,,299.00', 'GIFT-PEONY,Peony Gift Box,Red,0,1,2026-11-25,299.00'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    const exported = (peony: string) =>
      c1.map((o) => ({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'SF Express', tracking_number: 'SF8800001', fulfilled_quantity: o.sku === 'TOWEL-1' ? '2' : peony }));
    writeFileSync(join(shop.dir, 'orders-2.csv'), [HEADER, ...exported('0').map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SF8800001,#C1,SF Express,in_transit,2026-11-22 18:00,Departed Hangzhou hub,\n`);
    ok(scan(shop, '2026-11-23T09:00', 'orders-2.csv'));
    ok(shop.run(['followup'], '2026-11-23T10:00'));
    // The box came in and left under SF8800002; the export still shows the towels' number.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26'));
    writeFileSync(join(shop.dir, 'orders-3.csv'), [HEADER, ...exported('1').map(line)].join('\n') + '\n');
    ok(scan(shop, '2026-11-25T16:00', 'orders-3.csv'));
    ok(shop.run(['resolve', '--order', '#C1', '--shipped', '--tracking-number', 'SF8800002', '--carrier', 'SF Express'], '2026-11-25T16:30'));
    ok(scan(shop, '2026-12-03T09:00', 'orders-3.csv'));
    ok(shop.run(['resolve', '--order', '#C1', '--offer', '--channel', 'email'], '2026-12-03T09:30'));
    const body = (intent: string) => query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE order_id = '#C1' AND intent = ?`, intent).at(-1)!.body;
    const notice = body('notice-stalled');
    expect(notice).toContain('Cotton Tea Towel (Grey) x 2');
    expect(notice).toContain('CN¥30.00');
    expect(notice).not.toContain('CN¥329.00');
    const refund = json(ok(shop.run(['resolve', '--order', '#C1', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes', '--json'], '2026-12-03T10:00')));
    expect(refund.tasks).toContainEqual(expect.stringMatching(/^refund CN¥30\.00 on shopify now/));
    expect(body('confirm-refund')).not.toMatch(/CN¥329\.00|whole order/);
  });
});

describe('an older export scanned after a newer one', () => {
  it('says that an order the customer was told had shipped shows as not shipped, and why', () => {
    const a1 = ORDERS.filter((o) => o.order_id === '#A1');
    const shop = makeShop(a1);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T10:00'));
    writeFileSync(join(shop.dir, 'orders-new.csv'), [HEADER, ...a1.map((o) => ({ ...o, shipped_at: '2026-11-26 15:00', carrier: 'SF Express', tracking_number: 'SFPOT01', fulfilled_quantity: '1' })).map(line)].join('\n') + '\n');
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('POT-1,Yixing Clay Teapot,200 ml,0,6', 'POT-1,Yixing Clay Teapot,200 ml,5,0'));
    const fresh = ok(scan(shop, '2026-11-26T17:00', 'orders-new.csv'));
    expect(fresh.stderr).not.toContain('the customer told so');
    ok(shop.run(['followup'], '2026-11-26T18:00'));
    expect(one(files(shop, '2026-11-26', '#A1'), 'followup-shipped')).toContain('SFPOT01');
    // The morning's export of the 22nd, scanned again by mistake.
    const old = ok(scan(shop, '2026-11-27T09:00', 'orders.csv'));
    expect(old.stderr).toContain(
      'warning: 1 order was shipped, and the customer told so, but this export shows nothing of it shipped (#A1: parcel SFPOT01, told 2026-11-26); if the export is older than the last one scanned, scan the newest',
    );
  });

  it('says that an order a newer export showed cancelled is open again', () => {
    const f1 = ORDERS.filter((o) => o.order_id === '#F1');
    const shop = makeShop(f1);
    ok(scan(shop, '2026-11-22T09:00'));
    writeFileSync(join(shop.dir, 'orders-new.csv'), [HEADER, ...f1.map((o) => ({ ...o, status: 'cancelled' })).map(line)].join('\n') + '\n');
    const fresh = ok(scan(shop, '2026-11-22T13:00', 'orders-new.csv'));
    expect(fresh.stderr).not.toContain('showed cancelled');
    const old = ok(scan(shop, '2026-11-22T15:00', 'orders.csv'));
    expect(old.stderr).toContain('warning: 1 order an earlier export showed cancelled is open in this one, and its case is open again (#F1); if this export is older than the last one scanned, scan the newest');
  });
});

describe('a new parcel the tracking export already reports in trouble', () => {
  it('is never announced as on its way: --shipped and a reship with its number are refused, nothing written', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:35'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}JPNEW0003,#B1,Japan Post,exception,2026-11-22 18:00,破損のため差出人に返送,\n`);
    ok(scan(shop, '2026-11-23T09:00'));
    const before = dumpDb(shop.db);
    for (const args of [
      ['--shipped', '--tracking-number', 'JPNEW0003'],
      ['--remedy', 'reship', '--tracking-number', 'JPNEW0003', '--decided-by', 'customer', '--yes'],
    ]) {
      const r = shop.run(['resolve', '--order', '#B1', ...args], '2026-11-23T10:00');
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr).toContain('order #B1: the tracking export already reports trouble with the new parcel, parcel JPNEW0003 (Japan Post): carrier reports an exception');
    }
    expect(dumpDb(shop.db)).toEqual(before);
  });
});

describe('a tracking file with times after the scan', () => {
  it('is named in a warning: a delivery "on" a day still to come is what a wrong --now or zone makes', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('JPOLD0001,#B1,Japan Post,in_transit,2026-11-07 08:00,Departed sorting facility,', 'JPOLD0001,#B1,Japan Post,delivered,2026-11-26 11:00,配達完了,2026-11-26 11:00'));
    const r = ok(scan(shop, '2026-11-24T09:00'));
    expect(r.stderr).toContain("warning: 1 parcel has a tracking time after this scan's time, 2026-11-24 (JPOLD0001 (#B1) delivered 2026-11-26); if the scan's time is wrong, leave out --now");
    expect(ok(scan(shop, '2026-11-27T09:00')).stderr).not.toContain('tracking time after');
  });
});

describe('a reship that gets stuck too', () => {
  it('is an alert on the case in oos cases, as in the follow-up run', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#B1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#B1', '--remedy', 'reship', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:35'));
    ok(shop.run(['resolve', '--order', '#B1', '--shipped', '--tracking-number', 'JPNEW0002', '--carrier', 'Japan Post'], '2026-11-22T15:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}JPNEW0002,#B1,Japan Post,in_transit,2026-11-22 18:00,引受,\n`);
    ok(scan(shop, '2026-11-23T09:00'));
    const quiet = json(ok(shop.run(['cases', '--json'], '2026-11-23T10:00'))).cases.find((c: { order_id: string }) => c.order_id === '#B1');
    expect(quiet.alerts).toEqual([]);
    const later = json(ok(shop.run(['cases', '--json'], '2026-11-30T10:00'))).cases.find((c: { order_id: string }) => c.order_id === '#B1');
    expect(later.alerts).toEqual([
      { kind: 'contact_overdue', detail: expect.stringMatching(/^the reship is stuck too: parcel JPNEW0002 \(Japan Post\): .*: chase the carrier and tell the customer; if it is lost, refund with oos resolve --order '#B1' --remedy refund --yes, or send again with --remedy reship --tracking-number <no> --yes$/) },
    ]);
    expect(shop.run(['cases'], '2026-11-30T10:00').stdout).toContain('the reship is stuck too: parcel JPNEW0002');
  });
});

describe('a stuck parcel the customer waits for', () => {
  it('the daily chasing the messages claim is a task each day it is claimed, and stops once the parcel moves', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#D1'));
    ok(scan(shop, '2026-11-22T09:00'));
    const wait = json(ok(shop.run(['resolve', '--order', '#D1', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'email', '--json'], '2026-11-22T10:00')));
    expect(wait.tasks).toContainEqual(expect.stringMatching(/^ask DHL about parcel DHLCUST1 every day until 2026-11-\d\d, and record what they say: the message says you chase them daily$/));
    const day2 = shop.run(['followup'], '2026-11-23T10:30');
    expect(day2.code).toBe(2);
    expect(day2.stderr).toContain('#D1: ask DHL to trace parcel DHLCUST1 today: the update says you chased them again today');
    expect(one(files(shop, '2026-11-23', '#D1'), 'followup-wait-update')).toBeTruthy();
    // It moves again: the update tells the news, and claims no chasing.
    writeFileSync(join(shop.dir, 'tracking.csv'), TRACKING.replace('DHLCUST1,#D1,DHL,exception,2026-11-20 10:00,Held at customs - awaiting clearance,', 'DHLCUST1,#D1,DHL,in_transit,2026-11-23 18:00,Released by customs,'));
    ok(scan(shop, '2026-11-24T09:00'));
    const day3 = shop.run(['followup'], '2026-11-24T10:30');
    expect(day3.stderr).not.toMatch(/#D1: ask DHL/);
    const moving = query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'followup-wait-update' ORDER BY id`).map((m) => m.body);
    expect(moving).toHaveLength(2);
    expect(moving[1]).toMatch(/Good news: your parcel is moving again \(tracking DHLCUST1\)/);
  });
});

describe('an Etsy sale given by its day alone', () => {
  it('is late only after its last business day, and the message names that day, not the midnight after it', () => {
    const f1 = ORDERS.find((o) => o.order_id === '#F1')!;
    // Sold Wednesday 18 November: Thursday and Friday are its two business days.
    const shop = makeShop([{ ...f1, order_id: '3300000011', channel: 'etsy', paid_at: '2026-11-18', ship_by: '' }]);
    ok(scan(shop, '2026-11-20T22:00'));
    const cases = json(ok(shop.run(['cases', '--json'], '2026-11-20T22:00'))).cases;
    expect(cases[0].reasons.join(' ')).toMatch(/ship-by 2026-11-20 23:59/);
    ok(scan(shop, '2026-11-24T12:00'));
    ok(shop.run(['resolve', '--order', '3300000011', '--offer', '--channel', 'chat'], '2026-11-24T12:00'));
    const notice = one(files(shop, '2026-11-24', '3300000011'), 'notice-late');
    expect(notice).toMatch(/didn't ship by Friday, November 20/);
    expect(notice).not.toMatch(/Saturday, November 21/);
  });
});

describe('choices that no longer hold', () => {
  it('stock now due later than the notice said: the reminder is withheld, the old day is not confirmed, and the new notice says it replaces the first', () => {
    const shop = makeShop(ORDERS.filter((o) => o.order_id === '#A1'));
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    expect(one(files(shop, '2026-11-22', '#A1'), 'notice-oversold')).toMatch(/11月26日/);
    // The supplier moved the delivery: the export now says 29 November.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-29'));
    ok(scan(shop, '2026-11-22T15:00'));
    const run = shop.run(['followup', '--json'], '2026-11-22T20:00');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('#A1: the reminder of the choices was not sent: new stock is now due on 2026-11-29, later than the 2026-11-26 it said');
    expect(Object.keys(files(shop, '2026-11-22', '#A1')).filter((n) => n.includes('followup-reminder'))).toEqual([]);
    // The customer answers "wait" anyway: the day they were told is not confirmed.
    const before = dumpDb(shop.db);
    const wait = shop.run(['resolve', '--order', '#A1', '--remedy', 'wait', '--decided-by', 'customer'], '2026-11-22T21:00');
    expect(wait.code).toBe(64);
    expect(wait.stderr).toContain('the wait offered to order #A1 no longer holds: new stock is now due on 2026-11-29');
    expect(dumpDb(shop.db)).toEqual(before);
    ok(shop.run(['resolve', '--order', '#A1', '--offer', '--channel', 'chat'], '2026-11-22T21:05'));
    const again = Object.entries(files(shop, '2026-11-22', '#A1')).find(([n]) => n.includes('.2105.notice-oversold.'))![1];
    expect(again).toMatch(/^11月22日（周日）发给您的处理方案有调整，请以这条消息为准。$/m);
    expect(again).toMatch(/11月29日/);
    expect(again).not.toMatch(/11月26日/);
  });

  it('a swap sold out since the notice: its reminder is withheld rather than offering it again', () => {
    const lotus = ORDERS.find((o) => o.order_id === '#E1')!;
    const shop = makeShop([lotus]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#E1', '--offer', '--channel', 'chat'], '2026-11-22T09:30'));
    expect(one(files(shop, '2026-11-22', '#E1'), 'notice-oversold')).toMatch(/Orchid Gift Box/);
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-26').replace('GIFT-ORCHID,Orchid Gift Box,Blue,5', 'GIFT-ORCHID,Orchid Gift Box,Blue,0'));
    ok(scan(shop, '2026-11-22T15:00'));
    const run = shop.run(['followup'], '2026-11-22T20:00');
    expect(run.stderr).toContain("#E1: the reminder of the choices was not sent: the swap it offered is no longer free (GIFT-ORCHID has 0 free");
    expect(run.stderr).toContain("oos resolve --order '#E1' --offer");
    expect(Object.keys(files(shop, '2026-11-22', '#E1')).filter((n) => n.includes('followup-reminder'))).toEqual([]);
  });
});

describe("a split whose export marks the whole order shipped under the first parcel's number", () => {
  it('keeps the rest open: its updates go on, and a restock that slips is told', () => {
    const base = { order_id: '#S1', paid_at: '2026-11-21 09:00', status: 'open', customer_name: 'Priya Shah', email: 'priya@example.com', language: 'en', country: 'GB', channel: 'shopify', currency: 'CNY', order_total: '450.00', payment_method: 'card' };
    const pot = { ...base, sku: 'POT-1', title: 'Yixing Clay Teapot', variant: '200 ml', quantity: '1', unit_price: '420.00', fulfilled_quantity: '0' };
    const towel = { ...base, sku: 'TOWEL-1', title: 'Cotton Tea Towel', variant: 'Grey', quantity: '2', unit_price: '15.00', fulfilled_quantity: '0' };
    const shop = makeShop([pot, towel]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#S1', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#S1', '--shipped', '--tracking-number', 'SF100200300', '--carrier', 'SF Express'], '2026-11-22T16:00'));
    // An export that says only whether the order shipped (no fulfilled_quantity): all of it posted, under the towels' parcel number.
    const wholeHeader = HEADER.replace(',fulfilled_quantity', '');
    const posted = (o: Record<string, string>) => wholeHeader.split(',').map((c) => ({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'SF Express', tracking_number: 'SF100200300' })[c] ?? '').join(',');
    writeFileSync(join(shop.dir, 'orders-23.csv'), [wholeHeader, posted(pot), posted(towel)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T08:30', 'orders-23.csv'));
    const scanned = json(ok(shop.run(['cases', '--json'], '2026-11-23T08:40')));
    expect(scanned.cases.map((c: { order_id: string; problem_cleared_at: string | null }) => [c.order_id, c.problem_cleared_at])).toEqual([['#S1', null]]);
    const run = ok(shop.run(['followup', '--verbose'], '2026-11-23T10:00'));
    expect(run.stdout + run.stderr).not.toContain('the stock is in');
    expect(Object.keys(files(shop, '2026-11-23', '#S1')).some((n) => n.includes('followup-wait-update'))).toBe(true);
    // The teapot's restock moves from 26 to 28 November: the customer hears the new day.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-28'));
    ok(scan(shop, '2026-11-24T08:30', 'orders-23.csv'));
    const slipped = shop.run(['followup'], '2026-11-24T10:00');
    // (Exit 2: the operator is told the supplier moved a promised day.)
    expect(slipped.stderr).toContain('the restock promised to #S1 for Thursday 26 November was moved by the supplier; the customer was told the new date Saturday 28 November');
    expect(query<{ body: string }>(shop.db, `SELECT body FROM messages WHERE intent = 'followup-date-slipped'`).map((m) => m.body)).toEqual([
      expect.stringContaining('The new date is Saturday 28 November. The rest of your order ships as soon as the stock is in'),
    ]);
    const promises = query<{ kind: string; state: string }>(shop.db, `SELECT kind, state FROM promises WHERE kind = 'restock' ORDER BY id`);
    expect(promises).toEqual([{ kind: 'restock', state: 'broken' }, { kind: 'restock', state: 'open' }]);
    // The teapot leaves under its own number, recorded; the export still shows the towels' parcel. The
    // export's count stands again: the order has shipped, not late, and the customer gets its number.
    writeFileSync(join(shop.dir, 'inventory.csv'), INVENTORY('2026-11-28').replace('POT-1,Yixing Clay Teapot,200 ml,0,6', 'POT-1,Yixing Clay Teapot,200 ml,5,0'));
    ok(shop.run(['resolve', '--order', '#S1', '--shipped', '--tracking-number', 'SF400500600', '--carrier', 'SF Express'], '2026-11-28T15:00'));
    writeFileSync(join(shop.dir, 'tracking.csv'), `${TRACKING}SF100200300,#S1,SF Express,delivered,2026-11-24 11:00,Delivered,2026-11-24 11:00\n`);
    ok(scan(shop, '2026-11-29T08:30', 'orders-23.csv'));
    expect(query(shop.db, `SELECT line_no, fulfilled_quantity FROM order_lines WHERE order_id = '#S1' ORDER BY line_no`)).toEqual([
      { line_no: 1, fulfilled_quantity: 1 },
      { line_no: 2, fulfilled_quantity: 2 },
    ]);
    const after = json(ok(shop.run(['cases', '--json'], '2026-11-29T08:40'))).cases as { problem_cleared_at: string | null; alerts: unknown[] }[];
    expect(after.map((c) => [c.problem_cleared_at !== null, c.alerts])).toEqual([[true, []]]);
    expect(query(shop.db, `SELECT json_extract(data, '$.reason') AS reason FROM case_events WHERE type = 'problem_cleared'`)).toEqual([{ reason: 'order shipped' }]);
  });

  it('trusts an export that says which lines shipped', () => {
    const base = { order_id: '#S2', paid_at: '2026-11-21 09:00', status: 'open', customer_name: 'Priya Shah', email: 'priya@example.com', language: 'en', country: 'GB', channel: 'shopify', currency: 'CNY', order_total: '450.00', payment_method: 'card' };
    const pot = { ...base, sku: 'POT-1', title: 'Yixing Clay Teapot', variant: '200 ml', quantity: '1', unit_price: '420.00', fulfilled_quantity: '0' };
    const towel = { ...base, sku: 'TOWEL-1', title: 'Cotton Tea Towel', variant: 'Grey', quantity: '2', unit_price: '15.00', fulfilled_quantity: '0' };
    const shop = makeShop([pot, towel]);
    ok(scan(shop, '2026-11-22T09:00'));
    ok(shop.run(['resolve', '--order', '#S2', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T09:30'));
    ok(shop.run(['resolve', '--order', '#S2', '--shipped', '--tracking-number', 'SF100200300', '--carrier', 'SF Express'], '2026-11-22T16:00'));
    // Its own count per line says the teapot left too (in the same parcel, as the export has it).
    const sent = (o: Record<string, string>) => line({ ...o, shipped_at: '2026-11-22 16:00', carrier: 'SF Express', tracking_number: 'SF100200300', fulfilled_quantity: o.quantity! });
    writeFileSync(join(shop.dir, 'orders-23.csv'), [HEADER, sent(pot), sent(towel)].join('\n') + '\n');
    ok(scan(shop, '2026-11-23T08:30', 'orders-23.csv'));
    expect(query(shop.db, `SELECT fulfilled_quantity FROM order_lines WHERE order_id = '#S2' ORDER BY line_no`)).toEqual([{ fulfilled_quantity: 1 }, { fulfilled_quantity: 2 }]);
  });
});
