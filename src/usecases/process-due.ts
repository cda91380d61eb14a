/**
 * The follow-up run: judge promises, write the due follow-ups exactly once, repair what a
 * killed run left, and gather what the operator must know. `oos followup` prints it.
 */
import { outboxDir, type Context } from '../context.js';
import { hasJournals } from '../outbox/journal-check.js';
import { isQuietTime } from '../domain/followups.js';
import { writeTransaction, type Db } from '../store/db.js';
import { countPending, dueFollowups, hasPromisesToCheck, NO_OVERDUE, overdueContactList, recordRun, writtenLog } from '../store/schedule.js';
import { claimReminders, lostParcelsDeliveredAfterReship } from '../store/claims.js';
import { remedyParcelsInTransit } from '../store/load.js';
import { noteLeftovers, type FollowupRun } from './followup-run.js';

export async function processDue(db: Db, ctx: Context): Promise<FollowupRun> {
  const { config, now, actor } = ctx;
  const run: FollowupRun = { written: writtenLog(db), cancelled: [], postponed: [], failed: [], deferred_quiet_hours: 0, pending: 0, overdue_contacts: NO_OVERDUE, set_aside: [], replaced: [], alerts: [], claim_reminders: [] };
  // Promises are judged before anything is written: a daily update must not repeat a day the supplier has
  // just moved. Outside quiet hours only: the message a broken promise needs waits for morning.
  if (hasPromisesToCheck(db, now)) {
    const promises = await import('./check-promises.js');
    // At night only the operator's alerts: no answer by a deadline is news whatever the hour.
    if (isQuietTime(now, config)) promises.checkAnswers(db, ctx, run);
    else await promises.checkPromises(db, ctx, run);
  }
  const inTransit = remedyParcelsInTransit(db);
  if (inTransit.length) (await import('./watch-parcels.js')).watchRemedyParcels(inTransit, ctx, run);
  // Told whatever the hour: an operator alert, no customer message.
  const turnedUp = lostParcelsDeliveredAfterReship(db);
  if (turnedUp.length) (await import('./watch-parcels.js')).tellLostParcelsDelivered(db, turnedUp, ctx, run);
  const due = dueFollowups(db, now);
  // Nothing goes out at night: due follow-ups wait for the end of the quiet hours.
  if (!due.length) {
    /* nothing to write: cron's hourly run stops here */
  } else if (isQuietTime(now, config)) run.deferred_quiet_hours = due.length;
  else await (await import('./write-followups.js')).writeDue(db, ctx, due, run);
  // A run killed mid-write left files nobody recorded, or an index that does not name its files yet.
  // Checked after this run's writes: a rerun at the same time rewrites and records the very same file.
  if (hasJournals(outboxDir(ctx))) {
    const { refreshOutboxIndexes } = await import('../outbox/index-files.js');
    noteLeftovers(run, writeTransaction(db, () => refreshOutboxIndexes(db, outboxDir(ctx), [], config, now)));
  }
  run.pending = countPending(db);
  run.overdue_contacts = overdueContactList(db, now);
  run.claim_reminders = claimReminders(db, now);
  const written = run.written.length;
  if (written || run.cancelled.length || run.postponed.length || run.failed.length)
    recordRun(db, 'followup', actor, now, { written, cancelled: run.cancelled.length, postponed: run.postponed.length, failed: run.failed.length });
  return run;
}
