/**
 * Sample cases for `oos templates` (and the template tests): one small tea
 * order per problem kind, run through the real remedy engine and view builder,
 * so what you preview is what a customer would get.
 */
import type { Config, Lang } from '../domain/config.js';
import { buildView, type View } from '../domain/message-view.js';
import { localTimeOnDay, shipDayText } from '../domain/locale.js';
import { parcelsForRemedy } from '../domain/parcels.js';
import { currencyDigits } from '../domain/money.js';
import { assessRemedies, currencyOf, draftTerms, orderValue, type CaseFacts, type Remedy, type Terms } from '../domain/remedies.js';
import { DAY, HOUR } from '../domain/time.js';
import type { OrderLine } from '../domain/types.js';
import type { Intent } from './templates.js';

export type SampleKind = 'oversold' | 'late' | 'stalled' | 'lost';

/** Where each sample customer lives: deadlines are shown in their zone (台灣時間 for a Taiwanese reader). */
const COUNTRIES: Record<Lang, string | null> = { zh: 'CN', 'zh-Hant': 'TW', ja: 'JP', en: null };

/** How each sample shop's export names cash on delivery. */
const COD_PAYMENT: Record<Lang, string> = { zh: '货到付款', 'zh-Hant': '超商取貨付款', ja: '代金引換', en: 'Cash on Delivery (COD)' };

const BANK_PAYMENT: Record<Lang, string> = { zh: '银行转账', 'zh-Hant': 'ATM轉帳', ja: '銀行振込', en: 'Bank transfer' };

const NAMES: Record<Lang, string> = { zh: '王芳', 'zh-Hant': '陳怡君', ja: '佐藤 花子', en: 'Alex Morgan' };

const LONG_NAMES: Record<Lang, string> = { zh: '欧阳晓雯', 'zh-Hant': '歐陽曉雯', ja: '長谷川 真理子', en: 'Alexandra Whitfield-Montgomery' };

/**
 * The same case with the longest values a real shop has: a Taobao-length order id, long product
 * titles and variants, a long name. `oos templates --check` measures every SMS with these.
 */
export function longSampleFacts(kind: SampleKind, lang: Lang, config: Config, now: number): CaseFacts {
  const f = sampleFacts(kind, lang, config, now);
  const id = '#3912345678901234567';
  const retitle = <T extends { title: string | null; variant: string | null }>(x: T, i: number): T =>
    i === 0
      ? { ...x, title: 'Organic Jasmine Pearl Green Tea, Fujian Spring Harvest', variant: '100 g gift tin' }
      : { ...x, title: 'Aged Yunnan Pu-erh Tea Cake, Menghai Old Tree', variant: '357 g wrapped cake' };
  return {
    ...f,
    order: { ...f.order, orderId: id, customerName: LONG_NAMES[lang], trackingNumber: f.order.trackingNumber ? 'SF1234567890123' : null },
    lines: f.lines.map((l, i) => ({ ...retitle(l, i), orderId: id })),
    short: f.short.map((s) => retitle(s, 1)),
    tracking: f.tracking ? { ...f.tracking, trackingNumber: 'SF1234567890123', lastEvent: 'Arrived at the Guangzhou Baiyun international sorting centre' } : null,
    substitutes: f.substitutes.map((x) => ({ ...x, title: 'Aged Yunnan Pu-erh Tea Cake, Menghai Young Tree', variant: '200 g wrapped cake' })),
  };
}

