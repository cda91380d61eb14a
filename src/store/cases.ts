/**
 * Cases: one per order with a problem, kept across scans. A finding opens a
 * case (or reopens the same one); a case whose problem is gone closes itself
 * if nobody has contacted the customer yet, and otherwise only notes that the
 * problem cleared, so the promise already made is still followed through.
 */
import { contactBy, isLateToContact, judgeRemedyParcel, type Finding, type ShortLine } from '../domain/detect.js';
import { PARCEL_NAMES, stuckParcelAdvice, type ParcelOrigin } from '../domain/parcels.js';
import type { Config } from '../domain/config.js';
import { KIND_PRIORITY, type CaseKind } from '../domain/types.js';
import { DAY, formatLocal, fromIso, toIso } from '../domain/time.js';
import { atStake, claimReminderAt, ruleOf, nearestDeadline, platformDeadline, platformOf, type AtStake, type DeadlineKind } from '../domain/deadlines.js';
import { channelAllowed } from '../domain/platform-rules.js';
import { currencyDigits } from '../domain/money.js';
import type { StallClock } from '../domain/stall-clocks.js';
import { compareIds } from '../domain/allocate.js';
import { silenceAnswers, type OfferData } from '../domain/ledger.js';
import { outsideQuietHours, SATISFACTION_AFTER_SHIPPING_DAYS } from '../domain/followups.js';
import { plainRows, stmt, type Db } from './db.js';
import { addEvent, PARCEL_TURNED_UP } from './case-events.js';
import { anyParcelStuck, SENT_AFTER_ALL, untoldStuckParcelOf } from './ledger.js';
import { createSettledUnits, refundedWhole, remedyParcelsInTransit } from './load.js';
import { claimedPartValues } from './parcel-contents.js';

export type CaseState = 'detected' | 'offered' | 'remedy_chosen' | 'done' | 'closed';
/** The close reason `oos resolve --closed` records. */
export const CLOSED_BY_OPERATOR = 'closed by operator';
export const OPEN_STATES: CaseState[] = ['detected', 'offered', 'remedy_chosen'];

export interface CaseRow {
  id: number;
  order_id: string;
  kind: CaseKind;
  kinds: string;
  reasons: string;
  skus: string;
  details: string;
  state: CaseState;
  first_detected_at: string;
  detected_at: string;
  contact_by: string;
  late_to_contact: number;
  last_seen_at: string;
  problem_cleared_at: string | null;
  first_contact_at: string | null;
  remedy: string | null;
  /** The chosen remedy's terms (JSON), as the customer was told them. */
  terms: string | null;
  outcome: string | null;
  closed_at: string | null;
  close_reason: string | null;
  updated_at: string;
}

/** What a scan changed, each list of order ids kept in a scratch table (a bad season opens a hundred thousand cases) and read as it is written. */
export interface SyncSummary {
  opened: ChangeList<string>;
  reopened: ChangeList<string>;
  updated: ChangeList<string>;
  closed: ChangeList<{ orderId: string; reason: string }>;
  cleared: ChangeList<string>;
}

export interface ChangeList<T> extends Iterable<T> {
  readonly length: number;
  /** The first `n`, for a summary. */
  first(n: number): T[];
}

type Change = 'opened' | 'reopened' | 'updated' | 'closed' | 'cleared';

/** The scan's changes, recorded in temp.sync_changes in the order they are made; read them only once the sync is over. */
function changeLog(db: Db) {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sync_changes (seq INTEGER PRIMARY KEY, change TEXT NOT NULL, order_id TEXT NOT NULL, reason TEXT)');
  db.exec('DELETE FROM temp.sync_changes');
  const addMany = db.prepare('INSERT INTO temp.sync_changes (change, order_id, reason) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)');
  let pending: [Change, string, string | null][] = [];
  const read = db.prepare('SELECT order_id, reason FROM temp.sync_changes WHERE change = ? ORDER BY seq LIMIT ?');
  const counts: Record<Change, number> = { opened: 0, reopened: 0, updated: 0, closed: 0, cleared: 0 };
  const list = <T>(change: Change, as: (r: { order_id: string; reason: string | null }) => T): ChangeList<T> => ({
    get length() {
      return counts[change];
    },
    first: (n) => (read.all(change, n) as { order_id: string; reason: string | null }[]).map(as),
    *[Symbol.iterator]() {
      for (const r of read.iterate(change, -1) as IterableIterator<{ order_id: string; reason: string | null }>) yield as(r);
    },
  });
  const id = (r: { order_id: string }) => r.order_id;
  return {
    add(change: Change, orderId: string, reason: string | null = null) {
      pending.push([change, orderId, reason]);
      counts[change]++;
      if (pending.length >= 2000) this.flush();
    },
    /** Writes the changes noted since the last flush (a chunk's, in one statement). */
    flush() {
      if (pending.length) addMany.run(JSON.stringify(pending));
      pending = [];
    },
    summary: {
      opened: list('opened', id),
      reopened: list('reopened', id),
      updated: list('updated', id),
      closed: list('closed', (r) => ({ orderId: r.order_id, reason: r.reason! })),
      cleared: list('cleared', id),
    } satisfies SyncSummary,
  };
}

/**
 * A finding's details, and what the case was before (`was`: its earlier details, for a case seen
 * already): the kinds it had and the SKUs it was short of stay in `was_kinds` / `was_short`, so
 * the report still counts an oversold order whose stock came while it went on to be late.
 */
const detailsOf = (f: Finding, was?: Pick<ExistingCase, 'kinds' | 'details'>) =>
  JSON.stringify({ short: f.short, split_candidate: f.splitCandidate, ship_by: f.shipBy === null ? null : toIso(f.shipBy), late: f.late, stalled: f.stalled, paid_at: toIso(f.paidAt), clock: f.clock,
    claim_for: f.claim?.for ?? null, claim_carrier: f.claim?.carrier ?? null, claim_by: f.claim?.claimBy == null ? null : toIso(f.claim.claimBy),
    ...(f.parcel ? { parcel: f.parcel } : {}), ...(was ? history(was, f) : {}) });

/**
 * What the case was and the finding no longer shows, and nothing else: a scan of the same data
 * writes the same details (a second scan changes nothing).
 */
function history(was: Pick<ExistingCase, 'kinds' | 'details'>, f: Finding): { was_kinds?: CaseKind[]; was_short?: { sku: string; short: number }[] } {
  const old = JSON.parse(was.details) as { short?: ShortLine[]; was_kinds?: CaseKind[]; was_short?: { sku: string; short: number }[] };
  const most = new Map<string, number>();
  for (const s of [...(old.was_short ?? []), ...(old.short ?? []).map((l) => ({ sku: skuOf(l), short: l.short }))]) most.set(s.sku, Math.max(most.get(s.sku) ?? 0, s.short));
  const now = new Map<string, number>();
  for (const l of f.short) now.set(skuOf(l), Math.max(now.get(skuOf(l)) ?? 0, l.short));
  const kinds = [...new Set([...(old.was_kinds ?? []), ...(JSON.parse(was.kinds) as CaseKind[])])].filter((k) => !f.kinds.includes(k));
  const short = [...most].filter(([sku, n]) => (now.get(sku) ?? 0) < n).map(([sku, n]) => ({ sku, short: n }));
  return { ...(kinds.length ? { was_kinds: kinds } : {}), ...(short.length ? { was_short: short } : {}) };
}

/** How a short line is named in the report: its SKU, else its title. */
export const skuOf = (l: Pick<ShortLine, 'sku' | 'title'>) => l.sku ?? l.title ?? '?';

/**
 * Findings arrive a chunk at a time (store/detection.ts), in order id order; none is kept once
 * its case is written. Which orders had one is kept in a scratch table, not in memory: a bad
 * season has a hundred thousand.
 */
