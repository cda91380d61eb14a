/**
 * Units a chosen remedy settled: a substitute sent in their place, or their money refunded. Many
 * exports keep such units unfulfilled for good; nothing of them is owed from the shop's stock any
 * more. Pure: the store reads the terms and the order's lines, this decides.
 */
import { unitsCost, type PricedLine } from './line-cost.js';
import type { Terms } from './remedies.js';

export interface SettledLine {
  lineNo: number;
  sku: string | null;
  title: string | null;
  quantity: number;
  fulfilledQuantity: number;
}

export interface Unit {
  sku: string | null;
  title: string | null;
  quantity: number;
  lineNo?: number;
  ofQuantity?: number;
}

/**
 * Settled units by line number, never more than a line has open. Units are matched to lines by SKU
 * (title when there is none), the line they were chosen on first: the next export may list the
 * order's lines in another order. A line the platform has since lowered (the refunded units taken
 * off the order, as Shopify does) has had them settled already; they are not taken off again.
 */
export function settledUnits(terms: Terms, lines: SettledLine[]): Map<number, number> {
  return openUnitsAmong(unitsSettledBy(terms), lines);
}

/** `units` matched to the order's open lines (settledUnits), by line number. */
function openUnitsAmong(units: Unit[], lines: SettledLine[]): Map<number, number> {
  const settled = new Map<number, number>();
  const open = (l: SettledLine) => l.quantity - l.fulfilledQuantity - (settled.get(l.lineNo) ?? 0);
  for (const u of units) {
    const same = lines.filter((l) => (u.sku !== null ? l.sku === u.sku : l.sku === null && l.title === u.title));
    if (!same.length) continue;
    const chosenOn = same.find((l) => l.lineNo === u.lineNo) ?? same[0]!;
    const takenOffSince = u.ofQuantity !== undefined ? Math.max(0, u.ofQuantity - chosenOn.quantity) : 0;
    let left = u.quantity - takenOffSince;
    for (const l of [chosenOn, ...same.filter((x) => x !== chosenOn)]) {
      if (left <= 0) break;
      const take = Math.min(left, open(l));
      if (take <= 0) continue;
      settled.set(l.lineNo, (settled.get(l.lineNo) ?? 0) + take);
      left -= take;
    }
  }
  return settled;
}

/**
 * The units a plan settles: a substitute's replaced units, a refund's (or a split's refunded rest),
 * and what the plan before it settled and it kept (settledEarlier).
 */
export function unitsSettledBy(terms: Terms): Unit[] {
  const own: Unit[] =
    terms.remedy === 'substitute'
      ? terms.substitutes.map((s) => ({ sku: s.fromSku, title: s.fromTitle, quantity: s.quantity, lineNo: s.lineNo, ofQuantity: s.ofQuantity }))
      : terms.remedy === 'refund' || (terms.remedy === 'split' && terms.splitRest === 'refund')
        ? terms.refundLines
        : [];
  return [...(terms.settledEarlier ?? []), ...own];
}

/**
 * A remedy for a parcel that got stuck keeps what the plan that sent it settled: the units it
 * replaced or refunded stay settled, and the money it refunded stays refunded (a later refund is
 * the rest). Other remedies start afresh.
 */
export function keepEarlierSettlement(terms: Terms, earlier: Terms | null, refundedEarlier: number): Terms {
  if (terms.kind !== 'stalled' || earlier === null) return terms;
  const units = unitsSettledBy(earlier).map((u) => ({ sku: u.sku, title: u.title, quantity: u.quantity, ...(u.lineNo !== undefined ? { lineNo: u.lineNo } : {}), ...(u.ofQuantity !== undefined ? { ofQuantity: u.ofQuantity } : {}) }));
  const out: Terms = { ...terms };
  if (units.length) out.settledEarlier = units;
  else delete out.settledEarlier;
  // A refund names what was refunded before in its own terms (draftTerms); any other remedy carries it on.
  if (terms.remedy !== 'refund' && refundedEarlier > 0) out.refundEarlier = refundedEarlier;
  return out;
}

/** A refund a recorded plan started, as its promise holds it. */
export interface StartedRefund {
  amount: number;
  lines?: Unit[];
}

/**
 * The open units of the order whose whole price a started refund paid back (a refund of items, a
 * split's refunded rest), by line number: the customer has their money for them. A swap's price
 * difference is not that (those units were replaced, the difference refunded), nor is a sum that
 * names no items. Units the platform has since taken off the order are not open any more.
 */
export function openUnitsRefunded(refunds: StartedRefund[], lines: (SettledLine & PricedLine)[]): Map<number, number> {
  const lineOf = (u: Unit) => lines.find((l) => l.lineNo === u.lineNo) ?? lines.find((l) => (u.sku !== null ? l.sku === u.sku : l.sku === null && l.title === u.title));
  const paidBack: Unit[] = [];
  for (const r of refunds) {
    const units = r.lines ?? [];
    let worth: number | null = 0;
    for (const u of units) {
      const line = lineOf(u);
      // Refunded open units are the line's last ones, as the refund priced them (remedies.ts).
      const cost = line ? unitsCost(line, u.quantity, Math.max(0, line.quantity - u.quantity)) : null;
      worth = cost === null || worth === null ? null : worth + cost;
    }
    if (units.length && worth !== null && r.amount >= worth) paidBack.push(...units);
  }
  return openUnitsAmong(paidBack, lines);
}
