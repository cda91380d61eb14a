/**
 * Parcels: an order can travel in several (the original, a reship, the two
 * parts of a split, the parcel with a substitute), each with its own items and
 * tracking number. A "shipped" message names one parcel that really left, with
 * what is in it, and never the number of the parcel that got stuck or lost.
 * Pure: the store keeps the rows, these functions decide.
 */
import { openLines, shipNowUnits, type CaseFacts, type Terms } from './remedies.js';
import { stuckItems } from './stuck-items.js';
import type { OrderLine } from './types.js';
import { trackingKey } from './tracking-number.js';
import { formatLocal } from './time.js';

export { trackingKey };

export const PARCEL_ORIGINS = ['original', 'reship', 'substitute', 'split_now', 'split_rest', 'wait'] as const;
export type ParcelOrigin = (typeof PARCEL_ORIGINS)[number];
export type ParcelState = 'preparing' | 'shipped' | 'stalled' | 'lost' | 'delivered' | 'cancelled';

/** A parcel named for the operator by where it came from. */
export const PARCEL_NAMES: Record<ParcelOrigin, string> = {
  original: 'the part of the order that left first',
  reship: 'the reship',
  substitute: 'the parcel with the substitute',
  split_now: 'the first part of the split',
  split_rest: 'the rest of the split',
  wait: 'the parcel',
};

/**
 * What the operator does about a parcel a remedy sent (or a part that left before it) that is stuck
 * too. A part that left before a swap or a split is not the case's plan: no remedy of oos's answers
 * for just its items (a refund would be of the order's open lines), so it is done by hand.
 */
export function stuckParcelAdvice(origin: string, orderId: string): string {
  const id = `'${orderId}'`;
  return origin === 'original'
    ? `chase the carrier, tell the customer, and if it is lost refund or resend its items yourself; then record what they were told with oos resolve --order ${id} --replied`
    : `chase the carrier and tell the customer; if it is lost, refund with oos resolve --order ${id} --remedy refund --yes, or send again with --remedy reship --tracking-number <no> --yes`;
}

export interface ParcelItem {
  sku: string | null;
  title: string | null;
  variant: string | null;
  quantity: number;
  /**
   * A split's first part carrying only some units of a line (3 ordered, 2 in stock): how many of
   * that SKU the export showed fulfilled when it was planned. It has left once the export shows
   * this many more; the line is whole only when the rest leaves too.
   */
  fulfilledBefore?: number;
}

export interface Parcel {
  id: number | null;
  origin: ParcelOrigin;
  items: ParcelItem[];
  carrier: string | null;
  trackingNumber: string | null;
  state: ParcelState;
}

const itemOf = (l: Pick<OrderLine, 'sku' | 'title' | 'variant'>, quantity: number): ParcelItem => ({ sku: l.sku, title: l.title, variant: l.variant, quantity });

/**
 * The parcels a remedy creates. A reship sends again what the stuck parcel carried; a substitute
 * parcel carries the substitutes in place of the missing lines; a split sends
 * what is in stock now and, when the rest waits, the rest later. The original
 * parcel of a stalled order is recorded too, so its number is never sent as new.
 */
