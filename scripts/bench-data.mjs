/**
 * Deterministic shop data for `npm run bench`: a Shopify orders export (the
 * real 79-column header, multi-line orders whose continuation rows carry only
 * Name, Email, Created at and the Lineitem columns, ~15 % of rows with a quoted
 * field), a Shopify inventory export and a generic tracking file. The same seed
 * gives byte-identical files on every machine, so runs can be compared.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const BENCH_NOW = '2026-11-22T10:00:00+08:00';
const NOW_MS = Date.parse(BENCH_NOW);
const DAY = 86_400_000;
export const SKU_COUNT = 5000;

const HEADER = [
  'Name', 'Email', 'Financial Status', 'Paid at', 'Fulfillment Status', 'Fulfilled at', 'Accepts Marketing', 'Currency', 'Subtotal', 'Shipping', 'Taxes', 'Total',
  'Discount Code', 'Discount Amount', 'Shipping Method', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem compare at price', 'Lineitem sku',
  'Lineitem requires shipping', 'Lineitem taxable', 'Lineitem fulfillment status', 'Billing Name', 'Billing Street', 'Billing Address1', 'Billing Address2', 'Billing Company',
  'Billing City', 'Billing Zip', 'Billing Province', 'Billing Country', 'Billing Phone', 'Shipping Name', 'Shipping Street', 'Shipping Address1', 'Shipping Address2',
  'Shipping Company', 'Shipping City', 'Shipping Zip', 'Shipping Province', 'Shipping Country', 'Shipping Phone', 'Notes', 'Note Attributes', 'Cancelled at',
  'Payment Method', 'Payment Reference', 'Refunded Amount', 'Vendor', 'Outstanding Balance', 'Employee', 'Location', 'Device ID', 'Id', 'Tags', 'Risk Level', 'Source',
  'Lineitem discount', 'Tax 1 Name', 'Tax 1 Value', 'Tax 2 Name', 'Tax 2 Value', 'Tax 3 Name', 'Tax 3 Value', 'Tax 4 Name', 'Tax 4 Value', 'Tax 5 Name', 'Tax 5 Value',
  'Phone', 'Receipt Number', 'Duties', 'Billing Province Name', 'Shipping Province Name', 'Payment ID', 'Payment Terms Name', 'Next Payment Due At', 'Payment References',
];
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

/** mulberry32: small, fast, and the same everywhere. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ['Wang', 'Li', 'Zhang', 'Tanaka', 'Suzuki', 'Smith', 'Garcia', 'Müller', '王', '佐藤'];
const GIVEN = ['Wei', 'Fang', 'Yuki', 'Hana', 'Anna', 'James', 'Lucía', 'Jonas', '小明', '花子'];
const CITIES = [['Shanghai', 'SH', 'CN'], ['Hangzhou', 'ZJ', 'CN'], ['Tokyo', '13', 'JP'], ['Osaka', '27', 'JP'], ['Portland', 'OR', 'US']];
const ITEMS = ['Oolong Tea 100g', 'Jasmine Pearls', 'Matcha Tin', 'Tea Cup', 'Gaiwan', 'Travel Kettle', 'Puer Cake', 'Sencha 200g'];

export const skuOf = (n) => `JL-${String(n).padStart(5, '0')}`;
const pad = (n) => String(n).padStart(2, '0');
/** Shopify's `2026-05-11 09:55:16 +0800`, in the shop's +08:00. */
function shopifyTime(ms) {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0800`;
}
const csvCell = (v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const money = (cents) => (cents / 100).toFixed(2);

/** Orders of the last three days are not shipped yet; a shop ships within two. */
const OPEN_SHARE = 3 / 365;

/**
 * A bad season (`--open-share`): that share of all orders, spread over the year, was never
 * shipped, so each is past its ship-by (late) and, on the SKUs the inventory runs short of,
 * oversold too. Picked by the order's number alone, so the orders and the tracking files
 * agree without sharing a random stream, and a share of 0 leaves the files as they were.
 */
export function isStuck(i, openShare) {
  return openShare > 0 && rng(0x5bd1e995 ^ Math.imul(i + 1, 0x9e3779b1))() < openShare;
}
/** The tracking export covers the parcels of the last sixty days. */
const TRACKED_SHARE = 60 / 365;

/**
 * One order: `open` orders are paid and unshipped (the newest three days of
 * the year); the rest were fulfilled, except a few refunded or awaiting payment.
 */
function makeOrder(i, count, r, openShare = 0) {
  const placed = NOW_MS - 365 * DAY + Math.floor(Math.min(i / count, 1) * 365 * DAY) - 3600_000;
  const lineCount = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4][Math.floor(r() * 10)];
  const lines = [];
  for (let l = 0; l < lineCount; l++) {
    // Popular SKUs sell far more often: squaring a uniform draw skews towards the low numbers.
    const sku = 1 + Math.floor(r() * r() * SKU_COUNT);
    const quoted = r() < 0.05;
    lines.push({
      sku,
      qty: 1 + Math.floor(r() * r() * 3),
      price: 500 + ((sku * 37) % 300) * 100,
      name: `${ITEMS[sku % ITEMS.length]}${quoted ? ' "Gift"' : ''} - ${skuOf(sku)}`,
    });
  }
  const open = i >= count * (1 - OPEN_SHARE) || isStuck(i, openShare);
  const roll = r();
  const financial = roll < 0.01 ? 'pending' : roll < 0.02 ? 'refunded' : 'paid';
  const familyName = FAMILY[Math.floor(r() * FAMILY.length)];
  const givenName = GIVEN[Math.floor(r() * GIVEN.length)];
  const [city, province, country] = CITIES[Math.floor(r() * CITIES.length)];
  return {
    name: `#${100000 + i}`,
    email: `customer${i}@example.com`,
    placed,
    financial,
    fulfilled: !open && financial === 'paid',
    lines,
    // About one customer in ten is written "Family, Given" (a quoted comma).
    customer: r() < 0.1 ? `${familyName}, ${givenName}` : `${givenName} ${familyName}`,
    city,
    province,
    country,
    phone: `+86 138${String(10000000 + ((i * 7919) % 89999999)).slice(0, 8)}`,
    tags: r() < 0.05 ? 'VIP, repeat' : r() < 0.2 ? 'repeat' : '',
    id: 5_000_000_000_000 + i,
  };
}

