/**
 * Rakuten RMS 受注CSV (docs/formats.md): Shift_JIS, CRLF, one row per item with the
 * order's cells repeated. Names, postcodes and phones come in parts. Times are
 * Japan time, amounts yen, and customers are written to in Japanese.
 */
import { columnsOf, defineFormat, isPickupMethod, missingRoles, statusKey } from '../../import/formats/format.js';
import { emptyOrderFields } from '../../rows/rows.js';
import { DAY } from '../../domain/time.js';

const RAKUTEN = {
  orderId: ['注文番号', '受注番号'],
  status: ['ステータス', '注文ステータス'],
  ordered: ['注文日時', '注文日'],
  shipped: ['発送完了報告日時'],
  payment: ['支払方法名'],
  total: ['合計金額'],
  // What the customer was charged, after the points and coupons they used (合計金額 counts the
  // points too): a refund is of that money, and Rakuten gives the points back itself.
  billed: ['請求金額'],
  lastName: ['注文者姓'],
  firstName: ['注文者名'],
  email: ['注文者メールアドレス'],
  phone1: ['注文者電話番号1'],
  phone2: ['注文者電話番号2'],
  phone3: ['注文者電話番号3'],
  title: ['商品名'],
  sku: ['商品管理番号', 'SKU管理番号', '商品番号'],
  price: ['単価', '商品単価'],
  quantity: ['個数', '数量'],
  carrier: ['配送会社'],
  shippingMethod: ['配送方法'],
  deliveryDay: ['お届け日指定'],
  tracking: ['お荷物伝票番号'],
};

/**
 * The RMS CSV writes the status as text (`発送待ち`) or, in the newer download, as its
 * code: 100 注文確認待ち, 200 楽天処理中, 300 発送待ち, 400 変更確定待ち (all still to ship; in 200 Rakuten
 * is still taking the payment (the card's authorisation, a bank transfer not yet in) and checking for
 * fraud: not owed a shipment until it moves on to 300),
 * 500 発送済, 600 支払手続き中, 700 支払手続き済 (shipped), 800 キャンセル確定待ち, 900 キャンセル確定.
 */
const STATUS_CODES: Record<string, string> = {
  '100': '注文確認待ち', '200': '楽天処理中', '300': '発送待ち', '400': '変更確定待ち', '500': '発送済',
  '600': '支払手続き中', '700': '支払手続き済', '800': 'キャンセル確定待ち', '900': 'キャンセル確定',
};
const rakutenStatus = (key: string) => STATUS_CODES[key] ?? key;

/**
 * The RMS carrier codes (配送会社, as the RMS API lists them): a download may write the code rather
 * than the name, and "1001" names no carrier oos knows (its stall clock, claim window, the name the
 * customer reads).
 */
const CARRIER_CODES: Record<string, string> = {
  '1000': 'その他', '1001': 'ヤマト運輸', '1002': '佐川急便', '1003': '日本郵便', '1004': '西濃運輸', '1005': 'セイノースーパーエクスプレス',
  '1006': '福山通運', '1007': '名鉄運輸', '1008': 'トナミ運輸', '1009': '第一貨物', '1010': '新潟運輸', '1011': '中越運送', '1012': '岡山県貨物運送',
  '1013': '久留米運送', '1014': '山陽自動車運送', '1015': 'NXトランスポート', '1016': 'エコ配', '1017': 'EMS', '1018': 'DHL', '1019': 'FedEx',
  '1020': 'UPS', '1021': '日本通運', '1022': 'TNT', '1023': 'OCS', '1024': 'USPS', '1025': 'SFエクスプレス', '1026': 'Aramex',
  '1027': 'SGHグローバル・ジャパン', '1028': 'Rakuten EXPRESS', '1029': '日本郵便', '1030': 'ヤマト運輸', '1031': '名鉄NX運輸',
};
const rakutenCarrier = (cell: string | null) => (cell === null ? null : (CARRIER_CODES[cell.trim()] ?? cell));

export const rakutenOrders = defineFormat({
  id: 'rakuten',
  linesShipTogether: () => true,
  label: 'Rakuten RMS order CSV (受注CSV)',
  main: { order_id: RAKUTEN.orderId, sku: RAKUTEN.sku, quantity: RAKUTEN.quantity, shipped_at: RAKUTEN.shipped },
  kind: 'orders',
  timeZone: 'Asia/Tokyo',
  currency: 'JPY',
  where: 'RMS › 受注・問合せ・売上 › データダウンロード (R-Backoffice) › 通常購入データ, template 「全カラムダウンロード用」',
  groupColumn: (h) => h.find(...RAKUTEN.orderId),
  recognise: (h) => (h.find(...RAKUTEN.orderId) >= 0 && h.find(...RAKUTEN.status) >= 0 && (h.find(...RAKUTEN.quantity) >= 0 || h.has('商品名')) ? 100 : 0),
  missing: (h) => missingRoles(h, RAKUTEN, ['orderId', 'status', 'ordered', 'quantity']),
  bind(h, cells) {
    const c = columnsOf(h, RAKUTEN);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const status = rakutenStatus(statusKey(cells.text(f, c.status)));
      const order = { ...emptyOrderFields(), language: 'ja', country: 'JP', currency: 'JPY', channel: 'rakuten' };
      order.placedAt = cells.date(f, c.ordered, line);
      // Rakuten confirms the payment (or the deferred-payment promise) with the order, once it has
      // finished processing it: in 楽天処理中 a bank transfer may not have come in yet.
      order.paidAt = status === '楽天処理中' ? null : order.placedAt;
      order.cancelled = status.includes('キャンセル');
      order.shippedAt = cells.date(f, c.shipped, line);
      // A delivery day the customer chose (a gift for the 5th): the order ships for it, by the end of
      // the day before, not within the shop's usual days from the order. Free text ("指定なし") says nothing,
      // and what follows the day (its weekday, a time band) does not move it.
      const wanted = cells.dayItBegins(f, c.deliveryDay, line);
      if (wanted !== null) order.shipBy = wanted - DAY;
      const name = [cells.text(f, c.lastName), cells.text(f, c.firstName)].filter(Boolean).join(' ');
      order.customerName = name || null;
      order.email = cells.text(f, c.email);
      const phone = [c.phone1, c.phone2, c.phone3].map((i) => cells.id(f, i)).filter(Boolean).join('-');
      order.phone = phone || null;
      order.paymentMethod = cells.text(f, c.payment);
      order.orderTotal = cells.money(f, c.billed, line, 'JPY') ?? cells.money(f, c.total, line, 'JPY');
      order.carrier = rakutenCarrier(cells.text(f, c.carrier));
      // 店頭受取: the customer collects the order at the shop, never shipped.
      order.pickup = isPickupMethod(cells.text(f, c.shippingMethod));
      order.trackingNumber = cells.id(f, c.tracking);
      const quantity = cells.int(f, c.quantity, line);
      if (quantity === null || quantity === 0) return { line, orderId, order, item: null };
      // 発送済 and the payment steps that follow it (支払手続き中/済) are all after shipping.
      const shipped = status.startsWith('発送済') || status.startsWith('支払手続') || order.shippedAt !== null;
      return {
        line,
        orderId,
        order,
        item: {
          sku: cells.id(f, c.sku),
          title: cells.text(f, c.title),
          variant: null,
          quantity,
          unitPrice: cells.money(f, c.price, line, 'JPY'),
          fulfilledQuantity: shipped && !order.cancelled ? quantity : 0,
          requiresShipping: true,
        },
      };
    };
  },
});
