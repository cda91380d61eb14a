/**
 * Etsy's "Download Data" CSVs (docs/formats.md): EtsySoldOrders (one row per order:
 * buyer, totals, status) and EtsySoldOrderItems (one row per item: SKU, quantity,
 * shipped date). Passed together in one scan they make whole orders. Headers
 * follow the account's region (US "Ship City", UK "Delivery City"); all-number
 * dates are month first (`09/03/26`).
 */
import { columnsOf, defineFormat, missingRoles, statusKey } from '../../import/formats/format.js';
import { emptyOrderFields } from '../../rows/rows.js';

const ORDERS = {
  orderId: ['Order ID'],
  sold: ['Sale Date'],
  name: ['Full Name'],
  first: ['First Name'],
  last: ['Last Name'],
  shipped: ['Date Shipped', 'Date Posted', 'Date Dispatched'],
  country: ['Ship Country', 'Delivery Country'],
  currency: ['Currency'],
  total: ['Order Total'],
  status: ['Status'],
  payment: ['Payment Method'],
  items: ['Number of Items'],
  skus: ['SKU'],
  orderType: ['Order Type'],
};

export const etsyOrders = defineFormat({
  id: 'etsy',
  linesShipTogether: () => true,
  label: 'Etsy sold orders (EtsySoldOrders)',
  main: { order_id: ORDERS.orderId, placed_at: ORDERS.sold, shipped_at: ORDERS.shipped },
  kind: 'orders',
  where: 'Shop Manager › Settings › Options › Download Data › Orders › "Download CSV" (the Orders file)',
  companion: { formatId: 'etsy-items', file: 'EtsySoldOrderItems….csv', adds: 'the items (SKU and quantity) of each order' },
  groupColumn: (h) => h.find('Order ID'),
  recognise: (h) => (h.has('Sale Date') && h.has('Order ID') && h.has('Number of Items') && !h.has('Item Name') ? 100 : 0),
  // (Without the ship date every order would read as not shipped, and late.)
  missing: (h) => missingRoles(h, ORDERS, ['orderId', 'sold', 'shipped']),
  bind(h, cells) {
    const c = columnsOf(h, ORDERS);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.sold, line, 'mdy');
      order.shippedAt = cells.date(f, c.shipped, line, 'mdy');
      const status = statusKey(cells.text(f, c.status));
      // Etsy takes payment at checkout; `Payment Processing` (a payment still clearing) is not to ship yet.
      order.paidAt = status === 'paymentprocessing' ? null : order.placedAt;
      // `Canceled`, `Fully Refunded` (a `Partially Refunded` order still owes what was not refunded).
      order.cancelled = status.startsWith('cancel') || status.startsWith('refund') || status === 'fullyrefunded';
      const first = cells.text(f, c.first);
      const last = cells.text(f, c.last);
      order.customerName = cells.text(f, c.name) ?? ([first, last].filter(Boolean).join(' ') || null);
      order.country = cells.text(f, c.country);
      order.channel = 'etsy';
      order.currency = cells.text(f, c.currency)?.toUpperCase() ?? null;
      order.orderTotal = cells.money(f, c.total, line, order.currency ?? undefined);
      order.paymentMethod = cells.text(f, c.payment);
      // Without the items file, the order's items are one line of its item count, so an order
      // not shipped is still seen late; its SKU when it has just one (a list says which, not how many of each).
      if (!cells.alone) return { line, orderId, order, item: null };
      const quantity = cells.int(f, c.items, line) ?? 1;
      const skus = (cells.text(f, c.skus) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
      const item = {
        sku: skus.length === 1 ? skus[0]! : null,
        title: `${quantity} item${quantity === 1 ? '' : 's'}${skus.length > 1 ? ` (${skus.join(', ')})` : ''}`,
        variant: null,
        quantity,
        unitPrice: null,
        fulfilledQuantity: order.shippedAt !== null || order.cancelled ? quantity : 0,
        requiresShipping: !shipsNothing(null, cells.text(f, c.orderType)),
      };
      return { line, orderId, order, item };
    };
  },
});

const ITEMS = {
  orderId: ['Order ID'],
  sold: ['Sale Date'],
  title: ['Item Name'],
  quantity: ['Quantity'],
  price: ['Price'],
  currency: ['Currency'],
  paid: ['Date Paid'],
  shipped: ['Date Shipped', 'Date Posted', 'Date Dispatched'],
  name: ['Ship Name', 'Delivery Name'],
  country: ['Ship Country', 'Delivery Country'],
  variations: ['Variations'],
  sku: ['SKU'],
  // "digital" listings are downloads Etsy delivers itself; "in_person" orders were sold and handed over at a market.
  listingType: ['Listings Type', 'Listing Type'],
  orderType: ['Order Type'],
};

/** A line Etsy never asks the shop to ship: a digital download, or a sale made in person. */
const shipsNothing = (listingType: string | null, orderType: string | null) => /^digital/i.test(listingType ?? '') || /^in.?person/i.test(orderType ?? '');

export const etsyItems = defineFormat({
  id: 'etsy-items',
  linesShipTogether: () => true,
  label: 'Etsy sold order items (EtsySoldOrderItems)',
  main: { order_id: ITEMS.orderId, sku: ITEMS.sku, quantity: ITEMS.quantity, paid_at: ITEMS.paid, shipped_at: ITEMS.shipped },
  kind: 'orders',
  where: 'Shop Manager › Settings › Options › Download Data › Order Items › "Download CSV"',
  companion: { formatId: 'etsy', file: 'EtsySoldOrders….csv', adds: "each order's status and total" },
  groupColumn: (h) => h.find('Order ID'),
  recognise: (h) => (h.has('Order ID') && h.has('Item Name') && h.has('Quantity') && (h.has('Transaction ID') || h.has('Listing ID')) ? 100 : 0),
  missing: (h) => missingRoles(h, ITEMS, ['orderId', 'title', 'quantity', 'shipped']),
  bind(h, cells) {
    const c = columnsOf(h, ITEMS);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.sold, line, 'mdy');
      order.paidAt = cells.date(f, c.paid, line, 'mdy') ?? order.placedAt;
      const shippedAt = cells.date(f, c.shipped, line, 'mdy');
      order.shippedAt = shippedAt;
      order.customerName = cells.text(f, c.name);
      order.country = cells.text(f, c.country);
      order.channel = 'etsy';
      order.currency = cells.text(f, c.currency)?.toUpperCase() ?? null;
      const quantity = cells.int(f, c.quantity, line) ?? 1;
      return {
        line,
        orderId,
        order,
        item: {
          sku: cells.id(f, c.sku),
          title: cells.text(f, c.title),
          variant: cells.text(f, c.variations),
          quantity,
          unitPrice: cells.money(f, c.price, line, order.currency ?? undefined),
          fulfilledQuantity: shippedAt !== null ? quantity : 0,
          requiresShipping: !shipsNothing(cells.text(f, c.listingType), cells.text(f, c.orderType)),
        },
      };
    };
  },
});
