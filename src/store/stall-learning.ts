/**
 * Learned stall thresholds: the 95th percentile of the shop's own transit times per carrier
 * family and lane, over parcels delivered in the last LOOKBACK_DAYS.
 *
 * The tracking table keeps each parcel's latest event only, so the gaps between scans cannot be
 * measured. What can be is the whole transit, from the order's shipped_at to the parcel's
 * delivered_at: no gap between two scans of a parcel is longer than that, so a lane whose
 * parcels are nearly all delivered within 60 h has no normal silence longer than 60 h.
 */
import type { Config } from '../domain/config.js';
import { carrierFamily, homeCountry, laneOf, learnedKey, type Lane, type LearnedThresholds } from '../domain/stall-clocks.js';
import { DAY, toIso } from '../domain/time.js';
import type { Db } from './db.js';

/** Fewer delivered parcels than this say too little about a lane. */
export const MIN_PARCELS = 30;
const LOOKBACK_DAYS = 180;

/** One query per scan; the percentile is taken in SQLite so no list of transit times is held here. */
export function learnStallThresholds(db: Db, config: Config, now: number): LearnedThresholds {
  const home = homeCountry(config);
  db.function('oos_family', { deterministic: true }, (carrier: unknown) => carrierFamily(typeof carrier === 'string' ? carrier : null));
  db.function('oos_lane', { deterministic: true }, (country: unknown) => laneOf(typeof country === 'string' ? country : null, home));
  const rows = db
    .prepare(
      `WITH transit AS (
         SELECT oos_family(coalesce(t.carrier, o.carrier)) AS family, oos_lane(o.country) AS lane,
                (julianday(t.delivered_at) - julianday(o.shipped_at)) * 24 AS hours
         FROM tracking t JOIN orders o ON o.tracking_number = t.tracking_number
         WHERE t.delivered_at >= @since AND o.shipped_at IS NOT NULL AND t.delivered_at > o.shipped_at
       ), ranked AS (
         SELECT family, lane, hours, row_number() OVER (PARTITION BY family, lane ORDER BY hours) AS rank,
                count(*) OVER (PARTITION BY family, lane) AS parcels
         FROM transit
       )
       -- Nearest rank: the smallest time at least 95% of the parcels arrived within.
       SELECT family, lane, hours, parcels FROM ranked WHERE parcels >= @min AND rank = (95 * parcels + 99) / 100`,
    )
    .all({ since: toIso(now - LOOKBACK_DAYS * DAY), min: MIN_PARCELS }) as { family: string; lane: Lane; hours: number; parcels: number }[];
  return new Map(rows.map((r) => [learnedKey(r.family, r.lane), { hours: r.hours, parcels: r.parcels }]));
}
