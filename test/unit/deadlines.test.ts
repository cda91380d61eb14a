import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/domain/config.js';
import { atStake, claimBy, claimLabel, claimReminderAt, nearestDeadline, platformDeadline, platformOf } from '../../src/domain/deadlines.js';
import { CLAIM_WINDOWS, PLATFORM_RULES } from '../../src/domain/money-rules.js';
import { platformRates, type RateOrder } from '../../src/domain/platform-rates.js';
import { currencyDigits } from '../../src/domain/money.js';
import { DAY, HOUR } from '../../src/domain/time.js';
import { defaultShipBy, findLate } from '../../src/domain/detect.js';
import { carrierFamily } from '../../src/domain/carriers.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config = validateConfig({}).config;
const order = (over: Partial<Parameters<typeof platformDeadline>[0]> = {}) => ({
  platform: null, paidAt: NOW - 50 * HOUR, shipBy: NOW + HOUR, orderTotal: 12_900, currency: 'CNY', kinds: ['late' as const], ...over,
});

describe('platform deadlines and what is at stake', () => {
  it('knows the platform from the export format, else the channel', () => {
    expect(platformOf('Merchant', 'amazon')).toBe('amazon');
    expect(platformOf('pinduoduo', 'generic')).toBe('pinduoduo');
    expect(platformOf('PDD', null)).toBe('pinduoduo');
    expect(platformOf('shopify', 'shopify')).toBeNull();
  });

  it('a Pinduoduo order past 48 h owes 10% of the order, within ¥5–¥100', () => {
    const o = order({ platform: 'pinduoduo' });
    expect(platformDeadline(o)).toBe(NOW - 2 * HOUR);
    expect(atStake(o, null, currencyDigits, NOW)).toEqual({ rule: 'pinduoduo_late_shipment', amount: 12.9, currency: 'CNY' });
    expect(atStake({ ...o, orderTotal: 1_000 }, null, currencyDigits, NOW)!.amount).toBe(5);
    expect(atStake({ ...o, orderTotal: 500_000 }, null, currencyDigits, NOW)!.amount).toBe(100);
  });

  it('Amazon: a late order hurts the late shipment rate, an oversold one the cancel rate', () => {
    expect(atStake(order({ platform: 'amazon' }), null, currencyDigits, NOW)!.rule).toMatch(/^amazon_late_shipment_rate/);
    expect(atStake(order({ platform: 'amazon', kinds: ['oversold'] }), null, currencyDigits, NOW)!.rule).toMatch(/^amazon_pre_fulfilment_cancel_rate/);
    // The customer agreed to wait past the promise date: the order ships late, it is not cancelled.
    expect(atStake(order({ platform: 'amazon', kinds: ['oversold', 'late'], waitChosen: true }), null, currencyDigits, NOW)!.rule).toMatch(/^amazon_late_shipment_rate/);
    expect(atStake(order({ platform: 'rakuten', kinds: ['oversold'], waitChosen: true }), null, currencyDigits, NOW)).toBeNull();
    // Amazon's own date comes in its export; without it, the shop's ship-by is no platform deadline.
    expect(platformDeadline(order({ platform: 'amazon', exportShipBy: NOW + 2 * HOUR }))).toBe(NOW + 2 * HOUR);
    expect(platformDeadline(order({ platform: 'amazon' }))).toBeNull();
  });

  it('Rakuten: an oversold order risks 15 penalty points; a shop on no known platform risks nothing known', () => {
    expect(atStake(order({ platform: 'rakuten', kinds: ['oversold'] }), null, currencyDigits, NOW)!.rule).toContain('15 points');
    expect(atStake(order(), null, currencyDigits, NOW)).toBeNull();
  });

  it('an order the customer collects has no platform ship deadline and owes no late-shipment fine; only a cancellation costs', () => {
    const o = order({ platform: 'pinduoduo', kinds: ['oversold'], pickup: true });
    expect(platformDeadline(o)).toBeNull();
    expect(platformDeadline({ ...o, exportShipBy: NOW + 2 * HOUR })).toBeNull();
    expect(atStake(o, null, currencyDigits, NOW)).toBeNull();
    expect(atStake(order({ platform: 'amazon', kinds: ['oversold'], pickup: true }), null, currencyDigits, NOW)!.rule).toMatch(/^amazon_pre_fulfilment_cancel_rate/);
    // Waiting for the stock, it is not cancelled, and it cannot ship late either.
    expect(atStake(order({ platform: 'amazon', kinds: ['oversold'], waitChosen: true, pickup: true }), null, currencyDigits, NOW)).toBeNull();
  });

  it('money at stake comes before a metric: a lost part of an order still short elsewhere is its claim, not penalty points', () => {
    const o = order({ platform: 'rakuten', kinds: ['oversold', 'late', 'stalled'], currency: 'JPY' });
    expect(atStake(o, { carrier: 'Japan Post', claimBy: NOW + DAY, value: 6000 }, currencyDigits, NOW)).toEqual({ rule: "Japan Post claim: the parcel's value until claim_by", amount: 6000, currency: 'JPY' });
    // Its window closed: the points again.
    expect(atStake(o, { carrier: 'Japan Post', claimBy: NOW - DAY, value: 6000 }, currencyDigits, NOW)!.rule).toContain('15 points');
  });

  it('a lost parcel puts its value at stake until claim_by', () => {
    const stake = atStake(order({ kinds: ['stalled'] }), { carrier: 'DHL Express', claimBy: NOW + DAY }, currencyDigits, NOW);
    expect(stake).toEqual({ rule: "DHL Express claim: the parcel's value until claim_by", amount: 129, currency: 'CNY' });
    // Once the window has closed the value is lost, not at stake.
    expect(atStake(order({ kinds: ['stalled'] }), { carrier: 'DHL Express', claimBy: NOW - 1 }, currencyDigits, NOW)).toBeNull();
  });

  it('the nearest deadline still ahead, else the one passed last', () => {
    const d = (kind: 'contact' | 'ship' | 'platform' | 'claim', at: number) => ({ kind, at });
    expect(nearestDeadline([d('contact', NOW + 2 * HOUR), d('platform', NOW + HOUR), null], NOW)!.kind).toBe('platform');
    expect(nearestDeadline([d('contact', NOW - 2 * HOUR), d('ship', NOW - HOUR)], NOW)!.kind).toBe('ship');
  });
});

