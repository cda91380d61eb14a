import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney } from '../../src/domain/money.js';
import { formatDuration, formatLocal, parseDateTime, toIso, wallClock, zonedToEpoch } from '../../src/domain/time.js';

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

  it('reads the common fixed-width forms exactly as the general form does, valid or not', () => {
    // A leading space sends the same text down the general path (DATE_RE after a trim).
    const texts: string[] = [];
    for (const day of ['2026-11-22', '2024-02-29', '2026-02-29', '2026-13-01', '2026-00-10', '1999-12-31', '2026-04-31'])
      for (const time of ['09:00:00', '23:59:59', '24:00:00', '12:60:00', '00:00:60', '1a:00:00'])
        for (const zone of ['', 'Z', 'z', ' +0800', ' -0430', '+08:00', '-03:30', ' +1500', '+14:00', ' +08:00', '+0800', ' *0800'])
          for (const sep of [' ', 'T', '_']) texts.push(`${day}${sep}${time}${zone}`);
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'UTC'])
      for (const text of texts) expect(parseDateTime(text, tz), `${text} in ${tz}`).toBe(parseDateTime(` ${text}`, tz));
    expect(texts.filter((t) => parseDateTime(t, 'UTC') !== null).length).toBeGreaterThan(100);
  });

  it('knows leap years: 29 February exists in 2024 and 2000, not in 2026 or 1900', () => {
    expect(toIso(parseDateTime('2024-02-29', 'UTC')!)).toBe('2024-02-29T00:00:00Z');
    expect(toIso(parseDateTime('2000-02-29', 'UTC')!)).toBe('2000-02-29T00:00:00Z');
    for (const text of ['2026-02-29', '1900-02-29', '2024-02-30', '2026-04-31']) expect(parseDateTime(text, 'UTC'), text).toBeNull();
    expect(toIso(parseDateTime('2026-12-31 23:59:59', 'UTC')!)).toBe('2026-12-31T23:59:59Z');
  });

  it('formats times of many different days alike, whatever it cached before', () => {
    const days = Array.from({ length: 5000 }, (_, i) => Date.UTC(2020, 0, 1 + ((i * 7919) % 3000), i % 24, i % 60, (i * 7) % 60));
    for (const t of days) expect(toIso(t)).toBe(new Date(t).toISOString().replace('.000Z', 'Z'));
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
    // Rounding carries into the next unit instead of showing 60m or 24h.
    [59 * 60_000 + 40_000, '1h'],
    [47 * 3_600_000 + 40 * 60_000, '2d'],
    [(59 * 24 + 23) * 3_600_000 + 40 * 60_000, '60d'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('money', () => {
  it('formats per currency digits', () => {
    expect(formatAmount(1500, 'CNY')).toBe('15.00');
    expect(formatAmount(1500, 'JPY')).toBe('1500');
    // Yuan and yen are told apart for the operator: a CNY amount on a Japan Post claim is never read as yen.
    expect(formatMoney(128000, 'CNY')).toBe('CN¥1,280.00');
    expect(formatMoney(1280, 'JPY')).toBe('¥1,280');
    expect(formatMoney(-500, 'USD')).toBe('-$5.00');
    // Taiwan pays in whole dollars (ISO gives TWD cents nobody uses): the operator reads what the customer does.
    expect(formatMoney(68000, 'TWD')).toBe('NT$680');
    expect(formatMoney(12345650, 'TWD')).toBe('NT$123,456.50');
    expect(formatMoney(12850, 'HKD')).toBe('HK$128.50');
  });
});

describe('wallClock', () => {
  it('agrees with Intl at 20,000 instants in zones with and without DST, including every transition hour', () => {
    const zones = ['Asia/Shanghai', 'Asia/Tokyo', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];
    const start = Date.UTC(2024, 0, 1);
    const span = Date.UTC(2028, 0, 1) - start;
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const zone of zones) {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
      for (let i = 0; i < 20_000 / zones.length; i++) {
        // Half the instants land within minutes of an hour boundary, where transitions happen.
        const ms = i % 2 ? Math.floor(start + next() * span) : Math.floor((start + next() * span) / 3_600_000) * 3_600_000 + Math.floor((next() - 0.5) * 120_000);
        const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
        const w = wallClock(ms, zone);
        expect([w.year, w.month, w.day, w.hour, w.minute, w.second, w.weekday], `${zone} ${new Date(ms).toISOString()}`).toEqual([
          Number(p.year), Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second), ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!),
        ]);
      }
    }
  });

  it('agrees with Intl every five minutes around each offset change, on the days of the change and beside them', () => {
    // Offsets are kept a UTC day at a time where they hold all day: a day with a change must still say each side of it.
    const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Tehran', 'America/St_Johns', 'Pacific/Apia'];
    const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    let transitions = 0;
    for (const zone of zones) {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
      const wall = (ms: number) => {
        const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
        return [Number(p.year), Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second), names.indexOf(p.weekday!)];
      };
      const offset = (ms: number) => Date.UTC(...(wall(ms).slice(0, 6).map((n, i) => (i === 1 ? n - 1 : n)) as [number, number, number, number, number, number])) - ms;
      const changes: number[] = [];
      // From 2012: St. John's changed at 00:01 local time until 2011, off the quarter hours offsets are kept by.
      for (let day = Date.UTC(2012, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
        if (offset(day) === offset(day + 86_400_000)) continue;
        for (let hour = day; hour < day + 86_400_000; hour += 3_600_000) if (offset(hour) !== offset(hour + 3_600_000)) changes.push(hour);
      }
      for (const hour of changes) {
        transitions++;
        // The change's own hour minute by minute (five at a time), and the UTC days before and after it.
        const near = (ms: number) => Math.abs(ms - hour) <= 2 * 3_600_000;
        for (let ms = hour - 26 * 3_600_000; ms <= hour + 26 * 3_600_000; ms += near(ms) ? 5 * 60_000 : 20 * 60_000) {
          const w = wallClock(ms, zone);
          expect([w.year, w.month, w.day, w.hour, w.minute, w.second, w.weekday], `${zone} ${new Date(ms).toISOString()}`).toEqual(wall(ms));
        }
      }
    }
    expect(transitions).toBeGreaterThan(150);
  });
});
