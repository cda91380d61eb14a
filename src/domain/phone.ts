/**
 * Phone numbers a spreadsheet turned into numbers. Opened and saved in Excel, an export's phone
 * column loses its leading 0: a Taiwanese mobile 0912345678 becomes 912345678, a British
 * 07700900101 becomes 7700900101, a Japanese 09012345678 becomes 9012345678. An SMS to what is left
 * reaches no one. Only the shapes that cannot be anything else in the order's country are put back.
 */
import { normaliseCountry } from './stall-clocks.js';

const LOST_ZERO: Record<string, RegExp> = {
  // Mobiles are 09 and eight digits.
  TW: /^9\d{8}$/,
  // Mobiles 07…, geographic 01…/02…, non-geographic 03…: eleven digits with the 0.
  GB: /^[1237]\d{9}$/,
  // Mobiles and IP phones 070/080/090/050 and eight digits.
  JP: /^[5789]0\d{8}$/,
};

/** The number with its leading 0 back, or null when it did not lose one (or cannot be told). */
export function restoreLeadingZero(phone: string, country: string | null): string | null {
  if (!country) return null;
  const shape = LOST_ZERO[normaliseCountry(country)];
  return shape?.test(phone) ? `0${phone}` : null;
}
