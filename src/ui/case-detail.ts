/** One case in full, for the walk-through: customer, items, stock, tracking, what to do and by when. */
import type { Context } from '../context.js';
import { itemLabel } from '../domain/detect.js';
import { formatMoney } from '../domain/money.js';
import type { RemedyOption } from '../domain/remedies.js';
import { formatLocal, formatLocalDate, fromIso } from '../domain/time.js';
import type { CaseContext } from '../store/resolutions.js';
import { contactByLabel } from './case-table.js';
import type { Palette } from './color.js';

const REMEDY_LABEL: Record<string, string> = {
  wait: 'Wait',
  substitute: 'Substitute',
  refund: 'Refund + coupon',
  split: 'Split shipment',
  reship: 'Reship',
};
export const remedyLabel = (r: string) => REMEDY_LABEL[r] ?? r;

export function renderCaseDetail(cc: CaseContext, ctx: Context, c: Palette, position: string): string {
  const { row, facts } = cc;
  const o = facts.order;
  const tz = ctx.config.shop.timezone;
  const out: string[] = [];
  const by = contactByLabel(row.contact_by, ctx);
  out.push(c.bold(`── ${position}  Order ${o.orderId}  ${facts.kinds.map((k) => k.toUpperCase()).join(' + ')}  ${c.dim(`[${row.state}]`)}`));
  out.push(`   contact by ${by.overdue ? c.red(by.text) : by.text}${row.late_to_contact ? c.yellow('  (late to contact: > 12 h after payment)') : ''}`);
  const contact = [o.email, o.phone].filter(Boolean).join(', ');
  out.push(`   customer   ${o.customerName ?? c.dim('(no name)')}${contact ? `  ${c.dim(contact)}` : ''}${o.tags.length ? c.dim(`  tags: ${o.tags.join(', ')}`) : ''}`);
  const total = o.orderTotal === null ? '' : `  total ${formatMoney(o.orderTotal, o.currency ?? ctx.config.shop.currency)}`;
  out.push(`   paid       ${o.paidAt === null ? '?' : formatLocal(o.paidAt, tz)}${total}${o.channel ? c.dim(`  via ${o.channel}`) : ''}${o.paymentMethod ? c.dim(` (${o.paymentMethod})`) : ''}`);
  out.push('   items');
  for (const l of facts.lines) {
    const s = facts.short.find((x) => x.lineNo === l.lineNo);
    const open = l.quantity - l.fulfilledQuantity;
    let note = open === 0 ? c.dim('shipped') : c.green('in stock');
    if (s) {
      const took = s.takenBy.length ? `; the stock went to ${s.takenBy.slice(0, 4).join(', ')}${s.takenBy.length > 4 ? '…' : ''}` : '';
      const restock = s.restockDate !== null ? `; restock ${formatLocalDate(s.restockDate, tz)}${s.incoming ? ` (${s.incoming} incoming)` : ''}` : '; no restock date';
      note = c.red(`short ${s.short} of ${s.open}`) + c.dim(` (${s.supply} on hand${took}${restock})`);
    }
    out.push(`     ${itemLabel(l)} × ${l.quantity}  ${note}`);
  }
  if (facts.tracking || o.trackingNumber) {
    const t = facts.tracking;
    const last = t?.lastEventAt ? ` last event ${formatLocal(t.lastEventAt, tz)}${t.lastEvent ? ` "${t.lastEvent}"` : ''}` : '';
    out.push(`   parcel     ${t?.trackingNumber ?? o.trackingNumber} ${c.dim(`${t?.carrier ?? o.carrier ?? ''} ${t?.status ?? 'no tracking data'}${last}`)}`);
  }
  for (const r of JSON.parse(row.reasons) as string[]) out.push(`   ${c.yellow('!')} ${r}`);
  if (row.offered_at) out.push(c.dim(`   choices sent ${formatLocal(fromIso(row.offered_at), tz)}: ${(JSON.parse(row.offered ?? '[]') as string[]).join(', ')}${row.replied_at ? '; customer replied' : '; no reply yet'}`));
  if (row.remedy) out.push(c.dim(`   remedy recorded: ${remedyLabel(row.remedy)}`));
  return out.join('\n');
}

export function renderOptions(options: RemedyOption[], c: Palette): string {
  return options
    .map((o) => {
      const mark = o.recommended ? c.green('★') : o.available ? ' ' : c.dim('✗');
      const line = `${mark} ${remedyLabel(o.remedy).padEnd(16)} ${o.reason}`;
      return `   ${o.available ? line : c.dim(line)}`;
    })
    .join('\n');
}
