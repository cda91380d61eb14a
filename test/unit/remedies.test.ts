import { describe, expect, it } from 'vitest';
import { validateConfig, type Config } from '../../src/domain/config.js';
import { issueCoupon, policyCouponAmount } from '../../src/domain/coupon.js';
import { decideFollowup, shipmentOf, type DueState } from '../../src/domain/followup-rules.js';
import { isQuietTime, outsideQuietHours, planAfterOffer, planAfterRemedy } from '../../src/domain/followups.js';
import { customerLanguage, formatDay, formatPrice } from '../../src/domain/locale.js';
import { buildView, VIEW_VARIABLES } from '../../src/domain/message-view.js';
import { refundMethodOf } from '../../src/domain/refund-method.js';
import { assessRemedies, defaultDate, draftTerms, type CaseFacts } from '../../src/domain/remedies.js';
import { defaultDecidedBy, longDelayNeedsConsent, type CaseRecord } from '../../src/domain/planner.js';
import { buildReport, median, type ReportCase } from '../../src/domain/report.js';
import { DAY, HOUR, formatLocal, toIso } from '../../src/domain/time.js';
import { sampleFacts } from '../../src/outbox/template-samples.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config: Config = validateConfig({ shop: { timezone: 'Asia/Shanghai', currency: 'CNY' } }).config;
const local = (ms: number) => formatLocal(ms, 'Asia/Shanghai');
const facts = (kind: 'oversold' | 'late' | 'stalled' | 'lost', over: (f: CaseFacts) => void = () => {}) => {
  const f = sampleFacts(kind, 'en', config, NOW);
  over(f);
  return f;
};
const remedies = (f: CaseFacts) => assessRemedies(f, config, NOW);
const recommended = (f: CaseFacts) => remedies(f).find((o) => o.recommended)?.remedy;
const available = (f: CaseFacts) => remedies(f).filter((o) => o.available).map((o) => o.remedy).sort();

describe('which remedy is recommended (playbook §3)', () => {
  it.each<[string, 'oversold' | 'late' | 'stalled' | 'lost', (f: CaseFacts) => void, string]>([
    ['split when some lines can ship now', 'oversold', () => {}, 'split'],
    ['wait when the restock date is ≤ 7 days away', 'oversold', (f) => void (f.splitCandidate = false), 'wait'],
    ['substitute when restock is 10 days away', 'oversold', (f) => ((f.splitCandidate = false), (f.short[0]!.restockDate = NOW + 10 * DAY)), 'substitute'],
    ['substitute when no restock date is known', 'oversold', (f) => ((f.splitCandidate = false), (f.short[0]!.restockDate = null)), 'substitute'],
    ['refund when neither date nor substitute', 'oversold', (f) => ((f.splitCandidate = false), (f.short[0]!.restockDate = null), (f.substitutes = [])), 'refund'],
    ['refund when the substitute is not free after allocation', 'oversold', (f) => ((f.splitCandidate = false), (f.short[0]!.restockDate = null), (f.substitutes[0]!.free = 0)), 'refund'],
    ['a new ship date for late orders', 'late', () => {}, 'wait'],
    ['reship for a probably lost parcel', 'lost', () => {}, 'reship'],
    ['waiting for the carrier when merely stalled', 'stalled', () => {}, 'wait'],
  ])('%s', (_n, kind, over, expected) => {
    expect(recommended(facts(kind, over))).toBe(expected);
  });

  it('offers only what applies', () => {
    expect(available(facts('oversold'))).toEqual(['refund', 'split', 'substitute', 'wait']);
    expect(available(facts('late'))).toEqual(['refund', 'wait']);
    expect(available(facts('lost'))).toEqual(['refund', 'reship']);
    expect(available(facts('stalled'))).toEqual(['refund', 'reship', 'wait']);
  });

  it('offers no split shipment for an order the customer collects: nothing of it is shipped', () => {
    const collected = facts('oversold', (x) => void (x.order.pickup = true));
    expect(available(collected)).toEqual(['refund', 'substitute', 'wait']);
    expect(remedies(collected).find((o) => o.remedy === 'split')!.reason).toBe('the customer collects the order: nothing of it is shipped');
    expect(recommended(collected)).not.toBe('split');
  });

  it('does not offer waiting without a known date (never "a few days")', () => {
    const f = facts('oversold', (x) => void (x.short[0]!.restockDate = null));
    expect(remedies(f).find((o) => o.remedy === 'wait')!.offered).toBe(false);
    expect(() => draftTerms(f, 'wait', {}, config, NOW)).toThrow(/no restock date/);
    expect(draftTerms(f, 'wait', { date: NOW + 2 * DAY }, config, NOW).date).toBe(NOW + 2 * DAY);
  });

  it('a split refused after the in-stock lines shipped says so, not "nothing in stock"', () => {
    const shippedFirst = facts('oversold', (f) => {
      f.splitCandidate = false;
      const other = f.lines.find((l) => !f.short.some((s) => s.lineNo === l.lineNo))!;
      other.fulfilledQuantity = other.quantity;
    });
    const split = remedies(shippedFirst).find((o) => o.remedy === 'split')!;
    expect(split.available).toBe(false);
    expect(split.reason).toMatch(/^what was in stock has already shipped \(.+\); the rest can wait for stock or be refunded$/);
    expect(remedies(facts('oversold', (f) => void (f.splitCandidate = false))).find((o) => o.remedy === 'split')!.reason).toBe('no line of the order is in stock');
  });

  it('refuses a remedy that does not apply, and a date in the past', () => {
    expect(() => draftTerms(facts('late'), 'substitute', {}, config, NOW)).toThrow(/does not apply/);
    expect(() => draftTerms(facts('oversold'), 'wait', { date: NOW - 2 * DAY }, config, NOW)).toThrow(/in the past/);
  });
});

