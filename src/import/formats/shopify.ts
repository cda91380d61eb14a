/**
 * Shopify exports (docs/formats.md), matched by column name, never position:
 * orders in the 75/77/79-column generations and owner-trimmed subsets; inventory
 * in the all-quantities, 2026 `(not editable)`/`(current)` and available-only
 * per-location layouts; and the products export's `Variant Inventory Qty`.
 */
import type { Header } from '../../import/formats/cells.js';
import { defineFormat, isPickupMethod, lessDiscount } from '../../import/formats/format.js';
import { emptyOrderFields } from '../../rows/rows.js';

// Financial statuses under which the customer's money is committed to the order.
const PAID = new Set(['paid', 'partially_paid', 'partially_refunded', 'authorized']);
const VOID = new Set(['refunded', 'voided']);
/**
 * Whether a `pending` order is owed its parcel already. Cash on delivery, invoices
 * (payment terms such as "Net 30") and orders the owner entered by hand ("manual")
 * are paid on or after delivery, so the shop owes the parcel from the order's
 * creation. Prepayment by bank transfer or money order is owed once paid (`Paid at`):
 * the shop waits for the money. A pending order of any other method (a card still
 * being processed) is owed too: leaving it unchecked hides a parcel nobody sends.
 */
export function owedWhilePending(method: string | null, terms: string | null): boolean {
  if (terms !== null) return true;
  if (method === null) return true;
  return !PREPAID.test(method);
}
const PREPAID = /bank\s*(deposit|transfer|wire)|money\s*order|wire\s*transfer|überweisung|vorkasse|virement|bonifico|transferencia|振込|转账|汇款/i;

// Fulfillment statuses after which nothing is left to send (restocked: the items went back to stock).
const SENT = new Set(['fulfilled', 'restocked']);

