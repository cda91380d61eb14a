/**
 * Detection rules (playbook §1–2), pure functions of (data, config, now).
 * One finding per order, carrying every reason; the store turns findings into
 * cases and keeps their history.
 */
import { allocateStock, isUntracked, lineId, openQuantity, type OpenLine, type StockPosition } from './allocate.js';
import { contactWindowHours, handlingHoursFor, type Config } from './config.js';
import { lineKeyCandidates, nameKey, skuKey } from './stock-key.js';
import { claimBy, claimLabel, type ClaimFor } from './deadlines.js';
import { chooseClock, carrierFamily, countedTime, clockHoursFor, homeCountry, laneOf, type LearnedThresholds, type StallClock } from './stall-clocks.js';
import { DAY, formatDuration, formatLocal, HOUR } from './time.js';
import { KIND_PRIORITY, type CaseKind, type Order, type OrderLine, type StockItem, type Tracking } from './types.js';
import { comingUnits, restockDayFor } from './restock.js';

/** What detection reads of an order: a scan loads just these for every candidate. */
export type DetectionOrder = Pick<Order, 'orderId' | 'paidAt' | 'cancelled' | 'shipBy' | 'shippedAt' | 'carrier' | 'channel' | 'trackingNumber' | 'country'>;

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
  /** The stall clock that fired (stalled parcels only). */
  clock: StallClock | null;
  /** A lost or damaged parcel: what the claim is for and the carrier's last day to file it (null: window unknown). */
  claim: { for: ClaimFor; carrier: string; claimBy: number | null } | null;
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

export function detectProblems(input: DetectionInput): DetectionResult {
  const { config, now } = input;
  const tz = config.shop.timezone;
  const stockIndex = input.stock ? indexStock(input.stock) : null;
  const trackingByNo = new Map((input.tracking ?? []).map((t) => [t.trackingNumber, t]));

  // Only paid, not cancelled orders count; unpaid ones take no stock.
  const live = input.orders.filter((o) => o.order.paidAt !== null && !o.order.cancelled);

  const openLines: OpenLine[] = [];
  const unmatched: UnmatchedLine[] = [];
  const lineKey = new Map<string, string>();
  for (const { order, lines } of live) {
    for (const line of lines) {
      const open = openQuantity(line);
      if (open === 0 || !line.requiresShipping) continue;
      if (!stockIndex) continue;
      const key = resolveStockKey(stockIndex, line);
      if (!key) {
        unmatched.push({ orderId: order.orderId, lineNo: line.lineNo, sku: line.sku, title: line.title, variant: line.variant, open });
        continue;
      }
      // Stock the shop does not track (Shopify "not stocked", untracked variants) is never short.
      if (isUntracked(stockIndex.items.get(key)!)) continue;
      lineKey.set(lineId(order.orderId, line.lineNo), key);
      openLines.push({ orderId: order.orderId, lineNo: line.lineNo, paidAt: order.paidAt!, stockKey: key, openQuantity: open });
    }
  }
  const allocation = stockIndex ? allocateStock(openLines, stockIndex.items) : null;

  const findings: Finding[] = [];
  for (const { order, lines } of live) {
    const reasons: string[] = [];
    const kinds: CaseKind[] = [];
    const skus = new Set<string>();
    const short: ShortLine[] = [];
    let coveredLines = 0;

    // Oversold: lines the stock cannot cover.
    if (allocation && stockIndex) {
      for (const line of lines) {
        const a = allocation.lines.get(lineId(order.orderId, line.lineNo));
        if (!a) continue;
        if (a.short === 0) {
          coveredLines++;
          continue;
        }
        const pos = allocation.positions.get(a.stockKey)!;
        const item = stockIndex.items.get(a.stockKey)!;
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
        skus.add(line.sku ?? item.sku ?? line.title ?? a.stockKey);
        reasons.push(describeShort(line, a.openQuantity, a.short, pos, takenBy));
      }
      if (short.length) kinds.push('oversold');
    }
    const splitCandidate = short.length > 0 && coveredLines > 0;
    if (splitCandidate) reasons.push(`split candidate: ${coveredLines} of ${coveredLines + short.length} open lines can ship now`);

    // Late: not shipped and past (or near) its ship-by time.
    const pending = lines.filter((l) => l.requiresShipping && openQuantity(l) > 0);
    let shipBy: number | null = null;
    let late: Finding['late'] = null;
    if (pending.length) {
      shipBy = order.shipBy ?? order.paidAt! + handlingHoursFor(config, order.channel) * HOUR;
      if (now > shipBy) {
        late = 'overdue';
        reasons.push(`not shipped; ship-by ${formatLocal(shipBy, tz)} passed ${formatDuration(now - shipBy)} ago`);
      } else if (now >= shipBy - config.ship_at_risk_hours * HOUR) {
        late = 'at_risk';
        reasons.push(`not shipped; ship-by ${formatLocal(shipBy, tz)} is in ${formatDuration(shipBy - now)}`);
      }
      if (late) {
        kinds.push('late');
        for (const l of pending) skus.add(l.sku ?? l.title ?? `line ${l.lineNo}`);
      }
    }

    // Stalled: shipped, not delivered, and the parcel has stopped moving.
    const stalled = input.tracking ? judgeParcel(order, trackingByNo, config, now, input.learned ?? null) : null;
    if (stalled) {
      kinds.push('stalled');
      reasons.push(stalled.reason);
    }

    if (!kinds.length) continue;
    kinds.sort((a, b) => KIND_PRIORITY[a] - KIND_PRIORITY[b]);
    findings.push({
      orderId: order.orderId,
      kind: kinds[0]!,
      kinds,
      reasons,
      skus: [...skus],
      paidAt: order.paidAt!,
      short,
      splitCandidate,
      shipBy,
      late,
      stalled: stalled?.state ?? null,
      clock: stalled?.clock ?? null,
      claim: stalled?.claim ?? null,
    });
  }

  const oversoldStock: StockAction[] = [];
  const lowStock: StockAction[] = [];
  if (allocation && stockIndex) {
    for (const pos of allocation.positions.values()) {
      const item = stockIndex.items.get(pos.key)!;
      if (isUntracked(item)) continue;
      const action = { key: pos.key, sku: item.sku, title: item.title, variant: item.variant, supply: pos.supply, demand: pos.demand, short: pos.short, free: pos.free };
      if (pos.short > 0) oversoldStock.push(action);
      else if (pos.free <= config.low_stock_threshold) lowStock.push(action);
    }
    oversoldStock.sort((a, b) => b.short - a.short || a.key.localeCompare(b.key));
    lowStock.sort((a, b) => a.free - b.free || a.key.localeCompare(b.key));
  }

  const stockLevels: StockLevel[] = [];
  if (allocation && stockIndex) {
    for (const pos of allocation.positions.values()) {
      const item = stockIndex.items.get(pos.key)!;
      stockLevels.push({ key: pos.key, sku: item.sku, title: item.title, variant: item.variant, supply: pos.supply, free: pos.free, unitPrice: item.unitPrice });
    }
  }

  return {
    findings,
    stockLevels,
    unmatched,
    oversoldStock,
    lowStock,
    checked: { oversold: stockIndex !== null, stalled: input.tracking !== null },
  };
}

