#!/usr/bin/env node
/**
 * Writes test/fixtures/formats/: one folder per platform export and variant, each
 * with the platform's file(s) (real headers as docs/formats.md describes them, made-up
 * customers, the platform's encoding, delimiter and quirks), a hand-written
 * generic-format twin of the same orders, an inventory, and what a scan must flag.
 *
 *   node scripts/make-format-fixtures.mjs
 *
 * The output is committed; run this again only to change the fixtures.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';

const OUT = join(import.meta.dirname, '../test/fixtures/formats');

/** One line of cells; a cell is quoted when it must be (or always, `quoteAll`), except raw `="…"` cells. */
function line(cells, { delimiter = ',', quoteAll = false, quote = true } = {}) {
  return cells
    .map((v) => {
      const s = v ?? '';
      if (!quote) return s;
      if (/^="/.test(s)) return s;
      if (quoteAll || s.includes(delimiter) || /["\r\n]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
      return s;
    })
    .join(delimiter);
}

/** A file from a header and row objects keyed by header name (missing keys are blank cells). */
function table(header, rows, opts = {}) {
  const eol = opts.eol ?? '\n';
  const lines = [line(header, { ...opts, quoteAll: opts.quoteHeader ?? opts.quoteAll }), ...rows.map((r) => line(header.map((h) => r[h.trim()] ?? ''), opts))];
  return (opts.before ?? '') + lines.join(eol) + eol + (opts.after ?? '');
}

function write(dir, name, text, encoding = 'utf-8', bom = false) {
  const body = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
  writeFileSync(join(OUT, dir, name), bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
}

const withTrailingTabs = (text) => text.split('\n').map((l, i) => (i === 0 || l === '' ? l : `${l}\t\t`)).join('\n');

const fixtures = [];
function fixture(dir, spec) {
  mkdirSync(join(OUT, dir), { recursive: true });
  fixtures.push(dir);
  writeFileSync(join(OUT, dir, 'expect.json'), `${JSON.stringify(spec, null, 2)}\n`);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const GENERIC_ORDER_HEADER = 'order_id,placed_at,paid_at,status,customer_name,email,phone,language,country,channel,ship_by,shipped_at,carrier,tracking_number,currency,order_total,payment_method,sku,title,variant,quantity,unit_price,fulfilled_quantity';

// ---------------------------------------------------------------- Amazon
const AMAZON_UNSHIPPED = 'order-id	order-item-id	purchase-date	payments-date	reporting-date	promise-date	days-past-promise	buyer-email	buyer-name	buyer-phone-number	sku	product-name	quantity-purchased	quantity-shipped	quantity-to-ship	ship-service-level	recipient-name	ship-address-1	ship-address-2	ship-address-3	ship-city	ship-state	ship-postal-code	ship-country	is-business-order	purchase-order-number	price-designation	is-prime'.split('\t');
const tsv = { delimiter: '\t', quote: false };

fixture('amazon-unshipped', {
  platform: 'Amazon Unshipped Orders (US)',
  format: 'amazon',
  encoding: 'utf-8',
  config: { shop: { timezone: 'America/New_York', language: 'en', currency: 'USD' } },
  now: '2026-11-22T10:00:00-05:00',
  orders: ['orders.txt'],
  cases: { '113-0000001-0000001': 'late', '113-0000002-0000002': 'oversold' },
});
write('amazon-unshipped', 'orders.txt', table(AMAZON_UNSHIPPED, [
  { 'order-id': '113-0000001-0000001', 'order-item-id': '10000000000001', 'purchase-date': '2026-11-17T14:05:11+00:00', 'payments-date': '2026-11-17T14:05:11+00:00', 'promise-date': '2026-11-20T04:59:59+00:00', 'days-past-promise': '2', 'buyer-email': 'zoe.k1@marketplace.amazon.example', 'buyer-name': 'Zoë Kowalski', 'buyer-phone-number': '+1 206-555-0101', sku: 'MUG-BLUE', 'product-name': 'Blue "Harbor" mug, 12 oz', 'quantity-purchased': '2', 'quantity-shipped': '0', 'quantity-to-ship': '2', 'ship-service-level': 'Standard', 'recipient-name': 'Zoë Kowalski', 'ship-city': 'Seattle', 'ship-country': 'US', 'is-prime': 'false' },
  { 'order-id': '113-0000002-0000002', 'order-item-id': '10000000000002', 'purchase-date': '2026-11-21T23:30:00+00:00', 'payments-date': '2026-11-21T23:31:02+00:00', 'promise-date': '2026-11-24T04:59:59+00:00', 'days-past-promise': '-2', 'buyer-email': 'r.diaz@marketplace.amazon.example', 'buyer-name': 'René Díaz', sku: 'LAMP-OAK', 'product-name': 'Oak desk lamp', 'quantity-purchased': '1', 'quantity-shipped': '0', 'quantity-to-ship': '1', 'ship-service-level': 'Expedited', 'ship-country': 'US' },
  { 'order-id': '113-0000002-0000002', 'order-item-id': '10000000000003', 'purchase-date': '2026-11-21T23:30:00+00:00', 'payments-date': '2026-11-21T23:31:02+00:00', 'promise-date': '2026-11-24T04:59:59+00:00', 'days-past-promise': '-2', 'buyer-email': 'r.diaz@marketplace.amazon.example', 'buyer-name': 'René Díaz', sku: 'MUG-BLUE', 'product-name': 'Blue "Harbor" mug, 12 oz', 'quantity-purchased': '1', 'quantity-shipped': '0', 'quantity-to-ship': '1', 'ship-country': 'US' },
], tsv));
write('amazon-unshipped', 'twin.csv', `${GENERIC_ORDER_HEADER}
113-0000001-0000001,2026-11-17T14:05:11Z,2026-11-17T14:05:11Z,,Zoë Kowalski,zoe.k1@marketplace.amazon.example,+1 206-555-0101,,US,amazon,2026-11-20T04:59:59Z,,,,,,,MUG-BLUE,"Blue ""Harbor"" mug, 12 oz",,2,,0
113-0000002-0000002,2026-11-21T23:30:00Z,2026-11-21T23:31:02Z,,René Díaz,r.diaz@marketplace.amazon.example,,,US,amazon,2026-11-24T04:59:59Z,,,,,,,LAMP-OAK,Oak desk lamp,,1,,0
113-0000002-0000002,,,,,,,,,,,,,,,,,MUG-BLUE,"Blue ""Harbor"" mug, 12 oz",,1,,0
`);
write('amazon-unshipped', 'inventory.csv', 'sku,title,on_hand\nMUG-BLUE,Blue mug,10\nLAMP-OAK,Oak desk lamp,0\n');

fixture('amazon-unshipped-jp', {
  platform: 'Amazon Unshipped Orders (Japan, Shift_JIS)',
  format: 'amazon',
  encoding: 'shift_jis',
  wrong: 'gb18030',
  config: { shop: { timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY' } },
  now: '2026-11-22T10:00:00+09:00',
  orders: ['orders.txt'],
  cases: { '250-0000001-0000001': 'late' },
});
write('amazon-unshipped-jp', 'orders.txt', table(AMAZON_UNSHIPPED, [
  { 'order-id': '250-0000001-0000001', 'order-item-id': '20000000000001', 'purchase-date': '2026-11-18T01:00:00+00:00', 'payments-date': '2026-11-18T01:00:00+00:00', 'promise-date': '2026-11-20T14:59:59+00:00', 'buyer-email': 'sample1@marketplace.amazon.example', 'buyer-name': '山田 花子', 'buyer-phone-number': '090-0000-0001', sku: 'TEA-SENCHA', 'product-name': '静岡煎茶 ティーバッグ 20個入り', 'quantity-purchased': '3', 'quantity-shipped': '0', 'quantity-to-ship': '3', 'ship-country': 'JP' },
  { 'order-id': '250-0000002-0000002', 'order-item-id': '20000000000002', 'purchase-date': '2026-11-21T22:00:00+00:00', 'payments-date': '2026-11-21T22:00:00+00:00', 'promise-date': '2026-11-24T14:59:59+00:00', 'buyer-email': 'sample2@marketplace.amazon.example', 'buyer-name': '佐藤 健', sku: 'TEA-SENCHA', 'product-name': '静岡煎茶 ティーバッグ 20個入り', 'quantity-purchased': '1', 'quantity-shipped': '0', 'quantity-to-ship': '1', 'ship-country': 'JP' },
], { ...tsv, eol: '\r\n' }), 'shift_jis');
write('amazon-unshipped-jp', 'twin.csv', `${GENERIC_ORDER_HEADER}
250-0000001-0000001,2026-11-18T01:00:00Z,2026-11-18T01:00:00Z,,山田 花子,sample1@marketplace.amazon.example,090-0000-0001,,JP,amazon,2026-11-20T14:59:59Z,,,,,,,TEA-SENCHA,静岡煎茶 ティーバッグ 20個入り,,3,,0
250-0000002-0000002,2026-11-21T22:00:00Z,2026-11-21T22:00:00Z,,佐藤 健,sample2@marketplace.amazon.example,,,JP,amazon,2026-11-24T14:59:59Z,,,,,,,TEA-SENCHA,静岡煎茶 ティーバッグ 20個入り,,1,,0
`);
write('amazon-unshipped-jp', 'inventory.csv', 'sku,title,on_hand\nTEA-SENCHA,煎茶,50\n');

const AMAZON_ORDER_REPORT = 'order-id	order-item-id	purchase-date	payments-date	buyer-email	buyer-name	buyer-phone-number	sku	product-name	quantity-purchased	currency	item-price	item-tax	shipping-price	shipping-tax	ship-service-level	recipient-name	ship-address-1	ship-address-2	ship-address-3	ship-city	ship-state	ship-postal-code	ship-country	ship-phone-number	delivery-start-date	delivery-end-date	delivery-time-zone	delivery-Instructions	sales-channel'.split('\t');
fixture('amazon-order-report', {
  platform: 'Amazon Order Report (New Orders), promotion split over two rows',
  format: 'amazon',
  encoding: 'utf-8',
  config: { shop: { timezone: 'Europe/London', language: 'en', currency: 'GBP' } },
  now: '2026-11-22T10:00:00Z',
  orders: ['orders.txt'],
  cases: { '202-0000001-0000001': 'oversold' },
});
write('amazon-order-report', 'orders.txt', table(AMAZON_ORDER_REPORT, [
  { 'order-id': '202-0000001-0000001', 'order-item-id': '30000000000001', 'purchase-date': '2026-11-21T18:00:00+00:00', 'payments-date': '2026-11-21T18:02:00+00:00', 'buyer-email': 'siobhan@marketplace.amazon.example', 'buyer-name': 'Siobhán Ó Briain', 'buyer-phone-number': '07700 900123', sku: 'SCARF-WOOL', 'product-name': 'Wool scarf – heather grey', 'quantity-purchased': '2', currency: 'GBP', 'item-price': '39.98', 'ship-country': 'GB', 'sales-channel': 'Amazon.co.uk' },
  // The same item again, for its promotion: Amazon leaves most cells blank.
  { 'order-id': '202-0000001-0000001', 'order-item-id': '30000000000001', 'item-price': '-5.00', currency: 'GBP' },
], tsv));
write('amazon-order-report', 'twin.csv', `${GENERIC_ORDER_HEADER}
202-0000001-0000001,2026-11-21T18:00:00Z,2026-11-21T18:02:00Z,,Siobhán Ó Briain,siobhan@marketplace.amazon.example,07700 900123,,GB,amazon,,,,,GBP,,,SCARF-WOOL,Wool scarf – heather grey,,2,19.99,0
`);
write('amazon-order-report', 'inventory.csv', 'sku,title,on_hand\nSCARF-WOOL,Wool scarf,1\n');

const AMAZON_ALL = 'amazon-order-id	merchant-order-id	purchase-date	last-updated-date	order-status	fulfillment-channel	sales-channel	order-channel	url	ship-service-level	product-name	sku	asin	item-status	quantity	currency	item-price	item-tax	shipping-price	shipping-tax	gift-wrap-price	gift-wrap-tax	item-promotion-discount	ship-promotion-discount	ship-city	ship-state	ship-postal-code	ship-country	promotion-ids	is-business-order	purchase-order-number	price-designation'.split('\t');
fixture('amazon-all-orders', {
  platform: 'Amazon All Orders report (EU, Windows-1252, trailing empty tab fields)',
  format: 'amazon-all-orders',
  encoding: 'windows-1252',
  wrong: 'utf-8',
  config: { shop: { timezone: 'Europe/Berlin', language: 'en', currency: 'EUR' } },
  now: '2026-11-22T10:00:00+01:00',
  orders: ['orders.txt'],
  cases: { '028-0000001-0000001': 'late' },
  // Fulfilled by Amazon: its line does not take the shop's stock (no generic column says so).
  notInTwin: ['028-0000003-0000003'],
});
// Rows end with two empty tab fields more than the header has.
write('amazon-all-orders', 'orders.txt', withTrailingTabs(table(AMAZON_ALL, [
  { 'amazon-order-id': '028-0000001-0000001', 'purchase-date': '2026-11-18T09:00:00+00:00', 'order-status': 'Unshipped', 'fulfillment-channel': 'Merchant', 'sales-channel': 'Amazon.de', 'product-name': 'Kaffeebecher „Möwe“ 300 ml', sku: 'BECHER-MOEWE', 'item-status': 'Unshipped', quantity: '2', currency: 'EUR', 'item-price': '25.90', 'ship-city': 'Köln', 'ship-country': 'DE' },
  { 'amazon-order-id': '028-0000002-0000002', 'purchase-date': '2026-11-20T09:00:00+00:00', 'order-status': 'Shipped', 'fulfillment-channel': 'Merchant', 'product-name': 'Kaffeebecher „Möwe“ 300 ml', sku: 'BECHER-MOEWE', 'item-status': 'Shipped', quantity: '1', currency: 'EUR', 'item-price': '12.95', 'ship-country': 'DE' },
  { 'amazon-order-id': '028-0000002-0000002', 'purchase-date': '2026-11-20T09:00:00+00:00', 'order-status': 'Shipped', 'fulfillment-channel': 'Merchant', 'product-name': 'Untersetzer, 4 Stück', sku: 'UNTERSETZER', 'item-status': 'Cancelled', quantity: '1', currency: 'EUR', 'item-price': '0.00', 'ship-country': 'DE' },
  { 'amazon-order-id': '028-0000003-0000003', 'purchase-date': '2026-11-16T09:00:00+00:00', 'order-status': 'Unshipped', 'fulfillment-channel': 'Amazon', 'product-name': 'Kaffeebecher „Möwe“ 300 ml', sku: 'BECHER-MOEWE', 'item-status': 'Unshipped', quantity: '1', currency: 'EUR', 'item-price': '12.95', 'ship-country': 'AT' },
  { 'amazon-order-id': '028-0000004-0000004', 'purchase-date': '2026-11-21T09:00:00+00:00', 'order-status': 'Pending', 'fulfillment-channel': 'Merchant', 'product-name': 'Kaffeebecher „Möwe“ 300 ml', sku: 'BECHER-MOEWE', 'item-status': 'Unshipped', quantity: '1', currency: 'EUR', 'item-price': '12.95', 'ship-country': 'DE' },
  { 'amazon-order-id': '028-0000005-0000005', 'purchase-date': '2026-11-15T09:00:00+00:00', 'order-status': 'Cancelled', 'fulfillment-channel': 'Merchant', 'product-name': 'Kaffeebecher „Möwe“ 300 ml', sku: 'BECHER-MOEWE', 'item-status': 'Cancelled', quantity: '1', currency: 'EUR', 'item-price': '0.00', 'ship-country': 'DE' },
], tsv)), 'windows-1252');
// requires_shipping is not a generic column: the FBA order's line is compared separately.
write('amazon-all-orders', 'twin.csv', `${GENERIC_ORDER_HEADER}
028-0000001-0000001,2026-11-18T09:00:00Z,2026-11-18T09:00:00Z,open,,,,,DE,amazon,,,,,EUR,,,BECHER-MOEWE,Kaffeebecher „Möwe“ 300 ml,,2,12.95,0
028-0000002-0000002,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,open,,,,,DE,amazon,,,,,EUR,,,BECHER-MOEWE,Kaffeebecher „Möwe“ 300 ml,,1,12.95,1
028-0000004-0000004,2026-11-21T09:00:00Z,,open,,,,,DE,amazon,,,,,EUR,,,BECHER-MOEWE,Kaffeebecher „Möwe“ 300 ml,,1,12.95,0
028-0000005-0000005,2026-11-15T09:00:00Z,2026-11-15T09:00:00Z,cancelled,,,,,DE,amazon,,,,,EUR,,,,,,,,
`);
write('amazon-all-orders', 'inventory.csv', 'sku,title,on_hand\nBECHER-MOEWE,Kaffeebecher,20\n');

// ---------------------------------------------------------------- eBay
const EBAY_US = '"Sales Record Number","Order Number","Buyer Username","Buyer Name","Buyer Email","Buyer Note",Buyer Address 1,Buyer Address 2,Buyer City,"Buyer State","Buyer Zip","Buyer Country","Buyer Tax Identifier Name","Buyer Tax Identifier Value",Ship To Name,"Ship To Phone",Ship To Address 1,Ship To Address 2,Ship To City,"Ship To State","Ship To Zip","Ship To Country","Item Number","Item Title",Custom Label,"Sold Via Promoted Listings","Quantity","Sold For","Shipping And Handling",Item Location,"Item Zip Code","Item Country","eBay Collect And Remit Tax Rate","eBay Collect And Remit Tax Type","eBay Reference Name",eBay Reference Value,Tax Status,"Seller Collected Tax","eBay Collected Tax","Electronic Waste Recycling Fee","Mattress Recycling Fee","Battery Recycling Fee","White Goods Disposal Tax","Tire Recycling Fee","Additional Fee","Lumber Fee","Prepaid Wireless Fee","Road Improvement And Food Delivery Fee","eBay Collected Charges","Total Price","eBay Collected Tax and Fees Included in Total","Payment Method","Sale Date","Paid On Date","Ship By Date","Minimum Estimated Delivery Date","Maximum Estimated Delivery Date","Shipped On Date","Feedback Left","Feedback Received","My Item Note","PayPal Transaction ID","Shipping Service","Tracking Number","Transaction ID",Variation Details,"Global Shipping Program","Global Shipping Reference ID","Click And Collect","Click And Collect Reference Number","eBay Plus","Authenticity Verification Program","Authenticity Verification Status","Authenticity Verification Outcome Reason","PSA Vault Program","Vault Fulfillment Type","eBay Fulfillment Program",Tax City,"Tax State","Tax Zip","Tax Country","eBay International Shipping"'
  .split(',').map((h) => h.replace(/^"|"$/g, ''));
const ebayRows = [
  // A two-item order: the summary row, then one row per item.
  { 'Sales Record Number': '1001', 'Order Number': '12-00001-00001', 'Buyer Username': 'zoe_k', 'Buyer Name': 'Zoë Kowalski', 'Buyer Email': 'zoe@example.com', 'Ship To Name': 'Zoë Kowalski', 'Ship To Phone': '(206) 555-0101', 'Ship To Country': 'United States', Quantity: '3', 'Total Price': '$54.00', 'Payment Method': 'eBay managed payments', 'Sale Date': 'Nov-16-26', 'Paid On Date': 'Nov-16-26', 'Ship By Date': 'Nov-19-26' },
  { 'Sales Record Number': '1001', 'Order Number': '12-00001-00001', 'Item Number': '110000000001', 'Item Title': 'Vintage brass compass', 'Custom Label': 'COMPASS-BR', Quantity: '1', 'Sold For': '$30.00', 'Transaction ID': '9000001' },
  { 'Sales Record Number': '1001', 'Order Number': '12-00001-00001', 'Item Number': '110000000002', 'Item Title': 'Leather strap, "long"', 'Custom Label': 'STRAP-L', Quantity: '2', 'Sold For': '$12.00', 'Variation Details': '[Color:Brown]', 'Transaction ID': '9000002' },
  { 'Sales Record Number': '1002', 'Order Number': '12-00002-00002', 'Buyer Username': 'mateo', 'Buyer Name': 'Mateo Núñez', 'Buyer Email': 'mateo@example.com', 'Ship To Name': 'Mateo Núñez', 'Ship To Country': 'United States', 'Item Number': '110000000001', 'Item Title': 'Vintage brass compass', 'Custom Label': 'COMPASS-BR', Quantity: '1', 'Sold For': '$30.00', 'Total Price': '$1,030.00', 'Sale Date': 'Nov-21-26', 'Paid On Date': 'Nov-21-26', 'Ship By Date': 'Nov-24-26' },
  { 'Sales Record Number': '1003', 'Order Number': '12-00003-00003', 'Buyer Name': 'Amélie Roy', 'Buyer Email': 'amelie@example.com', 'Ship To Country': 'Canada', 'Item Number': '110000000002', 'Item Title': 'Leather strap, "long"', 'Custom Label': 'STRAP-L', Quantity: '1', 'Sold For': 'C $15.00', 'Sale Date': 'Nov-10-26', 'Paid On Date': 'Nov-10-26', 'Ship By Date': 'Nov-12-26', 'Shipped On Date': 'Nov-11-26', 'Shipping Service': 'USPS First Class', 'Tracking Number': '9400100000000000000001' },
];
fixture('ebay-us', {
  platform: 'eBay Seller Hub orders report (US): blank first line, empty values row, footer',
  format: 'ebay',
  encoding: 'utf-8',
  config: { shop: { timezone: 'America/Los_Angeles', language: 'en', currency: 'USD' } },
  now: '2026-11-22T10:00:00-08:00',
  orders: ['orders.csv'],
  cases: { '12-00001-00001': 'late', '12-00002-00002': 'oversold' },
});
write('ebay-us', 'orders.csv', table(EBAY_US, ebayRows, {
  quoteHeader: true,
  eol: '\r\n',
  before: '\r\n',
  after: `${',' .repeat(EBAY_US.length - 1)}\r\n\r\n5,record(s) downloaded,from Nov-01-26 to Nov-22-26\r\nSeller ID : example_seller\r\n`,
}).replace(/^(\r\n[^\r]*\r\n)/, `$1${','.repeat(EBAY_US.length - 1)}\r\n`));
write('ebay-us', 'twin.csv', `${GENERIC_ORDER_HEADER}
12-00001-00001,2026-11-16,2026-11-16,,Zoë Kowalski,zoe@example.com,(206) 555-0101,,United States,ebay,2026-11-19,,,,,54.00,eBay managed payments,,,,,,
12-00001-00001,,,,,,,,,,,,,,,,,COMPASS-BR,Vintage brass compass,,1,30.00,0
12-00001-00001,,,,,,,,,,,,,,,,,STRAP-L,"Leather strap, ""long""",[Color:Brown],2,12.00,0
12-00002-00002,2026-11-21,2026-11-21,,Mateo Núñez,mateo@example.com,,,United States,ebay,2026-11-24,,,,,1030.00,,COMPASS-BR,Vintage brass compass,,1,30.00,0
12-00003-00003,2026-11-10,2026-11-10,,Amélie Roy,amelie@example.com,,,Canada,ebay,2026-11-12,2026-11-11,USPS First Class,9400100000000000000001,CAD,,,STRAP-L,"Leather strap, ""long""",,1,15.00,1
`);
write('ebay-us', 'inventory.csv', 'sku,title,on_hand\nCOMPASS-BR,Brass compass,1\nSTRAP-L,Leather strap,30\n');

const EBAY_UK = EBAY_US.map((h) => ({ 'Ship To Name': 'Post To Name', 'Ship To Phone': 'Post To Phone', 'Ship To Country': 'Post To Country', 'Ship To City': 'Post To City', 'Shipping And Handling': 'Postage And Handling', 'Order Number': 'Order number', 'Ship By Date': 'Post By Date', 'Shipped On Date': 'Posted On Date', 'Shipping Service': 'Postage Service' })[h] ?? h);
fixture('ebay-uk', {
  platform: 'eBay Seller Hub orders report (UK): Post To … columns, DD-MMM-YY dates',
  format: 'ebay',
  encoding: 'utf-8',
  config: { shop: { timezone: 'Europe/London', language: 'en', currency: 'GBP' } },
  now: '2026-11-22T10:00:00Z',
  orders: ['orders.csv'],
  cases: { '23-00001-00001': 'late' },
});
write('ebay-uk', 'orders.csv', table(EBAY_UK, [
  { 'Sales Record Number': '501', 'Order number': '23-00001-00001', 'Buyer Name': 'Siobhán Ó Briain', 'Buyer Email': 'siobhan@example.co.uk', 'Post To Name': 'Siobhán Ó Briain', 'Post To Phone': '07700 900123', 'Post To Country': 'United Kingdom', 'Item Number': '120000000001', 'Item Title': 'Tweed flat cap', 'Custom Label': 'CAP-TWEED', Quantity: '1', 'Sold For': '£24.50', 'Total Price': '£1,024.50', 'Sale Date': '15-Nov-26', 'Paid On Date': '15-Nov-26', 'Post By Date': '18-Nov-26' },
], { quoteHeader: true, before: ',,,\n', after: '\n1,record(s) downloaded,from 01-Nov-26 to 22-Nov-26\nSeller ID : example_seller\n' }));
write('ebay-uk', 'twin.csv', `${GENERIC_ORDER_HEADER}
23-00001-00001,2026-11-15,2026-11-15,,Siobhán Ó Briain,siobhan@example.co.uk,07700 900123,,United Kingdom,ebay,2026-11-18,,,,,1024.50,,CAP-TWEED,Tweed flat cap,,1,24.50,0
`);
write('ebay-uk', 'inventory.csv', 'sku,title,on_hand\nCAP-TWEED,Tweed flat cap,5\n');

const EBAY_DE = ['Verkaufsprotokollnummer', 'Bestellnummer', 'Nutzername des Käufers', 'Name des Käufers', 'E-Mail des Käufers', 'Name des Empfängers', 'Telefonnummer des Empfängers', 'Land des Empfängers', 'Artikelnummer', 'Artikelbezeichnung', 'Bestandseinheit', 'Stückzahl', 'Verkauft für', 'Gesamtbetrag', 'Zahlungsmethode', 'Verkauft am', 'Zahlungsdatum', 'Versand bis', 'Versandt am', 'Versandservice', 'Sendungsnummer', 'Variantendetails'];
fixture('ebay-de', {
  platform: 'eBay Verkäufer-Cockpit Bestellungen (Germany): semicolons, 116,99 €, 10-Dez-25',
  format: 'ebay',
  encoding: 'utf-8',
  config: { shop: { timezone: 'Europe/Berlin', language: 'en', currency: 'EUR' } },
  now: '2026-11-22T10:00:00+01:00',
  orders: ['orders.csv'],
  cases: { '05-00001-00001': 'late' },
});
write('ebay-de', 'orders.csv', table(EBAY_DE, [
  { Verkaufsprotokollnummer: '7001', Bestellnummer: '05-00001-00001', 'Nutzername des Käufers': 'juergen_m', 'Name des Käufers': 'Jürgen Müller', 'E-Mail des Käufers': 'juergen@example.de', 'Name des Empfängers': 'Jürgen Müller', 'Telefonnummer des Empfängers': '0221 1234567', 'Land des Empfängers': 'Deutschland', Artikelnummer: '130000000001', Artikelbezeichnung: 'Emaille-Becher „Wald“', Bestandseinheit: 'BECHER-WALD', Stückzahl: '2', 'Verkauft für': '12,50 €', Gesamtbetrag: '1.116,99 €', Zahlungsmethode: 'PayPal', 'Verkauft am': '16-Nov-26', Zahlungsdatum: '16-Nov-26', 'Versand bis': '19-Nov-26' },
  { Verkaufsprotokollnummer: '7002', Bestellnummer: '05-00002-00002', 'Name des Käufers': 'Anna Schäfer', 'Land des Empfängers': 'Österreich', Artikelnummer: '130000000001', Artikelbezeichnung: 'Emaille-Becher „Wald“', Bestandseinheit: 'BECHER-WALD', Stückzahl: '1', 'Verkauft für': '12,50 €', Gesamtbetrag: '16,99 €', 'Verkauft am': '10-Dez-25', Zahlungsdatum: '10-Dez-25', 'Versand bis': '12-Dez-25', 'Versandt am': '11-Dez-25', Versandservice: 'DHL Paket', Sendungsnummer: '00340000000000000001' },
], { delimiter: ';', eol: '\r\n', before: ';;;\r\n', after: '\r\n2;Datensätze heruntergeladen\r\n' }), 'utf-8', true);
write('ebay-de', 'twin.csv', `${GENERIC_ORDER_HEADER}
05-00001-00001,2026-11-16,2026-11-16,,Jürgen Müller,juergen@example.de,0221 1234567,,Deutschland,ebay,2026-11-19,,,,,1116.99,PayPal,BECHER-WALD,Emaille-Becher „Wald“,,2,12.50,0
05-00002-00002,2025-12-10,2025-12-10,,Anna Schäfer,,,,Österreich,ebay,2025-12-12,2025-12-11,DHL Paket,00340000000000000001,,16.99,,BECHER-WALD,Emaille-Becher „Wald“,,1,12.50,1
`);
write('ebay-de', 'inventory.csv', 'sku,title,on_hand\nBECHER-WALD,Becher,9\n');

// ---------------------------------------------------------------- Etsy
const ETSY_ORDERS_US = 'Sale Date,Order ID,Buyer User ID,Full Name,First Name,Last Name,Number of Items,Payment Method,Date Shipped,Street 1,Street 2,Ship City,Ship State,Ship Zipcode,Ship Country,Currency,Order Value,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Shipping,Sales Tax,Order Total,Status,Card Processing Fees,Order Net,Adjusted Order Total,Adjusted Card Processing Fees,Adjusted Net Order Amount,Buyer,Order Type,Payment Type,InPerson Discount,InPerson Location,SKU'.split(',');
const ETSY_ORDERS_UK = 'Sale Date,Order ID,Buyer User ID,Full Name,First Name,Last Name,Number of Items,Payment Method,Date Posted,Street 1,Street 2,Delivery City,Delivery State,Delivery Zipcode,Delivery Country,Currency,Order Value,Coupon Code,Coupon Details,Discount Amount,Delivery Discount,Delivery,Sales tax,Order total,Status,Card Processing Fees,Order Net,Adjusted Order Total,Adjusted Card Processing Fees,Adjusted Net Order Amount,Buyer,Order Type,Payment Type,InPerson Discount,InPerson Location,SKU'.split(',');
const ETSY_ITEMS = 'Sale Date,Item Name,Buyer,Quantity,Price,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Order Shipping,Order Sales Tax,Item Total,Currency,Transaction ID,Listing ID,Date Paid,Date Shipped,Ship Name,Ship Address1,Ship Address2,Ship City,Ship State,Ship Zipcode,Ship Country,Order ID,Variations,Order Type,Listings Type,Payment Type,InPerson Discount,InPerson Location,VAT Paid by Buyer,SKU'.split(',');

fixture('etsy-us', {
  platform: 'Etsy SoldOrders + SoldOrderItems (US)',
  format: 'etsy',
  encoding: 'utf-8',
  config: { shop: { timezone: 'America/Chicago', language: 'en', currency: 'USD' } },
  now: '2026-11-22T10:00:00-06:00',
  orders: ['EtsySoldOrders2026-11.csv', 'EtsySoldOrderItems2026-11.csv'],
  cases: { '3300000001': 'late', '3300000002': 'oversold' },
});
write('etsy-us', 'EtsySoldOrders2026-11.csv', table(ETSY_ORDERS_US, [
  { 'Sale Date': '11/17/26', 'Order ID': '3300000001', 'Buyer User ID': '90001', 'Full Name': 'Chloé Martin', 'First Name': 'Chloé', 'Last Name': 'Martin', 'Number of Items': '2', 'Payment Method': 'Etsy Payments', 'Ship City': 'Austin', 'Ship Country': 'United States', Currency: 'USD', 'Order Value': '48.00', 'Order Total': '53.50', Status: 'Paid', Buyer: 'chloem', SKU: 'RING-SILVER,CARD-THANKS' },
  { 'Sale Date': '11/21/26', 'Order ID': '3300000002', 'Full Name': 'Noah Brooks', 'Number of Items': '1', 'Ship Country': 'United States', Currency: 'USD', 'Order Total': '28.00', Status: 'Paid', SKU: 'RING-SILVER' },
  { 'Sale Date': '11/02/26', 'Order ID': '3300000003', 'Full Name': 'Ava Chen', 'Number of Items': '1', 'Date Shipped': '11/03/26', 'Ship Country': 'United States', Currency: 'USD', 'Order Total': '28.00', Status: 'Completed', SKU: 'RING-SILVER' },
]));
write('etsy-us', 'EtsySoldOrderItems2026-11.csv', table(ETSY_ITEMS, [
  { 'Sale Date': '11/17/26', 'Item Name': 'Hammered silver ring', Buyer: 'chloem', Quantity: '1', Price: '40.00', Currency: 'USD', 'Transaction ID': '4400000001', 'Listing ID': '1500000001', 'Date Paid': '11/17/26', 'Ship Name': 'Chloé Martin', 'Ship Country': 'United States', 'Order ID': '3300000001', Variations: 'Ring size: 7', SKU: 'RING-SILVER' },
  { 'Sale Date': '11/17/26', 'Item Name': 'Thank-you card', Buyer: 'chloem', Quantity: '1', Price: '8.00', Currency: 'USD', 'Transaction ID': '4400000002', 'Listing ID': '1500000002', 'Date Paid': '11/17/26', 'Ship Name': 'Chloé Martin', 'Ship Country': 'United States', 'Order ID': '3300000001', SKU: 'CARD-THANKS' },
  { 'Sale Date': '11/21/26', 'Item Name': 'Hammered silver ring', Quantity: '1', Price: '28.00', Currency: 'USD', 'Transaction ID': '4400000003', 'Listing ID': '1500000001', 'Date Paid': '11/21/26', 'Ship Name': 'Noah Brooks', 'Ship Country': 'United States', 'Order ID': '3300000002', Variations: 'Ring size: 9', SKU: 'RING-SILVER' },
  { 'Sale Date': '11/02/26', 'Item Name': 'Hammered silver ring', Quantity: '1', Price: '28.00', Currency: 'USD', 'Transaction ID': '4400000004', 'Listing ID': '1500000001', 'Date Paid': '11/02/26', 'Date Shipped': '11/03/26', 'Ship Name': 'Ava Chen', 'Ship Country': 'United States', 'Order ID': '3300000003', SKU: 'RING-SILVER' },
]));
write('etsy-us', 'twin.csv', `${GENERIC_ORDER_HEADER}
3300000001,2026-11-17,2026-11-17,open,Chloé Martin,,,,United States,etsy,,,,,USD,53.50,Etsy Payments,RING-SILVER,Hammered silver ring,Ring size: 7,1,40.00,0
3300000001,,,,,,,,,,,,,,,,,CARD-THANKS,Thank-you card,,1,8.00,0
3300000002,2026-11-21,2026-11-21,open,Noah Brooks,,,,United States,etsy,,,,,USD,28.00,,RING-SILVER,Hammered silver ring,Ring size: 9,1,28.00,0
3300000003,2026-11-02,2026-11-02,open,Ava Chen,,,,United States,etsy,,2026-11-03,,,USD,28.00,,RING-SILVER,Hammered silver ring,,1,28.00,1
`);
write('etsy-us', 'inventory.csv', 'sku,title,on_hand\nRING-SILVER,Hammered silver ring,1\nCARD-THANKS,Thank-you card,100\n');

fixture('etsy-uk', {
  platform: 'Etsy SoldOrders (UK wording: Delivery …, Date Posted) + SoldOrderItems',
  format: 'etsy',
  encoding: 'utf-8',
  config: { shop: { timezone: 'Europe/London', language: 'en', currency: 'GBP' } },
  now: '2026-11-22T10:00:00Z',
  orders: ['EtsySoldOrders2026.csv', 'EtsySoldOrderItems2026.csv'],
  cases: { '3400000001': 'late' },
});
write('etsy-uk', 'EtsySoldOrders2026.csv', table(ETSY_ORDERS_UK, [
  { 'Sale Date': '11/15/26', 'Order ID': '3400000001', 'Full Name': 'Siân Evans', 'Number of Items': '1', 'Delivery Country': 'United Kingdom', Currency: 'GBP', 'Order total': '19.00', Status: 'Paid' },
  { 'Sale Date': '11/14/26', 'Order ID': '3400000002', 'Full Name': 'Ewan Reid', 'Number of Items': '1', 'Delivery Country': 'United Kingdom', Currency: 'GBP', 'Order total': '19.00', Status: 'Canceled' },
]));
write('etsy-uk', 'EtsySoldOrderItems2026.csv', table(ETSY_ITEMS, [
  { 'Sale Date': '11/15/26', 'Item Name': 'Knitted tea cosy', Quantity: '1', Price: '19.00', Currency: 'GBP', 'Transaction ID': '4500000001', 'Date Paid': '11/15/26', 'Ship Name': 'Siân Evans', 'Ship Country': 'United Kingdom', 'Order ID': '3400000001', SKU: 'COSY-KNIT' },
  { 'Sale Date': '11/14/26', 'Item Name': 'Knitted tea cosy', Quantity: '1', Price: '19.00', Currency: 'GBP', 'Transaction ID': '4500000002', 'Date Paid': '11/14/26', 'Ship Name': 'Ewan Reid', 'Ship Country': 'United Kingdom', 'Order ID': '3400000002', SKU: 'COSY-KNIT' },
]));
write('etsy-uk', 'twin.csv', `${GENERIC_ORDER_HEADER}
3400000001,2026-11-15,2026-11-15,open,Siân Evans,,,,United Kingdom,etsy,,,,,GBP,19.00,,COSY-KNIT,Knitted tea cosy,,1,19.00,0
3400000002,2026-11-14,2026-11-14,cancelled,Ewan Reid,,,,United Kingdom,etsy,,,,,GBP,19.00,,COSY-KNIT,Knitted tea cosy,,1,19.00,0
`);
write('etsy-uk', 'inventory.csv', 'sku,title,on_hand\nCOSY-KNIT,Tea cosy,3\n');

// ---------------------------------------------------------------- Taobao / Tmall
const TAOBAO_2018 = '订单编号,买家会员名,买家支付宝账号,支付单号,支付详情,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,买家实际支付金额,买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,订单关闭原因,卖家服务费,买家服务费,发票抬头,是否手机订单,分阶段订单信息,特权订金订单id,是否上传合同照片,是否上传小票,是否代付,定金排名,修改后的sku,修改后的收货地址,异常信息,天猫卡券抵扣,集分宝抵扣,是否是O2O交易,新零售交易类型,新零售导购门店名称,新零售导购门店id,新零售发货门店名称,新零售发货门店id,退款金额,预约门店,确认收货时间,打款商家金额,含应开票给个人的个人红包'.split(',');
const TAOBAO_2017 = '订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,买家实际支付金额,买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,订单关闭原因,卖家服务费,买家服务费,发票抬头,是否手机订单,分阶段订单信息,特权订金订单id,是否上传合同照片,是否上传小票,是否代付,定金排名,修改后的sku,修改后的收货地址,异常信息,天猫卡券抵扣,集分宝抵扣,是否是O2O交易,退款金额,预约门店'.split(',');
const TAOBAO_ITEMS = '订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码'.split(',');
const taobaoOrders = [
  { 订单编号: '="3515313147329357901"', 买家会员名: 'tb_wangfang', 总金额: '258.00', 买家实际支付金额: '258.00', 订单状态: '买家已付款，等待卖家发货', 收货人姓名: '王芳', '收货地址': '浙江省 杭州市 西湖区 文三路100号(310012)', 联系手机: "'13800000001", 订单创建时间: '2026-11-18 09:12:30', '订单付款时间': '2026-11-18 09:13:05', '宝贝标题': '手工陶瓷茶杯 青瓷', 宝贝总数量: '2', 订单关闭原因: '订单未关闭', 买家服务费: '0元' },
  { 订单编号: '="3515313147329357902"', 买家会员名: 'tb_lina', 总金额: '129.00', 买家实际支付金额: '119.00', 订单状态: '买家已付款，等待卖家发货', 收货人姓名: '李娜', 联系手机: "'13800000002", 订单创建时间: '2026-11-21 22:40:00', '订单付款时间': '2026-11-21 22:41:10', 订单关闭原因: '订单未关闭' },
  { 订单编号: '="3515313147329357903"', 买家会员名: 'tb_zhaolei', 总金额: '129.00', 买家实际支付金额: '129.00', 订单状态: '卖家已发货，等待买家确认', 收货人姓名: '赵磊', 联系手机: "'13800000003", 订单创建时间: '2026-11-19 10:00:00', '订单付款时间': '2026-11-19 10:01:00', '物流单号': '="SF1000000000001"', 物流公司: '顺丰速运', 订单关闭原因: '订单未关闭' },
  { 订单编号: '="3515313147329357904"', 买家会员名: 'tb_sunli', 总金额: '129.00', 买家实际支付金额: '0.00', 订单状态: '等待买家付款', 收货人姓名: '孙丽', 订单创建时间: '2026-11-22 08:00:00', '订单付款时间': '', 订单关闭原因: '订单未关闭' },
  { 订单编号: '="3515313147329357905"', 买家会员名: 'tb_zhouqiang', 总金额: '129.00', 买家实际支付金额: '129.00', 订单状态: '交易关闭', 收货人姓名: '周强', 订单创建时间: '2026-11-17 08:00:00', '订单付款时间': '2026-11-17 08:01:00', 订单关闭原因: '买家申请退款' },
];
const taobaoItems = [
  { 订单编号: '="3515313147329357901"', 标题: '手工陶瓷茶杯 青瓷', 价格: '129.00', 购买数量: '2', 外部系统编号: 'CUP-CELADON', 商品属性: '颜色分类：青瓷', 订单状态: '买家已付款，等待卖家发货', 商家编码: 'CUP-CELADON' },
  { 订单编号: '="3515313147329357902"', 标题: '手工陶瓷茶壶', 价格: '129.00', 购买数量: '1', 商品属性: '颜色分类：天青', 订单状态: '买家已付款，等待卖家发货', 商家编码: 'POT-SKY' },
  { 订单编号: '="3515313147329357903"', 标题: '手工陶瓷茶壶', 价格: '129.00', 购买数量: '1', 商品属性: '颜色分类：天青', 订单状态: '卖家已发货，等待买家确认', 商家编码: 'POT-SKY' },
  { 订单编号: '="3515313147329357904"', 标题: '手工陶瓷茶壶', 价格: '129.00', 购买数量: '1', 订单状态: '等待买家付款', 商家编码: 'POT-SKY' },
  { 订单编号: '="3515313147329357905"', 标题: '手工陶瓷茶壶', 价格: '129.00', 购买数量: '1', 订单状态: '交易关闭', 商家编码: 'POT-SKY' },
];
const TAOBAO_TWIN = `${GENERIC_ORDER_HEADER}
3515313147329357901,2026-11-18 09:12:30,2026-11-18 09:13:05,open,王芳,,13800000001,zh,CN,taobao,,,,,CNY,258.00,,CUP-CELADON,手工陶瓷茶杯 青瓷,颜色分类：青瓷,2,129.00,0
3515313147329357902,2026-11-21 22:40:00,2026-11-21 22:41:10,open,李娜,,13800000002,zh,CN,taobao,,,,,CNY,119.00,,POT-SKY,手工陶瓷茶壶,颜色分类：天青,1,129.00,0
3515313147329357903,2026-11-19 10:00:00,2026-11-19 10:01:00,open,赵磊,,13800000003,zh,CN,taobao,,,顺丰速运,SF1000000000001,CNY,129.00,,POT-SKY,手工陶瓷茶壶,颜色分类：天青,1,129.00,1
3515313147329357904,2026-11-22 08:00:00,,open,孙丽,,,zh,CN,taobao,,,,,CNY,0.00,,POT-SKY,手工陶瓷茶壶,,1,129.00,0
3515313147329357905,2026-11-17 08:00:00,2026-11-17 08:01:00,cancelled,周强,,,zh,CN,taobao,,,,,CNY,129.00,,,,,,,
`;
for (const [dir, header, quoteAll] of [['taobao-2018', TAOBAO_2018, false], ['taobao-2017', TAOBAO_2017, true]]) {
  fixture(dir, {
    platform: `Taobao/Tmall ExportOrderList (${dir.slice(-4)} layout${quoteAll ? ', every cell quoted' : ''}) + ExportOrderDetailList, GBK`,
    format: 'taobao',
    encoding: 'gb18030',
    wrong: 'shift_jis',
    config: { shop: { timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' } },
    now: '2026-11-22T10:00:00+08:00',
    orders: ['ExportOrderList202611221000.csv', 'ExportOrderDetailList202611221000.csv'],
    cases: { '3515313147329357901': 'late', '3515313147329357902': 'oversold' },
  });
  // Data rows end with a trailing comma: one empty cell more than the header.
  write(dir, 'ExportOrderList202611221000.csv', table(header, taobaoOrders, { quoteAll, eol: '\r\n' }).replace(/\r\n/g, ',\r\n').replace(/^([^\r]*),\r\n/, '$1\r\n'), 'gbk');
  write(dir, 'ExportOrderDetailList202611221000.csv', table(TAOBAO_ITEMS, taobaoItems, { quoteAll, eol: '\r\n' }), 'gbk');
  write(dir, 'twin.csv', TAOBAO_TWIN);
  write(dir, 'inventory.csv', 'sku,title,on_hand\nCUP-CELADON,青瓷茶杯,40\nPOT-SKY,天青茶壶,0\n');
}

// ---------------------------------------------------------------- Pinduoduo
const PDD = '商品,订单号,订单状态,商品数量(件),是否审核中,支付时间,承诺发货时间,承诺送达时间,发货时间,确认收货时间,商品id,商品规格,样式ID,商品一级类目,商品二级类目,商品三级类目,商品四级类目,商家编码-规格维度,商家编码-商品维度,商家备注,买家留言,售后状态,消费者资料,订单成交时间,消费者资料上传时间,赠品名称,赠品id,赠品规格,赠品数量,团ID,团身份,是否已开始配送,配送员是否已送达,配送状态,同城是否普通快递,商品总价(元),邮费(元),店铺优惠折扣(元),平台优惠折扣(元),多多支付立减金额(元),上门安装费(元),送货入户费(元),送货入户并安装费(元),用户实付金额(元),商家实收金额(元),快递单号,快递公司,省,市,区,街道/镇,配送员手机号,是否抽奖或0元试用,是否顺丰加价,用户购买手机号,旅行类信息,充值号码,是否门店自提,门店名称,门店自定义编码,关联货品编码,货品名称,货品类型,子货品,仓库名称,仓库所在地址,海淘清关订单号,支付ID,支付方式,保税仓,是否直播间成交,是否直播间引导成交,预约配送时间,是否节能补贴,是否分期,分期期数,手续费承担方,是否无痕发货,订单来源,是否社区团购,小区送达情况,分期方式'.split(',');
fixture('pinduoduo', {
  platform: 'Pinduoduo order export (UTF-8 with BOM), 承诺发货时间 as ship-by',
  format: 'pinduoduo',
  encoding: 'utf-8',
  wrong: 'gb18030',
  config: { shop: { timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' } },
  now: '2026-11-22T10:00:00+08:00',
  orders: ['orders.csv'],
  cases: { '261120-000000000000001': 'late', '261121-000000000000002': 'oversold' },
});
write('pinduoduo', 'orders.csv', table(PDD, [
  { 商品: '加厚珊瑚绒毛毯', 订单号: '261120-000000000000001', 订单状态: '待发货', '商品数量(件)': '2', 支付时间: '2026-11-20 08:00:00', 承诺发货时间: '2026-11-22 08:00:00', 商品规格: '150x200cm 灰色', '商家编码-规格维度': 'BLANKET-G150', '商家编码-商品维度': 'BLANKET', 售后状态: '无售后', 订单成交时间: '2026-11-20 07:59:30', '商品总价(元)': '99.80', '用户实付金额(元)': '89.80', 省: '广东省', 市: '广州市' },
  { 商品: '加厚珊瑚绒毛毯', 订单号: '261121-000000000000002', 订单状态: '待发货', '商品数量(件)': '1', 支付时间: '2026-11-21 21:00:00', 承诺发货时间: '2026-11-23 21:00:00', 商品规格: '200x230cm 米白', '商家编码-规格维度': 'BLANKET-W200', 售后状态: '无售后', 订单成交时间: '2026-11-21 20:59:00', '商品总价(元)': '69.90', '用户实付金额(元)': '69.90' },
  { 商品: '加厚珊瑚绒毛毯', 订单号: '261119-000000000000003', 订单状态: '已发货，待签收', '商品数量(件)': '1', 支付时间: '2026-11-19 10:00:00', 承诺发货时间: '2026-11-21 10:00:00', 发货时间: '2026-11-20 15:00:00', 商品规格: '150x200cm 灰色', '商家编码-规格维度': 'BLANKET-G150', 售后状态: '无售后', 订单成交时间: '2026-11-19 09:59:00', '商品总价(元)': '49.90', '用户实付金额(元)': '49.90', 快递单号: 'YT0000000000001', 快递公司: '圆通快递' },
  { 商品: '加厚珊瑚绒毛毯', 订单号: '261118-000000000000004', 订单状态: '未发货，退款成功', '商品数量(件)': '1', 支付时间: '2026-11-18 10:00:00', 承诺发货时间: '2026-11-20 10:00:00', 商品规格: '150x200cm 灰色', '商家编码-规格维度': 'BLANKET-G150', 售后状态: '退款成功', 订单成交时间: '2026-11-18 09:59:00', '商品总价(元)': '49.90', '用户实付金额(元)': '49.90' },
]), 'utf-8', true);
write('pinduoduo', 'twin.csv', `${GENERIC_ORDER_HEADER}
261120-000000000000001,2026-11-20 07:59:30,2026-11-20 08:00:00,open,,,,zh,CN,pinduoduo,2026-11-22 08:00:00,,,,CNY,89.80,,BLANKET-G150,加厚珊瑚绒毛毯,150x200cm 灰色,2,49.90,0
261121-000000000000002,2026-11-21 20:59:00,2026-11-21 21:00:00,open,,,,zh,CN,pinduoduo,2026-11-23 21:00:00,,,,CNY,69.90,,BLANKET-W200,加厚珊瑚绒毛毯,200x230cm 米白,1,69.90,0
261119-000000000000003,2026-11-19 09:59:00,2026-11-19 10:00:00,open,,,,zh,CN,pinduoduo,2026-11-21 10:00:00,2026-11-20 15:00:00,圆通快递,YT0000000000001,CNY,49.90,,BLANKET-G150,加厚珊瑚绒毛毯,150x200cm 灰色,1,49.90,1
261118-000000000000004,2026-11-18 09:59:00,2026-11-18 10:00:00,cancelled,,,,zh,CN,pinduoduo,2026-11-20 10:00:00,,,,CNY,49.90,,BLANKET-G150,加厚珊瑚绒毛毯,150x200cm 灰色,1,49.90,0
`);
write('pinduoduo', 'inventory.csv', 'sku,title,on_hand\nBLANKET-G150,灰色毛毯,30\nBLANKET-W200,米白毛毯,0\n');

// ---------------------------------------------------------------- Rakuten
const RAKUTEN = '注文番号,ステータス,サブステータスID,サブステータス,注文日時,注文日,注文時間,キャンセル期限日,注文確認日時,注文確定日時,発送指示日時,発送完了報告日時,支払方法名,クレジットカード支払い方法,クレジットカード支払い回数,配送方法,配送区分,注文種別,複数送付先フラグ,送付先一致フラグ,離島フラグ,楽天確認中フラグ,警告表示タイプ,楽天会員フラグ,購入履歴修正有無フラグ,商品合計金額,消費税合計,送料合計,代引料合計,請求金額,合計金額,ポイント利用額,クーポン利用総額,店舗発行クーポン利用額,楽天発行クーポン利用額,注文者郵便番号1,注文者郵便番号2,注文者住所都道府県,注文者住所郡市区,注文者住所それ以降の住所,注文者姓,注文者名,注文者姓カナ,注文者名カナ,注文者電話番号1,注文者電話番号2,注文者電話番号3,注文者メールアドレス,注文者性別,申込番号,申込お届け回数,送付先ID,送付先送料,送付先代引料,送付先消費税合計,送付先商品合計金額,送付先合計金額,のし,送付先郵便番号1,送付先郵便番号2,送付先住所都道府県,送付先住所郡市区,送付先住所それ以降の住所,送付先姓,送付先名,送付先姓カナ,送付先名カナ,送付先電話番号1,送付先電話番号2,送付先電話番号3,商品明細ID,商品ID,商品名,商品番号,商品管理番号,単価,個数,送料込別,税込別,代引手数料込別,ポイント倍率,納期情報,在庫タイプ,ラッピングタイトル1,ラッピング名1,ラッピング料金1,ラッピング税込別1,ラッピング種類1,ラッピングタイトル2,ラッピング名2,ラッピング料金2,ラッピング税込別2,ラッピング種類2,お届け時間帯,お届け日指定,担当者,ひとことメモ,メール差込文 (お客様へのメッセージ),ギフト配送希望,利用端末,メールキャリアコード,あす楽希望フラグ,医薬品受注フラグ,楽天スーパーDEAL商品受注フラグ,メンバーシッププログラム受注タイプ'.split(',');
const rk = (o) => ({ 支払方法名: 'クレジットカード', 注文者住所都道府県: '東京都', ...o });
fixture('rakuten', {
  platform: 'Rakuten RMS 受注CSV (Shift_JIS, CRLF), one row per item',
  format: 'rakuten',
  encoding: 'shift_jis',
  wrong: 'gb18030',
  config: { shop: { timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY' } },
  now: '2026-11-22T10:00:00+09:00',
  orders: ['RMS_order_20261122.csv'],
  cases: { '123456-20261118-0000000001': 'late', '123456-20261121-0000000002': 'oversold' },
});
write('rakuten', 'RMS_order_20261122.csv', table(RAKUTEN, [
  rk({ 注文番号: '123456-20261118-0000000001', ステータス: '発送待ち', 注文日時: '2026-11-18 10:15:00', 合計金額: '4,380', 注文者姓: '高橋', 注文者名: '一郎', 注文者電話番号1: '03', 注文者電話番号2: '0000', 注文者電話番号3: '0001', 注文者メールアドレス: 'ichiro@example.jp', 商品名: '有田焼 マグカップ 藍', 商品番号: 'arita-mug', 商品管理番号: 'ARITA-MUG-AI', 単価: '1,980', 個数: '2' }),
  rk({ 注文番号: '123456-20261118-0000000001', ステータス: '発送待ち', 注文日時: '2026-11-18 10:15:00', 合計金額: '4,380', 注文者姓: '高橋', 注文者名: '一郎', 注文者電話番号1: '03', 注文者電話番号2: '0000', 注文者電話番号3: '0001', 注文者メールアドレス: 'ichiro@example.jp', 商品名: '箸置き ５個セット', 商品管理番号: 'HASHIOKI-5', 単価: '420', 個数: '1' }),
  rk({ 注文番号: '123456-20261121-0000000002', ステータス: '発送待ち', 注文日時: '2026-11-21 20:00:00', 合計金額: '1,980', 注文者姓: '鈴木', 注文者名: '花子', 注文者電話番号1: '090', 注文者電話番号2: '0000', 注文者電話番号3: '0002', 注文者メールアドレス: 'hanako@example.jp', 商品名: '有田焼 マグカップ 白磁', 商品管理番号: 'ARITA-MUG-SHIRO', 単価: '1,980', 個数: '1' }),
  rk({ 注文番号: '123456-20261119-0000000003', ステータス: '発送済', 注文日時: '2026-11-19 09:00:00', 発送完了報告日時: '2026-11-20 17:00:00', 合計金額: '1,980', 注文者姓: '田中', 注文者名: '誠', 注文者メールアドレス: 'makoto@example.jp', 商品名: '有田焼 マグカップ 藍', 商品管理番号: 'ARITA-MUG-AI', 単価: '1,980', 個数: '1' }),
  rk({ 注文番号: '123456-20261117-0000000004', ステータス: 'キャンセル確定', 注文日時: '2026-11-17 09:00:00', 合計金額: '1,980', 注文者姓: '伊藤', 注文者名: '美咲', 商品名: '有田焼 マグカップ 藍', 商品管理番号: 'ARITA-MUG-AI', 単価: '1,980', 個数: '1' }),
], { eol: '\r\n' }), 'shift_jis');
write('rakuten', 'twin.csv', `${GENERIC_ORDER_HEADER}
123456-20261118-0000000001,2026-11-18 10:15:00,2026-11-18 10:15:00,open,高橋 一郎,ichiro@example.jp,03-0000-0001,ja,JP,rakuten,,,,,JPY,4380,クレジットカード,ARITA-MUG-AI,有田焼 マグカップ 藍,,2,1980,0
123456-20261118-0000000001,,,,,,,,,,,,,,,,,HASHIOKI-5,箸置き ５個セット,,1,420,0
123456-20261121-0000000002,2026-11-21 20:00:00,2026-11-21 20:00:00,open,鈴木 花子,hanako@example.jp,090-0000-0002,ja,JP,rakuten,,,,,JPY,1980,クレジットカード,ARITA-MUG-SHIRO,有田焼 マグカップ 白磁,,1,1980,0
123456-20261119-0000000003,2026-11-19 09:00:00,2026-11-19 09:00:00,open,田中 誠,makoto@example.jp,,ja,JP,rakuten,,2026-11-20 17:00:00,,,JPY,1980,クレジットカード,ARITA-MUG-AI,有田焼 マグカップ 藍,,1,1980,1
123456-20261117-0000000004,2026-11-17 09:00:00,2026-11-17 09:00:00,cancelled,伊藤 美咲,,,ja,JP,rakuten,,,,,JPY,1980,クレジットカード,ARITA-MUG-AI,有田焼 マグカップ 藍,,1,1980,0
`);
write('rakuten', 'inventory.csv', 'sku,title,on_hand\nARITA-MUG-AI,藍,20\nARITA-MUG-SHIRO,白磁,0\nHASHIOKI-5,箸置き,10\n');

// ---------------------------------------------------------------- WooCommerce
fixture('woocommerce-analytics', {
  platform: 'WooCommerce Analytics › Orders download (one row per order, items as "2× Name")',
  format: 'woocommerce',
  encoding: 'utf-8',
  config: { shop: { timezone: 'Europe/Paris', language: 'en', currency: 'EUR' } },
  now: '2026-11-22T10:00:00+01:00',
  orders: ['orders.csv'],
  cases: { '1041': 'late', '1045': 'oversold' },
});
write('woocommerce-analytics', 'orders.csv', table('Date,Order #,Status,Customer,Customer type,Payment method,Product(s),Items sold,Coupon(s),Net sales,Attribution'.split(','), [
  { Date: '2026-11-17 09:30:00', 'Order #': '1041', Status: 'processing', Customer: 'Léa Dubois', 'Customer type': 'new', 'Payment method': 'Carte bancaire', 'Product(s)': '2× Bougie « Figue », 1× Savon lavande', 'Items sold': '3', 'Net sales': '46.00', Attribution: 'Direct' },
  { Date: '2026-11-21 20:00:00', 'Order #': '1045', Status: 'processing', Customer: 'Hugo Bernard', 'Customer type': 'returning', 'Product(s)': '1× Bougie « Figue »', 'Items sold': '1', 'Net sales': '18.00' },
  { Date: '2026-11-20 11:00:00', 'Order #': '1043', Status: 'completed', Customer: 'Inès Petit', 'Product(s)': '1× Savon lavande', 'Items sold': '1', 'Net sales': '10.00' },
  { Date: '2026-11-21 08:00:00', 'Order #': '1044', Status: 'on-hold', Customer: 'Jules Moreau', 'Product(s)': '1× Bougie « Figue »', 'Items sold': '1', 'Net sales': '18.00' },
]));
write('woocommerce-analytics', 'twin.csv', `${GENERIC_ORDER_HEADER}
1041,2026-11-17 09:30:00,2026-11-17 09:30:00,open,Léa Dubois,,,,,woocommerce,,,,,,46.00,,,Bougie « Figue »,,2,,0
1041,,,,,,,,,,,,,,,,,,Savon lavande,,1,,0
1045,2026-11-21 20:00:00,2026-11-21 20:00:00,open,Hugo Bernard,,,,,woocommerce,,,,,,18.00,,,Bougie « Figue »,,1,,0
1043,2026-11-20 11:00:00,2026-11-20 11:00:00,open,Inès Petit,,,,,woocommerce,,,,,,10.00,,,Savon lavande,,1,,1
1044,2026-11-21 08:00:00,,open,Jules Moreau,,,,,woocommerce,,,,,,18.00,,,Bougie « Figue »,,1,,0
`);
write('woocommerce-analytics', 'inventory.csv', 'sku,title,on_hand\n,Bougie « Figue »,2\n,Savon lavande,50\n');

const WOO_EXPORT = 'Order Number,Order Status,Order Date,Customer Note,First Name (Billing),Last Name (Billing),Company (Billing),Address 1&2 (Billing),City (Billing),State Code (Billing),Postcode (Billing),Country Code (Billing),Email (Billing),Phone (Billing),First Name (Shipping),Last Name (Shipping),Address 1&2 (Shipping),City (Shipping),State Code (Shipping),Postcode (Shipping),Country Code (Shipping),SKU,Item #,Item Name,Quantity (- Refund),Item Cost,Coupon Code,Discount Amount,Discount Amount Tax,Payment Method Title,Cart Discount Amount,Order Subtotal Amount,Shipping Method Title,Order Shipping Amount,Order Refund Amount,Order Total Amount,Order Total Tax Amount'.split(',');
const wo = (o) => ({ 'First Name (Billing)': 'Maëlle', 'Last Name (Billing)': 'Lefèvre', 'Email (Billing)': 'maelle@example.fr', 'Phone (Billing)': "'0600000001", 'Country Code (Billing)': 'FR', 'Country Code (Shipping)': 'FR', 'First Name (Shipping)': 'Maëlle', 'Last Name (Shipping)': 'Lefèvre', 'Payment Method Title': 'Stripe', ...o });
fixture('woocommerce-export', {
  platform: 'WooCommerce "Advanced Order Export" plugin, default fields (UTF-8 with BOM, CRLF)',
  format: 'woocommerce-export',
  encoding: 'utf-8',
  config: { shop: { timezone: 'Europe/Paris', language: 'en', currency: 'EUR' } },
  now: '2026-11-22T10:00:00+01:00',
  orders: ['orders.csv'],
  cases: { '2001': 'late', '2002': 'oversold' },
});
write('woocommerce-export', 'orders.csv', table(WOO_EXPORT, [
  wo({ 'Order Number': '2001', 'Order Status': 'Processing', 'Order Date': '2026-11-17 14:00', SKU: 'TEE-M', 'Item #': '1', 'Item Name': 'T-shirt bio, taille M', 'Quantity (- Refund)': '2', 'Item Cost': '25.00', 'Order Total Amount': '55.00' }),
  wo({ 'Order Number': '2001', 'Order Status': 'Processing', 'Order Date': '2026-11-17 14:00', SKU: 'TOTE', 'Item #': '2', 'Item Name': 'Tote bag', 'Quantity (- Refund)': '0', 'Item Cost': '5.00', 'Order Total Amount': '55.00' }),
  wo({ 'Order Number': '2002', 'Order Status': 'Processing', 'Order Date': '2026-11-21 19:00', 'First Name (Billing)': 'Théo', 'Last Name (Billing)': 'Garnier', 'First Name (Shipping)': 'Théo', 'Last Name (Shipping)': 'Garnier', 'Email (Billing)': 'theo@example.fr', 'Phone (Billing)': '', 'Country Code (Shipping)': 'BE', 'Country Code (Billing)': 'BE', SKU: 'TEE-L', 'Item #': '1', 'Item Name': 'T-shirt bio, taille L', 'Quantity (- Refund)': '1', 'Item Cost': '25.00', 'Order Total Amount': '30.00' }),
  wo({ 'Order Number': '2003', 'Order Status': 'Cancelled', 'Order Date': '2026-11-16 10:00', SKU: 'TEE-L', 'Item #': '1', 'Item Name': 'T-shirt bio, taille L', 'Quantity (- Refund)': '1', 'Item Cost': '25.00', 'Order Total Amount': '30.00' }),
], { eol: '\r\n' }), 'utf-8', true);
write('woocommerce-export', 'twin.csv', `${GENERIC_ORDER_HEADER}
2001,2026-11-17 14:00,2026-11-17 14:00,open,Maëlle Lefèvre,maelle@example.fr,0600000001,,FR,woocommerce,,,,,,55.00,Stripe,TEE-M,"T-shirt bio, taille M",,2,25.00,0
2002,2026-11-21 19:00,2026-11-21 19:00,open,Théo Garnier,theo@example.fr,,,BE,woocommerce,,,,,,30.00,Stripe,TEE-L,"T-shirt bio, taille L",,1,25.00,0
2003,2026-11-16 10:00,,cancelled,Maëlle Lefèvre,maelle@example.fr,0600000001,,FR,woocommerce,,,,,,30.00,Stripe,TEE-L,"T-shirt bio, taille L",,1,25.00,0
`);
write('woocommerce-export', 'inventory.csv', 'sku,title,on_hand\nTEE-M,T-shirt M,10\nTEE-L,T-shirt L,0\nTOTE,Tote,5\n');

fixture('woocommerce-custom', {
  platform: 'WooCommerce export with renamed columns, read through "columns" in the config',
  format: 'generic',
  encoding: 'utf-8',
  config: {
    shop: { timezone: 'Europe/Berlin', language: 'en', currency: 'EUR' },
    columns: { order_id: 'Bestellnr.', placed_at: 'Bestelldatum', paid_at: 'Bezahlt am', customer_name: 'Kunde', email: 'E-Mail', country: 'Land', sku: 'Artikelnummer', title: 'Artikel', quantity: 'Menge', unit_price: 'Einzelpreis' },
  },
  now: '2026-11-22T10:00:00+01:00',
  orders: ['bestellungen.csv'],
  cases: { 'W-3001': 'late' },
});
write('woocommerce-custom', 'bestellungen.csv', 'Bestellnr.;Bestelldatum;Bezahlt am;Kunde;E-Mail;Land;Artikelnummer;Artikel;Menge;Einzelpreis\r\nW-3001;2026-11-17 10:00;2026-11-17 10:05;Jürgen Weiß;juergen@example.de;DE;KERZE-ROT;Kerze „Rot“;2;"7,50"\r\nW-3002;2026-11-21 10:00;;Anna Schäfer;anna@example.de;AT;KERZE-ROT;Kerze „Rot“;1;"7,50"\r\n', 'utf-8');
write('woocommerce-custom', 'twin.csv', `${GENERIC_ORDER_HEADER}
W-3001,2026-11-17 10:00,2026-11-17 10:05,,Jürgen Weiß,juergen@example.de,,,DE,,,,,,,,,KERZE-ROT,Kerze „Rot“,,2,7.50,0
W-3002,2026-11-21 10:00,,,Anna Schäfer,anna@example.de,,,AT,,,,,,,,,KERZE-ROT,Kerze „Rot“,,1,7.50,0
`);
write('woocommerce-custom', 'inventory.csv', 'sku,title,on_hand\nKERZE-ROT,Kerze,10\n');

// ---------------------------------------------------------------- Trackers
const TRACKED_ORDERS = `${GENERIC_ORDER_HEADER}
T-1,2026-11-10 10:00,2026-11-10 10:00,,Zoë Kowalski,zoe@example.com,,en,US,,,2026-11-11 10:00,UPS,1Z0000000000000001,USD,30.00,,MUG,Mug,,1,30.00,1
T-2,2026-11-12 10:00,2026-11-12 10:00,,René Díaz,rene@example.com,,en,US,,,2026-11-13 10:00,USPS,9400100000000000000002,USD,30.00,,MUG,Mug,,1,30.00,1
T-3,2026-11-15 10:00,2026-11-15 10:00,,Ava Chen,ava@example.com,,en,US,,,2026-11-16 10:00,FedEx,700000000003,USD,30.00,,MUG,Mug,,1,30.00,1
T-4,2026-11-18 10:00,2026-11-18 10:00,,Noah Brooks,noah@example.com,,en,US,,,2026-11-19 10:00,UPS,1Z0000000000000004,USD,30.00,,MUG,Mug,,1,30.00,1
`;
const trackerCases = { 'T-1': 'stalled', 'T-2': 'stalled', 'T-3': 'stalled' };
fixture('aftership', {
  platform: 'AfterShip shipments export (API field names: tag, subtag, slug)',
  format: 'aftership',
  kind: 'tracking',
  encoding: 'utf-8',
  config: { shop: { timezone: 'America/New_York', language: 'en', currency: 'USD' } },
  now: '2026-11-22T10:00:00-05:00',
  orders: ['orders.csv'],
  tracking: 'shipments.csv',
  cases: trackerCases,
});
write('aftership', 'orders.csv', TRACKED_ORDERS);
write('aftership', 'shipments.csv', table('tracking_number,slug,title,order_id,customer_name,tag,subtag,subtag_message,last_updated_at,shipment_delivery_date,destination_country_iso3'.split(','), [
  { tracking_number: '1Z0000000000000001', slug: 'ups', order_id: 'T-1', customer_name: 'Zoë Kowalski', tag: 'Exception', subtag: 'Exception_004', subtag_message: 'Delayed (Customs clearance)', last_updated_at: '2026-11-20T08:00:00-05:00', destination_country_iso3: 'USA' },
  { tracking_number: '9400100000000000000002', slug: 'usps', order_id: 'T-2', tag: 'AttemptFail', subtag: 'AttemptFail_001', subtag_message: 'Failed Attempt — no one home', last_updated_at: '2026-11-21T16:00:00-05:00' },
  { tracking_number: '700000000003', slug: 'fedex', order_id: 'T-3', tag: 'InTransit', subtag: 'InTransit_001', subtag_message: 'In transit', last_updated_at: '2026-11-16T20:00:00-05:00' },
  { tracking_number: '1Z0000000000000004', slug: 'ups', order_id: 'T-4', tag: 'Delivered', subtag: 'Delivered_001', subtag_message: 'Delivered', last_updated_at: '2026-11-21T12:00:00-05:00', shipment_delivery_date: '2026-11-21T12:00:00-05:00' },
]));
const TRACK_TWIN_HEADER = 'tracking_number,carrier,status,last_event_at,last_event,delivered_at,order_id';
write('aftership', 'twin.csv', `${TRACK_TWIN_HEADER}
1Z0000000000000001,ups,exception,2026-11-20T08:00:00-05:00,Delayed (Customs clearance),,T-1
9400100000000000000002,usps,failed_attempt,2026-11-21T16:00:00-05:00,Failed Attempt — no one home,,T-2
700000000003,fedex,in_transit,2026-11-16T20:00:00-05:00,In transit,,T-3
1Z0000000000000004,ups,delivered,2026-11-21T12:00:00-05:00,Delivered,2026-11-21T12:00:00-05:00,T-4
`);

fixture('aftership-display', {
  platform: 'AfterShip shipments export (display column names)',
  format: 'aftership',
  kind: 'tracking',
  encoding: 'utf-8',
  config: { shop: { timezone: 'America/New_York', language: 'en', currency: 'USD' } },
  now: '2026-11-22T10:00:00-05:00',
  orders: ['orders.csv'],
  tracking: 'shipments.csv',
  cases: trackerCases,
});
write('aftership-display', 'orders.csv', TRACKED_ORDERS);
write('aftership-display', 'shipments.csv', table('Tracking number,Courier,Order number,Customer name,Delivery status,Sub-status,Last checkpoint message,Last updated at,Delivered at'.split(','), [
  { 'Tracking number': '1Z0000000000000001', Courier: 'ups', 'Order number': 'T-1', 'Customer name': 'Zoë Kowalski', 'Delivery status': 'Exception', 'Sub-status': 'Exception_004', 'Last checkpoint message': 'Delayed (Customs clearance)', 'Last updated at': '2026-11-20T08:00:00-05:00' },
  { 'Tracking number': '9400100000000000000002', Courier: 'usps', 'Order number': 'T-2', 'Delivery status': 'Failed Attempt', 'Last checkpoint message': 'Failed Attempt — no one home', 'Last updated at': '2026-11-21T16:00:00-05:00' },
  { 'Tracking number': '700000000003', Courier: 'fedex', 'Order number': 'T-3', 'Delivery status': 'In Transit', 'Last checkpoint message': 'In transit', 'Last updated at': '2026-11-16T20:00:00-05:00' },
  { 'Tracking number': '1Z0000000000000004', Courier: 'ups', 'Order number': 'T-4', 'Delivery status': 'Delivered', 'Last checkpoint message': 'Delivered', 'Last updated at': '2026-11-21T12:00:00-05:00', 'Delivered at': '2026-11-21T12:00:00-05:00' },
]));
write('aftership-display', 'twin.csv', `${TRACK_TWIN_HEADER}
1Z0000000000000001,ups,exception,2026-11-20T08:00:00-05:00,Delayed (Customs clearance),,T-1
9400100000000000000002,usps,failed_attempt,2026-11-21T16:00:00-05:00,Failed Attempt — no one home,,T-2
700000000003,fedex,in_transit,2026-11-16T20:00:00-05:00,In transit,,T-3
1Z0000000000000004,ups,delivered,2026-11-21T12:00:00-05:00,Delivered,2026-11-21T12:00:00-05:00,T-4
`);

fixture('17track', {
  platform: '17TRACK export (main status and sub status)',
  format: '17track',
  kind: 'tracking',
  encoding: 'utf-8',
  config: { shop: { timezone: 'America/New_York', language: 'en', currency: 'USD' } },
  now: '2026-11-22T10:00:00-05:00',
  orders: ['orders.csv'],
  tracking: '17track.csv',
  cases: trackerCases,
});
write('17track', 'orders.csv', TRACKED_ORDERS);
write('17track', '17track.csv', table('Number,Carrier,Order number,Main status,Sub status,Latest event time,Latest event,Tag'.split(','), [
  { Number: '1Z0000000000000001', Carrier: 'UPS', 'Order number': 'T-1', 'Main status': 'Exception', 'Sub status': 'Exception_Delayed', 'Latest event time': '2026-11-20 08:00', 'Latest event': 'Held in customs – documents requested', Tag: 'Zoë' },
  { Number: '9400100000000000000002', Carrier: 'USPS', 'Order number': 'T-2', 'Main status': 'DeliveryFailure', 'Sub status': 'DeliveryFailure_NoBody', 'Latest event time': '2026-11-21 16:00', 'Latest event': 'Notice left (no authorized recipient)' },
  { Number: '700000000003', Carrier: 'FedEx', 'Order number': 'T-3', 'Main status': 'InTransit', 'Sub status': 'InTransit_Other', 'Latest event time': '2026-11-16 20:00', 'Latest event': 'Departed FedEx hub' },
  { Number: '1Z0000000000000004', Carrier: 'UPS', 'Order number': 'T-4', 'Main status': 'Delivered', 'Sub status': 'Delivered_Other', 'Latest event time': '2026-11-21 12:00', 'Latest event': 'Delivered, front door' },
]));
write('17track', 'twin.csv', `${TRACK_TWIN_HEADER}
1Z0000000000000001,UPS,exception,2026-11-20 08:00,Held in customs – documents requested,,T-1
9400100000000000000002,USPS,failed_attempt,2026-11-21 16:00,Notice left (no authorized recipient),,T-2
700000000003,FedEx,in_transit,2026-11-16 20:00,Departed FedEx hub,,T-3
1Z0000000000000004,UPS,delivered,2026-11-21 12:00,"Delivered, front door",,T-4
`);

console.log(`wrote ${fixtures.length} fixtures to ${OUT}`);
