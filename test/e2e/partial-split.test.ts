/**
 * One line partly short (3 candles ordered, 2 in stock): the customer is offered the 2 now and the
 * third later, not only a full refund, and each parcel's message names what it carries.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';

const HEADER = 'order_id,placed_at,paid_at,status,customer_name,email,language,country,channel,shipped_at,carrier,tracking_number,currency,order_total,payment_method,sku,title,quantity,unit_price,fulfilled_quantity';

/** A US shop with one order of 3 candles, 2 of them in stock (more due on the 27th). */
function candleShop(orderId: string, payment = 'card') {
  const dir = tempDir();
  const orders = (shipped: string, fulfilled: number) =>
    writeFileSync(join(dir, 'orders.csv'), `${HEADER}\n${orderId},2026-11-21 09:00,2026-11-21 09:00,open,Emily Carter,emily@example.com,en,US,shopify,${shipped},USD,75.00,${payment},CANDLE-1,Pine & Cedar Candle,3,25.00,${fulfilled}\n`);
  const stock = (onHand: number) => writeFileSync(join(dir, 'inventory.csv'), `sku,title,on_hand,incoming,restock_date\nCANDLE-1,Pine & Cedar Candle,${onHand},10,2026-11-27\n`);
  orders(',,', 0);
  stock(2);
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Cedar & Co', timezone: 'America/Chicago', language: 'en', currency: 'USD' }, outbox: join(dir, 'outbox') }));
  const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now]);
  const scan = (now: string) => run(['scan', join(dir, 'orders.csv'), '--inventory', join(dir, 'inventory.csv')], now);
  const written = (day: string, intent: string) => {
    const name = readdirSync(join(dir, 'outbox', day)).find((f) => f.includes(`.${intent}.`))!;
    return readFileSync(join(dir, 'outbox', day, name), 'utf8');
  };
  /** The 2 in stock leave under `number`: the export shows 2 of 3 fulfilled, and no stock is left. */
  const shipTwo = (number: string) => {
    orders(`2026-11-22 15:00,USPS,${number}`, 2);
    stock(0);
  };
  return { dir, run, scan, written, shipTwo, stock };
}

