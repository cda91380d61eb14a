/**
 * Chinese marketplaces (docs/formats.md). Taobao/Tmall export two GBK files: the
 * order list (buyer, status, parcel) and the item list (SKU, quantity), joined
 * by 订单编号 when passed together. Pinduoduo exports one row per order with
 * the promised ship-by time (承诺发货时间). Times are China time, amounts yuan,
 * and customers are written to in Chinese.
 */
import { columnsOf, defineFormat, isPickupMethod, missingRoles, statusKey } from '../../import/formats/format.js';
import { emptyOrderFields, type OrderFields } from '../../rows/rows.js';

/** Where an order stands, read from a status text. */
interface Standing {
  paid: boolean;
  shipped: boolean;
  cancelled: boolean;
}

// 订单状态 texts (and the API names some tools export instead).
function taobaoStanding(raw: string | null): Standing | null {
  const s = statusKey(raw);
  if (s === '') return null;
  if (/等待买家付款|waitbuyerpay|tradenocreatepay/.test(s)) return { paid: false, shipped: false, cancelled: false };
  if (/交易关闭|tradeclosed/.test(s)) return { paid: false, shipped: false, cancelled: true };
  if (/部分发货|sellerconsignedpart/.test(s)) return { paid: true, shipped: false, cancelled: false };
  if (/卖家已发货|等待买家确认|交易成功|waitbuyerconfirmgoods|tradefinished|tradebuyersigned/.test(s)) return { paid: true, shipped: true, cancelled: false };
  if (/买家已付款|等待卖家发货|waitsellersendgoods/.test(s)) return { paid: true, shipped: false, cancelled: false };
  return null;
}

const chineseOrder = (channel: string): OrderFields => ({ ...emptyOrderFields(), language: 'zh', country: 'CN', currency: 'CNY', channel });

const TAOBAO_ORDERS = {
  orderId: ['订单编号'],
  buyer: ['买家会员名'],
  total: ['买家实际支付金额', '总金额'],
  status: ['订单状态'],
  name: ['收货人姓名'],
  mobile: ['联系手机'],
  phone: ['联系电话'],
  created: ['订单创建时间'],
  paid: ['订单付款时间'],
  tracking: ['物流单号'],
  carrier: ['物流公司'],
  shippingMethod: ['运送方式'],
};

export const taobaoOrders = defineFormat({
  id: 'taobao',
  linesShipTogether: () => true,
  label: 'Taobao/Tmall order list (ExportOrderList)',
  main: { order_id: TAOBAO_ORDERS.orderId, paid_at: TAOBAO_ORDERS.paid },
  kind: 'orders',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  where: '千牛卖家中心 › 交易 › 已卖出的宝贝 › 批量导出 › 订单报表 (ExportOrderList….csv)',
  companion: { formatId: 'taobao-items', file: 'ExportOrderDetailList….csv (宝贝报表)', adds: 'the items (商家编码 and 购买数量) of each order' },
  groupColumn: (h) => h.find('订单编号'),
  recognise: (h) => (h.has('订单编号') && h.has('买家会员名') && h.has('订单状态') ? 100 : 0),
  missing: (h) => missingRoles(h, TAOBAO_ORDERS, ['orderId', 'status', 'created']),
  bind(h, cells) {
    const c = columnsOf(h, TAOBAO_ORDERS);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const standing = taobaoStanding(cells.text(f, c.status));
      const order = chineseOrder('taobao');
      order.placedAt = cells.date(f, c.created, line);
      const paidAt = cells.date(f, c.paid, line);
      // A closed order keeps the payment time it had (paid, then refunded), if any.
      order.paidAt = standing && !standing.cancelled ? (standing.paid ? (paidAt ?? order.placedAt) : null) : paidAt;
      if (standing) order.cancelled = standing.cancelled;
      order.customerName = cells.text(f, c.name) ?? cells.text(f, c.buyer);
      order.phone = cells.id(f, c.mobile) ?? cells.id(f, c.phone);
      order.trackingNumber = cells.id(f, c.tracking);
      order.carrier = cells.text(f, c.carrier);
      // 门店自提: the buyer collects at the shop, never shipped.
      order.pickup = isPickupMethod(cells.text(f, c.shippingMethod));
      order.orderTotal = cells.money(f, c.total, line, 'CNY');
      return { line, orderId, order, item: null };
    };
  },
});

const TAOBAO_ITEMS = {
  orderId: ['订单编号'],
  title: ['标题', '宝贝标题'],
  price: ['价格'],
  quantity: ['购买数量'],
  sku: ['商家编码', '外部系统编号'],
  variant: ['商品属性', '套餐信息'],
  status: ['订单状态'],
};

