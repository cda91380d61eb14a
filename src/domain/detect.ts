/**
 * Detection rules (playbook §1–2), pure functions of (data, config, now).
 * One finding per order, carrying every reason; the store turns findings into
 * cases and keeps their history.
 */
import { isRoundedNumber } from './tracking-number.js';
import { allocateStock, isUntracked, lineId, openQuantity, type LineAllocation, type OpenLine, type StockPosition } from './allocate.js';
import { contactWindowHours, handlingHoursFor, type Config } from './config.js';
import { lineKeyCandidates, nameKey, skuKey } from './stock-key.js';
import { claimBy, claimLabel, platformOf, ruleOf, type ClaimFor } from './deadlines.js';
import { chooseClock, carrierFamily, countedTime, clockHoursFor, homeCountry, laneOf, type LearnedThresholds, type StallClock } from './stall-clocks.js';
import { DAY, formatLocal, HOUR, wallClock } from './time.js';
import { localTimeOnDay } from './locale.js';
import { KIND_PRIORITY, type CaseKind, type Order, type OrderLine, type StockItem, type Tracking } from './types.js';
import { comingUnits, restockDayFor } from './restock.js';

/** What detection reads of an order: a scan loads just these for every candidate. */
export type DetectionOrder = Pick<Order, 'orderId' | 'paidAt' | 'cancelled' | 'shipBy' | 'shippedAt' | 'carrier' | 'channel' | 'trackingNumber' | 'country'> & {
  /** Its parcel is already a stalled case being dealt with: judged past the tracking horizon, until delivered or the case ends. */
  watched?: boolean;
  /** The customer collects it (local pickup, 门店自提): nothing ships, so it is neither late nor stalled; it still takes stock. */
  pickup?: boolean;
};

export interface OrderWithLines {
  order: DetectionOrder;
  lines: OrderLine[];
}

export interface DetectionInput {
  orders: OrderWithLines[];
  /** null: no inventory was ever loaded, so overselling cannot be judged. */
  stock: StockItem[] | null;
  /** null: no tracking data was ever loaded, so stalled parcels cannot be judged. */
  tracking: Tracking[] | null;
  config: Config;
  now: number;
  /** No-new-scan thresholds learned from the shop's own delivered parcels (store/stall-learning.ts). */
  learned?: LearnedThresholds | null;
}

export interface ShortLine {
  lineNo: number;
  sku: string | null;
  title: string | null;
  variant: string | null;
  open: number;
  short: number;
  supply: number;
  takenBy: string[];
  restockDate: number | null;
  incoming: number | null;
}

export interface Finding {
  orderId: string;
  kind: CaseKind;
  kinds: CaseKind[];
  reasons: string[];
  skus: string[];
  paidAt: number;
  short: ShortLine[];
  /** Some lines can ship now and some cannot (playbook §3: split shipment). */
  splitCandidate: boolean;
  shipBy: number | null;
  late: 'overdue' | 'at_risk' | null;
  stalled: 'stalled' | 'exception' | 'probably_lost' | null;
  /** Why the parcel counts as stuck (also among `reasons`), for what is told about it alone. */
  stalledReason: string | null;
  /** The stall clock that fired (stalled parcels only). */
  clock: StallClock | null;
  /** A lost or damaged parcel: what the claim is for and the carrier's last day to file it (null: window unknown). */
  claim: { for: ClaimFor; carrier: string; claimBy: number | null } | null;
  /** The stuck parcel's tracking number, as the order showed it (stalled parcels only). */
  parcel?: string | null;
}

export interface UnmatchedLine {
  orderId: string;
  lineNo: number;
  sku: string | null;
  title: string | null;
  variant: string | null;
  open: number;
}

export interface StockAction {
  key: string;
  sku: string | null;
  title: string | null;
  variant: string | null;
  supply: number;
  demand: number;
  short: number;
  free: number;
}

/** Every stock item after allocation: what is still free to promise (substitutes, restock). */
export interface StockLevel {
  key: string;
  sku: string | null;
  title: string | null;
  variant: string | null;
  supply: number;
  free: number;
  unitPrice: number | null;
}

