/**
 * The numbers behind `oos report` (playbook §5): what went wrong, how fast the
 * shop answered against its own window, what customers chose, what it cost,
 * and which SKUs and carriers keep causing trouble. Pure over plain rows.
 */
import { KIND_PRIORITY, type CaseKind } from './types.js';
import { formatLocalDate, fromIso, HOUR } from './time.js';

export interface ReportCase {
  order_id: string;
  kind: CaseKind;
  kinds: CaseKind[];
  /** Every kind the case has had (a late order whose parcel then got stuck was both). */
  ever_kinds: CaseKind[];
  state: string;
  first_detected_at: string;
  /** When the case's current problem was found: its first detection, or when it reopened with a new one. */
  detected_at?: string;
  contact_by: string;
  /** The first message about the current problem (a reopened case's new problem counts from its reopening). */
  first_contact_at: string | null;
  /** Any message ever went to the customer about the case (an earlier problem of a reopened case too). */
  ever_contacted?: boolean;
  /** When the case closed (by itself or by the operator); null while open. */
  closed_at: string | null;
  remedy: string | null;
  choice: string | null;
  offered_at: string | null;
  outcome: string | null;
  short_skus: { sku: string; short: number }[];
  carrier: string | null;
  refund: number | null;
  /** The refund is the whole order's value: paid on delivery, the order is cancelled, not just collected for less. */
  refund_full: boolean | null;
  /** Paid on delivery: a "refund" gives nothing back (nothing was charged), it cancels a sale that was never collected. */
  paid_on_delivery: boolean;
  coupon: number | null;
  currency: string;
}

export interface Report {
  period: { since: string | null; until: string | null };
  cases: { total: number; by_kind: Record<CaseKind, number>; share_by_kind: Record<CaseKind, number>; by_day: { day: string; oversold: number; late: number; stalled: number }[] };
  remedies: Record<string, number>;
  customer_choices: Record<string, number>;
  outcomes: Record<string, number>;
  contact: {
    contacted: number;
    within_target: number;
    share_within_target: number | null;
    median_minutes: number | null;
    worst_minutes: number | null;
    not_contacted_overdue: number;
    not_contacted_waiting: number;
    /** Closed with no message ever written, after their contact-by had passed (the problem went away before anyone told the customer). */
    closed_uncontacted_late: number;
  };
  open: { count: number; by_state: Record<string, number>; oldest_hours: number | null; median_age_hours: number | null };
  top_oversold_skus: { sku: string; cases: number; units_short: number }[];
  stalled_by_carrier: { carrier: string; cases: number }[];
  /**
   * refunded: money paid back; not_collected: what orders paid on delivery will never be charged, for
   * orders cancelled whole before payment (cancellations_unpaid) or collected for less on delivery
   * (collected_less: a cheaper substitute, the missing part of a split or order cancelled).
   */
  money: { currency: string; refunded: number; refunds: number; not_collected: number; cancellations_unpaid: number; collected_less: number; coupons: number; coupon_value: number }[];
}

