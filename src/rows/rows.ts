/** The canonical rows every format maps onto (docs/cli.md "generic CSV format"). */
import type { TrackingStatus } from '../domain/types.js';

export type FileKind = 'orders' | 'inventory' | 'tracking' | 'substitutes' | 'purchase_orders';

export interface OrderFields {
  placedAt: number | null;
  paidAt: number | null;
  cancelled: boolean | null;
  customerName: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  country: string | null;
  channel: string | null;
  shipBy: number | null;
  shippedAt: number | null;
  carrier: string | null;
  trackingNumber: string | null;
  currency: string | null;
  orderTotal: number | null;
  paymentMethod: string | null;
  tags: string | null;
  /**
   * The customer collects the order (local pickup, 门店自提): nothing is shipped, so it is never late
   * and has no parcel to get stuck, though it still takes stock. null: the export does not say.
   */
  pickup: boolean | null;
  /**
   * Another number the platform shows the order by, when the export has one besides the order id
   * (eBay's Sales Record Number): `--order` finds the order by it too.
   */
  altId: string | null;
}

export interface LineFields {
  sku: string | null;
  title: string | null;
  variant: string | null;
  quantity: number;
  unitPrice: number | null;
  /** What the whole line cost where the export says it (Amazon's item-price less its promotion): a rounded unit price cannot give it back. */
  lineTotal?: number | null;
  fulfilledQuantity: number;
  requiresShipping: boolean;
}

/** A row whose order id a spreadsheet rounded (1.23E+17), with whose order it is: rows of different orders may now share the id. */
export interface MangledIdRow {
  line: number;
  id: string;
  /** The customer and payment time the row gives (null where blank: a later row of the same order). */
  who: [name: string | null, phone: string | null, email: string | null, paidAt: number | null];
  /** Written 1.23E+18 (surely rounded), or in full with zeros for the lost digits (maybe). */
  surely: boolean;
}

export interface OrderRow {
  line: number;
  orderId: string;
  order: OrderFields;
  item: LineFields | null;
  /**
   * A discount on the line just before it in the same order (Amazon's promotion row repeating an
   * order item with a negative price): taken off that line's total, which the customer did not pay.
   */
  lineDiscount?: number;
}

export interface InventoryRow {
  line: number;
  sku: string | null;
  /** Shopify's product handle: unique where titles are not. */
  handle?: string | null;
  title: string | null;
  variant: string | null;
  onHand: number | null;
  unavailable: number | null;
  available: number | null;
  incoming: number | null;
  restockDate: number | null;
  unitPrice: number | null;
}

export interface TrackingRow {
  line: number;
  trackingNumber: string;
  orderId: string | null;
  carrier: string | null;
  status: TrackingStatus;
  lastEventAt: number | null;
  lastEvent: string | null;
  deliveredAt: number | null;
}

export interface SubstituteRow {
  line: number;
  sku: string;
  substituteSku: string;
  note: string | null;
}

/** One open purchase order line: units of a SKU the supplier is expected to deliver on a day. */
export interface PurchaseOrderRow {
  line: number;
  sku: string;
  quantity: number;
  expectedAt: number;
  supplier: string | null;
  poNumber: string | null;
}

export interface RowsByKind {
  orders: OrderRow;
  inventory: InventoryRow;
  tracking: TrackingRow;
  substitutes: SubstituteRow;
  purchase_orders: PurchaseOrderRow;
}

export const emptyOrderFields = (): OrderFields => ({
  placedAt: null,
  paidAt: null,
  cancelled: null,
  customerName: null,
  email: null,
  phone: null,
  language: null,
  country: null,
  channel: null,
  shipBy: null,
  shippedAt: null,
  carrier: null,
  trackingNumber: null,
  currency: null,
  orderTotal: null,
  paymentMethod: null,
  tags: null,
  pickup: null,
  altId: null,
});