export function syncCases(db: Db, chunks: Iterable<readonly Finding[]>, config: Config, now: number, actor: string): SyncSummary {
  const changes = changeLog(db);
  const nowIso = toIso(now);
  const contactByIso = toIso(contactBy(now, config));
  // Only the columns read here, for a whole chunk of findings in one query (a bad season syncs a
  // hundred thousand cases): whole rows, every text column a fresh string, were most of the
  // garbage at the end of a large import.
  const existing = plainRows<ExistingCase>(
    db.prepare('SELECT id, order_id, state, kinds, reasons, details, problem_cleared_at, first_contact_at, remedy, terms, close_reason FROM cases WHERE order_id IN (SELECT value FROM json_each(?))'),
  );
  const opening = newCases(db, nowIso, contactByIso, actor);
  const reopen = db.prepare(
    `UPDATE cases SET kind = ?, kinds = ?, reasons = ?, skus = ?, details = ?, state = 'detected', detected_at = ?, contact_by = ?,
       late_to_contact = ?, last_seen_at = ?, problem_cleared_at = NULL, closed_at = NULL, close_reason = NULL, first_contact_at = NULL,
       remedy = NULL, outcome = NULL, updated_at = ? WHERE id = ?`,
  );
  const refresh = db.prepare(
    `UPDATE cases SET kind = ?, kinds = ?, reasons = ?, skus = ?, details = ?, last_seen_at = ?, problem_cleared_at = NULL, updated_at = ? WHERE id = ?`,
  );
  // What a case was before it reopens, kept with its 'reopened' event: a problem gone again before
  // anyone was told of it (a parcel with no scan for three days that then moves) puts the case back.
  const snapshot = db.prepare(
    `SELECT state, kind, kinds, reasons, skus, details, detected_at, contact_by, late_to_contact, problem_cleared_at, closed_at, close_reason, first_contact_at, remedy, outcome FROM cases WHERE id = ?`,
  );
  // The tracking message of the parcel that left stays due, and so do a refund's check and a cancellation's check-in.
  const dropOldFollowups = db.prepare(
    `UPDATE followups SET state = 'cancelled', cancelled_at = @now, cancel_reason = 'new problem: the parcel is stuck' WHERE case_id = @id AND state = 'pending' AND kind IN ('reminder', 'wait_update', 'satisfaction')`,
  );
  // The coupon given for the old problem stands, and the customer keeps it; a message about the new one
  // that says "a coupon as an apology" means a new one, so the next message issues its own.
  const ownCoupon = db.prepare(
    // One already handed over stays counted as given (oos report), though the new problem has its own.
    `UPDATE promises SET data = CASE WHEN state = 'kept' THEN json_set(data, '$.given', 1) ELSE data END, state = 'superseded', settled_at = @now, settle_reason = 'given for the earlier problem; the new problem has its own' WHERE case_id = @id AND kind = 'coupon' AND state IN ('open', 'kept')`,
  );
  // Dates promised about the old problem (a restock, a ship day, the carrier's answer) are not the new one's.
  const dropDatedPromises = db.prepare(
    `UPDATE promises SET state = 'superseded', settled_at = @now, settle_reason = 'a new problem: the case starts again' WHERE case_id = @id AND state = 'open' AND kind IN ('offer', 'consent', 'restock', 'ship', 'carrier_answer')`,
  );
  const toldMovingAgain = db.prepare(`SELECT 1 FROM messages WHERE case_id = ? AND intent = 'followup-wait-update' AND written_at >= ? LIMIT 1`);
  /** A stuck parcel the customer was told is moving again (a wait update since it cleared) is stuck once more. */
  const stuckAfterGoodNews = (row: ExistingCase, found: CaseKind[]) =>
    row.problem_cleared_at !== null && found.includes('stalled') && (JSON.parse(row.kinds) as CaseKind[]).includes('stalled') && toldMovingAgain.get(row.id, row.problem_cleared_at) !== undefined;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen (order_id TEXT PRIMARY KEY) WITHOUT ROWID');
  db.exec('DELETE FROM temp.sync_seen');
  const see = db.prepare('INSERT OR IGNORE INTO temp.sync_seen (order_id) SELECT value FROM json_each(?)');
  for (const findings of chunks) {
    if (!findings.length) continue;
    const orderIds = JSON.stringify(findings.map((f) => f.orderId));
    see.run(orderIds);
    const known = new Map<string, ExistingCase>();
    for (const row of existing.iterate(orderIds)) known.set(row.order_id, row);
    for (const found of findings) {
      const row = known.get(found.orderId);
      const f = found;
      const kinds = JSON.stringify(f.kinds);
      const reasons = JSON.stringify(f.reasons);
      const skus = JSON.stringify(f.skus);
      const lateToContact = isLateToContact(f.kind, f.paidAt, now, config) ? 1 : 0;
      const details = detailsOf(f, row);
      if (!row) {
        opening.add(f.orderId, f.kind, kinds, reasons, skus, details, lateToContact);
        changes.add('opened', f.orderId);
      } else if ((row.state === 'closed' || row.state === 'done') && finished(row) && !newKinds(row.kinds, row.remedy, f.kinds).length) {
        // The customer was told and the case finished (a refund, say), or the operator closed it: the
        // export still showing the same problem is no news. Only a new problem on the order reopens it.
        continue;
      } else if (row.state === 'closed' || row.state === 'done') {
        const added = finished(row) ? newKinds(row.kinds, row.remedy, f.kinds) : [];
        const was = snapshot.get(row.id);
        reopen.run(f.kind, kinds, reasons, skus, details, nowIso, contactByIso, lateToContact, nowIso, nowIso, row.id);
        addEvent(db, row.id, now, actor, 'reopened', {
          kinds: f.kinds,
          reasons: f.reasons,
          previous_state: row.state,
          why: added.length ? `new problem: ${added.join(', ')}` : 'the problem came back',
          was,
        });
        changes.add('reopened', f.orderId);
      } else if (stuckAfterItWasSettled(row, f.kinds) || stuckAfterGoodNews(row, f.kinds)) {
        // The customer was told about the old problem and it is gone (the order shipped), or they
        // were told their stuck parcel was moving again; now it is stuck. That is news they have not
        // heard: the case is theirs to be told again, with a contact-by of its own, the old problem's
        // reminders, checks and dated promises stop, and its coupon stays given.
        const why = JSON.parse(row.kinds).includes('stalled') ? 'stuck again after the customer was told it was moving' : 'new problem: stalled';
        const was = snapshot.get(row.id);
        reopen.run(f.kind, kinds, reasons, skus, details, nowIso, contactByIso, lateToContact, nowIso, nowIso, row.id);
        dropOldFollowups.run({ now: nowIso, id: row.id });
        ownCoupon.run({ now: nowIso, id: row.id });
        dropDatedPromises.run({ now: nowIso, id: row.id });
        addEvent(db, row.id, now, actor, 'reopened', { kinds: f.kinds, reasons: f.reasons, previous_state: row.state, why, was });
        changes.add('reopened', f.orderId);
      } else {
        const changed = row.kinds !== kinds || row.reasons !== reasons;
        refresh.run(f.kind, kinds, reasons, skus, details, nowIso, nowIso, row.id);
        if (row.problem_cleared_at !== null) addEvent(db, row.id, now, actor, 'problem_returned', { kinds: f.kinds, reasons: f.reasons });
        else if (changed) addEvent(db, row.id, now, actor, 'changed', { kinds: f.kinds, reasons: f.reasons });
        if (changed) changes.add('updated', f.orderId);
        // A parcel stuck while the plan the customer was told is still under way (a split's first
        // parcel, the rest still waiting for stock): news they have not heard, and no remedy of its
        // own to reopen the case with, since the rest of the plan still holds. The operator is told
        // (untoldStuckParcels) until they record what they said.
        if (parcelStuckMidPlan(row, f.kinds)) addEvent(db, row.id, now, actor, 'parcel_stuck', { reason: f.stalledReason ?? 'parcel stuck' });
      }
    }
    opening.flush();
    changes.flush();
  }

  const close = db.prepare(`UPDATE cases SET state = 'closed', closed_at = ?, close_reason = ?, updated_at = ? WHERE id = ?`);
  const clear = db.prepare('UPDATE cases SET problem_cleared_at = ?, updated_at = ? WHERE id = ?');
  // A late order offered a new date ships: the notice promised its tracking number, so a "shipped"
  // message is due now (the follow-up run keeps quiet hours), and the offer's reminders stop.
  const announce = db.prepare(
    `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, created_at)
     SELECT id, order_id, @kind, COALESCE(@due, @now), COALESCE(channel, 'chat'), COALESCE(lang, @lang), @now FROM cases WHERE id = @id
     ON CONFLICT (case_id, kind, due_at) DO NOTHING`,
  );
  // A chosen remedy's order ships (the stock came early, or a day late): the "shipped" message it
  // promised "as soon as it ships" is due now, not on the day it was planned for or postponed to.
  const shippedNow = db.prepare(`UPDATE followups SET due_at = @due WHERE case_id = @id AND kind = 'shipped' AND state = 'pending' AND due_at > @due`);
  const shippedDue = toIso(outsideQuietHours(now, config));
  const stopReminders = db.prepare(
    `UPDATE followups SET state = 'cancelled', cancelled_at = @now, cancel_reason = @reason WHERE case_id = @id AND state = 'pending' AND kind = 'reminder'`,
  );
  const stopPlan = db.prepare(
    `UPDATE followups SET state = 'cancelled', cancelled_at = @now, cancel_reason = 'order cancelled on the platform' WHERE case_id = @id AND state = 'pending' AND kind IN ('reminder', 'wait_update', 'shipped', 'satisfaction')`,
  );
  const dropPlanPromises = db.prepare(
    `UPDATE promises SET state = 'superseded', settled_at = @now, settle_reason = 'order cancelled on the platform' WHERE case_id = @id AND state = 'open' AND kind IN ('offer', 'consent', 'restock', 'ship')`,
  );
  const resume = resumer(db);
  for (const row of openCasesNotSeen(db)) {
    const reason = explainCleared(db, row);
    const resumed = row.state === 'detected' ? resume(row.id, now, actor, reason) : null;
    if (resumed) {
      // The case is as it was before the problem came and went, nobody having been told of it.
      if (resumed === 'closed' || resumed === 'done') changes.add('closed', row.order_id, reason);
      else changes.add('cleared', row.order_id);
    } else if (row.state === 'detected') {
      close.run(nowIso, reason, nowIso, row.id);
      addEvent(db, row.id, now, actor, 'auto_closed', { reason });
      changes.add('closed', row.order_id, reason);
    } else if (row.problem_cleared_at === null) {
      clear.run(nowIso, nowIso, row.id);
      addEvent(db, row.id, now, actor, 'problem_cleared', { reason });
      changes.add('cleared', row.order_id);
      if (row.state === 'remedy_chosen' && (reason === 'order shipped' || reason === SUBSTITUTE_LEFT)) shippedNow.run({ due: shippedDue, id: row.id });
      // Cancelled on the platform after the plan was told (a wait, a swap): nothing of it ships any more.
      // Its updates, "shipped" message and check stop, and its dated promises are no one's to keep: else
      // "the stock is in" dropped the updates and "has not shipped" was raised on the day.
      if (reason === 'order cancelled') {
        stopPlan.run({ now: nowIso, id: row.id });
        dropPlanPromises.run({ now: nowIso, id: row.id });
      }
      if (row.state === 'offered' && reason === 'order shipped') {
        stopReminders.run({ now: nowIso, id: row.id, reason: 'order shipped: the tracking message answers the offer' });
        announce.run({ now: nowIso, due: null, lang: config.shop.language, id: row.id, kind: 'shipped' });
        // As after a wait the customer chose: a few days on, whether it all arrived well (the notice's
        // silent "we'll ship on …" had no check of its own, and the case sat unfinished).
        announce.run({ now: nowIso, due: toIso(outsideQuietHours(now + SATISFACTION_AFTER_SHIPPING_DAYS * DAY, config)), lang: config.shop.language, id: row.id, kind: 'satisfaction' });
      }
      // A stuck parcel the customer was asked about moves again, or is delivered: the choice is moot,
      // and they are told the good news once (the wait update), with the coupon promised whichever the choice.
      if (row.state === 'offered' && (reason === 'parcel moving again' || reason === 'parcel delivered')) {
        stopReminders.run({ now: nowIso, id: row.id, reason: `${reason}: the choice is no longer needed` });
        announce.run({ now: nowIso, due: null, lang: config.shop.language, id: row.id, kind: 'wait_update' });
      }
      // The stuck parcel the customer chose to wait for is delivered: no update is news any more (the
      // daily ones stop), but the shop said it would follow it: it asks whether all arrived well (playbook: within a day).
      if (row.state === 'remedy_chosen' && row.remedy === 'wait' && row.terms_kind === 'stalled' && reason === 'parcel delivered')
        announce.run({ now: nowIso, due: shippedDue, lang: config.shop.language, id: row.id, kind: 'satisfaction' });
    }
  }
  // Most stuck parcels move again first (the case cleared then, the customer was told) and are
  // delivered days later: that delivery ends the updates too, and the check is owed just the same.
  const waitedAndDelivered = db.prepare(
    `SELECT c.id FROM cases c JOIN orders o ON o.order_id = c.order_id JOIN tracking t ON t.tracking_number = o.tracking_number
      WHERE c.state = 'remedy_chosen' AND c.remedy = 'wait' AND json_extract(c.terms, '$.kind') = 'stalled' AND c.problem_cleared_at IS NOT NULL
        AND (t.status = 'delivered' OR t.delivered_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.case_id = c.id AND f.kind = 'satisfaction')`,
  );
  for (const id of waitedAndDelivered.pluck().all() as number[]) announce.run({ now: nowIso, due: shippedDue, lang: config.shop.language, id, kind: 'satisfaction' });
  changes.flush();
  return changes.summary;
}

