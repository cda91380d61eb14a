/** Pure pieces of reading platform exports: day forms, legacy encodings, statuses, header names. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/domain/time.js';
import { mapTrackingStatus } from '../../src/domain/tracking-status.js';
import { chooseEncoding, textDecoder } from '../../src/import/decode.js';
import { sniffLegacyEncoding } from '../../src/import/legacy-encoding.js';
import { readFileSync } from 'node:fs';
import { Cells, Header, normaliseHeader } from '../../src/import/formats/cells.js';
import { pinduoduoOrders, taobaoOrders } from '../../src/import/formats/china.js';
import { amazonAllOrders } from '../../src/import/formats/amazon.js';
import { ebayOrders } from '../../src/import/formats/ebay.js';
import { etsyOrders } from '../../src/import/formats/etsy.js';
import { rakutenOrders } from '../../src/import/formats/rakuten.js';
import { isPickupMethod, type Format } from '../../src/import/formats/format.js';
import { genericOrders } from '../../src/import/formats/generic.js';
import { shopifyOrders } from '../../src/import/formats/shopify.js';
import { parseProducts, woocommerceExport } from '../../src/import/formats/woocommerce.js';
import type { OrderRow } from '../../src/rows/rows.js';

const iso = (text: string, order?: 'mdy' | 'dmy', tz = 'America/New_York') => {
  const t = parseDateTime(text, tz, order);
  return t === null ? null : new Date(t).toISOString();
};

describe('day forms platforms write', () => {
  it.each([
    ['Oct-05-26', undefined, '2026-10-05T04:00:00.000Z'],
    ['26-May-26', undefined, '2026-05-26T04:00:00.000Z'],
    ['10-Dez-25', undefined, '2025-12-10T05:00:00.000Z'],
    ['Sep-30-26 23:45:00', undefined, '2026-10-01T03:45:00.000Z'],
    ['Oct-05-26 10:00:00 PDT', undefined, '2026-10-05T17:00:00.000Z'],
    ['Oct 5, 2026 3:04 PM', undefined, '2026-10-05T19:04:00.000Z'],
    ['09/03/26', 'mdy', '2026-09-03T04:00:00.000Z'],
    ['09/03/26', 'dmy', '2026-03-09T04:00:00.000Z'], // daylight time began 8 March,
    ['20.11.2026 14:30', undefined, '2026-11-20T19:30:00.000Z'],
    ['2026年11月20日 14:30', undefined, '2026-11-20T19:30:00.000Z'],
  ] as const)('%s (%s)', (text, order, want) => expect(iso(text, order)).toBe(want));

  it('refuses what it cannot read for certain', () => {
    expect(iso('09/03/26')).toBeNull(); // month or day first? only the platform knows
    expect(iso('Foo-05-26')).toBeNull();
    expect(iso('Feb-30-26')).toBeNull();
    expect(iso('13:00 PM 01/01/26', 'mdy')).toBeNull();
    expect(iso('Oct-05-26 10:00 XYZ')).toBeNull();
  });
});

describe('legacy encodings, told apart by their bytes', () => {
  const gbk = iconv.encode('订单编号,买家会员名,订单状态\n="3515313147329",张三,买家已付款，等待卖家发货\n', 'gbk');
  const sjis = iconv.encode('注文番号,ステータス,注文者姓\n123-20261120-0001,発送待ち,高橋\n', 'shift_jis');
  const latin = iconv.encode('name,city,total\nJosé Müller,Köln,"116,99 €"\nZoë „Möwe“,Zürich,5\n', 'windows-1252');

  it('names the encoding when the text is unmistakable', () => {
    expect(sniffLegacyEncoding(gbk)).toBe('gb18030');
    expect(sniffLegacyEncoding(sjis)).toBe('shift_jis');
    expect(sniffLegacyEncoding(latin)).toBe('windows-1252');
    expect(sniffLegacyEncoding(Buffer.from('plain ascii'))).toBeNull();
  });

  it('tells kanji without kana apart by which kanji they read as', () => {
    // As GB18030 these bytes are rare GBK-extension hanzi; as Shift_JIS, first-level kanji.
    expect(sniffLegacyEncoding(iconv.encode('注文番号,注文者姓\n123,高橋\n', 'shift_jis'))).toBe('shift_jis');
  });

  it('a forced encoding the bytes contradict is refused with the right one named', () => {
    expect(() => chooseEncoding('f', sjis, 'gb18030')).toThrow(/looks like Japanese/);
    expect(() => chooseEncoding('f', gbk, 'shift_jis')).toThrow(/looks like Chinese/);
    expect(() => chooseEncoding('f', latin, 'utf-8')).toThrow(/not UTF-8 text \(it looks like Western/);
    expect(chooseEncoding('f', sjis, undefined, true)).toMatchObject({ encoding: 'shift_jis', how: 'sniffed' });
  });

  it('decodes windows-1252 punctuation and the euro sign, which Node 20 reads as control codes', () => {
    expect(textDecoder('windows-1252').decode(Buffer.from([0x84, 0x80, 0x93, 0x41, 0xfc]))).toBe('„€“Aü');
  });
});

describe('statuses and names', () => {
  it.each([
    ['in_transit', 'in_transit'],
    ['failed_attempt', 'failed_attempt'],
    ['Exception_004', 'exception'],
    ['InTransit_CustomsProcessing', 'in_transit'],
    ['DeliveryFailure_NoBody', 'failed_attempt'],
    ['Information Received', 'info_received'],
    ['Available for Pickup', 'available_for_pickup'],
    ['NotFound_InvalidCode', 'pending'],
    ['Expired_Other', 'expired'],
  ])('%s → %s', (raw, want) => expect(mapTrackingStatus(raw)).toBe(want));

  // A delivered parcel read as unknown is judged by its last scan alone, and a week on it is "probably lost":
  // the shop would apologise to a customer who has it. What carriers and trackers write in each language.
  it.each([
    ['本人签收', 'delivered'],
    ['已送达', 'delivered'],
    ['投递成功', 'delivered'],
    ['代收点签收', 'delivered'],
    ['已簽收', 'delivered'],
    ['お届け完了', 'delivered'],
    ['Zugestellt', 'delivered'],
    ['Livré', 'delivered'],
    ['Distribué', 'delivered'],
    ['Entregado', 'delivered'],
    ['Consegnato', 'delivered'],
    ['In Zustellung', 'out_for_delivery'],
    ['En livraison', 'out_for_delivery'],
    ['En reparto', 'out_for_delivery'],
    ['In consegna', 'out_for_delivery'],
    // Never the negations.
    ['未签收', 'unknown'],
    // Refused: no delivery, and news to act on.
    ['拒收', 'exception'],
    ['No entregado', 'unknown'],
    ['Nicht zugestellt', 'unknown'],
  ])('delivered, in other words: %s → %s', (raw, want) => expect(mapTrackingStatus(raw)).toBe(want));

  // Read as unknown, a delivered parcel was "probably lost" a week on, and a returned one was no news.
  it.each([
    // Japan Post, Yamato (ネコポス into the mailbox), Sagawa's arrow on its latest row, handed over at a counter or a konbini.
    ['お届け先にお届け済み', 'delivered'],
    ['投函完了', 'delivered'],
    ['⇒配達完了', 'delivered'],
    ['窓口でお渡し', 'delivered'],
    ['コンビニエンスストアに引渡', 'delivered'],
    ['差出人に返送', 'exception'],
    ['差出人に返送済み', 'exception'],
    ['持戻（ご不在）', 'failed_attempt'],
    ['ご不在のため持ち戻り', 'failed_attempt'],
    ['受取拒否', 'exception'],
    ['持ち出し中', 'out_for_delivery'],
    ['引受', 'in_transit'],
    // 快递100's states.
    ['快件已签收', 'delivered'],
    ['已代收', 'available_for_pickup'],
    ['投柜或驿站', 'available_for_pickup'],
    ['退签', 'exception'],
    ['拒签', 'exception'],
    ['疑难', 'exception'],
    ['已退回', 'exception'],
    ['派件中', 'out_for_delivery'],
    ['转投', 'in_transit'],
    ['签收失败', 'failed_attempt'],
    // Shopify's fulfilment display statuses, whole.
    ['LABEL_PRINTED', 'info_received'],
    ['LABEL_PURCHASED', 'info_received'],
    ['READY_FOR_PICKUP', 'available_for_pickup'],
    ['CARRIER_PICKED_UP', 'in_transit'],
    ['PICKED_UP', 'delivered'],
    ['ATTEMPTED_DELIVERY', 'failed_attempt'],
    ['NOT_DELIVERED', 'exception'],
    ['IN_TRANSIT', 'in_transit'],
    // USPS: back at the shop is not the customer's delivery.
    ['Delivered, To Original Sender', 'exception'],
    ['Return to Sender', 'exception'],
    // 17TRACK's web words.
    ['Pick Up', 'available_for_pickup'],
    ['Undelivered', 'failed_attempt'],
    ['Alert', 'exception'],
    // Unchanged.
    ['InTransit_PickedUp', 'in_transit'],
    ['Delivered', 'delivered'],
    ['AvailableForPickup_001', 'available_for_pickup'],
  ])('carriers\' and trackers\' own words: %s → %s', (raw, want) => expect(mapTrackingStatus(raw)).toBe(want));

  it('header names match across case, separators and full-width forms', () => {
    expect(normaliseHeader('收货地址 ')).toBe(normaliseHeader('收货地址'));
    expect(normaliseHeader('商品数量（件）')).toBe(normaliseHeader('商品数量(件)'));
    expect(normaliseHeader('注文者住所：都道府県')).toBe(normaliseHeader('注文者住所都道府県'));
    expect(normaliseHeader('Order ID')).toBe(normaliseHeader('order_id'));
    expect(normaliseHeader('Order ID')).not.toBe(normaliseHeader('Order IDs'));
  });

  it('WooCommerce Analytics product lists split into lines', () => {
    expect(parseProducts('2× Bougie « Figue », 1× Savon, lavande')).toEqual([
      { title: 'Bougie « Figue »', quantity: 2 },
      { title: 'Savon, lavande', quantity: 1 },
    ]);
    expect(parseProducts('Gift card')).toEqual([{ title: 'Gift card', quantity: 1 }]);
    expect(parseProducts(null)).toEqual([]);
  });
});

/** The header of a fixture file written with a platform's real columns. */
const headerOf = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]!.split(',');

