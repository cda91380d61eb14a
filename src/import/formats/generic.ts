/** The generic CSV format of docs/cli.md, for every kind of file. */
import type { Header } from '../../import/formats/cells.js';
import { defineFormat, isPickupMethod } from '../../import/formats/format.js';
import { emptyOrderFields } from '../../rows/rows.js';

const ORDER_COLUMNS = [
  'order_id', 'placed_at', 'paid_at', 'status', 'customer_name', 'email', 'phone', 'language', 'country',
  'channel', 'ship_by', 'shipped_at', 'carrier', 'tracking_number', 'currency', 'order_total',
  'payment_method', 'tags', 'shipping_method', 'sku', 'title', 'variant', 'quantity', 'unit_price', 'line_total', 'fulfilled_quantity',
];

const countKnown = (h: Header, cols: string[]) => cols.filter((c) => h.has(c)).length;

function missingOf(h: Header, required: (string | string[])[]): string[] {
  return required
    .filter((r) => (Array.isArray(r) ? !r.some((c) => h.has(c)) : !h.has(r)))
    .map((r) => (Array.isArray(r) ? r.join(' or ') : r));
}

const ORDER_REQUIRED = ['order_id', 'sku', 'quantity', ['paid_at', 'placed_at']];

export const genericOrders = defineFormat({
  id: 'generic',
  label: 'generic orders CSV',
  kind: 'orders',
  where: 'any spreadsheet saved as CSV with the column names of the generic format (README)',
  recognise: (h) => (h.has('order_id') ? countKnown(h, ORDER_COLUMNS) : 0),
  groupColumn: (h) => h.find('order_id'),
  missing: (h) => missingOf(h, ORDER_REQUIRED),
  // A file without a fulfilled_quantity column says what left only in shipped_at: an order with one
  // is shipped whole (a wrong "late" on a shipped order teaches the owner to ignore oos).
  shippedWholeByTime: (h) => !h.has('fulfilled_quantity'),
  linesShipTogether: (h) => !h.has('fulfilled_quantity'),
  bind(h, cells) {
    const c = Object.fromEntries(ORDER_COLUMNS.map((n) => [n, h.find(n)])) as Record<string, number>;
    // docs/cli.md: a file with no paid_at column at all uses placed_at in its place.
    const paidCol = c.paid_at! >= 0 ? c.paid_at! : c.placed_at!;
    // Order-level cells may be blank on an order's later rows (docs/cli.md), currency too: a later
    // row's prices are in the currency its order's earlier row named, not the shop's (a yen order's
    // 1,400 read as 14.00 CNY became a 280,000-yen refund).
    let previous = { orderId: '', currency: null as string | null };
    return (f, line) => {
      const orderId = cells.requiredId(f, c.order_id!, line);
      const own = cells.text(f, c.currency!);
      const currency = own ?? (previous.orderId === orderId ? previous.currency : null);
      previous = { orderId, currency };
      const statusText = cells.text(f, c.status!);
      let cancelled: boolean | null = null;
      if (statusText !== null) {
        const s = statusText.toLowerCase();
        if (s === 'open') cancelled = false;
        else if (s === 'cancelled' || s === 'canceled') cancelled = true;
        else
          throw cells.fail(
            line,
            c.status!,
            'must be open or cancelled',
            statusText,
            /^(refunded|voided|closed)$/.test(s)
              ? 'write cancelled for an order refunded or voided whole (nothing is owed any more), else open'
              : /^(shipped|fulfilled|completed?|delivered)$/.test(s)
                ? 'write open, and say what left with shipped_at (or fulfilled_quantity per line): a shipped order is open and shipped, not a status of its own'
                : 'write open for an order still owed to the customer, cancelled for one that is not',
          );
      }
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.placed_at!, line);
      order.paidAt = cells.date(f, paidCol, line);
      order.cancelled = cancelled;
      order.customerName = cells.text(f, c.customer_name!);
      order.email = cells.text(f, c.email!);
      order.phone = cells.id(f, c.phone!);
      order.language = cells.text(f, c.language!)?.toLowerCase() ?? null;
      order.country = cells.text(f, c.country!);
      order.channel = cells.text(f, c.channel!);
      order.shipBy = cells.deadline(f, c.ship_by!, line);
      order.shippedAt = cells.date(f, c.shipped_at!, line);
      order.carrier = cells.text(f, c.carrier!);
      order.trackingNumber = cells.id(f, c.tracking_number!);
      order.currency = own?.toUpperCase() ?? null;
      order.orderTotal = cells.money(f, c.order_total!, line, currency ?? undefined);
      order.paymentMethod = cells.text(f, c.payment_method!);
      order.tags = cells.text(f, c.tags!);
      // docs/cli.md: a shipping_method that reads as local pickup is an order the customer collects.
      order.pickup = isPickupMethod(cells.text(f, c.shipping_method!));
      const sku = cells.id(f, c.sku!);
      const title = cells.text(f, c.title!);
      const quantity = cells.int(f, c.quantity!, line);
      let item = null;
      if (quantity !== null || sku !== null || title !== null) {
        if (quantity === null) throw cells.fail(line, c.quantity!, 'is empty but the row names an item');
        if (sku === null && title === null) throw cells.fail(line, c.sku!, 'is empty and so is title: the row does not say which item was ordered');
        // Without the column, what shipped is said by shipped_at, for the whole order (shippedWholeByTime).
        const fulfilled = cells.int(f, c.fulfilled_quantity!, line) ?? 0;
        // What the whole line cost the customer, after its discounts, where the shop's system says it.
        const lineTotal = cells.money(f, c.line_total!, line, currency ?? undefined);
        const unitPrice = cells.money(f, c.unit_price!, line, currency ?? undefined);
        item = {
          sku,
          title,
          variant: cells.text(f, c.variant!),
          quantity,
          unitPrice: unitPrice ?? (lineTotal === null || quantity === 0 ? null : Math.round(lineTotal / quantity)),
          lineTotal,
          fulfilledQuantity: Math.min(fulfilled, quantity),
          requiresShipping: true,
        };
      }
      return { line, orderId, order, item };
    };
  },
});

