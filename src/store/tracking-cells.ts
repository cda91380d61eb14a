/**
 * Tracking cells that cannot be read as they stand, put right after a scan's files are in.
 *
 * Orders whose export names several parcels in one tracking cell ("A, B"): oos follows one parcel
 * an order, so each scan picks the one that needs watching. A number the tracking export shows
 * still on its way comes first (a lost second parcel must not hide behind a delivered first one),
 * then one it shows delivered (no "not handed over?" for numbers it never listed), then the first.
 */
import type { Db } from './db.js';

export interface MultiParcelOrder {
  orderId: string;
  followed: string;
  others: string[];
}

export function pickFollowedParcels(db: Db): MultiParcelOrder[] {
  const orders = db.prepare(`SELECT order_id, tracking_number FROM orders WHERE instr(tracking_number, ',') > 0 ORDER BY order_id`).all() as { order_id: string; tracking_number: string }[];
  if (!orders.length) return [];
  const statusOf = db.prepare('SELECT delivered_at IS NOT NULL OR status = \'delivered\' AS delivered FROM tracking WHERE tracking_number = ?');
  const follow = db.prepare('UPDATE orders SET tracking_number = ? WHERE order_id = ?');
  const picked: MultiParcelOrder[] = [];
  for (const o of orders) {
    const numbers = [...new Set(o.tracking_number.split(',').filter((n) => n !== ''))];
    const known = numbers.map((n) => ({ n, row: statusOf.get(n) as { delivered: number } | undefined }));
    const followed = known.find((k) => k.row && !k.row.delivered)?.n ?? known.find((k) => k.row)?.n ?? numbers[0]!;
    follow.run(followed, o.order_id);
    picked.push({ orderId: o.order_id, followed, others: numbers.filter((n) => n !== followed) });
  }
  return picked;
}

/**
 * A spreadsheet keeps 15 digits of a number: a 22-digit USPS number saved by it reads 9.40011E+21,
 * or 9400111899223340000000, and names no parcel any more (two of them may even become one). Such
 * numbers are reported; the tracking export's rows with one are dropped (they would be another
 * parcel's news), and an order with one is not judged (detect.ts: never "not handed over?").
 */
export function dropRoundedTrackingNumbers(db: Db): { orderId: string | null; number: string }[] {
  const ROUNDED = `(tracking_number GLOB '[0-9].*E+[0-9]*' OR tracking_number GLOB '[0-9]E+[0-9]*'
    OR (length(tracking_number) >= 16 AND tracking_number NOT GLOB '*[^0-9]*' AND substr(tracking_number, 16) NOT GLOB '*[^0]*'))`;
  const found = db
    .prepare(`SELECT order_id AS orderId, tracking_number AS number FROM orders WHERE ${ROUNDED} UNION ALL SELECT order_id, tracking_number FROM tracking WHERE ${ROUNDED} ORDER BY 2, 1`)
    .all() as { orderId: string | null; number: string }[];
  if (!found.length) return [];
  db.prepare(`DELETE FROM tracking WHERE ${ROUNDED}`).run();
  return found;
}

/**
 * Numbers corrected with `oos resolve --shipped --replaces WRONG`: the platform's export may go on
 * showing the mistyped one (not every platform lets a number be edited). The order follows the right
 * number, as its customer was told with an apology: the wrong one, a parcel the carrier never saw,
 * would read as "not handed over?" and be told to them as theirs.
 */
export function followCorrectedNumbers(db: Db): { orderId: string; wrong: string; right: string }[] {
  const rows = db
    .prepare(
      `SELECT c.order_id, json_extract(e.data, '$.replaces') AS wrong, json_extract(e.data, '$.tracking_number') AS right
       FROM case_events e CROSS JOIN cases c ON c.id = e.case_id CROSS JOIN orders o ON o.order_id = c.order_id
       WHERE e.type = 'parcel_shipped' AND json_extract(e.data, '$.replaces') IS NOT NULL AND o.tracking_number = json_extract(e.data, '$.replaces')
       ORDER BY c.order_id, e.id DESC`,
    )
    .all() as { order_id: string; wrong: string; right: string }[];
  const follow = db.prepare('UPDATE orders SET tracking_number = ? WHERE order_id = ? AND tracking_number = ?');
  const out: { orderId: string; wrong: string; right: string }[] = [];
  for (const r of rows) if (follow.run(r.right, r.order_id, r.wrong).changes) out.push({ orderId: r.order_id, wrong: r.wrong, right: r.right });
  return out;
}

/**
 * A lost or stuck parcel whose order now shows the number of the parcel sent in its place: owners put
 * a reship's number on the order, as marketplaces ask. The case is still about the parcel that got
 * lost (its claim, its deadline); the replacement is watched as a parcel of its own (store/load.ts
 * remedyParcelsInTransit). So the order goes on following the lost one: else its problem read as
 * cleared, its claim date went, and `oos claim` named the replacement, on its way, as lost.
 */
export function followLostParcels(db: Db): void {
  db.prepare(
    `UPDATE orders SET tracking_number = (
       SELECT lost.tracking_number FROM cases c CROSS JOIN parcels lost ON lost.case_id = c.id
       WHERE c.order_id = orders.order_id AND lost.origin = 'original' AND lost.state IN ('lost', 'stalled') AND lost.tracking_number IS NOT NULL
       ORDER BY lost.id DESC LIMIT 1)
     WHERE tracking_number IS NOT NULL AND order_id IN (
       SELECT c.order_id FROM cases c CROSS JOIN parcels p ON p.case_id = c.id CROSS JOIN parcels lost ON lost.case_id = c.id
       WHERE p.origin <> 'original' AND p.tracking_number = orders.tracking_number
         AND lost.origin = 'original' AND lost.state IN ('lost', 'stalled') AND lost.tracking_number IS NOT NULL)`,
  ).run();
}
