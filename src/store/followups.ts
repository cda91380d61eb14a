/**
 * Follow-ups in the database. A due follow-up is claimed with
 * `UPDATE … WHERE state = 'pending'` inside BEGIN IMMEDIATE, and its message
 * row has a unique key, so two overlapping cron runs (or a rerun after a
 * crash) record each message exactly once.
 */
import type { PlannedFollowup } from '../domain/followups.js';
import { toIso } from '../domain/time.js';
import { addEvent } from './case-events.js';
import { stmt, writeTransaction, type Db } from './db.js';
import { insertMessages, type MessageRecord } from './resolutions.js';
import type { FollowupRow } from './schedule.js';

/** Reminders already sent for a case: a case gets at most MAX_REMINDERS. */
export function remindersSent(db: Db, caseId: number): number {
  return (stmt(db, `SELECT count(*) AS n FROM followups WHERE case_id = ? AND kind = 'reminder' AND state = 'done'`).get(caseId) as { n: number }).n;
}

/** Whether the check that the refund arrived went to the customer (a later check-in does not ask again). */
export function refundCheckSent(db: Db, caseId: number): boolean {
  return stmt(db, `SELECT 1 FROM followups WHERE case_id = ? AND kind = 'refund_check' AND state = 'done' LIMIT 1`).get(caseId) !== undefined;
}

/** Whether a message of this case other than `dedupeKey` is recorded at `path` (its file must not be overwritten). */
export function pathTakenByAnother(db: Db, caseId: number, path: string, dedupeKey: string): boolean {
  return stmt(db, 'SELECT 1 FROM messages WHERE case_id = ? AND path = ? AND dedupe_key <> ? LIMIT 1').get(caseId, path, dedupeKey) !== undefined;
}

/** Whether a wait update went out for this case at or after a moment (ISO): the customer was told since. */
export function waitUpdateSentSince(db: Db, caseId: number, sinceIso: string): boolean {
  return stmt(db, `SELECT 1 FROM followups WHERE case_id = ? AND kind = 'wait_update' AND state = 'done' AND done_at >= ? LIMIT 1`).get(caseId, sinceIso) !== undefined;
}

/** Whether a parcel a remedy sent is still on its way for this case, as the tracking export follows it. */
export function remedyParcelInTransit(db: Db, caseId: number): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM parcels p JOIN tracking t ON t.tracking_number = p.tracking_number
        WHERE p.case_id = ? AND p.origin <> 'original' AND p.state = 'shipped' AND t.status <> 'delivered' AND t.delivered_at IS NULL LIMIT 1`,
    ).get(caseId) !== undefined
  );
}

/** Marks a follow-up done and records its message; false when another run got there first. */
export function completeFollowup(db: Db, f: FollowupRow, message: MessageRecord | null, next: PlannedFollowup[], channel: (p: PlannedFollowup) => string, now: number, actor: string): boolean {
  const at = toIso(now);
  return writeTransaction(db, () => {
    const claimed = stmt(db, `UPDATE followups SET state = 'done', done_at = ? WHERE id = ? AND state = 'pending'`).run(at, f.id).changes === 1;
    if (!claimed) return false;
    if (message) insertMessages(db, f.case_id, f.order_id, [message], { eventId: null, followupId: f.id }, at);
    addEvent(db, f.case_id, now, actor, 'followup_sent', { kind: f.kind, due_at: f.due_at, channel: message?.channel ?? f.channel, path: message?.path ?? null });
    const plan = stmt(db, 
      `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, kind, due_at) DO NOTHING`,
    );
    for (const p of next) plan.run(f.case_id, f.order_id, p.kind, toIso(p.dueAt), channel(p), f.lang, at);
    return true;
  });
}

export function cancelFollowup(db: Db, f: FollowupRow, reason: string, now: number, actor: string, postponeTo?: number): boolean {
  const at = toIso(now);
  return writeTransaction(db, () => {
    const done = stmt(db, `UPDATE followups SET state = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE id = ? AND state = 'pending'`).run(at, reason, f.id).changes === 1;
    if (!done) return false;
    if (postponeTo !== undefined) {
      stmt(db, 
        `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, kind, due_at) DO NOTHING`,
      ).run(f.case_id, f.order_id, f.kind, toIso(postponeTo), f.channel, f.lang, at);
    }
    addEvent(db, f.case_id, now, actor, postponeTo === undefined ? 'followup_cancelled' : 'followup_postponed', { kind: f.kind, due_at: f.due_at, reason, to: postponeTo === undefined ? null : toIso(postponeTo) });
    return true;
  });
}

/** The order's phone number and sales channel, for whether the customer may be called. */
export function phoneAndChannelOf(db: Db, orderId: string): { phone: string | null; channel: string | null } | undefined {
  return stmt(db, 'SELECT phone, channel FROM orders WHERE order_id = ?').get(orderId) as { phone: string | null; channel: string | null } | undefined;
}