export const shopifyOrders = defineFormat({
  id: 'shopify',
  label: 'Shopify orders export',
  kind: 'orders',
  where: 'Shopify admin › Orders › Export › "All orders" (or "Current page") › "Plain CSV file"',
  groupColumn: (h) => h.find('Name'),
  // Shopify fills `Fulfilled at` only once the whole order is fulfilled (a partly sent order leaves it
  // blank): an order with one has nothing left to send on any row, even where a re-sorted file put a
  // line marked "pending" away from the order's first row, which carries the order's status.
  shippedWholeByTime: (h) => h.has('Fulfilled at'),
  recognise: (h) => (h.has('Name') && h.has('Lineitem quantity') && h.has('Lineitem name') ? 100 + (h.has('Financial Status') ? 10 : 0) : 0),
  missing(h) {
    const need = ['Name', 'Lineitem quantity', 'Lineitem name'].filter((n) => !h.has(n));
    if (!h.has('Paid at') && !h.has('Created at')) need.push('Paid at or Created at');
    // Without any of them a shipped order cannot be told from one still to send: every order would read as late.
    if (!h.has('Fulfillment Status') && !h.has('Lineitem fulfillment status') && !h.has('Fulfilled at')) need.push('Fulfillment Status (or Lineitem fulfillment status, or Fulfilled at)');
    return need;
  },
  bind(h, cells) {
    const col = (n: string) => h.find(n);
    const c = {
      name: col('Name'),
      email: col('Email'),
      financial: col('Financial Status'),
      paidAt: col('Paid at'),
      fulfillment: col('Fulfillment Status'),
      fulfilledAt: col('Fulfilled at'),
      currency: col('Currency'),
      total: col('Total'),
      createdAt: col('Created at'),
      qty: col('Lineitem quantity'),
      itemName: col('Lineitem name'),
      price: col('Lineitem price'),
      discount: col('Lineitem discount'),
      sku: col('Lineitem sku'),
      requiresShipping: col('Lineitem requires shipping'),
      lineStatus: col('Lineitem fulfillment status'),
      billingName: col('Billing Name'),
      billingPhone: col('Billing Phone'),
      billingCountry: col('Billing Country'),
      shippingName: col('Shipping Name'),
      shippingPhone: col('Shipping Phone'),
      shippingCountry: col('Shipping Country'),
      cancelledAt: col('Cancelled at'),
      paymentMethod: col('Payment Method'),
      terms: col('Payment Terms Name'),
      shippingMethod: col('Shipping Method'),
      tags: col('Tags'),
      phone: col('Phone'),
    };
    // Order-level cells are blank on an order's later rows; remember the order's
    // fulfillment status: it decides the later lines too.
    let current = { id: '', fulfillment: null as string | null, currency: null as string | null };
    return (f, line) => {
      const orderId = cells.requiredId(f, c.name, line);
      if (orderId !== current.id) current = { id: orderId, fulfillment: null, currency: null };
      const financial = cells.text(f, c.financial)?.toLowerCase() ?? null;
      const fulfillment = cells.text(f, c.fulfillment)?.toLowerCase() ?? null;
      if (fulfillment) current.fulfillment = fulfillment;
      const currency = cells.text(f, c.currency)?.toUpperCase() ?? current.currency;
      if (currency) current.currency = currency;
      const createdAt = cells.date(f, c.createdAt, line);
      const cancelledAt = cells.text(f, c.cancelledAt);

      const order = emptyOrderFields();
      order.placedAt = createdAt;
      order.paidAt = cells.date(f, c.paidAt, line);
      // An authorized payment is captured at fulfilment, so `Paid at` stays blank: the parcel is owed all the same.
      if (order.paidAt === null && financial && PAID.has(financial)) order.paidAt = createdAt;
      if (c.paidAt < 0 && c.financial < 0) order.paidAt = createdAt;
      // A parcel is owed from the order's creation when the money comes with it or after it.
      if (order.paidAt === null && financial === 'pending' && owedWhilePending(cells.text(f, c.paymentMethod), cells.text(f, c.terms))) {
        order.paidAt = createdAt;
      }
      if (cancelledAt !== null || (financial !== null && VOID.has(financial))) order.cancelled = true;
      else if (financial !== null) order.cancelled = false;
      // A ship time stands for the whole order (shippedWholeByTime) only beside a status that says so.
      order.shippedAt = fulfillment === null || SENT.has(fulfillment) ? cells.date(f, c.fulfilledAt, line) : null;
      order.customerName = cells.text(f, c.shippingName) ?? cells.text(f, c.billingName);
      order.email = cells.text(f, c.email);
      order.phone = cells.id(f, c.phone) ?? cells.id(f, c.shippingPhone) ?? cells.id(f, c.billingPhone);
      order.country = cells.text(f, c.shippingCountry) ?? cells.text(f, c.billingCountry);
      order.channel = financial !== null ? 'shopify' : null;
      order.currency = cells.text(f, c.currency)?.toUpperCase() ?? null;
      order.orderTotal = cells.money(f, c.total, line, currency ?? undefined);
      order.paymentMethod = cells.text(f, c.paymentMethod);
      order.tags = cells.text(f, c.tags);
      // The shop names its methods: one that reads as local pickup is collected, never shipped.
      order.pickup = isPickupMethod(cells.text(f, c.shippingMethod));

      const quantity = cells.int(f, c.qty, line);
      const title = cells.text(f, c.itemName);
      let item = null;
      if (quantity !== null) {
        // The order's status wins when it says the whole order went out (an app or the owner marked
        // it fulfilled and left a line "pending"); a blank line status follows the order's.
        const lineStatus = cells.text(f, c.lineStatus)?.toLowerCase() ?? current.fulfillment;
        // Some units of the line have left, and the export does not say how many: all are counted as still to ship.
        if (lineStatus === 'partial' && quantity > 1)
          cells.warn('some lines are partly fulfilled ("partial"), and the export does not say how many of their units have left, so oos counts them all as still to ship (they may show as oversold or late): check those orders in Shopify');
        const done = SENT.has(current.fulfillment ?? '') || SENT.has(lineStatus ?? '');
        const unitPrice = cells.money(f, c.price, line, currency ?? undefined);
        // Lineitem discount is what the line's discount codes took off it: the customer paid less than the price.
        const discount = cells.money(f, c.discount, line, currency ?? undefined);
        item = {
          sku: cells.id(f, c.sku),
          title,
          variant: null,
          quantity,
          unitPrice,
          lineTotal: discount === null ? null : lessDiscount(unitPrice === null ? null : unitPrice * quantity, discount),
          fulfilledQuantity: done ? quantity : 0,
          requiresShipping: cells.bool(f, c.requiresShipping, line) ?? true,
        };
      }
      return { line, orderId, order, item };
    };
  },
});

/** `Available` vs `Available (not editable)`, `On hand` vs `On hand (current)` (never `(new)`, the edit column). */
function quantityColumn(h: Header, name: string): number {
  return h.find(name, `${name} (current)`, `${name} (not editable)`);
}