describe('carrier claim windows', () => {
  const shipped = Date.parse('2026-11-12T09:00:00+08:00');
  // Carriers count whole days: a window ends with its last day (23:59:59 shop time), not at the hour it began.
  const endOfDay = (ms: number) => ms + 15 * HOUR - 1000;
  it.each([
    ['usps', 'lost', 60], ['ups', 'lost', 60], ['fedex', 'lost', 270], ['dhl', 'lost', 30], ['yamato', 'lost', 365], ['japan_post', 'lost', 181],
  ] as const)('%s %s: %i days from shipping', (family, problem, days) => {
    expect(claimBy(family, problem, shipped, null, config)).toBe(endOfDay(shipped + days * DAY));
  });
  it('Japan Post EMS to mainland China has the shorter window (4 months), however the export names the country', () => {
    for (const to of ['CN', 'China', '中国', 'CHN'])
      for (const problem of ['lost', 'damaged'] as const) expect(claimBy('japan_post', problem, shipped, null, config, null, to)).toBe(endOfDay(shipped + 120 * DAY));
    for (const to of ['JP', 'TW', 'US', null]) expect(claimBy('japan_post', 'lost', shipped, null, config, null, to)).toBe(endOfDay(shipped + 181 * DAY));
    // Other carriers keep their window to China.
    expect(claimBy('dhl', 'lost', shipped, null, config, null, 'CN')).toBe(endOfDay(shipped + 30 * DAY));
  });
  it('a carrier\'s domestic terms for a parcel a shop in its home country sends within it: Japan Post knows none, FedEx US 9 months for a parcel never delivered', () => {
    const japan = validateConfig({ shop: { timezone: 'Asia/Tokyo' } }).config;
    for (const to of ['JP', 'Japan', '日本', null]) {
      expect(claimBy('japan_post', 'lost', shipped, null, japan, null, to)).toBeNull();
      expect(claimLabel('japan_post', to, japan)).toBe('Japan Post');
    }
    expect(claimBy('japan_post', 'lost', shipped, null, japan, null, 'US')).toBe(Date.parse('2027-05-12T23:59:59+09:00'));
    expect(claimLabel('japan_post', 'US', japan)).toBe('Japan Post (international)');
    const us = validateConfig({ shop: { timezone: 'America/New_York' } }).config;
    // Shipped 11 Nov, 20:00 in New York: a parcel never delivered may be claimed for 9 months (270 days), to 8 August,
    // its last second there; a damaged one within 60 days of its delivery (here the 14th): 13 January.
    for (const to of ['US', 'USA', null]) expect(claimBy('fedex', 'lost', shipped, null, us, null, to)).toBe(Date.parse('2027-08-08T23:59:59-04:00'));
    expect(claimBy('fedex', 'damaged', shipped, shipped + 3 * DAY, us, null, 'US')).toBe(Date.parse('2027-01-13T23:59:59-05:00'));
    expect(claimLabel('fedex', 'US', us)).toBe('FedEx (US domestic)');
    // UPS: a US shop's parcel inside the US has 60 days from delivery for damage; one to Canada, 14 (the air conventions).
    expect(claimBy('ups', 'damaged', shipped, shipped + 3 * DAY, us, null, 'US')).toBe(Date.parse('2027-01-13T23:59:59-05:00'));
    expect(claimLabel('ups', 'US', us)).toBe('UPS (US domestic)');
    expect(claimBy('ups', 'damaged', shipped, shipped + 3 * DAY, us, null, 'CA')).toBe(Date.parse('2026-11-28T23:59:59-05:00'));
    // A Chinese shop's FedEx parcel to the US is international.
    expect(claimBy('fedex', 'lost', shipped, null, config, null, 'US')).toBe(endOfDay(shipped + 270 * DAY));
  });
  it('counts calendar days across a change of clocks: a parcel mailed late in the evening before summer time is not given a day more', () => {
    const ny = validateConfig({ shop: { timezone: 'America/New_York' } }).config;
    // Clocks go forward on 8 March 2026; 60 days from 7 March is 6 May, whatever the hour of mailing.
    for (const at of ['2026-03-07T22:30:00-05:00', '2026-03-07T23:30:00-05:00', '2026-03-07T00:10:00-05:00'])
      expect(claimBy('usps', 'lost', Date.parse(at), null, ny), at).toBe(Date.parse('2026-05-06T23:59:59-04:00'));
    // And back on 1 November: 60 days from 31 October is 30 December.
    expect(claimBy('usps', 'lost', Date.parse('2026-10-31T00:30:00-04:00'), null, ny)).toBe(Date.parse('2026-12-30T23:59:59-05:00'));
  });
  it('Royal Mail: 80 days from posting within the UK, six months abroad; Parcelforce is not given its terms', () => {
    const uk = validateConfig({ shop: { timezone: 'Europe/London', country: 'GB' } }).config;
    // Posted 11 Nov, noon in London: 80 days on is 30 January, to its last second there.
    const posted = Date.parse('2026-11-11T12:00:00Z');
    for (const to of ['GB', 'United Kingdom', null]) expect(claimBy('royal_mail', 'lost', posted, null, uk, null, to)).toBe(Date.parse('2027-01-30T23:59:59Z'));
    expect(claimLabel('royal_mail', 'GB', uk)).toBe('Royal Mail (UK)');
    expect(claimBy('royal_mail', 'lost', posted, null, uk, null, 'FR')).toBe(Date.parse('2027-05-11T23:59:59+01:00'));
    expect(claimLabel('royal_mail', 'FR', uk)).toBe('Royal Mail (international)');
    expect(carrierFamily('Parcelforce Worldwide')).toBe('parcelforce');
    expect(carrierFamily('Royal Mail Tracked 48')).toBe('royal_mail');
    expect(claimBy('parcelforce', 'lost', posted, null, uk, null, 'GB')).toBeNull();
  });
  it('damage windows that run from delivery count from it', () => {
    expect(claimBy('fedex', 'damaged', shipped, shipped + 3 * DAY, config)).toBe(endOfDay(shipped + 24 * DAY));
  });
  it('SF Express publishes no window: none unless the config gives one', () => {
    expect(claimBy('sf_express', 'lost', shipped, null, config)).toBeNull();
    expect(claimBy('sf_express', 'lost', shipped, null, validateConfig({ claim_windows: { 'SF Express': 30 } }).config)).toBe(endOfDay(shipped + 30 * DAY));
  });
  it('the operator is reminded from the start of the day a week before the last day, or when the parcel was found lost if that was later', () => {
    const last = endOfDay(shipped + 30 * DAY);
    const weekBefore = last + 1000 - 8 * DAY; // 00:00 seven days before the last day
    expect(claimReminderAt(last)).toBe(weekBefore);
    expect(claimReminderAt(last, shipped + 10 * DAY)).toBe(weekBefore);
    expect(claimReminderAt(endOfDay(shipped + 14 * DAY), shipped + 12 * DAY)).toBe(shipped + 12 * DAY);
    expect(claimReminderAt(endOfDay(shipped + 14 * DAY), shipped + 20 * DAY)).toBe(endOfDay(shipped + 14 * DAY));
  });
  it('every rule and window names its source: a title, an address and a date', () => {
    for (const r of [...PLATFORM_RULES, ...CLAIM_WINDOWS])
      for (const s of r.sources) {
        expect(s.title.length).toBeGreaterThan(5);
        expect(s.url).toMatch(/^https?:\/\//);
        expect(s.date).toMatch(/^(\d{4}-\d{2}(-\d{2})?|undated; read \d{4}-\d{2}-\d{2})$/);
      }
    for (const family of ['usps', 'ups', 'fedex', 'dhl', 'yamato', 'japan_post', 'sf_express']) expect(CLAIM_WINDOWS.some((w) => w.family === family)).toBe(true);
  });
});

describe('platform rates for the report', () => {
  const o = (over: Partial<RateOrder>): RateOrder => ({
    channel: 'amazon', sourceFormat: 'generic', paidAt: NOW - 10 * DAY, shipBy: NOW - 9 * DAY, shippedAt: NOW - 9.5 * DAY, cancelled: false, open: false,
    shopCancelled: false, orderTotal: 1000, currency: 'USD', ...over,
  });
  it('counts late Amazon shipments and shop cancellations against 4% and 2.5%', () => {
    const orders = [...Array.from({ length: 18 }, () => o({})), o({ shippedAt: NOW - 8 * DAY }), o({ shippedAt: null, open: true }), o({ cancelled: true, shopCancelled: true })];
    const [amazon] = platformRates(orders, config, NOW);
    expect(amazon).toMatchObject({ platform: 'amazon', orders: 21, judged: 20, unjudged: 0, late: 2, late_unshipped: 1, shop_cancelled: 1 });
    expect(amazon!.metrics).toEqual([
      // Amazon divides late confirmed shipments by confirmed shipments: 1 of the 19 shipped; the one still waiting counts once it ships.
      expect.objectContaining({ id: 'amazon_late_shipment_rate', rate: 0.0526, threshold: 0.04, ok: false }),
      expect.objectContaining({ id: 'amazon_pre_fulfilment_cancel_rate', rate: 0.0476, threshold: 0.025, ok: false }),
    ]);
  });
  it('an export with no ship times (Amazon All Orders) gives no late shipment rate, not 100 % from the one order still waiting', async () => {
    const { renderPlatforms } = await import('../../src/commands/report.js');
    const { palette } = await import('../../src/ui/color.js');
    const orders = [...Array.from({ length: 20 }, () => o({ shippedAt: null, open: false })), o({ shippedAt: null, open: true })];
    const [amazon] = platformRates(orders, config, NOW);
    expect(amazon).toMatchObject({ orders: 21, judged: 1, unjudged: 20, late: 1, late_unshipped: 1 });
    expect(amazon!.metrics[0]).toMatchObject({ id: 'amazon_late_shipment_rate', rate: null, ok: null });
    const text = renderPlatforms([amazon!], palette(false));
    expect(text).toContain('20 shipped with no ship time in the export (not judged)');
    expect(text).toContain('amazon_late_shipment_rate: the export gives no ship times to judge it by (under 4 %)');
    // Etsy counts an order not shipped by its day as not on time: there the waiting order does count.
    const [etsy] = platformRates([o({ channel: 'etsy' }), o({ channel: 'etsy', shippedAt: null, open: true })], config, NOW);
    expect(etsy!.metrics[0]).toMatchObject({ id: 'etsy_on_time_shipping', rate: 0.5 });
  });

  it('leaves out of the late share the orders customers collect: they never ship', () => {
    const orders = [o({}), o({ shippedAt: NOW - 8 * DAY, pickup: true }), o({ shippedAt: null, open: true, pickup: true })];
    expect(platformRates(orders, config, NOW)[0]).toMatchObject({ platform: 'amazon', orders: 3, judged: 1, late: 0, late_unshipped: 0 });
    const pdd = platformRates([o({ channel: 'pinduoduo', currency: 'CNY', orderTotal: 12_900, shippedAt: null, open: true, pickup: true })], config, NOW)[0];
    expect(pdd).toMatchObject({ late: 0, compensation: null });
  });

  it('adds up what late Pinduoduo orders owe', () => {
    const pdd = (total: number, shippedAfterHours: number) => o({ channel: 'pinduoduo', currency: 'CNY', orderTotal: total, shippedAt: NOW - 10 * DAY + shippedAfterHours * HOUR });
    const [r] = platformRates([pdd(12_900, 50), pdd(3_000, 60), pdd(9_900, 20)], config, NOW);
    expect(r).toMatchObject({ platform: 'pinduoduo', late: 2, compensation: { amount: 17.9, currency: 'CNY' } });
  });
});

describe('docs/deadlines.md', () => {
  it('lists every rule and window with each of its sources', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/deadlines.md', import.meta.url), 'utf8');
    for (const r of [...PLATFORM_RULES, ...CLAIM_WINDOWS]) for (const s of r.sources) expect(doc, s.url).toContain(`](${s.url}), ${s.date}`);
    for (const r of PLATFORM_RULES) expect(doc).toContain(`\`${r.id}\``);
  });
});

