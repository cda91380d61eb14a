/**
 * `oos claim <order>`: the evidence folder for a carrier claim on a lost or damaged parcel,
 * with a filled summary to paste into the carrier's form. Prints the folder's path.
 */
import { basename, join } from 'node:path';
import { createContext, type GlobalOptions } from '../context.js';
import { buildClaimSummary, ITEM_COLUMNS } from '../domain/claim-summary.js';
import { claimBy, type ClaimFor } from '../domain/deadlines.js';
import { carrierFamily } from '../domain/stall-clocks.js';
import { formatLocalDate, fromIso, toIso } from '../domain/time.js';
import { dataError, noInputError, usageError } from '../errors.js';
import { writeClaimFolder } from '../outbox/claim-folder.js';
import { loadClaimEvidence, parcelNumbersOf, recordClaimWritten } from '../store/claims.js';
import { findOrderId } from '../store/cases.js';
import { openDb, type Db } from '../store/db.js';
import type { Config } from '../domain/config.js';
import { judgeRemedyParcel } from '../domain/detect.js';
import { trackingKey } from '../domain/parcels.js';
import { parcelByNumber } from '../store/load.js';

export interface ClaimOptions extends GlobalOptions {
  out?: string;
  problem?: string;
  attach?: string[];
  note?: string;
  trackingNumber?: string;
}

