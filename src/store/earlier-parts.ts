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

/**
 * The rest of an order oos knows has not left, though the export marks the whole order shipped: a
 * file that says only whether an order shipped (Format.linesShipTogether: eBay's Orders report, a
 * generic file without fulfilled_quantity) marks every line posted as soon as the first parcel
 * leaves, under that parcel's number. When the only number the order shows is one oos recorded for
 * another parcel of the case (a split's first part), the rest's items are still to ship: their lines
 * keep that many units open, so the case stays open, the rest's updates go on and a restock that
 * slips is told. What was lowered is noted, and given back once the rest has left (or the plan
 * ended) while the line still holds the lowered count: an export that shows nothing new is not read
 * again, so it would never give it back itself.
 */
export function keepRestOpen(db: Db, now: number, actor: string): void {
  const note = (caseId: number, type: string, data: object) =>
    stmt(db, 'INSERT INTO case_events (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(caseId, toIso(now), actor, type, JSON.stringify(data));
  const rows = db
    .prepare(
      `SELECT p.case_id, c.order_id, p.items FROM parcels p CROSS JOIN cases c ON c.id = p.case_id CROSS JOIN orders o ON o.order_id = c.order_id
       WHERE p.state = 'preparing' AND p.origin IN ('split_rest', 'wait') AND c.state = 'remedy_chosen' AND o.tracking_number IS NOT NULL
         AND EXISTS (SELECT 1 FROM parcels q WHERE q.case_id = p.case_id AND q.id <> p.id AND q.state <> 'preparing' AND q.tracking_number = o.tracking_number)`,
    )
    .all() as { case_id: number; order_id: string; items: string }[];
  const linesOf = db.prepare(
    `SELECT l.line_no, l.sku, l.title, l.variant, l.quantity, l.fulfilled_quantity FROM order_lines l JOIN imports i ON i.id = l.import_id
     WHERE l.order_id = ? AND l.requires_shipping = 1 AND i.lines_ship_together = 1 ORDER BY l.line_no`,
  );
  const set = db.prepare('UPDATE order_lines SET fulfilled_quantity = ? WHERE order_id = ? AND line_no = ?');
  for (const r of rows) {
    const items = JSON.parse(r.items) as { sku: string | null; title: string | null; variant: string | null; quantity: number }[];
    const lines = linesOf.all(r.order_id) as { line_no: number; sku: string | null; title: string | null; variant: string | null; quantity: number; fulfilled_quantity: number }[];
    const lowered: { line_no: number; from: number; to: number }[] = [];
    for (const i of items) {
      const l = lines.find((x) => (i.sku !== null ? x.sku === i.sku : x.sku === null && x.title === i.title) && (i.variant === null || x.variant === i.variant));
      if (!l || l.fulfilled_quantity <= l.quantity - i.quantity) continue;
      const to = Math.max(0, l.quantity - i.quantity);
      set.run(to, r.order_id, l.line_no);
      lowered.push({ line_no: l.line_no, from: l.fulfilled_quantity, to });
      l.fulfilled_quantity = to;
    }
    if (lowered.length) note(r.case_id, 'rest_not_shipped', { lines: lowered, why: "the export marks the order shipped, but under the first parcel's number: the rest has not left" });
  }
  // Given back: the rest has left (recorded, or under a number of its own), or the plan is over.
  const given = db
    .prepare(
      `SELECT e.id, e.case_id, c.order_id, e.data FROM case_events e CROSS JOIN cases c ON c.id = e.case_id
       WHERE e.type = 'rest_not_shipped' AND NOT EXISTS (SELECT 1 FROM case_events g WHERE g.case_id = e.case_id AND g.type = 'rest_given_back' AND g.id > e.id)
         AND NOT (c.state = 'remedy_chosen' AND EXISTS (SELECT 1 FROM parcels p CROSS JOIN orders o ON o.order_id = c.order_id
               WHERE p.case_id = c.id AND p.state = 'preparing' AND p.origin IN ('split_rest', 'wait') AND o.tracking_number IS NOT NULL
                 AND EXISTS (SELECT 1 FROM parcels q WHERE q.case_id = p.case_id AND q.id <> p.id AND q.state <> 'preparing' AND q.tracking_number = o.tracking_number)))`,
    )
    .all() as { id: number; case_id: number; order_id: string; data: string }[];
  const giveBack = db.prepare('UPDATE order_lines SET fulfilled_quantity = @from WHERE order_id = @order AND line_no = @line AND fulfilled_quantity = @to');
  for (const g of given) {
    const { lines } = JSON.parse(g.data) as { lines: { line_no: number; from: number; to: number }[] };
    for (const l of lines) giveBack.run({ from: l.from, order: g.order_id, line: l.line_no, to: l.to });
    note(g.case_id, 'rest_given_back', { lines, why: 'the rest has left, or the plan is over: the export\'s own count stands' });
  }
}
