/** Tracking numbers compared and stored as carriers read them. */

/**
 * A tracking number as a carrier reads it, for comparing two of them: people write Yamato's
 * 123456789012 as 1234-5678-9012, with spaces, full-width digits or lower case, and each of
 * those is the same parcel (the lost one must never be announced as the new one).
 */
export const trackingKey = (number: string) => number.normalize('NFKC').replace(/[\s_\-\u2010-\u2015\u30FC\u2212]/g, '').toUpperCase();