/**
 * The cases a scan opens, written a block at a time with their 'detected' events: one statement
 * for a block of cases and one for their events, where a statement a case and one an event were
 * a third of a bad season's sync (a hundred thousand cases opened at once).
 */
function newCases(db: Db, nowIso: string, contactByIso: string, actor: string) {
  const COLUMNS = 7;
  const BLOCK = 100;
  const insertSql = (rows: number) =>
    `INSERT INTO cases (order_id, kind, kinds, reasons, skus, details, late_to_contact, state, first_detected_at, detected_at, contact_by, last_seen_at, updated_at)
     VALUES ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, 'detected', @now, @now, @contactBy, @now, @now)").join(', ')} RETURNING id`;
  // The event's data is what addEvent writes for it: {"kinds":[…],"reasons":[…]}.
  const events = db.prepare(
    `INSERT INTO case_events (case_id, at, actor, type, data)
     SELECT id, @now, @actor, 'detected', json_object('kinds', json(kinds), 'reasons', json(reasons)) FROM cases WHERE id BETWEEN @first AND @last ORDER BY id`,
  );
  const full = db.prepare(insertSql(BLOCK)).pluck();
  let pending: (string | number)[] = [];
  const write = () => {
    const rows = pending.length / COLUMNS;
    const ids = (rows === BLOCK ? full : stmt(db, insertSql(rows)).pluck()).all(...pending, { now: nowIso, contactBy: contactByIso }) as number[];
    events.run({ now: nowIso, actor, first: Math.min(...ids), last: Math.max(...ids) });
    pending = [];
  };
  return {
    add(orderId: string, kind: CaseKind, kinds: string, reasons: string, skus: string, details: string, lateToContact: number) {
      pending.push(orderId, kind, kinds, reasons, skus, details, lateToContact);
      if (pending.length === BLOCK * COLUMNS) write();
    },
    /** Writes the cases added since the last write. */
    flush() {
      if (pending.length) write();
    },
  };
}

/** A case as a 'reopened' event keeps it (the columns the reopening overwrote). */
interface CaseBefore {
  state: string;
  kind: string;
  kinds: string;
  reasons: string;
  skus: string;
  details: string;
  detected_at: string;
  contact_by: string;
  late_to_contact: number;
  problem_cleared_at: string | null;
  closed_at: string | null;
  close_reason: string | null;
  first_contact_at: string | null;
  remedy: string | null;
  outcome: string | null;
}

/**
 * Puts back a case whose reopening nobody acted on: its new problem went away before the customer
 * was told of it (no message, still 'detected'). A substitute's parcel without a scan for three
 * days that then moves is no news to the customer: its satisfaction check, the promises and coupon
 * of the plan, and the remedy in the report stand as before, where closing the case dropped them.
 * Returns the state it went back to, or null when there is nothing to put back.
 */
