import { describe, expect, it } from 'vitest';
import { firstNonGsm, smsCost } from '../../src/domain/sms.js';

describe('smsCost', () => {
  it.each([
    ['', 'GSM-7', 0, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    ['Café à Zürich: 12,50 €', 'GSM-7', 23, 1],
    ['x'.repeat(69) + '×', 'UCS-2', 70, 1],
    ['x'.repeat(70) + '’', 'UCS-2', 71, 2],
    ['亲'.repeat(134), 'UCS-2', 134, 2],
    ['亲'.repeat(135), 'UCS-2', 135, 3],
    ['😀'.repeat(35), 'UCS-2', 70, 1],
  ])('%j costs %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    expect(smsCost(text)).toEqual({ encoding, units, segments });
  });

  it('names the character that makes an English text UCS-2', () => {
    expect(firstNonGsm('Order #1001: 2 × tea')).toBe('×');
    expect(firstNonGsm('Order #1001: 2 x tea')).toBeNull();
  });
});