describe('terms: amounts and coupons', () => {
  it('an Amazon order gets no coupon (its messaging rules forbid them), and one asked for is refused', () => {
    const amazon = facts('oversold', (x) => void (x.order.channel = 'amazon'));
    expect(draftTerms(amazon, 'refund', {}, config, NOW).coupon).toBeNull();
    expect(draftTerms(amazon, 'wait', {}, config, NOW).coupon).toBeNull();
    expect(() => draftTerms(amazon, 'refund', { couponMajor: 5 }, config, NOW)).toThrow(/Amazon buyer messages may not carry a coupon/);
    expect(draftTerms(amazon, 'refund', { couponMajor: 0 }, config, NOW).coupon).toBeNull();
    expect(draftTerms(facts('oversold'), 'refund', {}, config, NOW).coupon).not.toBeNull(); // elsewhere the policy coupon stands
  });

  it("the coupon's tier goes by what the order is worth, its lines added up when the export has no total", () => {
    const withTotal = draftTerms(facts('oversold'), 'refund', {}, config, NOW).coupon!;
    const noTotal = draftTerms(facts('oversold', (f) => void (f.order.orderTotal = null)), 'refund', {}, config, NOW).coupon!;
    const lines = facts('oversold').lines.reduce((sum, l) => sum + (l.unitPrice ?? 0) * l.quantity, 0);
    expect(lines).toBeGreaterThanOrEqual(30_000);
    // Worth 300 yuan or more either way: the top tier (20), not the bottom one (5) a missing total read as 0.
    expect(noTotal.amount).toBe(2_000);
    expect(withTotal.amount).toBe(noTotal.amount);
  });

  it('substitute: a cheaper substitute refunds the difference, a dearer one is absorbed', () => {
    const cheaper = draftTerms(facts('oversold'), 'substitute', {}, config, NOW);
    expect(cheaper.substitutes[0]).toMatchObject({ sku: 'TEA-PUER-200', quantity: 1, priceDiff: 12900 - 18900 });
    expect(cheaper.refund).toBe(6000);
    const dearer = draftTerms(facts('oversold', (f) => void (f.substitutes[0]!.unitPrice = 20000)), 'substitute', {}, config, NOW);
    expect(dearer.substitutes[0]!.priceDiff).toBe(1100);
    expect(dearer.refund).toBeNull();
  });

  it('substitute in another currency than the shop\'s: no price difference is claimed, no refund of one is promised', () => {
    // The substitute costs 129.00 in the shop's CNY; the order line 189.00 was in USD.
    const usd = draftTerms(facts('oversold', (f) => void (f.order.currency = 'USD')), 'substitute', {}, config, NOW);
    expect(usd.substitutes[0]).toMatchObject({ sku: 'TEA-PUER-200', priceDiff: null });
    expect(usd.refund).toBeNull();
    // The same currency written in lower case is the same currency.
    expect(draftTerms(facts('oversold', (f) => void (f.order.currency = 'cny')), 'substitute', {}, config, NOW).substitutes[0]!.priceDiff).toBe(12900 - 18900);
  });

  it('a US shop may not decide alone on a wait of more than 30 days past the promised ship date (Mail Order Rule)', () => {
    const us = validateConfig({ shop: { timezone: 'America/New_York', currency: 'USD' } }).config;
    const late = facts('late');
    const wait = (days: number, decidedBy: 'shop' | 'customer', cfg = us) =>
      longDelayNeedsConsent(late, { ...draftTerms(late, 'wait', { date: late.shipBy! + days * DAY, decidedBy }, cfg, NOW) }, cfg);
    expect(wait(30, 'shop')).toBeNull();
    expect(wait(31, 'shop')).toMatch(/more than 30 days past the ship date promised.*FTC Mail Order Rule/);
    expect(wait(31, 'customer')).toBeNull(); // their own yes
    expect(wait(31, 'shop', config)).toBeNull(); // a shop in China: no such rule
  });

  it('refund: the whole order plus the policy coupon; split refunds only the short lines', () => {
    const refund = draftTerms(facts('oversold'), 'refund', {}, config, NOW);
    expect(refund.refund).toBe(30500);
    expect(refund.coupon?.amount).toBe(2000); // 305 ≥ 300 → 20
    const split = draftTerms(facts('oversold', (f) => void (f.short[0]!.restockDate = null)), 'split', {}, config, NOW);
    expect(split).toMatchObject({ splitRest: 'refund', refund: 18900, coupon: null });
    const splitWait = draftTerms(facts('oversold'), 'split', {}, config, NOW);
    expect(splitWait).toMatchObject({ splitRest: 'wait', refund: null, date: NOW + 3 * DAY });
  });

  it('refund: a line that ships nothing (a gift card) reached the customer at checkout and is not refunded by default', () => {
    const withGiftCard = facts('oversold', (f) => {
      f.lines.push({ ...f.lines[0]!, lineNo: 99, sku: 'GIFT-50', title: 'Gift card', variant: null, quantity: 1, fulfilledQuantity: 0, unitPrice: 5000, requiresShipping: false });
      f.order.orderTotal = (f.order.orderTotal ?? 0) + 5000;
    });
    const refund = draftTerms(withGiftCard, 'refund', {}, config, NOW);
    expect(refund.refund).toBe(30500);
    expect(refund.refundFull).toBe(false);
    expect(refund.refundLines.map((l) => l.sku)).not.toContain('GIFT-50');
  });

  // Amazon's item-price is the line's total: 3 cups for 50.00 keep a unit price of 16.67 (3 × 16.67 = 50.01).
  const threeFor50 = (over: (f: CaseFacts) => void = () => {}) =>
    facts('oversold', (f) => {
      f.order.orderTotal = null;
      f.lines = [{ ...f.lines[1]!, sku: 'CUP', quantity: 3, unitPrice: 1667, lineTotal: 5000 }];
      f.short = [{ ...f.short[0]!, sku: 'CUP', open: 3, short: 1 }];
      f.splitCandidate = false;
      f.substitutes = [];
      over(f);
    });

  it("a refund of a line names what the customer paid for it, not its rounded unit price times its quantity", () => {
    const whole = draftTerms(threeFor50(), 'refund', {}, config, NOW);
    expect(whole).toMatchObject({ refund: 5000, refundFull: true });
    // 1 of the 3 short and refunded, then the rest: 16.67 and 33.33, never 50.01 in all.
    const one = draftTerms(threeFor50((f) => (f.lines[0]!.fulfilledQuantity = 2)), 'refund', {}, config, NOW);
    expect(one.refund).toBe(1667);
    const rest = draftTerms(threeFor50(), 'refund', { refundedEarlier: 1667 }, config, NOW);
    expect(rest).toMatchObject({ refund: 3333, refundFull: true });
    // Two of the three short: a split-like refund of the missing units is their share of the 50.00.
    const two = threeFor50((f) => ((f.short[0]!.short = 2), (f.short[0]!.restockDate = null)));
    two.lines.push({ ...two.lines[0]!, lineNo: 9, sku: 'SAUCER', quantity: 1, unitPrice: 500, lineTotal: 500 });
    two.splitCandidate = true;
    expect(draftTerms(two, 'split', {}, config, NOW)).toMatchObject({ splitRest: 'refund', refund: 3333 });
  });

  it("a swap's price difference is against what the customer paid for the units replaced", () => {
    const swap = threeFor50((f) => {
      f.short[0]!.short = 3;
      f.substitutes = [{ forSku: 'CUP', sku: 'CUP-S', title: 'Small cup', variant: null, free: 5, unitPrice: 1500, note: null }];
    });
    // 3 × 15.00 in place of 50.00: 5.00 back, not 5.01.
    expect(draftTerms(swap, 'substitute', {}, config, NOW).refund).toBe(500);
  });

  it('a line a promotion made cheaper is refunded at what was paid', () => {
    // Listed at 19.99 each (the unit price Shopify's export keeps), 5.00 off the pair: 34.98 paid.
    const promo = threeFor50((f) => (f.lines[0] = { ...f.lines[0]!, quantity: 2, unitPrice: 1999, lineTotal: 3498 }));
    expect(draftTerms(promo, 'refund', {}, config, NOW).refund).toBe(3498);
  });

  it.each([
    [5000, [], 500],
    [10000, [], 1500],
    [29999, ['vip'], 2000],
    [30000, [], 2000],
    [null, [], 500],
  ])('coupon policy for total %s tags %j is %s', (total, tags, amount) => {
    expect(policyCouponAmount(total, tags as string[], 'CNY', config).amount).toBe(amount);
  });

  it('coupon tiers are amounts of the shop currency: a yen shop starts from yen amounts, an order in another currency gets none by itself', () => {
    const yen = validateConfig({ shop: { timezone: 'Asia/Tokyo', currency: 'JPY' } }).config;
    expect(policyCouponAmount(1280, [], 'JPY', yen).amount).toBe(100); // not a 5-yen coupon
    expect(policyCouponAmount(8000, ['VIP'], 'JPY', yen).amount).toBe(600);
    expect(policyCouponAmount(29900, [], 'USD', config)).toEqual({ amount: 0, basis: expect.stringMatching(/order is in USD and the coupon policy in CNY/) });
    const rupee = validateConfig({ shop: { timezone: 'Asia/Kolkata', currency: 'INR' } }).config;
    expect(policyCouponAmount(189900, [], 'INR', rupee)).toEqual({ amount: 0, basis: expect.stringMatching(/no coupon policy for INR/) });
    const own = validateConfig({ shop: { timezone: 'Asia/Tokyo', currency: 'JPY' }, coupon: { tiers: [{ min_order_total: 0, amount: 250 }] } }).config;
    expect(policyCouponAmount(1280, [], 'JPY', own).amount).toBe(250);
  });

  it('coupon: operator override, 0 = none, deterministic code, validity ≥ 15 days to end of day', () => {
    const order = { orderId: '#1', orderTotal: 10000, tags: [] };
    const c = issueCoupon(order, 'CNY', config, NOW)!;
    expect(c.code).toMatch(/^SORRY-[0-9A-Z]{7}$/);
    expect(issueCoupon(order, 'CNY', config, NOW)!.code).toBe(c.code);
    expect(local(c.expiresAt)).toBe('2026-12-07 23:59');
    expect(issueCoupon(order, 'CNY', config, NOW, 8)!.amount).toBe(800);
    expect(issueCoupon(order, 'CNY', config, NOW, 0)).toBeNull();
    expect(issueCoupon(order, 'JPY', config, NOW, 500)!.amount).toBe(500);
  });

  it("a late order's new ship day is one its carrier collects on: a Saturday's notice says Monday where no parcel leaves on Sunday", () => {
    const uk = validateConfig({ shop: { timezone: 'Europe/London', country: 'GB', currency: 'GBP' } }).config;
    const saturday = Date.parse('2026-10-24T09:00:00+01:00');
    const late = (carrier: string | null) => {
      const f = sampleFacts('late', 'en', uk, saturday);
      return { ...f, order: { ...f.order, carrier, trackingNumber: null } };
    };
    const day = (ms: number, tz: string) => formatLocal(ms, tz).slice(0, 10);
    // No carrier on the order yet: the shop's post (Royal Mail) does not work Sundays.
    expect(day(defaultDate(late(null), uk, saturday), 'Europe/London')).toBe('2026-10-26');
    expect(day(defaultDate(late('Royal Mail'), uk, saturday), 'Europe/London')).toBe('2026-10-26');
    // A carrier that scans on Sundays keeps the next day.
    expect(day(defaultDate(late('SF Express'), uk, saturday), 'Europe/London')).toBe('2026-10-25');
    // A Chinese shop, carrier not known yet: any day will do.
    const cnSaturday = Date.parse('2026-10-24T09:00:00+08:00');
    const cn = { ...sampleFacts('late', 'en', config, cnSaturday) };
    expect(day(defaultDate({ ...cn, order: { ...cn.order, carrier: null, trackingNumber: null } }, config, cnSaturday), 'Asia/Shanghai')).toBe('2026-10-25');
    // A weekday is left as it is.
    const tuesday = Date.parse('2026-10-20T09:00:00+01:00');
    expect(day(defaultDate(late(null), uk, tuesday), 'Europe/London')).toBe('2026-10-21');
  });

  it('reship carries the new tracking number and notes the carrier claim', () => {
    expect(draftTerms(facts('lost'), 'reship', { trackingNumber: ' SF9 ' }, config, NOW)).toMatchObject({ trackingNumber: 'SF9', carrier: 'SF Express', carrierClaim: true });
  });
});