export interface DetectionResult {
  findings: Finding[];
  stockLevels: StockLevel[];
  unmatched: UnmatchedLine[];
  oversoldStock: StockAction[];
  lowStock: StockAction[];
  checked: { oversold: boolean; stalled: boolean };
}

/**
 * Detection over orders held in memory: every kind judged on each order, after the stock is
 * allocated to all of them at once. A scan does the same a chunk at a time
 * (store/detection.ts), with the pieces below: matchOpenLine, StockAllocator, judgeOrder and
 * stockActions.
 */
export function detectProblems(input: DetectionInput): DetectionResult {
  const { config, now } = input;
  const stock = input.stock ? indexStock(input.stock) : null;
  const tracking = input.tracking ? new Map(input.tracking.map((t) => [t.trackingNumber, t])) : null;

  // Only paid, not cancelled orders count; unpaid ones take no stock.
  const live = input.orders.filter((o) => o.order.paidAt !== null && !o.order.cancelled);

  const openLines: OpenLine[] = [];
  const unmatched: UnmatchedLine[] = [];
  if (stock) {
    for (const { order, lines } of live) {
      for (const line of lines) {
        const match = matchOpenLine(stock, line);
        if (match === 'unmatched') unmatched.push(unmatchedLine(order.orderId, line));
        else if (match !== null) openLines.push({ orderId: order.orderId, lineNo: line.lineNo, paidAt: order.paidAt!, stockKey: match, openQuantity: openQuantity(line) });
      }
    }
  }
  const allocation = stock ? allocateStock(openLines, stock.items) : null;
  const shortages: Shortages | null = allocation && ((orderId, line) => allocation.lines.get(lineId(orderId, line.lineNo)));
  const judge: JudgeContext = { config, now, stock, positions: allocation?.positions ?? null, shortages, tracking, learned: input.learned ?? null };

  const findings: Finding[] = [];
  for (const { order, lines } of live) {
    const finding = judgeOrder(order, lines, judge);
    if (finding) findings.push(finding);
  }
  return {
    findings,
    ...stockActions(stock, allocation?.positions ?? null, config),
    unmatched,
    checked: { oversold: stock !== null, stalled: input.tracking !== null },
  };
}

/**
 * How an order line takes part in allocation: the key of the stock it draws on, 'unmatched' when
 * it is still to ship and no stock row matches it, null when it takes nothing (shipped, needs no
 * shipping, or stock the shop does not track).
 */
export function matchOpenLine(stock: StockIndex, line: OrderLine): string | 'unmatched' | null {
  if (openQuantity(line) === 0 || !line.requiresShipping) return null;
  const key = resolveStockKey(stock, line);
  if (!key) return 'unmatched';
  // Stock the shop does not track (Shopify "not stocked", untracked variants) is never short.
  return isUntracked(stock.items.get(key)!) ? null : key;
}

export const unmatchedLine = (orderId: string, line: OrderLine): UnmatchedLine => ({
  orderId,
  lineNo: line.lineNo,
  sku: line.sku,
  title: line.title,
  variant: line.variant,
  open: openQuantity(line),
});

/** What allocation gave one line of an order, or undefined when the line took no part in it. */
export type Shortages = (orderId: string, line: OrderLine) => Pick<LineAllocation, 'stockKey' | 'openQuantity' | 'short' | 'shortBefore'> | undefined;

/** Everything one order is judged against. */
export interface JudgeContext {
  config: Config;
  now: number;
  /** null: no inventory, oversold is not judged. */
  stock: StockIndex | null;
  positions: Map<string, StockPosition> | null;
  shortages: Shortages | null;
  /** null: no tracking data, stalled is not judged. */
  tracking: Map<string, Tracking> | null;
  learned: LearnedThresholds | null;
}