function resumer(db: Db) {
  const lastReopen = db.prepare(`SELECT at, json_extract(data, '$.was') AS was FROM case_events WHERE case_id = ? AND type = 'reopened' ORDER BY id DESC LIMIT 1`);
  const restore = db.prepare(
    `UPDATE cases SET state = @state, kind = @kind, kinds = @kinds, reasons = @reasons, skus = @skus, details = @details, detected_at = @detected_at,
       contact_by = @contact_by, late_to_contact = @late_to_contact, problem_cleared_at = @problem_cleared_at, closed_at = @closed_at,
       close_reason = @close_reason, first_contact_at = @first_contact_at, remedy = @remedy, outcome = @outcome, last_seen_at = @now, updated_at = @now
     WHERE id = @id AND state = 'detected' AND first_contact_at IS NULL`,
  );
  // What the reopening stopped (syncCases: dropOldFollowups, ownCoupon, dropDatedPromises), matched by its time and reason.
  const followups = db.prepare(
    `UPDATE followups SET state = 'pending', cancelled_at = NULL, cancel_reason = NULL
     WHERE case_id = @id AND state = 'cancelled' AND cancelled_at = @at AND cancel_reason = 'new problem: the parcel is stuck'`,
  );
  const promises = db.prepare(
    `UPDATE promises SET state = CASE WHEN kind = 'coupon' AND json_extract(data, '$.given') = 1 THEN 'kept' ELSE 'open' END, settled_at = NULL, settle_reason = NULL
     WHERE case_id = @id AND state = 'superseded' AND settled_at = @at
       AND settle_reason IN ('given for the earlier problem; the new problem has its own', 'a new problem: the case starts again')`,
  );
  const told = db.prepare('SELECT 1 FROM messages WHERE case_id = ? AND written_at >= ? LIMIT 1');
  return (id: number, now: number, actor: string, reason: string): string | null => {
    const reopened = lastReopen.get(id) as { at: string; was: string | null } | undefined;
    if (!reopened?.was || told.get(id, reopened.at) !== undefined) return null;
    const was = JSON.parse(reopened.was) as CaseBefore;
    const nowIso = toIso(now);
    if (restore.run({ ...was, id, now: nowIso }).changes === 0) return null;
    followups.run({ id, at: reopened.at });
    promises.run({ id, at: reopened.at });
    addEvent(db, id, now, actor, 'resumed', { reason, why: 'the problem went away before anyone was told of it', state: was.state });
    return was.state;
  };
}

/**
 * The open cases no finding named, in the order of the index on (state, contact_by). Only their
 * ids are read first (a few bytes a case, a scan after a bad season may close a hundred thousand),
 * then each case as it comes: no write may run while a statement is being read.
 */
function* openCasesNotSeen(db: Db): Generator<OpenCase> {
  const ids = db
    .prepare(`SELECT id FROM cases WHERE state IN ('detected', 'offered', 'remedy_chosen') AND order_id NOT IN (SELECT order_id FROM temp.sync_seen)`)
    .pluck()
    .iterate() as IterableIterator<number>;
  // Small integers in a plain array: V8 keeps them unboxed in its own heap.
  const list: number[] = [];
  for (const id of ids) list.push(id);
  const byId = db.prepare(`SELECT id, order_id, kinds, state, problem_cleared_at, remedy, json_extract(terms, '$.kind') AS terms_kind FROM cases WHERE id = ?`);
  for (const id of list) yield byId.get(id) as OpenCase;
}

/**
 * Problems the finding has that the closed case did not, and that are news: an out-of-stock
 * order going past its ship-by is the same problem, and a refunded order that never ships is
 * what the refund settled. A parcel that got stuck is always news.
 */
function newKinds(caseKinds: string, remedy: string | null, found: CaseKind[]): CaseKind[] {
  const had = new Set(JSON.parse(caseKinds) as CaseKind[]);
  if (had.has('oversold')) had.add('late');
  if (remedy === 'refund') {
    had.add('oversold');
    had.add('late');
  }
  return found.filter((k) => !had.has(k));
}

/** An open case the customer was told about, whose problem is still there, and whose parcel has just got stuck. */
function parcelStuckMidPlan(row: ExistingCase, found: CaseKind[]): boolean {
  return row.first_contact_at !== null && row.problem_cleared_at === null && found.includes('stalled') && !(JSON.parse(row.kinds) as CaseKind[]).includes('stalled');
}


/** An open case the customer was told about, whose problem has cleared (the order left), and whose parcel is now stuck. */
function stuckAfterItWasSettled(row: ExistingCase, found: CaseKind[]): boolean {
  return row.first_contact_at !== null && row.problem_cleared_at !== null && found.includes('stalled') && !(JSON.parse(row.kinds) as CaseKind[]).includes('stalled');
}

type OpenCase = Pick<CaseRow, 'id' | 'order_id' | 'kinds' | 'state' | 'problem_cleared_at' | 'remedy'> & { terms_kind: string | null };
type ExistingCase = Pick<CaseRow, 'id' | 'order_id' | 'state' | 'kinds' | 'reasons' | 'details' | 'problem_cleared_at' | 'first_contact_at' | 'remedy' | 'terms' | 'close_reason'>;

/**
 * A case someone ended: the customer was told, or the operator closed it (`oos resolve --closed`: the
 * matter was settled outside oos, or the flag was wrong). Closed by a scan because the problem went
 * away, it is not: the same problem coming back is news again.
 */
const finished = (row: Pick<ExistingCase, 'first_contact_at' | 'close_reason'>) => row.first_contact_at !== null || row.close_reason === CLOSED_BY_OPERATOR;

/**
 * What settled the units the export still shows open, when a chosen remedy settled all of them
 * (temp.settled_units, filled by detection's selectDetectionCandidates): a substitute sent or still to send in their place,
 * or a refund. Many exports keep such units unfulfilled for good; nothing of them is left to ship.
 */
function settledByRemedy(db: Db, caseId: number, orderId: string): 'substitute sent' | 'substitute' | 'refund' | 'refund of all' | null {
  createSettledUnits(db);
  const r = db
    .prepare(
      `SELECT count(*) AS open, sum(l.fulfilled_quantity + coalesce(s.quantity, 0) < l.quantity) AS owed FROM order_lines l
       LEFT JOIN temp.settled_units s ON s.order_id = l.order_id AND s.line_no = l.line_no
       WHERE l.order_id = ? AND l.requires_shipping = 1 AND l.fulfilled_quantity < l.quantity`,
    )
    .get(orderId) as { open: number; owed: number | null };
  if (r.open === 0 || (r.owed ?? 0) > 0) return null;
  const remedy = (db.prepare('SELECT remedy FROM cases WHERE id = ?').get(caseId) as { remedy: string | null }).remedy;
  // A later plan that only kept an earlier one's settlement (the reship of a stuck substitute) settled nothing itself.
  if (remedy !== 'substitute' && remedy !== 'refund' && remedy !== 'split') return null;
  if (remedy !== 'substitute') {
    const partShipped = db.prepare('SELECT 1 FROM order_lines WHERE order_id = ? AND requires_shipping = 1 AND fulfilled_quantity > 0 LIMIT 1').get(orderId) !== undefined;
    return partShipped ? 'refund' : 'refund of all';
  }
  // Its parcel has left once recorded so, or once the order shows a number no earlier parcel had.
  const left = db
    .prepare(
      `SELECT 1 FROM parcels p WHERE p.case_id = @id AND p.origin = 'substitute' AND p.state NOT IN ('preparing', 'cancelled')
       UNION ALL
       SELECT 1 FROM orders o WHERE o.order_id = @order AND o.tracking_number IS NOT NULL
         AND o.tracking_number NOT IN (SELECT tracking_number FROM parcels WHERE case_id = @id AND tracking_number IS NOT NULL)
       LIMIT 1`,
    )
    .get({ id: caseId, order: orderId });
  return left ? 'substitute sent' : 'substitute';
}

const SUBSTITUTE_LEFT = 'the substitute left in place of the missing item';