function describeShort(line: OrderLine, open: number, short: number, pos: StockPosition, takenBy: string[]): string {
  const what = itemLabel(line);
  const stock =
    pos.supply === 0
      ? 'none in stock'
      : takenBy.length
        ? `the ${pos.supply} in stock went to earlier orders ${listIds(takenBy)}`
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

interface StockIndex {
  items: Map<string, StockItem>;
  /** sku and name aliases → item key; a name shared by two items is left out as ambiguous. */
  aliases: Map<string, string>;
}

function indexStock(stock: StockItem[]): StockIndex {
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
  return { items, aliases };
}

function resolveStockKey(index: StockIndex, line: OrderLine): string | null {
  for (const candidate of lineKeyCandidates(line.sku, line.title, line.variant)) {
    const key = index.aliases.get(candidate);
    if (key) return key;
  }
  return null;
}

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
  const family = carrierFamily(t?.carrier ?? order.carrier);
  const by = claimBy(family, problem, order.shippedAt, t?.deliveredAt ?? t?.lastEventAt ?? null, config);
  return { ...judged, claim: { for: problem, carrier: family === 'other' ? (t?.carrier ?? order.carrier ?? 'the carrier') : claimLabel(family), claimBy: by } };
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
  const t = order.trackingNumber ? tracking.get(order.trackingNumber) : undefined;
  const shippedAt = order.shippedAt;
  if (shippedAt === null && !t) return null;
  if (t && (t.status === 'delivered' || t.deliveredAt !== null)) return null;
  // Old shipments are history: the trackers themselves stop following them.
  const reference = t?.lastEventAt ?? shippedAt;
  if (reference !== null && now - reference > config.tracking_horizon_days * DAY) return null;

  const tz = config.shop.timezone;
  const carrier = t?.carrier ?? order.carrier;
  const number = t?.trackingNumber ?? order.trackingNumber;
  const parcel = `parcel${number ? ` ${number}` : ''}${carrier ? ` (${carrier})` : ''}`;
  const last = t?.lastEvent ? ` (last: ${t.lastEvent})` : '';
  const lostAfter = config.lost_after_days * DAY;
  const family = carrierFamily(carrier);
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
  const sinceText = `${formatDuration(quiet)} since ${formatLocal(since, tz)}`;
  if (clock.event === 'no_first_scan') {
    // Never scanned: it is most likely still at the shop or the pick-up point, not lost.
    const what = t ? 'label created, never scanned by the carrier' : 'shipped, no tracking event at all';
    return { state: 'stalled', reason: `${parcel}: not handed over? ${what} for ${sinceText}${last}`, clock };
  }
  if (clock.event === 'customs') return { state: 'stalled', reason: `${parcel}: held at customs for ${sinceText}${last}`, clock };
  if (quiet > lostAfter) return { state: 'probably_lost', reason: `${parcel}: probably lost, no update for ${sinceText}${last}`, clock };
  return { state: 'stalled', reason: `${parcel}: no update for ${sinceText}${last}`, clock };
}

/** When the customer must hear from the shop: first detection + the window in force then. */
export function contactBy(firstDetectedAt: number, config: Config): number {
  return firstDetectedAt + contactWindowHours(config, firstDetectedAt) * HOUR;
}

/** Playbook §1: an out-of-stock order should be told within 12 h of payment. */
export function isLateToContact(kind: CaseKind, paidAt: number, firstDetectedAt: number, config: Config): boolean {
  return kind === 'oversold' && contactBy(firstDetectedAt, config) > paidAt + config.oversold_notice_hours * HOUR;
}
