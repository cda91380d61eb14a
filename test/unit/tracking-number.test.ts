import { describe, expect, it } from 'vitest';
import { isRoundedNumber, trackingKeys } from '../../src/domain/tracking-number.js';

describe('trackingKeys: the parcels one tracking cell names', () => {
  it.each([
    ['1Z999AA10123456784, 1Z999AA10123456785', ['1Z999AA10123456784', '1Z999AA10123456785']],
    ['9400100000000000000031;9400100000000000000032', ['9400100000000000000031', '9400100000000000000032']],
    ['SF1234567890\nSF1234567891', ['SF1234567890', 'SF1234567891']],
    ['4001-3333-0003、4001-3333-0033', ['400133330003', '400133330033']],
    ['9400100000000000000031 9400100000000000000032', ['9400100000000000000031', '9400100000000000000032']],
    ['JP123 / JP456', ['JP123', 'JP456']],
    // One parcel, written with spaces or hyphens as people do.
    ['1Z 999 AA1 01 2345 6784', ['1Z999AA10123456784']],
    ['1234-5678-9012', ['123456789012']],
    ['ＳＦ１２３４５６７８９０', ['SF1234567890']],
    ['  ', []],
  ])('%j', (cell, keys) => {
    expect(trackingKeys(cell)).toEqual(keys);
  });
});

describe('isRoundedNumber: a number a spreadsheet kept 15 digits of', () => {
  it.each([
    ['9.40011E+21', true],
    ['1E+21', true],
    ['9400111899223340000000', true],
    ['9400100000000000000031', false],
    ['1Z999AA10123456784', false],
    ['123456789012', false],
    ['400000000000000', false],
  ])('%s: %s', (key, rounded) => {
    expect(isRoundedNumber(key)).toBe(rounded);
  });
});
