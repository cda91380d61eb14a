/**
 * What to do with a follow-up that has come due (playbook §4), decided from
 * the case as it is now, not as it was when the follow-up was planned:
 * send it, drop it (with the reason), or move it to a later time.
 */
import type { Config } from './config.js';
import { outsideQuietHours, type FollowupKind } from './followups.js';
import { localTimeOnDay } from './locale.js';
import type { CaseFacts, Terms } from './remedies.js';
import { settledUnits } from './settled.js';

export interface DueState {
  kind: FollowupKind;
  caseState: 'detected' | 'offered' | 'remedy_chosen' | 'done' | 'closed';
  remedy: string | null;
  repliedAt: number | null;
  plannedAt: number;
  /** Every line that needs shipping has shipped. */
  shipped: boolean;
  /** At least one line has shipped (the first parcel of a split). */
  partlyShipped: boolean;
  /** A tracking number is known for the order. */
  hasTracking: boolean;
  delivered: boolean;
  /** Reminders already sent for this case. */
  remindersSent: number;
  /**
   * A stuck parcel the customer chose (or was asked) to wait for: the order shipped long ago, so
   * "shipped" says nothing here. 'stuck' while the carrier is silent, 'moving' once it moves again
   * and the customer has not been told yet, 'told' after they have.
   */
  stalledWait?: 'stuck' | 'moving' | 'told' | null;
  /** A parcel the remedy made (a reship, a substitute, a split's rest) has not left yet. */
  parcelPending?: boolean;
  /** A parcel the remedy sent is still on its way, as the tracking export follows it. */
  parcelInTransit?: boolean;
  /** A yes the customer was asked for (US shops): 'asked' until its deadline, 'lapsed' after it with none recorded. */
  consent?: 'asked' | 'lapsed' | null;
  /**
   * A wait update already went out today (the shop's day): a run catching up after missed days
   * finds several due at once, and the regular one comes an hour later. One "today's update" a day.
   */
  updatedToday?: boolean;
  /** The day the update would repeat ("still due on …") is already over: only the slipped-date message, or the operator, may speak of it now. */
  waitDatePassed?: boolean;
  /** The case's problem has cleared (the stock waited for is in): a "still due on …" update would be untrue. */
  stockIn?: boolean;
  /** The customer collected the order at the shop (a pickup order handed over): no parcel, no number. */
  collected?: boolean;
}

export type Shipment = Pick<DueState, 'shipped' | 'partlyShipped' | 'hasTracking' | 'delivered' | 'collected'>;

/** How far the order has got, from its lines and parcel as the case facts hold them. */
export function shipmentOf(facts: Pick<CaseFacts, 'order' | 'lines' | 'tracking'>, terms: Terms | null = null): Shipment {
  const shipping = facts.lines.filter((l) => l.requiresShipping);
  const t = facts.tracking;
  // Units the chosen remedy settled (a split's refunded rest, a swap's replaced item) are not owed by
  // the export's lines: many exports leave them unfulfilled for good. (A swap's own parcel is watched as a parcel.)
  const settled = terms ? settledUnits(terms, shipping) : new Map<number, number>();
  return {
    shipped: shipping.every((l) => l.fulfilledQuantity + (settled.get(l.lineNo) ?? 0) >= l.quantity),
    partlyShipped: shipping.some((l) => l.fulfilledQuantity > 0),
    hasTracking: facts.order.trackingNumber !== null,
    delivered: t !== null && (t.status === 'delivered' || t.deliveredAt !== null),
    collected: facts.order.pickup === true && shipping.every((l) => l.fulfilledQuantity + (settled.get(l.lineNo) ?? 0) >= l.quantity),
  };
}

export type Decision = { action: 'send' } | { action: 'cancel'; reason: string } | { action: 'postpone'; to: number; reason: string };

/** After this many postponements a promise is overdue and the operator has to act, not the scheduler. */
export const MAX_REMINDERS = 2;

