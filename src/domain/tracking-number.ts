/** Tracking numbers compared and stored as carriers read them. */

/**
 * A tracking number as a carrier reads it, for comparing two of them: people write Yamato's
 * 123456789012 as 1234-5678-9012, with spaces, full-width digits or lower case, and each of
 * those is the same parcel (the lost one must never be announced as the new one).
 */
export const trackingKey = (number: string) => number.normalize('NFKC').replace(/[\s_\-\u2010-\u2015\u30FC\u2212]/g, '').toUpperCase();

/**
 * The parcels a tracking cell names, each as trackingKey reads it: exports write an order sent in two
 * parcels as "A, B", "A; B" or one number a line. A single space splits only numbers of carrier
 * length (a UPS number is written "1Z 999 AA1 01 2345 6784" too, which is one parcel).
 */
export function trackingKeys(cell: string): string[] {
  const parts = cell.normalize('NFKC').split(/[,;|、\n\r]+|\s+\/\s+/);
  const keys = parts.flatMap((p) => {
    const words = p.trim().split(/\s+/);
    return words.length > 1 && words.every((w) => w.length >= 10 && /\d/.test(w)) ? words : [p];
  });
  return keys.map(trackingKey).filter((k) => k !== '');
}

/** A number a spreadsheet rounded to 15 digits (9.40011E+21, 9400111899223340000000): it names no parcel. */
export const isRoundedNumber = (key: string) => /^\d(\.\d+)?E\+\d+$/.test(key) || (/^\d{16,}$/.test(key) && /^0+$/.test(key.slice(15)));
