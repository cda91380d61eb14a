/**
 * One planner for every resolution step, shared by the walk-through, the flag
 * path and (for parcels) the follow-ups: from the case facts, what the ledger
 * already holds and the operator's choice, it decides the commitments, the
 * parcels, the message to write and the follow-ups to plan. Pure: commands
 * gather the input, the store records the plan, the templates word it.
 */
import type { Config } from './config.js';
import { planAfterOffer, planAfterRemedy, type FollowupKind, type PlannedFollowup } from './followups.js';
import { endOfDay, lastOffer, ledgerCoupon, offerCommitments, openOffer, refundPromises, refundsStarted, remedyCommitments, silenceAnswers, trackingCommitment, type Commitment, type CommitmentKind, type LedgerPromise, type OfferData } from './ledger.js';
import { offerTerms, offerWaitNeedsYes, statable } from './message-view.js';
import { refundMethodOf } from './refund-method.js';
import { adoptTracking, isStalledNumber, nextParcelToAnnounce, parcelsForRemedy, stalledNumbers, trackingKey, type Parcel } from './parcels.js';
import { assessRemedies, draftTerms, knownRestockDate, orderValue, shipNowUnits, substitutesGone, primaryKind, type CaseFacts, type Remedy, type RemedyChoices, type RemedyOption, type SubstituteLine, type Terms } from './remedies.js';
import { consentDeadline, renewedDelayNeedsConsent, SILENT_DELAY_DAYS, silentWaitEnds } from './platform-rules.js';
import { keepEarlierSettlement, openUnitsRefunded, type StartedRefund } from './settled.js';
import { homeCountry } from './stall-clocks.js';
import { customerTimeZone, daysBetween, localTimeOnDay } from './locale.js';
import { formatAmount } from './money.js';
import { DAY, formatLocal, formatLocalDate, HOUR } from './time.js';
import { lastingPast, waitsUntil } from './coupon.js';
import { usageError } from '../errors.js';

export type StepType = 'offer' | 'remedy' | 'shipped' | 'replied' | 'closed';

/** The case as recorded: its state and the remedy it has. */
export interface CaseRecord {
  orderId: string;
  state: 'detected' | 'offered' | 'remedy_chosen' | 'done' | 'closed';
  remedy: string | null;
  terms: Terms | null;
  repliedAt: number | null;
  /** The remedy the customer named in their reply (--replied --choice), if they named one. */
  choice?: string | null;
}

export interface StepInput {
  type: StepType;
  remedy?: Remedy;
  choices?: RemedyChoices;
  /** --shipped */
  trackingNumber?: string;
  carrier?: string;
  /** --shipped --replaces: the wrong number the parcel was recorded (and announced) with. */
  replaces?: string;
  /** --replied --choice */
  choice?: string;
  /** --closed --outcome */
  outcome?: string;
  /** --offer: the channel this notice goes out on, and those the open offer's notice already went out on. */
  channel?: string;
  offeredOn?: string[];
}

export type PlannedAction =
  | { type: 'offer'; offered: string[] }
  | { type: 'remedy'; terms: Terms }
  | { type: 'shipped'; parcel: Parcel; replaces?: string }
  | { type: 'replied'; choice: string | null }
  | { type: 'closed'; outcome: string | null };

export interface Plan {
  action: PlannedAction;
  options: RemedyOption[];
  terms: Terms | null;
  /** The template of the message to write, or null when the step writes none. */
  intent: string | null;
  /** What the message is about, beyond the case facts. */
  offer: OfferData | null;
  parcel: Parcel | null;
  commitments: Commitment[];
  /** Parcels to save: new ones (id null) and known ones with a new state or number. */
  parcels: Parcel[];
  /** Open promises of these kinds are superseded by this step. */
  supersede: CommitmentKind[];
  /** Open promises of these kinds are kept by this step. */
  keep: CommitmentKind[];
  followups: PlannedFollowup[];
  /** Pending follow-ups of these kinds are dropped (their message was written by this step). */
  dropFollowups: FollowupKind[];
  /** Set when the step is already recorded with the same terms: a retry writes nothing. */
  alreadyRecorded: string | null;
  /**
   * What the customer was told before that this step departs from, and when (null: the last
   * confirmation's time): a remedy recorded with other terms, or the ship day a late notice said
   * the order keeps without an answer. The message then says what changed.
   */
  /** The plan the customer was told before, when this one replaces it (offered: a notice's wait the customer may have said yes to). */
  changes: { terms: Terms; toldAt: number | null; offered?: boolean; refunded?: number; withdrawn?: boolean } | null;
  /**
   * A US shop's renewed delay (Mail Order Rule): the end of the day by which the customer must say yes
   * to the later day this plan names, or have the order cancelled and refunded; null when none is needed.
   */
  consentBy: number | null;
  /**
   * Refunds the earlier plans promised by bank transfer that this plan takes back: it sends the goods
   * they paid back, and the transfer waits for the customer's account, so it has not been made (the
   * operator is told what to do if it has). The ledger stops counting them; the message says so.
   */
  withdrawRefunds: boolean;
  /** A reship sent again: the replacement before it, which got stuck. */
  replacedParcel: Parcel | null;
  /** A tracking number corrected: the promise that named the wrong one is superseded. */
  supersedeTracking?: string;
  /**
   * A notice whose choices differ from the last one the customer was sent: when that one went, and
   * the substitutes it offered that are offered no more (sold since). The message says it replaces it.
   */
  offerChanged: { toldAt: number; goneSubstitutes: SubstituteLine[] } | null;
}

const DATED: CommitmentKind[] = ['offer', 'restock', 'ship', 'carrier_answer', 'refund'];

