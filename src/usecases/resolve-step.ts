/**
 * One resolution step (offer, remedy, reply, close) in two halves shared by
 * the flag path and the interactive walk-through: `prepareStep` decides and
 * renders everything without writing (so a preview, a refusal or Ctrl+C
 * leaves no trace), `commitStep` writes the message files and records the
 * step in one transaction. Same request, same now: same rows and files.
 */
import { rmSync } from 'node:fs';
import { outboxDir, type Context } from '../context.js';
import { CHANNELS, NO_SHOP_EMAIL, type Channel, type Lang } from '../domain/config.js';
import { judgeRemedyParcel } from '../domain/detect.js';
import type { PlannedFollowup } from '../domain/followups.js';
import { trackingKey } from '../domain/parcels.js';
import { planStep, type Plan, type StepType } from '../domain/planner.js';
import { shopTasks } from '../domain/shop-tasks.js';
import { checkMessage, type GateProblem } from '../domain/truth-gate.js';
import { channelAllowed, platformRules } from '../domain/platform-rules.js';
import { customerLanguage } from '../domain/locale.js';
import { buildView } from '../domain/message-view.js';
import { refundMethodOf } from '../domain/refund-method.js';
import type { RemedyChoices, RemedyOption, Remedy, Terms } from '../domain/remedies.js';
import { fromIso, toIso } from '../domain/time.js';
import type { Order } from '../domain/types.js';
import { CaseChangedError, OosError, usageError } from '../errors.js';
import { faultPoint } from '../fault.js';
import { dayOf, deliver } from '../outbox/deliver.js';
import type { OutboxBatch } from '../outbox/atomic-files.js';
import { TemplateSet, templateDir, type Intent, type RenderedMessage } from '../outbox/templates.js';
import { writeTransaction, type Db } from '../store/db.js';
import { pathTakenByAnother } from '../store/followups.js';
import { parcelByNumber } from '../store/load.js';
import { answeredSince, channelsOfOpenOffer, deliveredAtOf, markCouponGiven } from '../store/ledger.js';
import { assertCaseUnchanged, lastConfirmationAt, loadCaseContext, toldBefore, pendingOf, recordResolution, type Action, type CaseContext, type ResolutionResult } from '../store/resolutions.js';
import { refreshOutboxIndexes, type Leftovers } from '../outbox/index-files.js';
import { hasJournals } from '../outbox/journal-check.js';

export type { StepType } from '../domain/planner.js';

export interface StepRequest {
  orderId: string;
  type: StepType;
  remedy?: Remedy;
  choices?: RemedyChoices;
  channel?: Channel;
  lang?: Lang;
  /** --replied --choice: what the customer picked, when not yet recorded as a remedy. */
  choice?: string;
  /** --closed --outcome */
  outcome?: string;
  /** --shipped --tracking-number [--carrier] [--replaces] */
  trackingNumber?: string;
  carrier?: string;
  /** --replaces: the wrong number given before for the parcel that left. */
  replaces?: string;
  /** The case version the operator was shown (walk-through): a step on a case changed since is refused. */
  shownVersion?: string;
}

export interface PreparedStep {
  request: StepRequest;
  cc: CaseContext;
  channel: Channel;
  lang: Lang;
  options: RemedyOption[];
  terms: Terms | null;
  plan: Plan;
  action: Action;
  followups: PlannedFollowup[];
  messages: RenderedMessage[];
  eventData: Record<string, unknown>;
  /** The message hands the case's coupon over now (a late notice whose silence means waiting): the ledger marks it given. */
  couponGiven: boolean;
  /** What the shop must do for the message to be true (create the coupon code, start the refund …). */
  tasks: string[];
}

export interface StepOutcome extends ResolutionResult {
  order_id: string;
  messages: { path: string; channel: string; lang: string; template: string }[];
  /** Set when the step was already recorded with the same terms (a retry): nothing was written. */
  already_recorded?: string;
  /** What the shop must do for the written message to be true. */
  tasks: string[];
}

