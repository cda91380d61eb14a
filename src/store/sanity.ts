/**
 * Signs that a scan read the files differently from how the shop meant them:
 * each a warning with its count and a few examples, so the owner can tell a
 * real problem from a misread export. Queries touch only what this scan imported
 * where they can, and open lines otherwise: a large shop's history is not re-read.
 */
import type { DetectionResult } from '../domain/detect.js';
import { localTimeOnDay } from '../domain/locale.js';
import { DAY, formatLocalDate, fromIso, HOUR, toIso } from '../domain/time.js';
import type { Db } from './db.js';

const EXAMPLES = 3;
const OLD_DAYS = 30;
/** Days a parcel may wait at a pickup point before the owner hears of it. */
const UNCOLLECTED_DAYS = 3;

const examples = (items: string[], total: number) => `${items.slice(0, EXAMPLES).join('; ')}${total > EXAMPLES ? `; … ${total - EXAMPLES} more` : ''}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function sanityWarnings(db: Db, now: number, orderImports: number[], detection: Pick<DetectionResult, 'unmatched'> | null, timeZone: string): string[] {
  const warnings: string[] = [];

  // A purchase order still listed after its day: the supplier is late (or the file is old). Its
  // units are no longer promised to anyone, so the customers waiting on them have no date.
  const late = db
    .prepare('SELECT sku, quantity, expected_at, supplier, po_number FROM purchase_orders WHERE expected_at < ? ORDER BY expected_at, id')
    .all(toIso(localTimeOnDay(now, 0, '00:00', timeZone))) as { sku: string; quantity: number; expected_at: string; supplier: string | null; po_number: string | null }[];
  if (late.length) {
    warnings.push(
      `${plural(late.length, 'purchase order line is', 'purchase order lines are')} past the day it was expected, so no customer is promised its units ` +
        `(${examples(late.map((p) => `${p.po_number ?? p.sku}: ${p.quantity} × ${p.sku}${p.supplier ? ` from ${p.supplier}` : ''}, expected ${formatLocalDate(fromIso(p.expected_at), timeZone)}`), late.length)}); ` +
        'ask the supplier for the new day and put it in the purchase orders file',
    );
  }

  // One SKU on several different products or variants: their stock is summed as one. Orders and
  // stock are compared each with itself, and each platform's orders with themselves: they name one
  // variant differently ("Hat - S", "Hat (S)", "Beanie (Color: Navy)"), and one SKU sold on two
  // platforms is the point of a shared stock file. A line without a title never makes a pair.
  const shared = (
    db
      .prepare(
        `SELECT sku, group_concat(label, ' / ') AS labels FROM (
           SELECT DISTINCT l.sku, coalesce(o.source_format, '') || '/' || coalesce(o.channel, '') AS platform, coalesce(l.title, '') || coalesce(' (' || l.variant || ')', '') AS label
           FROM order_lines l JOIN orders o ON o.order_id = l.order_id
           WHERE l.sku IS NOT NULL AND coalesce(l.title, '') <> '' AND l.fulfilled_quantity < l.quantity AND o.paid_at IS NOT NULL AND coalesce(o.cancelled, 0) = 0
         ) GROUP BY sku, platform HAVING count(*) > 1 ORDER BY sku, platform`,
      )
      .all() as { sku: string; labels: string }[]
  ).filter((s, i, all) => i === 0 || all[i - 1]!.sku !== s.sku);
  if (shared.length) {
    warnings.push(
      `open orders: ${plural(shared.length, 'SKU is', 'SKUs are')} shared by different products or variants, so their stock is counted as one ` +
        `(${examples(shared.map((s) => `${s.sku}: ${s.labels}`), shared.length)}); give each variant its own SKU in the shop`,
    );
  }

  if (detection && detection.unmatched.length) {
    const u = detection.unmatched;
    warnings.push(
      `${plural(u.length, 'open order line matches', 'open order lines match')} no SKU in the stock file, so oversold is not checked for them ` +
        `(${examples(u.map((x) => `${x.orderId}: ${x.sku ?? x.title ?? '(no SKU)'}`), u.length)})`,
    );
  }

  if (orderImports.length) {
    const imports = orderImports.map(() => '?').join(', ');
    // Paid more than a month ago and still not marked shipped: a shop that does not mark fulfilment in the platform.
    // Counted, and only the examples read: after a bad season they are a quarter of a million orders.
    const oldWhere = `FROM orders o
         WHERE o.import_id IN (${imports}) AND o.paid_at IS NOT NULL AND o.paid_at < ? AND coalesce(o.cancelled, 0) = 0 AND o.shipped_at IS NULL
           AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.fulfilled_quantity < l.quantity AND l.requires_shipping = 1)`;
    const oldSince = toIso(now - OLD_DAYS * DAY);
    const oldCount = db.prepare(`SELECT count(*) ${oldWhere}`).pluck().get(...orderImports, oldSince) as number;
    if (oldCount) {
      const old = db.prepare(`SELECT o.order_id, o.paid_at ${oldWhere} ORDER BY o.paid_at, o.order_id LIMIT ?`).all(...orderImports, oldSince, EXAMPLES) as { order_id: string; paid_at: string }[];
      warnings.push(
        `${plural(oldCount, 'order')} paid more than ${OLD_DAYS} days ago ${oldCount === 1 ? 'is' : 'are'} still not marked shipped ` +
          `(${examples(old.map((o) => `${o.order_id} paid ${o.paid_at.slice(0, 10)}`), oldCount)}); if they went out, mark them fulfilled in the platform and export again`,
      );
    }
    const emptyWhere = `FROM orders o WHERE o.import_id IN (${imports}) AND o.paid_at IS NOT NULL AND coalesce(o.cancelled, 0) = 0
           AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id)`;
    const emptyCount = db.prepare(`SELECT count(*) ${emptyWhere}`).pluck().get(...orderImports) as number;
    if (emptyCount) {
      const empty = db.prepare(`SELECT o.order_id ${emptyWhere} ORDER BY o.order_id LIMIT ?`).all(...orderImports, EXAMPLES) as { order_id: string }[];
      warnings.push(
        `${plural(emptyCount, 'paid order has', 'paid orders have')} no items in the file, so oos cannot tell whether ${emptyCount === 1 ? 'it is' : 'they are'} late or oversold ` +
          `(${examples(empty.map((o) => o.order_id), emptyCount)}); check that the export has its item columns`,
      );
    }

    // An order the customer was told had shipped, with its number, whose lines this export shows with
    // nothing shipped: most likely an export taken before, scanned after a newer one (or the platform
    // not yet told). Its case turns late again on that data, and the owner must be told why. (A
    // swap's or a reship's parcel leaves the order's own lines as they were: not counted.)
    const unshipped = db
      .prepare(
        `SELECT o.order_id, min(json_extract(p.data, '$.tracking_number')) AS number, min(p.created_at) AS told FROM orders o
           JOIN promises p ON p.order_id = o.order_id AND p.kind = 'tracking' AND coalesce(json_extract(p.data, '$.origin'), '') NOT IN ('substitute', 'reship')
         WHERE o.import_id IN (${imports})
           AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.requires_shipping = 1)
           AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.fulfilled_quantity > 0)
         GROUP BY o.order_id ORDER BY o.order_id`,
      )
      .all(...orderImports) as { order_id: string; number: string; told: string }[];
    // An order an earlier export showed cancelled (its case closed or cleared for it) that this one
    // shows open again: un-cancelling is rare, scanning an older export after a newer one is not.
    const uncancelled = db
      .prepare(
        `SELECT c.order_id FROM cases c JOIN orders o ON o.order_id = c.order_id
         WHERE o.import_id IN (${imports}) AND o.cancelled = 0 AND c.state IN ('detected', 'offered', 'remedy_chosen') AND c.problem_cleared_at IS NULL
           AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type IN ('auto_closed', 'problem_cleared') AND json_extract(e.data, '$.reason') = 'order cancelled')
         ORDER BY c.order_id`,
      )
      .all(...orderImports) as { order_id: string }[];
    if (uncancelled.length) {
      warnings.push(
        `${plural(uncancelled.length, 'order an earlier export showed cancelled is', 'orders an earlier export showed cancelled are')} open in this one, and ${uncancelled.length === 1 ? 'its case is' : 'their cases are'} open again ` +
          `(${examples(uncancelled.map((u) => u.order_id), uncancelled.length)}); if this export is older than the last one scanned, scan the newest`,
      );
    }
    if (unshipped.length) {
      warnings.push(
        `${plural(unshipped.length, 'order was', 'orders were')} shipped, and the customer told so, but this export shows nothing of ${unshipped.length === 1 ? 'it' : 'them'} shipped ` +
          `(${examples(unshipped.map((u) => `${u.order_id}: parcel ${u.number}, told ${formatLocalDate(fromIso(u.told), timeZone)}`), unshipped.length)}); ` +
          `if the export is older than the last one scanned, scan the newest; otherwise mark ${unshipped.length === 1 ? 'it' : 'them'} fulfilled on the platform`,
      );
    }
  }

  // A parcel delivered or scanned after the scan's time (an hour's leeway for clocks): a message would
  // tell the customer of a delivery "on" a day still to come. Usually --now, or the file's zone or date order, is wrong.
  const soon = toIso(now + HOUR);
  const future = db
    .prepare(
      `SELECT tracking_number, order_id, coalesce(delivered_at, last_event_at) AS at, delivered_at IS NOT NULL AND delivered_at > ? AS delivered FROM tracking
       WHERE delivered_at > ? OR last_event_at > ? ORDER BY at DESC, tracking_number LIMIT ?`,
    )
    .all(soon, soon, soon, EXAMPLES) as { tracking_number: string; order_id: string | null; at: string; delivered: number }[];
  if (future.length) {
    const count = db.prepare('SELECT count(*) FROM tracking WHERE delivered_at > ? OR last_event_at > ?').pluck().get(soon, soon) as number;
    warnings.push(
      `${plural(count, 'parcel has a tracking time', 'parcels have tracking times')} after this scan's time, ${formatLocalDate(now, timeZone)} ` +
        `(${examples(future.map((t) => `${t.tracking_number}${t.order_id ? ` (${t.order_id})` : ''} ${t.delivered ? 'delivered' : 'scanned'} ${formatLocalDate(fromIso(t.at), timeZone)}`), count)}); ` +
        `if the scan's time is wrong, leave out --now (and OOS_NOW); if the file's times are, check the shop's time zone (${timeZone}) and the file's date format`,
    );
  }

  // A parcel waiting at a pickup point (驿站, a locker, the post office counter) is where the carrier
  // says, not stuck: detection leaves it alone. Left there for days it goes back to the sender, so the
  // owner hears of it, to remind the customer (stations keep parcels 3 to 7 days, post offices longer).
  const uncollectedSince = toIso(now - UNCOLLECTED_DAYS * DAY);
  const uncollectedQuery = `FROM tracking t JOIN orders o ON o.tracking_number = t.tracking_number
     WHERE t.status = 'available_for_pickup' AND t.delivered_at IS NULL AND t.last_event_at < ? AND t.last_event_at >= ? AND o.cancelled = 0`;
  const uncollected = db
    .prepare(`SELECT o.order_id, t.tracking_number, t.last_event_at ${uncollectedQuery} ORDER BY t.last_event_at, o.order_id LIMIT ?`)
    .all(uncollectedSince, toIso(now - OLD_DAYS * DAY), EXAMPLES) as { order_id: string; tracking_number: string; last_event_at: string }[];
  if (uncollected.length) {
    const count = db.prepare(`SELECT count(*) ${uncollectedQuery}`).pluck().get(uncollectedSince, toIso(now - OLD_DAYS * DAY)) as number;
    warnings.push(
      `${plural(count, 'parcel has', 'parcels have')} waited at a pickup point for more than ${UNCOLLECTED_DAYS} days without being collected ` +
        `(${examples(uncollected.map((u) => `${u.order_id}: ${u.tracking_number} since ${formatLocalDate(fromIso(u.last_event_at), timeZone)}`), count)}): ` +
        'they are not lost, but go back to the sender if nobody collects them; remind the customer to collect, with the pickup code or address from the tracking page',
    );
  }

  const stock = db.prepare('SELECT count(*) AS total, sum(on_hand IS NULL AND available IS NULL) AS untracked FROM inventory').get() as { total: number; untracked: number | null };
  if (stock.total > 0 && (stock.untracked ?? 0) * 2 > stock.total) {
    const some = db.prepare('SELECT coalesce(sku, title) AS name FROM inventory WHERE on_hand IS NULL AND available IS NULL ORDER BY 1 LIMIT ?').all(EXAMPLES) as { name: string }[];
    warnings.push(
      `${stock.untracked} of ${stock.total} stock items have no count ("not stocked" or not tracked), so they are never reported oversold ` +
        `(${examples(some.map((s) => s.name), stock.untracked ?? 0)}); if that is wrong, export the inventory with its quantities`,
    );
  }
  return warnings;
}
