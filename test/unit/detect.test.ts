import { describe, expect, it } from 'vitest';
import { allocateStock } from '../../src/domain/allocate.js';
import { validateConfig, type Config } from '../../src/domain/config.js';
import { contactBy, detectProblems, isLateToContact, type OrderWithLines } from '../../src/domain/detect.js';
import { lineKeyCandidates, stockKeyOf } from '../../src/domain/stock-key.js';
import { mapTrackingStatus } from '../../src/domain/tracking-status.js';
import { HOUR, DAY } from '../../src/domain/time.js';
import type { Order, OrderLine, StockItem, Tracking } from '../../src/domain/types.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config: Config = validateConfig({ shop: { timezone: 'Asia/Shanghai' } }).config;

function order(id: string, over: Partial<Order> = {}, lines: Partial<OrderLine>[] = [{}]): OrderWithLines {
  return {
    order: {
      orderId: id, placedAt: null, paidAt: NOW - 10 * HOUR, cancelled: false, customerName: 'C', email: null, phone: null, language: null,
      country: null, channel: null, shipBy: null, shippedAt: null, carrier: null, trackingNumber: null, currency: 'CNY', orderTotal: 10000,
      paymentMethod: null, tags: [], ...over,
    },
    lines: lines.map((l, i) => ({ orderId: id, lineNo: i + 1, sku: 'A', title: null, variant: null, quantity: 1, fulfilledQuantity: 0, unitPrice: 100, requiresShipping: true, ...l })),
  };
}

const stock = (sku: string, onHand: number | null, available: number | null = null, title: string | null = null, variant: string | null = null): StockItem => ({
  key: stockKeyOf(sku || null, title, variant)!, sku: sku || null, title, variant, onHand, available, incoming: null, restockDate: null, unitPrice: null,
});

const detect = (orders: OrderWithLines[], stockItems: StockItem[] | null, tracking: Tracking[] | null = null, cfg = config, now = NOW) =>
  detectProblems({ orders, stock: stockItems, tracking, config: cfg, now });

/** The same order, collected by the customer (local pickup). */
const pickedUp = (o: OrderWithLines): OrderWithLines => ({ ...o, order: { ...o.order, pickup: true } });

const kindsOf = (r: ReturnType<typeof detect>) => Object.fromEntries(r.findings.map((f) => [f.orderId, f.kinds.join('+')]));

