/**
 * Shop settings: every default comes from the shop playbook (docs/domain.md) and
 * the key names are part of the command-line contract (README, "Configuration"). Validation is pure: it returns the typed
 * config plus every problem found, so the operator fixes the file in one go.
 */
import { isValidCurrency } from './money.js';
import { DATE_ORDERS, isValidTimeZone, parseDateTime, type DateOrder } from './time.js';
import { carrierFamily, CARRIER_FAMILIES, type ClockHours } from './carriers.js';

/** Customer languages: `zh` is Simplified Chinese (mainland), `zh-Hant` Traditional Chinese as Taiwan writes it. */
export const LANGUAGES = ['zh', 'zh-Hant', 'ja', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A language named on the command line or in the config, in any letter case (`zh-hant`); null when it is none of ours. */
export function parseLang(value: string): Lang | null {
  const v = value.trim().toLowerCase();
  return LANGUAGES.find((l) => l.toLowerCase() === v) ?? null;
}
export const CHANNELS = ['sms', 'chat', 'email', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface CouponTier {
  min_order_total: number;
  amount: number;
}

export interface Config {
  /**
   * `email`: the From and Reply-To of .eml drafts (without it, emails are written as .txt drafts);
   * `phone`: the number customers call back (phone scripts, signatures); `staff`: who signs.
   */
  shop: { name: string; timezone: string; language: Lang; currency: string; email: string | null; phone: string | null; staff: string | null; country: string | null };
  contact_within_hours: number;
  promo: {
    /** Force the promo window on regardless of dates (during an unplanned rush). */
    active: boolean;
    contact_within_hours: number;
    periods: { from: string; to: string }[];
  };
  handling_hours: number;
  /** Per sales channel (e.g. `{"aliexpress": 72}`); the order's `channel` picks it. */
  handling_hours_by_channel: Record<string, number>;
  ship_at_risk_hours: number;
  /** Whether a delay notice may go out before the ship-by time has passed, worded as "may ship late" (never "missed"). */
  at_risk_notices: boolean;
  /** No parcel is called stalled before this much silence, whatever its clock (exceptions aside). */
  stall_hours: number;
  /** The stall clocks' thresholds (stall-clocks.ts): general overrides, then per carrier family. */
  stall_clocks: Partial<ClockHours> & { carriers: Record<string, Partial<ClockHours>> };
  lost_after_days: number;
  /** Days to file a carrier claim, by carrier family, where the built-in windows (money-rules.ts) lack one or differ. */
  claim_windows: Record<string, number>;
  /** Shipped orders older than this are history: trackers stop following them (AfterShip, 17TRACK: 30–60 days). */
  tracking_horizon_days: number;
  /** Out-of-stock orders should hear from the shop within this many hours of payment (playbook §1). */
  oversold_notice_hours: number;
  wait_max_days: number;
  low_stock_threshold: number;
  coupon: { validity_days: number; vip_tags: string[]; vip_extra: number; tiers: CouponTier[] };
  quiet_hours: { start: string; end: string };
  outbox: string;
  templates: string | null;
  /**
   * A customised export's own column names for the generic ones, e.g.
   * `{"order_id": "Bestellnr", "sku": "Artikelnummer"}`: such a file is read as the generic format.
   */
  columns: Record<string, string>;
  /** How the shop's files write all-number days when a file's own dates do not tell (`auto`: ask). */
  date_order: 'auto' | DateOrder;
}

/** The column names of the contract's (docs/cli.md) generic format, every kind of file. */
export const GENERIC_COLUMN_NAMES = [
  'order_id', 'placed_at', 'paid_at', 'status', 'customer_name', 'email', 'phone', 'language', 'country', 'channel',
  'ship_by', 'shipped_at', 'carrier', 'tracking_number', 'currency', 'order_total', 'payment_method', 'tags', 'shipping_method', 'sku',
  'title', 'variant', 'quantity', 'unit_price', 'line_total', 'fulfilled_quantity', 'on_hand', 'available', 'unavailable', 'incoming',
  'restock_date', 'last_event_at', 'last_event', 'delivered_at', 'substitute_sku', 'note', 'expected_at', 'expected_date',
  'supplier', 'po_number',
];

export const DEFAULT_CONFIG: Config = {
  shop: { name: 'My Shop', timezone: 'Asia/Shanghai', language: 'zh', currency: 'CNY', email: null, phone: null, staff: null, country: null },
  contact_within_hours: 2,
  promo: { active: false, contact_within_hours: 4, periods: [] },
  handling_hours: 48,
  handling_hours_by_channel: {},
  ship_at_risk_hours: 12,
  at_risk_notices: true,
  stall_hours: 24,
  stall_clocks: { carriers: {} },
  lost_after_days: 7,
  claim_windows: {},
  tracking_horizon_days: 60,
  oversold_notice_hours: 12,
  wait_max_days: 7,
  low_stock_threshold: 5,
  coupon: {
    validity_days: 15,
    vip_tags: ['VIP'],
    vip_extra: 5,
    tiers: [
      { min_order_total: 0, amount: 5 },
      { min_order_total: 100, amount: 15 },
      { min_order_total: 300, amount: 20 },
    ],
  },
  quiet_hours: { start: '21:00', end: '09:00' },
  outbox: './outbox',
  templates: null,
  columns: {},
  date_order: 'auto',
};

/**
 * The playbook's coupon tiers (5/15/20 yuan from orders of 0/100/300) in other currencies, at
 * amounts a shop there would give: a "5" coupon is an apology in yuan and an insult in yen. A
 * currency not listed has no default policy: the owner sets coupon.tiers, or the operator --coupon.
 */
const COUPON_POLICIES: Record<string, { tiers: CouponTier[]; vip_extra: number }> = {
  CNY: { tiers: DEFAULT_CONFIG.coupon.tiers, vip_extra: DEFAULT_CONFIG.coupon.vip_extra },
  JPY: { tiers: [{ min_order_total: 0, amount: 100 }, { min_order_total: 2000, amount: 300 }, { min_order_total: 6000, amount: 500 }], vip_extra: 100 },
  TWD: { tiers: [{ min_order_total: 0, amount: 30 }, { min_order_total: 500, amount: 60 }, { min_order_total: 1500, amount: 100 }], vip_extra: 30 },
  HKD: { tiers: [{ min_order_total: 0, amount: 10 }, { min_order_total: 150, amount: 20 }, { min_order_total: 400, amount: 30 }], vip_extra: 10 },
  KRW: { tiers: [{ min_order_total: 0, amount: 1000 }, { min_order_total: 20000, amount: 3000 }, { min_order_total: 60000, amount: 5000 }], vip_extra: 1000 },
  ...Object.fromEntries(
    ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'SGD', 'CHF'].map((c) => [
      c,
      { tiers: [{ min_order_total: 0, amount: 3 }, { min_order_total: 20, amount: 5 }, { min_order_total: 60, amount: 10 }], vip_extra: 2 },
    ]),
  ),
};

/** The coupon policy a shop in `currency` starts from (none for a currency oos has no amounts for). */
export function defaultCouponPolicy(currency: string): { tiers: CouponTier[]; vip_extra: number } {
  return structuredClone(COUPON_POLICIES[currency.toUpperCase()] ?? { tiers: [], vip_extra: 0 });
}

/** What `oos init` writes: every key with its default, and an example promo period. */
export function starterConfig(currency = DEFAULT_CONFIG.shop.currency): Config {
  const defaults = structuredClone(DEFAULT_CONFIG);
  return {
    ...defaults,
    shop: { ...defaults.shop, currency },
    coupon: { ...defaults.coupon, ...defaultCouponPolicy(currency) },
    promo: {
      active: false,
      contact_within_hours: 4,
      periods: [{ from: '2026-11-10T00:00', to: '2026-11-13T00:00' }],
    },
  };
}

type Raw = Record<string, unknown>;

/**
 * Keys the config does not know, each with the nearest known one: a misspelt key
 * ("contact_within_hour") silently ignored would leave the default in force while the
 * owner believes otherwise. Keys starting with "_" are the owner's comments.
 */
function unknownKeys(prefix: string, raw: Raw, known: object): string[] {
  const names = Object.keys(known);
  return Object.keys(raw)
    .filter((k) => !names.includes(k) && !k.startsWith('_'))
    .map((k) => {
      const near = nearest(k, names);
      return `${prefix}${k} is not a setting oos knows: ${near ? `did you mean ${prefix}${near}?` : `the settings here are ${names.map((n) => prefix + n).join(', ')}`}`;
    });
}

function nearest(word: string, names: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(3, Math.floor(word.length / 3)) + 1;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateConfig(raw: unknown): { config: Config; problems: string[] } {
  const problems: string[] = [];
  const config = structuredClone(DEFAULT_CONFIG);
  if (!isObject(raw)) return { config, problems: ['the file must hold one JSON object ({ … })'] };
  problems.push(...unknownKeys('', raw, DEFAULT_CONFIG));
  for (const part of ['shop', 'promo', 'coupon', 'quiet_hours'] as const) {
    if (isObject(raw[part])) problems.push(...unknownKeys(`${part}.`, raw[part], DEFAULT_CONFIG[part]));
  }

  const num = (path: string, v: unknown, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      problems.push(`${path} must be a number from ${min} to ${max} (found ${JSON.stringify(v)})`);
      return undefined;
    }
    return v;
  };
  const str = (path: string, v: unknown): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${path} must be a non-empty text (found ${JSON.stringify(v)})`);
      return undefined;
    }
    return v;
  };
  const obj = (path: string, v: unknown): Raw | undefined => {
    if (v === undefined) return undefined;
    if (!isObject(v)) {
      problems.push(`${path} must be an object ({ … })`);
      return undefined;
    }
    return v;
  };

  const shop = obj('shop', raw.shop);
  if (shop) {
    config.shop.name = str('shop.name', shop.name) ?? config.shop.name;
    const tz = str('shop.timezone', shop.timezone);
    if (tz !== undefined) {
      if (isValidTimeZone(tz)) config.shop.timezone = tz;
      else problems.push(`shop.timezone "${tz}" is not a known timezone (use a name like "Asia/Shanghai", "Asia/Tokyo", "America/New_York")`);
    }
    const lang = str('shop.language', shop.language);
    if (lang !== undefined) {
      const known = parseLang(lang);
      if (known) config.shop.language = known;
      else problems.push(`shop.language must be one of ${LANGUAGES.join(', ')} (found "${lang}")`);
    }
    if (shop.email !== undefined && shop.email !== null) {
      const email = str('shop.email', shop.email);
      if (email !== undefined) {
        if (/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(email)) config.shop.email = email;
        else problems.push(`shop.email must be an address like help@example.com (found "${email}")`);
      }
    }
    if (shop.phone !== undefined && shop.phone !== null) {
      const phone = str('shop.phone', shop.phone);
      if (phone !== undefined) {
        if (/^\+?[0-9][0-9 ()./-]{4,24}$/.test(phone.trim())) config.shop.phone = phone.trim();
        else problems.push(`shop.phone must be a phone number like +86 571 8888 0000 or 03-1234-5678 (found "${phone}")`);
      }
    }
    if (shop.staff !== undefined && shop.staff !== null) {
      const staff = str('shop.staff', shop.staff);
      if (staff !== undefined && staff.trim()) config.shop.staff = staff.trim();
    }
    if (shop.country !== undefined && shop.country !== null) {
      const country = str('shop.country', shop.country);
      if (country !== undefined) {
        if (/^[A-Za-z]{2}$/.test(country)) config.shop.country = country.toUpperCase();
        else problems.push(`shop.country must be a 2-letter country code like CN, JP, US (found "${country}")`);
      }
    }
    const cur = str('shop.currency', shop.currency);
    if (cur !== undefined) {
      if (isValidCurrency(cur)) config.shop.currency = cur.toUpperCase();
      else problems.push(`shop.currency must be a 3-letter currency code like CNY, JPY, USD (found "${cur}")`);
    }
  }

  const hours = (key: keyof Config & string, max = 24 * 90) => {
    const v = num(key, raw[key], 0, max);
    if (v !== undefined) (config as unknown as Raw)[key] = v;
  };
  hours('contact_within_hours', 24 * 7);
  hours('handling_hours');
  hours('ship_at_risk_hours');
  hours('stall_hours');
  hours('oversold_notice_hours');
  const days = (key: keyof Config & string) => {
    const v = num(key, raw[key], 1, 365);
    if (v !== undefined) (config as unknown as Raw)[key] = v;
  };
  days('lost_after_days');
  days('tracking_horizon_days');
  days('wait_max_days');
  if (raw.at_risk_notices !== undefined) {
    if (typeof raw.at_risk_notices === 'boolean') config.at_risk_notices = raw.at_risk_notices;
    else problems.push('at_risk_notices must be true or false');
  }
  const low = num('low_stock_threshold', raw.low_stock_threshold, 0, 1_000_000);
  if (low !== undefined) config.low_stock_threshold = low;

  const byChannel = obj('handling_hours_by_channel', raw.handling_hours_by_channel);
  if (byChannel) {
    for (const [ch, v] of Object.entries(byChannel)) {
      const n = num(`handling_hours_by_channel.${ch}`, v, 0, 24 * 90);
      if (n !== undefined) config.handling_hours_by_channel[ch.toLowerCase()] = n;
    }
  }

  const clocks = obj('stall_clocks', raw.stall_clocks);
  if (clocks) {
    const hoursOf = (path: string, v: Raw): Partial<ClockHours> => {
      const out: Partial<ClockHours> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === 'sunday_scans') {
          if (typeof x === 'boolean') out.sunday_scans = x;
          else problems.push(`${path}.sunday_scans must be true or false`);
        } else if (k === 'no_first_scan_hours' || k === 'domestic_hours' || k === 'international_hours' || k === 'customs_hours') {
          const n = num(`${path}.${k}`, x, 1, 24 * 90);
          if (n !== undefined) out[k] = n;
        } else if (k !== 'carriers') problems.push(`${path}.${k} is not a stall clock setting (use no_first_scan_hours, domestic_hours, international_hours, customs_hours, sunday_scans)`);
      }
      return out;
    };
    Object.assign(config.stall_clocks, hoursOf('stall_clocks', clocks));
    const carriers = obj('stall_clocks.carriers', clocks.carriers);
    for (const [name, v] of Object.entries(carriers ?? {})) {
      const path = `stall_clocks.carriers.${name}`;
      const family = CARRIER_FAMILIES.some((f) => f.id === name) ? name : carrierFamily(name);
      if (!isObject(v)) problems.push(`${path} must be an object ({ … })`);
      else config.stall_clocks.carriers[family] = { ...config.stall_clocks.carriers[family], ...hoursOf(path, v) };
    }
  }

  const windows = obj('claim_windows', raw.claim_windows);
  for (const [name, v] of Object.entries(windows ?? {})) {
    const n = num(`claim_windows.${name}`, v, 1, 3 * 365);
    if (n !== undefined) config.claim_windows[CARRIER_FAMILIES.some((f) => f.id === name) ? name : carrierFamily(name)] = n;
  }

  const promo = obj('promo', raw.promo);
  if (promo) {
    if (promo.active !== undefined) {
      if (typeof promo.active === 'boolean') config.promo.active = promo.active;
      else problems.push('promo.active must be true or false');
    }
    config.promo.contact_within_hours =
      num('promo.contact_within_hours', promo.contact_within_hours, 0, 24 * 7) ?? config.promo.contact_within_hours;
    if (promo.periods !== undefined) {
      if (!Array.isArray(promo.periods)) problems.push('promo.periods must be a list of { "from": …, "to": … }');
      else
        promo.periods.forEach((p, i) => {
          const path = `promo.periods[${i}]`;
          if (!isObject(p) || typeof p.from !== 'string' || typeof p.to !== 'string') {
            problems.push(`${path} must look like { "from": "2026-11-10T00:00", "to": "2026-11-13T00:00" }`);
            return;
          }
          const from = parseDateTime(p.from, config.shop.timezone);
          const to = parseDateTime(p.to, config.shop.timezone);
          if (from === null) problems.push(`${path}.from "${p.from}" is not a date (use 2026-11-10T00:00)`);
          if (to === null) problems.push(`${path}.to "${p.to}" is not a date (use 2026-11-13T00:00)`);
          if (from !== null && to !== null && to <= from) problems.push(`${path} ends before it starts`);
          config.promo.periods.push({ from: p.from, to: p.to });
        });
    }
  }

  // Tiers and the VIP extra not given are the shop currency's defaults, not the yuan ones.
  Object.assign(config.coupon, defaultCouponPolicy(config.shop.currency));
  const coupon = obj('coupon', raw.coupon);
  if (coupon) {
    // The playbook calls a 3-day coupon a mistake; 15 days is its example.
    config.coupon.validity_days = num('coupon.validity_days', coupon.validity_days, 15, 365) ?? config.coupon.validity_days;
    config.coupon.vip_extra = num('coupon.vip_extra', coupon.vip_extra, 0, 1_000_000) ?? config.coupon.vip_extra;
    if (coupon.vip_tags !== undefined) {
      if (Array.isArray(coupon.vip_tags) && coupon.vip_tags.every((t) => typeof t === 'string')) config.coupon.vip_tags = coupon.vip_tags as string[];
      else problems.push('coupon.vip_tags must be a list of texts, e.g. ["VIP"]');
    }
    if (coupon.tiers !== undefined) {
      if (!Array.isArray(coupon.tiers) || coupon.tiers.length === 0) problems.push('coupon.tiers must be a non-empty list of { "min_order_total": …, "amount": … }');
      else {
        const tiers: CouponTier[] = [];
        coupon.tiers.forEach((t, i) => {
          if (!isObject(t)) return problems.push(`coupon.tiers[${i}] must be an object`);
          const min = num(`coupon.tiers[${i}].min_order_total`, t.min_order_total ?? 0, 0, 1e12);
          const amount = num(`coupon.tiers[${i}].amount`, t.amount, 0, 1e9);
          if (min !== undefined && amount !== undefined) tiers.push({ min_order_total: min, amount });
        });
        config.coupon.tiers = tiers.sort((a, b) => a.min_order_total - b.min_order_total);
      }
    }
  }

  const quiet = obj('quiet_hours', raw.quiet_hours);
  if (quiet) {
    for (const k of ['start', 'end'] as const) {
      const v = quiet[k];
      if (v === undefined) continue;
      if (typeof v === 'string' && /^([01]?\d|2[0-3]):[0-5]\d$/.test(v)) config.quiet_hours[k] = v;
      else problems.push(`quiet_hours.${k} must be a time like "21:00" (found ${JSON.stringify(v)})`);
    }
  }

  const columns = obj('columns', raw.columns);
  if (columns) {
    for (const [name, theirs] of Object.entries(columns)) {
      const key = name.trim().toLowerCase();
      if (!GENERIC_COLUMN_NAMES.includes(key)) problems.push(`columns.${name} is not a column of the generic format (use: ${GENERIC_COLUMN_NAMES.join(', ')})`);
      else if (typeof theirs !== 'string' || theirs.trim() === '') problems.push(`columns.${name} must be the column's name in your file, e.g. "Order No."`);
      else config.columns[key] = theirs;
    }
  }

  if (raw.date_order !== undefined) {
    const v = raw.date_order;
    if (v === 'auto' || (typeof v === 'string' && (DATE_ORDERS as string[]).includes(v))) config.date_order = v as Config['date_order'];
    else problems.push(`date_order must be "auto", "dmy" (31/12/2026), "mdy" (12/31/2026) or "ymd" (found ${JSON.stringify(v)})`);
  }

  config.outbox = str('outbox', raw.outbox) ?? config.outbox;
  if (raw.templates !== undefined && raw.templates !== null) config.templates = str('templates', raw.templates) ?? null;
  return { config, problems };
}

/** The contact window in force at `now`: 2 h normally, 4 h during a big sale. */
export function contactWindowHours(config: Config, now: number): number {
  return isPromoActive(config, now) ? config.promo.contact_within_hours : config.contact_within_hours;
}

export function isPromoActive(config: Config, now: number): boolean {
  if (config.promo.active) return true;
  return config.promo.periods.some((p) => {
    const from = parseDateTime(p.from, config.shop.timezone);
    const to = parseDateTime(p.to, config.shop.timezone);
    return from !== null && to !== null && now >= from && now < to;
  });
}

export function handlingHoursFor(config: Config, channel: string | null): number {
  if (channel) {
    const h = config.handling_hours_by_channel[channel.toLowerCase()];
    if (h !== undefined) return h;
  }
  return config.handling_hours;
}

/** Told when an email was written as a text draft because shop.email is not set (outbox/deliver.ts). */
export const NO_SHOP_EMAIL =
  'shop.email is not set in the config, so email messages are written as .txt drafts (subject on the first line), not .eml: set "shop": { "email": "you@yourshop.example" } to get drafts your mail program opens ready to send';
