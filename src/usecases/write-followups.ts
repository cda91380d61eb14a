/**
 * The writing half of `oos followup`, loaded only when something is due: the
 * templates, the remedy engine and the outbox cost start-up time that an
 * hourly cron run with nothing to do should not pay.
 */
import type { Coupon } from '../domain/coupon.js';
import { outboxDir, type Context } from '../context.js';
import type { Channel, Lang } from '../domain/config.js';
import { decideFollowup, FOLLOWUP_INTENT, MAX_REMINDERS, shipmentOf } from '../domain/followup-rules.js';
import { outsideQuietHours, secondReminderTime, type FollowupKind, type PlannedFollowup } from '../domain/followups.js';
import { buildView } from '../domain/message-view.js';
import { refundMethodOf } from '../domain/refund-method.js';
import { channelAllowed } from '../domain/platform-rules.js';
import { assessRemedies, type Terms } from '../domain/remedies.js';
import { offerNoLongerHolds } from '../domain/planner.js';
import { ledgerCoupon, openOffer, trackingCommitment, type LedgerPromise, type OfferData } from '../domain/ledger.js';
import { daysBetween, localTimeOnDay } from '../domain/locale.js';
import { adoptTracking, nextParcelToAnnounce, trackingKey, waitsForStock, type Parcel } from '../domain/parcels.js';
import { chaseTask, couponTask } from '../domain/shop-tasks.js';
import { checkMessage } from '../domain/truth-gate.js';
import { answeredSince, insertCommitments, markCouponGiven, messageIdOf, parcelsOf, promisesOf, saveParcels, settlePromise, trackingRowsOf, deliveredAtOf } from '../store/ledger.js';
import { fromIso, HOUR, toIso } from '../domain/time.js';
import { OosError } from '../errors.js';
import { faultPoint } from '../fault.js';
import { dayOf, stageDelivery } from '../outbox/deliver.js';
import { OutboxBatch } from '../outbox/atomic-files.js';
import type { TemplateSet } from '../outbox/templates.js';
import { writeTransaction, type Db } from '../store/db.js';
import { cancelFollowup, completeFollowup, pathTakenByAnother, phoneAndChannelOf, refundCheckSent, remedyParcelInTransit, remindersSent, waitUpdateSentSince } from '../store/followups.js';
import { loadCaseContext, type CaseContext, type MessageRecord, type StockMemo } from '../store/resolutions.js';
import { turnedUpAfterRefund } from '../store/cases.js';
import type { DueList, FollowupRow } from '../store/schedule.js';
import { noteLeftovers, type FollowupRun } from './followup-run.js';
import { refreshOutboxIndexes } from '../outbox/index-files.js';
import { gateError, templatesFor } from './resolve-step.js';

/**
 * Follow-ups are written in batches: each batch decides and renders its
 * messages into temp files, makes them durable together (parallel fsync,
 * rename, one folder fsync), then claims them all in one transaction. A crash
 * before the claim leaves files that a rerun rewrites byte for byte under the
 * same names; the claim (`WHERE state = 'pending'`) makes each message count
 * once even when two runs overlap.
 *
 * The batches overlap: the next one is decided and rendered while the disk
 * syncs the previous one, which is then renamed into place and recorded.
 */
const BATCH_SIZE = 250;

interface Batch {
  outbox: OutboxBatch;
  steps: Step[];
  cases: Set<number>;
  /** The parallel fsync of the batch's temp files, started as soon as it is staged. */
  synced: Promise<OosError | null>;
}