describe('oversold: first paid, first served', () => {
  it.each([
    ['exact stock covers every order', 3, [1, 1, 1], {}],
    ['zero stock: every order short', 0, [1, 2], { '#1': 'oversold', '#2': 'oversold' }],
    ['the last payer is short', 2, [1, 1, 1], { '#3': 'oversold' }],
    ['a big early order takes it all', 3, [3, 1], { '#2': 'oversold' }],
    ['partial: one of two units short', 1, [2], { '#1': 'oversold' }],
  ])('%s', (_name, onHand, quantities, expected) => {
    const orders = quantities.map((q, i) => order(`#${i + 1}`, { paidAt: NOW - (10 - i) * HOUR }, [{ quantity: q }]));
    expect(kindsOf(detect(orders, [stock('A', onHand)]))).toEqual(expected);
  });

  it('says how short and which earlier orders took the stock', () => {
    const orders = [order('#1', { paidAt: NOW - 9 * HOUR }), order('#2', { paidAt: NOW - 8 * HOUR }), order('#3', { paidAt: NOW - 7 * HOUR }, [{ quantity: 2 }])];
    const f = detect(orders, [stock('A', 2)]).findings.find((x) => x.orderId === '#3')!;
    expect(f.short).toMatchObject([{ lineNo: 1, short: 2, open: 2, supply: 2, takenBy: ['#1', '#2'] }]);
    expect(f.reasons[0]).toBe('A: short 2 of 2 (the 2 in stock went to earlier orders #1, #2)');
  });

  it('says what part of the stock an order short of only some units keeps', () => {
    const orders = [order('#1', { paidAt: NOW - 9 * HOUR }, [{ quantity: 2 }]), order('#2', { paidAt: NOW - 8 * HOUR }, [{ quantity: 3 }])];
    const f = detect(orders, [stock('A', 3)]).findings.find((x) => x.orderId === '#2')!;
    expect(f.reasons[0]).toBe('A: short 2 of 3 (of the 3 in stock, 2 went to earlier orders #1 and 1 is kept for this order)');
  });

  it('allocates by payment time, not by order number or file order', () => {
    const orders = [order('#9', { paidAt: NOW - 2 * HOUR }), order('#1', { paidAt: NOW - 1 * HOUR })];
    expect(kindsOf(detect(orders, [stock('A', 1)]))).toEqual({ '#1': 'oversold' });
  });

  it.each([
    ['cancelled orders take no stock', { cancelled: true }],
    ['unpaid orders take no stock', { paidAt: null }],
  ])('%s', (_n, over) => {
    const orders = [order('#1', { ...over, paidAt: 'paidAt' in over ? null : NOW - 9 * HOUR }), order('#2', { paidAt: NOW - 8 * HOUR })];
    const r = detect(orders, [stock('A', 1)]);
    expect(kindsOf(r)).toEqual({});
  });

  it('only open quantities take stock (partial fulfilment)', () => {
    const orders = [order('#1', { paidAt: NOW - 9 * HOUR }, [{ quantity: 3, fulfilledQuantity: 2 }]), order('#2', { paidAt: NOW - 8 * HOUR })];
    expect(kindsOf(detect(orders, [stock('A', 2)]))).toEqual({});
    expect(kindsOf(detect(orders, [stock('A', 1)]))).toEqual({ '#2': 'oversold' });
  });

  it('lines that need no shipping (gift cards) take no stock', () => {
    const orders = [order('#1', {}, [{ sku: 'GIFT', requiresShipping: false }])];
    const r = detect(orders, [stock('A', 0)]);
    expect(r.findings).toEqual([]);
    expect(r.unmatched).toEqual([]);
  });

  it('marks a split candidate when some lines are covered', () => {
    const orders = [order('#1', {}, [{ sku: 'A' }, { sku: 'B' }])];
    const f = detect(orders, [stock('A', 5), stock('B', 0)]).findings[0]!;
    expect(f.splitCandidate).toBe(true);
    expect(f.skus).toEqual(['B']);
  });

  it('marks a split candidate when part of the short line itself is in stock (3 ordered, 2 in stock)', () => {
    const f = detect([order('#1', {}, [{ sku: 'A', quantity: 3 }])], [stock('A', 2)]).findings[0]!;
    expect(f.short.map((s) => [s.open, s.short])).toEqual([[3, 1]]);
    expect(f.splitCandidate).toBe(true);
    expect(f.reasons).toContain('split candidate: 2 of 3 open units can ship now');
    // None of it in stock: nothing to ship now.
    expect(detect([order('#1', {}, [{ sku: 'A', quantity: 3 }])], [stock('A', 0)]).findings[0]!.splitCandidate).toBe(false);
  });

  it('never marks an order the customer collects as a split candidate: it is handed over whole', () => {
    const orders = [pickedUp(order('#1', {}, [{ sku: 'A' }, { sku: 'B' }]))];
    const f = detect(orders, [stock('A', 5), stock('B', 0)]).findings[0]!;
    expect(f.kinds).toEqual(['oversold']);
    expect(f.splitCandidate).toBe(false);
    expect(f.reasons.join('\n')).not.toContain('split candidate');
  });

  it('uses a negative available as the shortfall when on_hand is unknown', () => {
    const orders = [order('#1', { paidAt: NOW - 9 * HOUR }), order('#2', { paidAt: NOW - 8 * HOUR }), order('#3', { paidAt: NOW - 7 * HOUR })];
    // 3 open units, available -2: one unit on the shelf, the last two payers are short.
    expect(kindsOf(detect(orders, [stock('A', null, -2)]))).toEqual({ '#2': 'oversold', '#3': 'oversold' });
    expect(kindsOf(detect(orders, [stock('A', null, 0)]))).toEqual({});
  });

  it('on_hand wins over available when both are given', () => {
    const orders = [order('#1')];
    expect(kindsOf(detect(orders, [stock('A', 1, -5)]))).toEqual({});
  });

  it('matches by title + variant when SKUs are empty, and reports unmatched lines', () => {
    const orders = [
      order('#1', {}, [{ sku: null, title: 'Puff Large - Latte' }]),
      order('#2', {}, [{ sku: null, title: 'Mystery Box' }]),
    ];
    const r = detect(orders, [stock('', 0, null, 'Puff Large', 'Latte')]);
    expect(kindsOf(r)).toEqual({ '#1': 'oversold' });
    expect(r.unmatched).toMatchObject([{ orderId: '#2', lineNo: 1, title: 'Mystery Box', open: 1 }]);
  });

  it('skips the oversold check when no inventory was ever loaded', () => {
    const r = detect([order('#1')], null);
    expect(r.checked.oversold).toBe(false);
    expect(r.findings).toEqual([]);
  });

  it('lists oversold SKUs and low stock as stock actions', () => {
    const orders = [order('#1', {}, [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }])];
    const r = detect(orders, [stock('A', 1), stock('B', 4), stock('C', 50)]);
    expect(r.oversoldStock.map((s) => [s.sku, s.short])).toEqual([['A', 1]]);
    expect(r.lowStock.map((s) => [s.sku, s.free])).toEqual([['B', 3]]);
  });
});

