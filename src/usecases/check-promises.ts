/**
 * Broken promises, found by `oos followup`: a promised day has passed and what
 * was promised did not happen (the stock did not come, the parcel did not
 * leave, the carrier did not answer). The customer is told before they notice:
 * an apology, the new date when the inventory has one, and a free cancellation
 * with a full refund. Without a new date the operator is asked for one.
 * Loaded only when a promise is due.
 */
import { outboxDir, type Context } from '../context.js';
import type { Channel, Lang } from '../domain/config.js';
import { planAfterRemedy } from '../domain/followups.js';
import { endOfDay, judgePromise, silenceAnswers, type Commitment, type LedgerPromise, type OfferData, type PromiseFacts } from '../domain/ledger.js';
import { customerTimeZone, daysBetween, formatDay, localTimeOnDay } from '../domain/locale.js';
import { buildView } from '../domain/message-view.js';
import { restockDateToTell } from '../domain/planner.js';
import { refundMethodOf } from '../domain/refund-method.js';
import { assessRemedies, knownRestockDate, type Terms } from '../domain/remedies.js';
import { adoptTracking, fulfilledInExport, type Parcel } from '../domain/parcels.js';
import { channelAllowed, consentDeadline, renewedDelayNeedsConsent } from '../domain/platform-rules.js';
import { phoneAndChannelOf } from '../store/followups.js';
import { homeCountry } from '../domain/stall-clocks.js';
import { DAY, formatLocal, fromIso, HOUR, toIso } from '../domain/time.js';
import { checkMessage } from '../domain/truth-gate.js';
import { dayOf, deliver } from '../outbox/deliver.js';
import type { OutboxBatch } from '../outbox/atomic-files.js';
import { writeTransaction, type Db } from '../store/db.js';
import { NO_LATER_DATE } from '../store/schema.js';
import { answeredSince, brokenPromisesUnacted, offersAwaitingRestockDate, comingRestockPromises, comingShipPromisesShort, restocksAwaitingDate, untoldStuckParcels, trackingRowsOf, dueConsents, duePromises, unansweredOffers, insertCommitments, messageIdOf, settlePromise, supersedePromises } from '../store/ledger.js';
import { loadCaseContext, pendingOf, planFollowups, recordPromiseBroken, type CaseContext } from '../store/resolutions.js';
import { noteLeftovers, type FollowupRun } from './followup-run.js';
import { refreshOutboxIndexes } from '../outbox/index-files.js';
import { gateError, templatesFor } from './resolve-step.js';