export function sampleFacts(kind: SampleKind, lang: Lang, config: Config, now: number): CaseFacts {
  const line = (lineNo: number, sku: string, title: string, variant: string, quantity: number, price: number, fulfilled = 0): OrderLine => ({
    orderId: '#1001',
    lineNo,
    sku,
    title,
    variant,
    quantity,
    fulfilledQuantity: fulfilled,
    unitPrice: price,
    requiresShipping: true,
  });
  const shipped = kind === 'stalled' || kind === 'lost';
  const lines = [
    line(1, 'TEA-JASMINE-100', 'Jasmine Pearl Green Tea', '100 g', 2, 5800, shipped ? 2 : 0),
    line(2, 'TEA-PUER-357', 'Aged Pu-erh Tea Cake', '357 g', 1, 18900, shipped ? 1 : 0),
  ];
  const paidAt = now - 3 * DAY;
  const quiet = kind === 'lost' ? 9 * DAY : 3 * DAY;
  return {
    order: {
      orderId: '#1001',
      placedAt: paidAt,
      paidAt,
      cancelled: false,
      customerName: NAMES[lang],
      email: 'customer@example.com',
      phone: '+8613800000000',
      language: lang,
      country: COUNTRIES[lang],
      channel: 'shop',
      shipBy: null,
      shippedAt: shipped ? paidAt + DAY : null,
      carrier: shipped ? 'SF Express' : null,
      trackingNumber: shipped ? 'SF1234567890' : null,
      currency: config.shop.currency,
      orderTotal: 30500,
      paymentMethod: 'card',
      tags: [],
    },
    lines,
    kinds: kind === 'oversold' ? ['oversold', 'late'] : kind === 'late' ? ['late'] : ['stalled'],
    short:
      kind === 'oversold'
        ? [{ lineNo: 2, sku: 'TEA-PUER-357', title: 'Aged Pu-erh Tea Cake', variant: '357 g', open: 1, short: 1, supply: 0, takenBy: ['#0998'], restockDate: now + 3 * DAY, incoming: 6 }]
        : [],
    splitCandidate: kind === 'oversold',
    late: kind === 'oversold' || kind === 'late' ? 'overdue' : null,
    shipBy: shipped ? null : paidAt + 48 * HOUR,
    stalled: kind === 'stalled' ? 'stalled' : kind === 'lost' ? 'probably_lost' : null,
    tracking: shipped
      ? { trackingNumber: 'SF1234567890', carrier: 'SF Express', status: 'in_transit', lastEventAt: now - quiet, lastEvent: 'Arrived at the sorting centre', deliveredAt: null }
      : null,
    substitutes:
      kind === 'oversold'
        ? [{ forSku: 'TEA-PUER-357', sku: 'TEA-PUER-200', title: 'Pu-erh Tea Cake', variant: '200 g', free: 5, unitPrice: 12900, note: 'same tea garden, smaller cake' }]
        : [],
  };
}

/** Which sample and remedy each intent is shown with. */
export const SAMPLE_FOR: Record<Intent, { kind: SampleKind; remedy: Remedy | null; tracking?: boolean }> = {
  'notice-oversold': { kind: 'oversold', remedy: null },
  'notice-late': { kind: 'late', remedy: null },
  'notice-stalled': { kind: 'lost', remedy: null },
  'confirm-wait': { kind: 'oversold', remedy: 'wait' },
  'confirm-substitute': { kind: 'oversold', remedy: 'substitute' },
  'confirm-refund': { kind: 'oversold', remedy: 'refund' },
  'confirm-split': { kind: 'oversold', remedy: 'split' },
  'confirm-reship': { kind: 'lost', remedy: 'reship' },
  'followup-reminder': { kind: 'oversold', remedy: null },
  'followup-wait-update': { kind: 'oversold', remedy: 'wait' },
  'followup-shipped': { kind: 'oversold', remedy: 'wait', tracking: true },
  'followup-refund-check': { kind: 'oversold', remedy: 'refund' },
  'followup-satisfaction': { kind: 'oversold', remedy: 'substitute' },
  'followup-checkin': { kind: 'oversold', remedy: 'refund' },
  'followup-date-slipped': { kind: 'oversold', remedy: 'wait' },
};

export const SAMPLE_KINDS: SampleKind[] = ['oversold', 'late', 'stalled', 'lost'];

/**
 * Every sample case `intent` is written for: a notice for its own problem kind, a confirmation or
 * follow-up for each kind whose remedy applies (a wait is "we keep looking until" for a stalled
 * parcel), a reminder for each kind. What `oos templates --check` measures.
 */
export function sampleKindsFor(intent: Intent, config: Config, now: number): SampleKind[] {
  if (intent.startsWith('notice-')) return SAMPLE_KINDS.filter((k) => `notice-${k === 'lost' ? 'stalled' : k}` === intent);
  const remedy = SAMPLE_FOR[intent].remedy;
  if (remedy === null) return SAMPLE_KINDS;
  return SAMPLE_KINDS.filter((k) => remedyApplies(k, remedy, config, now));
}

/** An earlier remedy a confirmation of `intent` can replace for a `kind` case (checked as a change), if any. */
export function earlierRemedyFor(intent: Intent, kind: SampleKind, config: Config, now: number): Remedy | null {
  const remedy = SAMPLE_FOR[intent].remedy;
  return (['refund', 'wait', 'reship'] as const).find((r) => r !== remedy && remedyApplies(kind, r, config, now)) ?? null;
}