describe('late shipping', () => {
  it.each([
    ['paid 10h ago: fine', NOW - 10 * HOUR, null, null],
    ['paid 36h ago: ship-by in 12h, at risk', NOW - 36 * HOUR, null, 'at_risk'],
    ['paid 35h ago: ship-by in 13h, fine', NOW - 35 * HOUR, null, null],
    ['paid 49h ago: overdue', NOW - 49 * HOUR, null, 'overdue'],
    ['explicit ship_by in 2h: at risk', NOW - HOUR, NOW + 2 * HOUR, 'at_risk'],
    ['explicit ship_by passed: overdue', NOW - HOUR, NOW - 60_000, 'overdue'],
  ])('%s', (_n, paidAt, shipBy, expected) => {
    const f = detect([order('#1', { paidAt, shipBy })], null).findings[0];
    expect(f?.late ?? null).toBe(expected);
  });

  it('gives the same reason an hour later: a stored reason says when, never "in 50m" or "2h ago"', () => {
    for (const paidAt of [NOW - 40 * HOUR, NOW - 60 * HOUR]) {
      const now = detect([order('#1', { paidAt })], null).findings[0]!;
      const later = detect([order('#1', { paidAt })], null, null, config, NOW + HOUR).findings[0]!;
      expect(later.late).toBe(now.late);
      expect(later.reasons).toEqual(now.reasons);
      expect(now.reasons.join(' ')).toMatch(/ship-by \d{4}-\d\d-\d\d \d\d:\d\d/);
      expect(now.reasons.join(' ')).not.toMatch(/ ago|is in \d/);
    }
  });

  it('an order fully shipped is not late', () => {
    expect(detect([order('#1', { paidAt: NOW - 100 * HOUR }, [{ fulfilledQuantity: 1 }])], null).findings).toEqual([]);
  });

  it('an unpaid order is never late', () => {
    expect(detect([order('#1', { paidAt: null, placedAt: NOW - 100 * HOUR })], null).findings).toEqual([]);
  });

  it('uses per-channel handling hours', () => {
    const cfg = validateConfig({ handling_hours_by_channel: { aliexpress: 72 } }).config;
    expect(detect([order('#1', { paidAt: NOW - 50 * HOUR, channel: 'AliExpress' })], null, null, cfg).findings).toEqual([]);
  });

  it('an order the customer collects is never late: it does not ship', () => {
    for (const paidAt of [NOW - 36 * HOUR, NOW - 49 * HOUR, NOW - 30 * DAY]) {
      expect(detect([pickedUp(order('#1', { paidAt }))], null).findings).toEqual([]);
    }
    expect(detect([pickedUp(order('#1', { paidAt: NOW - HOUR, shipBy: NOW - 60_000 }))], null).findings).toEqual([]);
  });

  it('an order the customer collects is still oversold when the stock cannot cover it, with no ship-by', () => {
    const f = detect([pickedUp(order('#1', { paidAt: NOW - 60 * HOUR }))], [stock('A', 0)]).findings[0]!;
    expect(f.kinds).toEqual(['oversold']);
    expect(f.late).toBeNull();
    expect(f.shipBy).toBeNull();
    expect(f.reasons.join(' ')).not.toMatch(/ship-by|not shipped/);
  });

  it('oversold ranks before late on one case', () => {
    const f = detect([order('#1', { paidAt: NOW - 60 * HOUR })], [stock('A', 0)]).findings[0]!;
    expect(f.kind).toBe('oversold');
    expect(f.kinds).toEqual(['oversold', 'late']);
  });
});