function orderRows(o) {
  const rows = [];
  const total = o.lines.reduce((s, l) => s + l.price * l.qty, 0);
  o.lines.forEach((l, n) => {
    const f = new Array(HEADER.length).fill('');
    f[COL.Name] = o.name;
    f[COL.Email] = o.email;
    f[COL['Created at']] = shopifyTime(o.placed);
    f[COL['Lineitem quantity']] = String(l.qty);
    f[COL['Lineitem name']] = l.name;
    f[COL['Lineitem price']] = money(l.price);
    f[COL['Lineitem sku']] = skuOf(l.sku);
    f[COL['Lineitem requires shipping']] = 'true';
    f[COL['Lineitem taxable']] = 'true';
    f[COL['Lineitem fulfillment status']] = o.fulfilled ? 'fulfilled' : 'pending';
    if (n === 0) {
      f[COL['Financial Status']] = o.financial;
      f[COL['Paid at']] = o.financial === 'pending' ? '' : shopifyTime(o.placed + 60_000);
      f[COL['Fulfillment Status']] = o.fulfilled ? 'fulfilled' : 'unfulfilled';
      f[COL['Fulfilled at']] = o.fulfilled ? shopifyTime(o.placed + 30 * 3600_000) : '';
      f[COL['Accepts Marketing']] = 'no';
      f[COL.Currency] = 'CNY';
      f[COL.Subtotal] = money(total);
      f[COL.Shipping] = '0.00';
      f[COL.Taxes] = '0.00';
      f[COL.Total] = money(total);
      f[COL['Discount Amount']] = '0.00';
      f[COL['Shipping Method']] = 'Standard';
      for (const side of ['Billing', 'Shipping']) {
        f[COL[`${side} Name`]] = o.customer;
        f[COL[`${side} Street`]] = `${(o.id % 900) + 1} Tea Road`;
        f[COL[`${side} Address1`]] = `${(o.id % 900) + 1} Tea Road`;
        f[COL[`${side} City`]] = o.city;
        f[COL[`${side} Zip`]] = String(100000 + (o.id % 899999));
        f[COL[`${side} Province`]] = o.province;
        f[COL[`${side} Country`]] = o.country;
        f[COL[`${side} Phone`]] = o.phone;
      }
      f[COL['Cancelled at']] = o.financial === 'refunded' ? shopifyTime(o.placed + 2 * 3600_000) : '';
      // Awaiting payment is a bank deposit not yet received: a pending card payment is owed its parcel (docs/formats.md).
      f[COL['Payment Method']] = o.financial === 'pending' ? 'Bank Deposit' : 'Shopify Payments';
      f[COL['Refunded Amount']] = o.financial === 'refunded' ? money(total) : '0.00';
      f[COL['Outstanding Balance']] = '0.00';
      f[COL.Id] = String(o.id);
      f[COL.Tags] = o.tags;
      f[COL['Risk Level']] = 'Low';
      f[COL.Source] = 'web';
      f[COL.Phone] = o.phone;
    }
    rows.push(f.map(csvCell).join(','));
  });
  return rows;
}

