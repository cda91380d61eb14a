/**
 * The promise ledger and the parcels in the database (schema 6). Commitments
 * are written in the same transaction as the message that made them, so a
 * message is never recorded without what it promised, nor the other way round.
 */
import type { Commitment, CommitmentKind, LedgerPromise, PromiseState } from '../domain/ledger.js';
import { adoptTracking, trackingKey, type Parcel, type ParcelState } from '../domain/parcels.js';
import type { CaseFacts } from '../domain/remedies.js';
import { fromIso, toIso } from '../domain/time.js';
import { stmt, type Db } from './db.js';
import { NO_LATER_DATE } from './schema.js';

interface PromiseRow {
  id: number;
  kind: CommitmentKind;
  due_at: string | null;
  data: string;
  state: PromiseState;
  created_at: string;
}

export function promisesOf(db: Db, caseId: number): LedgerPromise[] {
  return (stmt(db, 'SELECT id, kind, due_at, data, state, created_at FROM promises WHERE case_id = ? ORDER BY id').all(caseId) as PromiseRow[]).map(toPromise);
}

const toPromise = (r: PromiseRow): LedgerPromise => ({
  id: r.id,
  kind: r.kind,
  dueAt: r.due_at === null ? null : fromIso(r.due_at),
  data: JSON.parse(r.data) as Record<string, unknown>,
  state: r.state,
  createdAt: fromIso(r.created_at),
});

