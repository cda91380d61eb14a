/** The case list as people read it: contact-by first, overdue in red, one block per order. */
import type { Context } from '../context.js';
import { formatDuration, formatLocal, formatLocalDate, fromIso } from '../domain/time.js';
import { claimTimeLeft } from '../domain/deadlines.js';
import type { CaseView } from '../store/cases.js';
import { palette, type Palette } from './color.js';
import { fit, fitTail, plural } from './text.js';

const KIND_LABEL: Record<string, string> = { oversold: 'OVERSOLD', late: 'LATE', stalled: 'STALLED' };

export function contactByLabel(contactBy: string, ctx: Context): { text: string; overdue: boolean } {
  const t = fromIso(contactBy);
  const tz = ctx.config.shop.timezone;
  const sameDay = formatLocalDate(t, tz) === formatLocalDate(ctx.now, tz);
  const clock = sameDay ? formatLocal(t, tz).slice(11) : formatLocal(t, tz).slice(5);
  const overdue = t < ctx.now;
  return { text: `${clock} ${overdue ? `(${formatDuration(ctx.now - t)} overdue)` : `(in ${formatDuration(t - ctx.now)})`}`, overdue };
}

function colourKind(c: Palette, kind: string): string {
  const label = KIND_LABEL[kind] ?? kind;
  return kind === 'oversold' ? c.red.bold(label) : kind === 'late' ? c.yellow.bold(label) : c.magenta.bold(label);
}

const ALERT_LABEL = { contact_overdue: 'contact now', promise_broken: 'promise broken', message_withheld: 'message withheld' } as const;

/** The table a line at a time, each ending in a newline: thousands of cases are never one string. */
export function* caseTableLines(cases: Iterable<CaseView>, ctx: Context): Generator<string> {
  const c = palette(ctx.color);
  const pad = ' '.repeat(24 + 1 + 12 + 1 + 16 + 1);
  let first = true;
  for (const k of cases) {
    if (first) yield `${c.dim(`${fit('CONTACT BY', 24)} ${fit('ORDER', 12)} ${fit('CUSTOMER', 16)} PROBLEM`)}\n`;
    first = false;
    const by = contactByLabel(k.contact_by, ctx);
    const open = k.state === 'detected' || k.state === 'offered' || k.state === 'remedy_chosen';
    // Contacted customers are not "overdue": the shop is waiting for them, or keeping a promise.
    // Offered choices whose problem has since cleared (the order shipped) wait for no answer any more.
    const waiting = k.state === 'offered' ? (k.problem_cleared_at ? 'contacted, no reply due' : 'contacted, awaiting reply') : k.state === 'remedy_chosen' ? 'contacted, remedy chosen' : null;
    const byText = !open ? c.dim(fit(k.state, 24)) : waiting ? c.cyan(fit(waiting, 24)) : by.overdue ? c.red(fit(by.text, 24)) : fit(by.text, 24);
    const kinds = k.kinds.map((x) => colourKind(c, x)).join('+');
    const state = k.state === 'detected' ? '' : c.cyan(` [${k.state.replace('_', ' ')}]`);
    yield `${byText} ${c.bold(fitTail(k.order_id, 12))} ${fit(k.customer_name ?? '-', 16)} ${kinds}${state}${k.late_to_contact ? c.red(' late to contact') : ''}\n`;
    // A cleared problem is history: its reasons are what was, not what is ("not shipped" on a shipped order).
    if (k.problem_cleared_at && open) yield `${pad}${c.green(`problem cleared ${formatLocal(fromIso(k.problem_cleared_at), ctx.config.shop.timezone)}; finish what was promised`)}\n`;
    for (const r of k.reasons) yield `${pad}${k.problem_cleared_at && open ? c.dim(`was: ${r}`) : r}\n`;
    // A customer not contacted at all shows in the first column; one who did not answer the choices, or has news untold, here.
    for (const a of k.alerts) if (a.kind !== 'contact_overdue' || k.state !== 'detected') yield `${pad}${c.red(`${ALERT_LABEL[a.kind]}: ${a.detail}`)}\n`;
    const consent = consentLine(k, ctx);
    if (consent) yield `${pad}${consent.due ? c.red(consent.text) : c.cyan(consent.text)}\n`;
    // Once the problem has cleared, a ship or platform deadline that has passed is history, not a warning.
    const money = k.problem_cleared_at && open && k.deadline && k.deadline.kind !== 'claim' && fromIso(k.deadline.at) < ctx.now ? null : deadlineLine(k, ctx);
    if (money) yield `${pad}${c.yellow(money)}\n`;
    if (k.clock) yield `${pad}${c.dim(`clock: ${k.clock.event} after ${k.clock.threshold_hours} h (${k.clock.learned ? 'learned' : 'default'}; ${k.clock.why})`)}\n`;
    if (k.close_reason) yield `${pad}${c.dim(`closed: ${k.close_reason}`)}\n`;
    else if (k.problem_cleared_at && !open) yield `${pad}${c.dim(`problem cleared ${formatLocal(fromIso(k.problem_cleared_at), ctx.config.shop.timezone)}`)}\n`;
  }
}