describe('stalled parcels', () => {
  const shipped = (over: Partial<Order> = {}) => order('#1', { paidAt: NOW - 5 * DAY, shippedAt: NOW - 4 * DAY, trackingNumber: 'T1', ...over }, [{ fulfilledQuantity: 1 }]);
  const tr = (over: Partial<Tracking>): Tracking => ({ trackingNumber: 'T1', carrier: 'SF', status: 'in_transit', lastEventAt: NOW - 2 * HOUR, lastEvent: 'hub', deliveredAt: null, ...over });
  it.each([
    ['moving recently', tr({}), null],
    ['domestic, no update for 30h: within the 72 h clock', tr({ lastEventAt: NOW - 30 * HOUR }), null],
    ['domestic, no update for 73h', tr({ lastEventAt: NOW - 73 * HOUR }), 'stalled'],
    ['no update for 8 days', tr({ lastEventAt: NOW - 8 * DAY }), 'probably_lost'],
    ['exception now', tr({ status: 'exception' }), 'exception'],
    ['failed attempt', tr({ status: 'failed_attempt' }), 'exception'],
    ['expired, tracker gave up a month ago', tr({ status: 'expired', lastEventAt: NOW - 31 * DAY }), 'probably_lost'],
    ['delivered', tr({ status: 'delivered', lastEventAt: NOW - 3 * DAY }), null],
  ])('%s', (_n, t, expected) => {
    const f = detect([shipped()], null, [t]).findings[0];
    expect(f?.stalled ?? null).toBe(expected);
  });

  it('says since when the parcel is quiet, the same at every later scan', () => {
    for (const t of [tr({ lastEventAt: NOW - 73 * HOUR }), tr({ lastEventAt: NOW - 8 * DAY })]) {
      const f = detect([shipped()], null, [t]).findings[0]!;
      expect(f.reasons[0]).toMatch(/: (probably lost, )?no update since \d{4}-\d\d-\d\d \d\d:\d\d \(last: hub\)$/);
      expect(detect([shipped()], null, [t], config, NOW + 5 * HOUR).findings[0]!.reasons).toEqual(f.reasons);
    }
  });

  it('shipped with no tracking event at all: the no-first-scan clock, 48 h', () => {
    const f = detect([shipped({ shippedAt: NOW - 50 * HOUR })], null, []).findings[0]!;
    expect(f.stalled).toBe('stalled');
    expect(f.clock).toMatchObject({ event: 'no_first_scan', threshold_hours: 48, learned: false });
    expect(f.reasons[0]).toContain('not handed over');
    expect(detect([shipped({ shippedAt: NOW - 47 * HOUR })], null, []).findings).toEqual([]);
  });

  it('shipped with no tracking number and no tracker row (an untracked service): never said to be stuck, however long', () => {
    // (shipped() carries the number T1.)
    for (const age of [50 * HOUR, 10 * DAY]) expect(detect([shipped({ shippedAt: NOW - age, trackingNumber: null })], null, []).findings).toEqual([]);
    // With a number no tracker has heard of, the clock runs as before.
    expect(detect([shipped({ shippedAt: NOW - 50 * HOUR })], null, []).findings).toHaveLength(1);
  });

  it('an order the customer collected has no parcel: never stuck, whatever the tracking export holds', () => {
    // Handed over at the counter and marked fulfilled: a ship time, no tracking number, no scan ever.
    expect(detect([pickedUp(shipped({ shippedAt: NOW - 50 * HOUR, trackingNumber: null }))], null, []).findings).toEqual([]);
    expect(detect([pickedUp(shipped())], null, [tr({ lastEventAt: NOW - 8 * DAY })]).findings).toEqual([]);
  });

  it('is not judged when no tracking data was loaded', () => {
    const r = detect([shipped()], null, null);
    expect(r.findings).toEqual([]);
    expect(r.checked.stalled).toBe(false);
  });

  it('ignores shipments older than the tracking horizon', () => {
    expect(detect([shipped({ shippedAt: NOW - 90 * DAY })], null, []).findings).toEqual([]);
  });
});

