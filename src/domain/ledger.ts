/**
 * The promise ledger: what each customer message told the customer, as
 * structured commitments tied to that message. Later messages take their terms
 * from here instead of recomputing them (a reminder repeats the offer exactly,
 * a confirmation keeps the offered coupon), and every dated promise is watched
 * until it is kept or broken. Pure: the store keeps the rows.
 */
import type { Config } from './config.js';
import type { Coupon } from './coupon.js';
import { localTimeOnDay, shipDayOffset } from './locale.js';
import type { Parcel } from './parcels.js';
import type { Remedy, Terms } from './remedies.js';
import { HOUR } from './time.js';

/**
 * What the shop can be held to. `consent`: a renewed delay under the US Mail Order Rule told the
 * customer that without their yes by its due time the order is cancelled and refunded in full.
 */
export const COMMITMENT_KINDS = ['offer', 'restock', 'ship', 'carrier_answer', 'refund', 'coupon', 'tracking', 'consent'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
export type PromiseState = 'open' | 'kept' | 'broken' | 'superseded';

/** What the first notice offered: each choice with the exact terms it showed, and the reply deadline. */
export interface OfferData {
  options: { remedy: Remedy; terms: Terms | null }[];
  replyBy: number;
  reason: string | null;
  /**
   * The notice told the customer that without an answer the order waits for its new date (a late
   * order): silence is an answer. Absent in offers recorded before it was kept (see silenceAnswers).
   */
  silenceWaits?: boolean;
  /**
   * The notice said there was no date for new stock yet, and that the customer would hear one as soon
   * as there was: a date the exports then give is owed to them (the reminder stops, the operator is told).
   */
  noRestockDate?: boolean;
}

/**
 * Whether the customer's silence answers this offer: a late notice says the order then ships on
 * its new date. Any other offer (an oversold item, a stuck parcel) needs a reply or a decision.
 */
export function silenceAnswers(offer: Pick<OfferData, 'options' | 'silenceWaits'>, caseKind: string): boolean {
  return offer.silenceWaits ?? (caseKind === 'late' && offer.options.some((o) => o.remedy === 'wait'));
}

export interface Commitment {
  kind: CommitmentKind;
  /** When the shop must have done it (dated promises), or the reply deadline of an offer; null for facts told. */
  dueAt: number | null;
  data: Record<string, unknown>;
}

export interface LedgerPromise extends Commitment {
  id: number;
  state: PromiseState;
  createdAt: number;
}

/**
 * Minor units of every refund the case's recorded plans started (each one's message said it was
 * started, and the operator was told to make it): money the customer has, whatever plan came
 * after. `exceptLast` leaves out the newest, the refund of the plan still recorded, for telling a
 * retry of that plan from a new one.
 */
export function refundsStarted(promises: Pick<LedgerPromise, 'kind' | 'data'>[], exceptLast = false): number {
  const amounts = refundPromises(promises).map((p) => Number((p.data as { amount?: number }).amount ?? 0));
  if (exceptLast) amounts.pop();
  return amounts.reduce((a, b) => a + b, 0);
}

/** The refund promises that count: all but those a later plan took back before the money went (a bank transfer waiting for an account). */
export const refundPromises = <P extends Pick<LedgerPromise, 'kind' | 'data'>>(promises: P[]): P[] =>
  promises.filter((p) => p.kind === 'refund' && (p.data as { withdrawn?: boolean }).withdrawn !== true);

/** The end of a promised day in the shop's time zone: "ships on Thursday" holds until Thursday ends. */
export const endOfDay = (ms: number, config: Config) => localTimeOnDay(ms, 0, '23:59', config.shop.timezone);

export function offerCommitments(offer: OfferData): Commitment[] {
  const out: Commitment[] = [{ kind: 'offer', dueAt: offer.replyBy, data: offer as unknown as Record<string, unknown> }];
  const coupon = offer.options.map((o) => o.terms?.coupon).find((c): c is Coupon => !!c);
  if (coupon) out.push(couponCommitment(coupon));
  return out;
}

const couponCommitment = (c: Coupon): Commitment => ({ kind: 'coupon', dueAt: null, data: { ...c } });

/**
 * The commitments of a recorded remedy: the dated promise it makes (restock,
 * ship, carrier answer, refund), the coupon, and the parcel that already left.
 */
export function remedyCommitments(terms: Terms, parcels: Parcel[], now: number, config: Config): Commitment[] {
  const out: Commitment[] = [];
  const day = (ms: number) => endOfDay(ms, config);
  const told = shipDayOffset(now, config.shop.timezone);
  switch (terms.remedy) {
    case 'wait':
      if (terms.kind === 'oversold') out.push({ kind: 'restock', dueAt: day(terms.date!), data: { date: terms.date } });
      else if (terms.kind === 'late') out.push({ kind: 'ship', dueAt: day(terms.date!), data: { date: terms.date } });
      else out.push({ kind: 'carrier_answer', dueAt: day(terms.date!), data: { date: terms.date } });
      break;
    case 'substitute':
      // "Ships today" (or tomorrow, late in the day: shipDayOffset): the parcel must have left by the
      // end of the day after the day told at the latest, as the export showing it comes a day later.
      out.push({ kind: 'ship', dueAt: day(now + (1 + told) * 24 * HOUR), data: { date: now + told * 24 * HOUR, parcel: 'substitute' } });
      break;
    case 'split':
      out.push({ kind: 'ship', dueAt: day(now + (1 + told) * 24 * HOUR), data: { date: now + told * 24 * HOUR, parcel: 'split_now' } });
      if (terms.splitRest === 'wait') out.push({ kind: 'restock', dueAt: day(terms.date!), data: { date: terms.date, parcel: 'split_rest' } });
      break;
    case 'reship':
      if (!terms.trackingNumber) out.push({ kind: 'ship', dueAt: day(now + 24 * HOUR), data: { date: now, parcel: 'reship' } });
      break;
    case 'refund':
      break;
  }
  if (terms.refund !== null) out.push({ kind: 'refund', dueAt: now + 24 * HOUR, data: { amount: terms.refund, currency: terms.currency, full: terms.refundFull, lines: terms.refundLines } });
  if (terms.coupon) out.push(couponCommitment(terms.coupon));
  for (const p of parcels) if (p.state === 'shipped' && p.trackingNumber) out.push(trackingCommitment(p));
  return out;
}

export const trackingCommitment = (p: Parcel): Commitment => ({
  kind: 'tracking',
  dueAt: null,
  data: { tracking_number: p.trackingNumber, carrier: p.carrier, origin: p.origin, items: p.items },
});

/** How a dated promise stands now. */
export interface PromiseFacts {
  /** Every line still to ship has shipped (or the parcel the promise names has a number). */
  shipped: boolean;
  /** The out-of-stock problem is gone: the stock arrived. */
  stockArrived: boolean;
  /** The stalled parcel moved again or was delivered. */
  parcelMoved: boolean;
  /** The case was closed or finished. */
  closed: boolean;
}

/**
 * Kept, broken, or still open: a restock promise is kept when the stock came, a
 * ship promise when the parcel left, a carrier answer when the parcel moved. A
 * refund is confirmed by the customer's reply, which oos cannot see: it stays
 * open until the case closes, never broken by the clock alone.
 */
export function judgePromise(p: Pick<LedgerPromise, 'kind' | 'dueAt'>, f: PromiseFacts, now: number): PromiseState {
  if (f.closed) return 'kept';
  switch (p.kind) {
    case 'restock':
      if (f.stockArrived || f.shipped) return 'kept';
      break;
    case 'ship':
      if (f.shipped) return 'kept';
      break;
    case 'carrier_answer':
      if (f.parcelMoved) return 'kept';
      break;
    default:
      return 'open';
  }
  return p.dueAt !== null && now > p.dueAt ? 'broken' : 'open';
}

/** The offer the customer has not answered yet (the newest), from the ledger. */
export function openOffer(promises: LedgerPromise[]): OfferData | null {
  for (let i = promises.length - 1; i >= 0; i--) {
    const p = promises[i]!;
    if (p.kind === 'offer' && p.state === 'open') return p.data as unknown as OfferData;
  }
  return null;
}

/**
 * The last offer the customer was sent (answered or not, replaced or not), and when; null when a
 * plan was recorded after it (a swap sent, a refund made): new choices are then about what happened
 * since (its parcel got stuck), and nothing of that offer is still before the customer to replace.
 */
export function lastOffer(promises: LedgerPromise[]): { offer: OfferData; at: number } | null {
  for (let i = promises.length - 1; i >= 0; i--) {
    const p = promises[i]!;
    if (p.kind === 'offer') return { offer: p.data as unknown as OfferData, at: p.createdAt };
    if (madeByPlan(p)) return null;
  }
  return null;
}

/** A promise only a recorded remedy makes (an offer makes its coupon, a consent, and a wait's ship day kept by silence). */
const madeByPlan = (p: LedgerPromise) =>
  p.kind === 'restock' || p.kind === 'carrier_answer' || p.kind === 'refund' || p.kind === 'tracking' || (p.kind === 'ship' && (p.data as { silence?: boolean }).silence !== true);

/** The coupon this case was already given or offered: a case's coupon is issued once and reused. */
export function ledgerCoupon(promises: LedgerPromise[]): Coupon | null {
  for (let i = promises.length - 1; i >= 0; i--) {
    const p = promises[i]!;
    if (p.kind === 'coupon' && p.state !== 'superseded') return p.data as unknown as Coupon;
  }
  return null;
}
