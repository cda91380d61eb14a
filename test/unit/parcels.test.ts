/** Which parcel has left, and which cannot have: the facts behind "shipped" messages and alerts. */
import { describe, expect, it } from 'vitest';
import { earlierPartOf, fulfilledInExport, isStalledNumber, stalledNumbers, trackingKey, waitsForStock, type Parcel, type ParcelOrigin } from '../../src/domain/parcels.js';
import type { CaseFacts } from '../../src/domain/remedies.js';
import type { OrderLine } from '../../src/domain/types.js';

const line = (lineNo: number, sku: string, quantity: number, fulfilledQuantity: number): OrderLine => ({
  orderId: '#1',
  lineNo,
  sku,
  title: sku,
  variant: null,
  quantity,
  fulfilledQuantity,
  unitPrice: 1000,
  requiresShipping: true,
});
// Only the lines and the short list matter to these functions.
const facts = (lines: OrderLine[], shortSkus: string[]) =>
  ({ lines, short: shortSkus.map((sku) => ({ lineNo: 0, sku, title: sku, variant: null, open: 1, short: 1, supply: 0, takenBy: [], restockDate: null, incoming: null })) }) as unknown as CaseFacts;
const parcel = (origin: ParcelOrigin, skus: string[]): Parcel => ({ id: 1, origin, items: skus.map((sku) => ({ sku, title: sku, variant: null, quantity: 1 })), carrier: null, trackingNumber: null, state: 'preparing' });

describe('waitsForStock', () => {
  it("is true only for a split's rest whose items are still short", () => {
    expect(waitsForStock(parcel('split_rest', ['POT']), facts([], ['POT']))).toBe(true);
    expect(waitsForStock(parcel('split_rest', ['POT']), facts([], []))).toBe(false);
    expect(waitsForStock(parcel('split_now', ['CUP']), facts([], ['CUP']))).toBe(false);
    expect(waitsForStock(parcel('reship', ['POT']), facts([], ['POT']))).toBe(false);
  });
});

describe('fulfilledInExport', () => {
  it("counts a split's part as left once every line it carries is fulfilled", () => {
    const lines = [line(1, 'POT', 1, 0), line(2, 'CUP', 2, 2)];
    expect(fulfilledInExport(parcel('split_now', ['CUP']), facts(lines, ['POT']))).toBe(true);
    expect(fulfilledInExport(parcel('split_rest', ['POT']), facts(lines, ['POT']))).toBe(false);
    expect(fulfilledInExport(parcel('split_now', ['CUP']), facts([line(1, 'POT', 1, 0), line(2, 'CUP', 2, 1)], ['POT']))).toBe(false);
  });

  it("counts a split's first part carrying only some units of a line once the export shows that many more fulfilled", () => {
    const part: Parcel = { ...parcel('split_now', ['TOWEL']), items: [{ sku: 'TOWEL', title: 'TOWEL', variant: null, quantity: 2, fulfilledBefore: 0 }] };
    expect(fulfilledInExport(part, facts([line(1, 'TOWEL', 3, 1)], ['TOWEL']))).toBe(false);
    expect(fulfilledInExport(part, facts([line(1, 'TOWEL', 3, 2)], ['TOWEL']))).toBe(true);
    // One had left before the split was planned: two more are needed.
    const later: Parcel = { ...part, items: [{ ...part.items[0]!, fulfilledBefore: 1 }] };
    expect(fulfilledInExport(later, facts([line(1, 'TOWEL', 4, 2)], ['TOWEL']))).toBe(false);
    expect(fulfilledInExport(later, facts([line(1, 'TOWEL', 4, 3)], ['TOWEL']))).toBe(true);
  });

  it('never for a reship or a substitute: their lines may show fulfilled from the first parcel', () => {
    const lines = [line(1, 'POT', 1, 1)];
    expect(fulfilledInExport(parcel('reship', ['POT']), facts(lines, []))).toBe(false);
    expect(fulfilledInExport(parcel('substitute', ['POT']), facts(lines, []))).toBe(false);
  });

  it('not for an item the order no longer has a line for', () => {
    expect(fulfilledInExport(parcel('wait', ['GONE']), facts([line(1, 'POT', 1, 1)], []))).toBe(false);
  });
});

describe('tracking numbers compared as carriers read them', () => {
  it('ignores hyphens, spaces, full-width forms and case, and nothing else', () => {
    const lost = stalledNumbers([{ state: 'lost', trackingNumber: '123456789012' } as Parcel]);
    for (const same of ['1234-5678-9012', '1234 5678 9012', '１２３４－５６７８－９０１２', ' 123456789012 ']) expect(isStalledNumber(lost, same), same).toBe(true);
    expect(isStalledNumber(lost, '123456789013')).toBe(false);
    expect(trackingKey('sf 1234-abc')).toBe('SF1234ABC');
  });
});

describe('earlierPartOf', () => {
  // Three cups ordered: one had left already, one is replaced by a mug, one waits in the swap's parcel with the mug.
  const swap = { substitutes: [{ lineNo: 1, fromSku: 'CUP', fromTitle: 'CUP', fromVariant: null, sku: 'MUG', title: 'MUG', variant: null, quantity: 1, note: null, priceDiff: 0 }] };
  const sub: Parcel = { id: 1, origin: 'substitute', items: [{ sku: 'CUP', title: 'CUP', variant: null, quantity: 1 }, { sku: 'MUG', title: 'MUG', variant: null, quantity: 1 }], carrier: null, trackingNumber: null, state: 'preparing' };
  const madeAt = Date.parse('2026-11-22T06:00:00Z'); // 14:00 in Shanghai
  const order = (shippedAt: string, fulfilled: number) => ({
    order: { shippedAt: Date.parse(shippedAt), trackingNumber: 'SF1', carrier: 'SF Express' },
    lines: [line(1, 'CUP', 3, fulfilled)],
  }) as unknown as CaseFacts;

  it('a number that left before the swap was made carries the units fulfilled since, and they leave the swap\'s parcel', () => {
    const found = earlierPartOf(sub, madeAt, swap, order('2026-11-22T03:00:00Z', 2), [sub], 'Asia/Shanghai');
    expect(found?.earlier).toMatchObject({ origin: 'original', trackingNumber: 'SF1', state: 'shipped', items: [{ sku: 'CUP', quantity: 1 }] });
    expect(found?.items).toEqual([{ sku: 'MUG', title: 'MUG', variant: null, quantity: 1 }]);
  });

  it('nothing fulfilled since: the number is an earlier part\'s, and the swap\'s parcel keeps its cup', () => {
    const found = earlierPartOf(sub, madeAt, swap, order('2026-11-22T03:00:00Z', 1), [sub], 'Asia/Shanghai');
    expect(found?.earlier.items).toEqual([]);
    expect(found?.items).toEqual(sub.items);
  });

  it('proves nothing when it left after the swap was made, at the shop\'s midnight (a date alone), or is known already', () => {
    expect(earlierPartOf(sub, madeAt, swap, order('2026-11-22T07:00:00Z', 2), [sub], 'Asia/Shanghai')).toBeNull();
    expect(earlierPartOf(sub, madeAt, swap, order('2026-11-21T16:00:00Z', 2), [sub], 'Asia/Shanghai')).toBeNull();
    const known: Parcel = { ...sub, id: 2, origin: 'original', trackingNumber: 'sf1', state: 'shipped' };
    expect(earlierPartOf(sub, madeAt, swap, order('2026-11-22T03:00:00Z', 2), [sub, known], 'Asia/Shanghai')).toBeNull();
  });
});