describe('the ship-by an order is judged late against', () => {
  const paid = Date.parse('2026-11-20T10:00:00+08:00');
  it('is never later than the platform\'s own window: a 72 h shop still hears of a Pinduoduo order at 48 h', () => {
    const slow = validateConfig({ handling_hours: 72 }).config;
    expect(defaultShipBy(paid, 'pinduoduo', slow)).toBe(paid + 48 * HOUR);
    expect(defaultShipBy(paid, '拼多多', slow)).toBe(paid + 48 * HOUR);
    expect(defaultShipBy(paid, 'taobao', slow)).toBe(paid + 72 * HOUR);
    const order = { orderId: 'P2', paidAt: paid, cancelled: false, shipBy: null, shippedAt: null, carrier: null, channel: 'pinduoduo', trackingNumber: null, country: 'CN' };
    const line = { lineNo: 1, sku: 'A', title: 'A', variant: null, quantity: 1, fulfilledQuantity: 0, requiresShipping: true, unitPrice: null };
    expect(findLate(order, [line as never], slow, paid + 58 * HOUR).late).toBe('overdue');
  });
  it('is the shop\'s own when it is the sooner, and the export\'s when the export gives one', () => {
    const quick = validateConfig({ handling_hours: 24 }).config;
    expect(defaultShipBy(paid, 'pinduoduo', quick)).toBe(paid + 24 * HOUR);
    const order = { orderId: 'P4', paidAt: paid, cancelled: false, shipBy: paid + 96 * HOUR, shippedAt: null, carrier: null, channel: 'pinduoduo', trackingNumber: null, country: 'CN' };
    const line = { lineNo: 1, sku: 'A', title: 'A', variant: null, quantity: 1, fulfilledQuantity: 0, requiresShipping: true, unitPrice: null };
    expect(findLate(order, [line as never], quick, paid + 58 * HOUR).shipBy).toBe(paid + 96 * HOUR);
  });
  it('counts from the end of a payment day given without a time, and in business days on Etsy and eBay', () => {
    const chicago = validateConfig({ shop: { timezone: 'America/Chicago' }, handling_hours: 48 }).config;
    const at = (iso: string) => Date.parse(iso);
    // A date-only sale (read as midnight) on a platform counting hours: 48 h from the end of that day,
    // which ends on the day it names (23:59:59), never at the next day's midnight.
    expect(defaultShipBy(at('2026-11-18T00:00:00-06:00'), 'shopify', chicago)).toBe(at('2026-11-20T23:59:59-06:00'));
    // With a time of day, from that time.
    expect(defaultShipBy(at('2026-11-18T09:30:00-06:00'), 'shopify', chicago)).toBe(at('2026-11-20T09:30:00-06:00'));
    // Etsy, sold Friday: Monday and Tuesday are the two business days; the ship-by is the end of Tuesday.
    expect(defaultShipBy(at('2026-11-20T00:00:00-06:00'), 'etsy', chicago)).toBe(at('2026-11-24T23:59:59-06:00'));
    expect(defaultShipBy(at('2026-11-20T15:00:00-06:00'), 'etsy', chicago)).toBe(at('2026-11-24T23:59:59-06:00'));
    // Sold Monday: Tuesday and Wednesday.
    expect(defaultShipBy(at('2026-11-16T00:00:00-06:00'), 'etsy', chicago)).toBe(at('2026-11-18T23:59:59-06:00'));
    // eBay measures handling time in business days too: paid Friday with one day's handling, the parcel is due Monday.
    const oneDay = validateConfig({ shop: { timezone: 'America/Chicago' }, handling_hours: 24 }).config;
    expect(defaultShipBy(at('2026-11-20T15:00:00-06:00'), 'ebay', oneDay)).toBe(at('2026-11-23T23:59:59-06:00'));
    // A shop's own site keeps its hours.
    expect(defaultShipBy(at('2026-11-20T15:00:00-06:00'), 'shopify', oneDay)).toBe(at('2026-11-21T15:00:00-06:00'));
    // The report judges the Etsy on-time rate against the same day: the Friday sale still open on Sunday is not late.
    const sale = (paid: string) => ({ channel: 'etsy', sourceFormat: 'etsy', paidAt: at(paid), shipBy: null, shippedAt: null, cancelled: false, open: true, shopCancelled: false, orderTotal: null, currency: null });
    const [etsy] = platformRates([sale('2026-11-20T00:00:00-06:00'), sale('2026-11-16T00:00:00-06:00')], chicago, at('2026-11-22T10:00:00-06:00'));
    expect([etsy!.judged, etsy!.late]).toEqual([2, 1]);
  });
});