function remedyApplies(kind: SampleKind, remedy: Remedy, config: Config, now: number): boolean {
  const facts = sampleFacts(kind, 'en', config, now);
  if (!assessRemedies(facts, config, now).some((o) => o.remedy === remedy && o.available)) return false;
  try {
    draftTerms(facts, remedy, remedy === 'reship' ? { trackingNumber: 'SF9876543210' } : {}, config, now);
    return true;
  } catch {
    return false; // the engine refuses it for this kind (waiting on a lost parcel)
  }
}

export interface SampleOptions {
  /** The remedy recorded; null: none yet (the customer was asked to choose). */
  remedy?: Remedy | null;
  kind?: SampleKind;
  /** The longest real values (longSampleFacts). */
  long?: boolean;
  /** A confirmation that changes this earlier remedy (told the day before). */
  changedFrom?: Remedy;
  /** A second delay the customer must agree to, by the day after the old date (US shops); a confirmation: by the new day. */
  consent?: boolean;
  /** A confirmation that replaces a wait whose day (ship day, or the day new stock was due) passed unmet. */
  missed?: boolean;
  /** The supplier moved the date before it came (rather than the day passing without the stock). */
  moved?: boolean;
  /** A wait update: the stuck parcel waited for moves again. */
  movingAgain?: boolean;
  /** With movingAgain: the parcel was delivered (the customer had been asked to choose, and had not). */
  parcelArrived?: boolean;
  /** With movingAgain: the customer was asked to choose, and the coupon promised with every choice is given now. */
  couponOwed?: boolean;
  /** A reship sent again: the earlier replacement got stuck too. */
  reshipAgain?: boolean;
  /** A "shipped" message whose parcel the tracking shows delivered already (its number came late). */
  delivered?: boolean;
  /** A "shipped" message that corrects the wrong tracking number sent before for the same parcel; with movingAgain, the export shows another number than the one told. */
  corrected?: boolean;
  /** An offer whose wait is more than 30 days past the promised date (a US shop: needs a yes). */
  waitNeedsYes?: boolean;
  /** A confirmation that is the customer's first word of the problem. */
  firstWord?: boolean;
  /** The reason the operator gave. */
  reason?: string;
  /** The customer pays on delivery (cash on delivery): nothing was charged, so a refund is a cancellation. */
  payOnDelivery?: boolean;
  /** The customer paid by bank transfer: a refund waits for their account details. */
  byBank?: boolean;
  /** A refund after an earlier plan refunded part (a cheaper substitute's difference): the rest is refunded. */
  refundedEarlier?: boolean;
  /** No restock date for what is short: a split ships what is in stock and refunds the rest (one parcel). */
  restRefunded?: boolean;
  /** A notice replacing one sent the day before whose substitute has sold out since. */
  offerChanged?: boolean;
  /**
   * The customer collects the order at the shop (local pickup): never late, so only out of stock,
   * with no ship-by day, and no split (nothing of it is shipped).
   */
  pickup?: boolean;
}

/**
 * The choices of the plan a sample confirmation replaces. A refund before a plan that sends goods is
 * a part of the money back (a tenth, for the delay): after a full one nothing may be sent (the planner
 * refuses it), so no sample shows it.
 */
function earlierChoices(facts: CaseFacts, earlier: Remedy, now: Remedy | null, config: Config) {
  if (earlier === 'reship') return { trackingNumber: 'SF9876543210' };
  if (earlier === 'refund' && now !== 'refund') return { refundMajor: Math.round((orderValue(facts) ?? 0) / 10) / 10 ** currencyDigits(currencyOf(facts, config)) };
  return {};
}

/** The plan a sample confirmation replaces, told the day before; a missed one named a day that has passed since (told four days ago). */
function earlierPlan(facts: CaseFacts, opts: SampleOptions, now: Remedy | null, config: Config, at: number, keptCoupon: Terms['coupon']): { terms: Terms; toldAt: number } {
  const earlier = opts.changedFrom!;
  if (!opts.missed) return { terms: draftTerms(facts, earlier, earlierChoices(facts, earlier, now, config), config, at - DAY), toldAt: at - DAY };
  // Its coupon is the one the new plan keeps (the ledger's): the change note says it still holds.
  const terms = draftTerms(facts, earlier, earlierChoices(facts, earlier, now, config), config, at - 4 * DAY);
  return { terms: { ...terms, date: at - 2 * DAY, coupon: keptCoupon ?? terms.coupon }, toldAt: at - 4 * DAY };
}

