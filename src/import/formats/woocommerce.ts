/**
 * WooCommerce (docs/formats.md): the Analytics › Orders download (one row per
 * order, items only as "2× Name" text, no SKUs: stock is matched by title) and
 * the default layout of the "Advanced Order Export For WooCommerce" plugin (one
 * row per product). Customised exports are read through `columns` in the config.
 */
import { columnsOf, defineFormat, isPickupMethod, missingRoles, statusKey } from '../../import/formats/format.js';
import { emptyOrderFields, type LineFields } from '../../rows/rows.js';

interface Standing {
  paid: boolean;
  shipped: boolean;
  cancelled: boolean;
}

/** Core statuses, as slugs (`on-hold`, `wc-processing`) or labels (`On hold`, `Pending payment`). */
function wooStanding(raw: string | null): Standing | null {
  const s = statusKey(raw).replace(/^wc/, '');
  if (s === '') return null;
  // `pre-ordered` (the Pre-Orders extension): owed only once the product is released and the order moves on.
  if (/^(pending|pendingpayment|onhold|failed|checkoutdraft|draft|preordered)$/.test(s)) return { paid: false, shipped: false, cancelled: false };
  if (/^(cancelled|canceled|refunded)$/.test(s)) return { paid: false, shipped: false, cancelled: true };
  // Plugins add statuses past shipping: `Delivered` (Advanced Shipment Tracking), `Order Shipped`, `Ready for pickup`
  // (the shop has done its part; the customer collects).
  if (/^(completed|shipped|ordershipped|delivered|readyforpickup|readypickup)$/.test(s)) return { paid: true, shipped: true, cancelled: false };
  return { paid: true, shipped: false, cancelled: false };
}

/** `2× Blue mug, 1× Tea towel` (× is U+00D7; some sites print `x`). */
export function parseProducts(text: string | null): { title: string; quantity: number }[] {
  if (text === null) return [];
  return text
    .split(/,\s*(?=\d+\s*[×x]\s)/)
    .map((part) => {
      const m = /^(\d+)\s*[×x]\s*(.+)$/.exec(part.trim());
      return m ? { title: m[2]!.trim(), quantity: Number(m[1]) } : { title: part.trim(), quantity: 1 };
    })
    .filter((p) => p.title !== '');
}

const ANALYTICS = {
  date: ['Date'],
  orderId: ['Order #'],
  status: ['Status'],
  customer: ['Customer'],
  products: ['Product(s)'],
  total: ['Net Sales'],
};

export const woocommerceAnalytics = defineFormat({
  id: 'woocommerce',
  linesShipTogether: () => true,
  label: 'WooCommerce Analytics orders download',
  kind: 'orders',
  where: 'WordPress admin › Analytics › Orders › Download (the file arrives by email for long ranges)',
  groupColumn: (h) => h.find('Order #'),
  recognise: (h) => (h.has('Order #') && h.has('Product(s)') && h.has('Status') ? 100 : 0),
  missing: (h) => missingRoles(h, ANALYTICS, ['date', 'orderId', 'status', 'products']),
  bind(h, cells) {
    const c = columnsOf(h, ANALYTICS);
    // One row holds the whole order: the mapper hands back one row per product.
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line).replace(/^#/, '');
      const standing = wooStanding(cells.text(f, c.status));
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.date, line, 'mdy');
      order.paidAt = standing?.paid === false ? null : order.placedAt;
      if (standing) order.cancelled = standing.cancelled;
      order.customerName = cells.text(f, c.customer);
      order.channel = 'woocommerce';
      order.orderTotal = cells.money(f, c.total, line);
      const items: LineFields[] = parseProducts(cells.text(f, c.products)).map((p) => ({
        sku: null,
        title: p.title,
        variant: null,
        quantity: p.quantity,
        unitPrice: null,
        fulfilledQuantity: standing?.shipped ? p.quantity : 0,
        requiresShipping: true,
      }));
      if (items.length === 0) return { line, orderId, order, item: null };
      return items.map((item) => ({ line, orderId, order, item }));
    };
  },
});

