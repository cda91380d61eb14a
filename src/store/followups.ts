/**
 * Follow-ups in the database. A due follow-up is claimed with
 * `UPDATE … WHERE state = 'pending'` inside BEGIN IMMEDIATE, and its message
 * row has a unique key, so two overlapping cron runs (or a rerun after a
 * crash) record each message exactly once.
 */
import type { PlannedFollowup } from '../domain/followups.js';
import { toIso } from '../domain/time.js';
import { addEvent } from './cases.js';
import { stmt, writeTransaction, type Db } from './db.js';
import { insertMessages, type MessageRecord, type ResolveRow } from './resolutions.js';
import type { FollowupRow } from './schedule.js';

export interface OrderProgress {
  row: Pick<ResolveRow, 'order_id' | 'state' | 'remedy' | 'replied_at' | 'terms' | 'offered'>;
  shipped: boolean;
  partlyShipped: boolean;
  trackingNumber: string | null;
  delivered: boolean;
  remindersSent: number;
}

export function orderProgress(db: Db, caseId: number): OrderProgress {
  // The columns a follow-up decision reads: this runs for each of thousands of due follow-ups.
  const row = stmt(db, 'SELECT order_id, state, remedy, replied_at, terms, offered FROM cases WHERE id = ?').get(caseId) as OrderProgress['row'];
  // One query for the rest: it runs for every due follow-up.
  const p = stmt(
    db,
    `SELECT o.tracking_number,
       (SELECT sum(fulfilled_quantity < quantity) FROM order_lines l WHERE l.order_id = o.order_id AND requires_shipping = 1) AS open,
       (SELECT sum(fulfilled_quantity > 0) FROM order_lines l WHERE l.order_id = o.order_id AND requires_shipping = 1) AS sent,
       (SELECT status FROM tracking t WHERE t.tracking_number = o.tracking_number) AS tracking_status,
       (SELECT delivered_at FROM tracking t WHERE t.tracking_number = o.tracking_number) AS delivered_at,
       (SELECT count(*) FROM followups f WHERE f.case_id = ? AND f.kind = 'reminder' AND f.state = 'done') AS reminders
     FROM orders o WHERE o.order_id = ?`,
  ).get(caseId, row.order_id) as {
    tracking_number: string | null;
    open: number | null;
    sent: number | null;
    tracking_status: string | null;
    delivered_at: string | null;
    reminders: number;
  };
  return {
    row,
    shipped: (p.open ?? 0) === 0,
    partlyShipped: (p.sent ?? 0) > 0,
    trackingNumber: p.tracking_number,
    delivered: p.tracking_status === 'delivered' || p.delivered_at !== null,
    remindersSent: p.reminders,
  };
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

