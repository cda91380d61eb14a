/**
 * What a stuck or lost parcel carried, as a carrier claim values it: the parcel oos recorded (a
 * split's first part, a substitute, a part that left before a swap) with its own items, else the
 * units the export shipped when it shipped only part of the order, else the whole order. Read by the claim folder and by the money at stake in the case list, so both name
 * one figure.
 */
import { declaredValue, type ClaimLine } from '../domain/claim-summary.js';
import { unitsCost } from '../domain/line-cost.js';
import type { ParcelItem } from '../domain/parcels.js';
import { fromIso } from '../domain/time.js';
import type { Order, OrderLine } from '../domain/types.js';
import { stmt, type Db } from './db.js';
import { parcelsOf, stuckParcelOf } from './ledger.js';
import { toLine, toOrder, type OrderRowDb } from './load.js';

export interface ParcelContents {
  lines: ClaimLine[];
  /** The lines are a recorded parcel's, not the whole order's. */
  parcelOnly: boolean;
  /** When the recorded parcel left (oos recorded it, --shipped or a follow-up run): the claim's ship date. */
  shippedAt: number | null;
}

/** The contents of the parcel under `number` of the case's order. */
export function stuckParcelContents(db: Db, caseId: number | null, order: Order, lines: OrderLine[], number: string | null): ParcelContents {
  const stuck = caseId !== null && number ? stuckParcelOf(parcelsOf(db, caseId), number, { order, lines }) : undefined;
  // A parcel that carried the whole order again (a reship) is the order's, and worth what it is.
  const key = (i: { sku: string | null; title: string | null; variant: string | null; quantity: number }) => JSON.stringify([i.sku, i.sku === null ? i.title : null, i.variant, i.quantity]);
  const whole = lines.filter((l) => l.requiresShipping).map(key).sort().join();
  const partOnly = stuck !== undefined && stuck.items.map(key).sort().join() !== whole;
  const left = stuck?.id != null ? (stmt(db, 'SELECT shipped_at FROM parcels WHERE id = ?').pluck().get(stuck.id) as string | null | undefined) : null;
  if (partOnly) return { lines: parcelLines(db, stuck.items, lines), parcelOnly: true, shippedAt: left ? fromIso(left) : null };
  // The export shipped part of the order: its parcel carried the units shipped, not what still waits
  // for stock. A claim declaring those would be a claim for goods never sent.
  const shipped = shippedPart(lines);
  return { lines: shipped ?? lines, parcelOnly: shipped !== null, shippedAt: left ? fromIso(left) : null };
}

/**
 * The order's shipped units as claim lines, when the export shipped part of it (some units shipped,
 * some not); null when it shipped all or says nothing per line (then the parcel carried the order).
 */
function shippedPart(lines: OrderLine[]): ClaimLine[] | null {
  const goods = lines.filter((l) => l.requiresShipping);
  if (!goods.some((l) => l.fulfilledQuantity > 0) || !goods.some((l) => l.fulfilledQuantity < l.quantity)) return null;
  return goods
    .filter((l) => l.fulfilledQuantity > 0)
    .map((l) => ({ lineNo: l.lineNo, sku: l.sku, title: l.title, variant: l.variant, quantity: Math.min(l.fulfilledQuantity, l.quantity), unitPrice: l.unitPrice, lineTotal: unitsCost(l, Math.min(l.fulfilledQuantity, l.quantity)) }));
}

/**
 * Cases with a carrier claim whose stuck parcel carried only part of the order (one oos recorded, or
 * the shipped part of an order the export shipped in part): order id → that parcel's value (minor
 * units) when its items' values are known. A handful at most: only cases with a claim window are read.
 */
export function claimedPartValues(db: Db): Map<string, number> {
  const out = new Map<string, number>();
  const rows = db
    .prepare(
      `SELECT c.id, c.order_id, coalesce(t.tracking_number, o.tracking_number) AS number FROM cases c JOIN orders o ON o.order_id = c.order_id
         LEFT JOIN tracking t ON t.tracking_number = o.tracking_number
       WHERE json_extract(c.details, '$.claim_by') IS NOT NULL AND json_extract(c.details, '$.claim_carrier') IS NOT NULL
         AND (EXISTS (SELECT 1 FROM parcels p WHERE p.case_id = c.id)
           OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = c.order_id AND l.requires_shipping = 1 AND l.fulfilled_quantity > 0)
              AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = c.order_id AND l.requires_shipping = 1 AND l.fulfilled_quantity < l.quantity))`,
    )
    .all() as { id: number; order_id: string; number: string | null }[];
  for (const r of rows) {
    const order = toOrder(stmt(db, 'SELECT * FROM orders WHERE order_id = ?').get(r.order_id) as OrderRowDb);
    const lines = (stmt(db, 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no').all(r.order_id) as Parameters<typeof toLine>[0][]).map(toLine);
    const contents = stuckParcelContents(db, r.id, order, lines, r.number);
    const value = contents.parcelOnly ? declaredValue({ ...contents, order }) : null;
    if (value !== null) out.set(r.order_id, value);
  }
  return out;
}

/**
 * A recorded parcel's items as claim lines, each valued at the order's price for it, else the
 * inventory's (a substitute is not on the order); unknown when neither has one.
 */
function parcelLines(db: Db, items: ParcelItem[], lines: OrderLine[]): ClaimLine[] {
  const listPrice = db.prepare('SELECT unit_price FROM inventory WHERE sku = ? AND unit_price IS NOT NULL LIMIT 1').pluck();
  return items.map((i) => {
    const line = lines.find((l) => l.sku === i.sku && (i.variant === null || l.variant === null || l.variant === i.variant) && (i.sku !== null || l.title === i.title));
    const unitPrice = line?.unitPrice ?? (i.sku ? ((listPrice.get(i.sku) as number | undefined) ?? null) : null);
    // What the parcel's units of the line cost the customer (its share of the line's total), not a rounded unit price times them.
    const lineTotal = line ? unitsCost(line, i.quantity) : null;
    return { lineNo: line?.lineNo ?? null, sku: i.sku, title: i.title, variant: i.variant, quantity: i.quantity, unitPrice, lineTotal };
  });
}
