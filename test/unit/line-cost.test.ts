import { describe, expect, it } from 'vitest';
import { lineCost, unitsCost } from '../../src/domain/line-cost.js';

describe('what units of an order line cost', () => {
  const line = { quantity: 3, unitPrice: 1667, lineTotal: 5000 };

  it('the whole line costs its total, not its rounded unit price times its quantity', () => {
    expect(lineCost(line)).toBe(5000);
    expect(unitsCost(line, 3)).toBe(5000);
  });

  it('parts refunded one after another add up to the line total exactly', () => {
    expect(unitsCost(line, 1)).toBe(1667);
    expect(unitsCost(line, 2, 1)).toBe(3333);
    expect(unitsCost(line, 1)! + unitsCost(line, 2, 1)!).toBe(5000);
    expect(unitsCost(line, 1)! + unitsCost(line, 1, 1)! + unitsCost(line, 1, 2)!).toBe(5000);
    // The last units and the first ones of a line of two at an odd total: a half cent goes to one of them only.
    const odd = { quantity: 2, unitPrice: 2501, lineTotal: 5001 };
    expect(unitsCost(odd, 1)! + unitsCost(odd, 1, 1)!).toBe(5001);
  });

  it('every split of a line adds up to its total', () => {
    for (const quantity of [1, 2, 3, 6, 7]) {
      for (const total of [1, 999, 5000, 5001, 12_345]) {
        const l = { quantity, unitPrice: Math.round(total / quantity), lineTotal: total };
        for (let a = 0; a <= quantity; a++) expect(unitsCost(l, a)! + unitsCost(l, quantity - a, a)!).toBe(total);
      }
    }
  });

  it('a line whose export gave no total is its unit price times the units; no price, no cost', () => {
    expect(unitsCost({ quantity: 3, unitPrice: 1667 }, 2)).toBe(3334);
    expect(unitsCost({ quantity: 3, unitPrice: 1667, lineTotal: null }, 3)).toBe(5001);
    expect(unitsCost({ quantity: 3, unitPrice: null }, 1)).toBeNull();
    expect(unitsCost({ quantity: 3, unitPrice: null }, 0)).toBe(0);
  });

  it('a promotion that made the line cheaper: the units cost what was paid', () => {
    // 2 scarves listed at 19.99, 5.00 off the line: 34.98 paid.
    const promo = { quantity: 2, unitPrice: 1749, lineTotal: 3498 };
    expect(lineCost(promo)).toBe(3498);
    expect(unitsCost(promo, 1)).toBe(1749);
  });
});
