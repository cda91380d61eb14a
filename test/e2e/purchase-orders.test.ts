/**
 * Restock dates from purchase orders, through the built binary on the example shop:
 * each waiting customer is promised the day of the delivery that covers their place
 * in the queue, a supplier who moves a delivery moves the promise (the customer hears
 * it before the old day), and a delivery that no longer covers anyone is raised.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpDb, query } from '../helpers/run.js';
import { exampleShop, type Shop } from '../helpers/shop.js';

const HEADER = 'sku,quantity,expected_at,supplier,po_number\n';

function scan(shop: Shop, now: string, purchaseOrders: string) {
  writeFileSync(join(shop.dir, 'po.csv'), HEADER + purchaseOrders);
  return shop.run(
    ['scan', join(shop.dir, 'orders.csv'), '--inventory', join(shop.dir, 'inventory.csv'), '--tracking', join(shop.dir, 'tracking.csv'), '--purchase-orders', join(shop.dir, 'po.csv'), '--json'],
    now,
  );
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
const dayFiles = (shop: Shop, day: string, order: string) => {
  try {
    return readdirSync(join(shop.outbox, day)).filter((f) => f.startsWith(order.replace('#', '')) && f.endsWith('.txt'));
  } catch {
    return [];
  }
};
const read = (shop: Shop, day: string, name: string) => readFileSync(join(shop.outbox, day, name), 'utf8');

describe('purchase orders', () => {
  it('each customer waiting for a gift set is offered the day of the delivery that covers their place in the queue', () => {
    const shop = exampleShop();
    // #2008 paid before #2020; neither set is on the shelf. One set comes on the 25th, one on the 28th.
    const r = scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-11-28,Yixing Crafts,PO-902\n');
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).imported).toMatchObject({ purchase_orders: 2 });
    for (const [order, day] of [['#2008', 'Wednesday 25 November'], ['#2020', 'Saturday 28 November']] as const) {
      const offer = shop.run(['resolve', '--order', order, '--offer', '--lang', 'en', '--channel', 'chat', '--yes'], '2026-11-22T09:30');
      expect(offer.code, offer.stderr).toBe(0);
      const [file] = dayFiles(shop, '2026-11-22', order);
      expect(read(shop, '2026-11-22', file!)).toContain(`new stock is due on ${day}`);
    }
  });

  it('with too few units coming, the customer beyond them is given no date, and wait is not offered as a dated promise', () => {
    const shop = exampleShop();
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\n').code).toBe(0);
    const r = shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--yes'], '2026-11-22T09:30');
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/date/);
  });

  it('a delivery moved later reaches the waiting customer before the old day, once; the promise is broken and a new one recorded', () => {
    const shop = exampleShop();
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-11-28,Yixing Crafts,PO-902\n').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--decided-by', 'customer', '--yes'], '2026-11-22T09:30').code).toBe(0);
    // The next morning the supplier moves PO-902 to 2 December.
    expect(scan(shop, '2026-11-23T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-12-02,Yixing Crafts,PO-902\n').code).toBe(0);
    const run = shop.run(['followup', '--json'], '2026-11-23T10:00');
    const out = json(run.stdout) as { written: { order_id: string; kind: string }[]; alerts: { kind: string; detail: string }[] };
    expect(out.written.filter((w) => w.order_id === '#2020').map((w) => w.kind)).toEqual(['date_slipped']);
    expect(out.alerts.find((a) => a.detail.includes('#2020'))?.detail).toMatch(/moved by the supplier; the customer was told the new date Wednesday 2 December/);
    const [file] = dayFiles(shop, '2026-11-23', '#2020');
    const text = read(shop, '2026-11-23', file!);
    expect(text).toContain('11月28日'); // the day told before
    expect(text).toContain('12月2日'); // the new one
    expect(text).toContain('推迟'); // moved, not "did not arrive": the old day has not come yet
    expect(text).not.toContain('没能按时到');
    expect(query(shop.db, `SELECT kind, state, settle_reason FROM promises WHERE order_id = '#2020' AND kind = 'restock' ORDER BY id`)).toEqual([
      { kind: 'restock', state: 'broken', settle_reason: 'the supplier moved the delivery' },
      { kind: 'restock', state: 'open', settle_reason: null },
    ]);
    // A shop outside the US: waiting on needs no answer, and no consent is asked for.
    expect(text).toContain('不需要任何理由');
    expect(query(shop.db, `SELECT kind FROM promises WHERE order_id = '#2020' AND kind = 'consent'`)).toEqual([]);
    // A second run at the same time, and the next day's run, say nothing new about it.
    const before = dumpDb(shop.db);
    expect(json(shop.run(['followup', '--json'], '2026-11-23T10:00').stdout).written).toEqual([]);
    expect(dumpDb(shop.db)).toEqual(before);
    const next = json(shop.run(['followup', '--json'], '2026-11-24T10:00').stdout) as { written: { order_id: string; kind: string }[] };
    expect(next.written.filter((w) => w.order_id === '#2020').map((w) => w.kind)).toEqual(['wait_update']);
    const [update] = dayFiles(shop, '2026-11-24', '#2020');
    expect(read(shop, '2026-11-24', update!)).toContain('12月2日');
  });

  it('a US shop whose supplier moves the stock to a near day: the yes is asked by the day before the stock comes, so it comes before the order can ship', () => {
    const base = JSON.parse(readFileSync(join(exampleShop().dir, 'oos.config.json'), 'utf8')) as { shop: Record<string, unknown> };
    const shop = exampleShop({ shop: { ...base.shop, country: 'US' } });
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-902\n').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--decided-by', 'customer', '--yes'], '2026-11-22T09:30').code).toBe(0);
    // On the 25th, before the day is over, PO-902 moves to the 27th: two days from now is the 27th itself.
    expect(scan(shop, '2026-11-25T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-11-27,Yixing Crafts,PO-902\n').code).toBe(0);
    const out = json(shop.run(['followup', '--json'], '2026-11-25T10:00').stdout) as { alerts: { detail: string }[] };
    expect(out.alerts.find((a) => a.detail.includes('#2020'))?.detail).toMatch(/new date Friday 27 November, and asked to agree by Thursday 26 November or have the order cancelled and refunded/);
  });

  it('a US shop: the second delay asks for the customer\'s yes by a day, and without one the operator is told to refund (Mail Order Rule)', () => {
    const base = JSON.parse(readFileSync(join(exampleShop().dir, 'oos.config.json'), 'utf8')) as { shop: Record<string, unknown> };
    const shop = exampleShop({ shop: { ...base.shop, country: 'US' } });
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-11-28,Yixing Crafts,PO-902\n').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--decided-by', 'customer', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(scan(shop, '2026-11-23T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,1,2026-12-02,Yixing Crafts,PO-902\n').code).toBe(0);
    const run = shop.run(['followup', '--json'], '2026-11-23T10:00');
    const out = json(run.stdout) as { written: { order_id: string; kind: string }[]; alerts: { kind: string; detail: string }[] };
    expect(out.written.filter((w) => w.order_id === '#2020').map((w) => w.kind)).toEqual(['date_slipped']);
    expect(out.alerts.find((a) => a.detail.includes('#2020'))?.detail).toMatch(/asked to agree by Saturday 28 November or have the order cancelled and refunded/);
    const [file] = dayFiles(shop, '2026-11-23', '#2020');
    const text = read(shop, '2026-11-23', file!);
    // Silence is no longer a yes: the day to answer by (the old day, the latest of it and two days from now), and what happens without an answer.
    expect(text).toContain('请最晚在11月28日（周六）当天回复“等”');
    expect(text).toContain('如果11月28日（周六）当天结束前还没有收到您的回复');
    expect(text).toContain('全额退款');
    expect(text).not.toContain('不需要任何理由：');
    // The daily updates wait for that yes (see below): the message promises them from the yes on, not at once.
    expect(text).toContain('您回复“等”之后，到货前我们每天都会告诉您进度');
    expect(text).not.toContain('在这之前每天告诉您进度');
    expect(query(shop.db, `SELECT kind, due_at, state FROM promises WHERE order_id = '#2020' AND kind = 'consent'`)).toEqual([{ kind: 'consent', due_at: '2026-11-28T15:59:00Z', state: 'open' }]);

    // The operator's case list says the shop is waiting for that yes, and until when.
    expect(shop.run(['cases'], '2026-11-24T10:00').stdout).toMatch(/waiting for the customer's yes to the new date until 2026-11-28 23:59.*--replied --choice wait/);
    expect(shop.run(['cases'], '2026-11-29T10:00').stdout).toMatch(/no yes to the new date by 2026-11-28 23:59: cancel and refund/);
    // The day passes with no answer recorded: every run tells the operator to refund, as the message said.
    for (const at of ['2026-11-29T10:00', '2026-11-29T11:00']) {
      const late = shop.run(['followup'], at);
      expect(late.code).toBe(2);
      expect(late.stderr).toMatch(/#2020 was asked to agree to a second delay \(new date Wednesday 2 December\) by Saturday 28 November and no answer is recorded.*--remedy refund --yes.*--replied --choice wait/);
    }
    // The customer had said yes by phone: recorded, the promise is kept and the alert stops.
    expect(shop.run(['resolve', '--order', '#2020', '--replied', '--choice', 'wait'], '2026-11-29T11:30').code).toBe(0);
    expect(shop.run(['followup'], '2026-11-29T12:00').stderr).not.toMatch(/second delay/);
    expect(shop.run(['cases'], '2026-11-29T12:00').stdout).not.toMatch(/yes to the new date/);
    expect(query(shop.db, `SELECT state, settle_reason FROM promises WHERE order_id = '#2020' AND kind = 'consent'`)).toEqual([{ state: 'kept', settle_reason: 'the customer answered' }]);    // Between the question and the yes, no daily update presumed the answer ("still due on…"): those
    // due once its day had passed were dropped. (While it is open they wait: test/unit/remedies.test.ts.)
    const updates = query<{ day: string }>(shop.db, `SELECT day FROM messages WHERE order_id = '#2020' AND intent = 'followup-wait-update' ORDER BY id`).map((m) => m.day);
    expect(updates.filter((d) => d > '2026-11-23' && d < '2026-11-29')).toEqual([]);
    const reasons = query<{ cancel_reason: string }>(shop.db, `SELECT cancel_reason FROM followups WHERE order_id = '#2020' AND kind = 'wait_update' AND state = 'cancelled'`).map((f) => f.cancel_reason);
    expect(reasons).toContain('no yes to the new date: the order is to be cancelled and refunded');
  });

  it('a US shop cannot decide alone on a wait of more than 30 days; the customer\'s own yes can (Mail Order Rule)', () => {
    const base = JSON.parse(readFileSync(join(exampleShop().dir, 'oos.config.json'), 'utf8')) as { shop: Record<string, unknown> };
    const shop = exampleShop({ shop: { ...base.shop, country: 'US' } });
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\n').code).toBe(0);
    const before = dumpDb(shop.db);
    const alone = shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--restock-date', '2027-01-31', '--decided-by', 'shop', '--yes'], '2026-11-22T09:30');
    expect(alone.code).toBe(64);
    expect(alone.stderr).toMatch(/waiting until 2027-01-31 is more than 30 days past the ship date promised .*FTC Mail Order Rule/);
    expect(alone.stderr).toMatch(/--offer .*--decided-by customer/);
    expect(dumpDb(shop.db)).toEqual(before);
    expect(shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--restock-date', '2027-01-31', '--decided-by', 'customer', '--yes'], '2026-11-22T09:30').code).toBe(0);
  });

  it("a US shop's first delay notice with a new date more than 30 days late asks for a yes, and the shop is held to refunding without one (Mail Order Rule)", () => {
    const base = JSON.parse(readFileSync(join(exampleShop().dir, 'oos.config.json'), 'utf8')) as { shop: Record<string, unknown> };
    const offer = (country: string | null) => {
      const shop = exampleShop({ shop: { ...base.shop, country } });
      // #2001 was to ship by 21 November; in January it still has not, and the new date is days away.
      expect(scan(shop, '2027-01-05T09:00', '').code).toBe(0);
      const r = shop.run(['resolve', '--order', '#2001', '--offer', '--yes'], '2027-01-05T09:30');
      expect(r.code, r.stderr).toBe(0);
      const [file] = dayFiles(shop, '2027-01-05', '#2001');
      return { shop, text: read(shop, '2027-01-05', file!) };
    };
    const us = offer('US');
    expect(us.text).toContain('距原定日期已超过30天');
    expect(us.text).toContain('没有收到回复的话，我们会取消订单并为您全额退款');
    expect(us.text).not.toContain('我们会按');
    const [consent] = query<{ due_at: string; state: string }>(us.shop.db, `SELECT due_at, state FROM promises WHERE order_id = '#2001' AND kind = 'consent'`);
    const [offered] = query<{ due_at: string }>(us.shop.db, `SELECT due_at FROM promises WHERE order_id = '#2001' AND kind = 'offer'`);
    expect(consent).toEqual({ due_at: offered!.due_at, state: 'open' });
    // Past the reply deadline with no answer: the operator is told to refund, as the message said.
    const late = us.shop.run(['followup'], '2027-01-06T10:00');
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/#2001 was asked to agree to a delay of more than 30 days .*--remedy refund --yes/);
    // A shop-decided wait is refused too (exit 64); the customer's yes, once recorded, ends the alert.
    expect(us.shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--decided-by', 'shop', '--yes'], '2027-01-06T10:30').code).toBe(64);
    expect(us.shop.run(['resolve', '--order', '#2001', '--replied', '--choice', 'wait'], '2027-01-06T11:00').code).toBe(0);
    expect(us.shop.run(['followup'], '2027-01-06T12:00').stderr).not.toMatch(/#2001 was asked/);
    // Elsewhere silence still means waiting, and nothing is held open.
    const cn = offer('CN');
    expect(cn.text).toContain('没有收到回复的话，我们会按');
    expect(cn.text).not.toContain('30天以上');
    expect(query(cn.shop.db, `SELECT id FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([]);
  });

  it('a delivery that no longer covers a waiting customer is raised to the operator (exit 2), and the customer is not told a guess', () => {
    const shop = exampleShop();
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,2,2026-11-28,Yixing Crafts,PO-902\n').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2020', '--remedy', 'wait', '--yes'], '2026-11-22T09:30').code).toBe(0);
    // PO-902 is cancelled: the file no longer lists it.
    const rescan = scan(shop, '2026-11-23T09:00', '');
    expect(rescan.code).toBe(0);
    const run = shop.run(['followup'], '2026-11-23T10:00');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/#2020 was promised its stock for Saturday 28 November, and no coming delivery covers it any more.*--restock-date/);
    expect(dayFiles(shop, '2026-11-23', '#2020').filter((f) => f.includes('slipped'))).toEqual([]);
  });

  it('a purchase order past its day is named in a scan warning; its units are promised to nobody', () => {
    const shop = exampleShop();
    const r = scan(shop, '2026-11-22T09:00', 'TEA-PUER-357,5,2026-11-20,Menghai Tea,PO-870\n');
    expect(r.code).toBe(0);
    expect((json(r.stdout).warnings as string[]).join('\n')).toContain(
      '1 purchase order line is past the day it was expected, so no customer is promised its units (PO-870: 5 × TEA-PUER-357 from Menghai Tea, expected 2026-11-20)',
    );
    const offer = shop.run(['resolve', '--order', '#2012', '--offer', '--lang', 'en', '--channel', 'chat', '--yes'], '2026-11-22T09:30');
    expect(offer.code).toBe(0);
    const [file] = dayFiles(shop, '2026-11-22', '#2012');
    expect(read(shop, '2026-11-22', file!)).toContain('no date for new stock');
  });

  it('a purchase order row without its day is refused (65) naming file, line and column, and nothing changes', () => {
    const shop = exampleShop();
    expect(scan(shop, '2026-11-22T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\n').code).toBe(0);
    const before = dumpDb(shop.db);
    const r = scan(shop, '2026-11-23T09:00', 'SET-GIFT-A,1,2026-11-25,Yixing Crafts,PO-881\nSET-GIFT-A,3,,Yixing Crafts,PO-903\n');
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/po\.csv, line 3, (column|field) "expected_at".*without the day it arrives/);
    expect(dumpDb(shop.db)).toEqual(before);
  });
});