export function insertCommitments(db: Db, c: { caseId: number; orderId: string; eventId: number | null; messageId: number | null }, commitments: Commitment[], now: number): void {
  const ins = stmt(db, 'INSERT INTO promises (case_id, order_id, event_id, message_id, kind, due_at, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const k of commitments) ins.run(c.caseId, c.orderId, c.eventId, c.messageId, k.kind, k.dueAt === null ? null : toIso(k.dueAt), JSON.stringify(k.data), toIso(now));
}

/** Open promises of these kinds give way to a new decision (a changed remedy, an offer sent again). */
/** The tracking number told for a parcel was wrong (a digit mistyped): the promise that named it no longer stands. */
export function supersedeTrackingPromise(db: Db, caseId: number, wrongNumber: string, now: number): void {
  stmt(db, `UPDATE promises SET state = 'superseded', settled_at = ?, settle_reason = ? WHERE case_id = ? AND kind = 'tracking' AND state <> 'superseded' AND json_extract(data, '$.tracking_number') = ?`).run(
    toIso(now),
    'the tracking number was wrong; the right one was sent',
    caseId,
    wrongNumber,
  );
}

export function supersedePromises(db: Db, caseId: number, kinds: CommitmentKind[], now: number, reason: string): void {
  if (!kinds.length) return;
  stmt(db, `UPDATE promises SET state = 'superseded', settled_at = ?, settle_reason = ? WHERE case_id = ? AND state = 'open' AND kind IN (${kinds.map(() => '?').join(',')})`).run(
    toIso(now),
    reason,
    caseId,
    ...kinds,
  );
}

/** Marks the case's refund promises so far as taken back (withdrawn): a plan that sends the goods instead, before any transfer. */
export function withdrawRefunds(db: Db, caseId: number): void {
  stmt(db, `UPDATE promises SET data = json_set(data, '$.withdrawn', json('true')) WHERE case_id = ? AND kind = 'refund'`).run(caseId);
}

export function settlePromise(db: Db, id: number, state: PromiseState, now: number, reason: string): boolean {
  return stmt(db, `UPDATE promises SET state = ?, settled_at = ?, settle_reason = ? WHERE id = ? AND state = 'open'`).run(state, toIso(now), reason, id).changes === 1;
}

/** Every case's open dated promises whose time has come, oldest first. */
export function duePromises(db: Db, now: number): { id: number; caseId: number; orderId: string; kind: CommitmentKind }[] {
  return (
    stmt(
      db,
      `SELECT id, case_id, order_id, kind FROM promises WHERE state = 'open' AND due_at IS NOT NULL AND due_at <= ? AND kind IN ('restock', 'ship', 'carrier_answer') ORDER BY due_at, id`,
    ).all(toIso(now)) as { id: number; case_id: number; order_id: string; kind: CommitmentKind }[]
  ).map((r) => ({ id: r.id, caseId: r.case_id, orderId: r.order_id, kind: r.kind }));
}

/** Consents asked for (a renewed delay, US shops) whose deadline has come and that nobody has settled. */
export function dueConsents(db: Db, now: number): { id: number; caseId: number; orderId: string }[] {
  return (
    stmt(db, `SELECT id, case_id, order_id FROM promises WHERE state = 'open' AND kind = 'consent' AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id`).all(toIso(now)) as {
      id: number;
      case_id: number;
      order_id: string;
    }[]
  ).map((r) => ({ id: r.id, caseId: r.case_id, orderId: r.order_id }));
}

/**
 * Offers whose reply deadline has passed while the case still waits for the customer: no answer
 * recorded since the offer was sent, no remedy, not closed, the problem not gone by itself (the
 * order shipped, the stock came: the next message answers the offer), and no yes asked for (a consent has
 * an alert of its own). The caller leaves out the offers whose silence is an answer.
 */
export function unansweredOffers(db: Db, now: number): { orderId: string; kind: string; createdAt: string; dueAt: string; data: string }[] {
  return (
    stmt(
      db,
      `SELECT p.order_id, c.kind, p.created_at, p.due_at, p.data FROM promises p JOIN cases c ON c.id = p.case_id
        WHERE p.kind = 'offer' AND p.state = 'open' AND p.due_at <= ? AND c.state = 'offered' AND c.problem_cleared_at IS NULL AND (c.replied_at IS NULL OR c.replied_at < p.created_at)
          AND json_extract(p.data, '$.silenceWaits') IS NOT 1
          AND NOT EXISTS (SELECT 1 FROM promises q WHERE q.case_id = p.case_id AND q.kind = 'consent' AND q.state = 'open')
        ORDER BY p.due_at, p.id`,
    ).all(toIso(now)) as { order_id: string; kind: string; created_at: string; due_at: string; data: string }[]
  ).map((r) => ({ orderId: r.order_id, kind: r.kind, createdAt: r.created_at, dueAt: r.due_at, data: r.data }));
}

/** The open offers not yet answered whose notice said the customer would hear the restock date once there was one (OfferData.noRestockDate). */
export function offersAwaitingRestockDate(db: Db): { orderId: string; data: string }[] {
  return (
    stmt(
      db,
      `SELECT p.order_id, p.data FROM promises p JOIN cases c ON c.id = p.case_id
        WHERE p.kind = 'offer' AND p.state = 'open' AND json_extract(p.data, '$.noRestockDate') = 1
          AND c.state = 'offered' AND c.problem_cleared_at IS NULL AND (c.replied_at IS NULL OR c.replied_at < p.created_at)
        ORDER BY p.id`,
    ).all() as { order_id: string; data: string }[]
  ).map((r) => ({ orderId: r.order_id, data: r.data }));
}

/** Whether the operator recorded the customer's answer, a new remedy or the case's end after `since`. */
/** The channels the notice of the case's open offer went out on (empty without an open offer). */
export function channelsOfOpenOffer(db: Db, caseId: number, lang: string): string[] {
  // In this language: the same choices asked for in another language (the customer reads Japanese) are written.
  return stmt(
    db,
    `SELECT DISTINCT m.channel FROM messages m WHERE m.case_id = ? AND m.lang = ? AND m.intent LIKE 'notice-%'
       AND m.written_at >= (SELECT p.created_at FROM promises p WHERE p.case_id = m.case_id AND p.kind = 'offer' AND p.state = 'open' ORDER BY p.id DESC LIMIT 1)`,
  )
    .pluck()
    .all(caseId, lang) as string[];
}

export function answeredSince(db: Db, caseId: number, since: number): boolean {
  return (
    stmt(db, `SELECT 1 FROM case_events WHERE case_id = ? AND at > ? AND type IN ('replied', 'remedy_chosen', 'remedy_changed', 'closed') LIMIT 1`).get(caseId, toIso(since)) !==
    undefined
  );
}

/**
 * Parcels stuck while the plan told to the customer is still under way (store/cases.ts
 * parcelStuckMidPlan), and still stuck, with nothing recorded since: no answer, no decision, no
 * new parcel, not closed. The customer has not heard of it.
 */
const UNTOLD_STUCK = `SELECT c.order_id AS orderId, e.at, json_extract(e.data, '$.reason') AS reason FROM case_events e CROSS JOIN cases c ON c.id = e.case_id
  WHERE e.type = 'parcel_stuck' AND c.state IN ('offered', 'remedy_chosen') AND c.problem_cleared_at IS NULL
    AND EXISTS (SELECT 1 FROM json_each(c.kinds) WHERE value = 'stalled')
    AND e.id = (SELECT max(id) FROM case_events WHERE case_id = e.case_id AND type = 'parcel_stuck')
    AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = e.case_id AND x.id > e.id
      AND x.type IN ('offered', 'remedy_chosen', 'remedy_changed', 'parcel_shipped', 'replied', 'closed', 'reopened'))`;

export interface UntoldStuckParcel {
  orderId: string;
  at: string;
  reason: string;
}

export function untoldStuckParcels(db: Db): UntoldStuckParcel[] {
  return stmt(db, `${UNTOLD_STUCK} ORDER BY e.at, c.order_id`).all() as UntoldStuckParcel[];
}

export function untoldStuckParcelOf(db: Db, orderId: string): UntoldStuckParcel | undefined {
  return stmt(db, `${UNTOLD_STUCK} AND c.order_id = ?`).get(orderId) as UntoldStuckParcel | undefined;
}

/** Whether any case ever had a parcel stuck mid-plan (an index seek): most shops never do, and their case lists skip the question. */
export const anyParcelStuck = (db: Db): boolean => stmt(db, `SELECT 1 FROM case_events WHERE type = 'parcel_stuck' LIMIT 1`).get() !== undefined;

/**
 * The case's coupon has been handed over by a message that is not a confirmation (a late notice, the
 * good news about a stuck parcel): kept, so the report counts it. A confirmation's coupon is in its terms.
 */
export function markCouponGiven(db: Db, caseId: number, now: number, reason: string): void {
  stmt(db, `UPDATE promises SET state = 'kept', settled_at = ?, settle_reason = ? WHERE case_id = ? AND kind = 'coupon' AND state = 'open'`).run(toIso(now), reason, caseId);
}

/**
 * Restock days that passed with no later date in the inventory (settled NO_LATER_DATE), whose case
 * still waits: nothing recorded since (no new date, remedy or end). The customer has not heard
 * that the day slipped; each run looks for a date to tell them, or asks the operator for one.
 */
export function restocksAwaitingDate(db: Db): { id: number; caseId: number; orderId: string }[] {
  return stmt(
    db,
    `SELECT p.id, p.case_id AS caseId, p.order_id AS orderId FROM promises p CROSS JOIN cases c ON c.id = p.case_id
      WHERE p.kind = 'restock' AND p.state = 'broken' AND p.settle_reason LIKE '${NO_LATER_DATE}%'
        AND c.state = 'remedy_chosen' AND c.remedy IN ('wait', 'split') AND c.problem_cleared_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM promises q WHERE q.case_id = p.case_id AND q.id > p.id AND q.kind IN ('restock', 'ship', 'refund', 'offer'))
      ORDER BY p.id`,
  ).all() as { id: number; caseId: number; orderId: string }[];
}

/**
 * Ship and carrier-answer promises that broke and that nobody has acted on since: no later promise
 * (a new date, a refund, an offer), no remedy recorded or case closed since, the problem still
 * there (an order that then shipped has kept it, late). With the detail they broke with.
 */
/**
 * SQL, of a broken promise `p`: the late parcel was recorded as sent since (oos resolve --shipped, as
 * the alert asked), that parcel or, for a promise that named none, any. The promise stays broken (it
 * was late), but there is nothing left to do about it.
 */
export const SENT_AFTER_ALL = `EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = p.case_id AND e.at > p.settled_at AND e.type = 'parcel_shipped'
  AND (json_extract(p.data, '$.parcel') IS NULL OR json_extract(e.data, '$.parcel') IS json_extract(p.data, '$.parcel')))`;

export function brokenPromisesUnacted(db: Db): { id: number; orderId: string; detail: string }[] {
  return stmt(
    db,
    `SELECT p.id, p.order_id AS orderId, p.settle_reason AS detail FROM promises p CROSS JOIN cases c ON c.id = p.case_id
      WHERE p.state = 'broken' AND p.kind IN ('ship', 'carrier_answer')
        AND c.state IN ('detected', 'offered', 'remedy_chosen') AND c.problem_cleared_at IS NULL
        -- A case found again since (its parcel stuck after the order shipped) is about the new problem.
        AND p.settled_at >= c.detected_at
        -- A newer promise of its kind replaces it, or any made since it broke (a new plan); not the
        -- promises made with it (a split's restock day for the rest, beside its first parcel's day).
        AND NOT EXISTS (SELECT 1 FROM promises q WHERE q.case_id = p.case_id AND q.id > p.id AND q.kind IN ('restock', 'ship', 'carrier_answer', 'refund', 'offer')
          AND (q.kind = p.kind OR q.created_at >= p.settled_at))
        AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = p.case_id AND e.at > p.settled_at AND e.type IN ('remedy_chosen', 'remedy_changed', 'closed'))
        AND NOT ${SENT_AFTER_ALL}
      ORDER BY p.id`,
  ).all() as { id: number; orderId: string; detail: string }[];
}

/** Restock promises still to come: a supplier may move the delivery before the day. */
export function comingRestockPromises(db: Db, now: number): { id: number; caseId: number; orderId: string }[] {
  return (
    stmt(db, `SELECT id, case_id, order_id FROM promises WHERE state = 'open' AND kind = 'restock' AND due_at > ? ORDER BY due_at, id`).all(toIso(now)) as {
      id: number;
      case_id: number;
      order_id: string;
    }[]
  ).map((r) => ({ id: r.id, caseId: r.case_id, orderId: r.order_id }));
}

/**
 * Ship days still ahead promised to orders now short of stock (a late notice told the day, and a
 * later scan found the stock gone): whether the stock comes in time is checked before the day.
 */
export function comingShipPromisesShort(db: Db, now: number): { id: number; orderId: string }[] {
  return (
    stmt(
      db,
      `SELECT p.id, p.order_id FROM promises p JOIN cases c ON c.id = p.case_id
        WHERE p.state = 'open' AND p.kind = 'ship' AND p.due_at > ? AND c.state IN ('offered', 'remedy_chosen')
          AND c.problem_cleared_at IS NULL AND EXISTS (SELECT 1 FROM json_each(c.kinds) WHERE value = 'oversold')
        ORDER BY p.due_at, p.id`,
    ).all(toIso(now)) as { id: number; order_id: string }[]
  ).map((r) => ({ id: r.id, orderId: r.order_id }));
}

export function messageIdOf(db: Db, dedupeKey: string): number | null {
  const r = stmt(db, 'SELECT id FROM messages WHERE dedupe_key = ?').get(dedupeKey) as { id: number } | undefined;
  return r?.id ?? null;
}

interface ParcelRow {
  id: number;
  origin: Parcel['origin'];
  items: string;
  carrier: string | null;
  tracking_number: string | null;
  state: ParcelState;
}

export function parcelsOf(db: Db, caseId: number): Parcel[] {
  return (stmt(db, 'SELECT id, origin, items, carrier, tracking_number, state FROM parcels WHERE case_id = ? ORDER BY id').all(caseId) as ParcelRow[]).map((r) => ({
    id: r.id,
    origin: r.origin,
    items: JSON.parse(r.items) as Parcel['items'],
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    state: r.state,
  }));
}

/**
 * The recorded parcel that left under the stuck number: the one given that number, else one still
 * waiting for it that the number belongs to (no follow-up run saw the substitute's parcel leave).
 */
export function stuckParcelOf(parcels: Parcel[], stuckNo: string, facts: Pick<CaseFacts, 'order' | 'lines'>): Parcel | undefined {
  const same = (n: string | null) => n !== null && trackingKey(n) === trackingKey(stuckNo);
  const numbered = parcels.findLast((p) => same(p.trackingNumber));
  // (An original parcel is one too: a part that left before a swap, with only its own items.)
  if (numbered) return numbered;
  return parcels.find((p) => p.state === 'preparing' && p.origin !== 'original' && same(adoptTracking(p, parcels, facts, [])?.trackingNumber ?? null));
}

/** Saves new parcels (id null) and the state and number of known ones. */
export function saveParcels(db: Db, caseId: number, orderId: string, parcels: Parcel[], now: number): void {
  const at = toIso(now);
  for (const p of parcels) {
    if (p.id === null) {
      stmt(db, 'INSERT INTO parcels (case_id, order_id, origin, items, carrier, tracking_number, state, created_at, shipped_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        caseId,
        orderId,
        p.origin,
        JSON.stringify(p.items),
        p.carrier,
        p.trackingNumber,
        p.state,
        at,
        p.state === 'shipped' ? at : null,
        at,
      );
    } else {
      stmt(db, `UPDATE parcels SET carrier = ?, tracking_number = ?, state = ?, shipped_at = CASE WHEN ? = 'shipped' THEN COALESCE(shipped_at, ?) ELSE shipped_at END, updated_at = ? WHERE id = ?`).run(
        p.carrier,
        p.trackingNumber,
        p.state,
        p.state,
        at,
        at,
        p.id,
      );
    }
  }
}

/** Parcels of earlier remedies that are still being prepared give way when the remedy changes. */
export function cancelPreparingParcels(db: Db, caseId: number, now: number): void {
  stmt(db, `UPDATE parcels SET state = 'cancelled', updated_at = ? WHERE case_id = ? AND state = 'preparing'`).run(toIso(now), caseId);
}

/** Tracking rows the exports tied to an order: where a reship's number can come from. */
/** When the tracking shows this parcel delivered (its delivery time, else its last event's), or null. */
export function deliveredAtOf(db: Db, trackingNumber: string): number | null {
  const r = stmt(db, `SELECT delivered_at, last_event_at, status FROM tracking WHERE tracking_number = ?`).get(trackingNumber) as
    | { delivered_at: string | null; last_event_at: string | null; status: string }
    | undefined;
  if (!r) return null;
  const at = r.delivered_at ?? (r.status === 'delivered' ? r.last_event_at : null);
  return at === null ? null : fromIso(at);
}

export function trackingRowsOf(db: Db, orderId: string): { trackingNumber: string; carrier: string | null; scanned: boolean }[] {
  return (
    stmt(db, `SELECT tracking_number, carrier, status, last_event_at FROM tracking WHERE order_id = ? ORDER BY last_event_at DESC, tracking_number`).all(orderId) as {
      tracking_number: string;
      carrier: string | null;
      status: string;
      last_event_at: string | null;
    }[]
  ).map((r) => ({ trackingNumber: r.tracking_number, carrier: r.carrier, scanned: r.last_event_at !== null && r.status !== 'pending' && r.status !== 'info_received' }));
}

/** Stock that new parcels still being prepared will take, by SKU: a reship takes stock like an open order line. */
export function reservedByParcels(db: Db): Map<string, number> {
  const out = new Map<string, number>();
  const rows = db.prepare(`SELECT items FROM parcels WHERE state = 'preparing' AND origin = 'reship'`).pluck().all() as string[];
  for (const r of rows)
    for (const i of JSON.parse(r) as Parcel['items']) if (i.sku) out.set(i.sku.trim().toLowerCase(), (out.get(i.sku.trim().toLowerCase()) ?? 0) + i.quantity);
  return out;
}

/** The promises of a case as `cases --json` shows them. */
export function promiseSummaries(db: Db, caseId: number): { kind: string; due_at: string | null; state: string }[] {
  return stmt(db, `SELECT kind, due_at, state FROM promises WHERE case_id = ? AND kind IN ('offer', 'restock', 'ship', 'carrier_answer', 'refund') AND state <> 'superseded' ORDER BY id`).all(
    caseId,
  ) as { kind: string; due_at: string | null; state: string }[];
}
