/**
 * `oos followup` (for cron): writes every follow-up that is due, after
 * re-checking that it still makes sense, exactly once; says nothing when all
 * is well, one stderr line per thing the owner must know.
 */
import { createContext, type Context, type GlobalOptions } from '../context.js';
import { formatDuration, formatLocal, fromIso } from '../domain/time.js';
import { claimTimeLeft } from '../domain/deadlines.js';
import { openDb, type Db } from '../store/db.js';
import { overdueContacts, pendingFollowups } from '../store/schedule.js';
import { claimReminders } from '../store/claims.js';
import type { FollowupRun } from '../usecases/followup-run.js';
import { processDue } from '../usecases/process-due.js';
import { NO_SHOP_EMAIL } from '../domain/config.js';
import { keepHeapSmall } from '../small-heap.js';

export interface FollowupOptions extends GlobalOptions {
  list?: boolean;
  verbose?: boolean;
}

export async function runFollowup(opts: FollowupOptions): Promise<void> {
  // Deciding and rendering a message makes a few kilobytes of short-lived objects, and V8's
  // defaults let 20,000 messages' worth pile up (160-185 MiB, now 115-125). Set before anything
  // is loaded: the young generation then stays at its start size. --optimize-for-size as well
  // saved 7 MiB more for a sixth more CPU.
  keepHeapSmall();
  const ctx = createContext(opts);
  const db = openDb(ctx.dbPath, { create: false });
  try {
    if (opts.list) return await listSchedule(db, ctx);
    const result = await processDue(db, ctx);
    await report(result, ctx, opts.verbose === true);
  } finally {
    db.close();
  }
}


async function report(run: FollowupRun, ctx: Context, verbose: boolean): Promise<void> {
  const tz = ctx.config.shop.timezone;
  if (ctx.json) {
    // Loaded here: cron's silent run does not need it.
    const { jsonArray, stdoutOf, writeJson } = await import('../ui/output.js');
    await writeJson({ ...run, written: jsonArray(run.written), overdue_contacts: jsonArray(run.overdue_contacts) }, stdoutOf(ctx));
  } else if (verbose) {
    const written = run.written.length;
    const lines = [
      `${written} follow-up message${written === 1 ? '' : 's'} written, ${run.pending} pending.`,
      ...Array.from(run.written, (w) => `  wrote ${w.kind.replace('_', ' ')} for ${w.order_id}: ${w.path}`),
      ...run.cancelled.map((c) => `  dropped ${c.kind.replace('_', ' ')} for ${c.order_id}: ${c.reason}`),
      ...run.postponed.map((p) => `  moved ${p.kind.replace('_', ' ')} for ${p.order_id} to ${formatLocal(fromIso(p.to), tz)}: ${p.reason}`),
    ];
    if (run.deferred_quiet_hours) lines.push(`  ${run.deferred_quiet_hours} due follow-up(s) wait until quiet hours end (${ctx.config.quiet_hours.end}).`);
    ctx.stdout(`${lines.join('\n')}\n`);
  }
  // Cron mails stderr to the owner: only what needs a person.
  if (run.overdue_contacts.length) {
    const list = run.overdue_contacts
      .first(5)
      .map((o) => `${o.order_id} (${formatDuration(o.overdue_minutes * 60_000)} overdue)`)
      .join(', ');
    ctx.stderr(`oos: ${run.overdue_contacts.length} customer${run.overdue_contacts.length === 1 ? '' : 's'} not contacted in time: ${list}${run.overdue_contacts.length > 5 ? ', …' : ''}; run "oos resolve"\n`);
  }
  for (const r of run.claim_reminders) {
    ctx.stderr(`oos: the ${r.carrier ?? 'carrier'} claim for ${r.order_id} must be filed by ${formatLocal(fromIso(r.claim_by), tz)} (${claimTimeLeft(fromIso(r.claim_by), ctx.now)}); run "oos claim ${r.order_id}"\n`);
  }
  if (ctx.config.shop.email === null && wroteEmailDraft(run)) ctx.stderr(`oos: ${NO_SHOP_EMAIL}\n`);
  for (const f of run.failed) ctx.stderr(`oos: follow-up ${f.kind} for ${f.order_id} not written: ${f.error}\n`);
  for (const f of run.set_aside) ctx.stderr(`oos: ${f} was written by an interrupted run but never recorded; moved aside so it is not sent twice\n`);
  for (const r of run.replaced) ctx.stderr(`oos: ${r.file}, written by an interrupted run and never recorded, was set aside: ${r.by} is the message recorded for the same step\n`);
  for (const a of run.alerts) ctx.stderr(`oos: ${a.detail}\n`);
  if (run.failed.length) process.exitCode = run.failed[0]!.code;
  // Done what was due, but a person must act: cron sees a non-zero exit and mails the lines above.
  else if (run.overdue_contacts.length || run.alerts.length || run.claim_reminders.length) process.exitCode = 2;
}

async function listSchedule(db: Db, ctx: Context): Promise<void> {
  const pending = pendingFollowups(db);
  const overdue = overdueContacts(db, ctx.now);
  if (ctx.json) {
    ctx.stdout(`${JSON.stringify({ pending: pending.map((f) => ({ order_id: f.order_id, kind: f.kind, due_at: f.due_at, channel: f.channel, lang: f.lang })), overdue_contacts: overdue, claim_reminders: claimReminders(db, ctx.now, true) }, null, 2)}\n`);
    return;
  }
  const { palette } = await import('../ui/color.js');
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
  const claims = claimReminders(db, ctx.now, true);
  if (claims.length)
    ctx.stdout(`\n${c.bold('Carrier claim reminders (operator only)')}\n${claims.map((r) => `  ${formatLocal(fromIso(r.reminder_at), tz)}  ${r.order_id.padEnd(10)} file the ${r.carrier ?? 'carrier'} claim by ${formatLocal(fromIso(r.claim_by), tz)}`).join('\n')}\n`);
}

/** Whether the run wrote an email as a text draft (no shop.email for an .eml). */
function wroteEmailDraft(run: FollowupRun): boolean {
  for (const w of run.written) if (/\.email\.[A-Za-z-]+\.txt$/.test(w.path)) return true;
  return false;
}