export const taobaoItems = defineFormat({
  id: 'taobao-items',
  linesShipTogether: () => true,
  label: 'Taobao/Tmall item list (ExportOrderDetailList)',
  main: { order_id: TAOBAO_ITEMS.orderId, sku: TAOBAO_ITEMS.sku, quantity: TAOBAO_ITEMS.quantity },
  kind: 'orders',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  where: '千牛卖家中心 › 交易 › 已卖出的宝贝 › 批量导出 › 宝贝报表 (ExportOrderDetailList….csv)',
  companion: { formatId: 'taobao', file: 'ExportOrderList….csv (订单报表)', adds: "each order's payment time, buyer and phone" },
  groupColumn: (h) => h.find('订单编号'),
  recognise: (h) => (h.has('订单编号') && h.has('购买数量') && (h.has('标题') || h.has('商家编码')) && !h.has('买家会员名') ? 100 : 0),
  missing: (h) => missingRoles(h, TAOBAO_ITEMS, ['orderId', 'quantity']),
  bind(h, cells) {
    const c = columnsOf(h, TAOBAO_ITEMS);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const order = chineseOrder('taobao');
      const standing = taobaoStanding(cells.text(f, c.status));
      const quantity = cells.int(f, c.quantity, line);
      // A closed item (refunded before shipping) no longer needs stock.
      if (quantity === null || quantity === 0 || standing?.cancelled) return { line, orderId, order, item: null };
      return {
        line,
        orderId,
        order,
        item: {
          sku: cells.id(f, c.sku),
          title: cells.text(f, c.title),
          variant: cells.text(f, c.variant),
          quantity,
          unitPrice: cells.money(f, c.price, line, 'CNY'),
          fulfilledQuantity: standing?.shipped ? quantity : 0,
          requiresShipping: true,
        },
      };
    };
  },
});

// 订单状态 and 售后状态 texts.
function pinduoduoStanding(status: string | null, afterSale: string | null): Standing {
  const s = statusKey(status);
  const refunded = /退款成功|已取消|已关闭/.test(s) || /退款成功/.test(statusKey(afterSale));
  if (refunded) return { paid: true, shipped: /已发货/.test(s) && !/未发货/.test(s), cancelled: true };
  if (/待支付|未支付/.test(s)) return { paid: false, shipped: false, cancelled: false };
  if (/已发货|已签收|已收货/.test(s) && !/未发货/.test(s)) return { paid: true, shipped: true, cancelled: false };
  return { paid: true, shipped: false, cancelled: false };
}

const PINDUODUO = {
  orderId: ['订单号'],
  title: ['商品'],
  status: ['订单状态'],
  quantity: ['商品数量(件)', '商品数量'],
  paid: ['支付时间'],
  shipBy: ['承诺发货时间'],
  shipped: ['发货时间'],
  variant: ['商品规格'],
  sku: ['商家编码-规格维度', '商家编码-商品维度', '商家编码'],
  afterSale: ['售后状态'],
  placed: ['订单成交时间'],
  itemsTotal: ['商品总价(元)'],
  total: ['用户实付金额(元)'],
  tracking: ['快递单号'],
  carrier: ['快递公司'],
  selfPickup: ['是否门店自提'],
};

/** 是否门店自提 (the API's self_contained, 1 or 0): 是 or 1 when the buyer collects the order at the store. */
function pinduoduoSelfPickup(v: string | null): boolean | null {
  if (v === null) return null;
  return /^(是|1|yes|true)$/i.test(v.trim());
}

export const pinduoduoOrders = defineFormat({
  id: 'pinduoduo',
  linesShipTogether: () => true,
  label: 'Pinduoduo order export',
  main: { order_id: PINDUODUO.orderId, sku: PINDUODUO.sku, quantity: PINDUODUO.quantity, paid_at: PINDUODUO.paid, shipped_at: PINDUODUO.shipped },
  kind: 'orders',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  where: '拼多多商家后台 › 订单 › 订单查询 › 批量导出 (then 下载 from 导出记录)',
  groupColumn: (h) => h.find('订单号'),
  recognise: (h) => (h.has('订单号') && (h.has('承诺发货时间') || h.find(...PINDUODUO.quantity) >= 0) && !h.has('买家会员名') ? 100 : 0),
  missing: (h) => missingRoles(h, PINDUODUO, ['orderId', 'quantity', 'paid']),
  bind(h, cells) {
    const c = columnsOf(h, PINDUODUO);
    return (f, line) => {
      const orderId = cells.requiredId(f, c.orderId, line);
      const standing = pinduoduoStanding(cells.text(f, c.status), cells.text(f, c.afterSale));
      const order = chineseOrder('pinduoduo');
      const paidAt = cells.date(f, c.paid, line);
      order.placedAt = cells.date(f, c.placed, line) ?? paidAt;
      order.paidAt = standing.paid ? paidAt : null;
      order.cancelled = standing.cancelled;
      order.shipBy = cells.deadline(f, c.shipBy, line);
      order.shippedAt = cells.date(f, c.shipped, line);
      order.trackingNumber = cells.id(f, c.tracking);
      order.carrier = cells.text(f, c.carrier);
      order.orderTotal = cells.money(f, c.total, line, 'CNY');
      // Collected at the shop's store: it never ships, so it is never late.
      order.pickup = pinduoduoSelfPickup(cells.text(f, c.selfPickup));
      const quantity = cells.int(f, c.quantity, line);
      if (quantity === null || quantity === 0) return { line, orderId, order, item: null };
      const itemsTotal = cells.money(f, c.itemsTotal, line, 'CNY');
      return {
        line,
        orderId,
        order,
        item: {
          sku: cells.id(f, c.sku),
          title: cells.text(f, c.title),
          variant: cells.text(f, c.variant),
          quantity,
          unitPrice: itemsTotal === null ? null : Math.round(itemsTotal / quantity),
          // 商品总价 is the line's: a unit price rounded to the fen cannot give it back.
          lineTotal: itemsTotal,
          fulfilledQuantity: standing.shipped ? quantity : 0,
          requiresShipping: true,
        },
      };
    };
  },
});