export const templatesFor = (ctx: Context) => new TemplateSet(templateDir(ctx.config.templates, ctx.baseDir));

/**
 * Chat for marketplace orders (Taobao, Pinduoduo… where the platform's messenger is the way in), else
 * email, else SMS where the platform allows one (never on Amazon: its buyers are reached only through
 * Buyer-Seller Messaging, by email to their relay address or in Seller Central), else chat.
 */
export function defaultChannel(order: Order): Channel {
  const ch = (order.channel ?? '').toLowerCase();
  if (/taobao|tmall|pinduoduo|pdd|jd|1688|douyin|xianyu|淘宝|天猫|拼多多|京东|抖音/.test(ch)) return 'chat';
  if (order.email) return 'email';
  if (order.phone && channelAllowed('sms', order.channel)) return 'sms';
  return 'chat';
}

/**
 * A platform that allows contact only through its own messaging (Amazon) refuses an SMS or a call
 * to the buyer's number: the number in its export is for delivering the order, nothing else.
 */
function refuseOffPlatform(order: Order, channel: Channel): void {
  if (channelAllowed(channel, order.channel)) return;
  const rules = platformRules(order.channel);
  const ways = [order.email?.trim() ? `--channel email (to ${order.email.trim()}, the address ${rules.label} relays to the buyer)` : null, `--channel chat (to paste into the platform's buyer messages)`].filter((w) => w !== null);
  throw usageError(
    `order ${order.orderId} is ${/^[aeiou]/i.test(rules.label) ? 'an' : 'a'} ${rules.label} order: ${rules.label} allows contact with a buyer only through ${rules.onlyVia}, so no ${channel === 'phone' ? 'call' : 'SMS'} may go to them`,
    `write to them through ${rules.onlyVia}: ${ways.join(' or ')}`,
  );
}

/**
 * A plan whose parcel has left (the swap, the reship, the order after the wait) and was told by its
 * number has been carried out: another remedy now would speak of goods on their way as if they had
 * not been sent ("we had planned to send…", a refund of what is in the post). Refused, unless that
 * parcel is stuck: then its remedies (a refund, a reship) are the way, as the alert says. A split
 * still has its rest to change, and is not this.
 */
function refuseAfterPlanSent(db: Db, cc: CaseContext, config: Context['config'], now: number): void {
  const { row, facts, parcels } = cc;
  if (row.remedy !== 'substitute' && row.remedy !== 'reship' && row.remedy !== 'wait') return;
  const plan = parcels.filter((p) => p.origin === row.remedy && p.state !== 'cancelled');
  if (!plan.length || plan.some((p) => p.state !== 'shipped' || p.trackingNumber === null)) return;
  if (plan.some((p) => p.id !== null && p.id === facts.stuckParcel?.id)) return;
  const judged = plan.map((p) => parcelByNumber(db, row.order_id, trackingKey(p.trackingNumber!))).some((k) => k !== null && judgeRemedyParcel(k.order, k.tracking, config, now) !== null);
  if (judged) return;
  const numbers = plan.map((p) => p.trackingNumber).join(', ');
  throw usageError(
    `the ${row.remedy} of order ${row.order_id} has been sent: parcel ${numbers} left and the customer was told its number, so another remedy now would be about goods already on their way`,
    `if the parcel gets stuck or lost, the next scan says so and a refund or a reship is open to it; if the customer refuses or returns it, settle that on the platform and close the case with oos resolve --order '${row.order_id}' --closed`,
  );
}

export const defaultLang = (ctx: Context, order: Order): Lang => customerLanguage(order.language, order.country, ctx.config.shop.language);

function termsForAudit(t: Terms): Record<string, unknown> {
  return {
    ...t,
    date: t.date === null ? null : toIso(t.date),
    coupon: t.coupon ? { ...t.coupon, expiresAt: toIso(t.coupon.expiresAt) } : null,
  };
}