describe('a line partly in stock', () => {
  it('is offered as a split: the units in stock now, the rest when the stock comes', () => {
    const { run, scan, written, shipTwo } = candleShop('#9001');

    expect(scan('2026-11-22T09:00').code).toBe(0);
    expect(run(['resolve', '--order', '#9001', '--offer', '--channel', 'email'], '2026-11-22T09:10').code).toBe(0);
    const notice = written('2026-11-22', 'notice-oversold');
    expect(notice).toMatch(/out of stock[\s\S]*- Pine & Cedar Candle x 1/);
    expect(notice).toMatch(/SPLIT - we send the items that are in stock now:\n- Pine & Cedar Candle x 2\n/);
    expect(notice).toMatch(/REFUND - a full refund of \$75\.00/);

    expect(run(['resolve', '--order', '#9001', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00').code).toBe(0);
    // The two in stock leave under one number; the export shows 2 of 3 fulfilled.
    shipTwo('9400100000000000000001');
    expect(scan('2026-11-22T16:00').code).toBe(0);
    expect([0, 2]).toContain(run(['followup'], '2026-11-23T10:00').code);
    const first = written('2026-11-23', 'followup-shipped');
    expect(first).toContain('9400100000000000000001');
    expect(first).toMatch(/In this parcel:\n- Pine & Cedar Candle x 2\n/);
  });

  it('an offer whose in-stock units shipped before the customer answered no longer holds: no reminder of it, no split or full refund confirmed', () => {
    const { dir, run, scan, written, shipTwo } = candleShop('#9002');
    expect(scan('2026-11-22T09:00').code).toBe(0);
    expect(run(['resolve', '--order', '#9002', '--offer', '--channel', 'email'], '2026-11-22T09:10').code).toBe(0);
    // The two in stock leave before the customer answers.
    shipTwo('9400100000000000000003');
    expect(scan('2026-11-22T16:00').code).toBe(0);
    const reminder = run(['followup'], '2026-11-22T20:30');
    expect(reminder.stderr).toMatch(/#9002: the reminder of the choices was not sent: what it offered to send now has shipped since/);
    expect(readdirSync(join(dir, 'outbox', '2026-11-22')).filter((f) => f.includes('followup-reminder'))).toEqual([]);
    const split = run(['resolve', '--order', '#9002', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T10:00');
    expect(split.code).toBe(64);
    expect(split.stderr).toMatch(/the split offered to order #9002 no longer holds/);
    const refund = run(['resolve', '--order', '#9002', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T10:00');
    expect(refund.code).toBe(64);
    expect(refund.stderr).toMatch(/the refund offered to order #9002 no longer holds: part of what its refund covered has shipped since \(Pine & Cedar Candle: 2 of 3 shipped\)/);
    // Offered again, the refund is of what has not shipped.
    expect(run(['resolve', '--order', '#9002', '--offer', '--channel', 'email'], '2026-11-23T10:05').code).toBe(0);
    expect(run(['resolve', '--order', '#9002', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T10:30').code).toBe(0);
    const confirm = written('2026-11-23', 'confirm-refund');
    expect(confirm).toContain('$25.00');
    expect(confirm).not.toContain('$75.00');
  });

  it('an offer whose in-stock units dropped before the customer answered no longer holds: the split is offered again with what is there', () => {
    const { dir, run, scan, written, stock } = candleShop('#9004');
    expect(scan('2026-11-22T09:00').code).toBe(0);
    expect(run(['resolve', '--order', '#9004', '--offer', '--channel', 'email'], '2026-11-22T09:10').code).toBe(0);
    expect(written('2026-11-22', 'notice-oversold')).toMatch(/SPLIT - we send the items that are in stock now:\n- Pine & Cedar Candle x 2\n/);
    // One of the two candles is gone before the customer answers (sold in the shop, miscounted).
    stock(1);
    expect(scan('2026-11-22T12:00').code).toBe(0);
    const reminder = run(['followup'], '2026-11-22T20:30');
    expect(reminder.stderr).toMatch(/#9004: the reminder of the choices was not sent: it offered to send 2 of Pine & Cedar Candle now, and 1 is in stock for it now/);
    expect(readdirSync(join(dir, 'outbox', '2026-11-22')).filter((f) => f.includes('followup-reminder'))).toEqual([]);
    const split = run(['resolve', '--order', '#9004', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T10:00');
    expect(split.code).toBe(64);
    expect(split.stderr).toMatch(/the split offered to order #9004 no longer holds/);
    expect(existsSync(join(dir, 'outbox', '2026-11-23'))).toBe(false);
    // Offered again: the notice replaces the first and lists the one candle there is; the answer to it is confirmed as offered.
    expect(run(['resolve', '--order', '#9004', '--offer', '--channel', 'email'], '2026-11-23T10:05').code).toBe(0);
    const again = written('2026-11-23', 'notice-oversold');
    expect(again).toMatch(/This message replaces the one we sent you on Sunday, November 22/);
    expect(again).toMatch(/SPLIT - we send the items that are in stock now:\n- Pine & Cedar Candle x 1\n/);
    expect(run(['resolve', '--order', '#9004', '--remedy', 'split', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T10:30').code).toBe(0);
    expect(written('2026-11-23', 'confirm-split')).toMatch(/Shipping today:\n- Pine & Cedar Candle x 1\n/);
  });

  it('a refund taken back for a wait (a bank transfer not yet made) opens the problem again: the daily updates the wait promised go out', () => {
    const { dir, run, scan, written } = candleShop('#9005', 'bank transfer');
    expect(scan('2026-11-22T09:00').code).toBe(0);
    expect(run(['resolve', '--order', '#9005', '--offer', '--channel', 'email'], '2026-11-22T09:10').code).toBe(0);
    expect(run(['resolve', '--order', '#9005', '--remedy', 'refund', '--decided-by', 'customer', '--channel', 'email'], '2026-11-22T10:00').code).toBe(0);
    // The next scan finds the order settled by the refund; then the customer would rather wait after all.
    expect(scan('2026-11-23T09:00').code).toBe(0);
    const wait = run(['resolve', '--order', '#9005', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-23T09:30');
    expect(wait.code).toBe(0);
    expect(written('2026-11-23', 'confirm-wait')).toMatch(/an update every day until then|a short update every day/);
    expect(run(['followup'], '2026-11-24T10:00').code).toBe(0);
    expect(written('2026-11-24', 'followup-wait-update')).toMatch(/Friday, November 27/);
    expect(readdirSync(join(dir, 'outbox', '2026-11-24')).filter((f) => f.includes('9005'))).toHaveLength(1);
  });

  it('the first parcel of a split not recorded by its day is said every run until it is, not once', () => {
    const { run, scan } = candleShop('#9003');
    expect(scan('2026-11-22T09:00').code).toBe(0);
    expect(run(['resolve', '--order', '#9003', '--remedy', 'split', '--channel', 'email'], '2026-11-22T09:10').code).toBe(0);
    expect([0, 2]).toContain(run(['followup'], '2026-11-23T10:00').code);
    for (const at of ['2026-11-24T10:00', '2026-11-24T11:00', '2026-11-24T12:00']) {
      const r = run(['followup'], at);
      expect(r.code, at).toBe(2);
      expect(r.stderr, at).toMatch(/#9003: the split parcel was promised to leave by/);
    }
  });
});