/**
 * Why a problem may have cleared that the case's own plan settled, not the goods: its refund, or its
 * swap still to leave. Once that plan is replaced (a refund taken back for a wait), the problem is
 * there again: the new plan's daily updates, checks and promises are about it.
 */
export const SETTLED_BY_PLAN: ReadonlySet<string> = new Set(['what is left of the order was refunded', 'the order was refunded', 'the substitute replaces the missing item; its parcel is still to leave']);

/** Why a case's problem is gone, from the order as it stands now. */
function explainCleared(db: Db, row: OpenCase): string {
  const o = db.prepare('SELECT cancelled, paid_at, shipped_at, tracking_number FROM orders WHERE order_id = ?').get(row.order_id) as
    | { cancelled: number; paid_at: string | null; shipped_at: string | null; tracking_number: string | null }
    | undefined;
  if (!o) return 'order no longer in the data';
  if (o.cancelled) return 'order cancelled';
  if (o.paid_at === null) return 'order no longer marked paid';
  const settled = settledByRemedy(db, row.id, row.order_id);
  // These three are SETTLED_BY_PLAN's.
  if (settled === 'refund') return 'what is left of the order was refunded';
  if (settled === 'refund of all') return 'the order was refunded';
  if (settled === 'substitute sent') return SUBSTITUTE_LEFT;
  if (settled === 'substitute') return 'the substitute replaces the missing item; its parcel is still to leave';
  const openLines = (db.prepare('SELECT count(*) AS n FROM order_lines WHERE order_id = ? AND fulfilled_quantity < quantity AND requires_shipping = 1').get(row.order_id) as { n: number }).n;
  const kinds = JSON.parse(row.kinds) as CaseKind[];
  if (kinds.includes('stalled')) {
    // A parcel found lost or damaged, and the export now shows the order under another number: the
    // shop sent another parcel. The first one has not turned up, and its claim stands.
    const found = JSON.parse((db.prepare('SELECT details FROM cases WHERE id = ?').get(row.id) as { details: string }).details) as { parcel?: string | null; claim_for?: string | null };
    if (found.claim_for && found.parcel && o.tracking_number && found.parcel !== o.tracking_number) return `another parcel sent: the order now shows ${o.tracking_number}`;
    const t = o.tracking_number ? (db.prepare('SELECT status FROM tracking WHERE tracking_number = ?').get(o.tracking_number) as { status: string } | undefined) : undefined;
    if (t?.status === 'delivered') return 'parcel delivered';
    return 'parcel moving again';
  }
  if (openLines === 0) return 'order shipped';
  if (kinds.includes('oversold')) {
    // The short item may have left the export rather than come into stock (Amazon's Unshipped Orders
    // report drops an item once it ships or is cancelled): "stock now covers" would be untrue.
    const short = JSON.parse((db.prepare('SELECT details FROM cases WHERE id = ?').get(row.id) as { details: string }).details).short as { sku: string | null; title: string | null }[] | undefined;
    const stillListed = db.prepare('SELECT 1 FROM order_lines WHERE order_id = ? AND (sku IS ? OR (sku IS NULL AND title IS ?)) LIMIT 1');
    if (short?.length && short.every((l) => stillListed.get(row.order_id, l.sku, l.title) === undefined)) return 'the short item is no longer in the order';
    return 'stock now covers the order';
  }
  return 'no longer late';
}

export interface CaseView {
  order_id: string;
  kind: CaseKind;
  kinds: CaseKind[];
  reasons: string[];
  skus: string[];
  contact_by: string;
  state: CaseState;
  first_detected_at: string;
  detected_at: string;
  late_to_contact: boolean;
  split_candidate: boolean;
  /** Stalled cases: the stall clock that fired (details.clock), else null. */
  clock: StallClock | null;
  /** Lost or damaged parcels: the carrier's last day to file a claim (null: no parcel to claim for, or window unknown). */
  claim_by: string | null;
  /** The operator's reminder to file that claim, a week before claim_by. */
  claim_reminder_at: string | null;
  /** The nearest of the contact, ship, platform and claim deadlines. */
  deadline: { kind: DeadlineKind; at: string } | null;
  /** When the platform's own rule says the order must have shipped (orders still to ship on a known platform). */
  platform_deadline: { platform: string; rule: string; at: string } | null;
  at_stake: AtStake | null;
  problem_cleared_at: string | null;
  closed_at: string | null;
  close_reason: string | null;
  customer_name: string | null;
  paid_at: string | null;
  order_total: number | null;
  currency: string | null;
  items: { sku: string | null; title: string | null; variant: string | null; quantity: number; open: number }[];
  /** What a person must act on: a first contact overdue, a promise broken, a message withheld. */
  alerts: { kind: 'contact_overdue' | 'promise_broken' | 'message_withheld'; detail: string }[];
  /** The dated promises made to this customer and how each stands. */
  promises: { kind: string; due_at: string | null; state: 'open' | 'kept' | 'broken' }[];
}

/**
 * The offer whose reply deadline passed with no answer recorded (store/ledger.ts unansweredOffers
 * says the same to `oos followup`), unless silence answers it or a yes was asked for (an alert of its own).
 */
function unansweredOffer<P extends { kind: string; due_at: string | null; state: string; created_at: string; offer: string | null }>(
  promises: P[],
  r: { kind: CaseKind; replied_at: string | null },
  now: number,
): P | null {
  const offer = promises.findLast((p) => p.kind === 'offer' && p.state === 'open');
  if (!offer?.due_at || offer.offer === null || fromIso(offer.due_at) > now) return null;
  if (r.replied_at !== null && r.replied_at >= offer.created_at) return null;
  if (promises.some((p) => p.kind === 'consent' && p.state === 'open')) return null;
  return silenceAnswers(JSON.parse(offer.offer) as OfferData, r.kind) ? null : offer;
}

/** Dated promises about the order's delivery: once its problem has cleared, what they promised has happened. */
const LATE_BUT_DONE = new Set(['ship', 'restock', 'carrier_answer']);

/**
 * What the order is worth: its total, else its lines' totals (or prices times quantities) added up when every line has one (an
 * export without a total column still has a parcel's value to claim, or a platform's fine to count).
 * Read only where the total is missing: coalesce stops at the first value.
 */
export const ORDER_VALUE = `coalesce(o.order_total, ${'(SELECT CASE WHEN count(*) > 0 AND count(*) = count(coalesce(l.line_total, l.unit_price)) THEN sum(coalesce(l.line_total, l.unit_price * l.quantity)) END FROM order_lines l WHERE l.order_id = o.order_id)'})`;

/** The customer agreed to wait for the order (or for a split's rest): it is to ship late, not be cancelled. */
const WAIT_CHOSEN = `(c.state = 'remedy_chosen' AND (c.remedy = 'wait' OR (c.remedy = 'split' AND json_extract(c.terms, '$.splitRest') = 'wait')))`;

/**
 * A parcel found lost whose tracking has shown it delivered since (that parcel's, not another one the
 * export shows for the order now), or that a scan found moving again (PARCEL_TURNED_UP): nothing is left to claim, closed case or not (a scan clears only open cases'
 * problems). Asked only of cases with a claim date.
 */
const CLAIM_PARCEL_DELIVERED = `CASE WHEN json_extract(c.details, '$.claim_by') IS NOT NULL THEN
  coalesce((SELECT 1 FROM tracking t WHERE t.tracking_number = coalesce(json_extract(c.details, '$.parcel'), o.tracking_number) AND (t.delivered_at IS NOT NULL OR t.status = 'delivered')), ${PARCEL_TURNED_UP}) END AS claim_parcel_delivered`;

/** The claim folder for the parcel the case found lost is written: its reminder has done its job (as `oos followup` has it). */
const CLAIM_FOLDER_WRITTEN = `CASE WHEN json_extract(c.details, '$.claim_by') IS NOT NULL THEN
  EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'claim_folder_written' AND json_extract(e.data, '$.parcel') IS NULL) END AS claim_folder_written`;