/**
 * A second delay the customer must say yes to (US shops, docs/domain.md §8): while the day
 * runs, the shop waits; once it is over with no answer recorded, the order is to be refunded.
 */
function consentLine(k: CaseView, ctx: Context): { text: string; due: boolean } | null {
  const p = k.promises.find((x) => x.kind === 'consent' && x.state === 'open' && x.due_at !== null);
  // The order shipped after all: nothing is left to agree to, let alone to cancel (the next follow-up run settles the promise).
  if (!p || (k.items.length > 0 && k.items.every((i) => i.open === 0))) return null;
  const by = formatLocal(fromIso(p.due_at!), ctx.config.shop.timezone);
  return fromIso(p.due_at!) <= ctx.now
    ? { text: `no yes to the new date by ${by}: cancel and refund, as the message said (oos resolve --order '${k.order_id}' --remedy refund --yes)`, due: true }
    : { text: `waiting for the customer's yes to the new date until ${by}; record it with oos resolve --order '${k.order_id}' --replied --choice wait`, due: false };
}

/** `open`: the open cases counted by kind (CaseList.open), and those whose problem has cleared. */
export function summariseKinds(open: { total: number; oversold: number; late: number; stalled: number; cleared?: number }): string {
  const cleared = open.cleared ? ` · ${open.cleared} cleared, promises still to keep` : '';
  return `${plural(open.total, 'open case')}: ${open.oversold} oversold · ${open.late} late · ${open.stalled} stalled${cleared}`;
}

const DEADLINE_LABEL: Record<string, string> = { contact: 'contact the customer', ship: 'ship', platform: "platform's ship deadline", claim: 'file the carrier claim' };

/** The nearest deadline and what is at stake, in one line; null when there is neither to add to contact-by. */
export function deadlineLine(k: CaseView, ctx: Context): string | null {
  const tz = ctx.config.shop.timezone;
  const parts: string[] = [];
  if (k.platform_deadline && k.deadline?.kind !== 'platform') {
    const at = fromIso(k.platform_deadline.at);
    parts.push(`${k.platform_deadline.platform} ship deadline ${formatLocal(at, tz)} (${at < ctx.now ? `passed ${formatDuration(ctx.now - at)} ago` : `in ${formatDuration(at - ctx.now)}`})`);
  }
  if (k.deadline && k.deadline.kind !== 'contact') {
    const at = fromIso(k.deadline.at);
    const rel = at < ctx.now ? `passed ${formatDuration(ctx.now - at)} ago` : `in ${formatDuration(at - ctx.now)}`;
    // The platform's deadline is named by its platform, as on the line above for other cases.
    const label = k.deadline.kind === 'platform' && k.platform_deadline ? `${k.platform_deadline.platform} ship deadline` : DEADLINE_LABEL[k.deadline.kind];
    parts.push(`deadline: ${label} by ${formatLocal(at, tz)} (${rel})`);
  }
  if (k.claim_by && k.deadline?.kind !== 'claim') {
    const at = fromIso(k.claim_by);
    parts.push(`claim by ${formatLocalDate(at, tz)}`);
  }
  if (k.claim_by) {
    const left = claimTimeLeft(fromIso(k.claim_by), ctx.now);
    parts.push(left === 'window closed' ? 'claim window closed' : `${left} to claim${k.claim_reminder_at ? `, reminder ${formatLocalDate(fromIso(k.claim_reminder_at), tz)}` : ''}`);
  }
  if (k.at_stake) parts.push(`at stake: ${k.at_stake.amount !== null ? `${k.at_stake.amount} ${k.at_stake.currency} (${k.at_stake.rule})` : k.at_stake.rule}`);
  return parts.length ? parts.join(' · ') : null;
}
