/**
 * The day a waiting customer's units arrive. Deliveries serve the queue in payment
 * order, like the shelf: a line short after 5 units already owed to earlier orders
 * is covered by the delivery that brings the 6th unit onwards, not by the first one.
 * Telling every waiting customer the first delivery's day would promise some of them
 * a day that cannot be kept.
 */
import { daysBetween } from './locale.js';
import type { StockItem } from './types.js';

/** A coming delivery; `quantity` null: the shop gave a day but no count, so it covers everyone. */
interface Supply {
  at: number;
  quantity: number | null;
}

/**
 * The restock day for a line short of `short` units with `shortBefore` units owed to
 * earlier lines, or null when no coming delivery covers it. A day already past is no
 * day at all: the delivery is late, and what it will bring is unknown.
 */
export function restockDayFor(item: StockItem, shortBefore: number, short: number, now: number, timeZone: string): number | null {
  const supplies: Supply[] = item.deliveries?.length
    ? item.deliveries.map((d) => ({ at: d.at, quantity: d.quantity }))
    : item.restockDate !== null
      ? [{ at: item.restockDate, quantity: item.incoming }]
      : [];
  const coming = supplies.filter((s) => daysBetween(now, s.at, timeZone) >= 0).sort((a, b) => a.at - b.at);
  const needed = shortBefore + short;
  let arriving = 0;
  for (const s of coming) {
    if (s.quantity === null) return s.at;
    arriving += s.quantity;
    if (arriving >= needed) return s.at;
  }
  return null;
}

/** Units coming on days not yet past, for the operator's view. */
export function comingUnits(item: StockItem, now: number, timeZone: string): number | null {
  if (!item.deliveries?.length) return item.incoming;
  return item.deliveries.filter((d) => daysBetween(now, d.at, timeZone) >= 0).reduce((n, d) => n + d.quantity, 0);
}
