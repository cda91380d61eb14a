/**
 * What a scan learns about the parcels of swaps still being prepared: a number the order shows
 * that left before the swap was chosen belongs to an earlier part of the order.
 */
import { earlierPartOf } from '../domain/parcels.js';
import type { Terms } from '../domain/remedies.js';
import { fromIso, toIso } from '../domain/time.js';
import { stmt, type Db } from './db.js';
import { parcelsOf, saveParcels } from './ledger.js';
import { toLine, toOrder, type OrderRowDb } from './load.js';

/**
 * Earlier parts of orders this scan shows (domain/parcels.ts earlierPartOf): a swap whose parcel is
 * still being prepared, on an order that now shows a number that left before the swap was chosen.
 * That number is recorded as the original parcel's, with what left under it, and taken out of the
 * substitute's parcel: it is never announced as the substitute's, and the substitute stays held
 * until its own parcel leaves. Only such swaps are read, a handful on any day.
 */
export function recordEarlierParts(db: Db, timeZone: string, now: number, actor: string): void {
  const rows = db
    .prepare(
      `SELECT c.id AS case_id, c.order_id, c.terms, p.id AS parcel_id, p.created_at FROM parcels p
         CROSS JOIN cases c ON c.id = p.case_id CROSS JOIN orders o ON o.order_id = c.order_id
       WHERE p.origin = 'substitute' AND p.state = 'preparing' AND c.state = 'remedy_chosen' AND c.remedy = 'substitute' AND c.terms IS NOT NULL
         AND o.tracking_number IS NOT NULL AND o.shipped_at IS NOT NULL AND o.shipped_at < p.created_at`,
    )
    .all() as { case_id: number; order_id: string; terms: string; parcel_id: number; created_at: string }[];
  for (const r of rows) {
    const order = toOrder(stmt(db, 'SELECT * FROM orders WHERE order_id = ?').get(r.order_id) as OrderRowDb);
    const lines = (stmt(db, 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no').all(r.order_id) as Parameters<typeof toLine>[0][]).map(toLine);
    const parcels = parcelsOf(db, r.case_id);
    const parcel = parcels.find((p) => p.id === r.parcel_id)!;
    const found = earlierPartOf(parcel, fromIso(r.created_at), JSON.parse(r.terms) as Terms, { order, lines }, parcels, timeZone);
    if (!found) continue;
    saveParcels(db, r.case_id, r.order_id, [found.earlier], now);
    stmt(db, 'UPDATE parcels SET items = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(found.items), toIso(now), r.parcel_id);
    stmt(db, 'INSERT INTO case_events (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(
      r.case_id,
      toIso(now),
      actor,
      'earlier_part_seen',
      JSON.stringify({ tracking_number: found.earlier.trackingNumber, items: found.earlier.items, why: 'it left before the swap was chosen: not the substitute\'s parcel' }),
    );
  }
}