const OPEN = new Set(['detected', 'offered', 'remedy_chosen']);

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const count = (xs: (string | null)[]) => {
  const out: Record<string, number> = {};
  for (const x of xs) if (x !== null) out[x] = (out[x] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
};

/**
 * What went wrong with a case, counted once: the first of the problems it ever had, in the order a
 * case's own kind is chosen. An oversold order whose stock came while it went on to be late was
 * oversold: counted as late, the shop would never see the stock problem that caused the delay.
 */
const rootKind = (c: Pick<ReportCase, 'kind' | 'ever_kinds'>): CaseKind => [...c.ever_kinds].sort((a, b) => KIND_PRIORITY[a] - KIND_PRIORITY[b])[0] ?? c.kind;

export function buildReport(cases: ReportCase[], opts: { since: number | null; until: number | null; now: number; timeZone: string }): Report {
  const byKind: Record<CaseKind, number> = { oversold: 0, late: 0, stalled: 0 };
  const days = new Map<string, { day: string; oversold: number; late: number; stalled: number }>();
  for (const c of cases) {
    const kind = rootKind(c);
    byKind[kind]++;
    const day = formatLocalDate(fromIso(c.first_detected_at), opts.timeZone);
    const d = days.get(day) ?? { day, oversold: 0, late: 0, stalled: 0 };
    d[kind]++;
    days.set(day, d);
  }
  const total = cases.length;
  const share = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);

  const contacted = cases.filter((c) => c.first_contact_at !== null);
  const minutes = contacted.map((c) => Math.round((fromIso(c.first_contact_at!) - fromIso(c.detected_at ?? c.first_detected_at)) / 60_000));
  const within = contacted.filter((c) => fromIso(c.first_contact_at!) <= fromIso(c.contact_by)).length;
  const notContacted = cases.filter((c) => c.first_contact_at === null && OPEN.has(c.state));
  const overdue = notContacted.filter((c) => fromIso(c.contact_by) < opts.now).length;
  // "On time" counts the customers contacted; one never told while the problem lasted past contact-by is counted here.
  const closedLate = cases.filter((c) => c.first_contact_at === null && c.ever_contacted !== true && !OPEN.has(c.state) && c.closed_at !== null && c.closed_at > c.contact_by).length;

  const open = cases.filter((c) => OPEN.has(c.state));
  const ages = open.map((c) => (opts.now - fromIso(c.first_detected_at)) / HOUR);

  const skus = new Map<string, { sku: string; cases: number; units_short: number }>();
  for (const c of cases)
    for (const s of c.short_skus) {
      const e = skus.get(s.sku) ?? { sku: s.sku, cases: 0, units_short: 0 };
      e.cases++;
      e.units_short += s.short;
      skus.set(s.sku, e);
    }
  const carriers = new Map<string, number>();
  for (const c of cases) if (c.ever_kinds.includes('stalled')) carriers.set(c.carrier ?? '(unknown)', (carriers.get(c.carrier ?? '(unknown)') ?? 0) + 1);
  const money = new Map<string, Report['money'][number]>();
  for (const c of cases) {
    if (c.refund === null && c.coupon === null) continue;
    const m = money.get(c.currency) ?? { currency: c.currency, refunded: 0, refunds: 0, not_collected: 0, cancellations_unpaid: 0, collected_less: 0, coupons: 0, coupon_value: 0 };
    if (c.refund !== null && c.paid_on_delivery) {
      m.not_collected += c.refund;
      // Only a refund cancels the order; a swap for a free substitute still delivers it.
      if (c.refund_full && c.remedy === 'refund') m.cancellations_unpaid++;
      else m.collected_less++;
    } else if (c.refund !== null) {
      m.refunded += c.refund;
      m.refunds++;
    }
    if (c.coupon !== null) {
      m.coupon_value += c.coupon;
      m.coupons++;
    }
    money.set(c.currency, m);
  }
  const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    period: { since: opts.since === null ? null : new Date(opts.since).toISOString(), until: opts.until === null ? null : new Date(opts.until).toISOString() },
    cases: {
      total,
      by_kind: byKind,
      share_by_kind: { oversold: share(byKind.oversold), late: share(byKind.late), stalled: share(byKind.stalled) },
      by_day: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    },
    remedies: count(cases.map((c) => c.remedy)),
    customer_choices: count(cases.filter((c) => c.offered_at !== null).map((c) => c.choice)),
    outcomes: count(cases.map((c) => c.outcome)),
    contact: {
      contacted: contacted.length,
      within_target: within,
      share_within_target: contacted.length ? Math.round((within / contacted.length) * 1000) / 10 : null,
      median_minutes: median(minutes),
      worst_minutes: minutes.length ? Math.max(...minutes) : null,
      not_contacted_overdue: overdue,
      not_contacted_waiting: notContacted.length - overdue,
      closed_uncontacted_late: closedLate,
    },
    open: { count: open.length, by_state: count(open.map((c) => c.state)), oldest_hours: ages.length ? round1(Math.max(...ages)) : null, median_age_hours: round1(median(ages)) },
    top_oversold_skus: [...skus.values()].sort((a, b) => b.cases - a.cases || b.units_short - a.units_short || a.sku.localeCompare(b.sku)).slice(0, 10),
    stalled_by_carrier: [...carriers.entries()].map(([carrier, n]) => ({ carrier, cases: n })).sort((a, b) => b.cases - a.cases || a.carrier.localeCompare(b.carrier)),
    money: [...money.values()],
  };
}
