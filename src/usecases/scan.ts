/**
 * One scan: every file imported in one write transaction, then detection and the case
 * sync, so a crash or a bad row leaves nothing half-imported.
 */
import type { Context } from '../context.js';
import { formatLocal, fromIso, HOUR, toIso } from '../domain/time.js';
import { importFile } from '../import/import-file.js';
import type { Input } from '../import/open-inputs.js';
import type { DetectionSummary, FileReport, ScanResult } from '../import/scan-result.js';
import type { FileKind } from '../rows/rows.js';
import { favourMemoryOverSpeed } from '../small-heap.js';
import { listCases, syncCases, type SyncSummary } from '../store/cases.js';
import { bulkTransaction, type Db } from '../store/db.js';
import { detectInDatabase } from '../store/detection.js';
import { ordersWrittenBy } from '../store/imports.js';
import { keepRestOpen, recordEarlierParts } from '../store/earlier-parts.js';
import { defaultShipBy } from '../domain/detect.js';
import { openOrdersPaidAfter, openPickupOrders, ordersToShip } from '../store/load.js';
import { dropRoundedTrackingNumbers, followCorrectedNumbers, followLostParcels, pickFollowedParcels, type MultiParcelOrder } from '../store/tracking-cells.js';
import { sanityWarnings } from '../store/sanity.js';
import { restorePhoneZeros } from '../store/phones.js';
import { rememberConfig } from '../store/settings.js';
import { homeCountry } from '../domain/stall-clocks.js';
import { plural } from '../ui/text.js';

export async function scanFiles(db: Db, ctx: Context, inputs: Input[], warnings: string[]): Promise<ScanResult> {
  const files: FileReport[] = [];
  const orderImports: number[] = [];
  const settings = { config: ctx.config, now: ctx.now, progress: !ctx.json };
  const { detection, sync, cases } = await bulkTransaction(db, ctx.dbPath, async () => {
    // The settings this shop scans with, for a command run elsewhere (cron) to find (store/settings.ts).
    if (ctx.configPath) rememberConfig(db, ctx.configPath);
    for (const input of inputs) files.push(await importFile(db, settings, input, warnings, orderImports));
    // A cut-off or empty download reads as a shop with nothing wrong: said plainly instead.
    for (const f of files)
      if (f.kind === 'orders' && f.outcome === 'imported' && f.rows === 0)
        warnings.push(`${f.file} has its header but no order rows, so no order was read from it: if the shop has orders, download the export again (a cut-off or empty download looks like this)`);
    favourMemoryOverSpeed(ordersToShip(db));
    const phones = restorePhoneZeros(db, orderImports, homeCountry(ctx.config));
    if (phones.length) warnings.push(phoneZeroWarning(phones));
    const rounded = dropRoundedTrackingNumbers(db);
    if (rounded.length) warnings.push(roundedTrackingWarning(rounded));
    const multi = pickFollowedParcels(db);
    if (multi.length) warnings.push(multiParcelWarning(multi));
    const corrected = followCorrectedNumbers(db);
    if (corrected.length) warnings.push(correctedNumberWarning(corrected));
    followLostParcels(db);
    // Before the sync asks whether a swap's parcel has left: a number that left before it is not its.
    recordEarlierParts(db, ctx.config.shop.timezone, ctx.now, ctx.actor);
    // Before detection: a rest the export calls shipped under another parcel's number is still to ship.
    keepRestOpen(db, ctx.now, ctx.actor);
    const { detection, sync } = detectAndSync(db, ctx);
    const early = paidInTheFuture(db, ctx);
    if (early) warnings.push(early);
    const uncollected = pickupsPastShipBy(db, ctx);
    if (uncollected) warnings.push(uncollected);
    warnings.push(...sanityWarnings(db, ctx.now, orderImports, detection, ctx.config.shop.timezone));
    return { detection, sync, cases: listCases(db, { all: false, now: ctx.now, shopCurrency: ctx.config.shop.currency, config: ctx.config }) };
  });
  const sum = (kind: FileKind, key: 'orders' | 'lines' | 'items') => files.filter((f) => f.kind === kind).reduce((n, f) => n + f[key], 0);
  return {
    now: ctx.now,
    files,
    imported: {
      // Two files of one export (Etsy, Taobao) name the same orders: each order counts once.
      orders: orderImports.length > 1 ? ordersWrittenBy(db, orderImports) : sum('orders', 'orders'),
      lines: sum('orders', 'lines'),
      inventory: sum('inventory', 'items'),
      tracking: sum('tracking', 'items'),
      substitutes: sum('substitutes', 'items'),
      purchase_orders: sum('purchase_orders', 'items'),
    },
    detection,
    sync,
    cases,
    warnings,
  };
}

/**
 * Detection and case sync, returning only what the report shows: a million-row shop's findings
 * are thousands of objects, and nothing after the sync reads them (memory).
 */
