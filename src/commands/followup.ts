/**
 * `oos followup` (for cron): writes every follow-up that is due, after
 * re-checking that it still makes sense, exactly once; says nothing when all
 * is well, one stderr line per thing the owner must know.
 */
import { createContext, type Context, type GlobalOptions } from '../context.js';
import type { Channel, Lang } from '../domain/config.js';
import { decideFollowup, FOLLOWUP_INTENT, MAX_REMINDERS } from '../domain/followup-rules.js';
import { isQuietTime, outsideQuietHours, type FollowupKind, type PlannedFollowup } from '../domain/followups.js';
import { buildView, refundMethodOf } from '../domain/message-view.js';
import { assessRemedies, type Terms } from '../domain/remedies.js';
import { formatDuration, formatLocal, fromIso, HOUR, toIso } from '../domain/time.js';
import { OosError } from '../errors.js';
import { dayOf, stageDelivery } from '../io/deliver.js';
import { OutboxBatch } from '../io/outbox.js';
import { faultPoint } from '../fault.js';
import type { TemplateSet } from '../io/templates.js';
import { openDb, writeTransaction, type Db } from '../store/db.js';
import { cancelFollowup, completeFollowup, countPending, dueFollowups, orderProgress, overdueContacts, recordRun, type OverdueContact } from '../store/followups.js';
import { loadCaseContext, pendingFollowups, type FollowupRow, type MessageRecord } from '../store/resolutions.js';
import { palette } from '../ui/color.js';
import { refreshOutboxIndexes } from './outbox-index.js';
import { outboxDir, templatesFor } from './resolve-steps.js';

export interface FollowupOptions extends GlobalOptions {
  list?: boolean;
  verbose?: boolean;
}

interface Written {
  order_id: string;
  kind: string;
  path: string;
}

export async function runFollowup(opts: FollowupOptions): Promise<void> {
  const ctx = createContext(opts);
  const db = openDb(ctx.dbPath, { create: false });
  try {
    if (opts.list) return listSchedule(db, ctx);
    const result = await processDue(db, ctx, templatesFor(ctx));
    report(result, ctx, opts.verbose === true);
  } finally {
    db.close();
  }
}

export interface FollowupRun {
  written: Written[];
  cancelled: { order_id: string; kind: string; reason: string }[];
  postponed: { order_id: string; kind: string; to: string; reason: string }[];
  failed: { order_id: string; kind: string; error: string; code: number }[];
  deferred_quiet_hours: number;
  pending: number;
  overdue_contacts: OverdueContact[];
}

/**
 * Follow-ups are written in batches: each batch decides and renders its
 * messages into temp files, makes them durable together (parallel fsync,
 * rename, one folder fsync), then claims them all in one transaction. A crash
 * before the claim leaves files that a rerun rewrites byte for byte under the
 * same names; the claim (`WHERE state = 'pending'`) makes each message count
 * once even when two runs overlap.
 */
const BATCH_SIZE = 250;

export async function processDue(db: Db, ctx: Context, templates: TemplateSet): Promise<FollowupRun> {
  const { config, now, actor } = ctx;
  const run: FollowupRun = { written: [], cancelled: [], postponed: [], failed: [], deferred_quiet_hours: 0, pending: 0, overdue_contacts: [] };
  const due = dueFollowups(db, now);
  // Nothing goes out at night: due follow-ups wait for the end of the quiet hours.
  if (isQuietTime(now, config)) run.deferred_quiet_hours = due.length;
  else {
    const outbox = outboxDir(ctx);
    const days = new Set<string>();
    let stop = false;
    for (let start = 0; start < due.length && !stop; ) {
      // One follow-up per case in a batch: each decision reads what the previous one recorded.
      const cases = new Set<number>();
      const batch = new OutboxBatch();
      const steps: Step[] = [];
      let i = start;
      for (; i < due.length && steps.length < BATCH_SIZE && !cases.has(due[i]!.case_id); i++) {
        const f = due[i]!;
        cases.add(f.case_id);
        try {
          steps.push(decideOne(db, ctx, templates, f, outbox, batch));
        } catch (e) {
          if (!(e instanceof OosError) || e.exitCode === 75) {
            batch.abort();
            throw e;
          }
          run.failed.push({ order_id: f.order_id, kind: f.kind, error: e.message, code: e.exitCode });
          if (e.exitCode === 73) {
            stop = true;
            break;
          }
        }
      }
      start = i;
      try {
        await batch.commit();
      } catch (e) {
        if (!(e instanceof OosError)) throw e;
        // The messages are not on disk: their follow-ups stay pending for the next run.
        const first = steps.find((s) => s.type === 'write')!.f;
        run.failed.push({ order_id: first.order_id, kind: first.kind, error: e.message, code: e.exitCode });
        break;
      }
      writeTransaction(db, () => {
        for (const step of steps) recordStep(db, step, ctx, run, days);
      });
      faultPoint('after-commit');
    }
    if (days.size || run.cancelled.length || run.postponed.length) {
      // Rebuilt under the write lock so two overlapping runs cannot leave an older index on disk.
      writeTransaction(db, () => refreshOutboxIndexes(db, outbox, [...days], config, now));
    }
  }
  run.pending = countPending(db);
  run.overdue_contacts = overdueContacts(db, now);
  if (run.written.length || run.cancelled.length || run.postponed.length || run.failed.length)
    recordRun(db, 'followup', actor, now, { written: run.written.length, cancelled: run.cancelled.length, postponed: run.postponed.length, failed: run.failed.length });
  return run;
}