/**
 * The day the customer was told before, when this plan puts off the order to a later one and the shop
 * decided it (a customer who chose the later day has said yes): a renewed delay, which needs the
 * customer's yes where the US Mail Order Rule applies. Null otherwise.
 */
export function renewedDelayFrom(was: Terms, terms: Terms, config: Config): number | null {
  if (!renewedDelayNeedsConsent(homeCountry(config)) || terms.decidedBy === 'customer') return null;
  // A day the order ships on, not a stuck parcel's time for the carrier. (A split's rest put off again is
  // not asked about: its confirmation has no words for it yet.)
  const dated = (t: Terms) => t.kind !== 'stalled' && t.date !== null && (t.remedy === 'wait' || (t.remedy === 'split' && t.splitRest === 'wait'));
  if (!dated(was) || !dated(terms) || terms.remedy !== 'wait') return null;
  return daysBetween(was.date!, terms.date!, config.shop.timezone) > 0 ? was.date : null;
}

/**
 * The wait the open notice offered, when the wait now recorded is for another day (the supplier moved
 * the delivery since): the customer's yes was to the day they were offered, so the confirmation says
 * what changed, as the shop's decision, and the change note offers the way out.
 */
function offeredWaitMoved(promises: LedgerPromise[], terms: Terms, timeZone: string): { terms: Terms; toldAt: number; offered: true } | null {
  if (terms.remedy !== 'wait') return null;
  const sent = promises.findLast((p) => p.kind === 'offer' && p.state === 'open');
  const wait = (sent?.data as unknown as OfferData | undefined)?.options.find((o) => o.remedy === 'wait')?.terms ?? null;
  // The customer was told a day: the same day given with a time ("2026-11-25T18:00") is no change.
  if (!sent || !wait || wait.date === null || terms.date === null || formatLocalDate(wait.date, timeZone) === formatLocalDate(terms.date, timeZone)) return null;
  return { terms: wait, toldAt: sent.createdAt, offered: true };
}

/**
 * The wait a late notice named as what happens without an answer, when the shop now decides
 * otherwise (another day, another remedy): silence made that day the customer's plan, so the
 * confirmation says it changed.
 */
function silentWaitLeft(facts: CaseFacts, record: CaseRecord, promises: LedgerPromise[], terms: Terms): { terms: Terms; toldAt: number } | null {
  if (record.state !== 'offered') return null;
  const sent = promises.findLast((p) => p.kind === 'offer' && p.state === 'open');
  if (!sent) return null;
  const offer = sent.data as unknown as OfferData;
  const wait = offer.options.find((o) => o.remedy === 'wait')?.terms ?? null;
  if (!wait || !silenceAnswers(offer, primaryKind(facts))) return null;
  // The customer's own choice needs no note: they know what they chose.
  if (terms.decidedBy === 'customer' || (terms.remedy === 'wait' && terms.date === wait.date)) return null;
  return { terms: wait, toldAt: sent.createdAt };
}

/**
 * Who decided, when the operator does not say: a message must never thank the customer for a
 * choice they did not make. The same remedy again keeps who chose it; another one is the
 * customer's only when their reply named it (or, before any remedy, when they answered at all).
 */
export function defaultDecidedBy(record: CaseRecord, remedy: Remedy): 'customer' | 'shop' {
  const choice = record.choice ?? null;
  if (record.state === 'remedy_chosen' && record.terms) {
    if (record.remedy === remedy) return record.terms.decidedBy;
    return choice === remedy ? 'customer' : 'shop';
  }
  return record.repliedAt !== null && (choice === null || choice === remedy) ? 'customer' : 'shop';
}

