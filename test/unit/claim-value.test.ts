import { describe, expect, it } from 'vitest';
import { declaredValue } from '../../src/domain/claim-summary.js';

describe("a lost parcel's declared value", () => {
  const cups = { lineNo: 1, sku: 'CUP', title: 'Cup', variant: null, quantity: 3, unitPrice: 1667, lineTotal: 5000 };

  it("an order without a total (Amazon's reports have none) is worth its lines' totals, not rounded unit prices times quantities", () => {
    expect(declaredValue({ lines: [cups], order: { orderTotal: null } })).toBe(5000);
    expect(declaredValue({ lines: [cups, { ...cups, lineNo: 2, sku: 'SAUCER', quantity: 1, unitPrice: 500, lineTotal: null }], order: { orderTotal: null } })).toBe(5500);
  });

  it("a parcel with part of the order is worth what its items cost (their share of the line, given as the claim line's total)", () => {
    expect(declaredValue({ lines: [{ ...cups, quantity: 2, lineTotal: 3333 }], parcelOnly: true, order: { orderTotal: 9999 } })).toBe(3333);
  });
});
