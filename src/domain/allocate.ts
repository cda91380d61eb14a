/**
 * First-paid, first-served stock allocation (playbook §2): open order lines take
 * units in payment order; the lines the stock cannot cover are short.
 */
import type { OrderLine, StockItem } from './types.js';

export interface OpenLine {
  orderId: string;
  lineNo: number;
  paidAt: number;
  stockKey: string;
  openQuantity: number;
}

export interface LineAllocation {
  orderId: string;
  lineNo: number;
  stockKey: string;
  openQuantity: number;
  allocated: number;
  short: number;
  /** Units the stock left short on earlier lines of the same item: the queue ahead of this line for the next delivery. */
  shortBefore: number;
}

export interface StockPosition {
  key: string;
  /** Units allocation started from (on hand, or derived from `available`). */
  supply: number;
  demand: number;
  allocated: number;
  short: number;
  /** Units left to sell after every open paid line is served. */
  free: number;
  /** Orders that received units, in payment order. */
  takenBy: string[];
}

export interface Allocation {
  lines: Map<string, LineAllocation>;
  positions: Map<string, StockPosition>;
}

export const lineId = (orderId: string, lineNo: number) => `${orderId}\u0000${lineNo}`;

/** Open quantity of a line: what is still to ship. */
export function openQuantity(line: OrderLine): number {
  return Math.max(0, line.quantity - line.fulfilledQuantity);
}

/** An item with no count at all: the shop does not track its stock here, so it is never oversold. */
export const isUntracked = (item: StockItem) => item.onHand === null && item.available === null;

/**
 * Supply for allocation: on_hand when known (docs/cli.md: it wins over available);
 * otherwise `available` already has the open orders taken off, so they are
 * added back to get what is on the shelf.
 */
export function supplyOf(item: StockItem, openDemand: number): number {
  if (item.onHand !== null) return Math.max(0, item.onHand);
  if (item.available !== null) return Math.max(0, item.available + openDemand);
  return 0;
}

export function allocateStock(open: OpenLine[], stock: Map<string, StockItem>): Allocation {
  const sorted = [...open].sort(byPaymentOrder);
  const demand = new Map<string, number>();
  for (const l of sorted) demand.set(l.stockKey, (demand.get(l.stockKey) ?? 0) + l.openQuantity);
  const allocator = new StockAllocator(stock, demand);
  const lines = new Map<string, LineAllocation>();
  for (const l of sorted) {
    const a = allocator.take(l);
    if (a) lines.set(lineId(l.orderId, l.lineNo), a);
  }
  return { lines, positions: allocator.positions };
}

/** The order stock is served in: first paid first, then by order id, then line by line. */
export const byPaymentOrder = (a: OpenLine, b: OpenLine) => a.paidAt - b.paidAt || compareIds(a.orderId, b.orderId) || a.lineNo - b.lineNo;

/**
 * Allocation one line at a time, for lines that arrive in payment order (byPaymentOrder) with
 * each item's whole open demand known beforehand (an item known only by `available` needs it
 * for its supply). A scan streams a large shop's open lines through it without holding them.
 */
export class StockAllocator {
  readonly positions = new Map<string, StockPosition>();

  /**
   * `takersOfShortOnly`: record who took units only for items that end short. Only a short
   * line names them, and the takers of items that cover everyone grow with the open orders.
   */
  constructor(stock: Map<string, StockItem>, demand: Map<string, number>, private readonly takersOfShortOnly = false) {
    for (const [key, item] of stock) {
      const d = demand.get(key) ?? 0;
      const supply = supplyOf(item, d);
      this.positions.set(key, { key, supply, demand: d, allocated: 0, short: 0, free: supply, takenBy: [] });
    }
  }

  take(l: OpenLine): LineAllocation | null {
    const pos = this.positions.get(l.stockKey);
    if (!pos) return null;
    const allocated = Math.min(pos.free, l.openQuantity);
    pos.free -= allocated;
    pos.allocated += allocated;
    const short = l.openQuantity - allocated;
    const shortBefore = pos.short;
    pos.short += short;
    if (allocated > 0 && (!this.takersOfShortOnly || pos.demand > pos.supply) && this.isNewTaker(pos, l)) {
      pos.takenBy.push(l.orderId);
      this.lastTakerPaidAt.set(pos.key, l.paidAt);
    }
    return { ...l, allocated, short, shortBefore };
  }

  private readonly lastTakerPaidAt = new Map<string, number>();

  /**
   * Whether the line's order has not taken from this item yet. Lines come in payment order, so an
   * order that took already is the last taker, or sits among takers paid at the same time whose ids
   * compare equal to its own; the list is searched only then (a popular item has thousands of takers).
   */
  private isNewTaker(pos: StockPosition, l: OpenLine): boolean {
    const last = pos.takenBy[pos.takenBy.length - 1];
    if (last === undefined) return true;
    if (last === l.orderId) return false;
    if (this.lastTakerPaidAt.get(pos.key) !== l.paidAt || compareIds(last, l.orderId) !== 0) return true;
    return !pos.takenBy.includes(l.orderId);
  }
}

// One collator for every comparison: localeCompare with a locale and options sets one up on each
// call, which was most of the time spent sorting a large shop's cases.
const idCollator = new Intl.Collator('en', { numeric: true });

/** Order ids compare numerically when both are numbers (#1002 before #1010), else as text. */
export function compareIds(a: string, b: string): number {
  return idCollator.compare(a, b);
}
