/**
 * What the shop has to do for a message to be true. A message says "we've started your refund",
 * "here is coupon SORRY-7K2P", "we're chasing the carrier": oos writes those words, but only the
 * operator can make them so (the refund on the payment platform, the code in the shop's coupon
 * settings, the carrier's trace request). Each task is derived from what the rendered message
 * actually says (its view), so a task exists exactly when the message makes the claim.
 */
import type { Coupon } from './coupon.js';
import type { View } from './message-view.js';
import { refundMethodOf } from './refund-method.js';
import { formatMoney } from './money.js';
import type { CaseFacts, Terms } from './remedies.js';
import { formatLocalDate } from './time.js';

export interface TaskInput {
  /** The rendered template's intent (notice-stalled, confirm-refund …). */
  intent: string;
  view: View;
  /** The terms the message confirms (null for a notice). */
  terms: Terms | null;
  /** The coupon the message hands over now, if it does (a confirmation, or a notice that gives it). */
  coupon: Coupon | null;
  facts: CaseFacts;
  /** When the claim for a lost parcel must be filed by, if known. */
  claimBy: number | null;
  timezone: string;
  /** The channel the message goes by: a phone call says the code, or that it follows in writing. */
  channel?: string;
  /** The message as written: whether it spells the coupon's code out (an SMS may have room only for its amount). */
  text?: string;
}

/**
 * A coupon the message hands over (a confirmation's, or the one a notice or follow-up gives with
 * the news): a code the customer will type at checkout must exist by then, an account coupon must
 * be in the account. Null when the message only promises one, or repeats one given before.
 */
export function couponTask(t: Pick<TaskInput, 'intent' | 'view' | 'coupon' | 'facts' | 'timezone' | 'channel' | 'text'>): string | null {
  const { view } = t;
  // (A reminder of the choices names the code the customer gets with them: they have it from then on.)
  const handsCoupon =
    view.has_coupon === true && view.still_coupon !== true && (t.intent.startsWith('confirm-') || view.coupon_given_now === true || (t.intent === 'followup-reminder' && view.coupon_has_code === true));
  if (!handsCoupon || !t.coupon) return null;
  const worth = `(${formatMoney(t.coupon.amount, t.coupon.currency)}, valid until ${formatLocalDate(t.coupon.expiresAt, t.timezone)})`;
  // A call cannot spell a code out reliably: its script says the code follows in writing, and nothing else sends it.
  if (view.coupon_has_code === true && t.channel === 'phone')
    return `create the coupon code ${t.coupon.code} ${worth} in your shop's discount settings, and send the customer the code in writing after the call (SMS, chat or email): the call says you will`;
  // An SMS that hands the coupon over by its amount alone ("We'll add a $15 coupon"), or leaves it out
  // for room: nothing later carries the code (a customer who waits in silence gets no confirmation),
  // so the shop sends it. The task says only what is sure: this message has no code.
  if (view.coupon_has_code === true && t.text !== undefined && !t.text.includes(t.coupon.code))
    return `create the coupon code ${t.coupon.code} ${worth} in your shop's discount settings, and send the customer the code in writing today (chat or email): this message does not carry the code`;
  if (view.coupon_has_code === true) return `create the coupon code ${t.coupon.code} ${worth} in your shop's discount settings before the customer uses it: the message gives them this code`;
  if (view.coupon_to_account === true) return `put a coupon ${worth} into the customer's account${t.facts.order.channel ? ` on ${t.facts.order.channel}` : ''}: the message says it is already there`;
  return null;
}

/**
 * The carrier trace a message says the shop is doing: a stalled-parcel notice ("we're already on
 * it"), a confirmation to wait for a stuck parcel ("we chase the carrier every day"), and each daily
 * update while it is still stuck ("we chased them again today"). Null when the message says none.
 */
export function chaseTask(t: Pick<TaskInput, 'intent' | 'view' | 'terms' | 'facts' | 'timezone'>): string | null {
  const { view, facts } = t;
  const tn = typeof view.tracking_number === 'string' ? view.tracking_number : null;
  const carrier = facts.tracking?.carrier ?? facts.order.carrier ?? 'the carrier';
  const parcel = tn ? `parcel ${tn}` : 'the parcel';
  const stillStuck = view.is_stalled === true && view.moving_again !== true;
  if (t.intent === 'notice-stalled') return `ask ${carrier} to trace ${parcel} today: the message says you are already on it`;
  if (t.intent === 'confirm-wait' && stillStuck) {
    const until = t.terms?.date != null ? ` until ${formatLocalDate(t.terms.date, t.timezone)}` : '';
    return `ask ${carrier} about ${parcel} every day${until}, and record what they say: the message says you chase them daily`;
  }
  if (t.intent === 'followup-wait-update' && stillStuck) return `ask ${carrier} to trace ${parcel} today: the update says you chased them again today`;
  return null;
}