/** One row of `cells` (by column name) mapped by `format` bound to `names`. */
function mapRow(format: Format<'orders'>, names: string[], cells: Record<string, string>): OrderRow {
  const header = new Header(names);
  const map = format.bind(header, new Cells({ file: 'orders.csv', timeZone: 'UTC', currency: 'USD', header, warn: () => {} }));
  const out = map(names.map((n) => cells[n] ?? ''), 2);
  return (Array.isArray(out) ? out[0] : out)!;
}

describe('orders the customer collects (local pickup)', () => {
  it.each([
    ['Local pickup', true],
    ['Pickup', true],
    ['Pick-up at the store', true],
    ['Pickup in store', true],
    ['Click & Collect', true],
    ['Store collection', true],
    ['Abholung vor Ort', true],
    ['Afhalen in de winkel', true],
    ['门店自提', true],
    ['店頭受取', true],
    ['Standard', false],
    ['Local delivery', false],
    ['Free shipping', false],
    // A parcel still travels to these.
    ['Pickup point', false],
    ['UPS Access Point', false],
    ['DPD Pickup', false],
    ['Parcel locker', false],
    ['Collect+', false],
    ['菜鸟驿站自提点', false],
    ['コンビニ受取', false],
    // The words shops use in other languages, and places that only sound like pickup points.
    ['到店自取', true],
    ['店舗受取', true],
    ['ローカルピックアップ', true],
    ['Retrait en magasin', true],
    ['Ritiro in negozio', true],
    ['Recogida en tienda', true],
    ['Store pickup - Station Road shop', true],
    ['DHL Packstation', false],
    ['Pickup station', false],
    ['Punto de recogida', false],
    ['7-11超商取貨', false],
    ['快递柜自取', false],
  ])('%s → %s', (name, want) => expect(isPickupMethod(name)).toBe(want));

  it('Rakuten: 配送方法', () => {
    const names = ['注文番号', 'ステータス', '注文日時', '商品名', '個数', '配送方法'];
    const row = { 注文番号: '123456-20261120-0000000001', ステータス: '発送待ち', 注文日時: '2026-11-20 10:00:00', 商品名: '湯呑み', 個数: '1' };
    expect(mapRow(rakutenOrders, names, { ...row, 配送方法: '店頭受取' }).order.pickup).toBe(true);
    expect(mapRow(rakutenOrders, names, { ...row, 配送方法: '宅配便' }).order.pickup).toBe(false);
  });

  it('Rakuten: 楽天処理中 (200) is not owed yet, as Rakuten is still taking the payment; 請求金額 (what was charged, points left out) is the total', () => {
    const names = ['注文番号', 'ステータス', '注文日時', '商品名', '個数', '合計金額', '請求金額'];
    const row = { 注文番号: '123456-20261120-0000000001', 注文日時: '2026-11-20 10:00:00', 商品名: '湯呑み', 個数: '1', 合計金額: '1760', 請求金額: '1260' };
    for (const status of ['200', '楽天処理中']) expect(mapRow(rakutenOrders, names, { ...row, ステータス: status }).order.paidAt, status).toBeNull();
    for (const status of ['100', '300', '発送待ち']) expect(mapRow(rakutenOrders, names, { ...row, ステータス: status }).order.paidAt, status).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(mapRow(rakutenOrders, names, { ...row, ステータス: '300' }).order.orderTotal).toBe(1260);
    // A file without 請求金額 still has its total.
    expect(mapRow(rakutenOrders, names.filter((n) => n !== '請求金額'), { ...row, ステータス: '300' }).order.orderTotal).toBe(1760);
  });

  it('Rakuten: 配送会社 written as its RMS code is the carrier it names', () => {
    const names = ['注文番号', 'ステータス', '注文日時', '商品名', '個数', '配送会社'];
    const row = { 注文番号: '123456-20261120-0000000001', ステータス: '発送済', 注文日時: '2026-11-20 10:00:00', 商品名: '湯呑み', 個数: '1' };
    const carrier = (cell: string) => mapRow(rakutenOrders, names, { ...row, 配送会社: cell }).order.carrier;
    expect(carrier('1001')).toBe('ヤマト運輸');
    expect(carrier('1003')).toBe('日本郵便');
    expect(carrier('佐川急便')).toBe('佐川急便');
  });

  it('Rakuten: a delivery day the customer chose (お届け日指定) ships by the end of the day before, not by the usual days', () => {
    const names = ['注文番号', 'ステータス', '注文日時', '商品名', '個数', 'お届け日指定'];
    const row = { 注文番号: '123456-20261120-0000000001', ステータス: '発送待ち', 注文日時: '2026-11-16 10:00:00', 商品名: '湯呑み', 個数: '1' };
    const shipBy = (day: string) => mapRow(rakutenOrders, names, { ...row, お届け日指定: day }).order.shipBy;
    // 23:59:59 on 4 December in the file's zone (UTC here, as mapRow reads; a scan reads Rakuten in Japan time).
    expect(shipBy('2026-12-05')).toBe(Date.parse('2026-12-04T23:59:59Z'));
    expect(shipBy('2026/12/05')).toBe(Date.parse('2026-12-04T23:59:59Z'));
    // A weekday after the day (or a time band) leaves the day as it is; a file that writes one is read, not refused.
    expect(shipBy('2026/12/05(土)')).toBe(Date.parse('2026-12-04T23:59:59Z'));
    expect(shipBy('2026年12月5日 午前中')).toBe(Date.parse('2026-12-04T23:59:59Z'));
    expect(() => shipBy('2026/13/05(土)')).toThrow(/お届け日指定/);
    expect(shipBy('指定なし')).toBeNull();
    expect(shipBy('')).toBeNull();
  });

  it('eBay: the Shipping Service cell; its Click & Collect is a parcel the seller sends', () => {
    const names = ['Sales Record Number', 'Item Title', 'Quantity', 'Sale Date', 'Shipped On Date', 'Shipping Service'];
    const row = { 'Sales Record Number': '1001', 'Item Title': 'Tweed cap', Quantity: '1', 'Sale Date': 'Nov-20-26' };
    expect(mapRow(ebayOrders, names, { ...row, 'Shipping Service': 'Local pickup' }).order.pickup).toBe(true);
    expect(mapRow(ebayOrders, names, { ...row, 'Shipping Service': 'Collection in person' }).order.pickup).toBe(true);
    expect(mapRow(ebayOrders, names, { ...row, 'Shipping Service': 'Royal Mail Tracked 48' }).order.pickup).toBe(false);
    expect(mapRow(ebayOrders, names, { ...row, 'Shipping Service': 'Click & Collect' }).order.pickup).toBe(false);
  });

  it('Taobao: 运送方式', () => {
    const names = ['订单编号', '订单状态', '订单创建时间', '订单付款时间', '运送方式'];
    const row = { 订单编号: '3001', 订单状态: '买家已付款，等待卖家发货', 订单创建时间: '2026-11-20 10:00:00', 订单付款时间: '2026-11-20 10:01:00' };
    expect(mapRow(taobaoOrders, names, { ...row, 运送方式: '门店自提' }).order.pickup).toBe(true);
    expect(mapRow(taobaoOrders, names, { ...row, 运送方式: '快递' }).order.pickup).toBe(false);
  });

  it('a blank shipping method says nothing: an order\'s later rows leave it blank', () => {
    expect(isPickupMethod(null)).toBeNull();
  });

  it('Shopify: the Shipping Method cell', () => {
    const names = headerOf('real-exports/shopify-generations/orders_export_79.csv');
    const row = { Name: '#1001', 'Financial Status': 'paid', 'Paid at': '2026-11-20 10:00:00 +0100', 'Lineitem quantity': '1', 'Lineitem name': 'Mug', 'Lineitem sku': 'MUG' };
    expect(mapRow(shopifyOrders, names, { ...row, 'Shipping Method': 'Pick-up at the store' }).order.pickup).toBe(true);
    expect(mapRow(shopifyOrders, names, { ...row, 'Shipping Method': 'Standard' }).order.pickup).toBe(false);
    expect(mapRow(shopifyOrders, names, row).order.pickup).toBeNull();
  });

  it('WooCommerce order export: the Shipping Method Title cell', () => {
    const names = headerOf('formats/woocommerce-export/orders.csv');
    const row = { 'Order Number': '501', 'Order Status': 'processing', 'Order Date': '2026-11-20 10:00', 'Item Name': 'Mug', SKU: 'MUG', 'Quantity (- Refund)': '1' };
    expect(mapRow(woocommerceExport, names, { ...row, 'Shipping Method Title': 'Local pickup' }).order.pickup).toBe(true);
    expect(mapRow(woocommerceExport, names, { ...row, 'Shipping Method Title': 'Flat rate' }).order.pickup).toBe(false);
  });

  it('WooCommerce: a pre-order (the Pre-Orders extension) is not owed until it is released', () => {
    const names = headerOf('formats/woocommerce-export/orders.csv');
    const row = { 'Order Number': '501', 'Order Date': '2026-11-10 10:00', 'Item Name': 'Mug', SKU: 'MUG', 'Quantity (- Refund)': '1' };
    expect(mapRow(woocommerceExport, names, { ...row, 'Order Status': 'pre-ordered' }).order.paidAt).toBeNull();
    expect(mapRow(woocommerceExport, names, { ...row, 'Order Status': 'Pre ordered' }).order.paidAt).toBeNull();
    expect(mapRow(woocommerceExport, names, { ...row, 'Order Status': 'processing' }).order.paidAt).not.toBeNull();
  });

  it('Pinduoduo: 是否门店自提', () => {
    const names = headerOf('formats/pinduoduo/orders.csv');
    const row = { 订单号: '261120-000000000000001', 订单状态: '待发货', '商品数量(件)': '1', 支付时间: '2026-11-20 10:00:00', 商品: '茶杯' };
    expect(mapRow(pinduoduoOrders, names, { ...row, 是否门店自提: '是' }).order.pickup).toBe(true);
    expect(mapRow(pinduoduoOrders, names, { ...row, 是否门店自提: '否' }).order.pickup).toBe(false);
    expect(mapRow(pinduoduoOrders, names, row).order.pickup).toBeNull();
  });

  it('the generic format: an optional shipping_method column', () => {
    const names = ['order_id', 'paid_at', 'sku', 'quantity', 'shipping_method'];
    const row = { order_id: 'A1', paid_at: '2026-11-20 10:00', sku: 'MUG', quantity: '1' };
    expect(mapRow(genericOrders, names, { ...row, shipping_method: 'local pickup' }).order.pickup).toBe(true);
    expect(mapRow(genericOrders, names, { ...row, shipping_method: 'courier' }).order.pickup).toBe(false);
    expect(mapRow(genericOrders, names.slice(0, 4), row).order.pickup).toBeNull();
  });
});

