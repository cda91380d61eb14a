/**
 * Stall clocks: how long a parcel may stay silent before it is called stalled depends on what
 * its last event was (label only, moving, at customs, exception), on the lane (domestic or
 * international) and on the carrier. The defaults and their reasons are in docs/deadlines.md.
 */
import type { Config } from './config.js';
import { DAY, HOUR, zoneOffsetMs } from './time.js';
import type { TrackingStatus } from './types.js';

export const CLOCK_EVENTS = ['no_first_scan', 'no_new_scan', 'customs', 'exception'] as const;
export type ClockEvent = (typeof CLOCK_EVENTS)[number];
export type Lane = 'domestic' | 'international';

/** The clock that judged a parcel, as cases store it (details.clock) and `--json` shows it. */
export interface StallClock {
  event: ClockEvent;
  threshold_hours: number;
  learned: boolean;
  /** Why this clock and this threshold, for the operator. */
  why: string;
}

export interface ClockHours {
  no_first_scan_hours: number;
  domestic_hours: number;
  international_hours: number;
  customs_hours: number;
  /** false: the carrier does not scan on Sundays, so Sundays do not count towards its clocks. */
  sunday_scans: boolean;
}

export interface CarrierFamily {
  id: string;
  label: string;
  /** Matched against the carrier name with spaces, dots and dashes removed, lower-cased. */
  names: RegExp;
  /** Only the values that differ from the general defaults. */
  hours: Partial<ClockHours>;
}

export const GENERAL_CLOCK: ClockHours = {
  no_first_scan_hours: 48,
  domestic_hours: 72,
  international_hours: 7 * 24,
  customs_hours: 10 * 24,
  sunday_scans: true,
};

/**
 * Carrier families. Express integrators hand a parcel from hub to hub within a day, so a
 * five-day international silence is already abnormal for them; postal services and
 * Chinese/Japanese domestic express use the general defaults. Sunday scanning follows each
 * carrier's published operating days (docs/deadlines.md).
 */
export const CARRIER_FAMILIES: CarrierFamily[] = [
  { id: 'usps', label: 'USPS', names: /^(usps|unitedstatespostal)/, hours: { sunday_scans: false } },
  { id: 'ups', label: 'UPS', names: /^(ups|unitedparcel)/, hours: { international_hours: 5 * 24, sunday_scans: false } },
  { id: 'fedex', label: 'FedEx', names: /^fedex/, hours: { international_hours: 5 * 24, sunday_scans: false } },
  { id: 'dhl', label: 'DHL', names: /^dhl/, hours: { international_hours: 5 * 24, sunday_scans: false } },
  { id: 'royal_mail', label: 'Royal Mail', names: /^(royalmail|parcelforce)/, hours: { sunday_scans: false } },
  { id: 'yamato', label: 'Yamato', names: /^(yamato|ヤマト|クロネコ|宅急便)/, hours: {} },
  { id: 'sagawa', label: 'Sagawa', names: /^(sagawa|佐川)/, hours: {} },
  { id: 'japan_post', label: 'Japan Post', names: /^(japanpost|日本郵便|ゆうパック|ゆうパケット|jppost)/, hours: {} },
  { id: 'sf_express', label: 'SF Express', names: /^(sf|顺丰|順豐)/, hours: {} },
  { id: 'china_post', label: 'China Post / EMS', names: /^(chinapost|ems|中国邮政|邮政)/, hours: {} },
  { id: 'cn_express', label: 'ZTO / YTO / STO / Yunda / JD / J&T', names: /^(zto|yto|sto|yunda|jd|j&t|jt|中通|圆通|申通|韵达|京东|极兔)/, hours: {} },
];

const UNKNOWN_FAMILY = 'other';

/** The family id of a carrier name as exports write it ("SF Express", "顺丰速运", "ヤマト運輸"); `other` when unknown. */
export function carrierFamily(name: string | null): string {
  if (!name) return UNKNOWN_FAMILY;
  const key = name.normalize('NFKC').toLowerCase().replace(/[\s.\-_]/g, '');
  for (const f of CARRIER_FAMILIES) if (f.names.test(key)) return f.id;
  return UNKNOWN_FAMILY;
}

/** The shop's home country, for the lane: the config's, else the one its time zone implies. */
const ZONE_COUNTRY: Record<string, string> = {
  'Asia/Shanghai': 'CN', 'Asia/Chongqing': 'CN', 'Asia/Urumqi': 'CN', 'Asia/Hong_Kong': 'HK', 'Asia/Taipei': 'TW', 'Asia/Tokyo': 'JP',
  'Asia/Seoul': 'KR', 'Asia/Singapore': 'SG', 'Europe/London': 'GB', 'Europe/Berlin': 'DE', 'Europe/Paris': 'FR', 'Australia/Sydney': 'AU',
  'America/New_York': 'US', 'America/Chicago': 'US', 'America/Denver': 'US', 'America/Los_Angeles': 'US', 'America/Phoenix': 'US',
  'America/Anchorage': 'US', 'Pacific/Honolulu': 'US', 'America/Toronto': 'CA', 'America/Vancouver': 'CA',
};