export function planStep(facts: CaseFacts, record: CaseRecord, ledger: { promises: LedgerPromise[]; parcels: Parcel[] }, input: StepInput, config: Config, now: number): Plan {
  const options = assessRemedies(facts, config, now);
  const plan: Plan = {
    action: { type: 'replied', choice: null },
    options,
    terms: null,
    intent: null,
    offer: null,
    parcel: null,
    commitments: [],
    parcels: [],
    supersede: [],
    keep: [],
    followups: [],
    dropFollowups: [],
    alreadyRecorded: null,
    changes: null,
    replacedParcel: null,
    offerChanged: null,
    withdrawRefunds: false,
    consentBy: null,
  };
  const coupon = ledgerCoupon(ledger.promises);
  // What the case's plans have refunded so far (a cheaper substitute's difference, a split's missing
  // items, a partial refund): the customer has that money, whatever plan followed, also when the plan's
  // parcel got stuck since and the case was reopened. `refundedBefore` leaves out the refund of the
  // plan still recorded: a retry of that plan reads the same money as when it was made.
  // (Paid on delivery nothing was paid: a cancellation is of the whole order, the earlier discount with it.)
  const was = record.terms;
  const cod = refundMethodOf(facts.order.paymentMethod, facts.order.channel) === 'cod';
  const refundedEarlier = refundsStarted(ledger.promises);
  const refundedBefore = refundsStarted(ledger.promises, record.state === 'remedy_chosen' && was?.refund != null);
  switch (input.type) {
    case 'offer': {
      if (record.state === 'remedy_chosen')
        throw usageError(`order ${record.orderId} already has a remedy (${record.remedy}); choices are not offered again`, 'record a different remedy, or close the case');
      const shown = offerTerms(facts, options, config, now, coupon, cod ? 0 : refundedEarlier);
      const offered = statable(options, shown);
      const shownOptions = offered.map((r) => ({ remedy: r, terms: shown.find((t) => t.remedy === r) ?? null }));
      // A wait past what silence may agree to (US shops): without a yes by the reply deadline the
      // shop has said it cancels and refunds, and the ledger holds it to that.
      const wait = shownOptions.find((o) => o.remedy === 'wait')?.terms ?? null;
      const needsYes = wait !== null && offerWaitNeedsYes(facts, wait.date, config);
      // A late notice tells the customer that silence means waiting: no reminder then asks for an
      // answer, and the new ship day it names is a promise from the moment it is sent.
      const silenceWaits = primaryKind(facts) === 'late' && wait !== null && !needsYes;
      // A late notice again, naming a later ship day than the one the last notice said the order keeps
      // without an answer: a second delay, to which a US shop may not take silence as a yes (Mail Order
      // Rule). Its notice would say "no need to reply", so it is refused for the plan that asks for a yes.
      const toldWait = silenceWaits && wait !== null ? (lastOffer(ledger.promises)?.offer.options.find((o) => o.remedy === 'wait')?.terms ?? null) : null;
      if (toldWait && wait !== null && renewedDelayFrom(toldWait, { ...wait, decidedBy: 'shop' }, config) !== null) {
        const tz = config.shop.timezone;
        throw usageError(
          `order ${record.orderId} was told it ships on ${formatLocalDate(toldWait.date!, tz)} unless the customer answers; a later day (${formatLocalDate(wait.date!, tz)}) is a second delay, and a US shop may not take silence as a yes to it (FTC Mail Order Rule)`,
          `record the new day with oos resolve --order '${record.orderId}' --remedy wait --restock-date YYYY-MM-DD --yes: its message asks for the customer's yes by a day, or cancel and refund with --remedy refund --yes`,
        );
      }
      const noRestockDate = primaryKind(facts) === 'oversold' && knownRestockDate(facts.short) === null;
      const offer: OfferData = { options: shownOptions, replyBy: now + 24 * HOUR, reason: input.choices?.reason?.trim() || null, silenceWaits, ...(noRestockDate ? { noRestockDate } : {}) };
      plan.action = { type: 'offer', offered };
      // The same choices again while the customer still has time to answer the last notice: a retry,
      // or a colleague at the same case. The customer is not told twice, nor given a second deadline.
      const last = openOffer(ledger.promises);
      if (last && last.replyBy > now && sameOffer(last, offer, config.shop.timezone)) {
        if (input.channel !== undefined && input.offeredOn?.includes(input.channel)) {
          plan.alreadyRecorded = `order ${record.orderId} was already offered these choices by ${input.channel}, with a reply asked by ${formatLocal(last.replyBy, config.shop.timezone)}; nothing was written again`;
          return plan;
        }
        // The same choices by another channel (an SMS after the email): the same reply deadline, not a second one.
        offer.replyBy = last.replyBy;
      }
      plan.offer = offer;
      plan.intent = `notice-${primaryKind(facts)}`;
      // Other choices than the last notice gave (a substitute sold out since, a restock date now known):
      // this notice says it replaces that one, so the customer does not hold two sets of choices.
      // (Choices about another problem, a late order's before its parcel got stuck, are not replaced: they are moot.)
      const before = lastOffer(ledger.promises);
      const sameProblem = before !== null && !before.offer.options.some((o) => o.terms !== null && o.terms.kind !== primaryKind(facts));
      if (before && sameProblem && !sameOffer(before.offer, offer, config.shop.timezone)) {
        const kept = new Set(shownOptions.flatMap((o) => o.terms?.substitutes.map((s) => s.sku) ?? []));
        const wasOffered = before.offer.options.find((o) => o.remedy === 'substitute')?.terms?.substitutes ?? [];
        plan.offerChanged = { toldAt: before.at, goneSubstitutes: wasOffered.filter((s) => !kept.has(s.sku)) };
      }
      // The coupon an earlier offer promised is one promise, however often the choices are sent.
      plan.commitments = offerCommitments(offer).filter((c) => !(c.kind === 'coupon' && coupon !== null && (c.data as { code?: string }).code === coupon.code));
      if (needsYes) plan.commitments.push({ kind: 'consent', dueAt: offer.replyBy, data: { new_date: wait.date, first_delay: true } });
      if (silenceWaits && wait.date !== null) plan.commitments.push({ kind: 'ship', dueAt: endOfDay(wait.date, config), data: { date: wait.date, silence: true } });
      // An offer sent again replaces the last one, and the ship day the last one named.
      plan.supersede = ['offer', 'consent', 'ship'];
      plan.followups = silenceWaits ? [] : planAfterOffer(now, offer.replyBy, config);
      return plan;
    }
    case 'remedy': {
      const remedy = input.remedy!;
      // An order the export shows cancelled ships nothing: a plan that sends goods would promise a parcel
      // no one will pack (its daily updates found "nothing left to ship" and stopped, unannounced).
      if (facts.order.cancelled && remedy !== 'refund')
        throw usageError(
          `order ${record.orderId} is cancelled in the export, so nothing of it will ship: a ${remedy} would promise goods under a cancelled order`,
          'if the customer still wants them, they order again (or restore the order on the platform and scan the new export); otherwise close the case with --closed',
        );
      // Goods whose money went back are not sent again (refused); paid on delivery nothing went back (the
      // order is sent and paid for as it arrives), and by bank transfer it waits for the customer's account,
      // so the promised refund is taken back instead (withdrawRefunds).
      const method = refundMethodOf(facts.order.paymentMethod, facts.order.channel);
      const unpaidWhole = remedy === 'refund' || method === 'cod' ? null : wholeOrderRefunded(facts, remedy, ledger.promises, config);
      if (unpaidWhole && method !== 'bank') refuseUnpaidGoods(unpaidWhole, record.orderId);
      let withdraw = unpaidWhole !== null;
      const choices: RemedyChoices = { ...(input.choices ?? {}) };
      choices.coupon ??= coupon;
      // A reship sent again because the replacement itself got stuck: the shop's doing, not a new
      // request of the customer's, and not a change of plan (the plan was a new parcel, and still is).
      const replaced = remedy === 'reship' && record.remedy === 'reship' ? ledger.parcels.filter((p) => p.origin === 'reship' && p.state === 'shipped' && p.trackingNumber !== null) : [];
      // A refund instead of a replacement that left and got stuck: that parcel is given up too (no longer
      // watched as on its way), and the refund is no change of a plan "to send it again": it was sent.
      const refundedReships = remedy === 'refund' && record.remedy === 'reship' ? ledger.parcels.filter((p) => p.origin === 'reship' && p.state === 'shipped' && p.trackingNumber !== null) : [];
      choices.decidedBy ??= replaced.length ? 'shop' : defaultDecidedBy(record, remedy);
      // The customer accepted an offer as it was sent: its terms stand, recomputed from nothing.
      const offer = openOffer(ledger.promises);
      const offered = offer?.options.find((o) => o.remedy === remedy)?.terms ?? null;
      const overrides = (['date', 'substituteSku', 'couponMajor', 'refundMajor', 'trackingNumber', 'carrier'] as const).some((k) => choices[k] !== undefined);
      // A refund after a plan that refunded part already (a cheaper substitute's difference, a split's
      // missing items): the customer has that money, so only the rest is refunded and the message says so.
      const draft = (given: number) => {
        const earlier = withdraw ? 0 : given;
        return keepEarlierSettlement(draftTerms(facts, remedy, earlier > 0 ? { ...choices, refundedEarlier: earlier, ...(cod ? { payOnDelivery: true } : {}) } : choices, config, now), was, earlier);
      };
      const sameRemedy = record.state === 'remedy_chosen' && record.remedy === remedy && record.terms !== null;
      let terms: Terms;
      if (offered && !overrides) {
        // The offer said the substitute ships the day they answer: only while it is still there to send.
        const gone = offered.remedy === 'substitute' ? substitutesGone(facts, offered.substitutes) : null;
        if (gone)
          throw usageError(
            `the substitute offered to order ${record.orderId} is no longer free: ${gone}`,
            `tell the customer and offer what is left with oos resolve --order '${record.orderId}' --offer, or update the inventory and scan again`,
          );
        // A wait for stock now due later than the notice said, a split or refund of units that have shipped
        // since: confirming what was offered would be untrue.
        // (A restock date known since the notice said there was none leaves the answer as it was: only the reminder stops.)
        const moved = offered.remedy === 'wait' || offered.remedy === 'split' || offered.remedy === 'refund' ? offerNoLongerHolds({ ...offer!, noRestockDate: false, options: [{ remedy: offered.remedy, terms: offered }] }, facts, config.shop.timezone) : null;
        if (moved)
          throw usageError(
            `the ${offered.remedy} offered to order ${record.orderId} no longer holds: ${moved}`,
            `offer the choices again with oos resolve --order '${record.orderId}' --offer (the notice says it replaces the earlier one), or ${offered.remedy === 'wait' ? 'record the new day with --restock-date' : offered.remedy === 'refund' ? 'give what is refunded now with --refund-amount' : 'record another remedy'}`,
          );
        terms = keepEarlierSettlement({ ...offered, decidedBy: choices.decidedBy, reason: choices.reason?.trim() || offered.reason }, was, refundedEarlier);
      }
      // The same command again (a retry) keeps the recorded terms; a partial refund asked again without
      // an amount may be the rest of the order, so it is drafted and compared.
      else if (sameRemedy && !overrides && sameChoice(record.terms!, choices) && !(remedy === 'refund' && record.terms!.refundFull === false)) terms = record.terms!;
      else {
        // Drafted as a retry of the recorded plan would be; when it is not that, the recorded plan's own
        // refund was started too, and a new plan refunds only what is left after it.
        let retry: Terms | null = null;
        try {
          retry = draft(refundedBefore);
        } catch (e) {
          // What it refuses is said with the money refunded so far (the draft below).
          if (refundedEarlier === refundedBefore) throw e;
        }
        terms = retry !== null && (refundedEarlier === refundedBefore || (sameRemedy && JSON.stringify(retry) === JSON.stringify(record.terms))) ? retry : draft(refundedEarlier);
      }
      // The same remedy with a new date (a restock day missed, a new one given) is the shop's word,
      // unless the operator says the customer agreed to it: never "thank you for choosing to wait" for
      // a day they were never asked about.
      if (input.choices?.decidedBy === undefined && record.state === 'remedy_chosen' && record.remedy === remedy && record.terms && terms.decidedBy === 'customer' && terms.date !== record.terms.date)
        terms = { ...terms, decidedBy: 'shop' };
      // So is a wait on another day than the one the notice offered: the customer said yes to that day.
      const movedWait = record.state === 'offered' && input.choices?.decidedBy === undefined ? offeredWaitMoved(ledger.promises, terms, config.shop.timezone) : null;
      if (movedWait) terms = { ...terms, decidedBy: 'shop' };
      const unpaidItems = method === 'cod' || withdraw ? null : shipsRefundedItems(facts, terms, ledger.promises);
      if (unpaidItems && method !== 'bank') refuseUnpaidGoods(unpaidItems, record.orderId);
      if (unpaidItems) {
        withdraw = true;
        terms = draft(0);
      }
      terms = couponLastsPastWait(terms, ledger.promises, config);
      // A reship recorded as sent under the stuck parcel's own number would tell the customer the lost parcel is the new one.
      if (remedy === 'reship' && terms.trackingNumber) refuseStuckNumber(terms.trackingNumber, facts, ledger.parcels, record.orderId);
      const consent = longDelayNeedsConsent(facts, terms, config);
      if (consent)
        throw usageError(
          consent,
          // Once a remedy is recorded no new offer can be sent: the customer is asked in person.
          record.state === 'remedy_chosen'
            ? `ask the customer (a call or a message of your own) and, if they agree, record it with oos resolve --order '${record.orderId}' --remedy wait --restock-date YYYY-MM-DD --decided-by customer --yes; or choose an earlier date or a refund`
            : `offer it with oos resolve --order '${record.orderId}' --offer and record the customer's answer with --decided-by customer, or choose an earlier date or a refund`,
        );
      if (record.state === 'remedy_chosen' && record.terms && JSON.stringify(record.terms) === JSON.stringify(terms)) {
        plan.alreadyRecorded = `the ${remedy} remedy of order ${record.orderId} is already recorded with these terms; nothing was written again`;
        plan.terms = terms;
        plan.action = { type: 'remedy', terms };
        return plan;
      }
      const parcels = parcelsForRemedy(terms, facts).filter((p) => !(p.origin === 'original' && ledger.parcels.some((q) => q.origin === 'original')));
      plan.action = { type: 'remedy', terms };
      plan.terms = terms;
      plan.intent = `confirm-${remedy}`;
      // A wait for the carrier whose day has passed ends in what it promised then (a reship or a refund):
      // keeping that word is no change of plan to announce.
      const fallback = record.remedy === 'wait' && record.terms?.kind === 'stalled' && record.terms.date !== null && now > record.terms.date && (remedy === 'reship' || remedy === 'refund');
      const before = replaced.length || refundedReships.length || fallback ? null : record.state === 'remedy_chosen' && record.terms ? { terms: record.terms, toldAt: null } : (silentWaitLeft(facts, record, ledger.promises, terms) ?? movedWait);
      // What the plans so far refunded, all of it, stays the customer's: the change note says the sum the
      // ledger holds (or, taken back, that it will not be made).
      plan.withdrawRefunds = withdraw && refundedEarlier > 0;
      plan.changes = before && refundedEarlier > 0 ? { ...before, refunded: refundedEarlier, ...(plan.withdrawRefunds ? { withdrawn: true } : {}) } : before;
      // The stuck replacement is given up: no longer watched as a parcel on its way, and named in the message.
      // So is a stuck parcel oos recorded itself (a substitute's, a split's part), as the export's own would be.
      // (One no follow-up run saw leave gets the number it left under.)
      const stuckRecorded = terms.kind === 'stalled' ? ledger.parcels.filter((p) => p.id !== null && p.id === facts.stuckParcel?.id && !replaced.includes(p)) : [];
      const givenUp = remedy === 'reship' || facts.stalled === 'probably_lost' ? ('lost' as const) : ('stalled' as const);
      const stuckNo = facts.tracking?.trackingNumber ?? facts.order.trackingNumber;
      plan.parcels = [
        ...parcels,
        ...[...replaced, ...refundedReships].map((p) => ({ ...p, state: 'stalled' as const })),
        ...stuckRecorded.map((p) => ({ ...p, trackingNumber: p.trackingNumber ?? stuckNo, carrier: p.trackingNumber ? p.carrier : (facts.tracking?.carrier ?? facts.order.carrier), state: givenUp })),
      ];
      // The stuck replacement a new one or a refund takes over from: the message says it got stuck (the customer has its number).
      plan.replacedParcel = replaced.at(-1) ?? refundedReships.at(-1) ?? null;
      // The coupon already promised stays one promise: the same code is not promised twice.
      plan.commitments = remedyCommitments(terms, parcels, now, config).filter((c) => !(c.kind === 'coupon' && coupon !== null && (c.data as { code?: string }).code === coupon.code));
      // A restock day the exports back (a restock date, a purchase order) is watched as they change; one
      // the operator gave with nothing in the exports behind it is theirs, and is checked on its day only.
      for (const c of plan.commitments) if (c.kind === 'restock') c.data = { ...c.data, covered: knownRestockDate(facts.short) !== null };
      // A later day than the one the customer was told, decided by the shop, is a renewed delay: a US shop
      // may not take silence as a yes to it (Mail Order Rule). The message asks for one by a day, and
      // without it the ledger holds the shop to cancelling and refunding, as the message says.
      const toldDay = before ? renewedDelayFrom(before.terms, terms, config) : null;
      if (toldDay !== null) {
        const zone = customerTimeZone(facts.order.country, config.shop.timezone);
        // The yes must come before the day it ships: "ships on Thursday; reply WAIT by Friday or it is
        // refunded" left the shop no way to keep both. The deadline is the end of the day before the
        // new day when that leaves the customer a day to answer; a nearer day is refused.
        const dayBefore = localTimeOnDay(terms.date!, -1, '23:59', zone);
        if (dayBefore < now + DAY)
          throw usageError(
            `order ${record.orderId}: a US shop must have the customer's yes to a second delay before the order ships (FTC Mail Order Rule), and ${formatLocalDate(terms.date!, config.shop.timezone)} leaves them less than a day to give it`,
            `choose a later day with --restock-date (the day after tomorrow at the earliest), or, if they already agreed, record it with --decided-by customer`,
          );
        plan.consentBy = Math.min(consentDeadline(toldDay, now, zone), dayBefore);
        plan.commitments.push({ kind: 'consent', dueAt: plan.consentBy, data: { new_date: terms.date } });
      }
      plan.supersede = DATED;
      plan.followups = planAfterRemedy(terms, now, config, facts.order.paymentMethod);
      return plan;
    }
    case 'shipped': {
      const number = input.trackingNumber?.trim() ? trackingKey(input.trackingNumber) : undefined;
      if (!number) throw usageError('a shipped parcel needs its tracking number');
      refuseStuckNumber(number, facts, ledger.parcels, record.orderId);
      if (input.replaces !== undefined) return correctTrackingNumber(plan, ledger.parcels, record.orderId, number, trackingKey(input.replaces), input.carrier, record.terms);
      // A number already given to a parcel is a retry (or a slip), never the next parcel's: the rest
      // of a split still waiting for stock must not be announced as shipped under the first one's number.
      const sent = ledger.parcels.find((p) => p.trackingNumber !== null && trackingKey(p.trackingNumber) === trackingKey(number));
      if (sent) {
        plan.alreadyRecorded = `parcel ${number} of order ${record.orderId} is already recorded as shipped; nothing was written again`;
        plan.action = { type: 'shipped', parcel: sent };
        return plan;
      }
      // The oldest parcel still waiting for its number, unless the export already shows it leaving
      // under another one (a split's first part no follow-up run has announced yet): this number is
      // then the next parcel's.
      const preparing = ledger.parcels.filter((p) => p.state === 'preparing');
      const ownNumber = (p: Parcel) => adoptTracking(p, ledger.parcels, facts, [])?.trackingNumber ?? null;
      const waiting = preparing.find((p) => { const own = ownNumber(p); return own === null || trackingKey(own) === number; }) ?? nextParcelToAnnounce(ledger.parcels);
      if (!waiting) {
        throw usageError(
          `order ${record.orderId} has no parcel waiting for a tracking number`,
          // Offered, and shipped before the customer chose: the export says so soon enough, and the
          // tracking message follows from it; a remedy recorded now would tell them a change of plan.
          record.state === 'offered'
            ? 'the customer has not chosen yet: scan the orders export that shows it shipped, and the next oos followup sends the tracking number (if they did choose, record it first with --remedy … --decided-by customer)'
            : 'record the remedy first (a reship, a substitute, a split or a wait)',
        );
      }
      const parcel: Parcel = { ...waiting, trackingNumber: number, carrier: input.carrier?.trim() || waiting.carrier || facts.order.carrier, state: 'shipped' };
      plan.action = { type: 'shipped', parcel };
      plan.parcel = parcel;
      plan.terms = record.terms;
      plan.intent = 'followup-shipped';
      plan.parcels = [parcel];
      plan.commitments = [trackingCommitment(parcel)];
      // The last parcel still to leave: its ship promise is kept and no "shipped" message is left to
      // write. Another still to leave (a split's rest waiting for stock) keeps the pending one, which
      // announces it under the number the export shows for it.
      const last = ledger.parcels.filter((p) => p.state === 'preparing').length <= 1;
      plan.keep = last ? ['ship'] : [];
      plan.dropFollowups = last ? ['shipped'] : [];
      return plan;
    }
    case 'replied':
      plan.action = { type: 'replied', choice: input.choice ?? null };
      return plan;
    case 'closed':
      plan.action = { type: 'closed', outcome: input.outcome ?? null };
      if (record.state === 'closed' || record.state === 'done') plan.alreadyRecorded = `the case of order ${record.orderId} is already ${record.state}; nothing was written again`;
      return plan;
  }
}

