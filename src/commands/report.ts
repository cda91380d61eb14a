/** `oos report`: what went wrong most, and how fast the shop answered, for a period. */
import { createContext, type GlobalOptions } from '../context.js';
import { currencyDigits, formatMoney } from '../domain/money.js';
import { buildReport, type Report } from '../domain/report.js';
import { formatDuration, formatLocalDate, parseDateTime } from '../domain/time.js';
import { localTimeOnDay } from '../domain/locale.js';
import { usageError } from '../errors.js';
import { toCsv } from '../outbox/write-csv.js';
import { openDb } from '../store/db.js';
import { loadReportCases } from '../store/report.js';
import { rateOrders } from '../store/platform-rates.js';
import { platformRates, type PlatformRate } from '../domain/platform-rates.js';
import { palette, type Palette } from '../ui/color.js';

export async function runReport(opts: GlobalOptions & { since?: string; until?: string; csv?: boolean }): Promise<void> {
  const ctx = createContext(opts);
  const tz = ctx.config.shop.timezone;
  const date = (flag: string, v: string | undefined) => {
    if (v === undefined) return null;
    const t = parseDateTime(v, tz);
    if (t === null) throw usageError(`${flag} "${v}" is not a date`, `use YYYY-MM-DD, e.g. ${flag} 2026-11-01`);
    return t;
  };
  const since = date('--since', opts.since);
  // --until is inclusive of its day: "until 2026-11-13" means through the end of the 13th.
  const untilDay = date('--until', opts.until);
  const until = untilDay === null ? null : localTimeOnDay(untilDay, 1, '00:00', tz);
  if (since !== null && until !== null && until <= since) throw usageError('--until is before --since');
  const db = openDb(ctx.dbPath, { create: false });
  let report: Report & { platforms: PlatformRate[] };
  try {
    const base = buildReport(loadReportCases(db, since, until, ctx.config.shop.currency), { since, until, now: ctx.now, timeZone: tz });
    report = { ...base, platforms: platformRates(rateOrders(db, since, until, ctx.config.shop.currency), ctx.config, ctx.now) };
  } finally {
    db.close();
  }
  if (ctx.json) return void ctx.stdout(`${JSON.stringify(inMajorUnits(report), null, 2)}\n`);
  if (opts.csv) return void ctx.stdout(reportCsv(report) + platformCsv(report.platforms));
  ctx.stdout(renderReport(report, palette(ctx.color), ctx.config.contact_within_hours, tz) + renderPlatforms(report.platforms, palette(ctx.color)));
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? BLOCKS[0] : BLOCKS[Math.round((v / max) * 8)])).join('');
}

function bar(n: number, max: number, width = 24): string {
  const len = max === 0 ? 0 : Math.max(n > 0 ? 1 : 0, Math.round((n / max) * width));
  return '█'.repeat(len);
}