describe('follow-up plan (playbook §4) and quiet hours', () => {
  it.each([
    ['2026-11-22T20:59:00+08:00', false],
    ['2026-11-22T21:00:00+08:00', true],
    ['2026-11-23T03:00:00+08:00', true],
    ['2026-11-23T09:00:00+08:00', false],
  ])('%s quiet: %s', (t, quiet) => expect(isQuietTime(Date.parse(t), config)).toBe(quiet));

  it('moves night times to the end of the quiet hours, shop time', () => {
    expect(local(outsideQuietHours(Date.parse('2026-11-22T23:30:00+08:00'), config))).toBe('2026-11-23 09:00');
    expect(local(outsideQuietHours(Date.parse('2026-11-23T02:00:00+08:00'), config))).toBe('2026-11-23 09:00');
    expect(local(outsideQuietHours(Date.parse('2026-11-23T12:00:00+08:00'), config))).toBe('2026-11-23 12:00');
  });

  it.each([
    // offer made at, reply by (24 h later), reminder due: always before the deadline, never at night.
    ['2026-11-22T22:00:00+08:00', '2026-11-23 16:00'],
    ['2026-11-22T14:00:00+08:00', '2026-11-23 09:00'],
    ['2026-11-22T10:00:00+08:00', '2026-11-22 20:00'],
    ['2026-11-22T09:00:00+08:00', '2026-11-22 20:00'],
    ['2026-11-22T20:30:00+08:00', '2026-11-23 14:30'],
  ])('an offer made at %s gets its reminder at %s, while the customer can still answer', (at, due) => {
    const offer = Date.parse(at);
    const [r] = planAfterOffer(offer, offer + 24 * 3_600_000, config);
    expect(local(r!.dueAt)).toBe(due);
    expect(isQuietTime(r!.dueAt, config)).toBe(false);
    expect(r!.dueAt).toBeLessThan(offer + 24 * 3_600_000);
    expect(r!.dueAt).toBeGreaterThanOrEqual(offer + 2 * 3_600_000);
  });

  it('wait: a daily update until the restock day, then the tracking number and a satisfaction check', () => {
    const terms = draftTerms(facts('oversold'), 'wait', {}, config, NOW);
    const plan = planAfterRemedy(terms, NOW, config).map((p) => `${p.kind} ${local(p.dueAt)}`);
    expect(plan).toEqual(['wait_update 2026-11-23 10:00', 'wait_update 2026-11-24 10:00', 'shipped 2026-11-26 10:00', 'satisfaction 2026-11-29 10:00']);
  });

  it('a long wait: an update every day until the date, as the confirmation says, not two weeks of them', () => {
    const terms = { ...draftTerms(facts('oversold'), 'wait', {}, config, NOW), date: NOW + 28 * 86_400_000 };
    const updates = planAfterRemedy(terms, NOW, config).filter((p) => p.kind === 'wait_update');
    expect(updates).toHaveLength(27);
    expect(local(updates.at(-1)!.dueAt)).toBe('2026-12-19 10:00');
  });

  it('refund: a check that it arrived after 24 h and a caring check-in a week later', () => {
    const plan = planAfterRemedy(draftTerms(facts('oversold'), 'refund', {}, config, NOW), NOW, config).map((p) => `${p.kind} ${local(p.dueAt)}`);
    expect(plan).toEqual(['refund_check 2026-11-23 09:00', 'checkin 2026-11-29 10:00']);
  });

  it('substitute with a lower price: shipped, refund check, satisfaction', () => {
    const plan = planAfterRemedy(draftTerms(facts('oversold'), 'substitute', {}, config, NOW), NOW, config).map((p) => p.kind);
    expect(plan).toEqual(['refund_check', 'shipped', 'satisfaction']);
  });

  it('reship without a tracking number waits to send it; with one, only the satisfaction check', () => {
    expect(planAfterRemedy(draftTerms(facts('lost'), 'reship', {}, config, NOW), NOW, config).map((p) => p.kind)).toEqual(['shipped', 'satisfaction']);
    expect(planAfterRemedy(draftTerms(facts('lost'), 'reship', { trackingNumber: 'X' }, config, NOW), NOW, config).map((p) => p.kind)).toEqual(['satisfaction']);
  });
});

