/**
 * The written compensation policy (playbook §3): the coupon grows with the
 * order value, loyal/VIP customers get a fixed extra, and it stays valid long
 * enough to use (validity_days ≥ 15). Same inputs, same coupon, so staff are
 * consistent and nobody learns that complaining pays.
 */
import { createHash } from 'node:crypto';
import type { Config } from './config.js';
import { majorToMinor } from './money.js';
import { localTimeOnDay } from './locale.js';

export interface Coupon {
  /** Minor units of the order currency. */
  amount: number;
  currency: string;
  code: string;
  /** Last instant the coupon is valid: end of the day, shop time. */
  expiresAt: number;
  /** Why this amount: the tier and any extra, or "set by the operator". */
  basis: string;
}

export function isVip(tags: string[], config: Config): boolean {
  const vip = new Set(config.coupon.vip_tags.map((t) => t.trim().toLowerCase()));
  return tags.some((t) => vip.has(t.trim().toLowerCase()));
}

/** The policy amount (minor units) for an order of `orderTotal` minor units. */
export function policyCouponAmount(orderTotal: number | null, tags: string[], currency: string, config: Config): { amount: number; basis: string } {
  // The tiers are amounts of the shop's currency: read as another currency they would be a
  // different (often absurd) coupon. Without exchange rates, the operator names the amount.
  if (currency.toUpperCase() !== config.shop.currency.toUpperCase())
    return { amount: 0, basis: `no policy coupon: the order is in ${currency.toUpperCase()} and the coupon policy in ${config.shop.currency}; give the amount with --coupon` };
  if (!config.coupon.tiers.length) return { amount: 0, basis: `no coupon policy for ${config.shop.currency}: set coupon.tiers in oos.config.json, or give the amount with --coupon` };
  const totalMajor = orderTotal === null ? 0 : orderTotal / 10 ** digitsOf(currency);
  let tier = config.coupon.tiers[0];
  for (const t of config.coupon.tiers) if (totalMajor >= t.min_order_total) tier = t;
  const base = tier?.amount ?? 0;
  const vip = isVip(tags, config);
  const major = base + (vip ? config.coupon.vip_extra : 0);
  const basis = `policy: orders from ${tier?.min_order_total ?? 0} get ${base}${vip ? `, +${config.coupon.vip_extra} for a VIP customer` : ''}`;
  return { amount: majorToMinor(major, currency), basis };
}

function digitsOf(currency: string): number {
  return Math.round(Math.log10(majorToMinor(1, currency)));
}

/**
 * The coupon for a case. `overrideMajor` is the operator's amount (0 = none);
 * the code is derived from order and issue time, so a rerun gives the same code.
 */
export function issueCoupon(
  order: { orderId: string; orderTotal: number | null; tags: string[] },
  currency: string,
  config: Config,
  now: number,
  overrideMajor?: number,
): Coupon | null {
  const policy = policyCouponAmount(order.orderTotal, order.tags, currency, config);
  const amount = overrideMajor === undefined ? policy.amount : majorToMinor(overrideMajor, currency);
  if (amount <= 0) return null;
  const digest = createHash('sha256').update(`${order.orderId}\u0000${now}\u0000${amount}`).digest('hex');
  const code = `SORRY-${parseInt(digest.slice(0, 10), 16).toString(36).toUpperCase().padStart(7, '0').slice(-7)}`;
  return {
    amount,
    currency,
    code,
    expiresAt: localTimeOnDay(now, config.coupon.validity_days, '23:59', config.shop.timezone),
    basis: overrideMajor === undefined ? policy.basis : 'set by the operator',
  };
}

/**
 * The coupon valid for its full term after the day the goods are due (a wait's day), not only from
 * the day it was issued: a month's wait with a fifteen-day coupon ended it before the customer had
 * their order (the playbook calls a short validity a mistake). Same code; only ever later.
 */
export function lastingPast(coupon: Coupon, due: number, config: Config): Coupon {
  const until = localTimeOnDay(due, config.coupon.validity_days, '23:59', config.shop.timezone);
  return until > coupon.expiresAt ? { ...coupon, expiresAt: until } : coupon;
}

/** The day the goods of these terms are due when they wait for it (a wait, a split's rest), else null. */
export const waitsUntil = (t: { remedy: string; splitRest?: string | null; date: number | null }): number | null =>
  t.remedy === 'wait' || (t.remedy === 'split' && t.splitRest === 'wait') ? t.date : null;