export function prepareStep(db: Db, ctx: Context, templates: TemplateSet, request: StepRequest): PreparedStep {
  const { config, now } = ctx;
  const cc = loadCaseContext(db, request.orderId, config, now);
  const { row, facts } = cc;
  // Someone (a colleague, a script) recorded a step while this operator was looking at the case.
  if (request.shownVersion !== undefined && request.shownVersion !== row.version) throw new CaseChangedError(row.order_id);
  // Closing a closed case again is a retry (a script run twice): nothing to do, and no error.
  if ((row.state === 'closed' || row.state === 'done') && request.type !== 'closed')
    throw usageError(`the case of order ${row.order_id} is ${row.state}${row.close_reason ? ` (${row.close_reason})` : ''}; nothing to resolve`, 'see the open cases with "oos cases"');
  // A parcel the tracking export already reports stuck (damaged, returned) is never told as on its way.
  const newNumber = request.type === 'shipped' ? request.trackingNumber : request.type === 'remedy' ? request.choices?.trackingNumber : undefined;
  // (The number of the parcel already stuck, or of one recorded, is the planner's to refuse or to take as a retry.)
  const knownNumbers = [facts.order.trackingNumber, facts.tracking?.trackingNumber, ...cc.parcels.map((p) => p.trackingNumber)].filter((n): n is string => !!n).map(trackingKey);
  if (newNumber?.trim() && !knownNumbers.includes(trackingKey(newNumber))) {
    const known = parcelByNumber(db, row.order_id, trackingKey(newNumber));
    const stuck = known ? judgeRemedyParcel(known.order, known.tracking, config, now) : null;
    if (stuck)
      throw usageError(
        `order ${row.order_id}: the tracking export already reports trouble with the new parcel, ${stuck.reason}; no message may say it is on its way`,
        `chase the carrier; tell the customer what happened, and send again with another number or refund (oos resolve --order '${row.order_id}' --remedy reship|refund --yes)`,
      );
  }
  const channel = request.channel ?? (row.channel as Channel | null) ?? defaultChannel(facts.order);
  const lang = request.lang ?? (row.lang as Lang | null) ?? defaultLang(ctx, facts.order);
  // An SMS or a call needs a number, an email an address: an export without them (Amazon's, Etsy's)
  // is answered through the platform's own messages.
  const missing = channel === 'sms' || channel === 'phone' ? (facts.order.phone?.trim() ? null : 'phone number') : channel === 'email' ? (facts.order.email?.trim() ? null : 'email address') : null;
  if (missing && request.type !== 'closed' && request.type !== 'replied') {
    const others = [facts.order.email?.trim() ? 'email' : null, facts.order.phone?.trim() && channelAllowed('sms', facts.order.channel) ? 'sms' : null].filter((c) => c !== null && c !== channel);
    throw usageError(`order ${row.order_id} has no ${missing} in the export, so no ${channel === 'phone' ? 'call' : channel === 'sms' ? 'SMS' : 'email'} can reach the customer`, `write to them through the platform's messages: --channel chat${others.length ? ` (or ${others.join(', ')})` : ''}`);
  }
  if (request.type !== 'closed' && request.type !== 'replied') refuseOffPlatform(facts.order, channel);
  const plan = planStep(
    facts,
    { orderId: row.order_id, state: row.state, remedy: row.remedy, terms: row.terms ? (JSON.parse(row.terms) as Terms) : null, repliedAt: row.replied_at ? fromIso(row.replied_at) : null, choice: row.choice },
    cc,
    {
      type: request.type,
      remedy: request.remedy,
      choices: request.choices,
      trackingNumber: request.trackingNumber,
      carrier: request.carrier,
      replaces: request.replaces,
      choice: request.choice,
      outcome: request.outcome,
      channel,
      offeredOn: request.type === 'offer' ? channelsOfOpenOffer(db, row.id, lang) : [],
    },
    config,
    now,
  );
  if (plan.action.type === 'remedy' && !plan.alreadyRecorded && row.state === 'remedy_chosen') refuseAfterPlanSent(db, cc, config, now);
  const eventData: Record<string, unknown> = { channel, lang };
  const a = plan.action;
  if (a.type === 'offer') Object.assign(eventData, { offered: a.offered, recommended: plan.options.find((o) => o.recommended)?.remedy ?? null });
  if (a.type === 'remedy') Object.assign(eventData, { remedy: a.terms.remedy, terms: termsForAudit(a.terms), previous_remedy: row.remedy });
  if (a.type === 'shipped') Object.assign(eventData, { tracking_number: a.parcel.trackingNumber, carrier: a.parcel.carrier, parcel: a.parcel.origin, ...(a.replaces ? { replaces: a.replaces } : {}) });
  if (a.type === 'replied') Object.assign(eventData, { choice: a.choice });
  if (a.type === 'closed') Object.assign(eventData, { outcome: a.outcome });

  const messages: RenderedMessage[] = [];
  let couponGiven = false;
  const tasks: string[] = [];
  if (plan.intent && !plan.alreadyRecorded) {
    const intent = plan.intent as Intent;
    // A refund because the customer gave no yes to a renewed delay by its day (US shops): what the
    // notice said would happen, not a change of plan ("we've decided … this replaces our plan").
    const asked = intent === 'confirm-refund' ? cc.promises.find((p) => p.kind === 'consent' && p.state === 'open' && p.dueAt !== null) : undefined;
    const noAnswerBy = asked && now > asked.dueAt! && !answeredSince(db, row.id, asked.createdAt) ? asked.dueAt! : null;
    const previous = plan.changes && noAnswerBy === null ? { ...plan.changes, toldAt: plan.changes.toldAt ?? lastConfirmationAt(db, row.id) } : null;
    // A confirmation that is the customer's first word of the problem opens with the apology and what happened.
    const firstWord = intent.startsWith('confirm-') && !toldBefore(db, row.id);
    // The coupon an earlier confirmation gave is not handed over again as new: a reship sent again, or
    // the reship or refund a wait for the carrier promised once its day passed. (A change note says it still holds.)
    const terms = !previous && plan.terms?.coupon && lastCouponCode(row.terms) === plan.terms.coupon.code ? { ...plan.terms, coupon: null } : plan.terms;
    const parcelDeliveredAt = intent === 'followup-shipped' && plan.parcel?.trackingNumber ? deliveredAtOf(db, plan.parcel.trackingNumber) : null;
    const correctedNumber = plan.action.type === 'shipped' ? (plan.action.replaces ?? null) : null;
    const subject = { facts, terms, options: plan.options, offer: plan.offer, parcel: plan.parcel, parcelDeliveredAt, correctedNumber, previous, firstWord, replacedParcel: plan.replacedParcel, offerChanged: plan.offerChanged, consentBy: plan.consentBy, noAnswerBy };
    const view = buildView(subject, lang, config, now);
    const refundMethod = refundMethodOf(facts.order.paymentMethod, facts.order.channel);
    const message = templates.render(intent, channel, lang, view, refundMethod, row.order_id);
    const problems = checkMessage({
      intent,
      lang,
      text: `${message.subject ?? ''}\n${message.text}`,
      smsText: message.channel === 'sms' ? message.text : null,
      view,
      facts,
      terms: plan.action.type === 'remedy' ? plan.terms : null,
      shownTerms: plan.offer ? plan.offer.options.flatMap((o) => (o.terms ? [o.terms] : [])) : [],
      ledgerOffer: null,
      replyBy: plan.offer?.replyBy ?? null,
      // The ledger's parcels as this step leaves them: a recorded parcel it gives up (a substitute's, stuck) is stuck here too.
      parcels: [...cc.parcels.map((p) => plan.parcels.find((q) => q.id !== null && q.id === p.id) ?? p), ...plan.parcels.filter((p) => p.id === null)],
      parcel: plan.parcel,
      refundMethod,
      at: now,
      atRiskNotices: config.at_risk_notices,
    });
    if (problems.length) throw gateError(row.order_id, intent, problems);
    messages.push(message);
    couponGiven = view.coupon_given_now === true;
    const handedNow = terms?.coupon ?? (couponGiven ? (plan.offer?.options.find((o) => o.terms?.coupon)?.terms?.coupon ?? null) : null);
    // Handed over already by the same notice on another channel: its task was listed then.
    const handed = handedNow && cc.promises.some((p) => p.kind === 'coupon' && p.state === 'kept' && (p.data as { code?: string }).code === handedNow.code) ? null : handedNow;
    const claimBy = (JSON.parse(row.details) as { claim_by?: string | null }).claim_by;
    tasks.push(...shopTasks({ intent, view, terms: a.type === 'remedy' ? terms : null, coupon: handed, facts, claimBy: claimBy ? fromIso(claimBy) : null, timezone: config.shop.timezone, channel: message.channel, text: `${message.subject ?? ''}\n${message.text}` }));
  }
  if (messages.length) eventData.templates = messages.map((m) => m.template);
  if (tasks.length) eventData.tasks = tasks;
  return { request, cc, channel, lang, options: plan.options, terms: plan.terms, plan, action: a as Action, followups: plan.followups, messages, eventData, couponGiven, tasks };
}