/** One order's finding: every problem kind it has, with their reasons in a fixed order (oversold, late, stalled); null when it has none. */
export function judgeOrder(order: DetectionOrder, lines: OrderLine[], ctx: JudgeContext): Finding | null {
  if (order.paidAt === null || order.cancelled) return null;
  const oversold = ctx.stock && ctx.positions && ctx.shortages ? findOversold(order, lines, ctx.stock, ctx.positions, ctx.shortages, ctx.config, ctx.now) : null;
  const late = findLate(order, lines, ctx.config, ctx.now);
  const stalled = ctx.tracking ? findStalled(order, ctx.tracking, ctx.config, ctx.now, ctx.learned) : null;

  const kinds: CaseKind[] = [];
  const reasons: string[] = [];
  const skus = new Set<string>();
  if (oversold?.short.length) {
    kinds.push('oversold');
    reasons.push(...oversold.reasons);
    for (const s of oversold.skus) skus.add(s);
  }
  if (oversold?.splitCandidate) reasons.push(oversold.splitReason!);
  if (late.late) {
    kinds.push('late');
    reasons.push(late.reason!);
    for (const s of late.skus) skus.add(s);
  }
  if (stalled) {
    kinds.push('stalled');
    reasons.push(stalled.reason);
  }
  if (!kinds.length) return null;
  kinds.sort((a, b) => KIND_PRIORITY[a] - KIND_PRIORITY[b]);
  return {
    orderId: order.orderId,
    kind: kinds[0]!,
    kinds,
    reasons,
    skus: [...skus],
    paidAt: order.paidAt,
    short: oversold?.short ?? [],
    splitCandidate: oversold?.splitCandidate ?? false,
    shipBy: late.shipBy,
    late: late.late,
    stalled: stalled?.state ?? null,
    stalledReason: stalled?.reason ?? null,
    clock: stalled?.clock ?? null,
    claim: stalled?.claim ?? null,
    parcel: stalled ? order.trackingNumber : null,
  };
}

/**
 * Oversold: the order's lines the stock cannot cover, after allocation served earlier payers.
 * A split candidate has something that can ship now beside what is short (playbook §3): another
 * line, or part of the short line itself (3 mugs ordered, 2 in stock: the 2 now, the third later or
 * refunded), where a full refund was the only choice left.
 */
export function findOversold(
  order: DetectionOrder,
  lines: OrderLine[],
  stock: StockIndex,
  positions: Map<string, StockPosition>,
  shortages: Shortages,
  config: Config,
  now: number,
): { short: ShortLine[]; reasons: string[]; skus: string[]; splitCandidate: boolean; splitReason: string | null } {
  const tz = config.shop.timezone;
  const short: ShortLine[] = [];
  const reasons: string[] = [];
  const skus: string[] = [];
  let coveredLines = 0;
  for (const line of lines) {
    const a = shortages(order.orderId, line);
    if (!a) continue;
    if (a.short === 0) {
      coveredLines++;
      continue;
    }
    const pos = positions.get(a.stockKey)!;
    const item = stock.items.get(a.stockKey)!;
    const takenBy = pos.takenBy.filter((id) => id !== order.orderId);
    short.push({
      lineNo: line.lineNo,
      sku: line.sku ?? item.sku,
      title: line.title ?? item.title,
      variant: line.variant,
      open: a.openQuantity,
      short: a.short,
      supply: pos.supply,
      takenBy,
      restockDate: restockDayFor(item, a.shortBefore, a.short, now, tz),
      incoming: comingUnits(item, now, tz),
    });
    skus.push(line.sku ?? item.sku ?? line.title ?? a.stockKey);
    reasons.push(describeShort(line, a.openQuantity, a.short, pos, takenBy));
  }
  const partUnits = short.reduce((n, s) => n + s.open - s.short, 0);
  // An order the customer collects is handed over whole: nothing of it ships now and the rest later.
  const splitCandidate = short.length > 0 && (coveredLines > 0 || partUnits > 0) && order.pickup !== true;
  const openUnits = short.reduce((n, s) => n + s.open, 0);
  const splitReason = !splitCandidate
    ? null
    : coveredLines > 0
      ? `split candidate: ${coveredLines} of ${coveredLines + short.length} open lines can ship now`
      : `split candidate: ${partUnits} of ${openUnits} open units can ship now`;
  return { short, reasons, skus, splitCandidate, splitReason };
}