describe('who decided, when the operator does not say', () => {
  const waitTerms = () => draftTerms(facts('late'), 'wait', { date: NOW + 3 * DAY, decidedBy: 'customer' }, config, NOW);
  const rec = (over: Partial<CaseRecord>): CaseRecord => ({ orderId: '#1', state: 'offered', remedy: null, terms: null, repliedAt: null, choice: null, ...over });
  it.each<[string, Partial<CaseRecord>, 'wait' | 'refund', 'customer' | 'shop']>([
    ['no reply yet', {}, 'refund', 'shop'],
    ['the customer answered the offer', { repliedAt: NOW }, 'refund', 'customer'],
    ['the customer named this remedy', { repliedAt: NOW, choice: 'refund' }, 'refund', 'customer'],
    ['the customer named another remedy', { repliedAt: NOW, choice: 'wait' }, 'refund', 'shop'],
    ['the same remedy again keeps who chose it', { state: 'remedy_chosen', remedy: 'wait', repliedAt: NOW, choice: 'wait' }, 'wait', 'customer'],
    // The customer chose to wait; the shop now refunds instead: "as you asked" would be false.
    ['the shop changes the customer\'s choice', { state: 'remedy_chosen', remedy: 'wait', repliedAt: NOW, choice: 'wait' }, 'refund', 'shop'],
    ['the customer asked for the change', { state: 'remedy_chosen', remedy: 'wait', repliedAt: NOW, choice: 'refund' }, 'refund', 'customer'],
  ])('%s → %s', (_n, over, remedy, who) => {
    const record = rec(over);
    if (record.state === 'remedy_chosen') record.terms = waitTerms();
    expect(defaultDecidedBy(record, remedy)).toBe(who);
  });
});

