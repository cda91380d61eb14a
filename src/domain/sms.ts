/**
 * How many SMS a text costs. A message that fits the GSM 03.38 alphabet is sent 7-bit: 160
 * characters in one SMS, 153 a part once split (the rest carries the joining header); one
 * character outside it (a ×, a curly quote, any CJK) sends the whole text as UCS-2: 70, then 67
 * a part, counted in UTF-16 units. Extension characters (€ [ ] { } ~ ^ | \) take two 7-bit places.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export interface SmsCost {
  encoding: 'GSM-7' | 'UCS-2';
  /** 7-bit places (GSM-7) or UTF-16 units (UCS-2). */
  units: number;
  segments: number;
}

/** The SMS budget oos keeps every message within. */
export const SMS_MAX_SEGMENTS = 2;

export function smsCost(text: string): SmsCost {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (BASIC.has(ch)) units += 1;
    else if (EXTENSION.has(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  const utf16 = text.length;
  return { encoding: 'UCS-2', units: utf16, segments: utf16 <= 70 ? 1 : Math.ceil(utf16 / 67) };
}

/** The first non-GSM character of a text, to say why an English SMS costs UCS-2. */
export function firstNonGsm(text: string): string | null {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return ch;
  return null;
}
