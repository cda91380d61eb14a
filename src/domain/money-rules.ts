/**
 * The platform and carrier rules that make a late, cancelled or lost order cost money, as data,
 * each with the page it was read from. docs/deadlines.md prints this table; a rule changes here
 * and nowhere else. Figures are what the cited page says; check them against the platform's or
 * carrier's current page before relying on them (`date` is the page's own date, or when it was
 * read if the page has none).
 */

export interface Source {
  title: string;
  url: string;
  date: string;
}

export type Platform = 'pinduoduo' | 'amazon' | 'ebay' | 'etsy' | 'rakuten';

export interface PlatformRule {
  platform: Platform;
  /** Short id shown in `at_stake.rule`. */
  id: string;
  /** What the rule says, for people. */
  text: string;
  /** Hours after payment the platform allows to ship, when the rule fixes it (else the order's ship-by). */
  ship_within_hours: number | null;
  /** The platform counts the shop's processing time in business days (Monday to Friday), from the day of the sale. */
  processing_in_business_days?: true;
  /** Money per late order: a share of the order total within bounds, in `currency` (major units). */
  compensation: { share: number; min: number; max: number; currency: string } | null;
  /**
   * The account metrics the rule hurts, with their published thresholds (share of orders). `late_counts`:
   * which orders a lateness metric is over: `shipped` ones only (Amazon divides by confirmed shipments,
   * so an order still waiting counts once it ships), or every order `due` (Etsy: not shipped by the day is not on time).
   */
  metrics: { id: string; text: string; max_share: number | null; min_share: number | null; window_days: number | null; applies_to: 'late' | 'cancel'; late_counts?: 'shipped' | 'due' }[];
  /** Penalty points a shop-caused cancellation costs. */
  cancel_points: number | null;
  sources: Source[];
}

const READ = 'undated; read 2026-12-04';

