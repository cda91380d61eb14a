/**
 * Deadlines that cost money: the platform's ship deadline and what a late or cancelled order
 * stands to cost there, and the carrier's claim window for a lost or damaged parcel. Pure, over
 * the rules in money-rules.ts; docs/deadlines.md describes the results.
 */
import type { Config } from './config.js';
import { CLAIM_WINDOWS, PLATFORM_RULES, type CarrierClaimWindow, type Platform, type PlatformRule } from './money-rules.js';
import type { CaseKind } from './types.js';
import { DAY, HOUR, wallClock, zonedToEpoch } from './time.js';
import { localTimeOnDay } from './locale.js';
import { homeCountry, laneOf, normaliseCountry } from './stall-clocks.js';

export type DeadlineKind = 'contact' | 'ship' | 'platform' | 'claim';
export interface Deadline {
  kind: DeadlineKind;
  at: number;
}

export interface AtStake {
  rule: string;
  /** In `currency`'s major unit (like the config's amounts); null when the rule hurts a metric, not a price. */
  amount: number | null;
  currency: string | null;
}

/** The platform an order was sold on: the export's format says it best, else the order's channel. */
export function platformOf(channel: string | null, sourceFormat: string | null): Platform | null {
  for (const hint of [sourceFormat, channel]) {
    const h = hint?.toLowerCase() ?? '';
    for (const p of ['pinduoduo', 'amazon', 'ebay', 'etsy', 'rakuten'] as const) if (h.startsWith(p) || h === p) return p;
    if (h === '拼多多' || h === 'pdd') return 'pinduoduo';
    if (h === '楽天' || h === '楽天市場') return 'rakuten';
  }
  return null;
}

export const ruleOf = (p: Platform): PlatformRule => PLATFORM_RULES.find((r) => r.platform === p)!;

export interface OrderMoney {
  platform: Platform | null;
  paidAt: number | null;
  /** The order's ship-by as detection used it (the export's, else payment + handling). */
  shipBy: number | null;
  /** The ship-by the export itself gave (the platform's date for this order), if any. */
  exportShipBy?: number | null;
  /** Minor units of `currency`. */
  orderTotal: number | null;
  currency: string | null;
  kinds: CaseKind[];
  /** The customer agreed to wait for the order: it is to ship late, not be cancelled. */
  waitChosen?: boolean;
  /** The customer collects the order: nothing ships, so no ship deadline or late-shipment rule applies. */
  pickup?: boolean;
}

/** When the platform's own rule says the order must have shipped: only for orders still to ship. */
export function platformDeadline(o: OrderMoney): number | null {
  if (!o.platform || o.pickup || !o.kinds.some((k) => k === 'late' || k === 'oversold')) return null;
  // The platform's own date for this order (Pinduoduo's 承诺发货时间 on a pre-sale order, eBay's
  // Ship By Date) is what it holds the shop to; its standard window only when the export has none.
  if (o.exportShipBy != null) return o.exportShipBy;
  const rule = ruleOf(o.platform);
  if (rule.ship_within_hours !== null && o.paidAt !== null) return o.paidAt + rule.ship_within_hours * HOUR;
  // The platform sets the date order by order (Etsy's "ship by", from the shop's processing time) and
  // this export does not give it: the shop's own ship-by is only an estimate of it, and is shown as
  // the ship deadline, never as the platform's.
  return null;
}

/**
 * What the order stands to cost: a late order on a platform that fines per order, an account
 * metric a late or cancelled order counts against, penalty points for a cancellation; for a
 * lost or damaged parcel with a claim window, its value, recoverable until claim_by.
 */
export function atStake(o: OrderMoney, claim: { carrier: string; claimBy: number | null; value?: number } | null, minorDigits: (currency: string) => number, now: number): AtStake | null {
  const major = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);
  // Once the window has closed the parcel's value is lost, not at stake: it must not rank first.
  // (A parcel that carried only part of the order, a split's first part say, is worth its own items: claim.value.)
  const value = claim?.value ?? o.orderTotal;
  const claimed =
    claim && claim.claimBy !== null && claim.claimBy > now && value !== null && o.currency
      ? { rule: `${claim.carrier} claim: the parcel's value until claim_by`, amount: major(value, o.currency), currency: o.currency.toUpperCase() }
      : null;
  const toShip = o.kinds.some((k) => k === 'late' || k === 'oversold');
  if (toShip && o.platform) {
    const rule = ruleOf(o.platform);
    // A fine for shipping late cannot fall on an order the customer collects; a cancellation's cost can.
    if (rule.compensation && !o.pickup && o.orderTotal !== null && (o.currency ?? rule.compensation.currency).toUpperCase() === rule.compensation.currency) {
      const c = rule.compensation;
      const amount = Math.min(c.max, Math.max(c.min, major(o.orderTotal, c.currency) * c.share));
      return { rule: rule.id, amount: Math.round(amount * 100) / 100, currency: c.currency };
    }
    // Money at stake comes before a metric: a lost part of a split still short elsewhere is its claim's value.
    if (claimed) return claimed;
    // An oversold order is the one most likely to end in a cancellation, unless the customer agreed
    // to wait for it: then it ships late, and counts against the late shipment rate, not the cancel rate.
    const cancelRisk = o.kinds.includes('oversold') && !o.waitChosen;
    const wanted = cancelRisk ? 'cancel' : 'late';
    if (o.pickup && !cancelRisk) return null;
    const metric = rule.metrics.find((m) => m.applies_to === wanted) ?? (o.pickup ? undefined : rule.metrics[0]);
    if (cancelRisk && rule.cancel_points !== null) return { rule: `${rule.id}: ${rule.cancel_points} points if cancelled`, amount: null, currency: null };
    if (metric) return { rule: `${metric.id}: ${metric.text}`, amount: null, currency: null };
    return null;
  }
  return claimed;
}