export async function runClaim(orderInput: string, opts: ClaimOptions): Promise<void> {
  const ctx = createContext(opts);
  if (opts.problem !== undefined && opts.problem !== 'lost' && opts.problem !== 'damaged') throw usageError(`--problem must be lost or damaged (found "${opts.problem}")`);
  const db = openDb(ctx.dbPath, { create: false });
  try {
    const orderId = findOrderId(db, orderInput);
    if (orderId === null) throw noInputError(`order ${orderInput} is not in the database`, 'check the order number, or scan the export that contains it');
    // Another parcel of the order (a reship lost too, a swap's parcel): by its number, among those oos recorded.
    const other = opts.trackingNumber?.trim() ? otherParcel(db, orderId, opts.trackingNumber.trim(), ctx.config, ctx.now) : null;
    const ev = loadClaimEvidence(db, orderId, other?.number ?? null);
    const number = ev.tracking?.tracking_number ?? ev.order.trackingNumber;
    if (number === null && ev.order.shippedAt === null) throw dataError(`order ${orderId} has no parcel to claim for: it was never shipped`, 'a claim needs a shipped parcel with its tracking number');
    // Detection says which parcels are lost or damaged; --problem is for what only the customer saw (a damaged delivery).
    // (Another parcel's: lost when the tracking export says it is stuck, as `oos cases` does.)
    const problem = (opts.problem as ClaimFor | undefined) ?? (other ? other.claimFor : (ev.details.claim_for ?? null));
    if (problem === null) {
      const state = ev.tracking?.status ?? 'no tracking data';
      throw dataError(`order ${orderId} has no parcel to claim for: parcel ${number ?? ''} is not lost or damaged (${state})`, 'if the customer received it damaged, pass --problem damaged');
    }
    // A parcel the carrier has since delivered was not lost: only damage (what the customer saw) is left to claim.
    const delivered = ev.tracking?.status === 'delivered' || ev.tracking?.delivered_at != null;
    if (delivered && problem === 'lost')
      throw dataError(
        `order ${orderId} has no parcel to claim for: parcel ${number ?? ''} was delivered${ev.tracking?.delivered_at ? ` on ${ev.tracking.delivered_at.slice(0, 10)}` : ''}, so it is not lost`,
        'if the customer received it damaged, pass --problem damaged',
      );
    const carrier = ev.tracking?.carrier ?? ev.order.carrier;
    const by =
      !other && ev.details.claim_by && problem === ev.details.claim_for
        ? ev.details.claim_by
        : (() => {
            const at = claimBy(carrierFamily(carrier, number ?? null), problem, ev.order.shippedAt, ev.tracking?.delivered_at ? fromIso(ev.tracking.delivered_at) : ev.tracking?.last_event_at ? fromIso(ev.tracking.last_event_at) : null, ctx.config, ev.order.paidAt, ev.order.country);
            return at === null ? null : toIso(at);
          })();
    if (by !== null && fromIso(by) <= ctx.now) ctx.stderr(`warning: the claim window for ${orderId} closed on ${formatLocalDate(fromIso(by), ctx.config.shop.timezone)}: the carrier may refuse the claim\n`);
    const attachments = opts.attach ?? [];
    const summary = buildClaimSummary(
      {
        order: ev.order,
        lines: ev.lines,
        parcelOnly: ev.parcelOnly,
        trackingNumber: number,
        carrier,
        status: ev.tracking?.status ?? null,
        lastEventAt: ev.tracking?.last_event_at ?? null,
        lastEvent: ev.tracking?.last_event ?? null,
        problem,
        claimBy: by,
        messagesSent: ev.messages.length,
        attachments: attachments.map((a) => basename(a)),
        note: opts.note ?? null,
      },
      ctx.config,
      ctx.now,
    );
    const tracking: (string | null)[][] = [];
    if (ev.tracking) tracking.push([ev.tracking.last_event_at, 'carrier (latest event: oos keeps only the latest)', ev.tracking.status, ev.tracking.last_event]);
    if (ev.order.shippedAt !== null) tracking.push([toIso(ev.order.shippedAt), 'order export', 'shipped', null]);
    for (const e of ev.events) {
      const data = JSON.parse(e.data) as { reasons?: string[]; reason?: string };
      tracking.push([e.at, 'oos case history', e.type, (data.reasons ?? (data.reason ? [data.reason] : [])).join(' | ')]);
    }
    tracking.sort((a, b) => String(a[0] ?? '').localeCompare(String(b[0] ?? '')));
    const messages = ev.messages.map((m, i) => {
      const name = `${String(i + 1).padStart(2, '0')}-${m.intent}-${m.channel}.txt`;
      const head = [`written: ${m.written_at}`, `channel: ${m.channel} (${m.lang})`, m.recipient ? `to: ${m.recipient}` : null, m.subject ? `subject: ${m.subject}` : null].filter(Boolean).join('\n');
      return { name, text: `${head}\n\n${m.body}\n`, row: [name, m.written_at, m.intent, m.channel, m.lang, m.recipient, m.subject, m.path] };
    });
    const safeId = orderId.replace(/[^\p{L}\p{N}_-]+/gu, '');
    // Another parcel's claim has a folder of its own: the order's may be written the same day.
    const parcelPart = other ? `-${other.number.replace(/[^A-Za-z0-9_-]/g, '')}` : '';
    const target = opts.out ?? join('claims', `${safeId || 'order'}${parcelPart}-${formatLocalDate(ctx.now, ctx.config.shop.timezone)}`);
    const written = writeClaimFolder(target, { markdown: summary.markdown, fields: summary.fields, itemColumns: ITEM_COLUMNS, items: summary.items, tracking, messages, attachments });
    if (ev.caseId !== null) recordClaimWritten(db, ev.caseId, ctx.now, ctx.actor, written.path, other?.number ?? null);
    if (ctx.json) ctx.stdout(`${JSON.stringify({ order_id: orderId, path: written.path, problem, claim_by: by, files: written.files }, null, 2)}\n`);
    else ctx.stdout(`${written.path}\n`);
  } finally {
    db.close();
  }
}

/** A parcel of the order oos recorded under `number` (not the order's own), and what a claim for it would be for (lost or damaged, as the tracking export says). */
function otherParcel(db: Db, orderId: string, given: string, config: Config, now: number): { number: string; claimFor: ClaimFor | null } | null {
  const number = trackingKey(given);
  const { own, recorded } = parcelNumbersOf(db, orderId);
  if (own !== null && trackingKey(own) === number) return null;
  const match = recorded.find((n) => trackingKey(n) === number);
  if (!match)
    throw usageError(
      `order ${orderId} has no parcel ${given}`,
      `give the number of one of its parcels: ${[...new Set([own, ...recorded].filter((n): n is string => !!n))].join(', ') || 'none is recorded'}`,
    );
  const known = parcelByNumber(db, orderId, match);
  return { number: match, claimFor: known !== null ? (judgeRemedyParcel(known.order, known.tracking, config, now)?.claimFor ?? null) : null };
}
