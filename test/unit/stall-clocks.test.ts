import { carrierNameFor } from '../../src/domain/carriers.js';
import { describe, expect, it } from 'vitest';
import { validateConfig, type Config } from '../../src/domain/config.js';
import { detectProblems, type OrderWithLines } from '../../src/domain/detect.js';
import { carrierFamily, chooseClock, countedTime, homeCountry, laneOf, learnedKey } from '../../src/domain/stall-clocks.js';
import { renewedDelayNeedsConsent } from '../../src/domain/platform-rules.js';
import { DAY, HOUR } from '../../src/domain/time.js';
import type { Order, Tracking } from '../../src/domain/types.js';

// A Sunday morning, shop time.
const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config: Config = validateConfig({ shop: { timezone: 'Asia/Shanghai', country: 'CN' } }).config;

function parcel(over: Partial<Order>, t: Partial<Tracking> | null): { orders: OrderWithLines[]; tracking: Tracking[] } {
  const order = {
    orderId: '#1', paidAt: NOW - 20 * DAY, cancelled: false, shipBy: null, shippedAt: NOW - 15 * DAY, carrier: 'SF Express',
    channel: null, trackingNumber: 'T1', country: 'CN', ...over,
  };
  const lines = [{ orderId: '#1', lineNo: 1, sku: 'A', title: null, variant: null, quantity: 1, fulfilledQuantity: 1, unitPrice: 100, requiresShipping: true }];
  const tracking = t ? [{ trackingNumber: 'T1', carrier: order.carrier, status: 'in_transit' as const, lastEventAt: NOW - HOUR, lastEvent: 'hub scan', deliveredAt: null, ...t }] : [];
  return { orders: [{ order, lines }], tracking };
}

const judge = (p: ReturnType<typeof parcel>, cfg = config, learned: Map<string, { hours: number; parcels: number }> | null = null, now = NOW) =>
  detectProblems({ orders: p.orders, stock: null, tracking: p.tracking, config: cfg, now, learned }).findings[0] ?? null;