/**
 * Without the export's own ship-by: payment plus the shop's handling time, but never later than
 * the platform's own window (Pinduoduo's 48 h): a shop that allows itself 72 h would otherwise hear
 * of a Pinduoduo order only after the platform had started charging for it.
 */
export function defaultShipBy(paidAt: number, channel: string | null, config: Config): number {
  const tz = config.shop.timezone;
  const handling = handlingHoursFor(config, channel);
  const platform = platformOf(channel, null);
  const rule = platform ? ruleOf(platform) : null;
  // A payment day with no time (Etsy's "Sale Date" 09/03/26) reads as midnight, but the sale may have
  // come at 23:59: the time counts from the end of that day, so no order is late before it can be.
  // (Its last second, so the ship-by falls on the day it names: "ship by Friday", never Saturday 00:00.)
  const w = wallClock(paidAt, tz);
  const dayOnly = w.hour === 0 && w.minute === 0 && w.second === 0 && paidAt % 1000 === 0;
  const start = dayOnly ? localTimeOnDay(paidAt, 1, '00:00', tz) - 1000 : paidAt;
  // Etsy counts the processing time in business days: a Friday sale with two days ships by Tuesday,
  // and its ship-by is the end of that day. Never earlier than the hours counted straight through.
  const own = rule?.processing_in_business_days ? Math.max(start + handling * HOUR, endOfBusinessDays(paidAt, Math.ceil(handling / 24), tz)) : start + handling * HOUR;
  const hours = rule ? rule.ship_within_hours : null;
  return hours === null ? own : Math.min(own, start + hours * HOUR);
}

/** The end (its last second, shop time) of the `n`th Monday-to-Friday day after `from`'s day. */
function endOfBusinessDays(from: number, n: number, tz: string): number {
  let day = from;
  for (let counted = 0; counted < n; ) {
    day = localTimeOnDay(day, 1, '12:00', tz);
    const weekday = wallClock(day, tz).weekday;
    if (weekday !== 0 && weekday !== 6) counted++;
  }
  return localTimeOnDay(day, 1, '00:00', tz) - 1000;
}

/** Late: not shipped and past (or near) its ship-by time. `shipBy` is set whenever something is left to ship, unless the customer collects the order. */
export function findLate(
  order: DetectionOrder,
  lines: OrderLine[],
  config: Config,
  now: number,
): { shipBy: number | null; late: Finding['late']; reason: string | null; skus: string[] } {
  const pending = lines.filter((l) => l.requiresShipping && openQuantity(l) > 0);
  // The customer collects a pickup order: it never ships, so it has no ship-by to miss, and a
  // "late" on it would teach the owner to ignore oos. (It still takes stock: oversold applies.)
  if (!pending.length || order.pickup) return { shipBy: null, late: null, reason: null, skus: [] };
  const tz = config.shop.timezone;
  const shipBy = order.shipBy ?? defaultShipBy(order.paidAt!, order.channel, config);
  let late: Finding['late'] = null;
  let reason: string | null = null;
  if (now > shipBy) {
    late = 'overdue';
    // Absolute times only: a reason is stored and read later, when "in 50m" or "2h ago" is no longer true.
    reason = `not shipped; ship-by ${formatLocal(shipBy, tz)} has passed`;
  } else if (now >= shipBy - config.ship_at_risk_hours * HOUR) {
    late = 'at_risk';
    reason = `not shipped yet; ship-by ${formatLocal(shipBy, tz)}`;
  }
  return { shipBy, late, reason, skus: late ? pending.map((l) => l.sku ?? l.title ?? `line ${l.lineNo}`) : [] };
}