describe('a due follow-up is re-checked before it is written', () => {
  const base: DueState = { kind: 'reminder', caseState: 'offered', remedy: null, repliedAt: null, plannedAt: NOW - DAY, shipped: false, partlyShipped: false, hasTracking: false, delivered: false, remindersSent: 0 };
  it.each<[string, Partial<DueState>, string]>([
    ['reminder with no reply', {}, 'send'],
    ['reminder after the customer replied', { repliedAt: NOW - HOUR }, 'cancel'],
    ['reminder after a remedy was chosen', { caseState: 'remedy_chosen', remedy: 'wait' }, 'cancel'],
    ['anything on a closed case', { kind: 'checkin', caseState: 'closed' }, 'cancel'],
    ['shipped before it shipped', { kind: 'shipped', caseState: 'remedy_chosen', remedy: 'wait' }, 'postpone'],
    ['shipped without a tracking number', { kind: 'shipped', caseState: 'remedy_chosen', remedy: 'wait', shipped: true }, 'postpone'],
    ['shipped with tracking', { kind: 'shipped', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true }, 'send'],
    ['split: the first parcel', { kind: 'shipped', caseState: 'remedy_chosen', remedy: 'split', partlyShipped: true, hasTracking: true }, 'send'],
    ['wait update after shipping', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true }, 'cancel'],
    ['satisfaction before delivery of a substitute', { kind: 'satisfaction', caseState: 'remedy_chosen', remedy: 'substitute' }, 'postpone'],
    ['satisfaction after a refund', { kind: 'satisfaction', caseState: 'remedy_chosen', remedy: 'refund' }, 'send'],
    // A stuck parcel shipped long ago: "shipped" says nothing about it. Daily updates while stuck, one when it moves.
    ['wait update on a stuck parcel still stuck', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'stuck' }, 'send'],
    ['wait update on a stuck parcel moving again, not yet told', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'moving' }, 'send'],
    ['wait update on a stuck parcel moving again, told', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'told' }, 'cancel'],
    ['wait update on a stuck parcel delivered', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, delivered: true, stalledWait: 'moving' }, 'cancel'],
    ['wait update when one already went out today', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: false, updatedToday: true }, 'cancel'],
    ['carrier-chase update when one already went out today', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'stuck', updatedToday: true }, 'cancel'],
    // A run that missed days: "if nothing by <day>" once that day is over is untrue; the date-slipped message speaks.
    ['carrier-chase update after the day it names', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'stuck', waitDatePassed: true }, 'cancel'],
    ['moving-again news after that day', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'moving', waitDatePassed: true }, 'send'],
    ['moving again, though an update went out earlier today', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, hasTracking: true, stalledWait: 'moving', updatedToday: true }, 'send'],
    ['delivered before the customer chose', { kind: 'wait_update', caseState: 'offered', remedy: null, shipped: true, delivered: true, stalledWait: 'moving' }, 'send'],
    ["wait update for a split's rest after the first parcel arrived", { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'split', partlyShipped: true, delivered: true, parcelPending: true }, 'send'],
    ['wait update after a plain wait was delivered', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'reship', delivered: true }, 'cancel'],
    ['satisfaction before the reship has left', { kind: 'satisfaction', caseState: 'remedy_chosen', remedy: 'reship', shipped: true, parcelPending: true }, 'postpone'],
    ['satisfaction once the reship has left', { kind: 'satisfaction', caseState: 'remedy_chosen', remedy: 'reship', shipped: true }, 'send'],
    ['satisfaction while the reship is still on its way', { kind: 'satisfaction', caseState: 'remedy_chosen', remedy: 'reship', shipped: true, parcelInTransit: true }, 'postpone'],
    // A US customer asked to agree to a new date: no update presumes the yes, none follows a lapsed one.
    ['wait update while a yes to the new date is awaited', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', consent: 'asked' }, 'postpone'],
    ['wait update after the deadline for that yes passed', { kind: 'wait_update', caseState: 'remedy_chosen', remedy: 'wait', consent: 'lapsed' }, 'cancel'],
    // A pickup order handed over at the shop: no parcel, no number; the wait's parcel never "leaves".
    ['shipped for a pickup order collected', { kind: 'shipped', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, collected: true }, 'cancel'],
    ['satisfaction for a pickup order collected', { kind: 'satisfaction', caseState: 'remedy_chosen', remedy: 'wait', shipped: true, parcelPending: true, collected: true }, 'send'],
  ])('%s → %s', (_n, over, action) => {
    expect(decideFollowup({ ...base, ...over }, config, NOW).action).toBe(action);
  });
});

