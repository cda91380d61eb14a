import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, parseMoney } from '../../src/domain/money.js';
import { formatDuration, formatLocal, parseDateTime, toIso, zonedToEpoch } from '../../src/domain/time.js';

describe('parseDateTime', () => {
  it.each([
    ['2025-05-11 09:55:16 -0400', 'Asia/Shanghai', '2025-05-11T13:55:16Z'],
    ['2026-11-22T09:00:00+08:00', 'UTC', '2026-11-22T01:00:00Z'],
    ['2026-11-22T09:00', 'Asia/Shanghai', '2026-11-22T01:00:00Z'],
    ['2026-11-22 09:00', 'Asia/Tokyo', '2026-11-22T00:00:00Z'],
    ['2026/11/22 09:00:30', 'Asia/Tokyo', '2026-11-22T00:00:30Z'],
    ['2026-11-22', 'Asia/Shanghai', '2026-11-21T16:00:00Z'],
    ['2026-11-22T01:00:00Z', 'Asia/Tokyo', '2026-11-22T01:00:00Z'],
    ['2025-08-21T18:29:59+00:00', 'Asia/Kolkata', '2025-08-21T18:29:59Z'],
    ['2026-07-01 12:00', 'America/New_York', '2026-07-01T16:00:00Z'],
    ['2026-01-01 12:00', 'America/New_York', '2026-01-01T17:00:00Z'],
    ['2026-11-22 09:00 +0530', 'UTC', '2026-11-22T03:30:00Z'],
  ])('%s in %s is %s', (text, tz, iso) => {
    expect(toIso(parseDateTime(text, tz)!)).toBe(iso);
  });

  it.each(['', 'yesterday', '2026-13-01', '2026-02-30', '2026-11-22 25:00', '22/11/2026', '2026-11-22T09:00+8'])('rejects %j', (text) => {
    expect(parseDateTime(text, 'Asia/Shanghai')).toBeNull();
  });

  it('handles the spring-forward gap without throwing', () => {
    const t = zonedToEpoch('America/New_York', 2026, 3, 8, 2, 30);
    expect(Number.isFinite(t)).toBe(true);
  });

  it('formats in the shop timezone, not the process TZ', () => {
    const t = Date.parse('2026-11-22T01:00:00Z');
    expect(formatLocal(t, 'Asia/Shanghai')).toBe('2026-11-22 09:00');
    expect(formatLocal(t, 'America/Los_Angeles')).toBe('2026-11-21 17:00');
  });

  it.each([
    [30 * 60_000, '30m'],
    [5 * 3_600_000, '5h'],
    [47 * 3_600_000, '47h'],
    [(2 * 24 + 3) * 3_600_000, '2d 3h'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('parseMoney', () => {
  it.each([
    ['1659.95', 'EUR', 165995],
    ['0.00', 'USD', 0],
    ['¥1,280', 'JPY', 1280],
    ['1280', 'JPY', 1280],
    ['AU $3,000.00', 'AUD', 300000],
    ['EUR 90,00', 'EUR', 9000],
    ['116,99 €', 'EUR', 11699],
    ['1.234,56', 'EUR', 123456],
    ['0元', 'CNY', 0],
    ['201.12', 'CNY', 20112],
    ['-5', 'CNY', -500],
    ['(12.50)', 'USD', -1250],
    ['12.345', 'USD', 1235],
    ['1,234,567', 'USD', 123456700],
    ['１，２８０円', 'JPY', 1280],
    ['￥３２．５', 'CNY', 3250],
  ])('%s %s = %d minor units', (text, cur, minor) => expect(parseMoney(text, cur)).toBe(minor));

  it('returns null for blank and undefined for text that is not money', () => {
    expect(parseMoney('  ', 'USD')).toBeNull();
    expect(parseMoney('free', 'USD')).toBeUndefined();
    expect(parseMoney('1.2.3.4', 'USD')).toBeUndefined();
  });

  it('formats per currency digits', () => {
    expect(formatAmount(1500, 'CNY')).toBe('15.00');
    expect(formatAmount(1500, 'JPY')).toBe('1500');
    expect(formatMoney(128000, 'CNY')).toBe('¥1,280.00');
    expect(formatMoney(1280, 'JPY')).toBe('¥1,280');
    expect(formatMoney(-500, 'USD')).toBe('-$5.00');
  });
});
