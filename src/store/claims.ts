/** What a carrier claim needs from the database, and the claims whose window is about to close. */
import { fromIso, toIso } from '../domain/time.js';
import { claimReminderAt } from '../domain/deadlines.js';
import { toLine, toOrder, type OrderRowDb } from './load.js';
import type { ClaimLine } from '../domain/claim-summary.js';
import type { Order } from '../domain/types.js';
import { addEvent, PARCEL_TURNED_UP } from './case-events.js';
import { stmt, type Db } from './db.js';
import { stuckParcelContents } from './parcel-contents.js';

export interface ClaimEvidence {
  order: Order;
  /** What the parcel carried: the order's lines, or the items of the parcel oos recorded (parcelOnly). */
  lines: ClaimLine[];
  /** The lost parcel is one oos recorded (a substitute sent in place of the missing item, a split's part): its items, not the order's. */
  parcelOnly: boolean;
  tracking: { tracking_number: string; carrier: string | null; status: string; last_event_at: string | null; last_event: string | null; delivered_at: string | null } | null;
  caseId: number | null;
  details: { claim_for?: 'lost' | 'damaged' | null; claim_by?: string | null; claim_carrier?: string | null; stalled?: string | null; clock?: { event: string } | null };
  /** The case's history: every scan that found, changed or cleared its problem. */
  events: { at: string; type: string; data: string }[];
  messages: { written_at: string; intent: string; channel: string; lang: string; recipient: string | null; subject: string | null; body: string; path: string }[];
}

/**
 * What a claim needs, for the order's parcel or, with `parcelNumber`, another one of its parcels oos
 * recorded (a reship, a swap's parcel): that one's tracking, items and ship day, and its carrier.
 */
