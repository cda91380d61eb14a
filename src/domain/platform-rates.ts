/**
 * The shop's own rates against each platform's published thresholds over a period (money-rules.ts):
 * Amazon's late shipment and pre-fulfilment cancel rates, Etsy's on-time share, eBay's late share,
 * Pinduoduo's compensation owed for late shipments, Rakuten's penalty points for cancellations.
 */
import type { Config } from './config.js';
import { platformOf, ruleOf } from './deadlines.js';
import { defaultShipBy } from './detect.js';
import { PLATFORM_RULES, type Platform } from './money-rules.js';
import { currencyDigits } from './money.js';
import { HOUR } from './time.js';

export interface RateOrder {
  channel: string | null;
  sourceFormat: string | null;
  paidAt: number;
  shipBy: number | null;
  shippedAt: number | null;
  cancelled: boolean;
  /** Lines left to ship: an order not shipped yet and past its deadline is late already. */
  open: boolean;
  /** The customer collects it: it never ships, so it is neither on time nor late. */
  pickup?: boolean;
  /** Cancelled after oos found it oversold: the shop's cancellation, not the buyer's. */
  shopCancelled: boolean;
  orderTotal: number | null;
  currency: string | null;
}

export interface PlatformRate {
  platform: Platform;
  orders: number;
  /** Orders whose shipping could be judged (shipped with a time, or still to ship). */
  judged: number;
  /** Orders shipped with no time in the export: neither on time nor late as far as oos can tell. */
  unjudged: number;
  /** Judged orders past their deadline: shipped after it, or (late_unshipped of them) not shipped at all yet. */
  late: number;
  late_unshipped: number;
  shop_cancelled: number;
  metrics: { id: string; text: string; rate: number | null; threshold: number; direction: 'max' | 'min'; ok: boolean | null }[];
  /** Pinduoduo: what the late orders would pay buyers who complain (major units): at risk, not yet owed. */
  compensation: { amount: number; currency: string } | null;
  penalty_points: number | null;
  rule: string;
}

export function platformRates(orders: Iterable<RateOrder>, config: Config, now: number): PlatformRate[] {
  const by = new Map<Platform, PlatformRate>();
  /** Judged orders not shipped yet, by platform. */
  const waiting = new Map<Platform, number>();
  for (const o of orders) {
    const platform = platformOf(o.channel, o.sourceFormat);
    if (!platform) continue;
    const rule = ruleOf(platform);
    const r = by.get(platform) ?? { platform, orders: 0, judged: 0, unjudged: 0, late: 0, late_unshipped: 0, shop_cancelled: 0, metrics: [], compensation: null, penalty_points: null, rule: rule.text };
    by.set(platform, r);
    r.orders++;
    if (o.cancelled) {
      if (o.shopCancelled) r.shop_cancelled++;
      continue;
    }
    // The export's own ship-by for the order wins (a pre-sale order's promised day), as in the case list.
    // Else the platform's fixed window; else the ship-by the case list uses (Etsy's business days).
    const deadline = o.shipBy ?? (rule.ship_within_hours !== null ? o.paidAt + rule.ship_within_hours * HOUR : defaultShipBy(o.paidAt, o.channel, config));
    const shipped = o.shippedAt ?? (o.open ? null : undefined);
    // Shipped with no time in the export: it cannot be judged either way. Nor can an order the customer collects.
    if (o.pickup) continue;
    if (shipped === undefined) {
      r.unjudged++;
      continue;
    }
    r.judged++;
    if (shipped === null) waiting.set(platform, (waiting.get(platform) ?? 0) + 1);
    const late = (shipped ?? now) > deadline;
    if (!late) continue;
    r.late++;
    if (shipped === null) r.late_unshipped++;
    const c = rule.compensation;
    if (c && o.orderTotal !== null && (o.currency ?? c.currency).toUpperCase() === c.currency) {
      const owed = Math.min(c.max, Math.max(c.min, (o.orderTotal / 10 ** currencyDigits(c.currency)) * c.share));
      r.compensation = { amount: Math.round(((r.compensation?.amount ?? 0) + owed) * 100) / 100, currency: c.currency };
    }
  }
  for (const [platform, r] of by) {
    const rule = ruleOf(r.platform);
    const unshippedJudged = waiting.get(platform) ?? 0;
    if (rule.cancel_points !== null) r.penalty_points = r.shop_cancelled * rule.cancel_points;
    for (const m of rule.metrics) {
      const threshold = m.max_share ?? m.min_share;
      if (threshold === null) continue;
      // Over shipped orders only: the late ones that shipped, of those shipped with a time.
      const [late, judged] = m.late_counts === 'shipped' ? [r.late - r.late_unshipped, r.judged - unshippedJudged] : [r.late, r.judged];
      const [num, den] = m.applies_to === 'cancel' ? [r.shop_cancelled, r.orders] : m.min_share !== null ? [judged - late, judged] : [late, judged];
      const rate = den ? Math.round((num / den) * 10000) / 10000 : null;
      const direction = m.max_share !== null ? 'max' : 'min';
      r.metrics.push({ id: m.id, text: m.text, rate, threshold, direction, ok: rate === null ? null : direction === 'max' ? rate < threshold : rate >= threshold });
    }
  }
  const order = PLATFORM_RULES.map((p) => p.platform);
  return [...by.values()].sort((a, b) => order.indexOf(a.platform) - order.indexOf(b.platform));
}