export function parcelsForRemedy(terms: Terms, facts: CaseFacts): Parcel[] {
  const parcel = (origin: ParcelOrigin, items: ParcelItem[], extra: Partial<Parcel> = {}): Parcel => ({
    id: null,
    origin,
    items,
    carrier: null,
    trackingNumber: null,
    state: 'preparing',
    ...extra,
  });
  const out: Parcel[] = [];
  const stalledNo = facts.tracking?.trackingNumber ?? facts.order.trackingNumber;
  // A parcel oos recorded (a substitute's, a split's part) is the stuck one already: no second record of it.
  if (terms.kind === 'stalled' && stalledNo && !facts.stuckParcel) {
    out.push(
      parcel('original', facts.lines.filter((l) => l.requiresShipping).map((l) => itemOf(l, l.quantity)), {
        carrier: facts.tracking?.carrier ?? facts.order.carrier,
        trackingNumber: stalledNo,
        state: terms.remedy === 'reship' || facts.stalled === 'probably_lost' ? 'lost' : 'stalled',
      }),
    );
  }
  // An earlier part of the order left under the number the export shows now: that parcel is
  // recorded too, so the number is never told as the new parcel's.
  const earlierNo = facts.order.trackingNumber;
  if (terms.kind !== 'stalled' && earlierNo && (terms.remedy === 'substitute' || terms.remedy === 'split')) {
    const sent = facts.lines.filter((l) => l.requiresShipping && l.fulfilledQuantity > 0);
    out.push(parcel('original', sent.map((l) => itemOf(l, l.fulfilledQuantity)), { carrier: facts.order.carrier, trackingNumber: earlierNo, state: 'shipped' }));
  }
  switch (terms.remedy) {
    case 'reship': {
      // What the stuck parcel carried, sent again: the substitute, not the item it replaced.
      const items = stuckItems(facts).map((i) => itemOf(i, i.quantity));
      const tracking = terms.trackingNumber;
      out.push(parcel('reship', items, { carrier: terms.carrier, trackingNumber: tracking, state: tracking ? 'shipped' : 'preparing' }));
      break;
    }
    case 'substitute': {
      const subs = new Map(terms.substitutes.map((s) => [s.lineNo, s]));
      const items: ParcelItem[] = [];
      for (const l of openLines(facts)) {
        const s = subs.get(l.lineNo);
        if (!s) items.push(itemOf(l, l.quantity - l.fulfilledQuantity));
        else {
          const kept = l.quantity - l.fulfilledQuantity - s.quantity;
          if (kept > 0) items.push(itemOf(l, kept));
          items.push(itemOf(s, s.quantity));
        }
      }
      out.push(parcel('substitute', items));
      break;
    }
    case 'split': {
      out.push(
        parcel(
          'split_now',
          shipNowUnits(facts).map((u) => {
            const item = itemOf(u.line, u.quantity);
            const partOfLine = u.quantity < u.line.quantity - u.line.fulfilledQuantity;
            return partOfLine ? { ...item, fulfilledBefore: fulfilledOf(item, facts) } : item;
          }),
        ),
      );
      if (terms.splitRest === 'wait') out.push(parcel('split_rest', facts.short.map((s) => itemOf(s, s.short))));
      break;
    }
    case 'wait':
      if (terms.kind !== 'stalled') out.push(parcel('wait', openLines(facts).map((l) => itemOf(l, l.quantity - l.fulfilledQuantity))));
      break;
    case 'refund':
      break;
  }
  return out;
}

/** Tracking numbers that must never be told as a new parcel's: the stuck and lost ones. */
export function stalledNumbers(parcels: Parcel[]): Set<string> {
  return new Set(parcels.filter((p) => (p.state === 'stalled' || p.state === 'lost') && p.trackingNumber).map((p) => trackingKey(p.trackingNumber!)));
}


/** Whether `number` is one of `stalled` (a stalledNumbers set), however it is written. */
export const isStalledNumber = (stalled: Set<string>, number: string) => stalled.has(trackingKey(number));

/**
 * The rest of a split still waiting for its stock: it cannot have left yet, so a missing tracking
 * number is no news. (The restock promise's own day is watched by the promise check.)
 */
export function waitsForStock(parcel: Parcel, facts: CaseFacts): boolean {
  if (parcel.origin !== 'split_rest') return false;
  const shortSkus = new Set(facts.short.map((s) => s.sku));
  return parcel.items.some((item) => shortSkus.has(item.sku));
}

/**
 * Whether the export shows a parcel's items as sent: the lines it carries are now fulfilled.
 * Only for parcels made of lines that were still open when the remedy was chosen (a split's parts,
 * a wait); a reship or a substitute carries lines the export may show fulfilled from the start.
 */
export function fulfilledInExport(parcel: Parcel, facts: CaseFacts): boolean {
  if (parcel.origin !== 'split_now' && parcel.origin !== 'split_rest' && parcel.origin !== 'wait') return false;
  if (parcel.items.length === 0) return false;
  return parcel.items.every((item) => {
    const lines = linesOf(item, facts);
    if (item.fulfilledBefore !== undefined) return lines.length > 0 && fulfilledOf(item, facts) >= item.fulfilledBefore + item.quantity;
    return lines.length > 0 && lines.every((l) => l.fulfilledQuantity >= l.quantity);
  });
}

const linesOf = (item: ParcelItem, facts: Pick<CaseFacts, 'lines'>) =>
  facts.lines.filter((l) => l.requiresShipping && l.sku === item.sku && (item.variant === null || l.variant === null || l.variant === item.variant));
const fulfilledOf = (item: ParcelItem, facts: Pick<CaseFacts, 'lines'>) => linesOf(item, facts).reduce((n, l) => n + l.fulfilledQuantity, 0);