export function decideFollowup(s: DueState, config: Config, now: number): Decision {
  if (s.caseState === 'closed' || s.caseState === 'done') return { action: 'cancel', reason: 'case closed' };
  const tomorrow = () => outsideQuietHours(localTimeOnDay(now, 1, '10:00', config.shop.timezone), config);
  switch (s.kind) {
    case 'reminder':
      if (s.caseState !== 'offered') return { action: 'cancel', reason: 'remedy already chosen' };
      if (s.repliedAt !== null && s.repliedAt >= s.plannedAt) return { action: 'cancel', reason: 'customer replied' };
      return { action: 'send' };
    case 'wait_update':
      // The confirmation promised to tell the customer as soon as the carrier moves: once, then done.
      if (s.stalledWait) {
        // Asked to choose and delivered before answering: told once that nothing is left to choose (and
        // given the coupon promised whichever the choice). A wait chosen needs no word: the parcel came.
        if (s.delivered) return s.caseState === 'offered' && s.stalledWait === 'moving' ? { action: 'send' } : { action: 'cancel', reason: 'parcel delivered' };
        if (s.stalledWait === 'told') return { action: 'cancel', reason: 'parcel moving again: the customer was told' };
        // "Moving again" is news whenever it comes; "we chased the carrier today" is said once a day.
        if (s.stalledWait === 'stuck' && s.updatedToday) return { action: 'cancel', reason: 'an update already went out today' };
        // "If nothing by <day>, we reship or refund" once that day is over would be untrue (a run that missed days).
        if (s.stalledWait === 'stuck' && s.waitDatePassed) return { action: 'cancel', reason: 'the promised day has passed: the date-slipped message or the operator speaks next' };
        return { action: 'send' };
      }
      // Asked for a yes to a new date: no update presumes it; without one by the deadline the order is refunded.
      if (s.consent === 'lapsed') return { action: 'cancel', reason: 'no yes to the new date: the order is to be cancelled and refunded' };
      if (s.consent === 'asked') return { action: 'postpone', to: tomorrow(), reason: "waiting for the customer's yes to the new date" };
      if (s.shipped && s.remedy !== 'reship') return { action: 'cancel', reason: 'already shipped: the tracking message takes over' };
      // A split's first parcel arriving is no news about the rest, still waited for.
      if (s.delivered && !(s.remedy === 'split' && s.parcelPending)) return { action: 'cancel', reason: 'parcel delivered' };
      if (s.updatedToday) return { action: 'cancel', reason: 'an update already went out today' };
      // Still waiting for what has come: the order is to ship, and its tracking message is the news.
      if (s.stockIn) return { action: 'cancel', reason: 'the stock is in: the order ships, and the tracking message follows' };
      if (s.waitDatePassed) return { action: 'cancel', reason: 'the promised day has passed: the date-slipped message or the operator speaks next' };
      return { action: 'send' };
    case 'shipped': {
      // A pickup order handed over has no parcel and no number to announce: the customer has it.
      if (s.collected) return { action: 'cancel', reason: 'collected at the shop: no parcel to announce' };
      // Never a false "shipped": without a tracking number the message waits a day.
      const sent = s.remedy === 'split' ? s.partlyShipped : s.shipped;
      if (!sent || !s.hasTracking) return { action: 'postpone', to: tomorrow(), reason: s.shipped ? 'no tracking number yet' : 'not shipped yet' };
      return { action: 'send' };
    }
    case 'satisfaction':
      // "Did it arrive?" only once everything the remedy sends has left (a reship's order shipped long ago).
      if (s.remedy !== 'refund' && (!s.shipped || (s.parcelPending && !s.collected))) return { action: 'postpone', to: tomorrow(), reason: 'not shipped yet' };
      if (s.remedy !== 'refund' && s.parcelInTransit) return { action: 'postpone', to: tomorrow(), reason: 'the new parcel is still on its way' };
      return { action: 'send' };
    case 'refund_check':
    case 'checkin':
      return { action: 'send' };
  }
}

/** The follow-up intent (template) of each kind. */
export const FOLLOWUP_INTENT = {
  reminder: 'followup-reminder',
  wait_update: 'followup-wait-update',
  shipped: 'followup-shipped',
  refund_check: 'followup-refund-check',
  satisfaction: 'followup-satisfaction',
  checkin: 'followup-checkin',
} as const satisfies Record<FollowupKind, string>;