const INVENTORY_COLUMNS = ['sku', 'on_hand', 'available', 'unavailable', 'title', 'variant', 'incoming', 'restock_date', 'unit_price'];

export const genericInventory = defineFormat({
  id: 'generic',
  label: 'generic inventory CSV',
  kind: 'inventory',
  where: 'any spreadsheet saved as CSV with sku and on_hand (or available) columns',
  recognise: (h) => (h.has('sku') && (h.has('on_hand') || h.has('available')) ? countKnown(h, INVENTORY_COLUMNS) : 0),
  missing: (h) => missingOf(h, ['sku', ['on_hand', 'available']]),
  bind(h, cells) {
    const c = Object.fromEntries(INVENTORY_COLUMNS.map((n) => [n, h.find(n)])) as Record<string, number>;
    return (f, line) => {
      const sku = cells.id(f, c.sku!);
      const title = cells.text(f, c.title!);
      if (sku === null && title === null) throw cells.fail(line, c.sku!, 'is empty and so is title: the row does not say which item it counts');
      return {
        line,
        sku,
        title,
        variant: cells.text(f, c.variant!),
        onHand: cells.int(f, c.on_hand!, line, true),
        unavailable: cells.int(f, c.unavailable!, line, true),
        available: cells.int(f, c.available!, line, true),
        incoming: cells.int(f, c.incoming!, line, true),
        restockDate: cells.date(f, c.restock_date!, line),
        unitPrice: cells.money(f, c.unit_price!, line),
      };
    };
  },
});