function detectAndSync(db: Db, ctx: Context): { detection: DetectionSummary; sync: SyncSummary } {
  const { findings, stockLevels: _levels, ...detection } = detectInDatabase(db, ctx.config, ctx.now);
  // Each chunk of findings is synced before the next is judged: none outlives its chunk.
  return { detection, sync: syncCases(db, findings, ctx.config, ctx.now, ctx.actor) };
}

/**
 * Orders to ship that were paid after the scan's time (an hour's leeway for clocks) are judged
 * not late, which is only right if the times are. Usually `--now` was copied from an example,
 * or the file's times were read in the wrong zone or day/month order: say so, with examples.
 */
function paidInTheFuture(db: Db, ctx: Context): string | null {
  const { count, latest } = openOrdersPaidAfter(db, toIso(ctx.now + HOUR));
  if (count === 0) return null;
  const tz = ctx.config.shop.timezone;
  const examples = latest.map((o) => `${o.orderId} paid ${formatLocal(fromIso(o.paidAt), tz)}`).join(', ');
  return (
    `${plural(count, 'order')} still to ship ${count === 1 ? 'was' : 'were'} paid after this scan's time, ${formatLocal(ctx.now, tz)} ` +
    `(${count > latest.length ? 'latest: ' : ''}${examples}), so oos cannot tell whether ${count === 1 ? 'it is' : 'they are'} late. ` +
    `If the scan's time is wrong, leave out --now (and OOS_NOW); if the order times are, check the shop's time zone (${tz}) and the file's date format.`
  );
}


/**
 * Orders the customer collects that would have been late had they shipped: oos does not call them
 * late (they never ship), and says so once a scan, so the owner knows they were read and left aside.
 */
function pickupsPastShipBy(db: Db, ctx: Context): string | null {
  const past = openPickupOrders(db).filter((o) => ctx.now > (o.shipBy ?? defaultShipBy(o.paidAt, o.channel, ctx.config)));
  if (!past.length) return null;
  const tz = ctx.config.shop.timezone;
  const examples = past.slice(0, 3).map((o) => `${o.orderId} paid ${formatLocal(o.paidAt, tz)}`);
  return (
    `${plural(past.length, 'order')} the customer collects (local pickup) ${past.length === 1 ? 'is' : 'are'} still not handed over past the usual ship-by time ` +
    `(${examples.join(', ')}${past.length > 3 ? `, … ${past.length - 3} more` : ''}): not judged late, as ${past.length === 1 ? 'it never ships' : 'they never ship'}`
  );
}

/** Orders sent in several parcels named in one cell: oos follows one of each, and says which. */
function multiParcelWarning(multi: MultiParcelOrder[]): string {
  const examples = multi.slice(0, 3).map((m) => `${m.orderId}: follows ${m.followed}, not ${m.others.join(', ')}`);
  return (
    `${plural(multi.length, 'order names', 'orders name')} several parcels in one tracking cell, and oos follows one parcel an order ` +
    `(${examples.join('; ')}${multi.length > 3 ? `; … ${multi.length - 3} more` : ''}): it follows one the tracking export shows still on its way, ` +
    'else one it shows delivered; check the others on the carrier\'s site'
  );
}

/** Orders whose export still shows a tracking number corrected with --replaces: the right one is followed. */
function correctedNumberWarning(corrected: { orderId: string; wrong: string; right: string }[]): string {
  const examples = corrected.slice(0, 3).map((c) => `${c.orderId}: ${c.wrong}, corrected to ${c.right}`);
  return (
    `${plural(corrected.length, 'order still shows', 'orders still show')} a tracking number you corrected (${examples.join('; ')}${corrected.length > 3 ? `; … ${corrected.length - 3} more` : ''}): ` +
    'oos follows the right number, as the customer was told; correct it on the platform too if it lets you'
  );
}

/** Phone numbers that lost their leading 0 in a spreadsheet: put back, and the owner told why. */
function phoneZeroWarning(phones: { orderId: string; was: string; now: string }[]): string {
  const examples = phones.slice(0, 3).map((p) => `${p.orderId}: ${p.was} → ${p.now}`);
  return (
    `${plural(phones.length, 'phone number', 'phone numbers')} had lost ${phones.length === 1 ? 'its' : 'their'} leading 0, as a spreadsheet does when it saves a phone column as numbers ` +
    `(${examples.join('; ')}${phones.length > 3 ? `; … ${phones.length - 3} more` : ''}): oos put it back; scan the export as downloaded, without opening it in a spreadsheet`
  );
}

/** Tracking numbers a spreadsheet rounded: dropped, and the owner told how to get them back. */
function roundedTrackingWarning(rounded: { orderId: string | null; number: string }[]): string {
  const examples = rounded.slice(0, 3).map((r) => `${r.number}${r.orderId ? ` (order ${r.orderId})` : ''}`);
  return (
    `${plural(rounded.length, 'tracking number was', 'tracking numbers were')} rounded by a spreadsheet (${examples.join(', ')}${rounded.length > 3 ? `, … ${rounded.length - 3} more` : ''}), ` +
    'so they name no parcel and oos does not judge those parcels: download the export again and scan it without opening it in a spreadsheet (or set the tracking column to text before saving)'
  );
}