/** Stalled: shipped, not delivered, and the parcel has stopped moving (with the claim a lost or damaged one allows). */
export function findStalled(
  order: DetectionOrder,
  tracking: Map<string, Tracking>,
  config: Config,
  now: number,
  learned: LearnedThresholds | null,
): { state: NonNullable<Finding['stalled']>; reason: string; clock: StallClock; claim: Finding['claim'] } | null {
  // A pickup order has no parcel: handed over at the counter, it is "fulfilled" without ever being scanned.
  if (order.pickup) return null;
  return judgeParcel(order, tracking, config, now, learned);
}

/** What to do about stock after allocation: SKUs oversold now, SKUs low, and every item's level. */
export function stockActions(
  stock: StockIndex | null,
  positions: Map<string, StockPosition> | null,
  config: Config,
): { oversoldStock: StockAction[]; lowStock: StockAction[]; stockLevels: StockLevel[] } {
  const oversoldStock: StockAction[] = [];
  const lowStock: StockAction[] = [];
  const stockLevels: StockLevel[] = [];
  if (!stock || !positions) return { oversoldStock, lowStock, stockLevels };
  for (const pos of positions.values()) {
    const item = stock.items.get(pos.key)!;
    if (isUntracked(item)) continue;
    const action = { key: pos.key, sku: item.sku, title: item.title, variant: item.variant, supply: pos.supply, demand: pos.demand, short: pos.short, free: pos.free };
    if (pos.short > 0) oversoldStock.push(action);
    else if (pos.free <= config.low_stock_threshold) lowStock.push(action);
  }
  oversoldStock.sort((a, b) => b.short - a.short || a.key.localeCompare(b.key));
  lowStock.sort((a, b) => a.free - b.free || a.key.localeCompare(b.key));
  for (const pos of positions.values()) {
    const item = stock.items.get(pos.key)!;
    stockLevels.push({ key: pos.key, sku: item.sku, title: item.title, variant: item.variant, supply: pos.supply, free: pos.free, unitPrice: item.unitPrice });
  }
  return { oversoldStock, lowStock, stockLevels };
}

function describeShort(line: OrderLine, open: number, short: number, pos: StockPosition, takenBy: string[]): string {
  const what = itemLabel(line);
  const stock =
    pos.supply === 0
      ? 'none in stock'
      : takenBy.length
        ? // Part of the stock may be this order's: short means the rest ran out, so earlier orders took all but that part.
          open > short
          ? `of the ${pos.supply} in stock, ${pos.supply - (open - short)} went to earlier orders ${listIds(takenBy)} and ${open - short} ${open - short === 1 ? 'is' : 'are'} kept for this order`
          : `the ${pos.supply} in stock went to earlier orders ${listIds(takenBy)}`
        : `only ${pos.supply} in stock`;
  return `${what}: short ${short} of ${open} (${stock})`;
}

function listIds(ids: string[]): string {
  return ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
}

export function itemLabel(line: { sku: string | null; title: string | null; variant: string | null }): string {
  const name = [line.title, line.variant].filter(Boolean).join(' / ');
  if (line.sku && name) return `${line.sku} (${name})`;
  return line.sku ?? (name || 'item');
}

export interface StockIndex {
  items: Map<string, StockItem>;
  /** sku and name aliases → item key; a name shared by two items is left out as ambiguous. */
  aliases: Map<string, string>;
  /** Lines already matched, by their sku, title and variant. */
  resolved: Map<string, string | null>;
}

export function indexStock(stock: StockItem[]): StockIndex {
  const items = new Map(stock.map((s) => [s.key, s]));
  const aliases = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const s of stock) {
    aliases.set(s.key, s.key);
    if (s.sku) aliases.set(skuKey(s.sku), s.key);
  }
  for (const s of stock) {
    if (!s.title) continue;
    const alias = nameKey(s.title, s.variant);
    if (alias === s.key) continue;
    const seen = aliases.get(alias);
    if (seen !== undefined && seen !== s.key) ambiguous.add(alias);
    else aliases.set(alias, s.key);
  }
  for (const a of ambiguous) if (!items.has(a)) aliases.delete(a);
  return { items, aliases, resolved: new Map() };
}