/** Shops whose last export shipped some open orders: `changed` of the orders, spread over the file, are now fulfilled or tagged. */
function applyChange(o, r) {
  if (!o.fulfilled && o.financial === 'paid') o.fulfilled = true;
  else o.tags = o.tags ? `${o.tags}, checked` : 'checked';
  void r;
}

async function writeLines(path, produce) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = '';
  const push = async (line) => {
    buf += `${line}\n`;
    if (buf.length >= 1 << 19) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  };
  await produce(push);
  out.end(buf);
  await once(out, 'finish');
}

/**
 * Writes `rows` line-item rows (the last order may stop one short of a full
 * order). Returns the open demand per SKU, which the inventory is built from.
 */
export async function writeOrders(path, { rows, seed = 42, changed = 0, openShare = 0 }) {
  // The order count that gives `rows` lines: lines per order average 2.
  const count = Math.round(rows / 2);
  const r = rng(seed);
  const pick = rng(seed + 1);
  const demand = new Map();
  const openOrders = [];
  let written = 0;
  let orders = 0;
  await writeLines(path, async (push) => {
    await push(HEADER.map(csvCell).join(','));
    for (let i = 0; written < rows; i++) {
      const o = makeOrder(i, count, r, openShare);
      if (changed > 0 && pick() < changed) applyChange(o, r);
      if (!o.fulfilled && o.financial === 'paid') {
        for (const l of o.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.qty);
        openOrders.push(o);
      }
      const lines = orderRows(o).slice(0, rows - written);
      for (const line of lines) await push(line);
      written += lines.length;
      orders++;
    }
  });
  return { rows: written, orders, demand, openOrders };
}

/**
 * Shopify inventory export: one in twenty SKUs is oversold (Available below zero), some have
 * stock incoming. A bad season (`--open-share`) runs out of more: `oversoldShare` of the SKUs,
 * each short of up to `shortfall` of what its open orders want.
 */
export async function writeInventory(path, demand, seed = 7, { oversoldShare = 0.05, shortfall = 0.5 } = {}) {
  const r = rng(seed);
  await writeLines(path, async (push) => {
    await push('Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Incoming,Unavailable,Committed,Available,On hand');
    for (let n = 1; n <= SKU_COUNT; n++) {
      const committed = demand.get(n) ?? 0;
      const oversold = committed > 0 && r() < oversoldShare;
      const available = oversold ? -Math.max(1, Math.floor(committed * r() * shortfall)) : Math.floor(r() * 40);
      const incoming = r() < 0.3 ? 20 : 0;
      await push(`jl-${n},${ITEMS[n % ITEMS.length]},Size,Standard,,,,,${skuOf(n)},,,Warehouse,${incoming},0,${committed},${available},${committed + available}`);
    }
  });
}

/** Generic tracking file: parcels of the last sixty days; most delivered, one in fifty stalled. */
export async function writeTracking(path, { rows, seed = 42, openShare = 0 }) {
  const count = Math.round(rows / 2);
  const r = rng(seed);
  await writeLines(path, async (push) => {
    await push('tracking_number,order_id,carrier,status,last_event_at,last_event,delivered_at');
    const first = Math.floor(count * (1 - TRACKED_SHARE));
    const last = Math.floor(count * (1 - OPEN_SHARE));
    for (let i = first; i < last; i++) {
      const stalled = r() < 0.02;
      // A stuck order never shipped, so it has no parcel.
      if (isStuck(i, openShare)) continue;
      const placed = NOW_MS - 365 * DAY + Math.floor(Math.min(i / count, 1) * 365 * DAY) - 3600_000;
      const shipped = placed + 30 * 3600_000;
      const lastEvent = stalled ? shipped + 6 * 3600_000 : Math.min(NOW_MS - 3600_000, shipped + 2 * DAY);
      const delivered = !stalled && lastEvent < NOW_MS - DAY;
      const iso = new Date(lastEvent).toISOString();
      await push(`SF${String(1e11 + i)},#${100000 + i},SF Express,${delivered ? 'Delivered' : 'InTransit'},${iso},${delivered ? 'Delivered' : 'Departed sorting centre'},${delivered ? iso : ''}`);
    }
  });
}

export const BENCH_CONFIG = {
  shop: { name: 'Bench Tea House', timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY' },
  outbox: 'outbox',
};
