/**
 * Amazon Seller Central flat files (docs/formats.md): tab-separated, never quoted,
 * one row per order item. The Unshipped Orders report carries the ship-by
 * deadline (`promise-date`); the All Orders report has statuses but no buyer
 * contact, so its cases are handled through Buyer-Seller Messaging.
 */
import { columnsOf, defineFormat, lessDiscount, missingRoles, statusKey } from '../../import/formats/format.js';
import { emptyOrderFields, type LineFields } from '../../rows/rows.js';

const ORDER_REPORT = {
  orderId: ['order-id'],
  itemId: ['order-item-id'],
  purchased: ['purchase-date'],
  paid: ['payments-date'],
  promise: ['promise-date'],
  email: ['buyer-email'],
  buyer: ['buyer-name'],
  recipient: ['recipient-name'],
  phone: ['buyer-phone-number', 'ship-phone-number'],
  sku: ['sku'],
  title: ['product-name'],
  quantity: ['quantity-purchased'],
  shipped: ['quantity-shipped'],
  currency: ['currency'],
  price: ['item-price'],
  discount: ['item-promotion-discount'],
  country: ['ship-country'],
  // India's and Japan's reports say how the buyer pays: `COD` is paid on delivery (nothing to refund).
  payment: ['payment-method', 'payment-type'],
};

/** Unshipped Orders (`…ACTIONABLE_ORDER_DATA_SHIPPING`) and the New Orders report. */
export const amazonOrders = defineFormat({
  id: 'amazon',
  label: 'Amazon orders report (Unshipped Orders / New Orders)',
  main: { order_id: ORDER_REPORT.orderId, sku: ORDER_REPORT.sku, quantity: ORDER_REPORT.quantity, paid_at: ORDER_REPORT.paid },
  kind: 'orders',
  quote: false,
  where: 'Seller Central › Orders › Order Reports › "Unshipped Orders" (or "New Orders") › Request report, then Download',
  listsOnlyOpen: { settledBy: "Amazon's All Orders report (Seller Central › Reports › Fulfillment › All Orders), which says what shipped and what was cancelled" },
  groupColumn: (h) => h.find('order-id'),
  recognise: (h) => (h.has('order-id') && h.has('order-item-id') && h.has('purchase-date') ? 100 : 0),
  missing: (h) => missingRoles(h, ORDER_REPORT, ['orderId', 'purchased', 'sku', 'quantity']),
  bind(h, cells) {
    const c = columnsOf(h, ORDER_REPORT);
    // Promotions split an item over several rows, most cells blank (Amazon help 651):
    // only the first row of an order item is a line.
    let current = '';
    let lastItem: string | null = null;
    const seenItems = new Set<string>();
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      if (orderId !== current) {
        current = orderId;
        lastItem = null;
        seenItems.clear();
      }
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.purchased, line);
      // Both reports list orders that are paid and waiting to ship.
      order.paidAt = cells.date(f, c.paid, line) ?? order.placedAt;
      order.shipBy = cells.deadline(f, c.promise, line);
      order.customerName = cells.text(f, c.buyer) ?? cells.text(f, c.recipient);
      order.email = cells.text(f, c.email);
      order.phone = cells.id(f, c.phone);
      order.country = cells.text(f, c.country);
      order.channel = 'amazon';
      order.currency = cells.text(f, c.currency)?.toUpperCase() ?? null;
      order.paymentMethod = cells.text(f, c.payment);
      const itemId = cells.id(f, c.itemId);
      if (itemId !== null && itemId === lastItem) {
        // The promotion's own row: its negative price is what the promotion took off the item the row before.
        const price = cells.money(f, c.price, line, order.currency ?? undefined) ?? 0;
        const off = Math.max(0, -price) + Math.abs(cells.money(f, c.discount, line, order.currency ?? undefined) ?? 0);
        return { line, orderId, order, item: null, ...(off ? { lineDiscount: off } : {}) };
      }
      const quantity = cells.int(f, c.quantity, line);
      if (quantity === null || (itemId !== null && seenItems.has(itemId))) return { line, orderId, order, item: null };
      if (itemId !== null) seenItems.add(itemId);
      lastItem = itemId;
      // item-price is the line's total, not the unit price (Seller Central help 200547170); the
      // customer paid it less the item's promotion.
      const total = lessDiscount(cells.money(f, c.price, line, order.currency ?? undefined), cells.money(f, c.discount, line, order.currency ?? undefined));
      const item: LineFields = {
        sku: cells.id(f, c.sku),
        title: cells.text(f, c.title),
        variant: null,
        quantity,
        unitPrice: total === null || quantity === 0 ? null : Math.round(total / quantity),
        lineTotal: total,
        fulfilledQuantity: Math.min(quantity, cells.int(f, c.shipped, line) ?? 0),
        requiresShipping: true,
      };
      return { line, orderId, order, item };
    };
  },
});

