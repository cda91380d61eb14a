/**
 * How dates and money read in each customer language. Messages always name a
 * concrete calendar day (playbook §3: never "a few days"), in the shop's timezone.
 */
import type { Lang } from './config.js';
import { formatMoney } from './money.js';
import { wallClock, zonedToEpoch, DAY } from './time.js';
import { normaliseCountry } from './countries.js';

const WEEKDAY: Record<Lang, string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  'zh-Hant': ['週日', '週一', '週二', '週三', '週四', '週五', '週六'],
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
/** How far away a day of another year must be for its year to be written. */
const YEAR_SHOWN_FROM = 183 * DAY;
const MONTH_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * `11月26日（周四）`, `11月26日（週四）`, `11月26日（木）`, `Thursday 26 November`. The year only for a
 * day of another year more than half a year away: a coupon "valid until 4 January" read in December
 * is next January's to anyone, and the year (`2027年`) pushed December's Chinese SMS past two parts.
 */
export function formatDay(ms: number, lang: Lang, timeZone: string, now: number, region: string | null = null): string {
  const w = wallClock(ms, timeZone);
  const sameYear = wallClock(now, timeZone).year === w.year || Math.abs(ms - now) < YEAR_SHOWN_FROM;
  const wd = WEEKDAY[lang][w.weekday]!;
  if (lang === 'en' && monthFirst(region)) return `${wd}, ${MONTH_EN[w.month - 1]} ${w.day}${sameYear ? '' : `, ${w.year}`}`;
  if (lang === 'en') return `${wd} ${w.day} ${MONTH_EN[w.month - 1]}${sameYear ? '' : ` ${w.year}`}`;
  const year = sameYear ? '' : `${w.year}年`;
  return `${year}${w.month}月${w.day}日（${wd}）`;
}

/** `11月26日（周四）15:00` etc.: a day plus the local time (`Thursday, November 26, 3:00 PM` to an American). */
export function formatDayTime(ms: number, lang: Lang, timeZone: string, now: number, region: string | null = null): string {
  const w = wallClock(ms, timeZone);
  const mm = String(w.minute).padStart(2, '0');
  if (lang === 'en' && monthFirst(region)) return `${formatDay(ms, lang, timeZone, now, region)}, ${((w.hour + 11) % 12) + 1}:${mm} ${w.hour < 12 ? 'AM' : 'PM'}`;
  const hm = `${String(w.hour).padStart(2, '0')}:${mm}`;
  return lang === 'en' ? `${formatDay(ms, lang, timeZone, now)}, ${hm}` : `${formatDay(ms, lang, timeZone, now)}${hm}`;
}

/**
 * Where English puts the month first and tells the time by the 12-hour clock: the United States and
 * its territories. Elsewhere an English reader gets `Thursday 26 November, 15:00`.
 */
const MONTH_FIRST = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);
const monthFirst = (region: string | null) => region !== null && MONTH_FIRST.has(region);

/** Dollars written with their place's prefix rather than a three-letter code. */
const DOLLARS: Record<string, string> = { TWD: 'NT$', HKD: 'HK$', MOP: 'MOP$' };

/**
 * Money as the customer's language writes it. `¥` means yen to a Japanese reader and
 * yuan to a Chinese one, so whichever currency the reader would not assume is spelt out:
 * `1,280円` and `299元` (`299.50元`) in Japanese, `1,280日元` in Chinese, `CN¥299.00` in English.
 * A Taiwanese reader takes a bare `$` for New Taiwan dollars and `¥` for yen, so Traditional
 * Chinese spells out `US$12.50`, `人民幣299元` and `1,280日圓`. The Taiwan, Hong Kong and
 * Macau dollars read `NT$1,280`, `HK$128.50`, `MOP$128.50` in every language (never a bare
 * `TWD` code in Chinese text); NT$ amounts drop the `.00` nobody pays in, never other cents.
 */