describe('a claim window is never shown later than it closes', () => {
  it('counts from payment when the export gives no ship time: the last tracking event can be days after the parcel left', () => {
    const paid = Date.parse('2026-06-30T10:00:00+09:00');
    const lastScan = Date.parse('2026-07-08T10:00:00+09:00');
    // (Each window runs to the end of its last day, shop time: 10:00 JST is 09:00 in Shanghai, 15 h before midnight.)
    expect(claimBy('yamato', 'lost', null, lastScan, config, paid)).toBe(paid + 365 * DAY + 15 * HOUR - 1000);
    expect(claimBy('yamato', 'lost', paid + 2 * DAY, lastScan, config, paid)).toBe(paid + 367 * DAY + 15 * HOUR - 1000);
  });
  it("Japan Post's six months from shipping end on the same day six months on, or before it", () => {
    for (const [shipped, sixMonthsOn] of [['2026-01-05', '2026-07-05'], ['2026-08-31', '2027-02-28'], ['2026-03-01', '2026-09-01']]) {
      const at = Date.parse(`${shipped}T10:00:00+09:00`);
      expect(claimBy('japan_post', 'lost', at, null, config)!).toBeLessThanOrEqual(Date.parse(`${sixMonthsOn}T23:59:59+08:00`));
    }
  });
});