describe('statuses past shipping, or refunded', () => {
  // An order past shipping read as owed is "late" on the owner's screen: the statuses plugins and reports write for it.
  it('WooCommerce: Delivered, Order Shipped and Ready for pickup are past shipping', () => {
    const names = headerOf('formats/woocommerce-export/orders.csv');
    const row = { 'Order Number': '501', 'Order Date': '2026-11-10 10:00', 'Item Name': 'Mug', SKU: 'MUG', 'Quantity (- Refund)': '1' };
    const fulfilled = (status: string) => mapRow(woocommerceExport, names, { ...row, 'Order Status': status }).item!.fulfilledQuantity;
    for (const status of ['Delivered', 'wc-delivered', 'Order Shipped', 'Ready for pickup', 'Completed']) expect(fulfilled(status), status).toBe(1);
    expect(fulfilled('Processing')).toBe(0);
  });

  it("Amazon All Orders: every 'Shipped - …' status is shipped, also with a blank item-status", () => {
    const names = readFileSync(new URL('../fixtures/formats/amazon-all-orders/orders.txt', import.meta.url), 'latin1').split(/\r?\n/)[0]!.split('\t');
    const row = { 'amazon-order-id': '111-0000001-0000002', 'purchase-date': '2026-11-10T09:00:00+00:00', 'fulfillment-channel': 'Merchant', sku: 'MUG', quantity: '1', currency: 'USD' };
    const fulfilled = (status: string, itemStatus = '') => mapRow(amazonAllOrders, names, { ...row, 'order-status': status, 'item-status': itemStatus }).item!.fulfilledQuantity;
    for (const status of ['Shipped - Delivered to Buyer', 'Shipped - Returned to Seller', 'Shipped - Picked Up', 'Shipped - Out for Delivery', 'Shipped', 'Complete']) expect(fulfilled(status), status).toBe(1);
    expect(fulfilled('Unshipped', 'Shipped - Delivered to Buyer')).toBe(1);
    for (const status of ['Unshipped', 'Shipping', 'Pending - Waiting for Pick Up']) expect(fulfilled(status), status).toBe(0);
    expect(fulfilled('Shipped', 'Unshipped')).toBe(0);
  });

  it('Etsy: a Fully Refunded order is not owed, a Partially Refunded one still is', () => {
    const names = headerOf('formats/etsy-us/EtsySoldOrders2026-11.csv');
    const row = { 'Sale Date': '11/10/26', 'Order ID': '3300000009', 'Number of Items': '1', Currency: 'USD', 'Order Total': '20.00' };
    const cancelled = (status: string) => mapRow(etsyOrders, names, { ...row, Status: status }).order.cancelled;
    expect(cancelled('Fully Refunded')).toBe(true);
    expect(cancelled('Canceled')).toBe(true);
    expect(cancelled('Partially Refunded')).toBe(false);
    expect(cancelled('Paid')).toBe(false);
    // A payment still clearing: not owed a shipment yet.
    expect(mapRow(etsyOrders, names, { ...row, Status: 'Payment Processing' }).order.paidAt).toBeNull();
    expect(mapRow(etsyOrders, names, { ...row, Status: 'Paid' }).order.paidAt).not.toBeNull();
  });
});