export function formatPrice(minor: number, currency: string, lang: Lang): string {
  const code = currency.toUpperCase();
  // The operator's CN¥ is for telling yuan from yen in one list; a customer reads their own shop's ¥.
  const text = formatMoney(minor, code).replace('CN¥', '¥');
  const bare = () => text.replace('¥', '');
  const dollar = DOLLARS[code];
  const coded = /^(-?)(.+) [A-Z]{3}$/.exec(text);
  if (dollar && coded) return `${coded[1]}${dollar}${code === 'TWD' ? coded[2]!.replace(/\.00$/, '') : coded[2]}`;
  if (code === 'JPY' && lang === 'ja') return `${bare()}円`;
  // Yuan written after the number (Japanese, Taiwanese text) drop a whole amount's .00, as NT$ does: 305元, not 305.00元.
  const whole = () => bare().replace(/\.00$/, '');
  if (code === 'CNY' && lang === 'ja') return `${whole()}元`;
  if (code === 'JPY' && lang === 'zh') return `${bare()}日元`;
  if (code === 'CNY' && lang === 'en') return `CN${text}`;
  if (lang === 'zh-Hant') {
    if (code === 'JPY') return `${bare()}日圓`;
    if (code === 'CNY') return `${minor < 0 ? '-' : ''}人民幣${whole().replace('-', '')}元`;
    if (code === 'USD') return text.replace('$', 'US$');
  }
  return text;
}

/** Midnight-based day arithmetic in the shop timezone: the instant of `hh:mm` local, `days` days after `ms`'s day. */
export function localTimeOnDay(ms: number, days: number, hhmm: string, timeZone: string): number {
  const w = wallClock(ms + days * DAY, timeZone);
  const [h, m] = hhmm.split(':').map(Number);
  return zonedToEpoch(timeZone, w.year, w.month, w.day, h ?? 0, m ?? 0);
}

/**
 * From this hour (shop time) a parcel packed now leaves the next day: a substitute or a split's
 * first part confirmed at 23:55 "ships today" would be untrue. Past it, messages say tomorrow.
 */
export const SAME_DAY_SHIPPING_UNTIL_HOUR = 18;

/** 0 when a parcel packed at `now` still leaves today, 1 when it leaves tomorrow (the shop's day). */
export const shipDayOffset = (now: number, timeZone: string): 0 | 1 => (wallClock(now, timeZone).hour < SAME_DAY_SHIPPING_UNTIL_HOUR ? 0 : 1);

const TODAY: Record<Lang, string> = { en: 'today', zh: '今天', 'zh-Hant': '今天', ja: '本日' };

/**
 * The day a parcel packed at `now` leaves, as a message says it: "today", or the next day's date
 * (never "tomorrow": a message may be read days later). Fits where the templates say "ships today".
 */
export function shipDayText(now: number, timeZone: string, lang: Lang, region: string | null = null): string {
  if (shipDayOffset(now, timeZone) === 0) return TODAY[lang];
  const date = formatDay(now + DAY, lang, timeZone, now, region);
  return lang === 'en' ? `on ${date}` : lang === 'ja' ? `${date}に` : date;
}

/** Whole calendar days from `now`'s local date to `ms`'s local date. */
export function daysBetween(now: number, ms: number, timeZone: string): number {
  const a = wallClock(now, timeZone);
  const b = wallClock(ms, timeZone);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY);
}

/**
 * The language to write to this customer in. The order's own language (a `language` column, the
 * platform's) always wins. Without one, the country may name a language, but only one the shop
 * writes: its own language family (Simplified and Traditional Chinese are one: a Chinese shop
 * writes Traditional to Taiwan, Hong Kong and Macau, Simplified to the mainland and Singapore).
 * An English shop selling English listings abroad writes English to a buyer in Japan or Singapore,
 * and a Chinese shop English to one in Japan, as to any other foreign buyer; a buyer in the shop's
 * own language area gets it. With no country either, the shop's language. The country is read
 * however the export spells it (SG, SGP, Singapore; HK, Hong Kong; JP, Japan, 日本).
 */
export function customerLanguage(language: string | null, country: string | null, shopLanguage: Lang): Lang {
  const l = (language ?? '').trim().toLowerCase();
  const c = country?.trim() ? normaliseCountry(country) : '';
  // Traditional before Simplified: zh-TW, zh-HK, zh-MO and zh-Hant* start with "zh" too.
  if (/^zh[-_]hans/.test(l) || /简体|簡體|simplified/.test(l)) return 'zh';
  if (/^zh[-_](hant|tw|hk|mo)\b/.test(l) || /繁體|繁体|正體|traditional/.test(l)) return 'zh-Hant';
  // A plain "zh" (no script, no region) is read as its country writes it: Traditional in Taiwan, Hong Kong and Macau.
  if (/^(zh|chinese|中文|cn)/.test(l)) return /^(zh|chinese|中文)$/.test(l) && COUNTRY_LANGUAGE[c] === 'zh-Hant' ? 'zh-Hant' : 'zh';
  if (/^(ja|jp|japanese|日本)/.test(l)) return 'ja';
  if (/^(en|english)/.test(l)) return 'en';
  if (c === '') return shopLanguage;
  const local = COUNTRY_LANGUAGE[c];
  return local && languageFamily(local) === languageFamily(shopLanguage) ? local : 'en';
}

