/**
 * Units a chosen remedy settled: a substitute sent in their place, or their money refunded. Many
 * exports keep such units unfulfilled for good; nothing of them is owed from the shop's stock any
 * more. Pure: the store reads the terms and the order's lines, this decides.
 */
import type { Terms } from './remedies.js';

export interface SettledLine {
  lineNo: number;
  sku: string | null;
  title: string | null;
  quantity: number;
  fulfilledQuantity: number;
}

interface Unit {
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
  const units: Unit[] =
    terms.remedy === 'substitute'
      ? terms.substitutes.map((s) => ({ sku: s.fromSku, title: s.fromTitle, quantity: s.quantity, lineNo: s.lineNo, ofQuantity: s.ofQuantity }))
      : terms.remedy === 'refund' || (terms.remedy === 'split' && terms.splitRest === 'refund')
        ? terms.refundLines
        : [];
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
