/** The morning summary: what was read, who to contact by when, and what to do about stock. */
import type { ScanResult } from '../commands/scan.js';
import type { Context } from '../context.js';
import { itemLabel, type StockAction } from '../domain/detect.js';
import { formatLocal } from '../domain/time.js';
import { renderCaseTable, summariseKinds } from './case-table.js';
import { palette } from './color.js';
import { plural } from './text.js';

const MAX_LIST = 8;

export function renderScan(r: ScanResult, ctx: Context): string {
  const c = palette(ctx.color);
  const out: string[] = [];
  out.push(c.dim(`oos scan at ${formatLocal(r.now, ctx.config.shop.timezone)} (${ctx.config.shop.timezone})`));
  for (const f of r.files) {
    const what =
      f.outcome === 'unchanged'
        ? c.dim('unchanged since the last scan, skipped')
        : f.kind === 'orders'
          ? `${plural(f.orders, 'order')}, ${plural(f.lines, 'line')}`
          : f.kind === 'inventory'
            ? `${plural(f.items, 'stock item')} from ${plural(f.rows, 'row')}`
            : f.kind === 'tracking'
              ? plural(f.items, 'parcel')
              : plural(f.items, 'substitute');
    out.push(`  ${f.file}: ${f.format_label} (${f.encoding}) · ${what}`);
  }
  out.push('');

  const changes: string[] = [];
  if (r.sync.opened.length) changes.push(`${r.sync.opened.length} new`);
  if (r.sync.reopened.length) changes.push(`${r.sync.reopened.length} back again`);
  if (r.sync.closed.length) changes.push(`${r.sync.closed.length} closed`);
  if (r.cases.length === 0) out.push(c.green('No open cases: every paid order can ship as promised.'));
  else {
    out.push(c.bold(summariseKinds(r.cases)) + (changes.length ? c.dim(` (${changes.join(', ')})`) : ''));
    out.push('');
    out.push(renderCaseTable(r.cases, ctx).trimEnd());
  }

  if (r.sync.closed.length) {
    out.push('');
    out.push(c.green('Closed by this scan:'));
    for (const k of r.sync.closed.slice(0, MAX_LIST)) out.push(`  ${k.orderId}: ${k.reason}`);
    if (r.sync.closed.length > MAX_LIST) out.push(`  … and ${r.sync.closed.length - MAX_LIST} more`);
  }

  const d = r.detection;
  if (d.oversoldStock.length || d.lowStock.length) {
    out.push('');
    out.push(c.bold('Stock actions'));
    if (d.oversoldStock.length) {
      out.push(`  ${c.red('Oversold now')}: mark pre-sale or take down so no more orders pile up`);
      out.push(`    ${listStock(d.oversoldStock, (s) => `short ${s.short}`)}`);
    }
    if (d.lowStock.length) {
      out.push(`  ${c.yellow(`Low stock (${ctx.config.low_stock_threshold} or fewer left to sell)`)}`);
      out.push(`    ${listStock(d.lowStock, (s) => `${s.free} left`)}`);
    }
  }
  if (d.unmatched.length) {
    out.push('');
    out.push(c.yellow(`${plural(d.unmatched.length, 'open order line')} match no stock row, so oversold is not checked for them:`));
    for (const u of d.unmatched.slice(0, MAX_LIST)) out.push(`  ${u.orderId} line ${u.lineNo}: ${itemLabel(u)} ×${u.open}`);
    if (d.unmatched.length > MAX_LIST) out.push(`  … and ${d.unmatched.length - MAX_LIST} more (oos scan --json lists all)`);
    out.push(c.dim('  add their SKUs to the inventory export, or make the product names match'));
  }
  const skipped: string[] = [];
  if (!d.checked.oversold) skipped.push('oversold (no inventory loaded yet: pass --inventory)');
  if (!d.checked.stalled) skipped.push('stalled parcels (no tracking loaded yet: pass --tracking)');
  if (skipped.length) {
    out.push('');
    out.push(c.dim(`Not checked: ${skipped.join('; ')}`));
  }
  if (r.cases.length) {
    out.push('');
    out.push(c.dim('Contact each customer before the contact-by time. "oos cases" lists them again.'));
  }
  return `${out.join('\n')}\n`;
}

function listStock(items: StockAction[], what: (s: StockAction) => string): string {
  const shown = items.slice(0, MAX_LIST).map((s) => `${itemLabel(s)} ${what(s)}`);
  if (items.length > MAX_LIST) shown.push(`… and ${items.length - MAX_LIST} more`);
  return shown.join(' · ');
}
