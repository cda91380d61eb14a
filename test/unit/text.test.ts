import { describe, expect, it } from 'vitest';
import { displayWidth, fit, fitTail } from '../../src/ui/text.js';

describe('fitTail: an order id in its column, keeping what tells orders apart', () => {
  it('keeps the end of an id too long for the column, and pads one that fits', () => {
    expect(fitTail('100200-20261130-0000000003', 12)).toBe('…-0000000003');
    expect(fitTail('100200-20261130-0000000003', 12)).not.toBe(fitTail('100200-20261130-0000000004', 12));
    expect(fitTail('#1001', 12)).toBe(fit('#1001', 12));
    for (const id of ['100200-20261130-0000000003', '注文番号-二〇二六-十一月-三十日-三', '#1001']) expect(displayWidth(fitTail(id, 12))).toBe(12);
  });
});