export function shopTasks(t: TaskInput): string[] {
  const { view, terms, facts } = t;
  const tasks: string[] = [];
  const id = facts.order.orderId;
  const day = (ms: number) => formatLocalDate(ms, t.timezone);
  const platform = facts.order.channel ? ` on ${facts.order.channel}` : '';

  const coupon = couponTask(t);
  if (coupon) tasks.push(coupon);

  // A change of plan after a refund was started: the customer keeps it (the written messages say so; an SMS has no room).
  if (typeof view.kept_refund === 'string')
    tasks.push(`do not take back the ${view.kept_refund} refunded under the earlier plan: it stays the customer's (a later refund is only what is left)`);
  // An SMS says only that the plan changed (no room for the rest): the operator says what it leaves out.
  const sms = t.channel === 'sms';
  if (typeof view.withdrawn_transfer === 'string')
    tasks.push(
      sms
        ? `do not transfer the ${view.withdrawn_transfer} refund promised under the earlier plan, and tell the customer today (chat or a call) that it will not be made and they need not send bank details, as the goods are sent instead: the SMS only says the plan changed (if the money has gone already, settle it with the customer before they ship)`
        : `do not transfer the ${view.withdrawn_transfer} refund promised under the earlier plan: the message says it will not be made, as the goods are sent instead (if it has gone already, settle it with the customer before they ship)`,
    );
  if (typeof view.kept_transfer === 'string')
    tasks.push(
      sms
        ? `when the customer replies with their bank account, transfer the ${view.kept_transfer} promised under the earlier plan, unless it has gone already, and tell them it still comes: the SMS only says the plan changed`
        : `when the customer replies with their bank account, transfer the ${view.kept_transfer} promised under the earlier plan, unless it has gone already: the message says it still comes`,
    );

  // The message says money goes back (or, paid on delivery, that less or nothing is collected).
  if (terms && view.has_refund === true && terms.refund !== null) {
    const amount = formatMoney(terms.refund, terms.currency);
    switch (refundMethodOf(facts.order.paymentMethod, facts.order.channel)) {
      case 'cod':
        // A cheaper substitute cancels nothing: the parcel's cash-on-delivery amount goes down by the difference.
        tasks.push(
          terms.remedy === 'substitute'
            ? `make sure ${amount} less is collected on delivery: lower the cash-on-delivery amount of the substitute's parcel${platform} by the price difference: the message says the customer pays that much less`
            : `make sure ${amount} is not collected on delivery: cancel ${terms.refundFull ? 'the order' : 'those items'}${platform}, or change the cash-on-delivery amount with the carrier if the parcel has left: the message says the customer will not be charged it`,
        );
        break;
      case 'bank':
        // The message names the whole sum owed: the earlier plan's transfer may not have gone yet.
        tasks.push(
          terms.refundEarlier
            ? `when the customer replies with their bank account, transfer ${formatMoney(terms.refund + terms.refundEarlier, terms.currency)} in all within 24 hours, fees on the shop (${amount} for this plan and the ${formatMoney(terms.refundEarlier, terms.currency)} promised under the earlier plan: if that has gone already, send the other ${amount}): the message promises the whole sum`
            : `when the customer replies with their bank account, transfer ${amount} within 24 hours, fees on the shop: the message promises it`,
        );
        break;
      default:
        tasks.push(
          `refund ${amount}${platform} now (paid by ${facts.order.paymentMethod ?? 'the original method'})${terms.refundEarlier ? `, on top of the ${formatMoney(terms.refundEarlier, terms.currency)} refunded earlier` : ''}: the message says the refund has been started`,
        );
    }
  }

  // A stalled-parcel notice says the shop is already chasing the carrier; a wait for it, that it does so daily.
  const chase = chaseTask(t);
  if (chase) tasks.push(chase);

  // A reship of a lost parcel tells the customer the shop claims for the lost one itself.
  if (terms && view.carrier_claim === true) {
    const lost = facts.tracking?.trackingNumber ?? facts.order.trackingNumber;
    const carrier = facts.tracking?.carrier ?? facts.order.carrier ?? 'the carrier';
    tasks.push(
      `file the claim with ${carrier} for the lost parcel${lost ? ` ${lost}` : ''}${t.claimBy !== null ? ` by ${day(t.claimBy)}` : ''} (oos claim '${id}' writes the evidence folder): the message says you will`,
    );
  }
  return tasks;
}
