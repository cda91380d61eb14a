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
import { carrierFamily, homeCountry, laneOf, learnedKey, type LearnedThresholds } from '../domain/stall-clocks.js';
import { DAY, toIso } from '../domain/time.js';
import type { Db } from './db.js';

/** Fewer delivered parcels than this say too little about a lane. */
export const MIN_PARCELS = 30;
const LOOKBACK_DAYS = 180;

/**
 * One query per scan. SQLite counts parcels per carrier name, country and whole hour of transit (a
 * few hundred rows however many parcels); carrier families, lanes and the percentile are worked
 * out here from those counts. Calling a JS function per parcel, or sorting them all in a window,
 * cost seconds on a year of parcels.
 */
export function learnStallThresholds(db: Db, config: Config, now: number): LearnedThresholds {
  const home = homeCountry(config);
  const rows = db
    .prepare(
      `SELECT coalesce(t.carrier, o.carrier) AS carrier, o.country AS country,
              CAST((julianday(t.delivered_at) - julianday(o.shipped_at)) * 24 + 0.999999 AS INTEGER) AS hours, count(*) AS parcels
       FROM tracking t JOIN orders o ON o.tracking_number = t.tracking_number
       WHERE t.delivered_at >= @since AND o.shipped_at IS NOT NULL AND t.delivered_at > o.shipped_at
       GROUP BY 1, 2, 3`,
    )
    .all({ since: toIso(now - LOOKBACK_DAYS * DAY) }) as { carrier: string | null; country: string | null; hours: number; parcels: number }[];
  const byLane = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const key = learnedKey(carrierFamily(r.carrier), laneOf(r.country, home));
    const hist = byLane.get(key) ?? new Map<number, number>();
    byLane.set(key, hist);
    hist.set(r.hours, (hist.get(r.hours) ?? 0) + r.parcels);
  }
  const learned = new Map<string, { hours: number; parcels: number }>();
  for (const [key, hist] of byLane) {
    const parcels = [...hist.values()].reduce((a, b) => a + b, 0);
    if (parcels < MIN_PARCELS) continue;
    // Nearest rank: the smallest whole hour within which at least 95% of the parcels arrived.
    const rank = Math.ceil(0.95 * parcels);
    let seen = 0;
    for (const h of [...hist.keys()].sort((a, b) => a - b)) {
      seen += hist.get(h)!;
      if (seen >= rank) {
        learned.set(key, { hours: h, parcels });
        break;
      }
    }
  }
  return learned;
}
