/** The morning summary: what was read, who to contact by when, and what to do about stock. */
import type { ScanResult } from '../import/scan-result.js';
import type { Context } from '../context.js';
import { itemLabel, type StockAction } from '../domain/detect.js';
import { formatLocal } from '../domain/time.js';
import { caseTableLines, summariseKinds } from './case-table.js';
import { palette } from './color.js';
import { plural } from './text.js';

const MAX_LIST = 8;
const line = (text: string) => `${text}\n`;

/** The summary a line at a time, each ending in a newline (a large shop's case table is long). */
export function* scanLines(r: ScanResult, ctx: Context): Generator<string> {
  const c = palette(ctx.color);
  yield line(c.dim(`oos scan at ${formatLocal(r.now, ctx.config.shop.timezone)} (${ctx.config.shop.timezone})`));
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
              : f.kind === 'purchase_orders'
                ? plural(f.items, 'purchase order line')
                : plural(f.items, 'substitute');
    yield line(`  ${f.file}: ${f.format_label} (${f.encoding}) · ${what}`);
  }
  yield line('');

  const changes: string[] = [];
  if (r.sync.opened.length) changes.push(`${r.sync.opened.length} new`);
  if (r.sync.reopened.length) changes.push(`${r.sync.reopened.length} back again`);
  if (r.sync.closed.length) changes.push(`${r.sync.closed.length} closed`);
  const noOrders = r.files.some((f) => f.kind === 'orders') && r.files.every((f) => f.kind !== 'orders' || f.rows === 0);
  if (r.cases.length === 0 && noOrders) yield line(c.yellow('No open cases, but this scan read no order: check the orders file (see the warning).'));
  else if (r.cases.length === 0) yield line(c.green('No open cases: every paid order can ship as promised.'));
  else {
    yield line(c.bold(summariseKinds(r.cases.open)) + (changes.length ? c.dim(` (${changes.join(', ')})`) : ''));
    yield line('');
    yield* caseTableLines(r.cases, ctx);
  }

  if (r.sync.closed.length) {
    yield line('');
    yield line(c.green('Closed by this scan:'));
    for (const k of r.sync.closed.first(MAX_LIST)) yield line(`  ${k.orderId}: ${k.reason}`);
    if (r.sync.closed.length > MAX_LIST) yield line(`  … and ${r.sync.closed.length - MAX_LIST} more`);
  }

  const d = r.detection;
  if (d.oversoldStock.length || d.lowStock.length) {
    yield line('');
    yield line(c.bold('Stock actions'));
    if (d.oversoldStock.length) {
      yield line(`  ${c.red('Oversold now')}: mark pre-sale or take down so no more orders pile up`);
      yield line(`    ${listStock(d.oversoldStock, (s) => `short ${s.short}`)}`);
    }
    if (d.lowStock.length) {
      yield line(`  ${c.yellow(`Low stock (${ctx.config.low_stock_threshold} or fewer left to sell)`)}`);
      yield line(`    ${listStock(d.lowStock, (s) => `${s.free} left`)}`);
    }
  }
  if (d.unmatched.length) {
    yield line('');
    yield line(c.yellow(`${plural(d.unmatched.length, 'open order line')} match no stock row, so oversold is not checked for them:`));
    for (const u of d.unmatched.slice(0, MAX_LIST)) yield line(`  ${u.orderId} line ${u.lineNo}: ${itemLabel(u)} ×${u.open}`);
    if (d.unmatched.length > MAX_LIST) yield line(`  … and ${d.unmatched.length - MAX_LIST} more (oos scan --json lists all)`);
    yield line(c.dim('  add their SKUs to the inventory export, or make the product names match'));
  }
  const skipped: string[] = [];
  if (!d.checked.oversold) skipped.push('oversold (no inventory loaded yet: pass --inventory)');
  if (!d.checked.stalled) skipped.push('stalled parcels (no tracking loaded yet: pass --tracking)');
  if (skipped.length) {
    yield line('');
    yield line(c.dim(`Not checked: ${skipped.join('; ')}`));
  }
  if (r.cases.length) {
    yield line('');
    yield line(c.dim('Contact each customer before the contact-by time. "oos cases" lists them again.'));
  }
}

function listStock(items: StockAction[], what: (s: StockAction) => string): string {
  const shown = items.slice(0, MAX_LIST).map((s) => `${itemLabel(s)} ${what(s)}`);
  if (items.length > MAX_LIST) shown.push(`… and ${items.length - MAX_LIST} more`);
  return shown.join(' · ');
}