/**
 * A parcel recorded (and announced) with a wrong tracking number, a digit mistyped: the customer
 * is sent the right one, with an apology for the wrong one, and the ledger follows the right one
 * from now on. Only a parcel still on its way can be corrected; the right number may be no other
 * parcel's. The same correction again is a retry.
 */
function correctTrackingNumber(plan: Plan, parcels: Parcel[], orderId: string, number: string, wrong: string, carrier: string | undefined, terms: Terms | null): Plan {
  const known = (n: string) => parcels.find((p) => p.trackingNumber !== null && trackingKey(p.trackingNumber) === n);
  if (number === wrong) throw usageError(`--replaces ${wrong} is the same number as --tracking-number`, 'give the right number with --tracking-number and the wrong one with --replaces');
  const right = known(number);
  if (right && right.state !== 'cancelled' && !known(wrong)) {
    plan.alreadyRecorded = `parcel ${number} of order ${orderId} already has this number; nothing was written again`;
    plan.action = { type: 'shipped', parcel: right, replaces: wrong };
    return plan;
  }
  if (right) throw usageError(`${number} is already the tracking number of another parcel of order ${orderId}`, 'check the number on the parcel\'s label');
  const parcel = known(wrong);
  if (!parcel) {
    const recorded = parcels.filter((p) => p.trackingNumber !== null).map((p) => p.trackingNumber);
    throw usageError(
      `no parcel of order ${orderId} was recorded with tracking number ${wrong}${recorded.length ? ` (recorded: ${recorded.join(', ')})` : ''}`,
      recorded.length ? 'give the wrong number exactly as it was recorded' : 'a parcel is recorded with oos resolve --shipped --tracking-number <no>',
    );
  }
  // A delivered parcel needs no number any more; a lost one is a claim's, told to the customer already.
  if (parcel.state !== 'shipped' && parcel.state !== 'stalled')
    throw usageError(`parcel ${wrong} of order ${orderId} is ${parcel.state}: its number can no longer be corrected`, 'tell the customer yourself if they need it');
  const corrected: Parcel = { ...parcel, trackingNumber: number, carrier: carrier?.trim() || parcel.carrier, state: 'shipped' };
  plan.action = { type: 'shipped', parcel: corrected, replaces: wrong };
  plan.parcel = corrected;
  plan.terms = terms;
  plan.intent = 'followup-shipped';
  plan.parcels = [corrected];
  plan.commitments = [trackingCommitment(corrected)];
  plan.supersedeTracking = wrong;
  return plan;
}