export const PLATFORM_RULES: PlatformRule[] = [
  {
    platform: 'pinduoduo',
    id: 'pinduoduo_late_shipment',
    text: 'ship within 48 h of payment; a late shipment pays the buyer 10% of the order, at least ¥5 and at most ¥100 (twice, to the buyer and to Pinduoduo, once a complaint is upheld)',
    ship_within_hours: 48,
    compensation: { share: 0.1, min: 5, max: 100, currency: 'CNY' },
    metrics: [],
    cancel_points: null,
    sources: [
      { title: 'What are the compensation rules for Pinduoduo if it does not ship within the time limit (sellerby.com)', url: 'http://sellerby.com/p/2887.html', date: READ },
      { title: '拼多多不发货赔付规则有哪些', url: 'https://m.39zn.cn/labels/347944.htm', date: READ },
    ],
  },
  {
    platform: 'amazon',
    id: 'amazon_account_health',
    text: 'late shipment rate under 4% (10 and 30 days); pre-fulfilment cancel rate under 2.5% (7 days); above them Amazon may deactivate the account',
    ship_within_hours: null,
    compensation: null,
    metrics: [
      { id: 'amazon_late_shipment_rate', text: 'late shipment rate < 4% (late confirmed shipments of all confirmed shipments)', max_share: 0.04, min_share: null, window_days: 30, applies_to: 'late', late_counts: 'shipped' },
      { id: 'amazon_pre_fulfilment_cancel_rate', text: 'pre-fulfilment cancel rate < 2.5%', max_share: 0.025, min_share: null, window_days: 7, applies_to: 'cancel' },
    ],
    cancel_points: null,
    sources: [
      { title: 'Amazon Seller Central help: Monitor your account health (item 200205250)', url: 'https://sellercentral-europe.amazon.com/gp/help/external/help-page.html?itemID=200205250', date: READ },
      { title: 'Late Shipment Rate Report (cajari.com)', url: 'https://cajari.com/reports/late-shipment-rate', date: READ },
      { title: 'Pre-Fulfillment Cancel Rate Report (cajari.com)', url: 'https://cajari.com/?p=1467', date: READ },
    ],
  },
  {
    platform: 'ebay',
    id: 'ebay_handling_time',
    text: "ship within the listing's handling time (1–30 business days: weekends and holidays do not count): an acceptance scan within it counts as on time; late shipments count against the seller standard",
    ship_within_hours: null,
    processing_in_business_days: true,
    compensation: null,
    metrics: [{ id: 'ebay_late_shipment_rate', text: 'late shipment rate (no published cut-off in the sources)', max_share: null, min_share: null, window_days: null, applies_to: 'late' }],
    cancel_points: null,
    sources: [
      { title: 'eBay help: Handling time', url: 'https://pages.motors.ebay.com/help/sell/contextual/domestic-handling-time.html', date: READ },
      { title: 'eBay Seller Center: Handling time ("measured in business days — weekends and holidays don\'t count")', url: 'https://pages.ebay.com/seller-center/shipping/handling-time.html', date: 'undated; read 2026-12-07' },
      { title: 'eBay announces new on-time delivery metric and returns policy (The Paypers)', url: 'https://thepaypers.com/payments/news/ebay-announces-new-on-time-delivery-metric-and-returns-policy', date: '2024-12-02' },
    ],
  },
  {
    platform: 'etsy',
    id: 'etsy_ship_by',
    text: 'ship by the order\'s "ship by" date (end of the processing time, business days); it may be moved once, up to 21 days, before it passes; Star Seller needs 95% shipped on time',
    ship_within_hours: null,
    processing_in_business_days: true,
    compensation: null,
    metrics: [{ id: 'etsy_on_time_shipping', text: 'shipped on time with tracking ≥ 95% (Star Seller)', max_share: null, min_share: 0.95, window_days: 90, applies_to: 'late' }],
    cancel_points: null,
    sources: [
      { title: 'Etsy Help: Processing times and "ship by" dates (article 115015588087)', url: 'https://help.etsy.com/hc/en-us/articles/115015588087', date: READ },
      { title: 'Etsy Community: Star Seller Shipping Rating Issue (Etsy staff answer)', url: 'https://community.etsy.com/t5/Technical-Issues/Star-Seller-Shipping-Rating-Issue/m-p/141207813', date: READ },
    ],
  },
  {
    platform: 'rakuten',
    id: 'rakuten_shop_cancel',
    text: "a cancellation for the shop's own reason costs 15 violation points per order; 35 points in a calendar year reach the first penalty level",
    ship_within_hours: null,
    compensation: null,
    metrics: [],
    cancel_points: 15,
    sources: [
      { title: '楽天市場で出品者都合キャンセルするとペナルティ? (ecgrowthlabo.com, "as of March 2024")', url: 'https://ecgrowthlabo.com/rakuten-penalty', date: '2024-03' },
      { title: '違反点数制度に関するガイドライン (Rakuten Ichiba, in force from 2016-09-01; quoted by cyber-records.co.jp)', url: 'https://cyber-records.co.jp/blog/rakuten-penalty', date: READ },
    ],
  },
];

export type ClaimFrom = 'shipped' | 'delivered';

export interface CarrierClaimWindow {
  /** Carrier family id (stall-clocks.ts). */
  family: string;
  label: string;
  /** Days to file for a parcel lost in transit, and from when; null when no source gives one. */
  lost: { days: number; from: ClaimFrom } | null;
  /** Days to file for a damaged parcel, and from when. */
  damaged: { days: number; from: ClaimFrom } | null;
  /** A shorter window for parcels to these destinations (two-letter codes): lost and damaged alike. */
  shorterTo?: { countries: string[]; days: number };
  /**
   * Other terms for a parcel sent within the carrier's home country by a shop there (the windows
   * above are its international ones): null windows where no source gives the domestic one.
   */
  domestic?: { country: string; label: string; lost: { days: number; from: ClaimFrom } | null; damaged: { days: number; from: ClaimFrom } | null; text: string };
  text: string;
  sources: Source[];
}