export type ClaimFor = 'lost' | 'damaged';

/**
 * The last day to file a claim with the carrier, or null when no window is known for it. A window
 * counted from shipping, for a parcel whose ship time the export does not give, starts at payment:
 * the earliest it can have left. The last tracking event would be days later, and a claim filed by
 * that date can already be too late.
 */
export function claimBy(
  family: string,
  problem: ClaimFor,
  shippedAt: number | null,
  deliveredOrLastEvent: number | null,
  config: Config,
  paidAt: number | null = null,
  destination: string | null = null,
): number | null {
  const override = config.claim_windows[family];
  const w = claimWindowFor(family, destination, config);
  const usual = w?.[problem] ?? null;
  // Some destinations have a shorter window (Japan Post's EMS to mainland China): the shorter one is the date to keep.
  const shorter = usual && w?.shorterTo && destination !== null && w.shorterTo.countries.includes(normaliseCountry(destination)) ? { ...usual, days: Math.min(usual.days, w.shorterTo.days) } : null;
  const window = override !== undefined ? { days: override, from: 'shipped' as const } : (shorter ?? usual);
  if (!window) return null;
  const base = window.from === 'shipped' ? (shippedAt ?? paidAt ?? deliveredOrLastEvent) : (deliveredOrLastEvent ?? shippedAt ?? paidAt);
  // Carriers count whole days: a claim is on time all through the window's last day, not only up to
  // the hour the parcel was handed over (an "expired" shown at 10:00 of the last day would lose it).
  return base === null ? null : endOfDayAfter(base, window.days, config.shop.timezone);
}

/**
 * The carrier's claim terms for this parcel: its domestic ones for a parcel a shop in the carrier's
 * home country sends within it (an order without a country is the shop's own, as the stall clocks
 * read it), else its international ones. Null for a carrier oos knows no terms of.
 */
export function claimWindowFor(family: string, destination: string | null, config: Config): Omit<CarrierClaimWindow, 'domestic'> | null {
  const w = CLAIM_WINDOWS.find((c) => c.family === family);
  if (!w) return null;
  const home = homeCountry(config);
  if (w.domestic && home === w.domestic.country && laneOf(destination, home) === 'domestic') {
    const { country: _country, ...terms } = w.domestic;
    return { family: w.family, sources: w.sources, ...terms };
  }
  return w;
}

/**
 * The last second, in the shop's zone, of the calendar day `days` days after `ms`'s day. Counted in
 * days, not 24-hour steps: across a change to summer time a parcel mailed at 23:30 was a day later.
 */
function endOfDayAfter(ms: number, days: number, tz: string): number {
  const w = wallClock(ms, tz);
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + days + 1));
  return zonedToEpoch(tz, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) - 1000;
}

export const claimLabel = (family: string, destination: string | null, config: Config) => claimWindowFor(family, destination, config)?.label ?? family;

/**
 * The operator's reminder to file the claim: from the start of the day a week before the window's
 * last day (claim_by is that day's last second), or when the problem was found if that was later (a
 * parcel found lost with three days left is reminded of at once, not on a day before anyone knew).
 */
export const CLAIM_REMINDER_DAYS = 7;
export const claimReminderAt = (claimByAt: number, foundAt = -Infinity) => Math.max(claimByAt + 1000 - (CLAIM_REMINDER_DAYS + 1) * DAY, Math.min(foundAt, claimByAt));

/**
 * How long is left to file a claim, said the same way by every command: whole days while a day or
 * more is left, hours on the last day ("1 day left" with seven hours to go misled), and closed after.
 */
export function claimTimeLeft(claimByAt: number, now: number): string {
  const left = claimByAt - now;
  if (left <= 0) return 'window closed';
  if (left < DAY) {
    const hours = Math.ceil(left / HOUR);
    return `${hours} hour${hours === 1 ? '' : 's'} left`;
  }
  const days = Math.floor(left / DAY);
  return `${days} day${days === 1 ? '' : 's'} left`;
}

/** The nearest deadline still ahead; when all have passed, the one passed last (it is the most pressing). */
export function nearestDeadline(candidates: (Deadline | null)[], now: number): Deadline | null {
  const ds = candidates.filter((d): d is Deadline => d !== null);
  const ahead = ds.filter((d) => d.at >= now).sort((a, b) => a.at - b.at);
  if (ahead.length) return ahead[0]!;
  return ds.sort((a, b) => b.at - a.at)[0] ?? null;
}