describe('how far an order has shipped, as a follow-up sees it', () => {
  it('nothing shipped, no parcel', () => {
    expect(shipmentOf(facts('late'))).toEqual({ shipped: false, partlyShipped: false, hasTracking: false, delivered: false, collected: false });
  });
  it('a pickup order handed over is collected; one still at the shop is not', () => {
    const handed = facts('late', (x) => {
      x.order.pickup = true;
      for (const l of x.lines) l.fulfilledQuantity = l.quantity;
    });
    expect(shipmentOf(handed)).toMatchObject({ shipped: true, collected: true, hasTracking: false });
    expect(shipmentOf(facts('late', (x) => (x.order.pickup = true)))).toMatchObject({ shipped: false, collected: false });
  });
  it('one line of two shipped: partly, not wholly', () => {
    const f = facts('late', (x) => {
      x.lines[0]!.fulfilledQuantity = x.lines[0]!.quantity;
    });
    expect(shipmentOf(f)).toMatchObject({ shipped: false, partlyShipped: true });
  });
  it('lines that need no shipping (a gift card) do not hold the order back', () => {
    const f = facts('late', (x) => {
      x.lines[0]!.fulfilledQuantity = x.lines[0]!.quantity;
      x.lines[1]!.requiresShipping = false;
    });
    expect(shipmentOf(f)).toMatchObject({ shipped: true, partlyShipped: true });
  });
  it('a parcel in transit has tracking; delivered once the carrier says so or gives a delivery time', () => {
    const f = facts('stalled');
    expect(shipmentOf(f)).toMatchObject({ shipped: true, hasTracking: true, delivered: false });
    expect(shipmentOf({ ...f, tracking: { ...f.tracking!, status: 'delivered' } }).delivered).toBe(true);
    expect(shipmentOf({ ...f, tracking: { ...f.tracking!, deliveredAt: NOW - HOUR } }).delivered).toBe(true);
  });
});