/** A message the truth gate stopped: nothing is written, and the operator is told what would be false and what to supply. */
export function gateError(orderId: string, intent: string, problems: GateProblem[]): OosError {
  const hint = problems.some((p) => p.needs === 'shorter')
    ? `send it by another channel (--channel chat or email), or shorten the sms block of the template (oos templates --check measures every SMS)`
    : problems.some((p) => p.needs === 'tracking_number')
    ? `when the new parcel has left: oos resolve --order '${orderId}' --shipped --tracking-number <number>`
    : problems.some((p) => p.needs === 'decision')
      ? `decide the next step with oos resolve --order '${orderId}'`
      : 'change the template so it says only what is true, or the choices';
  return new OosError(65, `the ${intent} message for ${orderId} was not written: ${problems.map((p) => p.detail).join('; ')}`, hint);
}

export function commitStep(db: Db, ctx: Context, step: PreparedStep): StepOutcome {
  const outbox = outboxDir(ctx);
  const { row, facts } = step.cc;
  if (step.plan.alreadyRecorded) {
    // A retry: the case already holds exactly this; nothing is written or recorded again. The run it
    // retries may have been killed before it rebuilt the outbox index: that is done now.
    if (hasJournals(outbox)) warnSetAside(ctx, writeTransaction(db, () => refreshOutboxIndexes(db, outbox, [], ctx.config, ctx.now)));
    const followups = pendingOf(db, row.id);
    return { order_id: row.order_id, state: row.state, messages: [], followups, already_recorded: step.plan.alreadyRecorded, tasks: [] };
  }
  const recipient = { name: facts.order.customerName, email: facts.order.email, phone: facts.order.phone };
  // One write transaction around the check, the files and the record: a second oos run on the same
  // case waits, then finds it changed before it writes a single file, so no message is ever in the
  // outbox without being recorded, nor overwritten by a step that lost the race.
  // A failure leaves the journals in place: the next run sets aside whatever file they name that no record holds.
  const pending: OutboxBatch[] = [];
  const { written, result } = writeTransaction(db, () => {
    assertCaseUnchanged(db, row.order_id, row.version);
    const written = step.messages.map((message) =>
      deliver(
        {
          outbox,
          orderId: row.order_id,
          message,
          recipient,
          reference: ctx.now,
          now: ctx.now,
          // The language is part of it: the same notice in the customer's other language, at the same
          // moment, is a message of its own (without it, it was never recorded and later moved aside).
          dedupeKey: `resolve:${row.id}:${message.intent}:${message.channel}:${message.lang}:${toIso(ctx.now)}`,
          taken: (path) => pathTakenByAnother(db, row.id, path, `resolve:${row.id}:${message.intent}:${message.channel}:${message.lang}:${toIso(ctx.now)}`),
        },
        ctx.config,
        pending,
      ),
    );
    if (written.length) step.eventData.messages = written.map((m) => m.path);
    faultPoint('before-record');
    try {
      const result = recordResolution(
        db,
        {
          orderId: row.order_id,
          expectVersion: row.version,
          action: step.action,
          channel: step.action.type === 'offer' || step.action.type === 'remedy' ? step.channel : row.channel,
          lang: step.action.type === 'offer' || step.action.type === 'remedy' ? step.lang : row.lang,
          followups: step.followups,
          messages: written,
          eventData: step.eventData,
          ledger: step.plan,
        },
        ctx.now,
        ctx.actor,
      );
      if (step.couponGiven) markCouponGiven(db, row.id, ctx.now, 'given with the notice');
      faultPoint('before-commit');
      return { written, result };
    } catch (e) {
      for (const m of written) rmSync(m.path, { force: true });
      throw e;
    }
  });
  faultPoint('after-commit');
  if (written.some((m) => m.channel === 'email') && ctx.config.shop.email === null) ctx.stderr(`warning: ${NO_SHOP_EMAIL}\n`);
  // Under the write lock, so no other run is between renaming a file and recording it.
  try {
    const setAside = writeTransaction(db, () => refreshOutboxIndexes(db, outbox, written.length ? [dayOf(ctx.now, ctx.config)] : [], ctx.config, ctx.now));
    faultPoint('after-index');
    warnSetAside(ctx, setAside);
    // Recorded and indexed: the journal has nothing left to say. (Kept after a failure: the next run rebuilds the index.)
    for (const b of pending) b.settle();
    faultPoint('after-settle');
  } catch (e) {
    // The step is recorded and its message written: an index that failed is rebuilt by the next run.
    // Reporting an error here would invite a retry of a step that already happened.
    if (!(e instanceof OosError)) throw e;
    ctx.stderr(`warning: the step was recorded and its message written, but the outbox index could not be updated (${e.message}); the next oos run rebuilds it\n`);
  }
  return {
    order_id: row.order_id,
    state: result.state,
    messages: written.map((m) => ({ path: m.path, channel: m.channel, lang: m.lang, template: m.template })),
    followups: result.followups,
    tasks: step.tasks,
  };
}

/** One line per message file an interrupted run left unrecorded (outbox/index-files.ts). */
export function warnSetAside(ctx: Context, left: Leftovers): void {
  for (const f of left.setAside) ctx.stderr(`warning: ${f} was written by an interrupted oos run but never recorded; it was moved aside so it is not sent twice\n`);
  for (const r of left.replaced)
    ctx.stderr(`warning: ${r.file}, written by an interrupted oos run and never recorded, was set aside: ${r.by} is the message recorded for the same step (if you already sent the first, compare the two before sending anything: the customer has the first)\n`);
}

export function parseChannel(value: string | undefined): Channel | undefined {
  if (value === undefined) return undefined;
  if (!(CHANNELS as readonly string[]).includes(value)) throw usageError(`--channel must be one of ${CHANNELS.join(', ')} (found "${value}")`);
  return value as Channel;
}

/** The coupon code of the terms recorded before this step (the case's row), if any. */
function lastCouponCode(recorded: string | null): string | null {
  return recorded ? ((JSON.parse(recorded) as Terms).coupon?.code ?? null) : null;
}