/**
 * Why the terms of an offer no longer hold, or null: the swap it offered has gone to other customers,
 * or the stock it said to wait for is now due later. A reminder or a confirmation of it would then
 * tell the customer something untrue; the choices must be offered again.
 */
export function offerNoLongerHolds(offer: OfferData | null, facts: CaseFacts, timeZone: string): string | null {
  if (!offer) return null;
  const dated = restockDateToTell(offer, facts, timeZone);
  if (dated) return dated;
  const swap = offer.options.find((o) => o.remedy === 'substitute')?.terms;
  const gone = swap ? substitutesGone(facts, swap.substitutes) : null;
  if (gone) return `the swap it offered is no longer free (${gone})`;
  const wait = offer.options.find((o) => o.remedy === 'wait')?.terms;
  const due = wait?.kind === 'oversold' ? knownRestockDate(facts.short) : null;
  if (wait?.date != null && due !== null && formatLocalDate(due, timeZone) > formatLocalDate(wait.date, timeZone))
    return `new stock is now due on ${formatLocalDate(due, timeZone)}, later than the ${formatLocalDate(wait.date, timeZone)} it said`;
  // Part of the order left since (the units in stock, shipped before the customer answered): a split
  // has nothing left to send now, and a refund of what has since shipped would pay back goods the
  // customer is getting.
  if (offer.options.some((o) => o.remedy === 'split') && facts.kinds.includes('oversold') && !shipNowUnits(facts).length) return 'what it offered to send now has shipped since: nothing is left to split';
  // Stock that moved before the answer (sold to another order, miscounted, or come in): the split
  // offered sends other units now than the notice listed, and its refund would be of other units.
  const split = offer.options.find((o) => o.remedy === 'split')?.terms;
  if (split?.shipNow && facts.kinds.includes('oversold')) {
    const now = new Map(shipNowUnits(facts).map((u) => [u.line.lineNo, u.quantity]));
    for (const line of facts.lines) {
      const told = split.shipNow.find((u) => u.lineNo === line.lineNo)?.quantity ?? 0;
      const can = now.get(line.lineNo) ?? 0;
      if (told !== can) return `it offered to send ${told} of ${line.title ?? line.sku ?? `line ${line.lineNo}`} now, and ${can} ${can === 1 ? 'is' : 'are'} in stock for it now`;
    }
  }
  for (const o of offer.options) {
    if ((o.remedy !== 'refund' && o.remedy !== 'split') || !o.terms || o.terms.kind === 'stalled') continue;
    for (const r of o.terms.refundLines) {
      const line = r.lineNo === undefined ? undefined : facts.lines.find((l) => l.lineNo === r.lineNo);
      if (line && line.quantity - line.fulfilledQuantity < r.quantity)
        return `part of what its ${o.remedy === 'split' ? "split's " : ''}refund covered has shipped since (${line.title ?? line.sku ?? `line ${line.lineNo}`}: ${line.fulfilledQuantity} of ${line.quantity} shipped)`;
    }
  }
  return null;
}