/** The parcel a "shipped" message is about: the oldest one still waiting to leave or just left without its message. */
export function nextParcelToAnnounce(parcels: Parcel[]): Parcel | null {
  return parcels.find((p) => p.state === 'preparing') ?? null;
}

/**
 * A tracking number for a parcel still being prepared, from what the exports now
 * say: the order's own number once the order shows shipped (a split's first parcel:
 * once part of it shipped; a substitute's parcel: once the order has one), else a tracking row for the order that the carrier has
 * already scanned, with a number no other parcel of the order has. A label that was
 * only printed is not a parcel that left. Never a stuck or lost parcel's number.
 */
export function adoptTracking(
  parcel: Parcel,
  parcels: Parcel[],
  facts: Pick<CaseFacts, 'order' | 'lines'>,
  trackingRows: { trackingNumber: string; carrier: string | null; scanned: boolean }[],
): { trackingNumber: string; carrier: string | null } | null {
  if (parcel.trackingNumber) return { trackingNumber: parcel.trackingNumber, carrier: parcel.carrier };
  const taken = new Set(parcels.filter((p) => p !== parcel && p.trackingNumber).map((p) => p.trackingNumber!));
  const shipping = facts.lines.filter((l) => l.requiresShipping);
  const shipped = shipping.length > 0 && shipping.every((l) => l.fulfilledQuantity >= l.quantity);
  const partly = shipping.some((l) => l.fulfilledQuantity > 0);
  const orderNo = facts.order.trackingNumber;
  // A substitute's parcel, or the reship of a stuck one: the export may keep the replaced line
  // unfulfilled for good, and any number on the order is new (an earlier part's number, or the stuck
  // parcel's, is recorded already and taken).
  const orderCounts = parcel.origin === 'substitute' || parcel.origin === 'reship' ? true : parcel.origin === 'split_now' ? partly : shipped;
  if (orderNo && orderCounts && !taken.has(orderNo)) return { trackingNumber: orderNo, carrier: facts.order.carrier };
  for (const t of trackingRows) if (t.scanned && !taken.has(t.trackingNumber)) return { trackingNumber: t.trackingNumber, carrier: t.carrier };
  return null;
}

/**
 * A swap chosen from an export taken before an in-stock part of the order left makes the
 * substitute's parcel carry that part too. When a later export shows the order's number with a
 * ship time before the parcel was made, that number is an earlier part's, never the substitute's:
 * the units of the parcel's own lines that the export shows fulfilled since the swap left under it.
 * Returns that earlier parcel and what is still to go in the substitute's, or null. A ship time at
 * the shop's midnight is most likely a day without an hour (a date-only export): it proves nothing.
 */
export function earlierPartOf(
  parcel: Parcel,
  createdAt: number,
  terms: Pick<Terms, 'substitutes'>,
  facts: Pick<CaseFacts, 'order' | 'lines'>,
  parcels: Parcel[],
  timeZone: string,
): { earlier: Parcel; items: ParcelItem[] } | null {
  const { shippedAt, trackingNumber } = facts.order;
  if (parcel.origin !== 'substitute' || parcel.state !== 'preparing' || shippedAt === null || !trackingNumber) return null;
  if (shippedAt >= createdAt || formatLocal(shippedAt, timeZone).endsWith(' 00:00')) return null;
  if (parcels.some((p) => p.trackingNumber !== null && trackingKey(p.trackingNumber) === trackingKey(trackingNumber))) return null;
  const swapped = new Set(terms.substitutes.map((s) => s.sku));
  const left: ParcelItem[] = [];
  const items: ParcelItem[] = [];
  for (const item of parcel.items) {
    const lines = swapped.has(item.sku ?? '') ? [] : linesOf(item, facts);
    if (!lines.length) {
      items.push(item);
      continue;
    }
    // Open when the swap was chosen: the line less what was fulfilled then and what the swap replaced.
    const replaced = terms.substitutes.filter((s) => lines.some((l) => l.lineNo === s.lineNo)).reduce((n, s) => n + s.quantity, 0);
    const fulfilledThen = lines.reduce((n, l) => n + l.quantity, 0) - replaced - item.quantity;
    const since = Math.min(item.quantity, Math.max(0, fulfilledOf(item, facts) - fulfilledThen));
    if (since > 0) left.push({ sku: item.sku, title: item.title, variant: item.variant, quantity: since });
    if (item.quantity - since > 0) items.push({ ...item, quantity: item.quantity - since });
  }
  return { earlier: { id: null, origin: 'original', items: left, carrier: facts.order.carrier, trackingNumber, state: 'shipped' }, items };
}
