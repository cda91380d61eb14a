/**
 * What each sales channel's messaging rules let a seller put in a message to the buyer. A
 * message that breaks them can cost the shop its account, so the remedy engine and the message
 * view ask here instead of knowing platforms themselves. Sources: docs/domain.md.
 */
import { localTimeOnDay } from './locale.js';
import { DAY, HOUR } from './time.js';


/** How an apology coupon reaches the buyer. */
export type CouponDelivery =
  /** A code the customer types at checkout (own shop, Shopify, Rakuten, eBay, Etsy…). */
  | 'code'
  /** Issued into the buyer's account on the platform (Taobao/Tmall 店铺优惠券, Pinduoduo, JD, Douyin): no code to type. */
  | 'account'
  /** Not allowed in a message at all (Amazon buyer-seller messaging: no coupons or promotions). */
  | 'forbidden';

export interface PlatformRules {
  id: string;
  /** Matched against the order's channel as the export names it, lower-cased. */
  names: RegExp;
  coupon: CouponDelivery;
  /** Links may appear in a message (Amazon allows only links needed to complete the order; oos writes none there). */
  links: boolean;
  /** The shop's own phone number and email address may appear in a message (its signature). */
  shopContact: boolean;
  /**
   * The one way the platform lets a seller reach the buyer, or null when any channel may: an SMS or
   * a call to the number in the export is then refused, and the message goes by chat (pasted into
   * the platform) or by email only to the platform's relay address.
   */
  onlyVia: string | null;
  /** The platform's name, for the operator. */
  label: string;
}

/**
 * Amazon: Buyer-Seller Messaging is the only approved way to contact a buyer (in Seller Central, or
 * by email from the seller's registered address to the buyer's @marketplace.amazon relay address);
 * no contact by phone or outside it, the buyer's phone number in the order report may be used only
 * to deliver the order, and a message carries no email address, phone number or link of the
 * seller's own, no coupon and no marketing. Sources (docs/domain.md §8 quotes them, read 2026-12-07):
 * https://www.ecomengine.com/help/what-can-i-include-in-my-emails,
 * https://www.junglescout.com/blog/amazon-updates-communication-guidelines/,
 * https://support.sellerlabs.com/en/articles/883446-are-my-messages-following-amazon-s-buyer-seller-messaging-terms-of-service,
 * https://sellercentral.amazon.com.au/gp/help/external/help.html?itemID=200386250 (Prohibited seller activities and actions).
 */
export const PLATFORM_RULES: PlatformRules[] = [
  { id: 'amazon', label: 'Amazon', names: /amazon/, coupon: 'forbidden', links: false, shopContact: false, onlyVia: 'Buyer-Seller Messaging' },
  { id: 'taobao', label: 'Taobao', names: /taobao|tmall|淘宝|天猫/, coupon: 'account', links: false, shopContact: true, onlyVia: null },
  { id: 'pinduoduo', label: 'Pinduoduo', names: /pinduoduo|pdd|拼多多/, coupon: 'account', links: false, shopContact: true, onlyVia: null },
  { id: 'jd', label: 'JD', names: /^jd|jingdong|京东/, coupon: 'account', links: false, shopContact: true, onlyVia: null },
  { id: 'douyin', label: 'Douyin', names: /douyin|抖音/, coupon: 'account', links: false, shopContact: true, onlyVia: null },
];

const DEFAULT_RULES: PlatformRules = { id: 'other', label: 'other', names: /$^/, coupon: 'code', links: true, shopContact: true, onlyVia: null };

/** Channels that go around the platform: an SMS or a call to the buyer's own number. */
export const OFF_PLATFORM_CHANNELS: readonly string[] = ['sms', 'phone'];

/** Whether a message may go to this order's buyer by `channel` (Amazon: never by SMS or a call). */
export const channelAllowed = (channel: string, orderChannel: string | null): boolean =>
  platformRules(orderChannel).onlyVia === null || !OFF_PLATFORM_CHANNELS.includes(channel);

export function platformRules(channel: string | null): PlatformRules {
  const c = (channel ?? '').trim().toLowerCase();
  return (c && PLATFORM_RULES.find((r) => r.names.test(c))) || DEFAULT_RULES;
}

/**
 * The US Mail Order Rule (16 CFR 435), for shops based in the US: a first delay notice may take
 * the customer's silence as consent to wait (up to 30 days), but a renewed delay may not. The
 * second notice must ask for the customer's express consent and say that, without it by a stated
 * time, the order is cancelled and refunded in full; the shop must then do exactly that.
 */
export const RENEWED_DELAY_NEEDS_CONSENT = new Set(['US']);

/** Whether a shop in `homeCountry` needs the customer's yes to a second delay (see above). */
export const renewedDelayNeedsConsent = (homeCountry: string | null) => homeCountry !== null && RENEWED_DELAY_NEEDS_CONSENT.has(homeCountry);

/** How long a customer has, at least, to say yes to a renewed delay. */
export const CONSENT_HOURS = 48;

/**
 * The end of the day a customer has to say yes to a renewed delay: the day they were told before, or
 * two days from now if that is later, to its end where the customer is.
 */
export const consentDeadline = (oldDate: number, now: number, customerZone: string): number =>
  localTimeOnDay(Math.max(oldDate, now + CONSENT_HOURS * HOUR), 0, '23:59', customerZone);

/** Longer than this past the promised ship date, a US shop's delay needs the customer's yes. */
export const SILENT_DELAY_DAYS = 30;

/**
 * The last moment a first delay may take the customer's silence as a yes, or null where no such
 * rule applies. Under the US Mail Order Rule that is 30 days past the promised ship date (with none
 * promised, the rule's own 30 days after payment); a later date needs the customer's express consent.
 */
export function silentWaitEnds(shipBy: number | null, paidAt: number | null, homeCountry: string | null): number | null {
  if (!renewedDelayNeedsConsent(homeCountry)) return null;
  const promised = shipBy ?? (paidAt === null ? null : paidAt + SILENT_DELAY_DAYS * DAY);
  return promised === null ? null : promised + SILENT_DELAY_DAYS * DAY;
}
