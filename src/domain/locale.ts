/**
 * How dates and money read in each customer language. Messages always name a
 * concrete calendar day (playbook §3: never "a few days"), in the shop's timezone.
 */
import type { Lang } from './config.js';
import { formatMoney } from './money.js';
import { wallClock, zonedToEpoch, DAY } from './time.js';

const WEEKDAY: Record<Lang, string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTH_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `11月26日（周四）`, `11月26日（木）`, `Thursday 26 November`; the year only when it is not this year's. */
export function formatDay(ms: number, lang: Lang, timeZone: string, now: number): string {
  const w = wallClock(ms, timeZone);
  const sameYear = wallClock(now, timeZone).year === w.year;
  const wd = WEEKDAY[lang][w.weekday]!;
  if (lang === 'en') return `${wd} ${w.day} ${MONTH_EN[w.month - 1]}${sameYear ? '' : ` ${w.year}`}`;
  const year = sameYear ? '' : `${w.year}年`;
  return lang === 'zh' ? `${year}${w.month}月${w.day}日（${wd}）` : `${year}${w.month}月${w.day}日（${wd}）`;
}

/** `11月26日（周四）15:00` etc.: a day plus the local time. */
export function formatDayTime(ms: number, lang: Lang, timeZone: string, now: number): string {
  const w = wallClock(ms, timeZone);
  const hm = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  return lang === 'en' ? `${formatDay(ms, lang, timeZone, now)}, ${hm}` : `${formatDay(ms, lang, timeZone, now)}${hm}`;
}

/**
 * Money as the customer's language writes it. `¥` means yen to a Japanese reader and
 * yuan to a Chinese one, so whichever currency the reader would not assume is spelt out:
 * `1,280円` and `299.00元` in Japanese, `1,280日元` in Chinese, `CN¥299.00` in English.
 */
export function formatPrice(minor: number, currency: string, lang: Lang): string {
  const code = currency.toUpperCase();
  const text = formatMoney(minor, code);
  const bare = () => text.replace('¥', '');
  if (code === 'JPY' && lang === 'ja') return `${bare()}円`;
  if (code === 'CNY' && lang === 'ja') return `${bare()}元`;
  if (code === 'JPY' && lang === 'zh') return `${bare()}日元`;
  if (code === 'CNY' && lang === 'en') return `CN${text}`;
  return text;
}

/** Midnight-based day arithmetic in the shop timezone: the instant of `hh:mm` local, `days` days after `ms`'s day. */
export function localTimeOnDay(ms: number, days: number, hhmm: string, timeZone: string): number {
  const w = wallClock(ms + days * DAY, timeZone);
  const [h, m] = hhmm.split(':').map(Number);
  return zonedToEpoch(timeZone, w.year, w.month, w.day, h ?? 0, m ?? 0);
}

/** Whole calendar days from `now`'s local date to `ms`'s local date. */
export function daysBetween(now: number, ms: number, timeZone: string): number {
  const a = wallClock(now, timeZone);
  const b = wallClock(ms, timeZone);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY);
}

/** The language to write to this customer in: the order's, else by country, else the shop's. */
export function customerLanguage(language: string | null, country: string | null, shopLanguage: Lang): Lang {
  const l = (language ?? '').trim().toLowerCase();
  if (/^(zh|chinese|中文|cn)/.test(l)) return 'zh';
  if (/^(ja|jp|japanese|日本)/.test(l)) return 'ja';
  if (/^(en|english)/.test(l)) return 'en';
  const c = (country ?? '').trim().toUpperCase();
  if (['CN', 'TW', 'HK', 'MO', 'SG', 'CHINA', '中国'].includes(c)) return 'zh';
  if (['JP', 'JAPAN', '日本'].includes(c)) return 'ja';
  if (c !== '') return 'en';
  return shopLanguage;
}

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
  const c = (country ?? '').trim().toUpperCase();
  const zone = COUNTRY_ZONE[c];
  if (!zone) return shopZone;
  return zone;
}

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', ja: 'ja-JP', en: 'en-GB' };

/** The zone's name as the reader's language writes it: 中国标准时间, 日本標準時, China Standard Time. */
export function zoneLabel(timeZone: string, lang: Lang, at: number): string {
  // China's one zone is "Beijing time" to every Chinese reader (ICU says 中国标准时间).
  if (lang === 'zh' && (timeZone === 'Asia/Shanghai' || timeZone === 'Asia/Chongqing' || timeZone === 'Asia/Harbin' || timeZone === 'PRC')) return '北京时间';
  const parts = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, timeZoneName: 'long' }).formatToParts(new Date(at));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}
