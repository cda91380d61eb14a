/**
 * Stall clocks: how long a parcel may stay silent before it is called stalled depends on what
 * its last event was (label only, moving, at customs, exception), on the lane (domestic or
 * international) and on the carrier. The defaults and their reasons are in docs/deadlines.md.
 */
import type { Config } from './config.js';
import { DAY, HOUR, zonedToEpoch, zoneOffsetMs } from './time.js';
import type { TrackingStatus } from './types.js';
import { CARRIER_FAMILIES, GENERAL_CLOCK, type ClockHours } from './carriers.js';
import { normaliseCountry } from './countries.js';
import { countryOfZone } from './zone-countries.js';

export { carrierFamily, CARRIER_FAMILIES, GENERAL_CLOCK, type CarrierFamily, type ClockHours } from './carriers.js';
export { normaliseCountry } from './countries.js';

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

/** The shop's home country, for the lane: the config's, else the country its time zone is in. */
export function homeCountry(config: Config): string | null {
  return config.shop.country ?? countryOfZone(config.shop.timezone);
}

/** International when the order names a country other than the shop's; unknown countries count as domestic. */
export function laneOf(orderCountry: string | null, home: string | null): Lane {
  if (!orderCountry || !home) return 'domestic';
  return normaliseCountry(orderCountry) === home ? 'domestic' : 'international';
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
    // No tracking row at all is not a label: the export says it shipped, and no tracker has heard of it.
    const what = p.status === null ? 'shipped, but no tracking event at all' : 'label created but no carrier scan';
    return { event: 'no_first_scan', threshold_hours: h, learned: false, why: `${what}: ${h} h to hand the parcel over` };
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
  // Wall-clock milliseconds find the days: their boundaries fall on multiples of DAY.
  const a = from + zoneOffsetMs(from, timeZone);
  const b = to + zoneOffsetMs(to, timeZone);
  // Each Sunday's real span, midnight to midnight in the zone: the Sunday clocks go back is 25
  // hours long (and the one they go forward 23), not the 24 of its wall clock.
  const midnight = (day: number) => {
    const d = new Date(day * DAY);
    return zonedToEpoch(timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  };
  let sunday = 0;
  for (let day = Math.floor(a / DAY); day * DAY < b; day++) {
    // 1970-01-01 was a Thursday (4): weekday 0 is Sunday.
    if ((day + 4) % 7 !== 0) continue;
    sunday += Math.max(0, Math.min(to, midnight(day + 1)) - Math.max(from, midnight(day)));
  }
  return to - from - sunday;
}

export const hoursOf = (ms: number) => ms / HOUR;
