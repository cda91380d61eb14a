/** What a supported export format provides: recognition from its header, and a row mapper. */
import type { Cells, Header } from '../../import/formats/cells.js';
import type { FileKind, RowsByKind } from '../../rows/rows.js';

/** A row of the file gives one canonical row, several (WooCommerce Analytics: one per product), or none. */
export type RowMapper<K extends FileKind> = (fields: string[], line: number) => RowsByKind[K] | RowsByKind[K][] | null;

export interface Format<K extends FileKind = FileKind> {
  /** What `--format` takes, e.g. `shopify`. */
  id: string;
  label: string;
  kind: K;
  /** 0 when the header is not this format; higher scores are better matches. */
  recognise(header: Header): number;
  /** Required columns this header lacks, all of them. */
  missing(header: Header): string[];
  bind(header: Header, cells: Cells): RowMapper<K>;
  /** false for flat files that do not quote (Amazon). */
  quote?: boolean;
  isFooter?: (fields: string[]) => boolean;
  /** The column holding the order id: an order's rows are kept together by its raw bytes. */
  groupColumn?: (header: Header) => number;
  /** Where the shop owner downloads this file (README and error hints). */
  where: string;
  /** The platform's zone, for its zone-less times (Taobao: China time whatever the shop's zone). */
  timeZone?: string;
  /** The platform's currency, for files that carry none. */
  currency?: string;
  /**
   * The report lists only orders still to ship (Amazon's Unshipped Orders): an order it no longer
   * lists has shipped or been cancelled, and the report cannot say which. Names the report that can.
   */
  listsOnlyOpen?: { settledBy: string };
  /**
   * Whether this file says what shipped only by a ship time (the generic format without a
   * fulfilled_quantity column): each order with one is then shipped whole, on all its rows, wherever
   * they are in the file (the rows of one order need not be next to each other).
   */
  shippedWholeByTime?: (header: Header) => boolean;
  /**
   * Whether this file says only whether an order shipped, not which of its lines did (eBay, Etsy,
   * WooCommerce, Rakuten, Taobao, Pinduoduo, the generic format without fulfilled_quantity): every
   * line shows shipped once the first parcel leaves. A part oos knows is still to ship stays open
   * (store/earlier-parts.ts keepRestOpen).
   */
  linesShipTogether?: (header: Header) => boolean;
  /**
   * The columns a person looks for first (`oos formats detect`), by the generic format's names, from
   * the format's own table: a guess from the header names read 承诺发货时间 (the ship-by deadline)
   * as the ship date and eBay's Sales Record Number as the order number.
   */
  main?: Partial<Record<MainRole, readonly string[]>>;
  /** The other half of an export split in two files (Etsy, Taobao), and what it adds. */
  companion?: { formatId: string; file: string; adds: string };
}

export type MainRole = 'order_id' | 'sku' | 'quantity' | 'paid_at' | 'placed_at' | 'shipped_at';

export const defineFormat = <K extends FileKind>(f: Format<K>): Format<K> => f;

/** Column indexes by role, each role taking the first of its names the header has (-1 when none). */
export function columnsOf<T extends Record<string, string[]>>(h: Header, names: T): Record<keyof T, number> {
  return Object.fromEntries(Object.entries(names).map(([role, alts]) => [role, h.find(...alts)])) as Record<keyof T, number>;
}

/** The required roles (named by their first spelling) a header lacks. */
export function missingRoles(h: Header, names: Record<string, string[]>, required: string[]): string[] {
  return required.filter((r) => h.find(...names[r]!) < 0).map((r) => names[r]![0]!);
}

/** Statuses compare without case, spaces or full-width forms: `买家已付款，等待卖家发货`, `On hold`. */
export const statusKey = (s: string | null) => (s === null ? '' : s.normalize('NFKC').toLowerCase().replace(/[\s_\-]+/g, ''));

/**
 * A line's total less the discount the export gives for it: what the customer paid for the line.
 * Reports write a discount as a positive amount in one column and a negative one in another
 * (Amazon's promotion rows); either way it makes the line cheaper.
 */
export const lessDiscount = (total: number | null, discount: number | null): number | null => (total === null ? null : total - Math.abs(discount ?? 0));

/**
 * Whether a shipping method's name says the customer collects the order (docs/formats.md); null for
 * a blank cell (an order's later rows), which says nothing. Shops name their methods themselves, so
 * this reads the words they use for it: WooCommerce's defaults "Local pickup" and "Pickup", "Pick-up
 * at the store", "Click & Collect", "Abholung", "Afhalen", 自提, 店頭受取. A parcel sent to a pickup
 * point, a locker, a 驿站 or a carrier's own pickup shop still ships, and is not one.
 */
export function isPickupMethod(name: string | null): boolean | null {
  if (name === null) return null;
  const s = name.normalize('NFKC').toLowerCase();
  // A pickup point, a locker, a parcel station (not a shop on Station Road), a convenience store (超商取貨, コンビニ受取).
  if (/\bpoints?\b|\bpunto\b|locker|packstation|(pick[\s-]?up|parcel|paket)\s*station|pudo|parcel\s*shop|relay|relais|collect\s*(\+|plus)|自提点|自提柜|快递柜|驿站|コンビニ|超商|便利店/.test(s)) return false;
  // A carrier's own pickup network ("DPD Pickup") is a parcel it delivers there.
  if (/\b(dpd|dhl|ups|usps|fedex|gls|hermes|inpost|royal mail|post|yamato|sagawa)\b|顺丰|菜鸟|ヤマト|佐川|郵便/.test(s)) return false;
  return /\bpick[\s-]?up\b|\bcollect(ion)?\b|abholung|afhalen|retrait\s*(en\s*)?(magasin|boutique)|ritiro\s*in\s*negozio|recogida\s*en\s*tienda|自提|自取|到店取貨|店頭受(け)?取|店舗受(け)?取|ピックアップ/.test(s);
}