describe('contact-by', () => {
  const cfg = validateConfig({ promo: { periods: [{ from: '2026-11-10T00:00', to: '2026-11-13T00:00' }] } }).config;
  it('is 2 h after detection, 4 h during a promo', () => {
    expect(contactBy(NOW, cfg) - NOW).toBe(2 * HOUR);
    const during = Date.parse('2026-11-11T12:00:00+08:00');
    expect(contactBy(during, cfg) - during).toBe(4 * HOUR);
  });
  it('flags an out-of-stock case found more than 12 h after payment as late to contact', () => {
    expect(isLateToContact('oversold', NOW - 11 * HOUR, NOW, cfg)).toBe(true);
    expect(isLateToContact('oversold', NOW - 9 * HOUR, NOW, cfg)).toBe(false);
    expect(isLateToContact('late', NOW - 30 * HOUR, NOW, cfg)).toBe(false);
  });
  it('judges a payment known only by its day (midnight sharp, as Etsy exports it) from that day\'s end', () => {
    const day = Date.parse('2026-11-21T00:00:00+08:00');
    // Found the next morning: the customer may have paid at 23:00, so 11:00 is within 12 h.
    expect(isLateToContact('oversold', day, NOW, cfg)).toBe(false);
    // Found at noon, told by 14:00: late whatever hour of the 21st they paid.
    expect(isLateToContact('oversold', day, Date.parse('2026-11-22T12:00:00+08:00'), cfg)).toBe(true);
    // A time a minute past midnight is a time.
    expect(isLateToContact('oversold', day + 60_000, NOW, cfg)).toBe(true);
  });
});

describe('stock keys and statuses', () => {
  it('tries the SKU, the name as written, then the name split into title and variant', () => {
    expect(lineKeyCandidates('ab-1', 'Puff Large - Latte', null)).toEqual(['sku:ab-1', 'title:puff large - latte', 'title:puff large - latte']);
    expect(lineKeyCandidates(null, 'Women’s Dress - WHITE / S', null)).toContain("title:women's dress - white / s");
    expect(stockKeyOf(null, 'Topaz Ring', 'Default Title')).toBe('title:topaz ring');
  });

  it.each([
    ['Delivered', 'delivered'],
    ['InTransit', 'in_transit'],
    ['In Transit', 'in_transit'],
    ['Exception_Delayed', 'exception'],
    ['AttemptFail', 'failed_attempt'],
    ['DeliveryFailure_NoBody', 'failed_attempt'],
    ['Expired', 'expired'],
    ['InfoReceived', 'info_received'],
    ['NotFound', 'pending'],
    ['已签收', 'delivered'],
    ['配達完了', 'delivered'],
    ['运输中', 'in_transit'],
    ['', 'unknown'],
    ['teleported', 'unknown'],
  ])('%j → %s', (raw, status) => expect(mapTrackingStatus(raw)).toBe(status));

  it('allocation is deterministic for equal payment times', () => {
    const open = [
      { orderId: '#10', lineNo: 1, paidAt: 1, stockKey: 'k', openQuantity: 1 },
      { orderId: '#9', lineNo: 1, paidAt: 1, stockKey: 'k', openQuantity: 1 },
    ];
    const a = allocateStock(open, new Map([['k', stock('k', 1)]].map(([k, s]) => [k as string, { ...(s as StockItem), key: 'k' }])));
    expect(a.positions.get('k')!.takenBy).toEqual(['#9']);
  });
});
