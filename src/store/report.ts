/** The rows `oos report` is computed from: cases first detected in the period, with their order and promise. */
import type { ReportCase } from '../domain/report.js';
import type { Terms } from '../domain/remedies.js';
import { refundMethodOf } from '../domain/refund-method.js';
import type { ShortLine } from '../domain/detect.js';
import { toIso } from '../domain/time.js';
import type { CaseKind } from '../domain/types.js';
import { skuOf } from './cases.js';
import type { Db } from './db.js';

export function loadReportCases(db: Db, since: number | null, until: number | null, shopCurrency: string): ReportCase[] {
  const rows = db
    .prepare(
      `SELECT c.*, (SELECT min(m.written_at) FROM messages m WHERE m.case_id = c.id AND m.written_at >= c.detected_at) AS first_message_at,
              (SELECT json_extract(p.data, '$.amount') FROM promises p WHERE p.case_id = c.id AND p.kind = 'coupon' AND (p.state = 'kept' OR json_extract(p.data, '$.given') = 1) ORDER BY p.id DESC LIMIT 1) AS coupon_given,
              (SELECT min(m.written_at) FROM messages m WHERE m.case_id = c.id) AS first_ever_message_at,
              (SELECT sum(json_extract(p.data, '$.amount')) FROM promises p WHERE p.case_id = c.id AND p.kind = 'refund' AND json_extract(p.data, '$.withdrawn') IS NOT 1) AS refunds_started, o.carrier AS order_carrier, o.currency AS order_currency, o.payment_method, t.carrier AS tracking_carrier
       FROM cases c JOIN orders o ON o.order_id = c.order_id LEFT JOIN tracking t ON t.tracking_number = o.tracking_number
       WHERE c.first_detected_at >= ? AND c.first_detected_at < ? ORDER BY c.first_detected_at, c.id`,
    )
    .all(since === null ? '' : toIso(since), until === null ? '9999' : toIso(until)) as {
    order_id: string;
    kind: CaseKind;
    kinds: string;
    state: string;
    details: string;
    first_detected_at: string;
    detected_at: string;
    contact_by: string;
    first_contact_at: string | null;
    first_message_at: string | null;
    first_ever_message_at: string | null;
    closed_at: string | null;
    remedy: string | null;
    choice: string | null;
    offered_at: string | null;
    outcome: string | null;
    terms: string | null;
    order_carrier: string | null;
    tracking_carrier: string | null;
    order_currency: string | null;
    payment_method: string | null;
    coupon_given: number | null;
    refunds_started: number | null;
  }[];
  return rows.map((r) => {
    const terms = r.terms ? (JSON.parse(r.terms) as Terms) : null;
    // What the case is short of now, and was short of before (store/cases.ts history): the most of each SKU.
    const details = JSON.parse(r.details) as { short?: ShortLine[]; was_short?: { sku: string; short: number }[]; was_kinds?: CaseKind[] };
    const most = new Map<string, number>();
    for (const s of [...(details.was_short ?? []), ...(details.short ?? []).map((l) => ({ sku: skuOf(l), short: l.short }))]) most.set(s.sku, Math.max(most.get(s.sku) ?? 0, s.short));
    const short = [...most].map(([sku, n]) => ({ sku, short: n }));
    return {
      order_id: r.order_id,
      kind: r.kind,
      kinds: JSON.parse(r.kinds) as CaseKind[],
      ever_kinds: [...new Set([...(details.was_kinds ?? []), ...(JSON.parse(r.kinds) as CaseKind[])])],
      state: r.state,
      first_detected_at: r.first_detected_at,
      // Contact is the first message written to the customer about the case's current problem (a
      // reopened case's new one counts from its reopening), not a step recorded without one. A case
      // that closed before its new problem was told (the stuck parcel was delivered) keeps the
      // contact of its first problem, timed from when that was found: it was not "never contacted".
      detected_at: r.first_message_at === null && r.first_ever_message_at !== null ? r.first_detected_at : r.detected_at,
      contact_by: r.contact_by,
      first_contact_at: r.first_message_at ?? (r.closed_at !== null ? r.first_ever_message_at : null),
      ever_contacted: r.first_ever_message_at !== null,
      closed_at: r.closed_at,
      remedy: r.remedy,
      choice: r.choice,
      offered_at: r.offered_at,
      outcome: r.outcome,
      short_skus: short,
      carrier: r.tracking_carrier ?? r.order_carrier,
      // Every refund the case's plans started, whatever plan followed (a cheaper substitute's difference,
      // then the rest): the ledger keeps each one. (Cases older than the ledger: their last plan's terms.)
      // Paid on delivery, a cancellation takes the earlier "collect less" with it: the last plan says what goes uncollected.
      refund: refundMethodOf(r.payment_method) !== 'cod' && r.refunds_started !== null ? r.refunds_started : terms?.refund == null ? null : terms.refund + (terms.refundEarlier ?? 0),
      refund_full: terms?.refundFull ?? null,
      paid_on_delivery: refundMethodOf(r.payment_method) === 'cod',
      // A confirmation's coupon is in its terms; one a late notice or good news handed over, in the ledger.
      coupon: terms?.coupon?.amount ?? r.coupon_given,
      currency: terms?.currency ?? (r.order_currency ?? shopCurrency).toUpperCase(),
    };
  });
}