export function homeCountry(config: Config): string | null {
  return config.shop.country ?? ZONE_COUNTRY[config.shop.timezone] ?? null;
}

/** International when the order names a country other than the shop's; unknown countries count as domestic. */
export function laneOf(orderCountry: string | null, home: string | null): Lane {
  if (!orderCountry || !home) return 'domestic';
  return normaliseCountry(orderCountry) === home ? 'domestic' : 'international';
}

const COUNTRY_NAMES: Record<string, string> = { CHINA: 'CN', JAPAN: 'JP', USA: 'US', 'UNITED STATES': 'US', CHN: 'CN', JPN: 'JP', GBR: 'GB', 'UNITED KINGDOM': 'GB', 中国: 'CN', 日本: 'JP' };
export function normaliseCountry(c: string): string {
  const up = c.trim().toUpperCase();
  return COUNTRY_NAMES[up] ?? up;
}

/** The hours in force for a carrier: general defaults, the family's, then the config's (general, then per carrier). */
export function clockHoursFor(config: Config, family: string): ClockHours {
  const fam = CARRIER_FAMILIES.find((f) => f.id === family);
  const { carriers, ...general } = config.stall_clocks;
  return { ...GENERAL_CLOCK, ...fam?.hours, ...general, ...carriers[family] };
}

/** Learned no-new-scan thresholds in hours, by `family|lane` (see learnedKey). */
export type LearnedThresholds = ReadonlyMap<string, { hours: number; parcels: number }>;
export const learnedKey = (family: string, lane: Lane) => `${family}|${lane}`;

const CUSTOMS = /(customs|clearance|海关|清关|通関|税関)/i;
const NOT_SCANNED: ReadonlySet<TrackingStatus> = new Set(['pending', 'info_received']);
const EXCEPTION: ReadonlySet<TrackingStatus> = new Set(['exception', 'failed_attempt', 'expired']);

export interface ParcelState {
  /** null: no tracking row for the parcel at all (the tracker has never seen a scan). */
  status: TrackingStatus | null;
  lastEvent: string | null;
  family: string;
  lane: Lane;
}

/** Which clock runs for a parcel and its threshold. */
export function chooseClock(p: ParcelState, config: Config, learned: LearnedThresholds | null): StallClock {
  const hours = clockHoursFor(config, p.family);
  const label = CARRIER_FAMILIES.find((f) => f.id === p.family)?.label ?? 'this carrier';
  const floor = config.stall_hours;
  if (p.status !== null && EXCEPTION.has(p.status)) return { event: 'exception', threshold_hours: 0, learned: false, why: 'the carrier reports a problem: flagged at once' };
  if (p.status === null || NOT_SCANNED.has(p.status)) {
    const h = Math.max(floor, hours.no_first_scan_hours);
    return { event: 'no_first_scan', threshold_hours: h, learned: false, why: `label created but no carrier scan: ${h} h to hand the parcel over` };
  }
  if (p.lastEvent && CUSTOMS.test(p.lastEvent)) {
    const h = Math.max(floor, hours.customs_hours);
    return { event: 'customs', threshold_hours: h, learned: false, why: `held at customs: clearance may take ${h / 24} days` };
  }
  const byDefault = Math.max(floor, p.lane === 'domestic' ? hours.domestic_hours : hours.international_hours);
  const l = learned?.get(learnedKey(p.family, p.lane));
  // Only a tighter learned threshold replaces the default: what is measured is whole transit
  // times, an upper bound on the gaps between scans, so a longer one proves nothing (docs/deadlines.md).
  if (l && l.hours < byDefault) {
    const h = Math.max(floor, Math.ceil(l.hours));
    return { event: 'no_new_scan', threshold_hours: h, learned: true, why: `${p.lane} ${label}: 95% of the shop's last ${l.parcels} delivered parcels arrived within ${h} h` };
  }
  const sundays = hours.sunday_scans ? '' : ', Sundays not counted';
  return { event: 'no_new_scan', threshold_hours: byDefault, learned: false, why: `${p.lane} ${label} default: ${byDefault} h without a new scan${sundays}` };
}

/**
 * Time that counts towards a clock between two instants: all of it, or without the Sundays
 * (shop time) for a carrier that does not scan on Sundays.
 */
export function countedTime(from: number, to: number, timeZone: string, sundayScans: boolean): number {
  if (to <= from) return 0;
  if (sundayScans) return to - from;
  // Wall-clock milliseconds: day boundaries fall on multiples of DAY.
  const a = from + zoneOffsetMs(from, timeZone);
  const b = to + zoneOffsetMs(to, timeZone);
  let sunday = 0;
  for (let day = Math.floor(a / DAY); day * DAY < b; day++) {
    // 1970-01-01 was a Thursday (4): weekday 0 is Sunday.
    if ((day + 4) % 7 !== 0) continue;
    sunday += Math.min(b, (day + 1) * DAY) - Math.max(a, day * DAY);
  }
  return to - from - sunday;
}

export const hoursOf = (ms: number) => ms / HOUR;