export async function checkPromises(db: Db, ctx: Context, run: FollowupRun): Promise<void> {
  const { config, now } = ctx;
  const days = new Set<string>();
  const pending: OutboxBatch[] = [];
  /** Promises judged in this run: one judged broken just now is not looked at again below (one alert a run). */
  const judged = new Set<number>();
  for (const due of duePromises(db, now)) {
    const cc = loadCaseContext(db, due.orderId, config, now);
    const promise = cc.promises.find((p) => p.id === due.id);
    if (!promise || promise.state !== 'open') continue;
    judged.add(promise.id);
    const state = judgePromise(promise, promiseFacts(cc, promise, promise.kind === 'ship' ? trackingRowsOf(db, cc.row.order_id) : []), now);
    if (state === 'open') continue;
    if (state === 'kept') {
      writeTransaction(db, () => {
        if (settlePromise(db, promise.id, 'kept', now, 'kept by its day') && promise.kind === 'restock') shipAfterStock(db, cc, promise, ctx, run);
      });
      continue;
    }
    const day = dayOf(now, config);
    if (slipped(db, ctx, cc, promise, run, pending)) days.add(day);
  }
  // Before the day: a supplier who moves the delivery moves the promise. The customer hears the
  // new day now, not after the old one has passed; with no day left at all, the operator is told.
  for (const coming of comingRestockPromises(db, now)) {
    const cc = loadCaseContext(db, coming.orderId, config, now);
    const promise = cc.promises.find((p) => p.id === coming.id);
    if (!promise || promise.state !== 'open') continue;
    if (judgePromise(promise, promiseFacts(cc, promise), now) === 'kept') {
      writeTransaction(db, () => {
        if (settlePromise(db, promise.id, 'kept', now, 'the stock came')) shipAfterStock(db, cc, promise, ctx, run);
      });
      continue;
    }
    // A day the operator gave with no restock date or purchase order behind it is not the exports' to move.
    if (promise.data.covered === false) continue;
    const promised = typeof promise.data.date === 'number' ? promise.data.date : promise.dueAt!;
    const day = knownRestockDate(cc.facts.short);
    if (day !== null && daysBetween(promised, day, config.shop.timezone) > 0) {
      if (slipped(db, ctx, cc, promise, run, pending, true)) days.add(dayOf(now, config));
    } else if (day === null) {
      run.alerts.push({
        kind: 'promise_at_risk',
        order_id: cc.row.order_id,
        detail: `${cc.row.order_id} was promised its stock for ${formatDay(promised, 'en', config.shop.timezone, now)}, and no coming delivery covers it any more (a purchase order late, moved or gone): give a date with oos resolve --order '${cc.row.order_id}' --remedy wait --restock-date YYYY-MM-DD --yes, or offer a refund`,
      });
    }
  }
  // Before the day: a ship day told (a late notice's) that the stock can no longer meet, since a later
  // scan found the item short. The operator hears it while the customer can still be told in time,
  // not once the day has passed.
  for (const coming of comingShipPromisesShort(db, now)) {
    const cc = loadCaseContext(db, coming.orderId, config, now);
    const promise = cc.promises.find((p) => p.id === coming.id);
    if (!promise || promise.state !== 'open' || !cc.facts.short.length) continue;
    // A wait for the stock has its own restock promise, moved with the supplier's day (above).
    if (cc.promises.some((p) => p.kind === 'restock' && p.state === 'open')) continue;
    // A parcel a remedy makes (a swap, a split's part in stock, a reship) ships without the short item:
    // until the next scan settles the replaced units the case still lists them short, and an alert
    // telling the operator to refund a swap the customer chose would be false.
    if (promise.data.parcel !== undefined) continue;
    const restock = knownRestockDate(cc.facts.short);
    if (restock !== null && daysBetween(promise.dueAt!, restock, config.shop.timezone) <= 0) continue;
    const id = `'${cc.row.order_id}'`;
    const items = cc.facts.short.map((l) => l.sku ?? l.title ?? '?').join(', ');
    run.alerts.push({
      kind: 'promise_at_risk',
      order_id: cc.row.order_id,
      detail:
        `${cc.row.order_id} was promised to ship by ${formatDay(promise.dueAt!, 'en', config.shop.timezone, now)}, but ${items} ${cc.facts.short.length === 1 ? 'is' : 'are'} out of stock ` +
        `${restock === null ? 'with no delivery date' : `until ${formatDay(restock, 'en', config.shop.timezone, now)}`}: tell the customer before that day, ` +
        `a new date with oos resolve --order ${id} --remedy wait --restock-date YYYY-MM-DD --yes, or a refund with --remedy refund --yes`,
    });
  }
  // A day that passed with no later date to tell: the customer hears the new one as soon as the inventory has it.
  for (const waiting of restocksAwaitingDate(db)) {
    if (judged.has(waiting.id)) continue;
    const cc = loadCaseContext(db, waiting.orderId, config, now);
    const promise = cc.promises.find((p) => p.id === waiting.id);
    if (!promise) continue;
    if (slipped(db, ctx, cc, promise, run, pending, false, true)) days.add(dayOf(now, config));
  }
  checkAnswers(db, ctx, run);
  if (days.size) noteLeftovers(run, writeTransaction(db, () => refreshOutboxIndexes(db, outboxDir(ctx), [...days], config, now)));
  for (const b of pending) b.settle();
}

/**
 * The stock came: the customer was told it ships as soon as it is in, and the daily updates now say
 * it ships on the promised day. That day becomes a ship promise, checked like any other, so an order
 * that then sits unshipped is the operator's to act on, not days of silence. Not before the day after
 * the stock came: a delivery in the evening of the promised day leaves a day to pack.
 */