describe('stall clocks', () => {
  it('a domestic parcel with no scan for 30 h is not stalled; at 73 h it is', () => {
    expect(judge(parcel({}, { lastEventAt: NOW - 30 * HOUR }))).toBeNull();
    const f = judge(parcel({}, { lastEventAt: NOW - 73 * HOUR }))!;
    expect(f.stalled).toBe('stalled');
    expect(f.clock).toMatchObject({ event: 'no_new_scan', threshold_hours: 72, learned: false });
  });

  it('an international parcel waits 7 days, at customs 10 days', () => {
    expect(judge(parcel({ country: 'US' }, { lastEventAt: NOW - 5 * DAY }))).toBeNull();
    const customs = { status: 'in_transit' as const, lastEvent: 'Customs clearance in progress' };
    expect(judge(parcel({ country: 'US' }, { ...customs, lastEventAt: NOW - 4 * DAY }))).toBeNull();
    const f = judge(parcel({ country: 'US' }, { ...customs, lastEventAt: NOW - 11 * DAY }))!;
    expect(f.clock).toMatchObject({ event: 'customs', threshold_hours: 240 });
    expect(f.reasons[0]).toContain('held at customs');
    // A customs hold is slow, not lost.
    expect(f.stalled).toBe('stalled');
  });

  it('a label never scanned for 50 h is flagged as not handed over, in its own words', () => {
    const f = judge(parcel({}, { status: 'info_received', lastEventAt: NOW - 50 * HOUR, lastEvent: 'Label created' }))!;
    expect(f.clock).toMatchObject({ event: 'no_first_scan', threshold_hours: 48, learned: false });
    expect(f.reasons[0]).toMatch(/not handed over\? label created, never scanned by the carrier since \d{4}-\d\d-\d\d \d\d:\d\d/);
    // The same facts judged an hour later give the same reason: stored reasons hold no "for 2d 2h".
    expect(judge(parcel({}, { status: 'info_received', lastEventAt: NOW - 50 * HOUR, lastEvent: 'Label created' }), config, null, NOW + HOUR)!.reasons).toEqual(f.reasons);
    expect(judge(parcel({}, { status: 'info_received', lastEventAt: NOW - 40 * HOUR }))).toBeNull();
  });

  it('an exception is flagged at once', () => {
    const f = judge(parcel({}, { status: 'exception', lastEventAt: NOW - 60_000, lastEvent: 'Address problem' }))!;
    expect(f.stalled).toBe('exception');
    expect(f.clock).toMatchObject({ event: 'exception', threshold_hours: 0 });
  });

  it('a tighter learned threshold replaces the default and says so; a looser one does not', () => {
    const learned = new Map([[learnedKey('sf_express', 'domestic'), { hours: 59.5, parcels: 200 }]]);
    const f = judge(parcel({}, { lastEventAt: NOW - 62 * HOUR }), config, learned)!;
    expect(f.clock).toMatchObject({ event: 'no_new_scan', threshold_hours: 60, learned: true });
    expect(f.clock!.why).toContain('200 delivered parcels');
    const loose = new Map([[learnedKey('sf_express', 'domestic'), { hours: 100, parcels: 200 }]]);
    expect(judge(parcel({}, { lastEventAt: NOW - 62 * HOUR }), config, loose)).toBeNull();
  });

  it('the config overrides the defaults, generally and per carrier', () => {
    const cfg = validateConfig({ shop: { country: 'CN' }, stall_clocks: { domestic_hours: 36, carriers: { 'SF Express': { domestic_hours: 100 } } } }).config;
    expect(judge(parcel({}, { lastEventAt: NOW - 80 * HOUR }), cfg)).toBeNull();
    expect(judge(parcel({ carrier: 'ZTO Express' }, { lastEventAt: NOW - 40 * HOUR }), cfg)?.clock?.threshold_hours).toBe(36);
  });

  it('stall_hours stays the floor of every clock but the exception', () => {
    const cfg = validateConfig({ shop: { country: 'CN' }, stall_hours: 96 }).config;
    expect(judge(parcel({}, { lastEventAt: NOW - 80 * HOUR }), cfg)).toBeNull();
  });

  it('Sundays do not count for carriers that do not scan on Sundays', () => {
    // Saturday 09:00 to Monday 09:00 shop time: 48 h, of which 24 h are Sunday.
    const sat = Date.parse('2026-11-21T09:00:00+08:00');
    expect(countedTime(sat, sat + 48 * HOUR, 'Asia/Shanghai', false)).toBe(24 * HOUR);
    expect(countedTime(sat, sat + 48 * HOUR, 'Asia/Shanghai', true)).toBe(48 * HOUR);
    // The Sunday the clocks go back lasts 25 hours, the one they go forward 23: all of it is left out.
    const autumn = Date.parse('2026-10-24T09:00:00+01:00');
    expect(countedTime(autumn, Date.parse('2026-10-26T09:00:00Z'), 'Europe/London', false)).toBe(24 * HOUR);
    const spring = Date.parse('2026-03-28T09:00:00Z');
    expect(countedTime(spring, Date.parse('2026-03-30T09:00:00+01:00'), 'Europe/London', false)).toBe(24 * HOUR);
    // From the middle of such a Sunday, only its rest is left out.
    expect(countedTime(Date.parse('2026-10-25T12:00:00Z'), Date.parse('2026-10-26T12:00:00Z'), 'Europe/London', false)).toBe(12 * HOUR);
    // A UPS parcel quiet since Thursday 08:00 is 72 h quiet on Monday 08:00 by the calendar, 48 h by its clock.
    const monday = Date.parse('2026-11-23T08:00:00+08:00');
    const ups = parcel({ carrier: 'UPS' }, { lastEventAt: monday - 73 * HOUR });
    expect(judge(ups, config, null, monday)).toBeNull();
    const cfg = validateConfig({ shop: { country: 'CN' }, stall_clocks: { carriers: { ups: { sunday_scans: true } } } }).config;
    expect(judge(ups, cfg, null, monday)?.clock?.event).toBe('no_new_scan');
  });

  it.each([
    ['SF Express', 'sf_express'], ['顺丰速运', 'sf_express'], ['ヤマト運輸', 'yamato'], ['Japan Post', 'japan_post'], ['USPS', 'usps'],
    ['UPS', 'ups'], ['FedEx Ground', 'fedex'], ['DHL eCommerce', 'dhl'], ['YTO Express', 'cn_express'], ['Acme Couriers', 'other'], [null, 'other'],
  ])('carrier %j is family %s', (name, family) => expect(carrierFamily(name)).toBe(family));

  it.each([
    ['EMS', 'EE123456789JP', 'japan_post'], ['EMS', 'EE123456789CN', 'china_post'], ['EMS', null, 'china_post'], ['国際スピード郵便', null, 'japan_post'], ['Japan Post', 'EE123456789CN', 'japan_post'],
  ])('EMS is the post of the country its number ends with: %j %j is %s', (name, number, family) => expect(carrierFamily(name, number)).toBe(family));

  it('lanes: the order country against the home country', () => {
    expect(laneOf('cn', 'CN')).toBe('domestic');
    expect(laneOf('United States', 'CN')).toBe('international');
    expect(laneOf(null, 'CN')).toBe('domestic');
    // A country written as a name, in the export's language, is the same country.
    for (const [name, home] of [['Deutschland', 'DE'], ['Germany', 'DE'], ['日本', 'JP'], ['台灣', 'TW'], ['United Kingdom', 'GB'], ['U.S.A.', 'US'], ['Österreich', 'AT'], ['大韓民国', 'KR'], ['臺灣', 'TW'], ['中華民國', 'TW'], ['United States of America', 'US'], ['Great Britain', 'GB'], ['Großbritannien', 'GB'], ["People's Republic of China", 'CN'], ['中华人民共和国', 'CN'], ['Mainland China', 'CN'], ['日本国', 'JP'], ['Bundesrepublik Deutschland', 'DE']])
      expect(laneOf(name!, home!), name).toBe('domestic');
    expect(laneOf('Deutschland', 'AT')).toBe('international');
    expect(chooseClock({ status: null, lastEvent: null, family: 'other', lane: 'domestic' }, config, null).event).toBe('no_first_scan');
  });

  it("a shop that names only its time zone is in that zone's country, whichever of its zones it is", () => {
    const home = (timezone: string) => homeCountry(validateConfig({ shop: { timezone } }).config);
    // Detroit, Indiana and Boise are as American as New York: a second delay there needs the customer's yes too.
    for (const zone of ['America/New_York', 'America/Detroit', 'America/Indiana/Indianapolis', 'America/Boise', 'America/Kentucky/Louisville', 'America/Juneau', 'US/Eastern']) {
      expect(home(zone), zone).toBe('US');
      expect(renewedDelayNeedsConsent(home(zone)), zone).toBe(true);
    }
    // ICU's older names and the current ones alike.
    for (const [zone, country] of [['Asia/Kolkata', 'IN'], ['Asia/Calcutta', 'IN'], ['Asia/Ho_Chi_Minh', 'VN'], ['Europe/Kyiv', 'UA'], ['Asia/Chongqing', 'CN'], ['America/Winnipeg', 'CA'], ['Europe/Madrid', 'ES'], ['Asia/Macau', 'MO']] as const)
      expect(home(zone), zone).toBe(country);
    expect(home('UTC')).toBeNull();
    // The config's own country wins over the zone's.
    expect(homeCountry(validateConfig({ shop: { timezone: 'America/Detroit', country: 'CA' } }).config)).toBe('CA');
  });

  it('rejects bad clock settings with their path', () => {
    const { problems } = validateConfig({ stall_clocks: { domestic_hours: -1, weekly: 3, carriers: { ups: { sunday_scans: 'no' } } }, shop: { country: 'China' } });
    expect(problems.join('\n')).toMatch(/stall_clocks\.domestic_hours/);
    expect(problems.join('\n')).toMatch(/stall_clocks\.weekly/);
    expect(problems.join('\n')).toMatch(/stall_clocks\.carriers\.ups\.sunday_scans/);
    expect(problems.join('\n')).toMatch(/shop\.country/);
  });
});

