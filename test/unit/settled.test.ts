import { describe, expect, it } from 'vitest';
import type { Terms } from '../../src/domain/remedies.js';
import { keepEarlierSettlement, openUnitsRefunded, settledUnits, type SettledLine } from '../../src/domain/settled.js';

const terms = (over: Partial<Terms>): Terms => ({
  remedy: 'refund',
  kind: 'oversold',
  currency: 'CNY',
  date: null,
  substitutes: [],
  refund: 19900,
  refundFull: false,
  refundLines: [],
  coupon: null,
  trackingNumber: null,
  carrier: null,
  splitRest: null,
  carrierClaim: false,
  decidedBy: 'customer',
  reason: null,
  ...over,
});
const line = (lineNo: number, sku: string, quantity: number, fulfilledQuantity = 0): SettledLine => ({ lineNo, sku, title: sku, quantity, fulfilledQuantity });
const swap = (lineNo: number, fromSku: string, quantity: number, ofQuantity?: number) => ({
  lineNo, fromSku, fromTitle: fromSku, fromVariant: null, sku: 'ORCHID', title: 'Orchid', variant: null, quantity, note: null, priceDiff: 0, ofQuantity,
});

describe('units a remedy settled', () => {
  it('a substitute settles the units it replaced, found by SKU when the next export lists the lines in another order', () => {
    const t = terms({ remedy: 'substitute', substitutes: [swap(1, 'LOTUS', 1, 1)], refund: null });
    // Chosen when the lotus box was line 1; now the tea comes first.
    expect([...settledUnits(t, [line(1, 'TEA', 1, 1), line(2, 'LOTUS', 1)])]).toEqual([[2, 1]]);
  });

  it('a partial refund the platform has taken off the line already settles nothing more', () => {
    const refund = terms({ refundLines: [{ sku: 'LOTUS', title: 'LOTUS', variant: null, quantity: 1, lineNo: 1, ofQuantity: 2 }] });
    // Two ordered, one refunded: the export still says 2, one is settled...
    expect([...settledUnits(refund, [line(1, 'LOTUS', 2)])]).toEqual([[1, 1]]);
    // ...the export now says 1: that one is still owed.
    expect([...settledUnits(refund, [line(1, 'LOTUS', 1)])]).toEqual([]);
  });

  it('two lines of the same SKU: only the units refunded, never both lines', () => {
    const split = terms({ remedy: 'split', splitRest: 'refund', refundLines: [{ sku: 'GIFT-A', title: 'GIFT-A', variant: null, quantity: 1, lineNo: 2, ofQuantity: 1 }] });
    expect([...settledUnits(split, [line(1, 'GIFT-A', 1), line(2, 'GIFT-A', 1)])]).toEqual([[2, 1]]);
  });

  it('never more than a line has open; a wait settles nothing', () => {
    const refund = terms({ refundLines: [{ sku: 'LOTUS', title: 'LOTUS', variant: null, quantity: 3 }] });
    expect([...settledUnits(refund, [line(1, 'LOTUS', 2, 1)])]).toEqual([[1, 1]]);
    expect([...settledUnits(terms({ remedy: 'wait', refundLines: [{ sku: 'LOTUS', title: 'LOTUS', variant: null, quantity: 1 }] }), [line(1, 'LOTUS', 1)])]).toEqual([]);
  });
});

describe('a remedy for a stuck parcel keeps what the plan that sent it settled', () => {
  const substitute = terms({ remedy: 'substitute', substitutes: [swap(1, 'LOTUS', 1, 1)], refund: 5000 });

  it('the reship of a stuck substitute keeps the lotus box replaced, and the difference refunded', () => {
    const reship = keepEarlierSettlement(terms({ remedy: 'reship', kind: 'stalled', refund: null }), substitute, 5000);
    expect([...settledUnits(reship, [line(1, 'LOTUS', 1)])]).toEqual([[1, 1]]);
    expect(reship.refundEarlier).toBe(5000);
    // And the plan after that keeps it too.
    const again = keepEarlierSettlement(terms({ remedy: 'reship', kind: 'stalled', refund: null }), reship, 5000);
    expect([...settledUnits(again, [line(1, 'LOTUS', 1)])]).toEqual([[1, 1]]);
  });

  it('a refund names the earlier refund itself, and a remedy for any other problem starts afresh', () => {
    expect(keepEarlierSettlement(terms({ remedy: 'refund', kind: 'stalled', refund: 14900 }), substitute, 5000).refundEarlier).toBeUndefined();
    const wait = keepEarlierSettlement(terms({ remedy: 'wait', kind: 'oversold', refund: null }), substitute, 5000);
    expect([...settledUnits(wait, [line(1, 'LOTUS', 1)])]).toEqual([]);
    expect(wait.refundEarlier).toBeUndefined();
  });
});

describe('open units a started refund paid back', () => {
  it("a refund of what a line cost pays its units back, though its rounded unit price times them is a cent more", () => {
    // Amazon's 3 cups for 50.00: unit price 16.67, and 50.00 refunded for all 3.
    const cups = { ...line(1, 'CUP', 3), unitPrice: 1667, lineTotal: 5000 };
    expect(openUnitsRefunded([{ amount: 5000, lines: [{ sku: 'CUP', title: 'CUP', quantity: 3, lineNo: 1 }] }], [cups])).toEqual(new Map([[1, 3]]));
    // 1 of them refunded at its share, 16.67.
    expect(openUnitsRefunded([{ amount: 1667, lines: [{ sku: 'CUP', title: 'CUP', quantity: 1, lineNo: 1 }] }], [cups])).toEqual(new Map([[1, 1]]));
    // Less than what they cost is not their money back.
    expect(openUnitsRefunded([{ amount: 4999, lines: [{ sku: 'CUP', title: 'CUP', quantity: 3, lineNo: 1 }] }], [cups])).toEqual(new Map());
  });
});