function shipAfterStock(db: Db, cc: CaseContext, restock: LedgerPromise, ctx: Context, run: FollowupRun): void {
  const { config, now } = ctx;
  const rest = restock.data.parcel === 'split_rest';
  const toShip = rest ? cc.parcels.some((p) => p.origin === 'split_rest' && p.state === 'preparing') : cc.facts.lines.some((l) => l.requiresShipping && l.fulfilledQuantity < l.quantity);
  if (!toShip || cc.row.state === 'closed' || cc.row.state === 'done') return;
  // An order the customer collects ships nothing: "has not shipped, give a new date" would be false.
  // The messages said they would hear the moment it is ready; oos has no message for that yet, so the
  // operator is told, once, to say it (the case ends when the export shows it handed over).
  if (cc.facts.order.pickup === true) {
    run.alerts.push({
      kind: 'shop_task',
      order_id: cc.row.order_id,
      detail: `${cc.row.order_id}: the stock is in for a customer who collects at the shop: set the order aside and tell them today it is ready to collect, as the messages promised (oos writes no message for it); once the export shows it handed over, the next scan settles the case`,
    });
    return;
  }
  const promised = typeof restock.data.date === 'number' ? restock.data.date : restock.dueAt!;
  const commitment: Commitment = { kind: 'ship', dueAt: endOfDay(Math.max(promised, now + 24 * HOUR), config), data: { date: promised, after_restock: restock.id, ...(rest ? { parcel: 'split_rest' } : {}) } };
  insertCommitments(db, { caseId: cc.row.id, orderId: cc.row.order_id, eventId: null, messageId: null }, [commitment], now);
}

/**
 * Answers the customer owed by a deadline and did not give: what the operator must do then (refund
 * a delay nobody agreed to, call about choices nobody answered). Operator alerts only, no message
 * to the customer, so the follow-up run raises them in the quiet hours too.
 */
export function checkAnswers(db: Db, ctx: Context, run: FollowupRun): void {
  checkConsents(db, ctx, run);
  checkUnansweredOffers(db, ctx, run);
  checkRestockDatesToTell(db, ctx, run);
  checkStuckParcels(db, ctx, run);
  checkBrokenPromises(db, run);
}

/**
 * A broken promise nobody has acted on is said every run, as an unanswered offer is: cron mails it
 * until a new date, a refund or the case's end is recorded (the order shipping settles it too).
 * One that broke in this run has said so already.
 */
function checkBrokenPromises(db: Db, run: FollowupRun): void {
  for (const b of brokenPromisesUnacted(db))
    if (!run.alerts.some((a) => a.kind === 'promise_broken' && a.order_id === b.orderId))
      // Cron mails these lines together: each names its order (a settle reason may not).
      run.alerts.push({ kind: 'promise_broken', order_id: b.orderId, detail: `${b.detail.startsWith(b.orderId) ? '' : `${b.orderId}: `}still not done: ${b.detail}` });
}

/**
 * A parcel stuck while the plan the customer was told is still under way (a split's first parcel,
 * the rest still waiting for stock). The follow-ups keep telling the truth about the rest, and say
 * nothing about this parcel: the operator must, until they record what they told the customer.
 */
function checkStuckParcels(db: Db, ctx: Context, run: FollowupRun): void {
  const tz = ctx.config.shop.timezone;
  for (const s of untoldStuckParcels(db)) {
    const id = `'${s.orderId}'`;
    run.alerts.push({
      kind: 'parcel_stuck',
      order_id: s.orderId,
      detail:
        `${s.orderId}: ${s.reason}, seen ${formatLocal(fromIso(s.at), tz)}, after the customer was told the plan; nothing has told them since. ` +
        `Ask the carrier, then tell the customer (reship or refund those items if it is lost) and record it with oos resolve --order ${id} --replied, or --closed`,
    });
  }
}

