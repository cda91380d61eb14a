/**
 * Resolutions in the database: the case as `resolve` sees it (facts for the
 * remedy engine), and the one-transaction record of each step (offer, remedy,
 * reply, close) with its audit event, follow-up plan and message rows.
 * Reads happen with .all() before any prompt; writes re-check the case under
 * BEGIN IMMEDIATE, so two operators (or cron) never overwrite each other.
 */
import type { Config } from '../domain/config.js';
import type { LedgerPromise } from '../domain/ledger.js';
import type { Parcel } from '../domain/parcels.js';
import { cancelPreparingParcels, insertCommitments, stuckParcelOf, messageIdOf, parcelsOf, promisesOf, saveParcels, settlePromise, supersedePromises, supersedeTrackingPromise, withdrawRefunds } from './ledger.js';
import type { Plan, PlannedAction } from '../domain/planner.js';
import type { ShortLine, StockLevel } from '../domain/detect.js';
import type { PlannedFollowup } from '../domain/followups.js';
import type { CaseFacts, SubstituteCandidate, Terms } from '../domain/remedies.js';
import { skuKey } from '../domain/stock-key.js';
import { DAY, fromIso, toIso } from '../domain/time.js';
import type { CaseKind, Tracking, TrackingStatus } from '../domain/types.js';
import { CaseChangedError, noInputError, usageError } from '../errors.js';
import { CLOSED_BY_OPERATOR, SETTLED_BY_PLAN, type CaseRow } from './cases.js';
import { stmt, writeTransaction, type Db } from './db.js';
import { stockLevelsInDatabase } from './detection.js';
import { toLine, toOrder, type OrderRowDb } from './load.js';

export interface ResolveRow extends CaseRow {
  offered: string | null;
  offered_at: string | null;
  replied_at: string | null;
  choice: string | null;
  terms: string | null;
  channel: string | null;
  lang: string | null;
  /**
   * The case as this run read it: its last change time and its last event. Times are stored to the
   * second, and two operators (or a script with a fixed --now) can change a case within one; every
   * step records an event, so the event id tells them apart.
   */
  version: string;
  /** Why the problem last cleared (problem_cleared_at): the stock came, the order shipped, a refund settled it … */
  cleared_reason: string | null;
}

const CLEARED_REASON = `CASE WHEN problem_cleared_at IS NOT NULL THEN (SELECT json_extract(e.data, '$.reason') FROM case_events e WHERE e.case_id = cases.id AND e.type = 'problem_cleared' ORDER BY e.id DESC LIMIT 1) END`;

/** What a case's version is made of (ResolveRow.version). */
const VERSION = `updated_at || '#' || (SELECT coalesce(max(e.id), 0) FROM case_events e WHERE e.case_id = cases.id)`;

export interface CaseContext {
  row: ResolveRow;
  facts: CaseFacts;
  /** What the shop already told this customer, from the ledger. */
  promises: LedgerPromise[];
  parcels: Parcel[];
}

interface Details {
  short?: ShortLine[];
  split_candidate?: boolean;
  ship_by?: string | null;
  late?: 'overdue' | 'at_risk' | null;
  stalled?: 'stalled' | 'exception' | 'probably_lost' | null;
  clock?: { event?: string } | null;
}

/**
 * Stock levels worked out once for many cases: they come from a detection pass over
 * every open order, seconds on a big shop, and a follow-up run renders thousands of
 * messages from one unchanging database. They do not depend on the time.
 */
export interface StockMemo {
  levels?: Map<string, StockLevel>;
}