function resolveStockKey(index: StockIndex, line: OrderLine): string | null {
  // A scan matches each open line three times (demand, allocation, judging), and a shop's lines
  // name the same few thousand products again and again: normalising names was a second of a
  // bad season's scan. The memo grows with the catalogue, not with the orders.
  const memoKey = `${line.sku ?? '\u0001'}\u0000${line.title ?? '\u0001'}\u0000${line.variant ?? '\u0001'}`;
  const known = index.resolved.get(memoKey);
  if (known !== undefined) return known;
  let found: string | null = null;
  for (const candidate of lineKeyCandidates(line.sku, line.title, line.variant)) {
    const key = index.aliases.get(candidate);
    if (key) {
      found = key;
      break;
    }
  }
  if (index.resolved.size < MEMO_LIMIT) index.resolved.set(memoKey, found);
  return found;
}

/** Past this many distinct products (a marketplace's catalogue), names are normalised every time instead. */
const MEMO_LIMIT = 100_000;

function judgeParcel(
  order: DetectionOrder,
  tracking: Map<string, Tracking>,
  config: Config,
  now: number,
  learned: LearnedThresholds | null,
): { state: NonNullable<Finding['stalled']>; reason: string; clock: StallClock; claim: Finding['claim'] } | null {
  const judged = judgeStall(order, tracking, config, now, learned);
  if (!judged) return null;
  const t = order.trackingNumber ? tracking.get(order.trackingNumber) : undefined;
  const problem: ClaimFor | null = t?.lastEvent && DAMAGED.test(t.lastEvent) ? 'damaged' : judged.state === 'probably_lost' || (t?.lastEvent && LOST.test(t.lastEvent)) ? 'lost' : null;
  if (!problem) return { ...judged, claim: null };
  const family = carrierFamily(t?.carrier ?? order.carrier, t?.trackingNumber ?? order.trackingNumber);
  const by = claimBy(family, problem, order.shippedAt, t?.deliveredAt ?? t?.lastEventAt ?? null, config, order.paidAt, order.country);
  return { ...judged, claim: { for: problem, carrier: family === 'other' ? (t?.carrier ?? order.carrier ?? 'the carrier') : claimLabel(family, order.country, config), claimBy: by } };
}

/**
 * A parcel a remedy sent, judged by the same stall clocks as any order's: `order` carries that
 * parcel's number, carrier and send time. A second parcel stuck is as urgent as the first.
 */
export function judgeRemedyParcel(order: DetectionOrder, tracking: Tracking | null, config: Config, now: number): { state: NonNullable<Finding['stalled']>; reason: string; claimFor: ClaimFor | null } | null {
  const judged = judgeParcel(order, new Map(tracking ? [[tracking.trackingNumber, tracking]] : []), config, now, null);
  // What a claim could be filed for, as for the order's own parcel: a parcel never handed over is not lost in transit.
  return judged ? { state: judged.state, reason: judged.reason, claimFor: judged.claim?.for ?? null } : null;
}

const DAMAGED = /(damage|broken|破损|破損|損傷|き損|毀損)/i;
const LOST = /(\blost\b|missing|丢失|遗失|紛失|亡失)/i;

