import { describe, expect, it } from 'vitest';
import { restoreLeadingZero } from '../../src/domain/phone.js';

describe('phone numbers a spreadsheet saved as numbers', () => {
  it.each([
    ['912345678', 'TW', '0912345678'],
    ['912345678', 'Taiwan', '0912345678'],
    ['7700900101', 'GB', '07700900101'],
    ['7700900101', 'United Kingdom', '07700900101'],
    ['2079460000', 'UK', '02079460000'],
    ['9012345678', 'JP', '09012345678'],
    ['8012345678', 'Japan', '08012345678'],
  ])('%s in %s gets its 0 back: %s', (phone, country, fixed) => {
    expect(restoreLeadingZero(phone, country)).toBe(fixed);
  });

  it.each([
    ['0912345678', 'TW'], // whole already
    ['13800000001', 'CN'], // a Chinese mobile has no leading 0
    ['912345678', 'CN'],
    ['2125550100', 'US'], // a US number has none either
    ['912345678', null], // no country: cannot tell
    ['812345678', 'TW'], // not a mobile's shape
    ['1234567890', 'JP'],
    ['77009001011', 'GB'], // too long to have lost one
  ])('%s in %s is left alone', (phone, country) => {
    expect(restoreLeadingZero(phone, country)).toBeNull();
  });
});