const EXPORT = {
  orderId: ['Order Number', 'Order ID'],
  status: ['Order Status'],
  date: ['Order Date'],
  paid: ['Paid Date', 'Date Paid'],
  shipFirst: ['First Name (Shipping)'],
  shipLast: ['Last Name (Shipping)'],
  billFirst: ['First Name (Billing)'],
  billLast: ['Last Name (Billing)'],
  email: ['Email (Billing)', 'Customer Email'],
  phone: ['Phone (Shipping)', 'Phone (Billing)'],
  country: ['Country Code (Shipping)', 'Country Code (Billing)'],
  sku: ['SKU'],
  title: ['Item Name', 'Product Name'],
  quantity: ['Quantity (- Refund)', 'Quantity'],
  price: ['Item Cost'],
  currency: ['Order Currency', 'Currency'],
  total: ['Order Total Amount'],
  payment: ['Payment Method Title'],
  shipping: ['Shipping Method Title'],
};

export const woocommerceExport = defineFormat({
  id: 'woocommerce-export',
  linesShipTogether: () => true,
  label: 'WooCommerce order export (Advanced Order Export plugin)',
  main: { order_id: EXPORT.orderId, sku: EXPORT.sku, quantity: EXPORT.quantity, paid_at: EXPORT.paid },
  kind: 'orders',
  where: 'WooCommerce › Export Orders (plugin "Advanced Order Export For WooCommerce") › Export, format CSV',
  groupColumn: (h) => h.find('Order Number', 'Order ID'),
  recognise: (h) => (h.find(...EXPORT.orderId) >= 0 && h.has('Order Status') && h.find(...EXPORT.title) >= 0 ? 100 : 0),
  missing: (h) => missingRoles(h, EXPORT, ['orderId', 'status', 'date', 'title', 'quantity']),
  bind(h, cells) {
    const c = columnsOf(h, EXPORT);
    const name = (f: string[], a: number, b: number) => [cells.text(f, a), cells.text(f, b)].filter(Boolean).join(' ') || null;
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const standing = wooStanding(cells.text(f, c.status));
      const order = emptyOrderFields();
      order.placedAt = cells.date(f, c.date, line, 'mdy');
      order.paidAt = standing?.paid === false ? null : (cells.date(f, c.paid, line, 'mdy') ?? (standing ? order.placedAt : null));
      if (standing) order.cancelled = standing.cancelled;
      order.customerName = name(f, c.shipFirst, c.shipLast) ?? name(f, c.billFirst, c.billLast);
      order.email = cells.text(f, c.email);
      order.phone = cells.id(f, c.phone);
      order.country = cells.text(f, c.country);
      order.channel = 'woocommerce';
      order.currency = cells.text(f, c.currency)?.toUpperCase() ?? null;
      order.orderTotal = cells.money(f, c.total, line, order.currency ?? undefined);
      order.paymentMethod = cells.text(f, c.payment);
      // "Local pickup" (or the blocks checkout's "Pickup"), as the shop may have renamed it: collected, never shipped.
      order.pickup = isPickupMethod(cells.text(f, c.shipping));
      const quantity = cells.int(f, c.quantity, line);
      const title = cells.text(f, c.title);
      const sku = cells.id(f, c.sku);
      // "Quantity (- Refund)" of 0: the whole item was refunded.
      if (quantity === null || quantity === 0 || (title === null && sku === null)) return { line, orderId, order, item: null };
      return {
        line,
        orderId,
        order,
        item: {
          sku,
          title,
          variant: null,
          quantity,
          unitPrice: cells.money(f, c.price, line, order.currency ?? undefined),
          fulfilledQuantity: standing?.shipped ? quantity : 0,
          requiresShipping: true,
        },
      };
    };
  },
});