const ALL_ORDERS = {
  orderId: ['amazon-order-id'],
  purchased: ['purchase-date'],
  status: ['order-status'],
  channel: ['fulfillment-channel'],
  title: ['product-name'],
  sku: ['sku'],
  itemStatus: ['item-status'],
  quantity: ['quantity'],
  currency: ['currency'],
  price: ['item-price'],
  discount: ['item-promotion-discount'],
  country: ['ship-country'],
};

/** All Orders (`…ALL_ORDERS_DATA_BY_ORDER_DATE/LAST_UPDATE`). */
export const amazonAllOrders = defineFormat({
  id: 'amazon-all-orders',
  label: 'Amazon All Orders report',
  main: { order_id: ALL_ORDERS.orderId, sku: ALL_ORDERS.sku, quantity: ALL_ORDERS.quantity, placed_at: ALL_ORDERS.purchased },
  kind: 'orders',
  quote: false,
  where: 'Seller Central › Reports › Fulfillment › "All Orders" (or Order Reports › All Orders) › Download (.txt)',
  groupColumn: (h) => h.find('amazon-order-id'),
  recognise: (h) => (h.has('amazon-order-id') && h.has('order-status') && h.has('purchase-date') ? 100 : 0),
  missing: (h) => missingRoles(h, ALL_ORDERS, ['orderId', 'purchased', 'status', 'sku', 'quantity']),
  bind(h, cells) {
    const c = columnsOf(h, ALL_ORDERS);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const status = statusKey(cells.text(f, c.status));
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.purchased, line);
      // Pending: the buyer's payment is not through yet.
      order.paidAt = status === 'pending' ? null : order.placedAt;
      order.cancelled = status === 'canceled' || status === 'cancelled';
      order.country = cells.text(f, c.country);
      order.channel = 'amazon';
      order.currency = cells.text(f, c.currency)?.toUpperCase() ?? null;
      const itemStatus = statusKey(cells.text(f, c.itemStatus));
      const quantity = cells.int(f, c.quantity, line);
      if (quantity === null || quantity === 0 || itemStatus === 'cancelled' || itemStatus === 'canceled') return { line, orderId, order, item: null };
      // `Shipped - Delivered to Buyer`, `Shipped - Returned to Seller`, `Shipped - Picked Up` … are all shipped (not `Shipping`, not `Unshipped`).
      const shipped = itemStatus.startsWith('shipped') || ((status.startsWith('shipped') || status === 'complete') && itemStatus === '');
      // The line's total, as in the orders report, less the item's promotion.
      const total = lessDiscount(cells.money(f, c.price, line, order.currency ?? undefined), cells.money(f, c.discount, line, order.currency ?? undefined));
      const afn = /^(amazon|afn)$/i.test(cells.text(f, c.channel) ?? '');
      return {
        line,
        orderId,
        order,
        item: {
          sku: cells.id(f, c.sku),
          title: cells.text(f, c.title),
          variant: null,
          quantity,
          unitPrice: total === null ? null : Math.round(total / quantity),
          lineTotal: total,
          fulfilledQuantity: shipped ? quantity : 0,
          // Fulfilled by Amazon: Amazon's warehouse ships it, from stock that is not the shop's.
          requiresShipping: !afn,
        },
      };
    };
  },
});
