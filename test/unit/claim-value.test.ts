import { describe, expect, it } from 'vitest';
import { buildClaimSummary, declaredValue, type ClaimInput } from '../../src/domain/claim-summary.js';
import { validateConfig } from '../../src/domain/config.js';

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

describe('the claim folder adds up', () => {
  const config = validateConfig({ shop: { name: 'Maple Goods', timezone: 'America/New_York', currency: 'USD', country: 'US' } }).config;
  const NOW = Date.parse('2026-12-08T10:00:00-05:00');
  const lantern = { lineNo: 1, sku: 'LANTERN', title: 'Brass Camp Lantern', variant: null, quantity: 1, unitPrice: 8300, lineTotal: null };
  const claim = (orderTotal: number | null, parcelOnly = false) =>
    buildClaimSummary(
      {
        order: { orderId: '#1088', currency: 'USD', orderTotal, shippedAt: NOW - 12 * 86_400_000, paidAt: NOW - 13 * 86_400_000, customerName: 'Dana Ruiz', country: 'US' } as unknown as ClaimInput['order'],
        lines: [lantern],
        parcelOnly,
        trackingNumber: '9400111899223344551088',
        carrier: 'USPS',
        status: 'in_transit',
        lastEventAt: null,
        lastEvent: null,
        problem: 'lost',
        claimBy: null,
        messagesSent: 0,
        attachments: [],
        note: null,
      },
      config,
      NOW,
    ).markdown;

  it('an order total above its items (shipping and tax paid) is declared, and the contents say what the rest is', () => {
    const md = claim(9195);
    expect(md).toContain('- **Declared value:** $91.95');
    expect(md).toContain('| LANTERN · Brass Camp Lantern | 1 | $83.00 | $83.00 |');
    expect(md).toContain('| shipping, tax and other charges paid with the order | | | $8.95 |');
    expect(md).toContain('| **declared value** | | | **$91.95** |');
  });

  it('nothing is added when the items are the whole value, or the parcel carried only part of the order', () => {
    for (const md of [claim(8300), claim(null), claim(9195, true)]) expect(md).not.toContain('other charges');
  });
});