export function sampleView(intent: Intent, lang: Lang, config: Config, now: number, opts: SampleOptions = {}): View {
  const plan = SAMPLE_FOR[intent];
  const sample = (opts.long ? longSampleFacts : sampleFacts)(opts.kind ?? plan.kind, lang, config, now);
  const paidBy = opts.payOnDelivery ? COD_PAYMENT[lang] : opts.byBank ? BANK_PAYMENT[lang] : null;
  const paid = paidBy ? { ...sample, order: { ...sample.order, paymentMethod: paidBy } } : sample;
  const collected: CaseFacts = opts.pickup ? { ...paid, order: { ...paid.order, pickup: true }, kinds: paid.kinds.filter((k) => k !== 'late'), late: null, shipBy: null } : paid;
  const rest = opts.restRefunded ? { ...collected, short: collected.short.map((s) => ({ ...s, restockDate: null })) } : collected;
  // The swap the earlier notice offered has sold out: it is no longer among the choices.
  const facts = opts.offerChanged ? { ...rest, substitutes: [] } : rest;
  const r = opts.remedy === undefined ? plan.remedy : opts.remedy;
  // A third of the order's value refunded earlier, in whole units.
  const earlier = opts.refundedEarlier && r === 'refund' ? { refundedEarlier: Math.round((orderValue(facts) ?? 0) / 300) * 100 } : {};
  const drafted = r ? draftTerms(facts, r, r === 'reship' ? { trackingNumber: 'SF9876543210' } : earlier, config, now) : null;
  const reasoned = drafted && opts.reason ? { ...drafted, reason: opts.reason } : drafted;
  // A reship sent again: the coupon came with the first replacement, and is not handed over again (usecases/resolve-step.ts).
  const terms = reasoned && opts.reshipAgain ? { ...reasoned, coupon: null } : reasoned;
  const options = assessRemedies(facts, config, now);
  const parcel = plan.tracking && terms ? (parcelsForRemedy(terms, facts).find((p) => p.origin !== 'original') ?? null) : null;
  const view = buildView(
    {
      facts,
      terms,
      options,
      trackingNumber: plan.tracking ? 'SF5550001111' : null,
      parcel: parcel ? { ...parcel, trackingNumber: 'SF5550001111', carrier: 'SF Express', state: 'shipped' } : null,
      parcelDeliveredAt: opts.delivered && parcel ? now - DAY : null,
      correctedNumber: opts.corrected && parcel ? 'SF5550001112' : null,
      slipped:
        intent === 'followup-date-slipped' && terms?.date ? { kind: 'restock', oldDate: terms.date, newDate: terms.date + 4 * DAY, consentBy: opts.consent ? terms.date + DAY : null, early: opts.moved === true } : null,
      refundStartedAt: intent === 'followup-refund-check' || intent === 'followup-checkin' ? now - DAY : null,
      movingAgain: opts.movingAgain === true,
      parcelArrived: opts.parcelArrived === true,
      earlierTrackingNumber: opts.movingAgain && opts.corrected ? 'SF5550001112' : null,
      replacedParcel: opts.reshipAgain ? { trackingNumber: opts.long ? 'JP9876543210987JP' : 'SF5550002222', carrier: 'SF Express' } : null,
      couponOwed: opts.couponOwed ? (drafted?.coupon ?? draftTerms(facts, 'refund', {}, config, now).coupon) : null,
      firstWord: opts.firstWord === true,
      offerChanged: opts.offerChanged ? { toldAt: now - DAY, goneSubstitutes: sample.substitutes.slice(0, 1).map((s) => ({ sku: s.sku, title: s.title, variant: s.variant, quantity: 1 })) } : null,
      previous: opts.changedFrom && terms ? earlierPlan(facts, opts, r, config, now, terms.coupon) : null,
      consentBy: opts.consent && intent.startsWith('confirm-') && terms?.date ? terms.date : null,
    },
    lang,
    config,
    now,
  );
  // The longest values: a parcel packed late in the day names the next day's date, longer than "today".
  if (opts.long) view.ship_day = shipDayText(localTimeOnDay(now, 0, '23:00', config.shop.timezone), config.shop.timezone, lang);
  // The sample shop is not in the US: the rule's wording is shown by setting its section directly.
  if (opts.waitNeedsYes) {
    view.wait_needs_yes = true;
    // Silence is then no answer, so the coupon is not given before one (message-view.ts coupon_given_now).
    delete view.coupon_given_now;
  }
  return view;
}