/**
 * The notice said there was no date for new stock yet (and, in most languages, that the customer
 * would hear one as soon as there was); the exports now give one. What to tell the operator, or null.
 */
export function restockDateToTell(offer: OfferData, facts: CaseFacts, timeZone: string): string | null {
  if (!offer.noRestockDate || !facts.kinds.includes('oversold')) return null;
  const due = knownRestockDate(facts.short);
  return due === null ? null : `new stock is now due on ${formatLocalDate(due, timeZone)}, and the notice said there was no date for it yet`;
}

/** Two offers that tell the customer the same: the same choices, each on the same day, amounts and items, and the same reason. */
function sameOffer(a: OfferData, b: OfferData, tz: string): boolean {
  const said = (o: OfferData) =>
    JSON.stringify([o.reason, o.options.map((x) => [x.remedy, x.terms && { ...x.terms, date: x.terms.date === null ? null : formatLocalDate(x.terms.date, tz), decidedBy: null }])]);
  return said(a) === said(b);
}

/** A retry names nothing new: no reason or decision that differs from what was recorded. */
function sameChoice(recorded: Terms, choices: RemedyChoices): boolean {
  return (choices.reason === undefined || (choices.reason.trim() || null) === recorded.reason) && (choices.decidedBy === undefined || choices.decidedBy === recorded.decidedBy);
}