function variantOf(optionValues: (string | null)[]): string | null {
  const parts = optionValues.filter((v): v is string => v !== null && !/^default title$/i.test(v));
  return parts.length ? parts.join(' / ') : null;
}

const notStocked = (v: string | undefined) => v !== undefined && /^not stocked$/i.test(v.trim());

export const shopifyInventory = defineFormat({
  id: 'shopify',
  label: 'Shopify inventory export',
  kind: 'inventory',
  where: 'Shopify admin › Products › Inventory › Export (choose "All quantity types" if offered)',
  recognise: (h) => (h.has('Handle') && h.has('Title') && h.has('Option1 Value') && (h.has('COO') || h.has('Location')) ? 100 : 0),
  missing: (h) => ['Handle', 'Title', 'Option1 Value'].filter((n) => !h.has(n)),
  bind(h, cells) {
    const c = {
      handle: h.find('Handle'),
      title: h.find('Title'),
      sku: h.find('SKU'),
      options: [h.find('Option1 Value'), h.find('Option2 Value'), h.find('Option3 Value')],
      onHand: quantityColumn(h, 'On hand'),
      unavailable: quantityColumn(h, 'Unavailable'),
      available: quantityColumn(h, 'Available'),
      incoming: quantityColumn(h, 'Incoming'),
    };
    // Layout C ("only Available quantities"): every column after COO is a location.
    const coo = h.find('COO');
    const locationColumns =
      !h.has('Location') && c.onHand < 0 && c.available < 0 && coo >= 0
        ? h.names.map((_, i) => i).filter((i) => i > coo && h.names[i] !== '')
        : [];
    const qty = (f: string[], i: number, line: number) => (i < 0 || notStocked(f[i]) ? null : cells.int(f, i, line, true));
    return (f, line) => {
      let available = qty(f, c.available, line);
      for (const i of locationColumns) {
        const v = qty(f, i, line);
        if (v !== null) available = (available ?? 0) + v;
      }
      return {
        line,
        sku: cells.id(f, c.sku),
        handle: cells.text(f, c.handle),
        title: cells.text(f, c.title),
        variant: variantOf(c.options.map((i) => cells.text(f, i))),
        onHand: qty(f, c.onHand, line),
        unavailable: qty(f, c.unavailable, line),
        available,
        incoming: qty(f, c.incoming, line),
        restockDate: null,
        unitPrice: null,
      };
    };
  },
});

export const shopifyProducts = defineFormat({
  id: 'shopify-products',
  label: 'Shopify products export',
  kind: 'inventory',
  where: 'Shopify admin › Products › Export (single-location shops only: the quantity is shop-wide)',
  recognise: (h) => (h.has('Handle') && (h.has('Variant Inventory Qty') || h.has('Inventory quantity')) ? 90 : 0),
  missing: (h) => ['Handle', 'Variant Inventory Qty'].filter((n) => !h.has(n)),
  bind(h, cells) {
    const c = {
      handle: h.find('Handle', 'URL handle'),
      title: h.find('Title'),
      sku: h.find('Variant SKU', 'SKU'),
      qty: h.find('Variant Inventory Qty', 'Inventory quantity'),
      tracker: h.find('Variant Inventory Tracker', 'Inventory tracker'),
      price: h.find('Variant Price', 'Price'),
      options: [h.find('Option1 Value'), h.find('Option2 Value'), h.find('Option3 Value')],
    };
    // Product-level fields (Title) appear on the first row of a handle only.
    let lastHandle = '';
    let lastTitle: string | null = null;
    return (f, line) => {
      const handle = cells.text(f, c.handle) ?? '';
      const title = cells.text(f, c.title);
      if (handle !== lastHandle) {
        lastHandle = handle;
        lastTitle = title;
      } else if (title) lastTitle = title;
      const qtyText = c.qty >= 0 ? f[c.qty] : undefined;
      // Image-only rows carry just Handle and Image Src.
      if (qtyText === undefined || qtyText.trim() === '') return null;
      return {
        line,
        sku: cells.id(f, c.sku),
        handle: handle || null,
        title: lastTitle,
        variant: variantOf(c.options.map((i) => cells.text(f, i))),
        onHand: null,
        unavailable: null,
        // A variant whose inventory Shopify does not track exports a quantity of 0 that means nothing.
        available: c.tracker >= 0 && cells.text(f, c.tracker) === null ? null : cells.int(f, c.qty, line, true),
        incoming: null,
        restockDate: null,
        unitPrice: cells.money(f, c.price, line),
      };
    };
  },
});