export function loadClaimEvidence(db: Db, orderId: string, parcelNumber: string | null = null): ClaimEvidence {
  const exported = toOrder(stmt(db, 'SELECT * FROM orders WHERE order_id = ?').get(orderId) as OrderRowDb);
  const c = stmt(db, 'SELECT id, details FROM cases WHERE order_id = ?').get(orderId) as { id: number; details: string } | undefined;
  const found = c ? (JSON.parse(c.details) as { claim_for?: string | null; parcel?: string | null }) : {};
  // The parcel found lost, though the export has since put another one (the shop's resend) on the order.
  const lost = parcelNumber === null && found.claim_for && found.parcel && found.parcel !== exported.trackingNumber ? found.parcel : null;
  const recorded = parcelNumber === null ? undefined : (stmt(db, 'SELECT carrier FROM parcels WHERE order_id = ? AND tracking_number = ?').get(orderId, parcelNumber) as { carrier: string | null } | undefined);
  const order = parcelNumber !== null ? { ...exported, trackingNumber: parcelNumber, carrier: recorded?.carrier ?? exported.carrier, shippedAt: null } : lost !== null ? { ...exported, trackingNumber: lost } : exported;
  const lines = (stmt(db, 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no').all(orderId) as Parameters<typeof toLine>[0][]).map(toLine);
  const tracking = order.trackingNumber
    ? ((stmt(db, 'SELECT tracking_number, carrier, status, last_event_at, last_event, delivered_at FROM tracking WHERE tracking_number = ?').get(order.trackingNumber) as ClaimEvidence['tracking']) ?? null)
    : null;
  const events = c ? (stmt(db, 'SELECT at, type, data FROM case_events WHERE case_id = ? ORDER BY id').all(c.id) as ClaimEvidence['events']) : [];
  const messages = stmt(db, 'SELECT written_at, intent, channel, lang, recipient, subject, body, path FROM messages WHERE order_id = ? ORDER BY id').all(orderId) as ClaimEvidence['messages'];
  const contents = stuckParcelContents(db, c?.id ?? null, order, lines, tracking?.tracking_number ?? order.trackingNumber);
  // A parcel oos recorded left when it was recorded shipped: that is its ship date, not the order's first parcel's.
  const shipped = contents.shippedAt !== null ? { ...order, shippedAt: contents.shippedAt } : order;
  return { order: shipped, lines: contents.lines, parcelOnly: contents.parcelOnly, tracking, caseId: c?.id ?? null, details: c ? JSON.parse(c.details) : {}, events, messages };
}

/** The order's own tracking number and those of the parcels oos recorded for it. */
export function parcelNumbersOf(db: Db, orderId: string): { own: string | null; recorded: string[] } {
  const own = (stmt(db, 'SELECT tracking_number FROM orders WHERE order_id = ?').pluck().get(orderId) as string | null | undefined) ?? null;
  const recorded = stmt(db, 'SELECT tracking_number FROM parcels WHERE order_id = ? AND tracking_number IS NOT NULL').pluck().all(orderId) as string[];
  return { own, recorded };
}

/** The claim folder written; `parcel` when it is another parcel's than the order's (whose reminder then goes on). */
export function recordClaimWritten(db: Db, caseId: number, at: number, actor: string, folder: string, parcel: string | null = null): void {
  addEvent(db, caseId, at, actor, 'claim_folder_written', parcel === null ? { folder } : { folder, parcel });
}

export interface ClaimClosing {
  order_id: string;
  carrier: string | null;
  claim_by: string;
  reminder_at: string;
}

/**
 * Cases with a carrier claim whose reminder is due at `now` (a week before the window closes) and
 * whose window is still open, while the parcel is still lost (moving again or delivered, there is
 * nothing to claim): the operator's reminder, never a customer message. A case closed for the
 * customer (refunded, happy), or whose order the platform now shows refunded, cancelled or closed,
 * still has the shop's money to claim back: the right to claim against the carrier does not follow
 * the order's status. It is reminded until the claim folder has been written (`oos claim`). Later
 * reminders are planned: `upcoming` lists those too.
 */
export function claimReminders(db: Db, now: number, upcoming = false): ClaimClosing[] {
  // Only the cases with a claim deadline still ahead, from their partial index (cases_claim_by):
  // `+state` keeps SQLite from walking every case by the state index instead.
  const rows = db
    .prepare(
      `SELECT order_id, detected_at, json_extract(details, '$.claim_by') AS claim_by, json_extract(details, '$.claim_carrier') AS carrier FROM cases c
       WHERE json_extract(details, '$.claim_by') IS NOT NULL AND json_extract(details, '$.claim_by') > ?
         AND +state IN ('detected', 'offered', 'remedy_chosen', 'closed', 'done') AND NOT ${PARCEL_TURNED_UP}
         AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'claim_folder_written' AND json_extract(e.data, '$.parcel') IS NULL)
         AND NOT EXISTS (SELECT 1 FROM orders o JOIN tracking t ON t.tracking_number = coalesce(json_extract(c.details, '$.parcel'), o.tracking_number)
                         WHERE o.order_id = c.order_id AND (t.status = 'delivered' OR t.delivered_at IS NOT NULL))
       ORDER BY claim_by, order_id`,
    )
    .all(toIso(now)) as { order_id: string; detected_at: string; claim_by: string; carrier: string | null }[];
  const out: ClaimClosing[] = [];
  for (const r of rows) {
    const by = fromIso(r.claim_by);
    const reminder = claimReminderAt(by, fromIso(r.detected_at));
    if (by <= now) continue;
    if (reminder <= now || upcoming) out.push({ order_id: r.order_id, carrier: r.carrier, claim_by: r.claim_by, reminder_at: toIso(reminder) });
  }
  return out;
}

/** A parcel reported lost, reshipped for, that the carrier has delivered after all. */
export interface LostParcelDelivered {
  caseId: number;
  order_id: string;
  /** The parcel reported lost, and when the carrier says it was delivered. */
  parcel: string;
  carrier: string | null;
  delivered_at: string | null;
  /** The parcel sent in its place, and whether it has left ('preparing': not yet). */
  reship: string | null;
  reship_state: string;
  /** The claim folder `oos claim` wrote for the lost parcel, if any: a claim prepared or filed. */
  claim_folder: string | null;
}

/**
 * Lost parcels the shop reshipped for that tracking now shows delivered, the operator not yet told:
 * the customer has two parcels, and a carrier claim for a delivered parcel is a false claim. A
 * handful of rows: only cases with a reship whose first parcel is on record as lost.
 */
export function lostParcelsDeliveredAfterReship(db: Db): LostParcelDelivered[] {
  return stmt(
    db,
    `SELECT c.id AS caseId, c.order_id, lost.tracking_number AS parcel, coalesce(t.carrier, lost.carrier) AS carrier, t.delivered_at,
            reship.tracking_number AS reship, reship.state AS reship_state,
            (SELECT json_extract(e.data, '$.folder') FROM case_events e WHERE e.case_id = c.id AND e.type = 'claim_folder_written' AND json_extract(e.data, '$.parcel') IS NULL ORDER BY e.id DESC LIMIT 1) AS claim_folder
       FROM parcels lost
       CROSS JOIN cases c ON c.id = lost.case_id
       CROSS JOIN tracking t ON t.tracking_number = lost.tracking_number
       CROSS JOIN parcels reship ON reship.case_id = c.id AND reship.origin = 'reship' AND reship.state <> 'cancelled'
      WHERE lost.origin = 'original' AND lost.state IN ('lost', 'stalled') AND lost.tracking_number IS NOT NULL
        AND (t.status = 'delivered' OR t.delivered_at IS NOT NULL)
        AND reship.id = (SELECT max(r.id) FROM parcels r WHERE r.case_id = c.id AND r.origin = 'reship' AND r.state <> 'cancelled')
        AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = c.id AND x.type = 'lost_parcel_delivered' AND json_extract(x.data, '$.parcel') = lost.tracking_number)
      ORDER BY c.order_id, lost.id`,
  ).all() as LostParcelDelivered[];
}

/** The operator was told the lost parcel was delivered after all: once. */
export function recordLostParcelDelivered(db: Db, caseId: number, at: number, actor: string, parcel: string): void {
  addEvent(db, caseId, at, actor, 'lost_parcel_delivered', { parcel });
}
