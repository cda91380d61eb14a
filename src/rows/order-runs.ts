/**
 * An orders batch the way the writer binds it. Rows of one order that follow
 * each other are merged into a run (a blank cell takes the first non-blank
 * value: platforms leave order-level cells blank on an order's later rows),
 * and runs and lines are flat arrays of SQL values with times already in their
 * stored ISO form. A batch so crosses threads as one JSON string of plain
 * values and reaches SQLite without an object per row: unpacking objects and
 * formatting times used to be a third of the writer thread's time.
 */
import { trackingKeys } from '../domain/tracking-number.js';
import { toIso } from '../domain/time.js';
import type { OrderFields, OrderRow } from './rows.js';

export type SqlValue = string | number | null;

/** The orders columns a run carries after its order id, in this order; `cancelled` (1, 0 or null) follows them. */
export const ORDER_COLUMNS = [
  'placed_at',
  'paid_at',
  'customer_name',
  'email',
  'phone',
  'language',
  'country',
  'channel',
  'ship_by',
  'shipped_at',
  'carrier',
  'tracking_number',
  'currency',
  'order_total',
  'payment_method',
  'tags',
  'pickup',
  'alt_id',
] as const;

const FIELDS: (keyof OrderFields)[] = [
  'placedAt',
  'paidAt',
  'customerName',
  'email',
  'phone',
  'language',
  'country',
  'channel',
  'shipBy',
  'shippedAt',
  'carrier',
  'trackingNumber',
  'currency',
  'orderTotal',
  'paymentMethod',
  'tags',
  'pickup',
  'altId',
];
const TIMES: ReadonlySet<keyof OrderFields> = new Set(['placedAt', 'paidAt', 'shipBy', 'shippedAt']);

/** Values per run: order id, ORDER_COLUMNS, cancelled. */
export const RUN_STRIDE = 1 + ORDER_COLUMNS.length + 1;
export const CANCELLED_AT = RUN_STRIDE - 1;
/** Values per line: sku, title, variant, quantity, fulfilled quantity, unit price, requires shipping (1/0), line total. */
export const LINE_STRIDE = 8;

export interface OrderRuns {
  runs: SqlValue[];
  /** How many of `lines` each run owns, in order. */
  lineCounts: number[];
  lines: SqlValue[];
  /** Rows the runs were made of. */
  rows: number;
}

export const emptyRuns = (): OrderRuns => ({ runs: [], lineCounts: [], lines: [], rows: 0 });

function fieldValue(order: OrderFields, field: keyof OrderFields): SqlValue {
  const v = order[field];
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // Several parcels in one cell are kept as their keys joined by commas, until the scan picks the one to follow (store/tracking-cells.ts).
  if (field === 'trackingNumber') return trackingKeys(v as string).join(',') || null;
  return TIMES.has(field) ? toIso(v as number) : (v as string | number);
}

/** Adds one mapped row to `into`, merging it into the last run when it is the same order's. */
export function addRow(into: OrderRuns, row: OrderRow): void {
  into.rows++;
  const { runs } = into;
  const last = runs.length - RUN_STRIDE;
  if (last >= 0 && runs[last] === row.orderId) {
    for (let i = 0; i < FIELDS.length; i++) {
      if (runs[last + 1 + i] === null) runs[last + 1 + i] = fieldValue(row.order, FIELDS[i]!);
    }
    if (runs[last + CANCELLED_AT] === null && row.order.cancelled !== null) runs[last + CANCELLED_AT] = row.order.cancelled ? 1 : 0;
  } else {
    runs.push(row.orderId);
    for (const f of FIELDS) runs.push(fieldValue(row.order, f));
    runs.push(row.order.cancelled === null ? null : row.order.cancelled ? 1 : 0);
    into.lineCounts.push(0);
  }
  const item = row.item;
  if (row.lineDiscount && into.lineCounts.at(-1)) takeOffLastLine(into.lines, row.lineDiscount);
  if (item) {
    into.lines.push(item.sku, item.title, item.variant, item.quantity, item.fulfilledQuantity, item.unitPrice, item.requiresShipping ? 1 : 0, item.lineTotal ?? null);
    into.lineCounts[into.lineCounts.length - 1]!++;
  }
}

/** Takes a discount off the last line's total, and its unit price with it. A line without a total has none to lessen. */
function takeOffLastLine(lines: SqlValue[], discount: number): void {
  const at = lines.length - LINE_STRIDE;
  const total = lines[at + 7];
  const quantity = lines[at + 3] as number;
  if (typeof total !== 'number') return;
  const paid = total - Math.abs(discount);
  lines[at + 7] = paid;
  lines[at + 5] = quantity > 0 ? Math.round(paid / quantity) : lines[at + 5]!;
}

export function collectRuns(rows: OrderRow[]): OrderRuns {
  const out = emptyRuns();
  for (const r of rows) addRow(out, r);
  return out;
}

/** Fills the blanks of the run at `t` in `target` from the run at `s` in `source` (same order, read later). */
export function mergeRun(target: SqlValue[], t: number, source: SqlValue[], s: number): void {
  for (let i = 1; i < RUN_STRIDE; i++) if (target[t + i] === null) target[t + i] = source[s + i]!;
}