describe('the report says which way a rate misses its threshold', () => {
  it('a rate that must reach its threshold (Etsy on time ≥ 95 %) is UNDER it, one that must stay below (Amazon late < 4 %) is OVER', async () => {
    const { renderPlatforms } = await import('../../src/commands/report.js');
    const { palette } = await import('../../src/ui/color.js');
    const order = (channel: string, shippedAt: number | null): RateOrder => ({
      channel, sourceFormat: 'generic', paidAt: NOW - 10 * DAY, shipBy: NOW - 9 * DAY, shippedAt, cancelled: false, open: shippedAt === null, shopCancelled: false, orderTotal: 1000, currency: 'USD',
    });
    const text = renderPlatforms(platformRates([order('etsy', NOW - 8 * DAY), order('etsy', null), order('amazon', NOW - 8 * DAY)], config, NOW), palette(false));
    expect(text).toContain('etsy_on_time_shipping 0 % (at least 95 %) UNDER');
    expect(text).toContain('amazon_late_shipment_rate 100 % (under 4 %) OVER');
    expect(text).toContain('etsy: 2 orders, 2 late of 2 judged (1 shipped late, 1 not shipped yet)');
    // A platform with no order to judge yet (only a cancelled one): said in words, not "n/a … ?".
    const none = renderPlatforms(platformRates([{ ...order('amazon', null), cancelled: true }], config, NOW), palette(false));
    expect(none).toContain('amazon_late_shipment_rate: no orders to judge yet (under 4 %)');
    expect(none).not.toMatch(/n\/a|\?/);
  });
});
