/**
 * The remedy engine (playbook §3), shared by the interactive walk-through and
 * the flag path: which remedies apply to a case, which one to recommend and
 * why, and the exact terms the shop promises (dates, amounts, coupon,
 * substitute, tracking number). Pure: receives the facts, the config and now.
 */
import { trackingKey } from './tracking-number.js';
import type { Config } from './config.js';
import { issueCoupon, type Coupon } from './coupon.js';
import type { ShortLine } from './detect.js';
import { daysBetween, localTimeOnDay } from './locale.js';
import { lineCost, unitsCost } from './line-cost.js';
import { currencyDigits, formatAmount, majorToMinor } from './money.js';
import { formatLocalDate, wallClock } from './time.js';
import { carrierFamily, UNKNOWN_FAMILY } from './carriers.js';
import { clockHoursFor, homeCountry } from './stall-clocks.js';
import type { CaseKind, Order, OrderLine, Tracking } from './types.js';
import { platformRules } from './platform-rules.js';
import { skuKey } from './stock-key.js';
import { stuckItems, type StuckItem } from './stuck-items.js';
import { ChoiceNeededError, usageError } from '../errors.js';

export const REMEDIES = ['wait', 'substitute', 'refund', 'split', 'reship'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** A prepared substitute and how many of it are free after every paid order is served. */
export interface SubstituteCandidate {
  forSku: string;
  sku: string;
  title: string | null;
  variant: string | null;
  /** Free to offer: after paid orders, substitutes confirmed to others and substitutes offered to others who may still say yes. */
  free: number;
  /** Free for a customer accepting an offer: offers not yet answered hold nothing against the one who answers first. */
  freeToConfirm?: number;
  unitPrice: number | null;
  note: string | null;
}

export interface CaseFacts {
  order: Order;
  lines: OrderLine[];
  kinds: CaseKind[];
  short: ShortLine[];
  splitCandidate: boolean;
  late: 'overdue' | 'at_risk' | null;
  shipBy: number | null;
  stalled: 'stalled' | 'exception' | 'probably_lost' | null;
  tracking: Tracking | null;
  substitutes: SubstituteCandidate[];
  /** Units free after every paid order, by stock key (skuKey), for a reship; null when no inventory is known. */
  freeStock?: Map<string, number> | null;
  /** Which stall clock fired (no_first_scan, no_new_scan, customs, exception), when detection recorded it. */
  clockEvent?: string | null;
  /**
   * A stalled case's parcel as oos recorded it, when it is not the order as exported: a substitute
   * sent in place of the missing item, a split's part, a reship. What it carried is what is stuck.
   */
  stuckParcel?: { id: number | null; origin: string; items: StuckItem[] } | null;
}

export interface SubstituteLine {
  lineNo: number;
  fromSku: string | null;
  fromTitle: string | null;
  fromVariant: string | null;
  sku: string;
  title: string | null;
  variant: string | null;
  quantity: number;
  note: string | null;
  /** Minor units for the whole line: > 0 the shop absorbs it, < 0 refunded to the customer, null = price unknown. */
  priceDiff: number | null;
  /** The replaced line's quantity when the swap was chosen: a platform that lowers it afterwards has taken the replaced units off already. */
  ofQuantity?: number;
}

/** What the shop promises with a remedy: stored with the case and put into every message. */
export interface Terms {
  remedy: Remedy;
  /** The problem the remedy answers (the most serious kind of the case). */
  kind: CaseKind;
  currency: string;
  /** wait: restock day (oversold), new ship day (late), or the day the carrier must have answered (stalled). */
  date: number | null;
  substitutes: SubstituteLine[];
  /** Minor units refunded by the shop now; null = nothing to refund. */
  refund: number | null;
  /** The refund is the whole order's value (null when nothing is refunded): "full refund" only then. */
  refundFull: boolean | null;
  /**
   * Minor units refunded under this case's earlier plan (a cheaper substitute's difference, a split's
   * missing items) that the customer keeps: `refund` is then the rest, and the message says both.
   */
  refundEarlier?: number | null;
  /**
   * What the refund covers, so the message can name it; with the line it comes from and that line's
   * quantity when the refund was chosen (a platform may lower it afterwards by the units refunded).
   */
  refundLines: { title: string | null; sku: string | null; variant: string | null; quantity: number; lineNo?: number; ofQuantity?: number }[];
  /**
   * Units the plan before this one settled and this one keeps settled: the lotus box a substitute
   * replaced stays replaced when the substitute's parcel got stuck and is sent again.
   */
  settledEarlier?: { sku: string | null; title: string | null; quantity: number; lineNo?: number; ofQuantity?: number }[];
  coupon: Coupon | null;
  trackingNumber: string | null;
  carrier: string | null;
  /** split: what happens to the lines that cannot ship now. */
  splitRest: 'wait' | 'refund' | null;
  /**
   * split: the units it sends now, by order line, as the customer was told them. Stock that changes
   * before the customer answers makes another split than the one offered (absent in plans recorded
   * before it was kept).
   */
  shipNow?: { lineNo: number; quantity: number }[];
  /** reship: the shop files a claim with the carrier for the lost parcel. */
  carrierClaim: boolean;
  /** Who chose the remedy: the customer's choice is thanked for, the shop's decision says so and offers a way out. */
  decidedBy: 'customer' | 'shop';
  /** The reason the operator gave for the problem; null: the message gives none rather than guess one. */
  reason: string | null;
}

export interface RemedyOption {
  remedy: Remedy;
  available: boolean;
  recommended: boolean;
  /** Why it is (not) recommended or not possible, for the operator. */
  reason: string;
  /** Whether the first notice lists it as a choice for the customer. */
  offered: boolean;
}

/** What the operator can set; anything left out comes from the data and the policy. */
export interface RemedyChoices {
  date?: number;
  substituteSku?: string;
  couponMajor?: number;
  refundMajor?: number;
  trackingNumber?: string;
  carrier?: string;
  /** The coupon this case already has (offered or given): reused, never issued twice. */
  coupon?: Coupon | null;
  reason?: string;
  decidedBy?: 'customer' | 'shop';
  /** Minor units the case's earlier plan already refunded: a refund now is what remains. */
  refundedEarlier?: number;
  /**
   * Paid on delivery: nothing was charged, so cancelling is of the whole order (the earlier "collect less"
   * with it) and never "the rest"; earlier reductions still cap what more may go uncollected.
   */
  payOnDelivery?: boolean;
}

export const primaryKind = (facts: CaseFacts): CaseKind => facts.kinds[0] ?? 'late';

/** Lines that still have to leave the shop, with what is still open of each. */
export function openLines(facts: CaseFacts): OrderLine[] {
  return facts.lines.filter((l) => l.requiresShipping && l.quantity > l.fulfilledQuantity);
}

/**
 * What of an oversold order can leave now: every open unit that is not short. A line only partly
 * short (3 ordered, 2 in stock) ships its 2 now; only its missing unit waits or is refunded.
 */
export function shipNowUnits(facts: CaseFacts): { line: OrderLine; quantity: number }[] {
  const short = new Map(facts.short.map((s) => [s.lineNo, s.short]));
  return openLines(facts)
    .map((line) => ({ line, quantity: line.quantity - line.fulfilledQuantity - (short.get(line.lineNo) ?? 0) }))
    .filter((u) => u.quantity > 0);
}

/** Every remedy with whether it applies; the recommended one first. */
export function assessRemedies(facts: CaseFacts, config: Config, now: number): RemedyOption[] {
  const tz = config.shop.timezone;
  const kind = primaryKind(facts);
  const options: RemedyOption[] = [];
  const add = (remedy: Remedy, available: boolean, reason: string, offered = available) =>
    options.push({ remedy, available, recommended: false, reason, offered });

  if (kind === 'oversold') {
    const restock = knownRestockDate(facts.short);
    const days = restock === null ? null : daysBetween(now, restock, tz);
    if (restock === null) add('wait', true, 'no restock date known: enter one you can keep, or do not offer waiting', false);
    else if (days! < 0) add('wait', true, `the restock date ${formatLocalDate(restock, tz)} has passed: enter a new one`, false);
    else if (days! > config.wait_max_days)
      add('wait', true, `restock ${formatLocalDate(restock, tz)} is ${days} days away, more than wait_max_days (${config.wait_max_days})`);
    else add('wait', true, `restock on ${formatLocalDate(restock, tz)}, ${days} day${days === 1 ? '' : 's'} away`);

    const subs = pickSubstitutes(facts, config);
    if (subs.lines.length) add('substitute', true, `${subs.lines.map((s) => `${s.sku} for ${s.fromSku ?? s.fromTitle}`).join(', ')} in stock`);
    else add('substitute', false, subs.why);

    // A split ships part now and part later: an order the customer collects ships nothing (its messages would promise parcels).
    const collected = facts.order.pickup === true;
    if (facts.splitCandidate && !collected) add('split', true, 'some lines are in stock and can ship now');
    else add('split', false, collected ? 'the customer collects the order: nothing of it is shipped' : splitRefusal(facts));
    add('refund', true, 'always possible: full refund, started by the shop');
    // Part of it may have left (a split's first parcel): a reship is for an order whose whole parcel got stuck.
    add('reship', false, notShippedWhole(facts));

    const order: Remedy[] = ['split', 'wait', 'substitute', 'refund'];
    const waitOk = restock !== null && days! >= 0 && days! <= config.wait_max_days;
    const best = order.find((r) => {
      if (r === 'split') return facts.splitCandidate && !collected;
      if (r === 'wait') return waitOk;
      if (r === 'substitute') return subs.lines.length > 0;
      return true;
    })!;
    mark(options, best);
  } else if (kind === 'late') {
    add('wait', true, `ship on a new date you can keep (default ${formatLocalDate(defaultDate(facts, config, now), tz)}), with a coupon for the delay`);
    add('refund', true, 'always possible: full refund, started by the shop');
    add('substitute', false, 'the items are in stock; only shipping is late');
    add('split', false, 'nothing is out of stock');
    add('reship', false, notShippedWhole(facts));
    mark(options, 'wait');
  } else {
    const lost = facts.stalled === 'probably_lost';
    const missing = reshipShortfall(facts);
    if (missing) add('reship', false, `no stock for a new parcel: ${missing}`);
    else add('reship', true, lost ? 'the parcel is probably lost: send a new one and claim from the carrier' : 'send a new parcel now if the customer cannot wait');
    add('wait', !lost, lost ? 'the parcel is probably lost; waiting longer is no remedy' : `the carrier is asked to find it; decide by ${formatLocalDate(defaultDate(facts, config, now), tz)}`);
    add('refund', true, 'always possible: full refund, started by the shop');
    add('substitute', false, 'the order has shipped');
    add('split', false, 'the order has shipped');
    mark(options, missing === null && (lost || facts.stalled === 'exception') ? 'reship' : lost ? 'refund' : 'wait');
  }
  const rank = (o: RemedyOption) => (o.recommended ? 0 : o.available ? 1 : 2);
  return options.sort((a, b) => rank(a) - rank(b) || REMEDIES.indexOf(a.remedy) - REMEDIES.indexOf(b.remedy));
}

/** What a new parcel would lack ("SKU-1: 0 free, 1 needed"), or null when stock covers it or is not known. */
export function reshipShortfall(facts: CaseFacts): string | null {
  const free = facts.freeStock;
  if (!free) return null;
  const need = new Map<string, { label: string; n: number }>();
  for (const l of stuckItems(facts)) {
    if (!l.sku) continue;
    const key = skuKey(l.sku);
    const e = need.get(key) ?? { label: l.sku, n: 0 };
    e.n += l.quantity;
    need.set(key, e);
  }
  const short: string[] = [];
  for (const [key, e] of need) {
    const have = free.get(key);
    if (have !== undefined && have < e.n) short.push(`${e.label}: ${Math.max(0, have)} free, ${e.n} needed`);
  }
  return short.length ? short.join('; ') : null;
}

function mark(options: RemedyOption[], remedy: Remedy): void {
  const o = options.find((x) => x.remedy === remedy);
  if (o) o.recommended = true;
}

/** The restock day for every short line (the latest of them), or null if any is unknown. */
export function knownRestockDate(short: ShortLine[]): number | null {
  if (!short.length) return null;
  let latest = -Infinity;
  for (const s of short) {
    if (s.restockDate === null) return null;
    latest = Math.max(latest, s.restockDate);
  }
  return latest;
}

/** The day waiting ends when the operator names none. */
export function defaultDate(facts: CaseFacts, config: Config, now: number): number {
  const tz = config.shop.timezone;
  const kind = primaryKind(facts);
  if (kind === 'oversold') return knownRestockDate(facts.short) ?? collectedOn(localTimeOnDay(now, 1, '12:00', tz), facts, config);
  if (kind === 'late') return collectedOn(localTimeOnDay(now, 1, '12:00', tz), facts, config);
  const since = facts.tracking?.lastEventAt ?? facts.order.shippedAt ?? now;
  const deadline = since + config.lost_after_days * 24 * 3_600_000;
  return Math.max(deadline, localTimeOnDay(now, 1, '12:00', tz));
}

/**
 * A ship day a parcel can leave on: Monday, not Sunday, where the carrier does not work Sundays (its
 * family's sunday_scans, as the stall clocks count it). The order's carrier decides; an order not yet
 * given one goes by the shop's country's post (Royal Mail, USPS), else any day will do. A late notice
 * on a Saturday promised "ships Sunday", a day nothing leaves, and the promise broke by design.
 */
function collectedOn(day: number, facts: CaseFacts, config: Config): number {
  const tz = config.shop.timezone;
  const named = carrierFamily(facts.order.carrier, facts.order.trackingNumber);
  const family = named !== UNKNOWN_FAMILY ? named : (HOME_POST[homeCountry(config) ?? ''] ?? UNKNOWN_FAMILY);
  const sundays = clockHoursFor(config, family).sunday_scans;
  return !sundays && wallClock(day, tz).weekday === 0 ? localTimeOnDay(day, 1, '12:00', tz) : day;
}

/** The national post a shop's unlabelled parcels most likely go by, where it does not work Sundays. */
const HOME_POST: Record<string, string> = { GB: 'royal_mail', US: 'usps' };

/**
 * One available substitute for every short line, or why there is none. A substitute's price is
 * the shop's (the substitutes list and the inventory carry no currency); the order's lines are in
 * the order's currency. Where the two differ (a USD order in a CNY shop) no difference is worked
 * out: 129 CNY against 18.90 USD would promise a refund or absorb a cost that is not real.
 */
function pickSubstitutes(facts: CaseFacts, config: Config, wanted?: string): { lines: SubstituteLine[]; why: string } {
  if (!facts.short.length) return { lines: [], why: 'nothing is out of stock' };
  const samePrices = currencyOf(facts, config) === config.shop.currency.toUpperCase();
  const lines: SubstituteLine[] = [];
  const used = new Map<string, number>();
  for (const s of facts.short) {
    const orderLine = facts.lines.find((l) => l.lineNo === s.lineNo);
    const candidates = facts.substitutes.filter((c) => s.sku !== null && c.forSku === s.sku && (wanted === undefined || c.sku === wanted));
    if (!candidates.length) {
      return { lines: [], why: wanted ? `${wanted} is not on the substitutes list for ${s.sku ?? s.title}` : `no substitute listed for ${s.sku ?? s.title}` };
    }
    // Only what is missing is replaced: of 3 ordered with 2 in stock, the 2 ship as ordered with 1 substitute.
    const fit = candidates.find((c) => c.free - (used.get(c.sku) ?? 0) >= s.short);
    if (!fit) {
      const c = candidates[0]!;
      return { lines: [], why: `substitute ${c.sku} has ${Math.max(0, c.free)} free after paid orders, ${s.short} needed` };
    }
    used.set(fit.sku, (used.get(fit.sku) ?? 0) + s.short);
    // What the customer paid for the units replaced (the line's last ones: what is in stock ships first).
    const paid = samePrices && orderLine ? unitsCost(orderLine, s.short, orderLine.quantity - s.short) : null;
    lines.push({
      lineNo: s.lineNo,
      fromSku: s.sku,
      fromTitle: s.title,
      fromVariant: s.variant,
      sku: fit.sku,
      title: fit.title,
      variant: fit.variant,
      quantity: s.short,
      note: fit.note,
      priceDiff: fit.unitPrice === null || paid === null ? null : fit.unitPrice * s.short - paid,
    });
  }
  return { lines, why: '' };
}

/**
 * Why substitutes agreed earlier (an offer the customer now accepts) can no longer be sent, or null
 * when what is free still covers them: since the offer, other customers may have taken the units.
 */
export function substitutesGone(facts: CaseFacts, lines: SubstituteLine[]): string | null {
  const need = new Map<string, { sku: string; n: number }>();
  for (const l of lines) {
    const e = need.get(skuKey(l.sku)) ?? { sku: l.sku, n: 0 };
    e.n += l.quantity;
    need.set(skuKey(l.sku), e);
  }
  const gone: string[] = [];
  for (const [key, e] of need) {
    const c = facts.substitutes.find((x) => skuKey(x.sku) === key);
    const free = c ? (c.freeToConfirm ?? c.free) : 0;
    if (free < e.n) gone.push(`${e.sku} has ${Math.max(0, free)} free after paid orders and substitutes confirmed to other customers, ${e.n} needed`);
  }
  return gone.length ? gone.join('; ') : null;
}

/** The order's value: its total, else the sum of its lines; null when neither is known. */
export function orderValue(facts: CaseFacts): number | null {
  if (facts.order.orderTotal !== null) return facts.order.orderTotal;
  let sum = 0;
  for (const l of facts.lines) {
    const cost = lineCost(l);
    if (cost === null) return null;
    sum += cost;
  }
  return facts.lines.length ? sum : null;
}

/**
 * The part of the order a stuck parcel carried, with its value at the order's prices, when that is
 * less than the whole order (a split's first part); null for a parcel with the whole order, one
 * holding what the order does not list (a substitute), or a price that is not known.
 */
function stuckPart(facts: CaseFacts): { value: number; items: Terms['refundLines'] } | null {
  const parcel = facts.stuckParcel;
  if (!parcel?.items.length) return null;
  const shipping = facts.lines.filter((l) => l.requiresShipping);
  let value = 0;
  const items: Terms['refundLines'] = [];
  const carried = new Map<OrderLine, number>();
  for (const i of parcel.items) {
    const line = shipping.find((l) => (i.sku !== null ? l.sku === i.sku : l.sku === null && l.title === i.title) && (i.variant === null || l.variant === null || l.variant === i.variant));
    // The units a parcel carried are the line's first ones (what shipped first), after any an earlier item of it took.
    const cost = line ? unitsCost(line, i.quantity, carried.get(line) ?? 0) : null;
    if (!line || cost === null) return null;
    value += cost;
    carried.set(line, (carried.get(line) ?? 0) + i.quantity);
    items.push({ title: i.title, sku: i.sku, variant: i.variant, quantity: i.quantity, lineNo: line.lineNo, ofQuantity: line.quantity });
  }
  const whole = shipping.every((l) => (carried.get(l) ?? 0) >= l.quantity);
  return whole ? null : { value, items };
}

/** Why no reship applies to an order still to ship: part of it may have left already (a split's first parcel). */
const notShippedWhole = (facts: CaseFacts): string =>
  facts.lines.some((l) => l.fulfilledQuantity > 0) ? 'part of the order has still to ship: a reship sends a whole order again' : 'the order has not shipped';

/** The value of what has not shipped yet; null when a price is unknown. */
function openValue(facts: CaseFacts): number | null {
  let sum = 0;
  for (const l of facts.lines) {
    const open = l.requiresShipping ? l.quantity - l.fulfilledQuantity : 0;
    if (open <= 0) continue;
    // The units still to ship are the line's last ones: with what shipped, they add up to the line's total.
    const cost = unitsCost(l, open, l.fulfilledQuantity);
    if (cost === null) return null;
    sum += cost;
  }
  return sum;
}

export const currencyOf = (facts: CaseFacts, config: Config) => (facts.order.currency ?? config.shop.currency).toUpperCase();

/**
 * The terms of `remedy` for this case with the operator's choices applied.
 * Throws a usage error (exit 64) naming what is missing or impossible, so the
 * flag path and the prompts refuse the same things with the same words.
 */
export function draftTerms(facts: CaseFacts, remedy: Remedy, choices: RemedyChoices, config: Config, now: number): Terms {
  const tz = config.shop.timezone;
  const kind = primaryKind(facts);
  const currency = currencyOf(facts, config);
  const option = assessRemedies(facts, config, now).find((o) => o.remedy === remedy)!;
  if (!option.available) throw usageError(`remedy "${remedy}" does not apply to order ${facts.order.orderId}: ${option.reason}`, 'see the choices with "oos resolve" on a terminal, or "oos cases"');
  const terms: Terms = {
    remedy,
    kind,
    currency,
    date: null,
    substitutes: [],
    refund: null,
    refundFull: null,
    refundLines: [],
    coupon: null,
    trackingNumber: null,
    carrier: null,
    splitRest: null,
    carrierClaim: false,
    decidedBy: choices.decidedBy ?? 'shop',
    reason: choices.reason?.trim() || null,
  };
  // The case's coupon is issued once: an offered or earlier coupon is kept unless the operator sets another amount.
  const policyCoupon = (defaultOn: boolean) => {
    // Amazon's buyer-seller messaging rules forbid promotions and coupon codes: a message that
    // carries one can cost the seller their account. Make it right with a refund instead.
    if (couponsForbidden(facts.order.channel)) {
      if (choices.couponMajor !== undefined && choices.couponMajor > 0)
        throw usageError(`order ${facts.order.orderId} is an Amazon order: Amazon buyer messages may not carry a coupon`, 'leave the coupon out (0), and make it right with a partial refund if you wish');
      return null;
    }
    const earlier = choices.coupon ?? null;
    if (earlier && (choices.couponMajor === undefined || majorToMinor(choices.couponMajor, currency) === earlier.amount)) return earlier;
    // The tier goes by what the order is worth: its total, else its lines added up (an export without a total column).
    return choices.couponMajor !== undefined || defaultOn ? issueCoupon({ ...facts.order, orderTotal: orderValue(facts) }, currency, config, now, choices.couponMajor) : null;
  };
  const value = orderValue(facts);
  const lineQuantity = (lineNo: number) => facts.lines.find((l) => l.lineNo === lineNo)?.quantity;
  const setRefund = (amount: number, lines: Terms['refundLines']) => {
    // A swap's difference or a split's missing items on top of what earlier plans refunded: never
    // more than the order in all (a refund of the whole order names the rest itself, below).
    const earlier = choices.refundedEarlier ?? 0;
    if (remedy !== 'refund' && earlier > 0 && value !== null && amount + earlier > value)
      throw usageError(
        `the ${remedy === 'substitute' ? "swap's" : "split's"} refund of ${formatAmount(amount, currency)} ${currency} for order ${facts.order.orderId} on top of the ${formatAmount(earlier, currency)} ${currency} refunded earlier is more than the order's ${formatAmount(value, currency)} ${currency}`,
        `give what it should refund with --refund-amount (at most ${formatAmount(Math.max(0, value - earlier), currency)}), or refund what is left with --remedy refund`,
      );
    terms.refund = amount;
    terms.refundFull = value !== null && amount >= value;
    terms.refundLines = lines;
  };
  const openItems = () =>
    facts.lines
      .filter((l) => l.quantity > l.fulfilledQuantity || !l.requiresShipping)
      .map((l) => ({ title: l.title, sku: l.sku, variant: l.variant, quantity: l.requiresShipping ? l.quantity - l.fulfilledQuantity : l.quantity, lineNo: l.lineNo, ofQuantity: l.quantity }));
  const checkDate = (date: number, what: string) => {
    if (daysBetween(now, date, tz) < 0) throw new ChoiceNeededError(`the ${what} ${formatLocalDate(date, tz)} is in the past`, 'date');
    return date;
  };
  const refundOf = (minor: number | null, what: string) => {
    if (choices.refundMajor !== undefined) {
      const given = majorToMinor(choices.refundMajor, currency);
      // 300.001 is not an amount of a currency with cents: refused, never rounded into another amount.
      if (Math.abs(given - choices.refundMajor * 10 ** currencyDigits(currency)) > 1e-6)
        throw usageError(`--refund-amount ${choices.refundMajor} has more decimals than ${currency} has (${currencyDigits(currency)})`, `give it as the customer's statement shows it, e.g. --refund-amount ${formatAmount(given, currency)}`);
      return given;
    }
    if (minor === null) throw new ChoiceNeededError(`the ${what} of order ${facts.order.orderId} is not known (no total or unit prices in the export)`, 'amount');
    return minor;
  };

  switch (remedy) {
    case 'wait': {
      const date = choices.date ?? (kind === 'oversold' ? knownRestockDate(facts.short) : defaultDate(facts, config, now));
      if (date === null) throw new ChoiceNeededError(`no restock date is known for order ${facts.order.orderId}`, 'date');
      terms.date = checkDate(date, kind === 'oversold' ? 'restock date' : 'new date');
      terms.coupon = policyCoupon(true);
      break;
    }
    case 'substitute': {
      const picked = pickSubstitutes(facts, config, choices.substituteSku);
      if (!picked.lines.length) throw usageError(`no substitute can be offered for order ${facts.order.orderId}: ${picked.why}`, 'update the substitutes list or the inventory and scan again');
      terms.substitutes = picked.lines.map((l) => ({ ...l, ofQuantity: lineQuantity(l.lineNo) }));
      const lower = picked.lines.reduce((sum, l) => sum + (l.priceDiff !== null && l.priceDiff < 0 ? -l.priceDiff : 0), 0);
      const diff = choices.refundMajor !== undefined ? majorToMinor(choices.refundMajor, currency) : lower > 0 ? lower : null;
      if (diff !== null) setRefund(diff, picked.lines.map((l) => ({ title: l.fromTitle, sku: l.fromSku, variant: l.fromVariant, quantity: l.quantity, lineNo: l.lineNo, ofQuantity: lineQuantity(l.lineNo) })));
      terms.coupon = policyCoupon(false);
      break;
    }
    case 'refund': {
      // What has already shipped (the first parcel of a split) is not refunded by default.
      // (A stuck or lost parcel is refunded whole: nothing of it reached the customer.)
      const shipping = facts.lines.filter((l) => l.requiresShipping);
      // A line that ships nothing (a gift card, a download) reached the customer at checkout: like what
      // has shipped, it is not refunded by default (a $50 gift card beside a missing $15 mug is not $65 back).
      const delivered = shipping.length > 0 && shipping.length < facts.lines.length && shipping.some((l) => l.fulfilledQuantity < l.quantity);
      const partlyShipped = kind !== 'stalled' && ((shipping.some((l) => l.fulfilledQuantity > 0) && shipping.some((l) => l.fulfilledQuantity < l.quantity)) || delivered);
      // Money the earlier plans already refunded (a cheaper substitute's difference, a partial refund) is
      // not refunded twice: by default the refund is what is left, and an amount given is on top of it.
      const earlier = choices.refundedEarlier ?? 0;
      const given = choices.refundMajor !== undefined;
      // A stuck parcel that carried only part of the order (a split's cups, the teapot since delivered)
      // is refunded for what it carried, never more than is left.
      const part = kind === 'stalled' ? stuckPart(facts) : null;
      const cod = choices.payOnDelivery === true;
      const amount = given
        ? refundOf(null, 'value')
        : part !== null
          ? Math.min(part.value, value === null ? part.value : value - earlier)
          : refundOf(partlyShipped ? openValue(facts) : value, 'value') - (cod && !partlyShipped ? 0 : earlier);
      if (given && amount <= 0) throw usageError(`--refund-amount must be more than 0 (found ${formatAmount(amount, currency)})`, 'give the amount to refund, or leave it out to refund the whole order');
      if (given && value !== null && earlier >= value)
        throw usageError(`order ${facts.order.orderId} has been refunded in full already (${formatAmount(earlier, currency)} ${currency}): nothing is left to refund`, `close the case with oos resolve --order '${facts.order.orderId}' --closed`);
      if (given && value !== null && amount + earlier > value)
        throw usageError(
          `a refund of ${formatAmount(amount, currency)} ${currency} for order ${facts.order.orderId} ${earlier > 0 ? `on top of the ${formatAmount(earlier, currency)} ${currency} refunded earlier ` : ''}is more than the order's ${formatAmount(value, currency)} ${currency}`,
          `give at most ${formatAmount(value - earlier, currency)} with --refund-amount, or leave it out to refund ${earlier > 0 ? 'the rest' : 'the whole order'}`,
        );
      if (amount <= 0) {
        // What ships is not refunded by default: say so when it is what keeps the rest of the order's value from being "left".
        const left = value === null ? 0 : value - earlier;
        throw usageError(
          partlyShipped && left > 0
            ? `order ${facts.order.orderId}: what has not shipped (${formatAmount(openValue(facts) ?? 0, currency)} ${currency}) is covered by the ${formatAmount(earlier, currency)} ${currency} refunded earlier, so nothing more is refunded by default`
            : `order ${facts.order.orderId} was already refunded ${formatAmount(earlier, currency)} ${currency} under its earlier plans: nothing is left to refund`,
          partlyShipped && left > 0
            ? `to refund part of what shipped too, give it with --refund-amount (at most ${formatAmount(left, currency)}); else close the case with oos resolve --order '${facts.order.orderId}' --closed`
            : `close the case with oos resolve --order '${facts.order.orderId}' --closed`,
        );
      }
      const covered = part?.items ?? (partlyShipped ? openItems().filter((i) => shipping.some((l) => l.lineNo === i.lineNo)) : facts.lines.map((l) => ({ title: l.title, sku: l.sku, variant: l.variant, quantity: l.quantity, lineNo: l.lineNo, ofQuantity: l.quantity })));
      // An amount the operator gave that is less than what would be refunded covers only some items:
      // the short ones when it is what they cost, else none is named (never "for" items that still ship).
      const whole = partlyShipped ? openValue(facts) : value;
      const partOfIt = given && (whole === null || amount < whole - earlier);
      setRefund(amount, partOfIt ? (shortLinesWorth(facts, amount) ?? []) : covered);
      if (earlier > 0 && !(cod && !given && !partlyShipped && part === null)) {
        terms.refundEarlier = earlier;
        terms.refundFull = value !== null && amount + earlier >= value;
      }
      terms.coupon = policyCoupon(true);
      break;
    }
    case 'split': {
      terms.shipNow = shipNowUnits(facts).map((u) => ({ lineNo: u.line.lineNo, quantity: u.quantity }));
      const restock = choices.date ?? knownRestockDate(facts.short);
      const waitOk = restock !== null && daysBetween(now, restock, tz) >= 0 && daysBetween(now, restock, tz) <= config.wait_max_days;
      if (waitOk && choices.refundMajor === undefined) {
        terms.splitRest = 'wait';
        terms.date = checkDate(restock!, 'restock date');
      } else {
        terms.splitRest = 'refund';
        let missing: number | null = 0;
        for (const s of facts.short) {
          const cost = shortCost(facts, s);
          missing = missing === null || cost === null ? null : missing + cost;
        }
        setRefund(refundOf(missing, 'value of the missing items'), facts.short.map((s) => ({ title: s.title, sku: s.sku, variant: s.variant, quantity: s.short, lineNo: s.lineNo, ofQuantity: lineQuantity(s.lineNo) })));
      }
      terms.coupon = policyCoupon(false);
      break;
    }
    case 'reship':
      terms.trackingNumber = choices.trackingNumber?.trim() ? trackingKey(choices.trackingNumber) : null;
      terms.carrier = choices.carrier?.trim() || facts.tracking?.carrier || facts.order.carrier || null;
      terms.carrierClaim = true;
      terms.coupon = policyCoupon(true);
      break;
  }
  return terms;
}

/** Channels whose messaging rules forbid coupons and promotions in a message to the buyer. */
export function couponsForbidden(channel: string | null): boolean {
  return platformRules(channel).coupon === 'forbidden';
}

/** A remedy and its terms in a few words, for the operator: "wait (until 2026-11-28)", "refund (476.00 CNY)". */
export function termsInBrief(t: Terms, timeZone: string): string {
  const parts: string[] = [];
  if (t.date !== null) parts.push(`until ${formatLocalDate(t.date, timeZone)}`);
  if (t.substitutes.length) parts.push(t.substitutes.map((s) => s.sku ?? s.title ?? '?').join(', '));
  if (t.refund !== null) parts.push(`${formatAmount(t.refund, t.currency)} ${t.currency}${t.refundFull ? ', full' : ''}`);
  if (t.trackingNumber) parts.push(`tracking ${t.trackingNumber}`);
  if (t.splitRest) parts.push(`rest: ${t.splitRest}`);
  return parts.length ? `${t.remedy} (${parts.join('; ')})` : t.remedy;
}

/** Why an oversold order cannot be split, in the operator's terms: what shipped already is not a second parcel to split off. */
function splitRefusal(facts: CaseFacts): string {
  const shipping = facts.lines.filter((l) => l.requiresShipping);
  if (shipping.length < 2) return 'single-line order';
  const shipped = shipping.filter((l) => l.fulfilledQuantity >= l.quantity);
  if (shipped.length) return `what was in stock has already shipped (${shipped.map((l) => l.sku ?? l.title ?? `line ${l.lineNo}`).join(', ')}); the rest can wait for stock or be refunded`;
  return 'no line of the order is in stock';
}

/** What a short line's missing units cost: the line's last ones (what is in stock ships first). */
function shortCost(facts: CaseFacts, s: ShortLine): number | null {
  const line = facts.lines.find((l) => l.lineNo === s.lineNo);
  return line ? unitsCost(line, s.short, line.quantity - s.short) : null;
}

/** The short lines of an oversold order, when `amount` is exactly what their missing units cost. */
function shortLinesWorth(facts: CaseFacts, amount: number): Terms['refundLines'] | null {
  if (!facts.short.length) return null;
  let worth = 0;
  for (const s of facts.short) {
    const cost = shortCost(facts, s);
    if (cost === null) return null;
    worth += cost;
  }
  return worth === amount ? facts.short.map((s) => ({ title: s.title, sku: s.sku, variant: s.variant, quantity: s.short, lineNo: s.lineNo, ofQuantity: facts.lines.find((l) => l.lineNo === s.lineNo)?.quantity })) : null;
}
