/**
 * The filled claim summary: what the carrier's claim form asks (who, which parcel, when, what
 * happened, what it was worth, by when), from the order, its parcel and the case. Pure text;
 * outbox/claim-folder.ts writes it with the evidence beside it.
 */
import type { Config } from './config.js';
import { claimWindowFor } from './deadlines.js';
import { carrierFamily } from './stall-clocks.js';
import { lineCost } from './line-cost.js';
import { formatAmount, formatMoney } from './money.js';
import { DAY, formatLocal, formatLocalDate, fromIso } from './time.js';
import type { Order, OrderLine } from './types.js';
import { claimTimeLeft, type ClaimFor } from './deadlines.js';

/**
 * An item of the parcel claimed for: an order line, or an item of a parcel oos recorded (no line of
 * the order: lineNo null). Its lineTotal is what its quantity cost, when known (line-cost.ts).
 */
export type ClaimLine = Pick<OrderLine, 'sku' | 'title' | 'variant' | 'quantity' | 'unitPrice' | 'lineTotal'> & { lineNo: number | null };

export interface ClaimInput {
  order: Order;
  lines: ClaimLine[];
  /** The lines are a recorded parcel's (a substitute's, a split's part), not the whole order: its value is theirs. */
  parcelOnly?: boolean;
  trackingNumber: string | null;
  carrier: string | null;
  status: string | null;
  lastEventAt: string | null;
  lastEvent: string | null;
  problem: ClaimFor;
  claimBy: string | null;
  messagesSent: number;
  attachments: string[];
  note: string | null;
}

export interface ClaimSummary {
  markdown: string;
  /** field,value rows: one per field of a claim form, to paste or import. */
  fields: [string, string][];
  /** One row per item with its value. */
  items: (string | number | null)[][];
}

/**
 * What the lost parcel is worth to the claim, in minor units: the order's total, unless the parcel
 * carried only part of it (or a substitute) and its own items' values are known.
 */
export function declaredValue(c: Pick<ClaimInput, 'lines' | 'parcelOnly'> & { order: Pick<ClaimInput['order'], 'orderTotal'> }): number | null {
  const items = itemsValue(c.lines);
  return c.parcelOnly && items !== null ? items : (c.order.orderTotal ?? items);
}

/** What the items cost together, in minor units; null when one of them has no price. */
function itemsValue(lines: ClaimLine[]): number | null {
  return lines.reduce<number | null>((sum, l) => {
    const cost = lineCost(l);
    return sum === null || cost === null ? null : sum + cost;
  }, 0);
}

function contentsRest(c: ClaimInput, declared: number | null, money: (minor: number | null) => string): string[] {
  const items = itemsValue(c.lines);
  const rest = declared !== null && items !== null && !c.parcelOnly ? declared - items : 0;
  if (rest <= 0) return [];
  return [`| shipping, tax and other charges paid with the order | | | ${money(rest)} |`, `| **declared value** | | | **${money(declared)}** |`];
}

export const ITEM_COLUMNS = ['line_no', 'sku', 'title', 'variant', 'quantity', 'unit_value', 'line_value', 'currency'];