/**
 * Why the shop may not decide this wait on its own, or null: a date past the end of what silence
 * may cover (silentWaitEnds, the US Mail Order Rule) needs the customer's express consent.
 */
export function longDelayNeedsConsent(facts: CaseFacts, terms: Terms, config: Config): string | null {
  if (terms.remedy !== 'wait' || terms.decidedBy === 'customer' || terms.date === null || terms.kind === 'stalled') return null;
  const ends = silentWaitEnds(facts.shipBy, facts.order.paidAt, homeCountry(config));
  if (ends === null || terms.date <= ends) return null;
  const promised = ends - SILENT_DELAY_DAYS * DAY;
  const tz = config.shop.timezone;
  return (
    `order ${facts.order.orderId}: waiting until ${formatLocalDate(terms.date, tz)} is more than ${SILENT_DELAY_DAYS} days past the ship date promised ` +
    `(${formatLocalDate(promised, tz)}), and a US shop may not take the customer's silence as a yes to that (FTC Mail Order Rule)`
  );
}

/**
 * A plan that sends goods whose money an earlier plan already gave back (the whole order refunded,
 * or the very items): the customer was told the refund had been started, and would get the goods
 * unpaid too. A swap's price difference kept by the customer is not this (the task list says not
 * to take it back).
 */