/** The columns a view is made of, and no others: a scan lists thousands of cases (memory). */
const VIEW_COLUMNS = `c.order_id, c.kind, c.kinds, c.reasons, c.skus, c.contact_by, c.state, c.first_detected_at, c.detected_at,
  c.late_to_contact, c.replied_at, json_extract(c.details, '$.split_candidate') AS split_candidate, json_extract(c.details, '$.clock') AS clock,
  json_extract(c.details, '$.claim_by') AS claim_by, json_extract(c.details, '$.claim_carrier') AS claim_carrier, json_extract(c.details, '$.ship_by') AS ship_by,
  o.channel, (o.phone IS NOT NULL AND trim(o.phone) <> '') AS has_phone, o.source_format, o.ship_by AS export_ship_by, o.pickup, c.problem_cleared_at, c.closed_at,
  c.close_reason, o.customer_name, o.paid_at, o.order_total, o.currency, ${ORDER_VALUE} AS order_value, ${WAIT_CHOSEN} AS wait_chosen, ${CLAIM_PARCEL_DELIVERED}, ${CLAIM_FOLDER_WRITTEN}`;

type ViewRow = Pick<CaseRow, 'order_id' | 'kind' | 'kinds' | 'reasons' | 'skus' | 'contact_by' | 'state' | 'first_detected_at' | 'detected_at' | 'late_to_contact'> &
  Pick<CaseRow, 'problem_cleared_at' | 'closed_at' | 'close_reason'> & {
    split_candidate: number | null;
    replied_at: string | null;
    clock: string | null;
    claim_by: string | null;
    claim_carrier: string | null;
    ship_by: string | null;
    export_ship_by: string | null;
    pickup: number | null;
    channel: string | null;
    /** The export gave the order a phone number (a call needs one). */
    has_phone: number;
    source_format: string | null;
    customer_name: string | null;
    paid_at: string | null;
    order_total: number | null;
    currency: string | null;
    order_value: number | null;
    wait_chosen: number | null;
    claim_parcel_delivered: number | null;
    claim_folder_written: number | null;
  };

type LineRow = { sku: string | null; title: string | null; variant: string | null; quantity: number; fulfilled_quantity: number };

/**
 * The cases most urgent first, as a list read one case at a time. A bad season has a hundred
 * thousand open cases, and their views (a kilobyte or more each) were held all at once to be
 * sorted. Now only what they are sorted by is read first (a few numbers and the order id per
 * case); each view is made when the list reaches it, so the database must stay open until the
 * list has been read. `now` also picks the nearest deadline still ahead (the command's --now).
 */
export function listCases(db: Db, opts: { all: boolean; now: number; shopCurrency?: string | null; config?: Config }): CaseList {
  const where = opts.all ? '' : `WHERE c.state IN ('detected', 'offered', 'remedy_chosen')`;
  const from = `FROM cases c JOIN orders o ON o.order_id = c.order_id ${where}`;
  const count = db.prepare(`SELECT count(*) ${from}`).pluck().get() as number;
  // Typed arrays sized once: a bad season's keys in JS arrays (and their growth) were 12 MiB.
  const ids = new Float64Array(count);
  const contactBy = new Float64Array(count);
  const deadline = new Float64Array(count);
  const rank = new Uint8Array(count * 3);
  const orderIds: string[] = [];
  const counts = { total: 0, oversold: 0, late: 0, stalled: 0, cleared: 0 };
  // A claim for a parcel that carried part of the order is worth that part (as its claim folder declares).
  const partValues = claimedPartValues(db);
  const nothingToShip = refundedWhole(db);
  let n = 0;
  for (const r of plainRows<UrgencyRow & { id: number }>(db.prepare(`SELECT c.id, ${URGENCY_COLUMNS} ${from}`)).iterate()) {
    if (n === count) break;
    const u = urgencyOf(r, opts.now, opts.shopCurrency ?? null, partValues.get(r.order_id), nothingToShip.has(r.order_id));
    ids[n] = r.id;
    orderIds.push(r.order_id);
    rank[3 * n] = isOpen(r.state) ? 1 : 0;
    // Not contacted yet before contacted (at the same contact-by), then the shop's own fault first.
    rank[3 * n + 1] = (r.state === 'detected' ? 0 : 16) + KIND_PRIORITY[r.kind];
    rank[3 * n + 2] = u.atStake ? (u.atStake.amount !== null ? 2 : 1) : 0;
    contactBy[n] = fromIso(r.contact_by);
    // Whole seconds, as the view's ISO text compares; no deadline sorts last.
    deadline[n] = u.deadline ? Math.floor(u.deadline.at / 1000) : Infinity;
    if (isOpen(r.state)) {
      counts.total++;
      // A case whose problem is gone (the order shipped) is open only for what was promised: not counted as late.
      if (r.problem_cleared_at === null) counts[r.kind]++;
      else counts.cleared++;
    }
    n++;
  }
  // sortByUrgency's order, on the keys alone; the read order breaks what ties remain, as a stable sort does.
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) =>
      rank[3 * b]! - rank[3 * a]! ||
      contactBy[a]! - contactBy[b]! ||
      rank[3 * a + 1]! - rank[3 * b + 1]! ||
      rank[3 * b + 2]! - rank[3 * a + 2]! ||
      (deadline[a] === deadline[b] ? 0 : deadline[a]! < deadline[b]! ? -1 : 1) ||
      compareIds(orderIds[a]!, orderIds[b]!) ||
      a - b,
  );
  const promisesOf = db.prepare(
    `SELECT p.kind, p.due_at, p.state, p.settle_reason, p.created_at, p.settled_at, CASE WHEN p.kind = 'offer' THEN p.data END AS offer,
       CASE WHEN p.state = 'broken' AND p.kind = 'ship' THEN ${SENT_AFTER_ALL} ELSE 0 END AS sent_after_all FROM promises p JOIN cases c ON c.id = p.case_id WHERE c.order_id = ? AND p.state <> 'superseded'
       AND p.kind IN ('offer', 'restock', 'ship', 'carrier_answer', 'refund', 'consent') ORDER BY p.id`,
  );
  const withheldOf = db.prepare(
    `SELECT f.kind, f.cancel_reason FROM followups f JOIN cases c ON c.id = f.case_id WHERE c.order_id = ? AND f.cancel_reason LIKE 'withheld:%'
       AND EXISTS (SELECT 1 FROM followups g WHERE g.case_id = f.case_id AND g.kind = f.kind AND g.state = 'pending') ORDER BY f.id DESC LIMIT 1`,
  );
  // A shop that never made a promise or had a message withheld (every first scan) is not asked
  // about each case: two queries a case were a fifth of listing a bad season's cases.
  const anyPromise = db.prepare(`SELECT 1 FROM promises WHERE state <> 'superseded' AND kind IN ('offer', 'restock', 'ship', 'carrier_answer', 'refund', 'consent') LIMIT 1`).get() !== undefined;
  const anyWithheld = db.prepare(`SELECT 1 FROM followups WHERE cancel_reason LIKE 'withheld:%' LIMIT 1`).get() !== undefined;
  const anyStuck = anyParcelStuck(db);
  // A parcel a remedy sent that is stuck too (a reship lost like the first): a handful at most, judged once.
  const stuckRemedyParcels = new Map<string, string>();
  if (opts.config)
    for (const p of remedyParcelsInTransit(db)) {
      const judged = judgeRemedyParcel(p.order, p.tracking, opts.config, opts.now);
      if (judged) stuckRemedyParcels.set(p.orderId, `${PARCEL_NAMES[p.origin as ParcelOrigin] ?? 'the parcel'} is stuck too: ${judged.reason}: ${stuckParcelAdvice(p.origin, p.orderId)}`);
    }
  // A lost parcel refunded that turned up after all (moving, delivered): the customer may have the goods and the money.
  const refundedButArrived = new Set(db.prepare(`SELECT order_id FROM cases WHERE ${TURNED_UP_AFTER_REFUND}`).pluck().all() as string[]);
  // Times in an alert are read by the operator: in the shop's time, as everywhere else (UTC without a config).
  const local = (iso: string) => (opts.config ? formatLocal(fromIso(iso), opts.config.shop.timezone) : iso);
  const alertsAndPromises = (view: CaseView, r: ViewRow) => {
    const promises = (anyPromise ? promisesOf.all(r.order_id) : []) as {
      kind: string;
      due_at: string | null;
      state: 'open' | 'kept' | 'broken';
      settle_reason: string | null;
      created_at: string;
      settled_at: string | null;
      offer: string | null;
      sent_after_all: number;
    }[];
    view.promises = promises.map((p) => ({ kind: p.kind, due_at: p.due_at, state: p.state }));
    if (isOpen(r.state)) {
      if (r.state === 'detected' && r.contact_by < toIso(opts.now)) view.alerts.push({ kind: 'contact_overdue', detail: `not contacted, contact-by ${local(r.contact_by)} has passed` });
      // A broken promise stays an alert until a newer promise of its kind replaces it, or a decision
      // made since (a refund instead, say) makes new promises of its own, or what was promised has
      // happened after all, late (the order shipped, the stock came, the parcel moved, or the late
      // parcel was recorded as sent): "has not shipped" about an order in the customer's hands would be false.
      promises.forEach((p, i) => {
        const later = promises.slice(i + 1);
        const happenedLate = r.problem_cleared_at !== null && LATE_BUT_DONE.has(p.kind);
        // A case found again since it broke (its parcel stuck after the order shipped late) is about the new problem.
        const beforeNewProblem = p.settled_at !== null && p.settled_at < r.detected_at;
        if (p.state === 'broken' && !happenedLate && !beforeNewProblem && !p.sent_after_all && !later.some((q) => q.kind === p.kind || (p.settled_at !== null && q.created_at >= p.settled_at)))
          view.alerts.push({ kind: 'promise_broken', detail: `${p.kind} promised by ${p.due_at === null ? 'no set day' : local(p.due_at)}: ${p.settle_reason ?? 'not kept'}` });
      });
      const unanswered = r.state === 'offered' && r.problem_cleared_at === null ? unansweredOffer(promises, r, opts.now) : null;
      if (unanswered) view.alerts.push({ kind: 'contact_overdue', detail: `no answer to the choices sent ${local(unanswered.created_at)}, reply asked by ${local(unanswered.due_at!)}: ${r.has_phone && channelAllowed('phone', r.channel) ? 'call the customer' : 'write to them once more (there is no number the shop may call)'}, or decide and tell them` });
      const stuck = anyStuck ? untoldStuckParcelOf(db, r.order_id) : undefined;
      if (stuck) view.alerts.push({ kind: 'contact_overdue', detail: `${stuck.reason}, seen ${local(stuck.at)}, after the customer was told the plan: they have not heard; tell them, then record it with oos resolve --order '${r.order_id}' --replied` });
      if (refundedButArrived.has(r.order_id))
        view.alerts.push({ kind: 'contact_overdue', detail: `the parcel refunded as lost turned up after the refund (${local(r.problem_cleared_at!)}): the customer may have the goods and the money; agree with them what happens (keep it, pay again, send it back), then record it with oos resolve --order '${r.order_id}' --replied or --closed` });
      const remedyStuck = stuckRemedyParcels.get(r.order_id);
      if (remedyStuck) view.alerts.push({ kind: 'contact_overdue', detail: remedyStuck });
      const w = (anyWithheld ? withheldOf.get(r.order_id) : undefined) as { kind: string; cancel_reason: string } | undefined;
      if (w) view.alerts.push({ kind: 'message_withheld', detail: `${w.kind}: ${w.cancel_reason.replace(/^withheld: /, '')}` });
    }
    return view;
  };
  return {
    length: n,
    open: counts,
    orderIds: () => Array.from(order, (i) => orderIds[i]!),
    *[Symbol.iterator]() {
      // The cases go into a scratch table in the list's order, then two cursors read them and
      // their lines in that order side by side: two statements for the whole list, where one
      // query per case and one per case's lines were most of the time a bad season's list took.
      writeListOrder(db, order, ids, orderIds);
      const views = plainRows<ViewRow & { pos: number }>(
        db.prepare(`SELECT t.pos, ${VIEW_COLUMNS} FROM temp.list_order t CROSS JOIN cases c ON c.id = t.id CROSS JOIN orders o ON o.order_id = c.order_id ORDER BY t.pos`),
      ).iterate();
      const lines = plainRows<LineRow & { pos: number }>(
        db.prepare(`SELECT t.pos, l.sku, l.title, l.variant, l.quantity, l.fulfilled_quantity FROM temp.list_order t CROSS JOIN order_lines l ON l.order_id = t.order_id ORDER BY t.pos, l.line_no`),
      ).iterate();
      try {
        let line = lines.next();
        for (const r of views) {
          const own: LineRow[] = [];
          // Lines of a case the view cursor has passed (none should be) are skipped, never shown under another case.
          while (!line.done && line.value.pos <= r.pos) {
            if (line.value.pos === r.pos) own.push(line.value);
            line = lines.next();
          }
          yield alertsAndPromises(caseView(r, own, opts.now, opts.shopCurrency ?? null, partValues.get(r.order_id), nothingToShip.has(r.order_id)), r);
        }
      } finally {
        lines.return?.();
        views.return?.();
      }
    },
  };
}

