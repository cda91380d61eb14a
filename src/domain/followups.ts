/**
 * Follow-up planning (playbook §4): every message that offers a choice gets a
 * reminder, every promise gets its updates and checks, and nothing is due
 * during the shop's quiet hours. Pure: the store saves the plan, `oos
 * followup` re-checks each one's condition when it comes due.
 */
import { refundMethodOf } from './refund-method.js';
import type { Config } from './config.js';
import { daysBetween, localTimeOnDay } from './locale.js';
import type { Terms } from './remedies.js';
import { HOUR, wallClock, zonedToEpoch } from './time.js';

/** Days after an order leaves that the customer is asked whether it all arrived well (a wait's check comes three days after its ship day). */
export const SATISFACTION_AFTER_SHIPPING_DAYS = 3;

export const FOLLOWUP_KINDS = ['reminder', 'wait_update', 'shipped', 'refund_check', 'satisfaction', 'checkin'] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];

export interface PlannedFollowup {
  kind: FollowupKind;
  dueAt: number;
}

/** Morning slot for planned updates, in shop time. */
const UPDATE_AT = '10:00';

/** After a first notice with choices: a reminder if the customer has not answered in 24 h. */
export function planAfterOffer(now: number, replyBy: number, config: Config): PlannedFollowup[] {
  return [{ kind: 'reminder', dueAt: reminderTime(now, replyBy, config) }];
}

/**
 * When the no-reply reminder goes out: while the customer can still answer in time. Six hours
 * before the reply deadline; if that falls in the quiet hours, the morning they end when that is
 * still two hours before the deadline, else the evening before they begin.
 */
export function reminderTime(now: number, replyBy: number, config: Config): number {
  const target = replyBy - 6 * HOUR;
  let at = target;
  if (isQuietTime(target, config)) {
    const morning = outsideQuietHours(target, config);
    at = morning <= replyBy - 2 * HOUR ? morning : lastBeforeQuietHours(target, config);
  }
  // Never sooner than two hours after the offer itself (a short deadline or long quiet hours).
  return Math.min(Math.max(at, now + 2 * HOUR), replyBy - HOUR);
}

/**
 * The second reminder (a phone call) after the first one was sent at `now`: ninety minutes
 * before the deadline, moved out of the quiet hours like the first; none when that leaves no
 * time (less than two hours after the first, or not before the deadline).
 */
export function secondReminderTime(now: number, replyBy: number, config: Config): number | null {
  const target = replyBy - 90 * 60_000;
  let at = target;
  if (isQuietTime(target, config)) {
    const morning = outsideQuietHours(target, config);
    at = morning <= replyBy - 30 * 60_000 ? morning : lastBeforeQuietHours(target, config);
  }
  return at >= now + 2 * HOUR && at < replyBy ? at : null;
}

/** An hour before the quiet hours that `t` falls in began (shop time). */
function lastBeforeQuietHours(t: number, config: Config): number {
  const tz = config.shop.timezone;
  const start = minutesOf(config.quiet_hours.start);
  const w = wallClock(t, tz);
  const m = w.hour * 60 + w.minute;
  // Before midnight the quiet hours began today; after it (an overnight range), yesterday.
  const began = m >= start ? zonedToEpoch(tz, w.year, w.month, w.day, Math.floor(start / 60), start % 60) : localTimeOnDay(t, -1, config.quiet_hours.start, tz);
  return began - HOUR;
}

/** After the customer's choice is recorded: the updates and checks its promise needs. */
export function planAfterRemedy(terms: Terms, now: number, config: Config, paymentMethod: string | null = null): PlannedFollowup[] {
  // A card refund takes working days to show, and points the platform returns can take days (the
  // messages say so): asking after a day whether it arrived would only worry the customer. Other
  // methods show within a day.
  const method = refundMethodOf(paymentMethod);
  const slow = method === 'card' || method === 'points';
  // Paid on delivery: no money goes back, so there is nothing to ask "has it arrived?" about.
  const checksRefund = method !== 'cod';
  const tz = config.shop.timezone;
  const plan: PlannedFollowup[] = [];
  const at = (days: number) => localTimeOnDay(now, days, UPDATE_AT, tz);
  const add = (kind: FollowupKind, dueAt: number) => plan.push({ kind, dueAt: outsideQuietHours(dueAt, config) });
  // Every day until the date, as the confirmation says ("a short update every day until then"): a
  // stream cut after two weeks left a month-long wait silent for its second half. (Each update is
  // dropped on the day there is no news to give: the stock in, the order shipped.)
  const dailyUntil = (date: number) => {
    const days = daysBetween(now, date, tz);
    for (let d = 1; d < days; d++) add('wait_update', at(d));
  };
  const waitDays = (date: number) => Math.max(0, daysBetween(now, date, tz));

  switch (terms.remedy) {
    case 'wait':
      dailyUntil(terms.date!);
      if (terms.kind !== 'stalled') {
        add('shipped', at(waitDays(terms.date!) + 1));
        add('satisfaction', at(waitDays(terms.date!) + 4));
      }
      break;
    case 'substitute':
      add('shipped', at(1));
      add('satisfaction', at(4));
      break;
    case 'split':
      add('shipped', at(1));
      if (terms.splitRest === 'wait') {
        // The first parcel's tracking number goes out with 'shipped'; the rest is covered by the daily updates.
        dailyUntil(terms.date!);
        add('satisfaction', at(waitDays(terms.date!) + 4));
      } else {
        if (checksRefund) add('refund_check', slow ? at(7) : now + 24 * HOUR);
        add('satisfaction', at(4));
      }
      break;
    case 'refund':
      if (checksRefund) add('refund_check', slow ? at(7) : now + 24 * HOUR);
      add('checkin', at(slow ? 10 : 7));
      break;
    case 'reship':
      if (!terms.trackingNumber) add('shipped', at(1));
      add('satisfaction', at(5));
      break;
  }
  if (checksRefund && terms.refund !== null && terms.remedy !== 'refund' && terms.splitRest !== 'refund') add('refund_check', slow ? at(7) : now + 24 * HOUR);
  return dedupe(plan);
}

function dedupe(plan: PlannedFollowup[]): PlannedFollowup[] {
  const seen = new Set<string>();
  return plan
    .filter((p) => {
      const k = `${p.kind}@${p.dueAt}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.dueAt - b.dueAt || a.kind.localeCompare(b.kind));
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export function isQuietTime(t: number, config: Config): boolean {
  const start = minutesOf(config.quiet_hours.start);
  const end = minutesOf(config.quiet_hours.end);
  if (start === end) return false;
  const w = wallClock(t, config.shop.timezone);
  const m = w.hour * 60 + w.minute;
  return start > end ? m >= start || m < end : m >= start && m < end;
}

/** Moves a time that falls in the quiet hours (shop time) to the moment they end. */
export function outsideQuietHours(t: number, config: Config): number {
  if (!isQuietTime(t, config)) return t;
  const tz = config.shop.timezone;
  const end = minutesOf(config.quiet_hours.end);
  const w = wallClock(t, tz);
  const m = w.hour * 60 + w.minute;
  const today = zonedToEpoch(tz, w.year, w.month, w.day, Math.floor(end / 60), end % 60);
  return m < end ? today : localTimeOnDay(t, 1, config.quiet_hours.end, tz);
}