function table(c: Palette, title: string, rows: [string, number][], suffix = (_: number) => ''): string[] {
  if (!rows.length) return [];
  const max = Math.max(...rows.map((r) => r[1]));
  const w = Math.max(...rows.map((r) => r[0].length));
  return [c.bold(title), ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${String(v).padStart(4)}  ${c.cyan(bar(v, max))}${suffix(v)}`), ''];
}

export function renderReport(r: Report, c: Palette, targetHours: number, timeZone: string): string {
  const out: string[] = [];
  // The shop's own days, as given: --since 2026-11-24 starts at local midnight, which is the 23rd in UTC east of Greenwich.
  const day = (iso: string, back = 0) => formatLocalDate(Date.parse(iso) - back, timeZone);
  const period = r.period.since || r.period.until ? ` (${r.period.since ? day(r.period.since) : 'start'} – ${r.period.until ? day(r.period.until, 1) : 'now'})` : '';
  out.push(c.bold(`oos report${period}`), '');
  if (!r.cases.total) return `${out.join('\n')}No cases in this period.\n`;
  out.push(...table(c, `Problems: ${r.cases.total} case${r.cases.total === 1 ? '' : 's'}`, Object.entries(r.cases.by_kind) as [string, number][], (v) => c.dim(`  ${Math.round((v / r.cases.total) * 100)} %`)));
  if (r.cases.by_day.length > 1) {
    out.push(c.bold('By day'), `  ${r.cases.by_day[0]!.day} ${c.cyan(sparkline(r.cases.by_day.map((d) => d.oversold + d.late + d.stalled)))} ${r.cases.by_day.at(-1)!.day}`, '');
  }
  const ct = r.contact;
  out.push(c.bold(`First contact (target: within the ${targetHours} h window, longer in promo periods)`));
  if (ct.contacted) {
    const share = ct.share_within_target ?? 0;
    const colour = share >= 90 ? c.green : share >= 70 ? c.yellow : c.red;
    out.push(`  ${colour(`${share} %`)} on time (${ct.within_target} of ${ct.contacted}), median ${responseTime(ct.median_minutes ?? 0)}, worst ${responseTime(ct.worst_minutes ?? 0)}`);
  } else out.push('  nobody contacted yet');
  if (ct.not_contacted_overdue) out.push(c.red(`  ${ct.not_contacted_overdue} still not contacted and past their contact-by time`));
  if (ct.closed_uncontacted_late) out.push(c.yellow(`  ${ct.closed_uncontacted_late} closed without ever being contacted, after their contact-by time had passed`));
  out.push('');
  out.push(...table(c, 'Remedies chosen', Object.entries(r.remedies)));
  out.push(...table(c, 'What customers picked when offered a choice', Object.entries(r.customer_choices)));
  out.push(...table(c, 'Outcomes', Object.entries(r.outcomes)));
  out.push(...table(c, 'SKUs that oversold most (cases)', r.top_oversold_skus.map((s) => [s.sku, s.cases] as [string, number]), () => ''));
  out.push(...table(c, 'Stalled parcels by carrier', r.stalled_by_carrier.map((s) => [s.carrier, s.cases] as [string, number])));
  for (const m of r.money)
    out.push(
      c.bold(`Money (${m.currency})`),
      `  refunded ${formatMoney(m.refunded, m.currency)} in ${m.refunds} refund${m.refunds === 1 ? '' : 's'}; ${m.coupons} coupon${m.coupons === 1 ? '' : 's'} worth ${formatMoney(m.coupon_value, m.currency)}` +
        (m.cancellations_unpaid || m.collected_less ? `\n  paid on delivery: ${unpaidText(m)}, ${formatMoney(m.not_collected, m.currency)} never collected` : ''),
      '',
    );
  out.push(c.bold(`Open: ${r.open.count}`) + (r.open.count ? `  ${Object.entries(r.open.by_state).map(([s, n]) => `${n} ${s.replace('_', ' ')}`).join(', ')}; oldest ${r.open.oldest_hours} h, median ${r.open.median_age_hours} h` : ''));
  out.push(c.dim('Suppliers are not in the exports oos reads, so SKUs stand in for them.'));
  return `${out.join('\n')}\n`;
}

/** One row per figure: section, key, value. Easy to pivot in a spreadsheet. */
export function reportCsv(r: Report): string {
  const rows: (string | number | null)[][] = [];
  for (const [k, v] of Object.entries(r.cases.by_kind)) rows.push(['cases_by_kind', k, v]);
  for (const d of r.cases.by_day) for (const k of ['oversold', 'late', 'stalled'] as const) rows.push(['cases_by_day', `${d.day} ${k}`, d[k]]);
  for (const [k, v] of Object.entries(r.remedies)) rows.push(['remedies', k, v]);
  for (const [k, v] of Object.entries(r.customer_choices)) rows.push(['customer_choices', k, v]);
  for (const [k, v] of Object.entries(r.outcomes)) rows.push(['outcomes', k, v]);
  for (const [k, v] of Object.entries(r.contact)) rows.push(['contact', k, v]);
  rows.push(['open', 'count', r.open.count], ['open', 'oldest_hours', r.open.oldest_hours]);
  for (const s of r.top_oversold_skus) rows.push(['top_oversold_skus', s.sku, s.cases]);
  for (const s of r.stalled_by_carrier) rows.push(['stalled_by_carrier', s.carrier, s.cases]);
  for (const m of r.money) rows.push(['refunded_minor', m.currency, m.refunded], ['not_collected_minor', m.currency, m.not_collected], ['coupon_value_minor', m.currency, m.coupon_value], ['coupons', m.currency, m.coupons]);
  return toCsv(['section', 'key', 'value'], rows);
}

/** The shop's rates against each platform's thresholds (orders paid in the period). */
export function renderPlatforms(rates: PlatformRate[], c: Palette): string {
  if (!rates.length) return '';
  const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10} %`);
  const out = ['', c.bold('Platform rules (orders paid in the period)')];
  for (const r of rates) {
    // "Shipped late" only of those that shipped: an order still waiting is late too, but it has not shipped.
    const shippedLate = r.late - r.late_unshipped;
    const lateText = `${r.late} late of ${r.judged} judged${r.late ? ` (${[shippedLate ? `${shippedLate} shipped late` : '', r.late_unshipped ? `${r.late_unshipped} not shipped yet` : ''].filter(Boolean).join(', ')})` : ''}${r.unjudged ? `, ${r.unjudged} shipped with no ship time in the export (not judged)` : ''}`;
    const figures = [`${r.orders} order${r.orders === 1 ? "" : "s"}`, lateText, `${r.shop_cancelled} cancelled by the shop`];
    out.push(`  ${c.bold(r.platform)}: ${figures.join(', ')}`);
    for (const m of r.metrics) {
      // A rate that must stay under its threshold is over it; one that must reach it is under it.
      const limit = `${m.direction === 'max' ? 'under' : 'at least'} ${pct(m.threshold)}`;
      // No order to judge it by: say so, rather than a rate of "n/a" and a question mark.
      if (m.rate === null) out.push(`    ${m.id}: ${r.unjudged ? 'the export gives no ship times to judge it by' : 'no orders to judge yet'} (${limit})`);
      else out.push(`    ${m.id} ${pct(m.rate)} (${limit}) ${m.ok ? c.green('ok') : c.red(m.direction === 'max' ? 'OVER' : 'UNDER')}`);
    }
    if (r.compensation) out.push(`    late-shipment compensation at risk (paid to buyers who complain): ${r.compensation.amount} ${r.compensation.currency}`);
    if (r.penalty_points !== null) out.push(`    penalty points from shop cancellations: ${r.penalty_points}`);
  }
  return `${out.join('\n')}\n`;
}