type Step =
  | { type: 'cancel'; f: FollowupRow; reason: string }
  | { type: 'postpone'; f: FollowupRow; reason: string; to: number }
  | { type: 'write'; f: FollowupRow; record: MessageRecord; next: PlannedFollowup[] };

/** Decides what a due follow-up needs; a message is rendered and staged in `batch`, nothing is recorded yet. */
function decideOne(db: Db, ctx: Context, templates: TemplateSet, f: FollowupRow, outbox: string, batch: OutboxBatch): Step {
  const { config, now } = ctx;
  const progress = orderProgress(db, f.case_id);
  const { row } = progress;
  const kind = f.kind as FollowupKind;
  const decision = decideFollowup(
    {
      kind,
      caseState: row.state,
      remedy: row.remedy,
      repliedAt: row.replied_at ? fromIso(row.replied_at) : null,
      plannedAt: fromIso(f.created_at),
      shipped: progress.shipped,
      partlyShipped: progress.partlyShipped,
      hasTracking: progress.trackingNumber !== null,
      delivered: progress.delivered,
      remindersSent: progress.remindersSent,
    },
    config,
    now,
  );
  if (decision.action === 'cancel') return { type: 'cancel', f, reason: decision.reason };
  if (decision.action === 'postpone') return { type: 'postpone', f, reason: decision.reason, to: decision.to };

  // Rendered as of the due time, so a rerun (or an overlapping run) produces the very same file.
  const dueAt = fromIso(f.due_at);
  const cc = loadCaseContext(db, f.order_id, config, dueAt);
  const terms = row.terms ? (JSON.parse(row.terms) as Terms) : null;
  const offered = new Set(JSON.parse(row.offered ?? '[]') as string[]);
  const options = assessRemedies(cc.facts, config, dueAt).map((o) => ({ ...o, offered: offered.size ? offered.has(o.remedy) : o.offered }));
  const view = buildView({ facts: cc.facts, terms: kind === 'reminder' ? null : terms, options, trackingNumber: progress.trackingNumber }, f.lang as Lang, config, dueAt);
  const message = templates.render(FOLLOWUP_INTENT[kind], f.channel as Channel, f.lang as Lang, view, refundMethodOf(cc.facts.order.paymentMethod), f.order_id);
  const recipient = { name: cc.facts.order.customerName, email: cc.facts.order.email, phone: cc.facts.order.phone };
  const record = stageDelivery({ outbox, orderId: f.order_id, message, recipient, reference: dueAt, now: dueAt, dedupeKey: `followup:${f.id}:${f.channel}` }, config, batch);

  // No reply after the reminder: one more, as a phone call script (playbook §4: call when mail gets no answer).
  const next: PlannedFollowup[] = [];
  if (kind === 'reminder' && progress.remindersSent + 1 < MAX_REMINDERS) next.push({ kind: 'reminder', dueAt: outsideQuietHours(now + 24 * HOUR, config) });
  return { type: 'write', f, record, next };
}

