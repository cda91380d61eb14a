/** The restock day a waiting line is promised: the delivery that covers its place in the queue. */
import { describe, expect, it } from 'vitest';
import { allocateStock, lineId } from '../../src/domain/allocate.js';
import { comingUnits, restockDayFor } from '../../src/domain/restock.js';
import { DAY } from '../../src/domain/time.js';
import type { StockItem } from '../../src/domain/types.js';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const day = (n: number) => Date.parse('2026-11-22T00:00:00+08:00') + n * DAY;
const item = (over: Partial<StockItem> = {}): StockItem => ({ key: 'A', sku: 'A', title: null, variant: null, onHand: 0, available: null, incoming: null, restockDate: null, unitPrice: null, ...over });
const po = (at: number, quantity: number) => ({ at, quantity, supplier: null, poNumber: null });

describe('restockDayFor', () => {
  it('serves the queue in order: the third unit short waits for the delivery that brings a third unit', () => {
    const i = item({ deliveries: [po(day(3), 2), po(day(6), 5)] });
    expect(restockDayFor(i, 0, 1, NOW, TZ)).toBe(day(3));
    expect(restockDayFor(i, 1, 1, NOW, TZ)).toBe(day(3));
    expect(restockDayFor(i, 2, 1, NOW, TZ)).toBe(day(6));
    expect(restockDayFor(i, 6, 1, NOW, TZ)).toBe(day(6));
    expect(restockDayFor(i, 7, 1, NOW, TZ)).toBeNull(); // nothing coming covers the eighth
  });

  it('a day already past is no day; today still counts', () => {
    expect(restockDayFor(item({ deliveries: [po(day(-1), 9)] }), 0, 1, NOW, TZ)).toBeNull();
    expect(restockDayFor(item({ deliveries: [po(day(0), 9)] }), 0, 1, NOW, TZ)).toBe(day(0));
  });

  it("the inventory's own restock date covers everyone when it gives no count, and only its count when it does", () => {
    expect(restockDayFor(item({ restockDate: day(4) }), 50, 1, NOW, TZ)).toBe(day(4));
    expect(restockDayFor(item({ restockDate: day(4), incoming: 3 }), 2, 1, NOW, TZ)).toBe(day(4));
    expect(restockDayFor(item({ restockDate: day(4), incoming: 3 }), 3, 1, NOW, TZ)).toBeNull();
  });

  it("purchase orders replace the inventory's date, so one shipment is never counted twice", () => {
    const i = item({ restockDate: day(2), deliveries: [po(day(5), 1)] });
    expect(restockDayFor(i, 0, 1, NOW, TZ)).toBe(day(5));
    expect(comingUnits(i, NOW, TZ)).toBe(1);
  });
});

describe('allocation gives each short line the units owed before it', () => {
  it('counts the shortfall of earlier payers of the same item only', () => {
    const stock = new Map([['A', item({ onHand: 1 })], ['B', item({ key: 'B', sku: 'B', onHand: 0 })]]);
    const a = allocateStock(
      [
        { orderId: '1', lineNo: 1, paidAt: 1, stockKey: 'A', openQuantity: 2 },
        { orderId: '2', lineNo: 1, paidAt: 2, stockKey: 'B', openQuantity: 4 },
        { orderId: '3', lineNo: 1, paidAt: 3, stockKey: 'A', openQuantity: 3 },
      ],
      stock,
    );
    expect(a.lines.get(lineId('1', 1))).toMatchObject({ short: 1, shortBefore: 0 });
    expect(a.lines.get(lineId('2', 1))).toMatchObject({ short: 4, shortBefore: 0 });
    expect(a.lines.get(lineId('3', 1))).toMatchObject({ short: 3, shortBefore: 1 });
  });
});