const TRACKING_COLUMNS = ['tracking_number', 'carrier', 'status', 'last_event_at', 'last_event', 'delivered_at', 'order_id'];

export const genericTracking = defineFormat({
  id: 'generic',
  label: 'generic tracking CSV',
  kind: 'tracking',
  where: "your carrier's or tracker's export, with tracking_number and status columns",
  recognise: (h) => (h.has('tracking_number') ? countKnown(h, TRACKING_COLUMNS) : 0),
  missing: (h) => missingOf(h, ['tracking_number']),
  bind(h, cells) {
    const c = Object.fromEntries(TRACKING_COLUMNS.map((n) => [n, h.find(n)])) as Record<string, number>;
    return (f, line) => {
      const trackingNumber = cells.id(f, c.tracking_number!);
      if (trackingNumber === null) return null;
      const deliveredAt = cells.date(f, c.delivered_at!, line);
      const status = cells.trackingStatus(f, c.status!);
      return {
        line,
        trackingNumber,
        orderId: cells.id(f, c.order_id!),
        carrier: cells.text(f, c.carrier!),
        status: deliveredAt !== null ? 'delivered' : status,
        lastEventAt: cells.date(f, c.last_event_at!, line),
        lastEvent: cells.text(f, c.last_event!),
        deliveredAt,
      };
    };
  },
});

const PURCHASE_ORDER_COLUMNS = ['sku', 'quantity', 'expected_at', 'expected_date', 'supplier', 'po_number'];

export const genericPurchaseOrders = defineFormat({
  id: 'generic',
  label: 'purchase orders CSV',
  kind: 'purchase_orders',
  where: 'a CSV you keep or export from your purchasing tool: sku, quantity, expected_at (or expected_date), supplier, po_number',
  recognise: (h) => (h.has('sku') && h.has('quantity') && (h.has('expected_at') || h.has('expected_date')) ? countKnown(h, PURCHASE_ORDER_COLUMNS) : 0),
  missing: (h) => missingOf(h, ['sku', 'quantity', ['expected_at', 'expected_date']]),
  bind(h, cells) {
    const c = Object.fromEntries(PURCHASE_ORDER_COLUMNS.map((n) => [n, h.find(n)])) as Record<string, number>;
    const expected = c.expected_at! >= 0 ? c.expected_at! : c.expected_date!;
    return (f, line) => {
      const sku = cells.id(f, c.sku!);
      const quantity = cells.int(f, c.quantity!, line);
      if (sku === null && quantity === null) return null;
      if (sku === null) throw cells.fail(line, c.sku!, 'is empty: the row does not say which item is coming');
      if (quantity === null || quantity <= 0) throw cells.fail(line, c.quantity!, 'must be the number of units coming (1 or more)');
      const expectedAt = cells.date(f, expected, line);
      if (expectedAt === null) throw cells.fail(line, expected, 'is empty: without the day it arrives, no customer can be promised a date');
      return { line, sku, quantity, expectedAt, supplier: cells.text(f, c.supplier!), poNumber: cells.id(f, c.po_number!) };
    };
  },
});

export const genericSubstitutes = defineFormat({
  id: 'generic',
  label: 'substitutes list',
  kind: 'substitutes',
  where: 'a CSV you keep: sku, substitute_sku, note',
  recognise: (h) => (h.has('sku') && h.has('substitute_sku') ? 2 + (h.has('note') ? 1 : 0) : 0),
  missing: (h) => missingOf(h, ['sku', 'substitute_sku']),
  bind(h, cells) {
    const sku = h.find('sku');
    const sub = h.find('substitute_sku');
    const note = h.find('note');
    return (f, line) => {
      const a = cells.id(f, sku);
      const b = cells.id(f, sub);
      if (a === null && b === null) return null;
      return { line, sku: cells.requiredId(f, sku, line), substituteSku: cells.requiredId(f, sub, line), note: cells.text(f, note) };
    };
  },
});