/**
 * Second delays the customer had to agree to (US shops): the message said that without a yes by
 * its deadline the order is cancelled and refunded. Settled once the operator records an answer,
 * a new remedy or the case's end, or the order ships; until then, past the deadline, every run
 * tells the operator to refund, which is what the shop said it would do.
 */
function checkConsents(db: Db, ctx: Context, run: FollowupRun): void {
  const { config, now } = ctx;
  for (const due of dueConsents(db, now)) {
    const cc = loadCaseContext(db, due.orderId, config, now);
    const promise = cc.promises.find((p) => p.id === due.id);
    if (!promise || promise.state !== 'open') continue;
    const facts = promiseFacts(cc, promise);
    const answered = answeredSince(db, cc.row.id, promise.createdAt);
    if (facts.closed || facts.shipped || answered) {
      const why = answered ? 'the customer answered' : facts.closed ? 'case closed' : 'the order shipped';
      writeTransaction(db, () => settlePromise(db, promise.id, 'kept', now, why));
      continue;
    }
    const id = `'${cc.row.order_id}'`;
    const until = formatDay(promise.dueAt!, 'en', customerTimeZone(cc.facts.order.country, config.shop.timezone), now);
    const newDate = typeof promise.data.new_date === 'number' ? ` (new date ${formatDay(promise.data.new_date, 'en', config.shop.timezone, now)})` : '';
    run.alerts.push({
      kind: 'promise_at_risk',
      order_id: cc.row.order_id,
      detail:
        `${cc.row.order_id} was asked to agree to ${promise.data.first_delay ? 'a delay of more than 30 days' : 'a second delay'}${newDate} by ${until} and no answer is recorded: without that yes ` +
        `a US shop must cancel what has not shipped and refund it (Mail Order Rule), so refund it now with oos resolve --order ${id} --remedy refund --yes; if the customer did agree, record it with oos resolve --order ${id} --replied --choice wait`,
    });
  }
}

/**
 * Choices the customer has not answered by the deadline the message gave. Nothing is decided for
 * them: the message promised to act on their answer, so the operator calls (the playbook's answer
 * to no reply by message) or decides and says so. Every run says it until one of them is recorded.
 * A late notice is left out: it told the customer that without an answer the order ships on its
 * new day, and that day is a promise of its own.
 */
function checkUnansweredOffers(db: Db, ctx: Context, run: FollowupRun): void {
  const { config, now } = ctx;
  const tz = config.shop.timezone;
  for (const o of unansweredOffers(db, now)) {
    const offer = JSON.parse(o.data) as OfferData;
    if (silenceAnswers(offer, o.kind)) continue;
    const id = `'${o.orderId}'`;
    const choices = offer.options.map((x) => x.remedy);
    // A call needs a number, and a platform that allows one (Amazon does not): else the way to them is in writing.
    const contact = phoneAndChannelOf(db, o.orderId);
    const reach = contact?.phone?.trim() && channelAllowed('phone', contact.channel ?? null) ? 'call the customer' : 'write to the customer once more the way the choices went (there is no number the shop may call)';
    run.alerts.push({
      kind: 'no_reply',
      order_id: o.orderId,
      detail:
        `${o.orderId} has not answered the choices sent ${formatLocal(fromIso(o.createdAt), tz)} (${choices.join(' or ')}; reply asked by ${formatLocal(fromIso(o.dueAt), tz)}): ` +
        `${reach}, then record the answer with oos resolve --order ${id} --remedy ${choices[0] ?? 'refund'} --yes, or decide for them with --decided-by shop (the message says so); ` +
        `if they did answer, record it with oos resolve --order ${id} --replied`,
    });
  }
}

/**
 * A notice that said there was no date for new stock yet promised the customer the date as soon as
 * there was one. Once the exports give one, every run says so until the choices are offered again
 * (with the date) or the customer's answer is recorded.
 */
