/** The orders paid in a report's period, as platform-rates.ts needs them: one row at a time. */
import type { RateOrder } from '../domain/platform-rates.js';
import { fromIso, toIso } from '../domain/time.js';
import { ORDER_VALUE } from './cases.js';
import type { Db } from './db.js';

/** `shopCurrency`: what an order without a currency of its own is in (its export had no currency column). */
export function* rateOrders(db: Db, since: number | null, until: number | null, shopCurrency: string | null = null): Generator<RateOrder> {
  const rows = db
    .prepare(
      `SELECT o.channel, o.source_format, o.paid_at, o.ship_by, o.shipped_at, o.cancelled, o.pickup, ${ORDER_VALUE} AS order_total, o.currency,
         EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.fulfilled_quantity < l.quantity AND l.requires_shipping = 1) AS open,
         EXISTS (SELECT 1 FROM cases c WHERE c.order_id = o.order_id AND c.kinds LIKE '%oversold%') AS oversold,
         EXISTS (SELECT 1 FROM cases c WHERE c.order_id = o.order_id AND c.remedy = 'refund' AND json_extract(c.terms, '$.refundFull') = 1) AS refunded_whole
       FROM orders o WHERE o.paid_at IS NOT NULL AND o.paid_at >= ? AND o.paid_at < ?`,
    )
    .iterate(since === null ? '' : toIso(since), until === null ? '9999' : toIso(until)) as IterableIterator<{
    channel: string | null;
    source_format: string | null;
    paid_at: string;
    ship_by: string | null;
    shipped_at: string | null;
    cancelled: number;
    pickup: number | null;
    order_total: number | null;
    currency: string | null;
    open: number;
    oversold: number;
    refunded_whole: number;
  }>;
  for (const r of rows) {
    // Refunded whole by the shop and never shipped: its cancellation, though the export may not show it yet
    // (the shop cancels on the platform as it refunds). Not a late order.
    const refundedUnshipped = r.refunded_whole === 1 && r.open === 1;
    yield {
      channel: r.channel,
      sourceFormat: r.source_format,
      paidAt: fromIso(r.paid_at),
      shipBy: r.ship_by === null ? null : fromIso(r.ship_by),
      shippedAt: r.shipped_at === null ? null : fromIso(r.shipped_at),
      cancelled: r.cancelled === 1 || refundedUnshipped,
      open: r.open === 1,
      pickup: r.pickup === 1,
      shopCancelled: (r.cancelled === 1 && r.oversold === 1) || refundedUnshipped,
      orderTotal: r.order_total,
      currency: r.currency ?? shopCurrency,
    };
  }
}
