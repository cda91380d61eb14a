/**
 * eBay Seller Hub "Orders" report (docs/formats.md): a blank first line, the header,
 * an empty row of commas, the data, then footer rows ("12 record(s) downloaded",
 * "Seller ID : …"). A multi-item order is a summary row plus one row per item,
 * all sharing the Sales Record Number. US, UK/AU ("Post To …") and German
 * (`;`-separated, "Bestellnummer") headers name the same columns, and so does the
 * older Selling Manager "Sales History" download ("Buyer Fullname", "Sale Price",
 * "Item ID"; its "User Id" header cell starts with a tab, which header matching trims).
 */
import { columnsOf, defineFormat, missingRoles } from '../../import/formats/format.js';
import { emptyOrderFields } from '../../rows/rows.js';

const EBAY = {
  record: ['Sales Record Number', 'Verkaufsprotokollnummer'],
  orderNumber: ['Order Number', 'Bestellnummer'],
  buyerName: ['Buyer Name', 'Buyer Fullname', 'Name des Käufers'],
  email: ['Buyer Email', 'E-Mail des Käufers'],
  shipName: ['Ship To Name', 'Post To Name', 'Name des Empfängers'],
  phone: ['Ship To Phone', 'Post To Phone', 'Buyer Phone Number', 'Telefonnummer des Empfängers', 'Telefonnummer des Käufers'],
  country: ['Ship To Country', 'Post To Country', 'Land des Empfängers', 'Buyer Country', 'Land des Käufers'],
  itemNumber: ['Item Number', 'Item ID', 'Artikelnummer'],
  title: ['Item Title', 'Artikelbezeichnung'],
  sku: ['Custom Label', 'Bestandseinheit'],
  quantity: ['Quantity', 'Stückzahl', 'Anzahl'],
  price: ['Sold For', 'Sale Price', 'Verkauft für', 'Preis'],
  total: ['Total Price', 'Gesamtbetrag', 'Gesamtpreis'],
  sold: ['Sale Date', 'Verkauft am'],
  paid: ['Paid On Date', 'Paid Date', 'Zahlungsdatum', 'Bezahlt am'],
  shipBy: ['Ship By Date', 'Post By Date', 'Dispatch By Date', 'Despatch By Date', 'Versand bis', 'Versenden bis'],
  shipped: ['Shipped On Date', 'Posted On Date', 'Dispatched On Date', 'Despatched On Date', 'Versanddatum', 'Versandt am'],
  tracking: ['Tracking Number', 'Sendungsnummer'],
  carrier: ['Shipping Service', 'Postage Service', 'Delivery Service', 'Versandservice'],
  variant: ['Variation Details', 'Variantendetails'],
  payment: ['Payment Method', 'Zahlungsmethode'],
};

// "12 record(s) downloaded,from Oct-01-26 to Oct-31-26", "Seller ID : shop_name", and their German forms.
const FOOTER = /record\(s\) downloaded|datensätze heruntergeladen|datensatz.*heruntergeladen|^(seller id|verkäufer-id|mitgliedsname)\s*:/i;

/** eBay's own names for the buyer collecting the item from the seller. */
const EBAY_PICKUP = /local\s*pick[\s-]?up|collection\s*in\s*person|pick[\s-]?up\s*in\s*person|abholung|selbstabholung/i;

export const ebayOrders = defineFormat({
  id: 'ebay',
  linesShipTogether: () => true,
  label: 'eBay Seller Hub orders report',
  main: { order_id: [...EBAY.orderNumber, ...EBAY.record], sku: EBAY.sku, quantity: EBAY.quantity, paid_at: EBAY.paid, shipped_at: EBAY.shipped },
  kind: 'orders',
  where: 'Seller Hub › Orders › Download report (or Reports › Downloads) › "Orders" report, CSV',
  groupColumn: (h) => h.find(...EBAY.record),
  // A multi-item order's ship date is on its summary row, its items' rows are blank: the order has
  // shipped whole on every row, even where a re-sorted file moved the summary away from its items.
  shippedWholeByTime: () => true,
  recognise: (h) => (h.find(...EBAY.record) >= 0 && (h.find(...EBAY.orderNumber) >= 0 || h.find(...EBAY.title) >= 0) ? 100 : 0),
  // (Without the ship date every order would read as not shipped, and late.)
  missing: (h) => missingRoles(h, EBAY, ['record', 'title', 'quantity', 'sold', 'shipped']),
  isFooter: (fields) => fields.slice(0, 2).some((v) => FOOTER.test(v.trim())),
  bind(h, cells) {
    const c = columnsOf(h, EBAY);
    // Item rows of a multi-item order may leave the order number blank: it is the summary row's.
    let current = { record: '', orderId: '', shipped: false };
    return (f, line) => {
      const record = cells.requiredId(f, c.record, line);
      const number = cells.id(f, c.orderNumber);
      if (record !== current.record) current = { record, orderId: number ?? record, shipped: false };
      else if (number !== null) current.orderId = number;
      const orderId = current.orderId;
      const order = emptyOrderFields();
      // Seller Hub shows both numbers; an operator may go by the short one.
      if (record !== orderId) order.altId = record;
      order.placedAt = cells.date(f, c.sold, line);
      order.paidAt = cells.date(f, c.paid, line);
      order.shipBy = cells.deadline(f, c.shipBy, line);
      order.shippedAt = cells.date(f, c.shipped, line);
      if (order.shippedAt !== null) current.shipped = true;
      order.customerName = cells.text(f, c.buyerName) ?? cells.text(f, c.shipName);
      order.email = cells.text(f, c.email);
      order.phone = cells.id(f, c.phone);
      order.country = cells.text(f, c.country);
      order.channel = 'ebay';
      order.trackingNumber = cells.id(f, c.tracking);
      order.carrier = cells.text(f, c.carrier);
      // eBay names the service here: "Local pickup", "Collection in person" are collected, never shipped
      // (its "Click & Collect" is a parcel the seller sends to a collection point, and ships).
      order.pickup = order.carrier === null ? null : EBAY_PICKUP.test(order.carrier);
      // eBay has no currency column: a buyer abroad pays in the currency the amount's sign names.
      const currency = cells.writtenCurrency(f, c.total) ?? cells.writtenCurrency(f, c.price);
      order.currency = currency;
      order.orderTotal = cells.money(f, c.total, line, currency ?? undefined);
      order.paymentMethod = cells.text(f, c.payment);
      // The summary row of a multi-item order names no item.
      if (cells.text(f, c.title) === null && cells.id(f, c.itemNumber) === null) return { line, orderId, order, item: null };
      const quantity = cells.int(f, c.quantity, line) ?? 1;
      return {
        line,
        orderId,
        order,
        item: {
          sku: cells.id(f, c.sku),
          title: cells.text(f, c.title),
          variant: cells.text(f, c.variant),
          quantity,
          unitPrice: cells.money(f, c.price, line, currency ?? undefined),
          fulfilledQuantity: current.shipped ? quantity : 0,
          requiresShipping: true,
        },
      };
    };
  },
});
