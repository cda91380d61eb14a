/**
 * What each sales channel's messaging rules let a seller put in a message to the buyer. A
 * message that breaks them can cost the shop its account, so the remedy engine and the message
 * view ask here instead of knowing platforms themselves. Sources: docs/domain.md.
 */
import { DAY } from './time.js';


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
}

export const PLATFORM_RULES: PlatformRules[] = [
  { id: 'amazon', names: /amazon/, coupon: 'forbidden', links: false },
  { id: 'taobao', names: /taobao|tmall|淘宝|天猫/, coupon: 'account', links: false },
  { id: 'pinduoduo', names: /pinduoduo|pdd|拼多多/, coupon: 'account', links: false },
  { id: 'jd', names: /^jd|jingdong|京东/, coupon: 'account', links: false },
  { id: 'douyin', names: /douyin|抖音/, coupon: 'account', links: false },
];

const DEFAULT_RULES: PlatformRules = { id: 'other', names: /$^/, coupon: 'code', links: true };

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
