import { describe, expect, it } from 'vitest';
import { responseTime } from '../../src/commands/report.js';

describe('responseTime: first-contact times beside an hours target', () => {
  it.each([
    [45, '45m'],
    [60, '1h'],
    [90, '1h 30m'],
    [105, '1h 45m'],
    [140, '2h 20m'],
    [120, '2h'],
    [60 * 30, '30h'],
  ])('%i minutes: %s', (minutes, text) => {
    expect(responseTime(minutes)).toBe(text);
  });
});
