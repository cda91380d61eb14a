/**
 * Countries as exports write them: a two-letter code (Amazon's ship-country), a three-letter one,
 * or a name in one of many languages (eBay's "Post To Country: Singapore", Rakuten's 日本). Everything
 * that goes by the customer's country (the lane, claim windows, the customer's language and time
 * zone) reads it through normaliseCountry, so one country is never two depending on its spelling.
 */

/** Names no table of country names gives: three-letter codes, parts of the UK, short Chinese forms. */
const COUNTRY_NAMES: Record<string, string> = {
  // ISO 3166 alpha-3, for the countries oos knows a language or a time zone of (SGP is Singapore, as SG is).
  SGP: 'SG', MAC: 'MO', MYS: 'MY', THA: 'TH', VNM: 'VN', PHL: 'PH', IND: 'IN', IRL: 'IE', ITA: 'IT', ESP: 'ES', NLD: 'NL', BEL: 'BE',
  CHE: 'CH', AUT: 'AT', SWE: 'SE', NOR: 'NO', DNK: 'DK', FIN: 'FI', POL: 'PL', NZL: 'NZ', AUS: 'AU', CAN: 'CA',
  USA: 'US', US: 'US', CHN: 'CN', JPN: 'JP', GBR: 'GB', UK: 'GB', ENGLAND: 'GB', SCOTLAND: 'GB', WALES: 'GB', 'NORTHERN IRELAND': 'GB', DEU: 'DE', FRA: 'FR',
  TWN: 'TW', HKG: 'HK', KOR: 'KR', 香港: 'HK', 澳門: 'MO', 澳门: 'MO', 韓國: 'KR', 大韓民国: 'KR', 中國: 'CN', 中国大陆: 'CN', 中國大陸: 'CN',
  臺灣: 'TW', 中華民國: 'TW', 'TAIWAN, PROVINCE OF CHINA': 'TW', 'REPUBLIC OF CHINA': 'TW', 'UNITED STATES OF AMERICA': 'US', 'GREAT BRITAIN': 'GB', GROSSBRITANNIEN: 'GB',
  "PEOPLE'S REPUBLIC OF CHINA": 'CN', 'PEOPLES REPUBLIC OF CHINA': 'CN', 中华人民共和国: 'CN', 中華人民共和國: 'CN', 'MAINLAND CHINA': 'CN', 'CHINA MAINLAND': 'CN',
  日本国: 'JP', 日本國: 'JP', 'BUNDESREPUBLIK DEUTSCHLAND': 'DE', 'REPUBLIC OF KOREA': 'KR', 'KOREA, REPUBLIC OF': 'KR',
};
/** The languages whose country names an export may use (eBay DE writes "Deutschland", Rakuten "日本"). */
const NAME_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'ja', 'zh', 'zh-Hant', 'ko'];
let countryByName: Map<string, string> | null = null;

/** Every country's name in NAME_LANGUAGES, long and short, to its code: built once, when a name (not a code) first appears. */
function countryNames(): Map<string, string> {
  if (countryByName) return countryByName;
  const map = new Map<string, string>();
  const current = (code: string) => {
    try {
      return new Intl.Locale(Intl.getCanonicalLocales(`und-${code}`)[0]!).region ?? null;
    } catch {
      return null;
    }
  };
  const namers = NAME_LANGUAGES.flatMap((lang) => (['long', 'short'] as const).map((style) => new Intl.DisplayNames([lang], { type: 'region', style, fallback: 'none' })));
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const region = current(code);
      if (!region || !/^[A-Z]{2}$/.test(region)) continue;
      for (const namer of namers) {
        const name = namer.of(code);
        if (name && !map.has(name.toUpperCase())) map.set(name.toUpperCase(), region);
      }
    }
  return (countryByName = map);
}

/** A country as an export writes it (a code, or a name in one of many languages) as its two-letter code. */
export function normaliseCountry(c: string): string {
  const up = c.trim().toUpperCase().replace(/\./g, '');
  if (/^[A-Z]{2}$/.test(up)) return up === 'UK' ? 'GB' : up;
  return COUNTRY_NAMES[up] ?? countryNames().get(up) ?? up;
}