export function buildClaimSummary(c: ClaimInput, config: Config, now: number): ClaimSummary {
  const tz = config.shop.timezone;
  const currency = (c.order.currency ?? config.shop.currency).toUpperCase();
  const money = (minor: number | null) => (minor === null ? 'unknown' : formatMoney(minor, currency));
  const declared = declaredValue(c);
  const window = claimWindowFor(carrierFamily(c.carrier, c.trackingNumber), c.order.country, config);
  const byText = c.claimBy === null ? 'unknown: look up the carrier\'s window (config "claim_windows")' : fromIso(c.claimBy) <= now ? `${formatLocalDate(fromIso(c.claimBy), tz)} (the window has closed: the carrier may refuse the claim)` : `${formatLocalDate(fromIso(c.claimBy), tz)} (${claimTimeLeft(fromIso(c.claimBy), now)})`;
  const fields: [string, string][] = [
    ['carrier', c.carrier ?? ''],
    ['tracking_number', c.trackingNumber ?? ''],
    ['claim_type', c.problem],
    ['ship_date', c.order.shippedAt === null ? '' : formatLocal(c.order.shippedAt, tz)],
    ['last_tracking_event', [c.lastEventAt ? formatLocal(fromIso(c.lastEventAt), tz) : '', c.lastEvent ?? '', c.status ? `(${c.status})` : ''].filter(Boolean).join(' ')],
    ['claim_by', c.claimBy === null ? '' : formatLocalDate(fromIso(c.claimBy), tz)],
    ['declared_value', declared === null ? '' : formatAmount(declared, currency)],
    ['currency', currency],
    ['shipper_name', config.shop.name],
    ['shipper_email', config.shop.email ?? ''],
    ['recipient_name', c.order.customerName ?? ''],
    ['recipient_country', c.order.country ?? ''],
    ['order_id', c.order.orderId],
    ['order_date', c.order.paidAt === null ? '' : formatLocalDate(c.order.paidAt, tz)],
    ['description', c.lines.map((l) => `${l.title ?? l.sku ?? 'item'}${l.variant ? ` (${l.variant})` : ''} × ${l.quantity}`).join('; ')],
  ];
  const amount = (minor: number | null) => (minor === null ? null : formatAmount(minor, currency));
  const items = c.lines.map((l) => [l.lineNo, l.sku, l.title, l.variant, l.quantity, amount(l.unitPrice), amount(lineCost(l)), currency]);
  const what = c.problem === 'lost' ? 'lost in transit (no delivery)' : 'damaged';
  const md = [
    `# Carrier claim: order ${c.order.orderId}, parcel ${c.trackingNumber ?? '(no tracking number)'}`,
    '',
    `- **Carrier:** ${c.carrier ?? 'unknown'}`,
    `- **Tracking number:** ${c.trackingNumber ?? 'none'}`,
    `- **Claim for:** ${what}`,
    `- **File by:** ${byText}`,
    `- **Shipped:** ${c.order.shippedAt === null ? `unknown${c.order.paidAt === null ? '' : ' (the file-by date counts from payment, the earliest it can have left)'}` : formatLocal(c.order.shippedAt, tz)}`,
    `- **Last tracking event:** ${c.lastEventAt ? `${formatLocal(fromIso(c.lastEventAt), tz)} ${c.lastEvent ?? ''}`.trim() : 'none'}${c.status ? ` (${c.status})` : ''}`,
    `- **Declared value:** ${money(declared)}`,
    `- **Shipper:** ${config.shop.name}${config.shop.email ? `, ${config.shop.email}` : ''}`,
    `- **Recipient:** ${c.order.customerName ?? 'unknown'}${c.order.country ? `, ${c.order.country}` : ''}`,
    `- **Order:** ${c.order.orderId}${c.order.paidAt === null ? '' : `, paid ${formatLocal(c.order.paidAt, tz)}`}`,
    '',
    '## Contents',
    '',
    '| item | qty | unit value | value |',
    '|---|---|---|---|',
    ...c.lines.map((l) => `| ${[l.sku, l.title, l.variant].filter(Boolean).join(' · ') || 'item'} | ${l.quantity} | ${money(l.unitPrice)} | ${money(lineCost(l))} |`),
    // The order's total declared is more than its items (the shipping and tax the customer paid): the
    // table says what the rest is, so the declared value and the contents add up on the claim.
    ...contentsRest(c, declared, money),
    '',
    '## What happened',
    '',
    c.problem === 'lost'
      ? `The parcel was handed to ${c.carrier ?? 'the carrier'}${c.order.shippedAt === null ? '' : ` on ${formatLocalDate(c.order.shippedAt, tz)}`} and has not been delivered; the last tracking event was ${c.lastEventAt ? formatLocal(fromIso(c.lastEventAt), tz) : 'never recorded'}.`
      : `The parcel reached the customer damaged${c.lastEvent ? ` (carrier: ${c.lastEvent})` : ''}.`,
    ...(c.note ? ['', c.note] : []),
    '',
    '## Evidence in this folder',
    '',
    '- `order.csv`: the items and their values',
    '- `tracking.csv`: the parcel\'s tracking record and every change oos saw in it',
    `- \`messages/\`: the ${c.messagesSent} message${c.messagesSent === 1 ? '' : 's'} sent to the customer`,
    ...c.attachments.map((a) => `- \`attachments/${a}\``),
    '- `claim.csv`: these fields, one per row',
    '',
    window ? `Window: ${window.text} (source: ${window.sources[0]!.title}, ${window.sources[0]!.date}). Check the carrier's current terms before filing.` : 'No published window for this carrier is known to oos.',
    '',
  ].join('\n');
  return { markdown: md, fields, items };
}