export const CLAIM_WINDOWS: CarrierClaimWindow[] = [
  {
    family: 'usps',
    label: 'USPS',
    lost: { days: 60, from: 'shipped' },
    damaged: { days: 60, from: 'shipped' },
    text: 'insured mail: lost 15 to 60 days from mailing; damaged or missing contents no later than 60 days from mailing',
    sources: [{ title: 'USPS Domestic Claims: who can file and when (uspstrackingpoint.com)', url: 'http://uspstrackingpoint.com/usps-domestic-claims/', date: READ }],
  },
  {
    family: 'ups',
    label: 'UPS',
    // The window runs from the scheduled delivery day, which the exports do not carry: counting
    // from shipping makes claim_by earlier, never too late. UPS applies the terms of the country the
    // parcel leaves from; outside the US (and for parcels leaving it) damage is to be reported within
    // 14 days of delivery, as the air conventions have it. A lost parcel keeps the earliest count.
    lost: { days: 60, from: 'shipped' },
    damaged: { days: 14, from: 'delivered' },
    text: 'damage within 14 days after delivery, delay within 21 (terms of the country the parcel leaves from; US domestic: 60 days); a lost parcel is counted as 60 days from shipping, the earliest of the terms',
    domestic: {
      country: 'US',
      label: 'UPS (US domestic)',
      lost: { days: 60, from: 'shipped' },
      damaged: { days: 60, from: 'delivered' },
      text: 'US domestic: notice within 60 days after delivery (damaged) or after scheduled delivery (lost); documents within 9 months',
    },
    sources: [
      { title: 'Claim procedure for lost or damaged parcels (Webinterpret support)', url: 'https://support.webinterpret.com/hc/en-us/articles/4402506575634-Claim-procedure-for-lost-or-damaged-parcels', date: READ },
      { title: 'UPS help centre: What is a claim?', url: 'https://www.ups.com/us/en/help-center/sri/faq-cla06.page', date: READ },
      { title: 'UPS: File a claim ("refer to the terms and conditions from the shipper country of origin")', url: 'https://filexfer.ups.com/pl/en/support/file-a-claim.page', date: 'undated; read 2026-12-07' },
      { title: 'Claim support, UPS (a shop\'s summary of UPS terms: damage within 14 days of delivery, delay 21)', url: 'https://casioak-studio.com/pages/claim-support-ups', date: 'undated; read 2026-12-07' },
    ],
  },
  {
    family: 'fedex',
    label: 'FedEx',
    lost: { days: 270, from: 'shipped' },
    damaged: { days: 21, from: 'delivered' },
    text: 'damage, delay or shortage: notice within 21 days after delivery (60 for US domestic); non-delivery: within 9 months after FedEx accepted the shipment',
    // Inside the US, Express and Ground alike: damage or shortage within 60 days of delivery, non-delivery
    // within 9 months of FedEx accepting the parcel (ShipOpti's FAQ), as internationally.
    domestic: {
      country: 'US',
      label: 'FedEx (US domestic)',
      lost: { days: 270, from: 'shipped' },
      damaged: { days: 60, from: 'delivered' },
      text: 'US domestic (Express and Ground): damage or missing contents within 60 days after delivery; non-delivery within 9 months after FedEx accepted the shipment',
    },
    sources: [
      { title: 'FedEx Service Guide, Claims (copy at th4.ilovetranslation.com)', url: 'https://th4.ilovetranslation.com/FdaF_SvS9Kp3bxTYLwslVW==d', date: READ },
      { title: 'Parcel Claim FAQs: FedEx (ShipOpti)', url: 'https://support.shipopti.com/portal/en/kb/articles/parcel-claim-faqs', date: READ },
    ],
  },
  {
    family: 'dhl',
    label: 'DHL Express',
    lost: { days: 30, from: 'shipped' },
    damaged: { days: 30, from: 'shipped' },
    text: 'loss or damage claims in writing within 30 days of the date DHL accepted the shipment',
    sources: [{ title: 'DHL Express US: Claims FAQs', url: 'https://mydhl.express.dhl/us/en/help-and-support/contact-us/claims/claims-faqs.html', date: READ }],
  },
  {
    family: 'royal_mail',
    label: 'Royal Mail (international)',
    // Six calendar months are 181 to 184 days: the shortest, so the date shown is never after the real last day.
    lost: { days: 181, from: 'shipped' },
    damaged: { days: 181, from: 'shipped' },
    text: 'international: claims for loss or damage within 6 months of the date of posting',
    domestic: {
      country: 'GB',
      label: 'Royal Mail (UK)',
      lost: { days: 80, from: 'shipped' },
      damaged: { days: 80, from: 'shipped' },
      text: 'within the UK: claims within 80 days of the date of posting (a loss can be claimed from 10 working days after the item was due)',
    },
    sources: [
      { title: 'How to make a claim if your Royal Mail parcel goes missing (mailing-stuff.com, "with the latest advice from Royal Mail")', url: 'https://mailing-stuff.com/how-to-make-a-claim-if-your-royal-mail-parcel-goes-missing-2/358026', date: 'undated; read 2026-12-07' },
      { title: 'Items lost in the post: Royal Mail domestic and international claims windows (a UK seller\'s terms)', url: 'https://wiki.polyinpictures.com/index.php?oldid=8&title=Template%3AMissingPost', date: 'undated; read 2026-12-07' },
    ],
  },
  {
    family: 'yamato',
    label: 'Yamato (宅急便)',
    // The 14-day notice is for part of the contents lost or damaged once delivered; a parcel lost whole
    // is the carrier's for a year from the day it was due (the standard courier terms). Counted here from
    // shipping, the earliest that day can be: 14 days made nearly every loss "window closed" when found.
    lost: { days: 365, from: 'shipped' },
    damaged: { days: 14, from: 'delivered' },
    text: 'damage or part of the contents missing: notice within 14 days of delivery; a parcel lost whole: within a year of the day it was due (counted from shipping here, the earliest it could be)',
    sources: [
      { title: '宅急便の紛失盗難破損時の損害賠償請求手順!補償金額や申請期間も徹底解説 (torisedo.com)', url: 'https://torisedo.com/?p=64777', date: READ },
      { title: '標準宅配便運送約款 (平成二年運輸省告示第五百七十六号), text at myhoumu.jp', url: 'https://myhoumu.jp/?p=2021', date: READ },
    ],
  },
  {
    family: 'japan_post',
    label: 'Japan Post (international)',
    // Six calendar months are 181 to 184 days: the shortest, so the date shown is never after the real last day.
    lost: { days: 181, from: 'shipped' },
    damaged: { days: 181, from: 'shipped' },
    // Four calendar months are at least 120 days: to mainland China the date shown is never after the real last day either.
    shorterTo: { countries: ['CN'], days: 120 },
    text: 'EMS: tracking claim within 6 months from the day of shipment (EMS to mainland China: 4 months, reported by z8545.cn)',
    // A Japanese shop's ゆうパック or ゆうパケット within Japan is not EMS: no window is known for it (ゆうパケット has no compensation at all).
    domestic: { country: 'JP', label: 'Japan Post', lost: null, damaged: null, text: 'domestic (ゆうパック, ゆうパケット): no published claim window is known to oos; set it with the config key claim_windows if the service has one' },
    sources: [{ title: 'Japan Post, International Mail FAQs: Trouble Regarding EMS', url: 'https://www.post.japanpost.jp/int/question/136_en.html', date: READ }],
  },
  {
    family: 'sf_express',
    label: 'SF Express',
    lost: null,
    damaged: null,
    text: 'the acceptance time limit is published only in the SF Mini-program (My → Claim Center); set it with the config key claim_windows',
    sources: [{ title: 'SF Express: Shipment Protection (service rules, "Compensation Standards")', url: 'https://www.sf-express.com/chn/en/express/insurance', date: READ }],
  },
];
