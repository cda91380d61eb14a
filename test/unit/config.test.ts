import { describe, expect, it } from 'vitest';
import { contactWindowHours, DEFAULT_CONFIG, handlingHoursFor, starterConfig, validateConfig } from '../../src/domain/config.js';

describe('validateConfig', () => {
  it('gives the playbook defaults for an empty object', () => {
    const { config, problems } = validateConfig({});
    expect(problems).toEqual([]);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.contact_within_hours).toBe(2);
    expect(config.promo.contact_within_hours).toBe(4);
    expect(config.handling_hours).toBe(48);
    expect(config.ship_at_risk_hours).toBe(12);
    expect(config.stall_hours).toBe(24);
    expect(config.lost_after_days).toBe(7);
    expect(config.coupon.validity_days).toBe(15);
  });

  it('accepts the starter config it writes', () => {
    expect(validateConfig(starterConfig()).problems).toEqual([]);
  });

  it('lists every problem at once, naming the key', () => {
    const { problems } = validateConfig({
      shop: { timezone: 'Mars/Olympus', language: 'fr', currency: 'XX' },
      stall_hours: -1,
      coupon: { validity_days: 3 },
      quiet_hours: { start: '25:00' },
      promo: { periods: [{ from: 'soon', to: '2026-11-13T00:00' }] },
    });
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/shop\.timezone/);
    expect(problems.join('\n')).toMatch(/shop\.language/);
    expect(problems.join('\n')).toMatch(/shop\.currency/);
    expect(problems.join('\n')).toMatch(/stall_hours/);
    expect(problems.join('\n')).toMatch(/coupon\.validity_days must be a number from 15/);
    expect(problems.join('\n')).toMatch(/quiet_hours\.start/);
    expect(problems.join('\n')).toMatch(/promo\.periods\[0\]\.from/);
  });

  it('rejects a non-object', () => {
    expect(validateConfig([1, 2]).problems).toHaveLength(1);
  });
});

describe('contact window', () => {
  const { config } = validateConfig({ shop: { timezone: 'Asia/Shanghai' }, promo: { periods: [{ from: '2026-11-10T00:00', to: '2026-11-13T00:00' }] } });
  it.each([
    ['2026-11-09T23:59:00+08:00', 2],
    ['2026-11-10T00:00:00+08:00', 4],
    ['2026-11-12T23:59:00+08:00', 4],
    ['2026-11-13T00:00:00+08:00', 2],
  ])('at %s it is %d hours', (at, hours) => expect(contactWindowHours(config, Date.parse(at))).toBe(hours));

  it('is 4 hours whenever promo.active is on', () => {
    const { config: c } = validateConfig({ promo: { active: true } });
    expect(contactWindowHours(c, Date.parse('2026-01-01T00:00:00Z'))).toBe(4);
  });

  it('uses per-channel handling hours', () => {
    const { config: c } = validateConfig({ handling_hours_by_channel: { AliExpress: 72 } });
    expect(handlingHoursFor(c, 'aliexpress')).toBe(72);
    expect(handlingHoursFor(c, 'taobao')).toBe(48);
    expect(handlingHoursFor(c, null)).toBe(48);
  });
});