/** Records a decided step; inside the batch's write transaction. */
function recordStep(db: Db, step: Step, ctx: Context, run: FollowupRun, days: Set<string>): void {
  const { config, now, actor } = ctx;
  const { f } = step;
  switch (step.type) {
    case 'cancel':
      if (cancelFollowup(db, f, step.reason, now, actor)) run.cancelled.push({ order_id: f.order_id, kind: f.kind, reason: step.reason });
      return;
    case 'postpone':
      if (cancelFollowup(db, f, `${step.reason}; moved`, now, actor, step.to)) run.postponed.push({ order_id: f.order_id, kind: f.kind, to: toIso(step.to), reason: step.reason });
      return;
    case 'write': {
      const claimed = completeFollowup(db, f, step.record, step.next, (p) => (p.kind === 'reminder' ? 'phone' : f.channel), now, actor);
      if (claimed) run.written.push({ order_id: f.order_id, kind: f.kind, path: step.record.path });
      // Another run claimed it first: the file it wrote is the same one, so its day index is refreshed too.
      days.add(claimed ? step.record.day : dayOf(fromIso(f.due_at), config));
    }
  }
}

function report(run: FollowupRun, ctx: Context, verbose: boolean): void {
  const tz = ctx.config.shop.timezone;
  if (ctx.json) {
    ctx.stdout(`${JSON.stringify(run, null, 2)}\n`);
  } else if (verbose) {
    const lines = [
      `${run.written.length} follow-up message${run.written.length === 1 ? '' : 's'} written, ${run.pending} pending.`,
      ...run.written.map((w) => `  wrote ${w.kind.replace('_', ' ')} for ${w.order_id}: ${w.path}`),
      ...run.cancelled.map((c) => `  dropped ${c.kind.replace('_', ' ')} for ${c.order_id}: ${c.reason}`),
      ...run.postponed.map((p) => `  moved ${p.kind.replace('_', ' ')} for ${p.order_id} to ${formatLocal(fromIso(p.to), tz)}: ${p.reason}`),
    ];
    if (run.deferred_quiet_hours) lines.push(`  ${run.deferred_quiet_hours} due follow-up(s) wait until quiet hours end (${ctx.config.quiet_hours.end}).`);
    ctx.stdout(`${lines.join('\n')}\n`);
  }
  // Cron mails stderr to the owner: only what needs a person.
  if (run.overdue_contacts.length) {
    const list = run.overdue_contacts
      .slice(0, 5)
      .map((o) => `${o.order_id} (${formatDuration(o.overdue_minutes * 60_000)} overdue)`)
      .join(', ');
    ctx.stderr(`oos: ${run.overdue_contacts.length} customer${run.overdue_contacts.length === 1 ? '' : 's'} not contacted in time: ${list}${run.overdue_contacts.length > 5 ? ', …' : ''}; run "oos resolve"\n`);
  }
  for (const f of run.failed) ctx.stderr(`oos: follow-up ${f.kind} for ${f.order_id} not written: ${f.error}\n`);
  if (run.failed.length) process.exitCode = run.failed[0]!.code;
}

function listSchedule(db: Db, ctx: Context): void {
  const pending = pendingFollowups(db);
  const overdue = overdueContacts(db, ctx.now);
  if (ctx.json) {
    ctx.stdout(`${JSON.stringify({ pending: pending.map((f) => ({ order_id: f.order_id, kind: f.kind, due_at: f.due_at, channel: f.channel, lang: f.lang })), overdue_contacts: overdue }, null, 2)}\n`);
    return;
  }
  const c = palette(ctx.color);
  const tz = ctx.config.shop.timezone;
  if (!pending.length) ctx.stdout('No follow-ups planned.\n');
  else {
    const lines = pending.map((f) => {
      const due = fromIso(f.due_at);
      const when = formatLocal(due, tz);
      return `  ${due <= ctx.now ? c.yellow(`${when} due`) : when}  ${f.order_id.padEnd(10)} ${f.kind.replace('_', ' ').padEnd(13)} ${c.dim(`${f.channel} ${f.lang}`)}`;
    });
    ctx.stdout(`${c.bold(`${pending.length} follow-up${pending.length === 1 ? '' : 's'} planned`)}\n${lines.join('\n')}\n`);
  }
  if (overdue.length) ctx.stdout(c.red(`\n${overdue.length} customer(s) not contacted in time: ${overdue.map((o) => o.order_id).join(', ')}\n`));
}