describe('carrier names as the customer knows them', () => {
  it('a Japanese reader gets ヤマト運輸 for "Yamato", a Chinese one 顺丰速运 for "SF Express"; names already local, English and unknown carriers stay', () => {
    expect(carrierNameFor('Yamato', 'ja')).toBe('ヤマト運輸');
    expect(carrierNameFor('Sagawa Express', 'ja')).toBe('佐川急便');
    expect(carrierNameFor('Japan Post', 'zh')).toBe('日本邮政');
    expect(carrierNameFor('SF Express', 'zh')).toBe('顺丰速运');
    expect(carrierNameFor('SF Express', 'zh-Hant')).toBe('順豐速運');
    expect(carrierNameFor('SF Express', 'ja')).toBe('SF Express');
    expect(carrierNameFor('Yamato', 'en')).toBe('Yamato');
    expect(carrierNameFor('クロネコヤマト', 'ja')).toBe('クロネコヤマト');
    expect(carrierNameFor('Acme Couriers', 'ja')).toBe('Acme Couriers');
  });

  it('each Chinese express carrier by its own Chinese name, though they share one family; a name merely starting like one stays', () => {
    expect(carrierNameFor('YTO Express', 'zh')).toBe('圆通速递');
    expect(carrierNameFor('ZTO', 'zh')).toBe('中通快递');
    expect(carrierNameFor('J&T Express', 'zh')).toBe('极兔速递');
    expect(carrierNameFor('Yunda Express', 'zh-Hant')).toBe('韻達快遞');
    expect(carrierNameFor('JD Logistics', 'zh')).toBe('京东物流');
    expect(carrierNameFor('STO Express', 'zh')).toBe('申通快递');
    expect(carrierNameFor('China Post', 'zh')).toBe('中国邮政');
    expect(carrierNameFor('YTO Express', 'en')).toBe('YTO Express');
    expect(carrierNameFor('YTO Express', 'ja')).toBe('YTO Express');
    expect(carrierNameFor('Stockholm Bud', 'zh')).toBe('Stockholm Bud');
    expect(carrierNameFor('EMS', 'zh')).toBe('EMS');
  });
});
