/** The shapes the domain works on. Times are epoch ms; money is minor units. */

export interface Order {
  orderId: string;
  placedAt: number | null;
  /** null = not paid yet: takes no stock and raises no case. */
  paidAt: number | null;
  cancelled: boolean;
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
  tags: string[];
  /** The customer collects the order (local pickup, 门店自提): nothing of it is ever sent. */
  pickup?: boolean;
}

export interface OrderLine {
  orderId: string;
  lineNo: number;
  sku: string | null;
  title: string | null;
  variant: string | null;
  quantity: number;
  fulfilledQuantity: number;
  unitPrice: number | null;
  /** What the whole line cost where the export says it; absent or null: unitPrice × quantity (line-cost.ts). */
  lineTotal?: number | null;
  /** Gift cards and digital goods take no stock and never ship. */
  requiresShipping: boolean;
}

export interface StockItem {
  /** sku, or `title:<normalised title - variant>` when the export has no SKU. */
  key: string;
  sku: string | null;
  title: string | null;
  variant: string | null;
  /** Sellable units on the shelf; null when the export only has `available`. */
  onHand: number | null;
  /** on_hand minus every unfulfilled order, as platforms export it; may be negative. */
  available: number | null;
  incoming: number | null;
  restockDate: number | null;
  unitPrice: number | null;
  /** What the suppliers will deliver (the purchase orders file), earliest first; replaces restockDate when given. */
  deliveries?: Delivery[];
}

/** Units of an item a supplier is expected to deliver on a day. */
export interface Delivery {
  at: number;
  quantity: number;
  supplier: string | null;
  poNumber: string | null;
}

export const TRACKING_STATUSES = [
  'pending',
  'info_received',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'failed_attempt',
  'exception',
  'expired',
  'delivered',
  'unknown',
] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export interface Tracking {
  trackingNumber: string;
  carrier: string | null;
  status: TrackingStatus;
  lastEventAt: number | null;
  lastEvent: string | null;
  deliveredAt: number | null;
}

export const CASE_KINDS = ['oversold', 'late', 'stalled'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** oversold > late > stalled: the shop's own fault is told first (playbook §1). */
export const KIND_PRIORITY: Record<CaseKind, number> = { oversold: 0, late: 1, stalled: 2 };

/** What writing one message left for the record: the file, its text and its hash. */
export interface MessageRecord {
  intent: string;
  channel: string;
  lang: string;
  template: string;
  recipient: string | null;
  subject: string | null;
  body: string;
  path: string;
  sha256: string;
  day: string;
  dedupeKey: string;
}