function platformCsv(rates: PlatformRate[]): string {
  const rows: (string | number | null)[][] = [];
  for (const r of rates) {
    rows.push(['platform_orders', r.platform, r.orders], ['platform_late', r.platform, r.late], ['platform_shop_cancelled', r.platform, r.shop_cancelled]);
    for (const m of r.metrics) rows.push(['platform_rate', `${r.platform} ${m.id}`, m.rate]);
    if (r.compensation) rows.push(['platform_compensation', `${r.platform} ${r.compensation.currency}`, r.compensation.amount]);
    if (r.penalty_points !== null) rows.push(['platform_penalty_points', r.platform, r.penalty_points]);
  }
  // Header already written by reportCsv: rows only.
  return rows.length ? toCsv(['section', 'key', 'value'], rows).split('\n').slice(1).join('\n') : '';
}

/** Orders paid on delivery that were cancelled whole, and those collected for less, in a few words. */
function unpaidText(m: { cancellations_unpaid: number; collected_less: number }): string {
  const orders = (n: number) => `${n} order${n === 1 ? '' : 's'}`;
  return [m.cancellations_unpaid ? `${orders(m.cancellations_unpaid)} cancelled before payment` : '', m.collected_less ? `${orders(m.collected_less)} collected for less` : ''].filter(Boolean).join(', ');
}

/**
 * The JSON report's money in the currency's major unit (199.5), as every other amount oos reads or
 * prints in JSON (the config, at_stake): minor units (19950) read as yuan were a hundred times the truth.
 */
function inMajorUnits<R extends Report>(r: R): R {
  const major = (minor: number, currency: string) => minor / 10 ** currencyDigits(currency);
  return { ...r, money: r.money.map((m) => ({ ...m, refunded: major(m.refunded, m.currency), not_collected: major(m.not_collected, m.currency), coupon_value: major(m.coupon_value, m.currency) })) };
}

/**
 * A response time beside an hours target, to the minute under a day: 90 minutes rounded to "2h"
 * read as right at a 2 h target, and 2 h 20 min as within it.
 */
export function responseTime(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60 || m >= 24 * 60) return formatDuration(m * 60_000);
  return m % 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m / 60}h`;
}