describe('messages: language, money, dates, refund wording', () => {
  it.each([
    ['ja', null, 'ja'],
    ['zh-CN', null, 'zh'],
    // A Chinese shop does not guess Japanese from the country: English, as to any foreign buyer.
    [null, 'JP', 'en'],
    [null, 'US', 'en'],
    [null, null, 'zh'],
  ])('language %s country %s → %s', (l, c, expected) => expect(customerLanguage(l, c, 'zh')).toBe(expected));

  it('formats concrete days and prices per language', () => {
    const d = Date.parse('2026-11-26T00:00:00+08:00');
    expect(formatDay(d, 'zh', 'Asia/Shanghai', NOW)).toBe('11月26日（周四）');
    expect(formatDay(d, 'ja', 'Asia/Shanghai', NOW)).toBe('11月26日（木）');
    expect(formatDay(d, 'en', 'Asia/Shanghai', NOW)).toBe('Thursday 26 November');
    expect(formatDay(d + 40 * DAY, 'en', 'Asia/Shanghai', NOW)).toBe('Tuesday 5 January');
    expect(formatDay(d + 250 * DAY, 'en', 'Asia/Shanghai', NOW)).toBe('Tuesday 3 August 2027');
    expect(formatPrice(1280, 'JPY', 'ja')).toBe('1,280円');
    expect(formatPrice(1500, 'CNY', 'zh')).toBe('¥15.00');
    // ¥ is yen to a Japanese reader and yuan to a Chinese one: the other currency is spelt out.
    expect(formatPrice(29900, 'CNY', 'ja')).toBe('299元');
    expect(formatPrice(1280, 'JPY', 'zh')).toBe('1,280日元');
    expect(formatPrice(29900, 'CNY', 'en')).toBe('CN¥299.00');
    expect(formatPrice(1280, 'JPY', 'en')).toBe('¥1,280');
    expect(formatPrice(-1500, 'CNY', 'ja')).toBe('-15元');
  });

  it.each([
    ['Visa', 'card'],
    ['bank_transfer', 'bank'],
    ['楽天ポイント', 'points'],
    ['alipay', 'platform'],
    [null, 'original'],
    // Paid on delivery: nothing to send back, never the bank's "reply with your account".
    ['代金引換', 'cod'],
    ['代引き', 'cod'],
    ['货到付款', 'cod'],
    ['Cash on Delivery (COD)', 'cod'],
    ['cod', 'cod'],
    // "cod" inside a word is not cash on delivery.
    ['QR code', 'original'],
  ])('payment %s refunds as %s', (p, m) => expect(refundMethodOf(p)).toBe(m));

  it('[D8 D10] the view holds only allowlisted data, no functions, and no prototype', () => {
    const f = facts('oversold');
    const view = buildView({ facts: f, terms: null, options: remedies(f) }, 'en', config, NOW);
    expect(Object.getPrototypeOf(view)).toBeNull();
    for (const [k, v] of Object.entries(view)) {
      expect(k in VIEW_VARIABLES).toBe(true);
      expect(['string', 'boolean']).toContain(typeof v);
    }
    expect(view.constructor).toBeUndefined();
  });

  it("the carrier's last scan names its zone unless the customer is known to share the shop's", () => {
    const lastScan = (country: string | null) => {
      const f = facts('stalled', (x) => void (x.order.country = country));
      return buildView({ facts: f, terms: null, options: remedies(f) }, 'en', config, NOW).last_event_at as string;
    };
    // No country (the shop's own customer), or one whose one zone is the shop's: the bare time.
    expect(lastScan(null)).toMatch(/\d\d:\d\d$/);
    expect(lastScan('China')).toMatch(/\d\d:\d\d$/);
    // In the customer's own zone, named, however the export spells the country.
    expect(lastScan('Japan')).toMatch(/\(Japan Standard Time\)$/);
    // A country of several zones: the shop's time, but said to be the shop's.
    expect(lastScan('US')).toMatch(/\(China Standard Time\)$/);
  });

  it('leaves out what is unknown instead of rendering it empty', () => {
    const f = facts('oversold', (x) => void (x.order.customerName = '  '));
    const view = buildView({ facts: f, terms: null, options: remedies(f) }, 'en', config, NOW);
    expect('customer_name' in view).toBe(false);
  });
});

describe('report figures', () => {
  const c = (over: Partial<ReportCase>): ReportCase => ({
    order_id: '#1', kind: 'oversold', kinds: ['oversold'], state: 'closed', first_detected_at: toIso(NOW), contact_by: toIso(NOW + 2 * HOUR),
    first_contact_at: null, closed_at: null, remedy: null, choice: null, offered_at: null, outcome: null, short_skus: [], carrier: null, refund: null, refund_full: null, paid_on_delivery: false, coupon: null, currency: 'CNY',
    ever_kinds: over.kinds ?? ['oversold'], ...over,
  });
  it('a case that closed by itself before anyone told the customer, past its contact-by, is counted apart from "on time"', () => {
    const r = buildReport(
      [
        c({ first_contact_at: toIso(NOW + 30 * 60_000), state: 'closed', closed_at: toIso(NOW + 5 * HOUR) }),
        c({ state: 'closed', closed_at: toIso(NOW + 3 * HOUR) }),
        c({ state: 'closed', closed_at: toIso(NOW + HOUR) }),
      ],
      { since: null, until: null, now: NOW + 6 * HOUR, timeZone: 'Asia/Shanghai' },
    );
    expect(r.contact).toMatchObject({ contacted: 1, within_target: 1, closed_uncontacted_late: 1 });
  });
  it('a case counts once, under the first problem it ever had: oversold, though it went on to be late or stuck', () => {
    const r = buildReport(
      [
        c({ kind: 'late', kinds: ['late'], ever_kinds: ['oversold', 'late'] }),
        c({ kind: 'stalled', kinds: ['stalled'], ever_kinds: ['late', 'stalled'] }),
        c({ kind: 'stalled', kinds: ['stalled'] }),
      ],
      { since: null, until: null, now: NOW + HOUR, timeZone: 'Asia/Shanghai' },
    );
    expect(r.cases.by_kind).toEqual({ oversold: 1, late: 1, stalled: 1 });
    expect(r.cases.by_day).toEqual([{ day: expect.any(String), oversold: 1, late: 1, stalled: 1 }]);
  });
  it('an order paid on delivery and cancelled is money never collected, not money refunded', () => {
    const r = buildReport(
      [
        c({ remedy: 'refund', refund: 1000 }),
        c({ remedy: 'refund', refund: 2500, refund_full: true, paid_on_delivery: true, coupon: 300 }),
        // A cheaper substitute paid on delivery: the order ships, for 500 less. Nothing was cancelled.
        c({ remedy: 'substitute', refund: 500, refund_full: false, paid_on_delivery: true }),
        // A substitute priced 0 in the inventory: the whole order's value less to collect, and still delivered.
        c({ remedy: 'substitute', refund: 2000, refund_full: true, paid_on_delivery: true }),
      ],
      { since: null, until: null, now: NOW + HOUR, timeZone: 'Asia/Shanghai' },
    );
    expect(r.money).toEqual([{ currency: 'CNY', refunded: 1000, refunds: 1, not_collected: 5000, cancellations_unpaid: 1, collected_less: 2, coupons: 1, coupon_value: 300 }]);
  });
  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('contact times against the window, shares and money', () => {
    const r = buildReport(
      [
        c({ first_contact_at: toIso(NOW + 30 * 60_000), remedy: 'refund', refund: 1000, coupon: 500 }),
        c({ kind: 'late', kinds: ['late'], first_contact_at: toIso(NOW + 3 * HOUR), remedy: 'wait', coupon: 500 }),
        c({ kind: 'stalled', kinds: ['stalled'], state: 'detected', carrier: 'SF' }),
        c({ short_skus: [{ sku: 'A', short: 2 }], state: 'offered', offered_at: toIso(NOW), choice: 'wait', first_contact_at: toIso(NOW + HOUR) }),
      ],
      { since: null, until: null, now: NOW + 5 * HOUR, timeZone: 'Asia/Shanghai' },
    );
    expect(r.cases.by_kind).toEqual({ oversold: 2, late: 1, stalled: 1 });
    expect(r.cases.share_by_kind.late).toBe(25);
    expect(r.contact).toMatchObject({ contacted: 3, within_target: 2, share_within_target: 66.7, median_minutes: 60, worst_minutes: 180, not_contacted_overdue: 1 });
    expect(r.customer_choices).toEqual({ wait: 1 });
    expect(r.money).toEqual([{ currency: 'CNY', refunded: 1000, refunds: 1, not_collected: 0, cancellations_unpaid: 0, collected_less: 0, coupons: 2, coupon_value: 1000 }]);
    expect(r.top_oversold_skus).toEqual([{ sku: 'A', cases: 1, units_short: 2 }]);
    expect(r.stalled_by_carrier).toEqual([{ carrier: 'SF', cases: 1 }]);
    expect(r.open).toMatchObject({ count: 2, oldest_hours: 5 });
  });
});

