/**
 * Carrier families and their stall-clock hours: what the config validates against and
 * what the stall clocks (stall-clocks.ts) start from. The reasons are in docs/deadlines.md.
 */
export interface ClockHours {
  no_first_scan_hours: number;
  domestic_hours: number;
  international_hours: number;
  customs_hours: number;
  /** false: the carrier does not scan on Sundays, so Sundays do not count towards its clocks. */
  sunday_scans: boolean;
}

export interface CarrierFamily {
  id: string;
  label: string;
  /** Matched against the carrier name with spaces, dots and dashes removed, lower-cased. */
  names: RegExp;
  /** Only the values that differ from the general defaults. */
  hours: Partial<ClockHours>;
}

export const GENERAL_CLOCK: ClockHours = {
  no_first_scan_hours: 48,
  domestic_hours: 72,
  international_hours: 7 * 24,
  customs_hours: 10 * 24,
  sunday_scans: true,
};

/**
 * Carrier families. Express integrators hand a parcel from hub to hub within a day, so a
 * five-day international silence is already abnormal for them; postal services and
 * Chinese/Japanese domestic express use the general defaults. Sunday scanning follows each
 * carrier's published operating days (docs/deadlines.md).
 */
export const CARRIER_FAMILIES: CarrierFamily[] = [
  { id: 'usps', label: 'USPS', names: /^(usps|unitedstatespostal)/, hours: { sunday_scans: false } },
  { id: 'ups', label: 'UPS', names: /^(ups|unitedparcel)/, hours: { international_hours: 5 * 24, sunday_scans: false } },
  { id: 'fedex', label: 'FedEx', names: /^fedex/, hours: { international_hours: 5 * 24, sunday_scans: false } },
  { id: 'dhl', label: 'DHL', names: /^dhl/, hours: { international_hours: 5 * 24, sunday_scans: false } },
  { id: 'royal_mail', label: 'Royal Mail', names: /^royalmail/, hours: { sunday_scans: false } },
  // Royal Mail's parcel arm, with claim terms of its own (none known to oos), so never given Royal Mail's.
  { id: 'parcelforce', label: 'Parcelforce', names: /^parcelforce/, hours: { sunday_scans: false } },
  { id: 'yamato', label: 'Yamato', names: /^(yamato|ヤマト|クロネコ|宅急便)/, hours: {} },
  { id: 'sagawa', label: 'Sagawa', names: /^(sagawa|佐川)/, hours: {} },
  { id: 'japan_post', label: 'Japan Post', names: /^(japanpost|日本郵便|ゆうパック|ゆうパケット|jppost)/, hours: {} },
  { id: 'sf_express', label: 'SF Express', names: /^(sf|顺丰|順豐)/, hours: {} },
  { id: 'china_post', label: 'China Post / EMS', names: /^(chinapost|ems|中国邮政|邮政)/, hours: {} },
  { id: 'cn_express', label: 'ZTO / YTO / STO / Yunda / JD / J&T', names: /^(zto|yto|sto|yunda|jd|j&t|jt|中通|圆通|申通|韵达|京东|极兔)/, hours: {} },
];

export const UNKNOWN_FAMILY = 'other';

/** The family id of a carrier name as exports write it ("SF Express", "顺丰速运", "ヤマト運輸"); `other` when unknown. */
export function carrierFamily(name: string | null, trackingNumber: string | null = null): string {
  if (!name) return UNKNOWN_FAMILY;
  const key = name.normalize('NFKC').toLowerCase().replace(/[\s.\-_]/g, '');
  // EMS is every post's: an international number (UPU S10, EE123456789JP) ends with the country of
  // the post that took it, and Japan Post's EMS has its own claim window.
  if (/^(ems|国際スピード郵便)/.test(key)) {
    const origin = trackingNumber?.normalize('NFKC').trim().toUpperCase().match(/^[A-Z]{2}\d{9}([A-Z]{2})$/)?.[1];
    if (origin === 'JP' || key.startsWith('国際スピード郵便')) return 'japan_post';
  }
  for (const f of CARRIER_FAMILIES) if (f.names.test(key)) return f.id;
  return UNKNOWN_FAMILY;
}


/**
 * How a customer reading `lang` knows the carrier: a Japanese reader knows ヤマト運輸, not "Yamato",
 * a Chinese one 顺丰速运. Only for carriers with a name everyone in that language uses; a name the
 * export already writes in Chinese or Japanese, or any other carrier, is left as written.
 */
const LOCAL_NAMES: Record<string, Partial<Record<'zh' | 'zh-Hant' | 'ja', string>>> = {
  yamato: { ja: 'ヤマト運輸' },
  sagawa: { ja: '佐川急便' },
  japan_post: { ja: '日本郵便', zh: '日本邮政', 'zh-Hant': '日本郵便' },
  sf_express: { zh: '顺丰速运', 'zh-Hant': '順豐速運' },
};

/**
 * Chinese express carriers share one family (the same clocks) but each has its own name, the only
 * one a mainland customer knows them by: "YTO Express" in a message means nothing, 圆通速递 does.
 * Matched against the whole name as carrierFamily keys it ("ZTO", "ZTO Express", "J&T Express").
 */
const CHINESE_EXPRESS: [RegExp, Partial<Record<'zh' | 'zh-Hant', string>>][] = [
  [/^zto(express)?$/, { zh: '中通快递', 'zh-Hant': '中通快遞' }],
  [/^yto(express)?$/, { zh: '圆通速递', 'zh-Hant': '圓通速遞' }],
  [/^sto(express)?$/, { zh: '申通快递', 'zh-Hant': '申通快遞' }],
  [/^yunda(express)?$/, { zh: '韵达快递', 'zh-Hant': '韻達快遞' }],
  [/^jd(logistics|express)?$/, { zh: '京东物流', 'zh-Hant': '京東物流' }],
  [/^(j&t|jt)(express)?$/, { zh: '极兔速递', 'zh-Hant': '極兔速遞' }],
  [/^chinapost$/, { zh: '中国邮政', 'zh-Hant': '中國郵政' }],
];

export function carrierNameFor(name: string, lang: string): string {
  if (lang === 'en' || /[\u3040-\u30ff\u3400-\u9fff]/.test(name)) return name;
  const key = name.normalize('NFKC').toLowerCase().replace(/[\s.\-_]/g, '');
  if (lang === 'zh' || lang === 'zh-Hant') for (const [names, local] of CHINESE_EXPRESS) if (names.test(key)) return local[lang] ?? name;
  return LOCAL_NAMES[carrierFamily(name)]?.[lang as 'zh' | 'zh-Hant' | 'ja'] ?? name;
}