function checkRestockDatesToTell(db: Db, ctx: Context, run: FollowupRun): void {
  for (const o of offersAwaitingRestockDate(db)) {
    const cc = loadCaseContext(db, o.orderId, ctx.config, ctx.now);
    const told = restockDateToTell(JSON.parse(o.data) as OfferData, cc.facts, ctx.config.shop.timezone);
    if (told)
      run.alerts.push({
        kind: 'promise_at_risk',
        order_id: o.orderId,
        detail: `${o.orderId}: ${told}: offer the choices again with oos resolve --order '${o.orderId}' --offer (the notice gives the date and says it replaces the earlier one), or record their answer if they gave one`,
      });
  }
}

type TrackingRows = ReturnType<typeof trackingRowsOf>;

/** What the exports now say about the thing promised. */
/** Clearing reasons (store/cases.ts) that are the goods themselves, not a refund or a cancellation settling them. */
const BY_THE_GOODS = new Set(['stock now covers the order', 'order shipped', 'the short item is no longer in the order', 'parcel delivered', 'parcel moving again']);

function promiseFacts(cc: CaseContext, p: LedgerPromise, tracking: TrackingRows = []): PromiseFacts {
  const { facts, row } = cc;
  const shipping = facts.lines.filter((l) => l.requiresShipping);
  const named = typeof p.data.parcel === 'string' ? cc.parcels.filter((x) => x.origin === p.data.parcel) : cc.parcels.filter((x) => x.origin !== 'original');
  // A parcel has left once it is recorded as shipped, or once the export shows its lines fulfilled
  // (its number may reach the parcel only with the next "shipped" message).
  // (A reship's number the tracker has already scanned counts too: the "shipped" message that records it may come later in the run.)
  const left = (x: Parcel) => x.state !== 'preparing' || fulfilledInExport(x, facts) || (x.origin !== 'wait' && adoptTracking(x, cc.parcels, facts, tracking) !== null);
  const parcelLeft = named.length > 0 && named.every((x) => x.state !== 'cancelled' && left(x));
  const t = facts.tracking;
  // A case cleared before the promise was made by a refund of the short units (then the customer
  // chose to wait after all) has not had the stock come, nor the parcel move: cleared since, or by
  // the goods themselves (the stock, the shipment, the parcel), it has.
  const clearedSince = row.problem_cleared_at !== null && (fromIso(row.problem_cleared_at) >= p.createdAt || BY_THE_GOODS.has(row.cleared_reason ?? ''));
  return {
    shipped: parcelLeft || (named.length === 0 && shipping.length > 0 && shipping.every((l) => l.fulfilledQuantity >= l.quantity)),
    stockArrived: clearedSince || !facts.kinds.includes('oversold') || facts.short.length === 0,
    parcelMoved: clearedSince || (t !== null && (t.deliveredAt !== null || (t.lastEventAt !== null && t.lastEventAt > p.createdAt))),
    closed: row.state === 'closed' || row.state === 'done',
  };
}

/**
 * Handles one broken promise: the "date slipped" message when there is something
 * true to say (a new restock date, or the carrier's silence), else an alert that
 * asks the operator for a date. Returns whether a message was written.
 */