export function loadCaseContext(db: Db, orderId: string, config: Config, now: number, memo?: StockMemo): CaseContext {
  const row = stmt(db, `SELECT *, ${VERSION} AS version, ${CLEARED_REASON} AS cleared_reason FROM cases WHERE order_id = ?`).get(orderId) as ResolveRow | undefined;
  if (!row) {
    const known = stmt(db, 'SELECT 1 FROM orders WHERE order_id = ?').get(orderId);
    throw known
      ? usageError(`order ${orderId} has no case: oos found no problem with it`, 'see the open cases with "oos cases"')
      : noInputError(`order ${orderId} is not in the database`, 'check the order number (with its # if it has one), or scan the export that contains it');
  }
  const order = toOrder(stmt(db, 'SELECT * FROM orders WHERE order_id = ?').get(orderId) as OrderRowDb);
  const lines = (stmt(db, 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no').all(orderId) as Parameters<typeof toLine>[0][]).map(toLine);
  const details = JSON.parse(row.details) as Details;
  const trackingRow = order.trackingNumber
    ? (stmt(db, 'SELECT * FROM tracking WHERE tracking_number = ?').get(order.trackingNumber) as
        | { tracking_number: string; carrier: string | null; status: string; last_event_at: string | null; last_event: string | null; delivered_at: string | null }
        | undefined)
    : undefined;
  const tracking: Tracking | null = trackingRow
    ? {
        trackingNumber: trackingRow.tracking_number,
        carrier: trackingRow.carrier,
        status: trackingRow.status as TrackingStatus,
        lastEventAt: trackingRow.last_event_at ? fromIso(trackingRow.last_event_at) : null,
        lastEvent: trackingRow.last_event,
        deliveredAt: trackingRow.delivered_at ? fromIso(trackingRow.delivered_at) : null,
      }
    : null;
  const facts: CaseFacts = {
    order,
    lines,
    kinds: JSON.parse(row.kinds) as CaseKind[],
    short: details.short ?? [],
    splitCandidate: details.split_candidate === true,
    late: details.late ?? null,
    shipBy: details.ship_by ? fromIso(details.ship_by) : null,
    stalled: details.stalled ?? null,
    tracking,
    substitutes: (details.short ?? []).length ? loadSubstitutes(db, orderId, details.short ?? [], config, now, memo) : [],
    clockEvent: details.clock?.event ?? null,
  };
  // A reship needs stock: what is free of each of the order's SKUs, when an inventory is known.
  if (facts.kinds.includes('stalled') && db.prepare(`SELECT 1 FROM imports WHERE kind = 'inventory' LIMIT 1`).get() !== undefined) {
    const levels = memo?.levels ?? stockLevels(db, config);
    if (memo) memo.levels = levels;
    facts.freeStock = new Map([...levels].map(([k, l]) => [k, l.free]));
  }
  const parcels = parcelsOf(db, row.id);
  // The parcel that is stuck, when oos recorded what went into it (a substitute in place of the
  // missing item, a split's first part): the notice and a reship are about what it carried.
  const stuckNo = facts.kinds.includes('stalled') ? (tracking?.trackingNumber ?? order.trackingNumber) : null;
  const stuck = stuckNo ? stuckParcelOf(parcels, stuckNo, facts) : undefined;
  if (stuck) facts.stuckParcel = { id: stuck.id, origin: stuck.origin, items: stuck.items };
  // This case's own reship, still being prepared, holds its units already: they are free for it.
  for (const p of parcels)
    if (facts.freeStock && p.origin === 'reship' && p.state === 'preparing')
      for (const i of p.items) if (i.sku) facts.freeStock.set(skuKey(i.sku), (facts.freeStock.get(skuKey(i.sku)) ?? 0) + i.quantity);
  return { row, facts, promises: promisesOf(db, row.id), parcels };
}

/** Substitutes for the short SKUs, with what is free after allocation and after substitutes already promised to other cases. */
function loadSubstitutes(db: Db, orderId: string, short: ShortLine[], config: Config, now: number, memo?: StockMemo): SubstituteCandidate[] {
  const skus = [...new Set(short.map((s) => s.sku).filter((s): s is string => s !== null))];
  if (!skus.length) return [];
  const rows = stmt(db, `SELECT sku, substitute_sku, note FROM substitutes WHERE sku IN (${skus.map(() => '?').join(',')}) ORDER BY sku, substitute_sku`).all(...skus) as {
    sku: string;
    substitute_sku: string;
    note: string | null;
  }[];
  if (!rows.length) return [];
  const levels = memo?.levels ?? stockLevels(db, config);
  if (memo) memo.levels = levels;
  const promised = new Map<string, number>();
  const hold = (lines: Terms['substitutes'], into: Map<string, number>) => {
    for (const s of lines) into.set(skuKey(s.sku), (into.get(skuKey(s.sku)) ?? 0) + s.quantity);
  };
  // A swap confirmed to another customer holds its units until its parcel leaves: the lotus box it
  // replaced may be settled (problem cleared) while the orchid box is still on the shelf.
  const others = db
    .prepare(
      `SELECT c.terms FROM cases c WHERE c.remedy = 'substitute' AND c.state = 'remedy_chosen' AND c.order_id <> ? AND c.terms IS NOT NULL
         AND (c.problem_cleared_at IS NULL OR (
           EXISTS (SELECT 1 FROM parcels p WHERE p.case_id = c.id AND p.origin = 'substitute' AND p.state = 'preparing')
           AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = c.order_id AND o.tracking_number IS NOT NULL
             AND o.tracking_number NOT IN (SELECT tracking_number FROM parcels WHERE case_id = c.id AND tracking_number IS NOT NULL))))`,
    )
    .all(orderId) as { terms: string }[];
  for (const o of others) hold((JSON.parse(o.terms) as Terms).substitutes, promised);
  // A substitute offered to another customer who may still say yes is held for them: five customers
  // offered the last three units would each be told it ships the day they answer.
  const offers = db
    .prepare(
      `SELECT p.data FROM promises p JOIN cases c ON c.id = p.case_id
        WHERE p.kind = 'offer' AND p.state = 'open' AND p.due_at > ? AND c.state = 'offered' AND c.problem_cleared_at IS NULL AND c.order_id <> ?`,
    )
    .all(toIso(now), orderId) as { data: string }[];
  const offered = new Map<string, number>();
  for (const o of offers)
    for (const option of (JSON.parse(o.data) as { options?: { remedy: string; terms?: Terms }[] }).options ?? [])
      if (option.remedy === 'substitute' && option.terms) hold(option.terms.substitutes, offered);
  return rows.flatMap((r) => {
    const level = levels.get(skuKey(r.substitute_sku));
    if (!level) return [];
    return [
      {
        forSku: r.sku,
        sku: level.sku ?? r.substitute_sku,
        title: level.title,
        variant: level.variant,
        free: level.free - (promised.get(skuKey(r.substitute_sku)) ?? 0) - (offered.get(skuKey(r.substitute_sku)) ?? 0),
        freeToConfirm: level.free - (promised.get(skuKey(r.substitute_sku)) ?? 0),
        unitPrice: level.unitPrice,
        note: r.note,
      },
    ];
  });
}

function stockLevels(db: Db, config: Config): Map<string, StockLevel> {
  // Allocation streamed as a scan does it: a bad season's open orders are not loaded to learn what is free.
  return new Map(stockLevelsInDatabase(db, config).filter((l) => l.sku !== null).map((l) => [skuKey(l.sku!), l]));
}

import { basename } from 'node:path';
import type { MessageRecord } from '../domain/types.js';
export type { MessageRecord };

export type Action = PlannedAction;

export interface ResolutionInput {
  orderId: string;
  /** The case as it was read before the prompts: the write fails if someone changed it since. */
  /** The case's version as read (ResolveRow.version): the step is refused if anyone changed the case since. */
  expectVersion: string;
  action: Action;
  channel: string | null;
  lang: string | null;
  followups: PlannedFollowup[];
  messages: MessageRecord[];
  eventData: Record<string, unknown>;
  /** What the step promised and which parcels it made or changed, recorded with its message. */
  ledger?: Pick<Plan, 'commitments' | 'parcels' | 'supersede' | 'keep' | 'dropFollowups' | 'withdrawRefunds' | 'supersedeTracking'>;
}

export interface ResolutionResult {
  state: string;
  followups: { due_at: string; kind: string }[];
}

/** Throws CaseChangedError when the case is no longer as it was read; call inside the write transaction. */
export function assertCaseUnchanged(db: Db, orderId: string, expectVersion: string): void {
  const version = stmt(db, `SELECT ${VERSION} FROM cases WHERE order_id = ?`).pluck().get(orderId) as string | undefined;
  if (version !== expectVersion) throw new CaseChangedError(orderId);
}

export function recordResolution(db: Db, input: ResolutionInput, now: number, actor: string): ResolutionResult {
  const at = toIso(now);
  return writeTransaction(db, () => {
    assertCaseUnchanged(db, input.orderId, input.expectVersion);
    const row = db.prepare('SELECT * FROM cases WHERE order_id = ?').get(input.orderId) as ResolveRow;
    const cancel = (where: string, reason: string, ...args: unknown[]) =>
      db.prepare(`UPDATE followups SET state = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE case_id = ? AND state = 'pending' ${where}`).run(at, reason, row.id, ...args);
    const a = input.action;
    let eventType: string;
    switch (a.type) {
      case 'offer':
        eventType = 'offered';
        cancel(`AND kind = 'reminder'`, 'choices sent again');
        db.prepare(
          `UPDATE cases SET state = 'offered', offered = ?, offered_at = ?, first_contact_at = COALESCE(first_contact_at, ?), channel = ?, lang = ?, updated_at = ? WHERE id = ?`,
        ).run(JSON.stringify(a.offered), at, at, input.channel, input.lang, at, row.id);
        break;
      case 'remedy': {
        eventType = row.remedy ? 'remedy_changed' : 'remedy_chosen';
        cancel('', row.remedy ? 'remedy changed' : 'remedy chosen');
        cancelPreparingParcels(db, row.id, now);
        const byCustomer = a.terms.decidedBy === 'customer' ? 1 : 0;
        db.prepare(
          `UPDATE cases SET state = 'remedy_chosen', remedy = ?, terms = ?, first_contact_at = COALESCE(first_contact_at, ?),
             replied_at = CASE WHEN ? = 1 THEN COALESCE(replied_at, ?) ELSE replied_at END,
             choice = CASE WHEN ? = 1 THEN ? ELSE choice END, channel = ?, lang = ?, updated_at = ? WHERE id = ?`,
        ).run(a.terms.remedy, JSON.stringify(a.terms), at, byCustomer, at, byCustomer, a.terms.remedy, input.channel, input.lang, at, row.id);
        // The old plan settled the problem itself (its refund): replaced, the problem is back until a
        // scan says otherwise. Else "the stock is in" silenced the daily updates the new wait promised.
        const cleared = row.remedy && row.problem_cleared_at !== null ? (db.prepare(`SELECT ${CLEARED_REASON} FROM cases WHERE id = ?`).pluck().get(row.id) as string | null) : null;
        if (cleared !== null && SETTLED_BY_PLAN.has(cleared)) {
          db.prepare('UPDATE cases SET problem_cleared_at = NULL WHERE id = ?').run(row.id);
          db.prepare('INSERT INTO case_events (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(
            row.id,
            at,
            actor,
            'problem_returned',
            JSON.stringify({ reason: `the plan that settled it was replaced (${cleared})` }),
          );
        }
        break;
      }
      case 'shipped':
        eventType = 'parcel_shipped';
        db.prepare(`UPDATE cases SET updated_at = ? WHERE id = ?`).run(at, row.id);
        break;
      case 'replied':
        eventType = 'replied';
        cancel(`AND kind = 'reminder'`, 'customer replied');
        db.prepare(`UPDATE cases SET replied_at = ?, choice = COALESCE(?, choice), updated_at = ? WHERE id = ?`).run(at, a.choice, at, row.id);
        break;
      case 'closed':
        eventType = 'closed';
        cancel('', 'case closed');
        db.prepare(`UPDATE cases SET state = 'closed', closed_at = ?, close_reason = ?, outcome = COALESCE(?, outcome), updated_at = ? WHERE id = ?`).run(
          at,
          CLOSED_BY_OPERATOR,
          a.outcome,
          at,
          row.id,
        );
        break;
    }
    const eventId = Number(
      db.prepare('INSERT INTO case_events (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(row.id, at, actor, eventType, JSON.stringify(input.eventData)).lastInsertRowid,
    );
    const plan = db.prepare(
      `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, planned_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (case_id, kind, due_at) DO UPDATE SET state = 'pending', channel = excluded.channel, lang = excluded.lang, planned_by = excluded.planned_by,
         cancelled_at = NULL, cancel_reason = NULL WHERE followups.state = 'cancelled'`,
    );
    for (const f of input.followups) plan.run(row.id, row.order_id, f.kind, toIso(f.dueAt), input.channel, input.lang, eventId, at);
    insertMessages(db, row.id, row.order_id, input.messages, { eventId, followupId: null }, at);
    // A yes asked for a second delay (US shops) is settled by the answer, a new remedy or the case's end.
    if (CONSENT_ANSWERS.has(eventType))
      for (const p of promisesOf(db, row.id)) if (p.kind === 'consent' && p.state === 'open') settlePromise(db, p.id, 'kept', now, eventType === 'replied' ? 'the customer answered' : eventType);
    const l = input.ledger;
    if (l) {
      supersedePromises(db, row.id, l.supersede, now, `superseded by ${eventType}`);
      if (l.supersedeTracking) supersedeTrackingPromise(db, row.id, l.supersedeTracking, now);
      // Refunds promised by a bank transfer never made, taken back by this plan: no longer counted anywhere.
      if (l.withdrawRefunds) withdrawRefunds(db, row.id);
      for (const p of promisesOf(db, row.id)) if (p.state === 'open' && l.keep.includes(p.kind)) settlePromise(db, p.id, 'kept', now, eventType);
      if (l.dropFollowups.length)
        cancel(`AND kind IN (${l.dropFollowups.map(() => '?').join(',')})`, 'written now', ...l.dropFollowups);
      saveParcels(db, row.id, row.order_id, l.parcels, now);
      const messageId = input.messages.length ? messageIdOf(db, input.messages[0]!.dedupeKey) : null;
      insertCommitments(db, { caseId: row.id, orderId: row.order_id, eventId, messageId }, l.commitments, now);
    }
    const state = (db.prepare('SELECT state FROM cases WHERE id = ?').get(row.id) as { state: string }).state;
    const followups = db.prepare(`SELECT due_at, kind FROM followups WHERE case_id = ? AND state = 'pending' ORDER BY due_at, kind`).all(row.id) as { due_at: string; kind: string }[];
    return { state, followups };
  });
}

/** The steps that answer a consent asked for (store/ledger.ts answeredSince reads the same events). */
const CONSENT_ANSWERS = new Set(['replied', 'remedy_chosen', 'remedy_changed', 'closed']);

/**
 * A promised day passed unmet: the event, and when the customer was told, the message and
 * the case's terms with the new date (every later update repeats that date). Returns the event id.
 */
export function recordPromiseBroken(db: Db, caseId: number, now: number, actor: string, data: object, message?: MessageRecord, terms?: Terms | null): number {
  const at = toIso(now);
  const eventId = Number(stmt(db, 'INSERT INTO case_events (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(caseId, at, actor, 'promise_broken', JSON.stringify(data)).lastInsertRowid);
  if (message) {
    const orderId = (stmt(db, 'SELECT order_id FROM cases WHERE id = ?').get(caseId) as { order_id: string }).order_id;
    insertMessages(db, caseId, orderId, [message], { eventId, followupId: null }, at);
    if (terms) stmt(db, 'UPDATE cases SET terms = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(terms), at, caseId);
  }
  return eventId;
}

/** Plans follow-ups for a case, replacing pending ones of the same kinds (a new date replaces the old plan). */
export function planFollowups(db: Db, caseId: number, orderId: string, plan: PlannedFollowup[], channel: string, lang: string, eventId: number, now: number): void {
  const at = toIso(now);
  const kinds = [...new Set(plan.map((p) => p.kind))];
  for (const k of kinds) stmt(db, `UPDATE followups SET state = 'cancelled', cancelled_at = ?, cancel_reason = 'replaced by a new date' WHERE case_id = ? AND state = 'pending' AND kind = ?`).run(at, caseId, k);
  const ins = stmt(
    db,
    `INSERT INTO followups (case_id, order_id, kind, due_at, channel, lang, planned_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (case_id, kind, due_at) DO UPDATE SET state = 'pending', planned_by = excluded.planned_by, cancelled_at = NULL, cancel_reason = NULL`,
  );
  for (const f of plan) ins.run(caseId, orderId, f.kind, toIso(f.dueAt), channel, lang, eventId, at);
}

/** A case's pending follow-ups, as a step's outcome lists them. */
export function pendingOf(db: Db, caseId: number): { due_at: string; kind: string }[] {
  return db.prepare(`SELECT due_at, kind FROM followups WHERE case_id = ? AND state = 'pending' ORDER BY due_at, kind`).all(caseId) as { due_at: string; kind: string }[];
}

export function insertMessages(db: Db, caseId: number, orderId: string, messages: MessageRecord[], link: { eventId: number | null; followupId: number | null }, at: string): number {
  const ins = stmt(db, 
    `INSERT INTO messages (case_id, order_id, event_id, followup_id, intent, channel, lang, template, recipient, subject, body, path, sha256, day, written_at, dedupe_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  let n = 0;
  for (const m of messages)
    n += ins.run(caseId, orderId, link.eventId, link.followupId, m.intent, m.channel, m.lang, m.template, m.recipient, m.subject, m.body, m.path, m.sha256, m.day, at, m.dedupeKey).changes;
  return n;
}

export interface DayMessage {
  order_id: string;
  channel: string;
  lang: string;
  template: string;
  recipient: string | null;
  subject: string | null;
  body: string;
  path: string;
  written_at: string;
}

/**
 * The day's messages in the order they were written, read one at a time: a day can hold 20,000.
 * The query starts with the first message asked for, and stops when the caller stops.
 */
export function* messagesOfDay(db: Db, day: string): Generator<DayMessage> {
  yield* db
    .prepare('SELECT order_id, channel, lang, template, recipient, subject, body, path, written_at FROM messages WHERE day = ? ORDER BY id')
    .iterate(day) as IterableIterator<DayMessage>;
}

/**
 * The file names (without their folder) of the day's messages, as a set made row by row: a day of
 * 95,000 messages read as an array of full paths first was 12 MiB more at a follow-up run's end.
 */
export function messageNamesOfDay(db: Db, day: string): Set<string> {
  // The text after the last separator ('/', or '\\' on Windows): rtrim strips every other character from the end, leaving the folder.
  const names = db.prepare(`SELECT replace(path, rtrim(path, replace(replace(path, '/', ''), '\\', '')), '') FROM messages WHERE day = ?`).pluck().iterate(day) as IterableIterator<string>;
  return new Set(names);
}

/** Whether the customer has been written to about this case before (any message recorded). */
export function toldBefore(db: Db, caseId: number): boolean {
  return db.prepare('SELECT 1 FROM messages WHERE case_id = ? LIMIT 1').get(caseId) !== undefined;
}

/** When the case's customer was last told the remedy's terms (what a change of remedy replaces); null if never. */
export function lastConfirmationAt(db: Db, caseId: number): number | null {
  // A slipped date told the customer the remedy's new day: from then on that is what they were told.
  const row = db.prepare(`SELECT written_at FROM messages WHERE case_id = ? AND (intent LIKE 'confirm-%' OR intent = 'followup-date-slipped') ORDER BY id DESC LIMIT 1`).get(caseId) as
    | { written_at: string }
    | undefined;
  return row ? fromIso(row.written_at) : null;
}

/**
 * The recorded message file of the same order, intent, channel and language as a message file
 * named `<prefix>.<hhmm>.<intent>.<channel>.<lang>.<ext>` (outbox/deliver.ts), the latest one; null if none.
 */
export function recordedTwin(db: Db, prefix: string, intent: string, channel: string, lang: string): string | null {
  const rows = db.prepare('SELECT path FROM messages WHERE intent = ? AND channel = ? AND lang = ? AND instr(path, ?) > 0 ORDER BY id DESC').all(intent, channel, lang, `${prefix}.`) as { path: string }[];
  const named = (p: string) => basename(p).startsWith(`${prefix}.`);
  return rows.find((r) => named(r.path))?.path ?? null;
}