function judgeStall(
  order: DetectionOrder,
  tracking: Map<string, Tracking>,
  config: Config,
  now: number,
  learned: LearnedThresholds | null,
): { state: NonNullable<Finding['stalled']>; reason: string; clock: StallClock } | null {
  // A number a spreadsheet rounded names no parcel: nothing can be said of it (the scan warns).
  if (order.trackingNumber && isRoundedNumber(order.trackingNumber)) return null;
  const t = order.trackingNumber ? tracking.get(order.trackingNumber) : undefined;
  const shippedAt = order.shippedAt;
  if (shippedAt === null && !t) return null;
  // Shipped with no tracking number and no tracker row: an untracked service (Royal Mail 2nd class,
  // 平邮, a hand delivery), or a number the export leaves out. Nothing says where it is, so nothing
  // says it is stuck: "not handed over?" of an order the shop posted is the false alarm that teaches
  // an owner to ignore the scan, and no message can name a parcel without its number.
  if (!order.trackingNumber && !t) return null;
  if (t && (t.status === 'delivered' || t.deliveredAt !== null)) return null;
  // Waiting at a pickup point (a station, a locker, the post office) for the customer: the carrier
  // knows where it is. Neither stuck nor lost, and no claim or reship; the scan reminds the owner of
  // parcels left there for days (store/sanity.ts).
  if (t?.status === 'available_for_pickup') return null;
  // Old shipments are history: the trackers themselves stop following them. (Not one already found
  // stuck: growing older is not moving again, and the customer must never hear that it did.)
  const reference = t?.lastEventAt ?? shippedAt;
  if (reference !== null && !order.watched && now - reference > config.tracking_horizon_days * DAY) return null;

  const tz = config.shop.timezone;
  const carrier = t?.carrier ?? order.carrier;
  const number = t?.trackingNumber ?? order.trackingNumber;
  const parcel = `parcel${number ? ` ${number}` : ''}${carrier ? ` (${carrier})` : ''}`;
  const last = t?.lastEvent ? ` (last: ${t.lastEvent})` : '';
  const lostAfter = config.lost_after_days * DAY;
  const family = carrierFamily(carrier, number);
  const clock = chooseClock({ status: t?.status ?? null, lastEvent: t?.lastEvent ?? null, family, lane: laneOf(order.country, homeCountry(config)) }, config, learned);

  if (clock.event === 'exception') {
    const label = t!.status === 'failed_attempt' ? 'a failed delivery attempt' : t!.status === 'expired' ? 'tracking expired' : 'an exception';
    const stale = t!.lastEventAt !== null && now - t!.lastEventAt > lostAfter;
    return { state: stale ? 'probably_lost' : 'exception', reason: `${parcel}: carrier reports ${label}${last}`, clock };
  }
  // The label's time, else the shipment's: when the parcel was last known to be somewhere.
  const since = t?.lastEventAt ?? shippedAt;
  if (since === null) return null;
  const quiet = countedTime(since, now, tz, clockHoursFor(config, family).sunday_scans);
  if (quiet <= clock.threshold_hours * HOUR) return null;
  // Absolute: a stored reason that counted the hours would be false by the time it is read.
  const sinceText = `since ${formatLocal(since, tz)}`;
  if (clock.event === 'no_first_scan') {
    // Never scanned: it is most likely still at the shop or the pick-up point, not lost.
    const what = t ? 'label created, never scanned by the carrier' : 'shipped, no tracking event at all';
    return { state: 'stalled', reason: `${parcel}: not handed over? ${what} ${sinceText}${last}`, clock };
  }
  if (clock.event === 'customs') return { state: 'stalled', reason: `${parcel}: held at customs ${sinceText}${last}`, clock };
  if (quiet > lostAfter) return { state: 'probably_lost', reason: `${parcel}: probably lost, no update ${sinceText}${last}`, clock };
  return { state: 'stalled', reason: `${parcel}: no update ${sinceText}${last}`, clock };
}

/** When the customer must hear from the shop: first detection + the window in force then. */
export function contactBy(firstDetectedAt: number, config: Config): number {
  return firstDetectedAt + contactWindowHours(config, firstDetectedAt) * HOUR;
}

/**
 * Playbook §1: an out-of-stock order should be told within 12 h of payment. A payment at midnight
 * sharp is an export's date without its time (Etsy writes "11/20/26"): it may have come at any hour
 * of that day, so it is judged from the day's end, never called late for an hour it may not have had.
 */
export function isLateToContact(kind: CaseKind, paidAt: number, firstDetectedAt: number, config: Config): boolean {
  if (kind !== 'oversold') return false;
  const w = wallClock(paidAt, config.shop.timezone);
  const latest = w.hour === 0 && w.minute === 0 && w.second === 0 ? paidAt + DAY - 1000 : paidAt;
  return contactBy(firstDetectedAt, config) > latest + config.oversold_notice_hours * HOUR;
}