/** The language a country's customers read, of those oos writes: Traditional Chinese in Taiwan, Hong Kong and Macau. */
const COUNTRY_LANGUAGE: Record<string, Lang> = { TW: 'zh-Hant', HK: 'zh-Hant', MO: 'zh-Hant', CN: 'zh', SG: 'zh', JP: 'ja' };

/** Simplified and Traditional Chinese are one family: a shop writing one writes the other. */
const languageFamily = (lang: Lang): string => (lang === 'zh-Hant' ? 'zh' : lang);

/**
 * Countries with one time zone: a customer there reads a deadline in that zone.
 * Elsewhere (the US, Canada, Australia …) the zone is not known from the country,
 * so the shop's zone is used, and always named.
 */
const COUNTRY_ZONE: Record<string, string> = {
  CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', MO: 'Asia/Macau', TW: 'Asia/Taipei', JP: 'Asia/Tokyo', KR: 'Asia/Seoul',
  SG: 'Asia/Singapore', MY: 'Asia/Kuala_Lumpur', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', PH: 'Asia/Manila', IN: 'Asia/Kolkata',
  GB: 'Europe/London', IE: 'Europe/Dublin', DE: 'Europe/Berlin', FR: 'Europe/Paris', IT: 'Europe/Rome', ES: 'Europe/Madrid',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', CH: 'Europe/Zurich', AT: 'Europe/Vienna', SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', PL: 'Europe/Warsaw', NZ: 'Pacific/Auckland',
};

export function customerTimeZone(country: string | null, shopZone: string): string {
  return countryZone(country) ?? shopZone;
}

/** The one zone of the customer's country (however the export spells it), or null when it has several or is not known. */
export function countryZone(country: string | null): string | null {
  return country?.trim() ? (COUNTRY_ZONE[normaliseCountry(country)] ?? null) : null;
}

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-TW', ja: 'ja-JP', en: 'en-GB' };

const CHINA_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Chungking', 'Asia/Harbin', 'PRC']);
/**
 * Zones as a Traditional Chinese reader names them: Taiwan time is 台灣時間 in Taiwan (ICU says
 * 台北標準時間), and ICU names Macau's zone 中國標準時間. China's zone is 北京時間 as in Simplified.
 */
const HANT_ZONES: Record<string, string> = {
  'Asia/Taipei': '台灣時間',
  ROC: '台灣時間',
  'Asia/Hong_Kong': '香港時間',
  Hongkong: '香港時間',
  'Asia/Macau': '澳門時間',
  'Asia/Macao': '澳門時間',
};

/** The zone's name as the reader's language writes it: 北京时间, 台灣時間, 日本時間, China Standard Time. */
export function zoneLabel(timeZone: string, lang: Lang, at: number): string {
  // China's one zone is "Beijing time" to every Chinese reader (ICU says 中国标准时间).
  if (lang === 'zh' && CHINA_ZONES.has(timeZone)) return '北京时间';
  // A Japanese customer reads 日本時間, as shops write it (ICU's 日本標準時 is a technical term).
  if (lang === 'ja' && timeZone === 'Asia/Tokyo') return '日本時間';
  if (lang === 'zh-Hant') {
    if (CHINA_ZONES.has(timeZone)) return '北京時間';
    const named = HANT_ZONES[timeZone];
    if (named) return named;
  }
  // The name is asked for the very instant: a zone can be named otherwise at the same offset on
  // another day (Chihuahua at -06:00: Mexican Pacific Daylight Time, then Central Standard Time).
  // The formatter is made once per language and zone: one made for each message was a tenth of a follow-up run.
  const key = `${lang}\u0000${timeZone}`;
  let formatter = zoneNamers.get(key);
  if (!formatter) zoneNamers.set(key, (formatter = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, timeZoneName: 'long' })));
  return formatter.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}
const zoneNamers = new Map<string, Intl.DateTimeFormat>();