/** The list's cases in temp.list_order, position by position, a thousand to a statement. */
function writeListOrder(db: Db, order: Uint32Array, ids: Float64Array, orderIds: string[]): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS list_order (pos INTEGER PRIMARY KEY, id INTEGER NOT NULL, order_id TEXT NOT NULL)');
  const fill = db.prepare('INSERT INTO temp.list_order (pos, id, order_id) SELECT @start + key, value ->> 0, value ->> 1 FROM json_each(@block)');
  const BLOCK = 1000;
  db.transaction(() => {
    db.exec('DELETE FROM temp.list_order');
    for (let start = 0; start < order.length; start += BLOCK) {
      const block = Array.from(order.subarray(start, start + BLOCK), (i) => [ids[i]!, orderIds[i]!]);
      fill.run({ start, block: JSON.stringify(block) });
    }
  })();
}

/**
 * A lost parcel refunded that turned up after all (the scan cleared the problem because it moved or
 * arrived, not because the order was cancelled as the refund asked), and nothing recorded since.
 */
const TURNED_UP_AFTER_REFUND = `state = 'remedy_chosen' AND remedy = 'refund' AND problem_cleared_at IS NOT NULL
  AND json_extract(terms, '$.kind') = 'stalled' AND (replied_at IS NULL OR replied_at < problem_cleared_at)
  AND (SELECT json_extract(e.data, '$.reason') FROM case_events e WHERE e.case_id = cases.id AND e.type = 'problem_cleared' ORDER BY e.id DESC LIMIT 1)
      IN ('parcel delivered', 'parcel moving again')`;

/** Whether the case's refunded lost parcel turned up after all (TURNED_UP_AFTER_REFUND). */
export const turnedUpAfterRefund = (db: Db, caseId: number): boolean => stmt(db, `SELECT 1 FROM cases WHERE id = ? AND ${TURNED_UP_AFTER_REFUND}`).get(caseId) !== undefined;

/** Cases most urgent first, each view made as it is reached (listCases). */
export interface CaseList extends Iterable<CaseView> {
  readonly length: number;
  /** The open cases among them, by kind; those whose problem has cleared (open for what was promised) apart. */
  readonly open: { total: number; oversold: number; late: number; stalled: number; cleared: number };
  /** Just the order ids, in the same order. */
  orderIds(): string[];
}

/** What a case's urgency is judged by (its nearest deadline and what is at stake), and no more. */
const URGENCY_COLUMNS = `c.order_id, c.kind, c.kinds, c.contact_by, c.state, c.problem_cleared_at,
  json_extract(c.details, '$.claim_by') AS claim_by, json_extract(c.details, '$.claim_carrier') AS claim_carrier, json_extract(c.details, '$.ship_by') AS ship_by,
  o.channel, (o.phone IS NOT NULL AND trim(o.phone) <> '') AS has_phone, o.source_format, o.ship_by AS export_ship_by, o.pickup, o.paid_at, o.order_total, o.currency, ${ORDER_VALUE} AS order_value, ${WAIT_CHOSEN} AS wait_chosen, ${CLAIM_PARCEL_DELIVERED}`;