describe('refunds say what they cover', () => {
  it('after a split shipped its first parcel, a refund covers what has not shipped, and is not "full"', () => {
    // Line 1 (the jasmine tea, 2 × 58.00) left in the first parcel; line 2 (the pu-erh cake, 189.00) did not.
    const f = facts('oversold', (x) => (x.lines[0]!.fulfilledQuantity = x.lines[0]!.quantity));
    const t = draftTerms(f, 'refund', {}, config, NOW);
    expect(t.refund).toBe(18900);
    expect(t.refundFull).toBe(false);
    expect(t.refundLines).toEqual([expect.objectContaining({ title: 'Aged Pu-erh Tea Cake', sku: 'TEA-PUER-357', variant: '357 g', quantity: 1 })]);
  });

  it('a refund of the whole order is full; an amount below it is partial; a lost parcel is refunded whole', () => {
    expect(draftTerms(facts('oversold'), 'refund', {}, config, NOW)).toMatchObject({ refund: 30500, refundFull: true });
    expect(draftTerms(facts('oversold'), 'refund', { refundMajor: 30 }, config, NOW)).toMatchObject({ refund: 3000, refundFull: false });
    expect(draftTerms(facts('lost'), 'refund', {}, config, NOW)).toMatchObject({ refund: 30500, refundFull: true });
  });

  it('a reship is neither offered nor recommended when the stock cannot cover it, and says which SKU', () => {
    const f = facts('lost', (x) => (x.freeStock = new Map([['sku:tea-jasmine-100', 5], ['sku:tea-puer-357', 0]])));
    const reship = remedies(f).find((o) => o.remedy === 'reship')!;
    expect(reship.available).toBe(false);
    expect(reship.recommended).toBe(false);
    expect(reship.reason).toMatch(/TEA-PUER-357: 0 free, 1 needed/);
    expect(recommended(f)).toBe('refund');
  });
});

describe('when a refund is checked on', () => {
  const refundTerms = () => draftTerms(facts('oversold'), 'refund', {}, config, NOW);
  it('a card refund: a week later (it takes working days to show), the check-in after it', () => {
    const plan = planAfterRemedy(refundTerms(), NOW, config, 'card').map((p) => `${p.kind} ${local(p.dueAt)}`);
    expect(plan).toEqual(['refund_check 2026-11-29 10:00', 'checkin 2026-12-02 10:00']);
  });
  it('Alipay, WeChat Pay: the next day', () => {
    for (const method of ['alipay', 'wechat']) {
      const plan = planAfterRemedy(refundTerms(), NOW, config, method).map((p) => `${p.kind} ${local(p.dueAt)}`);
      expect(plan[0]).toBe('refund_check 2026-11-23 09:00');
    }
  });
  it('points, which the platform returns in its own time (the message says it can take days): a week on, as a card', () => {
    const plan = planAfterRemedy(refundTerms(), NOW, config, '楽天ポイント').map((p) => `${p.kind} ${local(p.dueAt)}`);
    expect(plan).toEqual(['refund_check 2026-11-29 10:00', 'checkin 2026-12-02 10:00']);
  });
});