function refuseUnpaidGoods(unpaid: { reason: string; them: string } | null, orderId: string): void {
  if (unpaid)
    throw usageError(unpaid.reason, `if the customer wants ${unpaid.them} after all, they order again (the money went back to them); else keep the plan as it is, or close the case with oos resolve --order '${orderId}' --closed`);
}

/**
 * The remedies as the walk-through shows them once the whole order has been refunded (by card, by a
 * platform: money that went back): none may send the goods, nor refund again, so none is offered or
 * recommended, each saying why. Paid on delivery or by bank transfer nothing went back yet: as they are.
 */
export function optionsAfterRefunds(options: RemedyOption[], facts: CaseFacts, promises: LedgerPromise[], config: Config): RemedyOption[] {
  const method = refundMethodOf(facts.order.paymentMethod, facts.order.channel);
  if (method === 'cod' || method === 'bank') return options;
  const whole = wholeOrderRefunded(facts, 'wait', promises, config);
  if (!whole) return options;
  const why = `the whole order was refunded under an earlier plan, and the customer was told so: close the case (if they want the goods after all, they order again)`;
  return options.map((o) => ({ ...o, available: false, recommended: false, offered: false, reason: why }));
}

/** The whole order refunded by the plans so far, said for a plan that would send goods. */
function wholeOrderRefunded(facts: CaseFacts, remedy: Remedy, promises: LedgerPromise[], config: Config): { reason: string; them: string } | null {
  const refunds = refundPromises(promises).map((p) => p.data as { full?: boolean; currency?: string });
  if (!refunds.length) return null;
  const value = orderValue(facts);
  const refunded = refundsStarted(promises);
  if (!(value !== null ? value > 0 && refunded >= value : refunds.some((r) => r.full === true))) return null;
  const currency = refunds.at(-1)!.currency ?? (facts.order.currency ?? config.shop.currency).toUpperCase();
  return { them: 'the goods', reason: `the whole of order ${facts.order.orderId} was refunded under an earlier plan (${formatAmount(refunded, currency)} ${currency}), and the customer was told so: a ${remedy} would send goods they have their money back for` };
}

/** Items an earlier plan refunded at their price that this plan would send (not a stuck parcel's remedy: what it sends is the parcel's). */
function shipsRefundedItems(facts: CaseFacts, terms: Terms, promises: LedgerPromise[]): { reason: string; them: string } | null {
  if (terms.remedy === 'refund' || terms.kind === 'stalled') return null;
  const refunds = refundPromises(promises).map((p) => p.data as unknown as StartedRefund);
  if (!refunds.length) return null;
  // The plan's own refunded units (a split's refunded rest) do not ship; every other open unit does
  // (a substitute is sent in a replaced unit's place).
  const own = terms.remedy === 'split' && terms.splitRest === 'refund' ? openUnitsRefunded([{ amount: Infinity, lines: terms.refundLines }], facts.lines) : new Map<number, number>();
  const sent = [...openUnitsRefunded(refunds, facts.lines)].map(([lineNo, n]) => ({ line: facts.lines.find((l) => l.lineNo === lineNo)!, n: n - (own.get(lineNo) ?? 0) })).filter((u) => u.n > 0);
  if (!sent.length) return null;
  const names = sent.map(({ line: l, n }) => `${l.title ?? l.sku ?? `line ${l.lineNo}`}${l.variant ? ` (${l.variant})` : ''} × ${n}`).join(', ');
  const one = sent.length === 1 && sent[0]!.n === 1;
  return { them: one ? 'it' : 'them', reason: `${names} of order ${facts.order.orderId} ${one ? 'was' : 'were'} refunded in full under an earlier plan, and the customer was told so: a ${terms.remedy} would send ${one ? 'it' : 'them'} unpaid` };
}

/**
 * A coupon first issued with a wait (no message has named it yet) lasts past the wait's day
 * (coupon.ts lastingPast). One an offer or a notice already named keeps the last day it was told:
 * an offer with a wait already issued it to last past that wait (message-view.ts offerTerms).
 */
function couponLastsPastWait(terms: Terms, promises: LedgerPromise[], config: Config): Terms {
  const due = waitsUntil(terms);
  if (due === null || !terms.coupon) return terms;
  const code = terms.coupon.code;
  if (promises.some((p) => p.kind === 'coupon' && (p.data as { code?: string }).code === code)) return terms;
  return { ...terms, coupon: lastingPast(terms.coupon, due, config) };
}

/**
 * Refuses the number of a parcel that got stuck or lost (the case's stuck parcel, or one the ledger
 * gave up) as a new parcel's: the customer would be told the lost parcel is the one on its way.
 */
function refuseStuckNumber(number: string, facts: CaseFacts, parcels: Parcel[], orderId: string): void {
  const stuckNumber = facts.kinds.includes('stalled') ? (facts.tracking?.trackingNumber ?? facts.order.trackingNumber) : null;
  if (isStalledNumber(stalledNumbers(parcels), number) || (stuckNumber && trackingKey(number) === trackingKey(stuckNumber)))
    throw usageError(`${number} is the tracking number of the parcel of order ${orderId} that got stuck or lost, not of a new one`, "give the new parcel's tracking number");
}