function slipped(db: Db, ctx: Context, cc: CaseContext, p: LedgerPromise, run: FollowupRun, pending: OutboxBatch[], early = false, awaitingDate = false): boolean {
  const { config, now, actor } = ctx;
  const { row, facts } = cc;
  const tz = config.shop.timezone;
  const id = `'${row.order_id}'`;
  const oldDate = typeof p.data.date === 'number' ? p.data.date : p.dueAt!;
  const told = formatDay(oldDate, 'en', tz, now);
  const restock = p.kind === 'restock' ? knownRestockDate(facts.short) : null;
  const newDate = restock !== null && daysBetween(now, restock, tz) >= 0 && daysBetween(oldDate, restock, tz) > 0 ? restock : null;
  const settleOnly = (detail: string) => {
    writeTransaction(db, () => {
      if (settlePromise(db, p.id, 'broken', now, detail)) recordPromiseBroken(db, row.id, now, actor, { promise: p.id, kind: p.kind, detail });
    });
    run.alerts.push({ kind: 'promise_broken', order_id: row.order_id, detail });
  };
  if (p.kind === 'ship') {
    const made = typeof p.data.parcel === 'string' && p.data.parcel !== 'wait' ? p.data.parcel : null;
    // A US shop asked the customer to agree to this day (a renewed delay): without their yes, another
    // date is no way on; the consent alert says to refund, and this one must not say otherwise.
    const consent = cc.promises.find((q) => q.kind === 'consent' && q.state === 'open' && q.dueAt !== null);
    const asked = consent ? formatDay(consent.dueAt!, 'en', customerTimeZone(facts.order.country, tz), now) : null;
    const wayOn =
      asked === null
        ? `tell the customer a new date with oos resolve --order ${id} --remedy wait --restock-date YYYY-MM-DD --yes, or refund with --remedy refund --yes`
        : consent!.dueAt! <= now
          ? `the customer never agreed to waiting (asked by ${asked}), so a US shop must cancel what has not shipped and refund it (Mail Order Rule): refund it with oos resolve --order ${id} --remedy refund --yes, not with another date`
          : `the customer was asked to agree to waiting by ${asked}; without that yes what has not shipped is cancelled and refunded (Mail Order Rule), so give no further date`;
    settleOnly(
      made
        ? `${row.order_id}: ${made === 'reship' ? 'the reship' : made === 'substitute' ? 'the parcel with the substitute' : 'the split parcel'} was promised to leave by ${told} and no number for it is known: record it with oos resolve --order ${id} --shipped --tracking-number <no>, or tell the customer what happened`
        : `${row.order_id} was promised to ship by ${told} and has not shipped: ${wayOn}; once it has shipped, the next scan of the orders export settles this`,
    );
    return false;
  }
  if (p.kind === 'restock' && newDate === null) {
    const detail = `the restock promised to ${row.order_id} for ${told} did not arrive and the inventory has no later date: give one with oos resolve --order ${id} --remedy wait --restock-date YYYY-MM-DD --yes, or offer a refund`;
    // Settled once, with the mark that keeps it watched (restocksAwaitingDate); said again every run until a date comes.
    if (awaitingDate) run.alerts.push({ kind: 'promise_broken', order_id: row.order_id, detail });
    else
      writeTransaction(db, () => {
        if (settlePromise(db, p.id, 'broken', now, `${NO_LATER_DATE}: ${detail}`)) recordPromiseBroken(db, row.id, now, actor, { promise: p.id, kind: p.kind, detail });
        run.alerts.push({ kind: 'promise_broken', order_id: row.order_id, detail });
      });
    return false;
  }
  // Something true to tell: the new date, or (for a stuck parcel) the choice promised for this day.
  const channel = (row.channel ?? 'chat') as Channel;
  const lang = (row.lang ?? config.shop.language) as Lang;
  const kind = p.kind as 'restock' | 'carrier_answer';
  const terms = row.terms ? (JSON.parse(row.terms) as Terms) : null;
  // A second delay (US shops): the customer's silence is no longer a yes (Mail Order Rule). They
  // get until the end of a day of their own: the old day, or two days from now if that is later;
  // but not past the day before the new stock day when that still leaves them a day, so their yes
  // comes before the order can ship ("it ships as soon as it's in" must not wait on a later deadline).
  const zone = customerTimeZone(facts.order.country, tz);
  const dayBefore = newDate === null ? null : localTimeOnDay(newDate, -1, '23:59', zone);
  const consentBy =
    kind === 'restock' && newDate !== null && renewedDelayNeedsConsent(homeCountry(config))
      ? Math.min(consentDeadline(oldDate, now, zone), dayBefore !== null && dayBefore >= now + DAY ? dayBefore : Infinity)
      : null;
  const options = assessRemedies(facts, config, now);
  // The promise was "a new parcel or a refund" only while stock was free for a new parcel (see can_reship).
  const canReship = options.some((o) => o.remedy === 'reship' && o.available);
  const offered = canReship ? 'a reship or a refund' : 'a refund (no stock is free for a new parcel)';
  const toRecord = canReship ? `record their choice with oos resolve --order ${id} --remedy reship or --remedy refund` : `record it with oos resolve --order ${id} --remedy refund once they agree`;
  const view = buildView({ facts, terms, options, slipped: { kind, oldDate, newDate, early, consentBy } }, lang, config, now);
  const refundMethod = refundMethodOf(facts.order.paymentMethod, facts.order.channel);
  const templates = templatesFor(ctx);
  const message = templates.render('followup-date-slipped', channel, lang, view, refundMethod, row.order_id);
  const problems = checkMessage({
    intent: 'followup-date-slipped',
    lang,
    text: `${message.subject ?? ''}\n${message.text}`,
    smsText: message.channel === 'sms' ? message.text : null,
    view,
    facts,
    terms,
    shownTerms: [],
    ledgerOffer: null,
    replyBy: null,
    parcels: cc.parcels,
    parcel: null,
    refundMethod,
    at: now,
    atRiskNotices: config.at_risk_notices,
  });
  if (problems.length) {
    const e = gateError(row.order_id, 'followup-date-slipped', problems);
    settleOnly(`${e.message}; ${e.hint}`);
    return false;
  }
  const recipient = { name: facts.order.customerName, email: facts.order.email, phone: facts.order.phone };
  writeTransaction(db, () => {
    // A day already settled with no date to tell (awaitingDate) has waited for this one: it is told now.
    if (!awaitingDate && !settlePromise(db, p.id, 'broken', now, newDate === null ? `the carrier did not answer by ${told}; the customer was offered ${offered}: ${toRecord}` : early ? 'the supplier moved the delivery' : 'stock did not arrive')) return;
    const record = deliver({ outbox: outboxDir(ctx), orderId: row.order_id, message, recipient, reference: now, now, dedupeKey: `promise:${p.id}:${channel}` }, config, pending);
    const newTerms = terms && newDate !== null ? { ...terms, date: newDate } : terms;
    const eventId = recordPromiseBroken(db, row.id, now, actor, { promise: p.id, kind: p.kind, new_date: newDate === null ? null : toIso(newDate), path: record.path }, record, newTerms);
    if (newDate !== null) {
      // The new day is for the same parcel (a split's rest keeps its tag).
      const commitments: Commitment[] = [{ kind: 'restock', dueAt: endOfDay(newDate, config), data: { date: newDate, replaces: p.id, ...(typeof p.data.parcel === 'string' ? { parcel: p.data.parcel } : {}) } }];
      if (consentBy !== null) {
        // Asked again after another delay: the new day replaces the one asked before.
        supersedePromises(db, row.id, ['consent'], now, 'asked again after another delay');
        commitments.push({ kind: 'consent', dueAt: consentBy, data: { new_date: newDate } });
      }
      insertCommitments(db, { caseId: row.id, orderId: row.order_id, eventId, messageId: messageIdOf(db, record.dedupeKey) }, commitments, now);
      // The new date re-plans the daily updates; a "shipped" message already waiting for a parcel stays as it is.
      const shippedPending = pendingOf(db, row.id).some((f) => f.kind === 'shipped');
      if (newTerms) planFollowups(db, row.id, row.order_id, planAfterRemedy(newTerms, now, config).filter((f) => f.kind === 'wait_update' || (f.kind === 'shipped' && !shippedPending)), channel, lang, eventId, now);
    }
    run.written.push({ order_id: row.order_id, kind: 'date_slipped', path: record.path });
  });
  const news =
    newDate === null
      ? `the customer was offered ${offered}, as promised`
      : `the customer was told the new date ${formatDay(newDate, 'en', tz, now)}${consentBy === null ? '' : `, and asked to agree by ${formatDay(consentBy, 'en', tz, now)} or have the order cancelled and refunded (US Mail Order Rule)`}`;
  const what = early ? `the restock promised to ${row.order_id} for ${told} was moved by the supplier` : `${kind === 'restock' ? 'the restock' : 'the carrier answer'} promised to ${row.order_id} for ${told} did not come`;
  run.alerts.push({ kind: 'promise_broken', order_id: row.order_id, detail: `${what}; ${news} (written to the outbox)` });
  return true;
}