type UrgencyRow = Pick<ViewRow, 'order_id' | 'kind' | 'kinds' | 'contact_by' | 'state' | 'problem_cleared_at' | 'claim_by' | 'claim_carrier' | 'ship_by' | 'export_ship_by' | 'pickup' | 'channel' | 'source_format' | 'paid_at' | 'order_total' | 'currency' | 'order_value' | 'wait_chosen' | 'claim_parcel_delivered'>;

/** A case's nearest deadline, its platform's ship deadline and what is at stake (times in ms). */
function urgencyOf(r: UrgencyRow, now: number, shopCurrency: string | null, partValue: number | undefined, refunded: boolean, kinds = JSON.parse(r.kinds) as CaseKind[]) {
  const money = {
    platform: platformOf(r.channel, r.source_format),
    paidAt: r.paid_at === null ? null : fromIso(r.paid_at),
    shipBy: r.ship_by === null ? null : fromIso(r.ship_by),
    exportShipBy: r.export_ship_by === null ? null : fromIso(r.export_ship_by),
    orderTotal: r.order_value,
    // An export without a currency column is in the shop's currency, as its messages say.
    currency: r.currency ?? shopCurrency,
    kinds,
    waitChosen: r.wait_chosen === 1,
    pickup: r.pickup === 1,
  };
  // A case whose problem has cleared (the order shipped, the parcel moved) is open only for what was
  // promised: no ship or platform deadline is left to meet, and nothing is at stake.
  const cleared = r.problem_cleared_at !== null;
  // A finished case (closed because the order shipped, refunded, done) has no ship deadline left either,
  // nor has one whose refund paid back all it still had to ship; only a carrier claim outlives them
  // (the shop's money to claim back).
  const finished = cleared || !isOpen(r.state) || refunded;
  // A parcel that has moved again or arrived since leaves nothing to claim, as the claim reminders
  // have it: no "file the claim by" for it. A problem cleared otherwise (the order refunded or
  // cancelled on the platform) leaves the parcel lost: the shop's claim stands until its window closes.
  const claimAt = r.claim_by === null || r.claim_parcel_delivered === 1 ? null : fromIso(r.claim_by);
  const platformAt = finished ? null : platformDeadline(money);
  // (A case found before the order was known to be collected may still hold a ship-by: it has none to meet.)
  const shipAt = !finished && !money.pickup && (kinds.includes('late') || kinds.includes('oversold')) ? money.shipBy : null;
  const deadline = nearestDeadline(
    [
      platformAt === null ? null : { kind: 'platform', at: platformAt },
      claimAt === null ? null : { kind: 'claim', at: claimAt },
      shipAt === null ? null : { kind: 'ship', at: shipAt },
      // Contact is a deadline until the customer has heard: a case contacted since has none of it left.
      r.state === 'detected' ? { kind: 'contact', at: fromIso(r.contact_by) } : null,
    ],
    now,
  );
  const claim = r.claim_carrier === null || r.claim_parcel_delivered === 1 ? null : { carrier: r.claim_carrier, claimBy: claimAt, ...(partValue !== undefined ? { value: partValue } : {}) };
  // Cleared, only a claim still open is at stake (the parcel's value): finished keeps it to that.
  const atStakeNow = cleared && claimAt === null ? null : atStake(finished ? { ...money, kinds: kinds.filter((k) => k === 'stalled') } : money, claim, currencyDigits, now);
  return { kinds, money, claimAt, platformAt, deadline, atStake: atStakeNow };
}

function caseView(r: ViewRow, lines: LineRow[], now: number, shopCurrency: string | null, partValue: number | undefined, refunded: boolean): CaseView {
  const { kinds, money, claimAt, platformAt, deadline, atStake: stake } = urgencyOf(r, now, shopCurrency, partValue, refunded);
  return {
    alerts: [],
    promises: [],
    order_id: r.order_id,
    kind: r.kind,
    kinds,
    reasons: JSON.parse(r.reasons),
    skus: JSON.parse(r.skus),
    contact_by: r.contact_by,
    state: r.state,
    first_detected_at: r.first_detected_at,
    detected_at: r.detected_at,
    late_to_contact: r.late_to_contact === 1,
    split_candidate: r.split_candidate === 1,
    clock: r.clock === null ? null : JSON.parse(r.clock),
    // (None once the parcel has moved or arrived since: nothing is left to claim.)
    claim_by: claimAt === null ? null : r.claim_by,
    // No reminder for a window that had closed before the case was found.
    // No reminder either once the claim folder is written, as oos followup has it.
    claim_reminder_at: claimAt === null || claimAt <= fromIso(r.detected_at) || r.claim_folder_written === 1 ? null : toIso(claimReminderAt(claimAt, fromIso(r.detected_at))),
    deadline: deadline && { kind: deadline.kind, at: toIso(deadline.at) },
    platform_deadline:
      platformAt === null
        ? null
        : { platform: money.platform!, rule: platformAt === money.exportShipBy ? "ship by the date the platform's export gives for this order" : ruleOf(money.platform!).text, at: toIso(platformAt) },
    at_stake: stake,
    problem_cleared_at: r.problem_cleared_at,
    closed_at: r.closed_at,
    close_reason: r.close_reason,
    customer_name: r.customer_name,
    paid_at: r.paid_at,
    order_total: r.order_total,
    currency: r.currency,
    items: lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      variant: l.variant,
      quantity: l.quantity,
      open: Math.max(0, l.quantity - l.fulfilled_quantity),
    })),
  };
}

const isOpen = (s: CaseState) => s === 'detected' || s === 'offered' || s === 'remedy_chosen';

/**
 * Most urgent first: open before finished, then earliest contact-by, a customer not yet contacted
 * before one who was, then the shop's own fault first; among those, money at stake before a metric
 * at stake before nothing, then the nearest deadline.
 */
export function sortByUrgency<
  T extends { state: CaseState; contact_by: string; kind: CaseKind; order_id: string; deadline?: { at: string } | null; at_stake?: AtStake | null },
>(cases: T[]): T[] {
  const stake = (c: T) => (c.at_stake ? (c.at_stake.amount !== null ? 2 : 1) : 0);
  // Stored ISO times of one width: plain text order is time order (and cheaper than a collation).
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return cases.sort(
    (a, b) =>
      Number(isOpen(b.state)) - Number(isOpen(a.state)) ||
      text(a.contact_by, b.contact_by) ||
      Number(a.state !== 'detected') - Number(b.state !== 'detected') ||
      KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] ||
      stake(b) - stake(a) ||
      text(a.deadline?.at ?? '~', b.deadline?.at ?? '~') ||
      compareIds(a.order_id, b.order_id),
  );
}

/**
 * The order as written, or with/without a leading `#` when exactly one order matches; else typed as
 * people type it (full-width digits from a Japanese or Chinese keyboard, another letter case:
 * `ｒ１００２`, `ab-1002` for `AB-1002`) when exactly one order matches that; else the platform's other
 * number for an order (eBay's Sales Record Number) when it names one order only.
 */
export function findOrderId(db: Db, input: string): string | null {
  const bare = input.replace(/^#/, '');
  const rows = stmt(db, 'SELECT order_id FROM orders WHERE order_id IN (?, ?, ?)').all(input, bare, `#${bare}`) as { order_id: string }[];
  const exact = rows.find((r) => r.order_id === input);
  if (exact) return exact.order_id;
  if (rows.length === 1) return rows[0]!.order_id;
  if (rows.length > 1) return null;
  const typed = input.normalize('NFKC').trim().replace(/^#/, '');
  if (typed === '') return null;
  const loose = stmt(db, 'SELECT order_id FROM orders WHERE order_id COLLATE NOCASE IN (?, ?) LIMIT 2').all(typed, `#${typed}`) as { order_id: string }[];
  if (loose.length) return loose.length === 1 ? loose[0]!.order_id : null;
  // The platform's other number for it (eBay's Sales Record Number), when it names one order only.
  const other = stmt(db, 'SELECT order_id FROM orders WHERE alt_id = ? LIMIT 2').all(typed) as { order_id: string }[];
  return other.length === 1 ? other[0]!.order_id : null;
}
