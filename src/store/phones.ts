/**
 * Phone numbers of this scan's orders put right after its files are in (domain/phone.ts): a leading 0
 * a spreadsheet dropped is put back, so no message is addressed to a number that reaches no one.
 */
import { restoreLeadingZero } from '../domain/phone.js';
import type { Db } from './db.js';

export function restorePhoneZeros(db: Db, orderImports: number[], shopCountry: string | null): { orderId: string; was: string; now: string }[] {
  if (!orderImports.length) return [];
  // Only all-digit numbers nine or ten long can have lost a 0; the rest are not read.
  const rows = db
    .prepare(
      `SELECT order_id, phone, country FROM orders WHERE import_id IN (${orderImports.map(() => '?').join(', ')})
         AND length(phone) IN (9, 10) AND phone NOT GLOB '*[^0-9]*' ORDER BY order_id`,
    )
    .all(...orderImports) as { order_id: string; phone: string; country: string | null }[];
  const set = db.prepare('UPDATE orders SET phone = ? WHERE order_id = ?');
  const out: { orderId: string; was: string; now: string }[] = [];
  for (const r of rows) {
    const fixed = restoreLeadingZero(r.phone, r.country ?? shopCountry);
    if (fixed === null) continue;
    set.run(fixed, r.order_id);
    out.push({ orderId: r.order_id, was: r.phone, now: fixed });
  }
  return out;
}