/** Writes the due follow-ups into the outbox and records them, filling `run`. */
export async function writeDue(db: Db, ctx: Context, due: DueList, run: FollowupRun): Promise<void> {
  const { config, now } = ctx;
  const templates = templatesFor(ctx);
  const outbox = outboxDir(ctx);
  const days = new Set<string>();
  /** Batches recorded; their journals stay until the index names their files too. */
  const published: OutboxBatch[] = [];
  const memo: StockMemo = {};
  let inFlight: Batch | null = null;
  let stop = false;
  try {
    for (let start = 0; (start < due.length && !stop) || inFlight; ) {
      let next: Batch | null = null;
      if (start < due.length && !stop) {
        // One follow-up per case in a batch, and none of the batch still syncing: each decision
        // reads what the previous one for its case recorded.
        next = { outbox: new OutboxBatch(outbox), steps: [], cases: new Set(), synced: Promise.resolve(null) };
        let i = start;
        for (; i < due.length && next.steps.length < BATCH_SIZE; i++) {
          const f = due.at(i);
          if (next.cases.has(f.case_id) || inFlight?.cases.has(f.case_id)) break;
          next.cases.add(f.case_id);
          try {
            next.steps.push(decideOne(db, ctx, templates, f, outbox, next.outbox, memo, run));
          } catch (e) {
            if (!(e instanceof OosError) || e.exitCode === 75) {
              next.outbox.abort();
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
        next.synced = syncBatch(next.outbox);
      }
      if (inFlight && !(await record(db, inFlight, ctx, run, days, published))) {
        // The messages are not in place: their follow-ups, and the next batch's, stay pending for the next run.
        if (next) await discard(next);
        next = null;
        stop = true;
      }
      inFlight = next;
    }
  } finally {
    if (inFlight) await discard(inFlight);
  }
  if (days.size || run.cancelled.length || run.postponed.length) {
    // Rebuilt under the write lock so two overlapping runs cannot leave an older index on disk.
    noteLeftovers(run, writeTransaction(db, () => refreshOutboxIndexes(db, outbox, [...days], config, now)));
    faultPoint('after-index');
  }
  for (const b of published) b.settle();
  if (published.length) faultPoint('after-settle');
}

/** Settles with the batch's write error instead of rejecting, so a batch waiting its turn cannot go unhandled. */
function syncBatch(outbox: OutboxBatch): Promise<OosError | null> {
  return outbox.sync().then(
    () => null,
    (e: unknown) => {
      if (e instanceof OosError) return e;
      throw e;
    },
  );
}

/** Once its files are durable, renames a batch into place and records it; false when they could not be made durable. */
async function record(db: Db, batch: Batch, ctx: Context, run: FollowupRun, days: Set<string>, published: OutboxBatch[]): Promise<boolean> {
  const error = await batch.synced;
  if (!error) {
    try {
      // Renamed into place under the write lock and recorded in the same transaction, so a run
      // holding the lock never sees a message file that is not yet recorded (outbox/index-files.ts).
      writeTransaction(db, () => {
        batch.outbox.publish();
        faultPoint('before-record');
        for (const step of batch.steps) recordStep(db, step, ctx, run, days);
        faultPoint('before-commit');
      });
      faultPoint('after-commit');
      published.push(batch.outbox);
      return true;
    } catch (e) {
      if (!(e instanceof OosError)) throw e;
      failed(batch, run, e);
      return false;
    }
  }
  failed(batch, run, error);
  return false;
}

function failed(batch: Batch, run: FollowupRun, e: OosError): void {
  const first = batch.steps.find((s) => s.type === 'write')?.f ?? batch.steps[0]?.f;
  if (first) run.failed.push({ order_id: first.order_id, kind: first.kind, error: e.message, code: e.exitCode });
}

/** Drops a staged batch once its fsync has settled (its descriptors are in use until then). */
async function discard(batch: Batch): Promise<void> {
  await batch.synced.catch(() => null);
  batch.outbox.abort();
}

type Step =
  | { type: 'cancel'; f: FollowupRow; reason: string }
  | { type: 'postpone'; f: FollowupRow; reason: string; to: number }
  | { type: 'write'; f: FollowupRow; record: MessageRecord; next: PlannedFollowup[]; parcel: Parcel | null; caseId: number; couponGiven: boolean; tasks: string[] };

/** Decides what a due follow-up needs; a message is rendered and staged in `batch`, nothing is recorded yet. */
function decideOne(db: Db, ctx: Context, templates: TemplateSet, f: FollowupRow, outbox: string, batch: OutboxBatch, memo: StockMemo, run: FollowupRun): Step {
  const { config, now } = ctx;
  // Decided and rendered as of the due time, so a rerun (or an overlapping run) produces the very same file.
  // A follow-up written on a later day (cron missed a run) speaks from today and goes into today's folder.
  const dueAt = fromIso(f.due_at);
  const at = dayOf(dueAt, config) === dayOf(now, config) ? dueAt : now;
  const cc = loadCaseContext(db, f.order_id, config, at, memo);
  const { row, facts } = cc;
  const kind = f.kind as FollowupKind;
  // The parcel a "shipped" message announces, with a number the exports now show for it.
  let parcel: Parcel | null = null;
  if (kind === 'shipped') {
    const waiting = nextParcelToAnnounce(cc.parcels) ?? legacyParcel(cc);
    const found = waiting ? adoptTracking(waiting, cc.parcels, facts, trackingRowsOf(db, f.order_id)) : null;
    // The parcel left, and the carrier already reports it stuck (damaged, returned, no scans): "on its
    // way" would be untrue. It waits for the parcel to move again; the stalled case tells the operator.
    const stuckNo = facts.kinds.includes('stalled') && row.problem_cleared_at === null ? (facts.tracking?.trackingNumber ?? facts.order.trackingNumber) : null;
    if (waiting && found && stuckNo !== null && trackingKey(stuckNo) === trackingKey(found.trackingNumber)) {
      run.alerts.push({
        kind: 'message_withheld',
        order_id: f.order_id,
        detail: `the "shipped" message of ${f.order_id} was not sent: parcel ${found.trackingNumber} left, but the carrier already reports it stuck; tell the customer what happened (oos cases shows it) and record it with oos resolve --order '${f.order_id}' --replied`,
      });
    } else if (waiting && found) parcel = { ...waiting, trackingNumber: found.trackingNumber, carrier: found.carrier ?? waiting.carrier, state: 'shipped' };
    else if (!waiting && cc.parcels.length) return { type: 'cancel', f, reason: 'every parcel of the case has been announced' };
    else if (waiting && waiting.origin !== 'wait' && !waitsForStock(waiting, facts) && row.state !== 'closed' && row.state !== 'done') {
      // A parcel the shop made (a reship, a substitute, a split) and no number for it yet: never the old one; ask.
      const what = waiting.origin === 'reship' ? 'the reship' : waiting.origin === 'substitute' ? 'the parcel with the substitute' : 'the split parcel';
      run.alerts.push({
        kind: 'message_withheld',
        order_id: f.order_id,
        detail: `${what} for ${f.order_id} has no new tracking number, so the "shipped" message waits: oos resolve --order '${f.order_id}' --shipped --tracking-number <no>`,
      });
    }
  }
  const preparing = cc.parcels.some((p) => p.state === 'preparing');
  const shipment = shipmentOf(facts, row.terms ? (JSON.parse(row.terms) as Terms) : null);
  const progress = kind === 'shipped' ? { shipped: parcel !== null, partlyShipped: parcel !== null, hasTracking: parcel !== null } : { shipped: shipment.shipped && (!preparing || shipment.collected === true) };
  // A reminder repeats an offer about a problem: once that problem is gone (the order shipped, the
  // stock came) or has become another (a late order now stuck in transit), repeating it is untrue.
  if (kind === 'reminder') {
    const open = openOffer(cc.promises);
    const stale = staleOffer(open, row.problem_cleared_at, facts.kinds, now);
    if (stale) return { type: 'cancel', f, reason: stale };
    // Its terms no longer true (the swap sold since, the stock now due later): not repeated, the operator offers again.
    const untrue = offerNoLongerHolds(open, facts, config.shop.timezone);
    if (untrue) {
      run.alerts.push({
        kind: 'message_withheld',
        order_id: f.order_id,
        detail: `${f.order_id}: the reminder of the choices was not sent: ${untrue}; offer what holds now with oos resolve --order '${f.order_id}' --offer (the notice says it replaces the earlier one)`,
      });
      return { type: 'cancel', f, reason: `offer no longer holds: ${untrue}` };
    }
  }
  const sent = remindersSent(db, f.case_id);
  const terms = row.terms ? (JSON.parse(row.terms) as Terms) : null;
  // A parcel refunded as lost that turned up after all: "sorry we could not deliver it" would be untrue,
  // and what happens now (keep it, pay, send it back) is for the shop to agree with the customer.
  if (kind === 'checkin' && turnedUpAfterRefund(db, row.id)) {
    run.alerts.push({
      kind: 'message_withheld',
      order_id: f.order_id,
      detail: `${f.order_id}: the check-in after the refund was not sent: the parcel refunded as lost turned up after all; agree with the customer what happens (keep it, pay again, send it back), then record it with oos resolve --order '${f.order_id}' --replied or --closed`,
    });
    return { type: 'cancel', f, reason: 'withheld: the refunded parcel turned up' };
  }
  // A stuck parcel waited for, or one the customer was asked about (offered): told once when it moves again.
  const aboutStuckParcel = (row.remedy === 'wait' && terms?.kind === 'stalled') || (row.state === 'offered' && facts.kinds.includes('stalled'));
  const stalledWait = aboutStuckParcel ? stalledWaitState(db, row.id, row.problem_cleared_at) : null;
  const parcelPending = cc.parcels.some((p) => p.state === 'preparing' && p.origin !== 'original');
  const parcelInTransit = kind === 'satisfaction' && remedyParcelInTransit(db, row.id);
  const consent = kind === 'wait_update' ? consentState(db, row.id, cc.promises, now) : null;
  const updatedToday = kind === 'wait_update' && waitUpdateSentSince(db, row.id, toIso(localTimeOnDay(now, 0, '00:00', config.shop.timezone)));
  // The stock waited for has come: the case is no longer short (or its problem has cleared altogether).
  const stockIn = kind === 'wait_update' && terms?.kind === 'oversold' && (row.problem_cleared_at !== null || !facts.kinds.includes('oversold'));
  const waitDatePassed = kind === 'wait_update' && terms?.date != null && daysBetween(now, terms.date, config.shop.timezone) < 0;
  const decision = decideFollowup(
    { kind, caseState: row.state, remedy: row.remedy, repliedAt: row.replied_at ? fromIso(row.replied_at) : null, plannedAt: fromIso(f.created_at), ...shipment, ...progress, remindersSent: sent, stalledWait, parcelPending, parcelInTransit, consent, updatedToday, waitDatePassed, stockIn },
    config,
    now,
  );
  if (decision.action === 'cancel') return { type: 'cancel', f, reason: decision.reason };
  if (decision.action === 'postpone') return { type: 'postpone', f, reason: decision.reason, to: decision.to };

  // A reminder repeats the offer as the ledger recorded it: same choices, terms, coupon and reply deadline.
  const offer = kind === 'reminder' ? openOffer(cc.promises) : null;
  const refund = [...cc.promises].reverse().find((p) => p.kind === 'refund');
  const movingAgain = kind === 'wait_update' && stalledWait === 'moving';
  const parcelArrived = movingAgain && shipment.delivered;
  // Its number came only after the parcel was delivered (an export without tracking numbers): "on its way" would be untrue.
  const parcelDeliveredAt = parcel?.trackingNumber ? deliveredAtOf(db, parcel.trackingNumber) : null;
  const owed = movingAgain && row.state === 'offered' ? couponOwed(cc.promises) : null;
  // The export now shows another number for the parcel the customer was told was stuck (the owner
  // corrected it on the platform): the good news says which number to use, or it reads as a new parcel.
  const told = movingAgain ? ((JSON.parse(row.details) as { parcel?: string }).parcel ?? null) : null;
  const shown = facts.tracking?.trackingNumber ?? facts.order.trackingNumber;
  const earlierTrackingNumber = told && shown && trackingKey(told) !== trackingKey(shown) ? told : null;
  const subject = { facts, terms: kind === 'reminder' ? null : terms, options: assessRemedies(facts, config, at), offer, parcel, parcelDeliveredAt, refundStartedAt: refund?.createdAt ?? null, refundAsked: kind === 'checkin' && refundCheckSent(db, row.id), movingAgain, parcelArrived, couponOwed: owed, earlierTrackingNumber };
  const view = buildView(subject, f.lang as Lang, config, at);
  const intent = FOLLOWUP_INTENT[kind];
  const refundMethod = refundMethodOf(facts.order.paymentMethod, facts.order.channel);
  const message = templates.render(intent, f.channel as Channel, f.lang as Lang, view, refundMethod, f.order_id);
  const ledgerOffer = offer ? { terms: offer.options.flatMap((o) => (o.terms ? [o.terms] : [])), replyBy: offer.replyBy } : null;
  const problems = checkMessage({
    intent,
    lang: f.lang as Lang,
    text: `${message.subject ?? ''}\n${message.text}`,
    smsText: message.channel === 'sms' ? message.text : null,
    view,
    facts,
    terms: kind === 'reminder' ? null : terms,
    shownTerms: ledgerOffer?.terms ?? [],
    ledgerOffer,
    replyBy: offer?.replyBy ?? null,
    parcels: cc.parcels,
    parcel,
    refundMethod,
    at,
    atRiskNotices: config.at_risk_notices,
  });
  if (problems.length) {
    // Withheld: nothing false is written. The operator hears what to supply; the follow-up waits a day.
    const e = gateError(f.order_id, intent, problems);
    run.alerts.push({ kind: 'message_withheld', order_id: f.order_id, detail: `${e.message}; ${e.hint}` });
    return { type: 'postpone', f, reason: `withheld: ${problems[0]!.detail}`, to: outsideQuietHours(localTimeOnDay(now, 1, '10:00', config.shop.timezone), config) };
  }
  const recipient = { name: facts.order.customerName, email: facts.order.email, phone: facts.order.phone };
  const dedupeKey = `followup:${f.id}:${f.channel}`;
  const taken = (path: string) => pathTakenByAnother(db, f.case_id, path, dedupeKey);
  const record = stageDelivery({ outbox, orderId: f.order_id, message, recipient, reference: at, now: at, dedupeKey, taken }, config, batch);

  // No reply after the reminder: one more, as a phone call script (playbook §4: call when mail gets no answer).
  const next: PlannedFollowup[] = [];
  // It too goes out while the customer can still answer by the deadline the offer gave.
  const call = kind === 'reminder' && sent + 1 < MAX_REMINDERS && offer ? secondReminderTime(now, offer.replyBy, config) : null;
  if (call !== null) next.push({ kind: 'reminder', dueAt: call });
  // A split's first parcel announced, its rest still to leave: the rest gets its own "shipped"
  // message, checked each morning until it has left with a number of its own.
  if (parcel && cc.parcels.some((p) => p.state === 'preparing' && p.origin !== 'original' && p.id !== parcel.id))
    next.push({ kind: 'shipped', dueAt: outsideQuietHours(localTimeOnDay(now, 1, '10:00', config.shop.timezone), config) });
  // A coupon this message hands over must exist when the customer uses it: the operator hears so (cron mails it).
  // So must the carrier trace a stuck parcel's daily update says was done today.
  const tz = config.shop.timezone;
  const named = intent === 'followup-reminder' ? (offer?.options.map((o) => o.terms?.coupon ?? null).find((c) => c !== null) ?? null) : null;
  const tasks = [couponTask({ intent, view, coupon: owed ?? named, facts, timezone: tz, channel: message.channel, text: `${message.subject ?? ''}\n${message.text}` }), chaseTask({ intent, view, terms, facts, timezone: tz })].filter((x): x is string => x !== null);
  return { type: 'write', f, record, next, parcel, caseId: row.id, couponGiven: view.coupon_given_now === true, tasks };
}

/** The coupon an open offer promised with every choice (the notice said "whichever you choose"), or null. */
function couponOwed(promises: LedgerPromise[]): Coupon | null {
  const offer = openOffer(promises);
  if (!offer || offer.options.length < 2 || !offer.options.every((o) => o.terms?.coupon)) return null;
  return ledgerCoupon(promises);
}

/** A yes the customer was asked for and has not given: still in time, or past its deadline. */
function consentState(db: Db, caseId: number, promises: LedgerPromise[], now: number): 'asked' | 'lapsed' | null {
  const asked = promises.find((p) => p.kind === 'consent' && p.state === 'open' && p.dueAt !== null);
  if (!asked || answeredSince(db, caseId, asked.createdAt)) return null;
  return now > asked.dueAt! ? 'lapsed' : 'asked';
}

/** Why an open offer no longer stands, or null. */
function staleOffer(offer: OfferData | null, clearedAt: string | null, kinds: readonly string[], now: number): string | null {
  if (clearedAt !== null) return 'the problem the offer was about has cleared';
  // A cron run that came late must not ask for an answer "by" a time already gone: the operator is asked to call or decide instead.
  if (offer && now >= offer.replyBy) return 'the reply deadline has passed';
  const offeredKind = offer?.options.find((o) => o.terms)?.terms?.kind ?? null;
  if (offeredKind !== null && !kinds.includes(offeredKind)) return `the case is no longer ${offeredKind}: the offer was about that`;
  return null;
}

/** A stuck parcel waited for: still stuck, moving again and not yet told, or told. */
function stalledWaitState(db: Db, caseId: number, clearedAt: string | null): 'stuck' | 'moving' | 'told' {
  if (clearedAt === null) return 'stuck';
  return waitUpdateSentSince(db, caseId, clearedAt) ? 'told' : 'moving';
}

/**
 * Whether the buyer may be called: the export gave the order a phone number (a call needs one), and
 * its platform lets the shop use it (Amazon: only Buyer-Seller Messaging, the number is for delivery).
 */
const callable = (db: Db, orderId: string) => {
  const o = phoneAndChannelOf(db, orderId);
  return Boolean(o?.phone?.trim()) && channelAllowed('phone', o?.channel ?? null);
};

/** A case whose remedy was recorded before parcels were kept: its one parcel is the order's own, unless that one got stuck. */
function legacyParcel(cc: CaseContext): Parcel | null {
  if (cc.parcels.length || cc.facts.kinds.includes('stalled')) return null;
  const items = cc.facts.lines.filter((l) => l.requiresShipping).map((l) => ({ sku: l.sku, title: l.title, variant: l.variant, quantity: l.quantity }));
  return { id: null, origin: 'wait', items, carrier: null, trackingNumber: null, state: 'preparing' };
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
      // A reminder after a written one is a call, when there is a number the shop may call. Without
      // one there is none: the same words again by chat the next morning read as a message sent
      // twice, and the operator hears at the deadline that the customer has not answered.
      const call = callable(db, f.order_id);
      const next = step.next.filter((p) => p.kind !== 'reminder' || call);
      const claimed = completeFollowup(db, f, step.record, next, (p) => (p.kind === 'reminder' ? 'phone' : f.channel), now, actor);
      if (claimed) {
        run.written.push({ order_id: f.order_id, kind: f.kind, path: step.record.path });
        if (step.couponGiven) markCouponGiven(db, step.caseId, now, 'given with the good news');
        for (const task of step.tasks) run.alerts.push({ kind: 'shop_task', order_id: f.order_id, detail: `${f.order_id}: ${task}` });
        if (step.parcel) {
          // The parcel has left: its number is in the ledger, and the promise that it would ship is kept.
          saveParcels(db, step.caseId, f.order_id, [step.parcel], now);
          insertCommitments(db, { caseId: step.caseId, orderId: f.order_id, eventId: null, messageId: messageIdOf(db, step.record.dedupeKey) }, [trackingCommitment(step.parcel)], now);
          const stillPreparing = parcelsOf(db, step.caseId).some((p) => p.state === 'preparing');
          if (!stillPreparing) for (const p of promisesOf(db, step.caseId)) if (p.kind === 'ship' && p.state === 'open') settlePromise(db, p.id, 'kept', now, 'parcel shipped');
        }
      }
      // Another run claimed it first: the file it wrote is the same one, so its day index is refreshed too.
      days.add(claimed ? step.record.day : dayOf(fromIso(f.due_at), config));
    }
  }
}

