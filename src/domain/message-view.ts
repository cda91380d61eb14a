/**
 * The facts a message may use, as one flat, data-only view per language. The
 * names below are the only ones a template may reference (the allowlist the
 * template lint checks); a fact that is unknown is left out, so a template
 * that needs it fails loudly instead of printing "Dear ,".
 */
import { platformRules, silentWaitEnds } from './platform-rules.js';
import { homeCountry } from './stall-clocks.js';
import { normaliseCountry } from './countries.js';
import type { Config, Lang } from './config.js';
import { lastingPast, waitsUntil, type Coupon } from './coupon.js';
import type { OfferData } from './ledger.js';
import { daysBetween, formatDay, formatDayTime, formatPrice, shipDayText, zoneLabel, customerTimeZone, countryZone } from './locale.js';
import type { Parcel } from './parcels.js';
import { stuckItems } from './stuck-items.js';
import type { CaseFacts, Remedy, RemedyOption, Terms } from './remedies.js';
import { currencyOf, defaultDate, draftTerms, knownRestockDate, orderValue, primaryKind, shipNowUnits } from './remedies.js';
import { HOUR } from './time.js';
import { carrierNameFor } from './carriers.js';
import { refundMethodOf } from './refund-method.js';

/** Every variable a template may use, with what it holds (shown by `oos templates`). */
export const VIEW_VARIABLES: Record<string, string> = {
  shop_name: 'the shop name from the config',
  customer_name: "the customer's name",
  order_id: 'the order number',
  order_date: 'the day the order was paid',
  order_total: 'the order total with currency',
  items: 'every item still to ship, one per line',
  item: 'the item the problem is about (first one, "and N more")',
  order_items: 'everything the order holds, each with the quantity ordered (up to three named, else the first and "N more"): what a full refund covers',
  problem_items: 'the items the problem is about, one per line',
  ship_by: 'the day the order was promised to ship',
  reply_by: "day and time by which the customer is asked to answer (24 h), in the customer's time zone, with the zone named",
  wait_date: 'the day waiting ends: restock day, new ship day or carrier deadline',
  substitute: 'the substitute item(s)',
  substitute_note: 'why the substitute is comparable (from the substitutes list)',
  price_diff: 'price difference of the substitute, always positive',
  refund_amount: 'the amount refunded',
  refund_items: 'what the refund covers, one per line (partial refunds)',
  refund_items_short: 'what the refund covers in a few words for an SMS: the first item and how many more',
  refund_full: 'section: the refund is the whole order value',
  refund_partial: 'section: the refund is part of the order value',
  refund_started: 'the day the refund was started',
  refund_earlier_amount: 'what an earlier plan of the case already refunded (a cheaper substitute\'s difference): refund_amount is then the rest',
  refund_total_amount: 'refund_earlier_amount and refund_amount together',
  refund_with_transfer: 'section and value (bank transfer): what an earlier plan promised by transfer, included in refund_amount (one sum, all that is owed)',
  refund_rest: 'with refund_with_transfer: refund_amount less it, what is left to transfer if the earlier transfer arrived',
  reason: 'the reason the operator gave for the problem (never guessed)',
  customer_chose: 'section: the customer chose this remedy (thank them for it)',
  shop_decided: 'section: the shop decided without the customer (say so, offer the way out)',
  single_option: 'section: the notice has one option only (no "choose one")',
  several_options: 'section: the notice offers more than one option',
  at_risk: 'section: late notice before the ship-by time has passed (may ship late)',
  overdue: 'section: the ship-by time has passed',
  stall_no_first_scan: 'section: the carrier has not scanned the parcel since the label was made',
  stall_no_new_scan: 'section: the parcel was scanned, then stopped moving',
  stall_customs: 'section: the parcel is held at customs',
  stall_exception: 'section: the carrier reports a problem with the parcel',
  first_word: 'section (confirmations): the first message about the case: the apology, what went wrong and the reason come first',
  moving_again: 'section (wait updates): the stuck parcel the customer waited for is moving again (told once; no refund offer)',
  reship_again: 'section (reship confirmations): a new parcel sent because the earlier replacement got stuck too',
  previous_reship_tracking: 'the tracking number of the earlier replacement that got stuck (with reship_again or replacement_stuck)',
  replacement_stuck: 'section (refund confirmations): the replacement sent earlier got stuck too, and the refund takes over from it',
  ship_day: 'the day a parcel packed now leaves: today, or late in the shop\'s day the next day\'s date (substitutes, a split\'s first part)',
  parcel_arrived: 'section (in moving_again): the stuck parcel the customer was asked about has been delivered before they chose: nothing left to choose',
  earlier_tracking_number: 'section and value (in moving_again): the tracking number the customer was told for the stuck parcel, when the export now shows another for it; the message says which one to use from now on',
  carrier_claim: 'section: the shop claims the lost parcel from the carrier',
  parcel_items: 'the items in the parcel the message is about, one per line',
  parcel_delivered: 'section ("shipped" messages): the tracking shows the parcel delivered already (its number came only after): say so, and sorry the news is late',
  delivered_on: 'the day the parcel of a "shipped" message was delivered (with parcel_delivered)',
  wrong_tracking_number: 'section and value ("shipped" messages): the wrong tracking number the customer was given for this parcel before; the message gives the right one and apologises',
  new_date: 'the new date, after a promised date slipped',
  old_date: 'the date that was promised and slipped',
  has_new_date: 'section: a new date is known after a slipped date',
  slipped_restock: 'section: the promised restock did not arrive',
  slipped_ship: 'section: the parcel did not ship on the promised day',
  slipped_carrier: 'section: the carrier did not answer by the promised day',
  slipped_passed: 'section (in slipped_restock): the promised day came and went without the stock',
  slipped_moved: 'section (in slipped_restock): the restock date moved before the promised day came (the inventory export says so, not why)',
  consent_needed: 'section: a second delay the customer must agree to (US shops), or the order is cancelled and refunded (a date slipped, or a confirmation that puts the order off to a later day than the one told)',
  consent_by: 'the last day for that yes (to its end, in the customer\'s time zone)',
  no_answer_by: "a refund confirmation: the day the customer was to say yes to a renewed delay by, and did not (the refund is what the notice said would follow)",
  wait_needs_yes: 'section (in an offer): the wait offered is more than 30 days past the promised date (US shops): silence is no yes, the order is then cancelled and refunded',
  refund_how: 'how and when the refund reaches the customer (from the layout, by payment method)',
  split_refund_amount: 'in a split: the refund for the items that cannot ship',
  ship_now_items: 'in a split: the items that ship now',
  later_items: 'in a split: the items that cannot ship now',
  later_one: 'section (in a split): just one item cannot ship now ("it", not "these")',
  coupon_amount: 'the apology coupon value',
  coupon_code: 'the coupon code (only in coupon_has_code: account platforms have none)',
  coupon_expiry: 'the last day the coupon is valid',
  tracking_number: 'the tracking number of the parcel',
  carrier: 'the carrier of the parcel',
  last_event: "the carrier's last tracking event",
  last_event_at: "when that event happened, in the customer's time zone (named when it is not the shop's)",
  new_tracking_number: 'the tracking number of the new parcel (reship)',
  is_oversold: 'section: the problem is an out-of-stock item',
  pickup: 'section: the customer collects the order at the shop (local pickup, 门店自提, 店頭受取): nothing is shipped, so the message says when it is ready to collect, never a parcel, courier or tracking number',
  is_late: 'section: the problem is late shipping only',
  is_stalled: 'section: the problem is a stuck or lost parcel',
  also_late: 'section: out of stock and past the promised ship day too',
  probably_lost: 'section: the parcel is probably lost',
  offer_wait: 'section: waiting is one of the choices',
  offer_substitute: 'section: a substitute is one of the choices',
  offer_split: 'section: a split shipment is one of the choices',
  offer_reship: 'section: a new parcel is one of the choices',
  can_reship: 'section (stuck parcels): stock is free for a new parcel, so "no news by then: a new parcel or a refund" can be promised',
  no_substitute: 'section: out of stock and no substitute available',
  no_restock_date: 'section: out of stock and no restock date known',
  price_higher: 'section: the substitute costs more (the shop pays the difference)',
  price_lower: 'section: the substitute costs less (the difference is refunded)',
  price_same: 'section: the substitute costs the same or its price is unknown',
  has_coupon: 'section: a coupon comes with the message',
  has_refund: 'section: money is refunded',
  pay_on_delivery: 'section: the customer pays on delivery (cash on delivery, 代金引換, 貨到付款): nothing has been charged, so a refund is a cancellation with nothing to pay',
  refund_by_bank: 'section: the refund goes by bank transfer, which the shop sends once the customer has replied with their account: until then nothing has been sent',
  has_new_tracking: 'section: the new parcel already has a tracking number',
  new_parcel_preparing: 'section: the new parcel is being prepared and has no tracking number yet',
  rest_wait: 'section: what is waited for is the rest of the order (a split\'s rest, or a wait after other items shipped): giving up cancels and refunds only that',
  rest_refund: 'section: in a split, the rest is refunded',
  coupon_has_code: 'section (in has_coupon): the coupon is a code the customer types at checkout',
  coupon_every: 'section (choices): every choice offered comes with the coupon',
  coupon_given_now: 'section (a late notice whose silence means waiting): the coupon comes with every choice, so the notice gives it (code or account) rather than promising it',
  coupon_on_split: 'section (choices, unless coupon_every): the split comes with the coupon',
  coupon_on_wait: 'section (choices, unless coupon_every): waiting comes with the coupon',
  coupon_on_substitute: 'section (choices, unless coupon_every): the swap comes with the coupon',
  coupon_on_reship: 'section (choices, unless coupon_every): the reship comes with the coupon',
  coupon_on_refund: 'section (choices, unless coupon_every): the refund (or cancellation) comes with the coupon',
  coupon_to_account: 'section (in has_coupon): the platform puts the coupon in the buyer\'s account (Taobao, Pinduoduo, JD): no code',
  order_tail: 'the order id for an SMS: its last 4 characters when the id is longer than 8 ("尾号4567"), else the whole id',
  order_long: 'section: the order id is long (over 8 characters), so an SMS names it by order_tail',
  shop_phone: 'the number customers call back (config shop.phone)',
  shop_email: "the shop's email address (config shop.email)",
  staff_name: 'who signs and calls (config shop.staff)',
  customer_phone: "the customer's phone number, at the top of a phone script for whoever dials",
  customer_email: "the customer's email address, when the export gives one: a call script promises the written copy by email only then",
  item_short: 'the problem item for an SMS: its title cut short (16 characters in English, 12 in Chinese and Japanese), plus how many more',
  substitute_short: 'the substitute for an SMS: its title cut to 16 characters, plus how many more',
  changed: 'section: this confirmation changes a remedy the customer was told before',
  changed_on: 'the day the customer was told the earlier remedy',
  was_wait: 'section (in changed): the earlier remedy was to wait for stock',
  was_ship: 'section (in changed): the earlier plan was to ship a late order on a later day (was_ship_date)',
  was_ship_date: 'the ship day the earlier plan named (a late order)',
  was_carrier: 'section (in changed): the earlier plan was to give the carrier time to find a stuck parcel (was_carrier_date)',
  was_carrier_date: 'the day the earlier plan gave the carrier (a stuck parcel)',
  was_substitute: 'section (in changed): the earlier remedy was a substitute',
  was_refund: 'section (in changed): the earlier remedy was a refund',
  was_split: 'section (in changed): the earlier remedy was a split shipment, its rest to follow',
  offer_changed: 'section (in changed, for notices): this notice replaces an earlier one that gave other choices (changed_on: when)',
  substitute_gone: 'section (in offer_changed): a substitute the earlier notice offered has sold out since',
  gone_substitute: 'the substitute the earlier notice offered that has sold out since (with substitute_gone)',
  was_split_refund: 'section (in changed): the earlier remedy shipped what was in stock and refunded the rest (one parcel)',
  was_reship: 'section (in changed): the earlier remedy was a new parcel',
  was_date: 'the date the earlier remedy named (restock, ship or carrier answer day)',
  missed_day: 'section and value (in changed, with was_ship or was_wait): the day the earlier plan named (the ship day, or the day new stock was due) has passed without it: the change note opens by saying sorry for it, with the reason when given',
  was_substitute_item: 'the substitute the earlier remedy named',
  was_refund_amount: 'the refund the earlier remedy named',
  kept_refund: 'money the earlier plans refunded that the customer keeps under the new one (not paid on delivery, not by bank transfer)',
  kept_transfer: 'money the earlier plans promised by bank transfer that still comes to the customer under the new one (it may not have been sent yet)',
  withdrawn_transfer: 'a refund the earlier plans promised by bank transfer that the new plan takes back: it sends the goods that refund paid for, so the transfer is not made',
  still_coupon: 'section (in changed): the coupon given earlier still holds (same code)',
  refund_asked: 'section (check-ins): the refund check already asked whether the refund arrived, so the check-in does not ask again',
  change_note: 'the change note, rendered from the layout and put before the message (changed confirmations only)',
};

export type View = Record<string, string | boolean>;

/** What a message is for: the first notice with choices, a remedy's confirmation, or a follow-up. */
export interface MessageSubject {
  facts: CaseFacts;
  /** The remedy terms, for confirmations and follow-ups; null for the first notice. */
  terms: Terms | null;
  /** The choices on offer, for the first notice and the reminder. */
  options: RemedyOption[];
  /** The tracking number now known for the order (follow-ups after shipping). */
  trackingNumber?: string | null;
  /** The offer as the ledger recorded it: a reminder repeats exactly these terms and this reply deadline. */
  offer?: OfferData | null;
  /** The parcel a "shipped" message is about: its items are listed, its number is told. */
  parcel?: Parcel | null;
  /** When the tracking shows that parcel delivered already: "on its way" would be untrue. */
  parcelDeliveredAt?: number | null;
  /** The wrong tracking number the customer was given for that parcel before (the message corrects it). */
  correctedNumber?: string | null;
  /** After a promised date slipped: the promise and the new date, if one is known. */
  slipped?: { kind: 'restock' | 'ship' | 'carrier_answer'; oldDate: number; newDate: number | null; early?: boolean; consentBy?: number | null } | null;
  /** A check-in after a refund whose arrival the customer was asked about already: it is not asked twice. */
  refundAsked?: boolean;
  /** A confirmation of a renewed delay (US shops): the end of the day by which the customer must say yes to it. */
  consentBy?: number | null;
  /** A refund made because the customer gave no yes to a renewed delay by its day (US shops): that day, as they were told it. */
  noAnswerBy?: number | null;
  /** When the refund was started (refund checks). */
  refundStartedAt?: number | null;
  /** A wait update: the stuck parcel waited for moves again, and the customer has not been told yet. */
  movingAgain?: boolean;
  /** With movingAgain: the parcel was delivered, not only moving (the customer had been asked to choose). */
  parcelArrived?: boolean;
  /** With movingAgain: the number the customer was told for the stuck parcel, when the export now shows another. */
  earlierTrackingNumber?: string | null;
  /** A reship sent again: the earlier replacement, which got stuck too. */
  replacedParcel?: { trackingNumber: string | null; carrier: string | null } | null;
  /**
   * The coupon an offer promised with every choice, when the offer no longer needs an answer (the
   * stuck parcel moves again): this message gives it, as the notice said it would be given.
   */
  couponOwed?: Coupon | null;
  /** A confirmation that is the first message about this case: it must say sorry and what went wrong. */
  firstWord?: boolean;
  /** The remedy this confirmation replaces, and when the customer was told it. */
  /** The plan this one replaces, when it was told, and every refund the case's plans started so far (minor units). */
  previous?: { terms: Terms; toldAt: number | null; refunded?: number; withdrawn?: boolean } | null;
  /** A notice that replaces an earlier one with other choices: when that went, and the substitutes it offered that are gone. */
  offerChanged?: { toldAt: number; goneSubstitutes: { sku: string; title: string | null; variant: string | null; quantity: number }[] } | null;
}

const BULLET: Record<Lang, string> = { zh: '· ', 'zh-Hant': '· ', ja: '・', en: '- ' };

/** Which stall the carrier's data shows: the notice words each one differently and never calls a short stall "lost". */
export type StallKind = 'no_first_scan' | 'no_new_scan' | 'customs' | 'exception' | 'lost';

/**
 * Whether the wait an offer gives ends past what the customer's silence may agree to (the US Mail
 * Order Rule: 30 days past the promised ship date): the offer must then ask for a yes, and the
 * ledger holds the shop to cancelling and refunding without one.
 */
export function offerWaitNeedsYes(facts: CaseFacts, waitDate: number | null, config: Config): boolean {
  if (waitDate === null || facts.stalled) return false;
  const ends = silentWaitEnds(facts.shipBy, facts.order.paidAt, homeCountry(config));
  return ends !== null && waitDate > ends;
}

export function stallKindOf(facts: Pick<CaseFacts, 'stalled' | 'tracking' | 'clockEvent'>): StallKind | null {
  if (!facts.stalled) return null;
  if (facts.stalled === 'probably_lost') return 'lost';
  const t = facts.tracking;
  const event = facts.clockEvent ?? null;
  if (event === 'customs' || /customs|clearance|海关|清关|通関|税関/i.test(t?.lastEvent ?? '')) return 'customs';
  if (event === 'no_first_scan' || !t || t.lastEventAt === null || t.status === 'pending' || t.status === 'info_received') return 'no_first_scan';
  if (event === 'exception' || facts.stalled === 'exception') return 'exception';
  return 'no_new_scan';
}

export function itemText(l: { title: string | null; variant: string | null; sku: string | null }, quantity: number, lang: Lang): string {
  const name = l.title ?? l.sku ?? '?';
  const values = variantValues(l.variant);
  // A title that names the variant already ("茶杯 青瓷" with 颜色分类：青瓷) does not say it twice.
  const shown = values.length && !values.every((x) => namesValue(name, x)) ? values.join(VALUE_JOINER[lang]) : '';
  const variant = shown ? (lang === 'en' ? ` (${shown})` : `（${shown}）`) : '';
  // "×" is not in the GSM-7 alphabet: one in an English SMS turns the whole text into UCS-2, 70
  // characters a segment instead of 160. Chinese and Japanese SMS are UCS-2 anyway.
  return `${name}${variant} ${lang === 'en' ? 'x' : '×'} ${quantity}`;
}

/** Whether a title says a variant value already, as a word of its own ("Tee XL", not the M of "Merino"). */
const namesValue = (title: string, value: string) => {
  const at = title.indexOf(value);
  const latin = /[A-Za-z0-9]/;
  return at >= 0 && !latin.test(title[at - 1] ?? '') && !latin.test(title[at + value.length] ?? '');
};

const VALUE_JOINER: Record<Lang, string> = { en: ', ', zh: '，', 'zh-Hant': '，', ja: '／' };

/**
 * A variant as a customer reads it: the values without the export's labels. Taobao writes
 * "颜色分类：米白;尺码：1.8m床", Etsy "Color:Navy,Size:M", Rakuten "カラー:ネイビー サイズ:M": a
 * message reads 米白，1.8m床. A variant that is not wholly "label: value" parts (Shopify's
 * "Navy / M", a value with a colon of its own) is kept as it is.
 */
export function variantValues(variant: string | null): string[] {
  const text = variant?.trim();
  if (!text) return [];
  const LABELLED = /^([^:：]{1,20}?)\s*[:：]\s*(\S.*)$/u;
  const parts = text.split(/\s*(?:[;；\n]|[,，](?=[^,，:：]{1,20}[:：])|\s(?=[^\s:：]{1,20}[:：]))\s*/u).filter(Boolean);
  const values = parts.map((p) => LABELLED.exec(p)?.[2]?.trim() ?? null);
  return values.every((x): x is string => !!x) ? values : [text];
}

const list = (texts: string[], lang: Lang) => texts.map((t) => `${BULLET[lang]}${t}`).join('\n');

function summary(texts: string[], lang: Lang): string {
  if (texts.length <= 1) return texts[0] ?? '';
  const more = texts.length - 1;
  // 件 counts pieces ("× 2 等2件" read as two pieces in all), and "× 2 等2种" set two 2s side by side: "and N more kinds".
  return lang === 'zh' || lang === 'zh-Hant' ? `${texts[0]} 及另${more}${lang === 'zh' ? '种' : '項'}商品` : lang === 'ja' ? `${texts[0]} ほか${more}点` : `${texts[0]} and ${more} more`;
}

/**
 * How an SMS names a long order id: its last four digits ("尾号4567", "末尾4567", "ending 4567"),
 * the way Chinese and Japanese shops do; a short id (#1001) is named whole.
 */
function orderTail(id: string): string {
  const plain = id.replace(/^#/, '');
  return plain.length > 8 ? plain.slice(-4) : id;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const KANA = /[\u3040-\u30ff]/;
const HANGUL = /[\uac00-\ud7af]/;

/** Whether free text from the shop's data is written in a script this reader reads. */
export function readsAs(text: string, lang: Lang): boolean {
  if (lang === 'en') return !HAN.test(text) && !KANA.test(text) && !HANGUL.test(text);
  if (lang === 'ja') return HAN.test(text) || KANA.test(text);
  return HAN.test(text) && !KANA.test(text);
}

/**
 * Characters of a product title an SMS keeps (titles run to 60 and more on marketplaces). A
 * Chinese or Japanese SMS counts every character as two of an English one's (UCS-2, 67 to a
 * part), so it keeps fewer.
 */
const smsTitle = (lang: Lang) => (lang === 'en' ? 16 : 12);

/** The first `n` characters, back to the last space when that cuts a Latin word in two ("Organic Jasmine…", not "Organic Jas…"). */
function cutAtWord(chars: string[], n: number): string {
  const head = chars.slice(0, n).join('');
  if (!/[A-Za-z]$/.test(head) || !/^[A-Za-z]/.test(chars[n] ?? '')) return head.trimEnd();
  const space = head.lastIndexOf(' ');
  return space >= n / 2 ? head.slice(0, space).trimEnd() : head.trimEnd();
}

/** The problem item as an SMS names it: its title cut short, and how many more items there are. */
function shortItem(lines: { title: string | null; sku: string | null }[], lang: Lang, titleChars = smsTitle(lang)): string {
  if (!lines.length) return '';
  const name = [...(lines[0]!.title ?? lines[0]!.sku ?? '?').trim()];
  // "…" is not GSM-7: an English SMS cuts with three dots.
  const title = name.length > titleChars ? `${cutAtWord(name, titleChars - 1)}${lang === 'en' ? '...' : '…'}` : name.join('');
  const more = lines.length - 1;
  if (!more) return title;
  return lang === 'zh' || lang === 'zh-Hant' ? `${title}等${lines.length}${lang === 'zh' ? '种' : '項'}` : lang === 'ja' ? `${title}ほか${more}点` : `${title} +${more} more`;
}

export function buildView(subject: MessageSubject, lang: Lang, config: Config, now: number): View {
  const { facts, terms, options } = subject;
  const tz = config.shop.timezone;
  const cur = currencyOf(facts, config);
  const money = (minor: number) => formatPrice(minor, cur, lang);
  // The reader's country sets how an English date reads (month first in the US); an order with none is the shop's own customer's.
  const region = subject.facts.order.country?.trim() ? normaliseCountry(subject.facts.order.country) : homeCountry(config);
  const day = (ms: number) => formatDay(ms, lang, tz, now, region);
  const v: View = Object.create(null) as View;
  const set = (key: string, value: string | boolean | null | undefined) => {
    if (!(key in VIEW_VARIABLES)) throw new Error(`view variable ${key} is not in the allowlist`);
    if (value === null || value === undefined || value === '' || value === false) return;
    v[key] = value;
  };
  const kind = primaryKind(facts);
  const o = facts.order;

  set('shop_name', config.shop.name);
  // Amazon: no phone number or email address of the shop's own in a message to the buyer (the
  // signature goes without them); the buyer answers through the platform's messaging.
  if (platformRules(o.channel).shopContact) {
    set('shop_phone', config.shop.phone);
    set('shop_email', config.shop.email);
  }
  set('staff_name', config.shop.staff);
  set('customer_name', o.customerName?.trim());
  set('order_id', o.orderId);
  set('customer_phone', o.phone?.trim());
  set('customer_email', o.email?.trim());
  set('order_tail', orderTail(o.orderId));
  set('order_long', o.orderId.replace(/^#/, '').length > 8);
  if (o.paidAt !== null) set('order_date', day(o.paidAt));
  set('pay_on_delivery', refundMethodOf(o.paymentMethod, o.channel) === 'cod');
  set('refund_by_bank', refundMethodOf(o.paymentMethod, o.channel) === 'bank');
  const value = orderValue(facts);
  if (value !== null) set('order_total', money(value));

  const pending = facts.lines.filter((l) => l.requiresShipping && l.quantity > l.fulfilledQuantity);
  const itemsOf = (ls: typeof facts.lines) => ls.map((l) => itemText(l, l.quantity - l.fulfilledQuantity || l.quantity, lang));
  // A stuck parcel oos recorded (the substitute sent in place of the missing item, a split's first
  // part) is named by what it carried, not by the order's lines.
  const stuck = kind === 'stalled' && facts.stuckParcel?.items.length ? stuckItems(facts) : null;
  const stuckTexts = stuck?.map((i) => itemText(i, i.quantity, lang));
  set('items', list(stuckTexts ?? itemsOf(pending.length ? pending : facts.lines), lang));
  const problem =
    kind === 'oversold' ? facts.short.map((s) => itemText(s, s.short, lang)) : (stuckTexts ?? itemsOf(kind === 'late' ? pending : facts.lines));
  set('problem_items', list(problem, lang));
  set('item', summary(problem, lang));
  // A full refund is for all of it: "including 1 × tea" of an order of three read as 6,480 yen for one.
  const ordered = facts.lines.map((l) => itemText(l, l.quantity, lang));
  set('order_items', ordered.length <= 3 ? ordered.join(lang === 'en' ? ', ' : '、') : summary(ordered, lang));
  const problemLines = kind === 'oversold' ? facts.short : kind === 'late' ? pending : (stuck ?? facts.lines);
  set('item_short', shortItem(problemLines, lang));
  if (facts.shipBy !== null) set('ship_by', day(facts.shipBy));
  // The reply deadline is an instant: shown in the customer's time zone, with the zone named.
  const replyBy = subject.offer?.replyBy ?? now + 24 * HOUR;
  const customerTz = customerTimeZone(o.country, tz);
  set('reply_by', `${formatDayTime(replyBy, lang, customerTz, now, region)}${lang === 'en' ? ` (${zoneLabel(customerTz, lang, replyBy)})` : `（${zoneLabel(customerTz, lang, replyBy)}）`}`);

  set('is_oversold', kind === 'oversold');
  // Collected at the shop: what waits for stock (or a swap) is made ready to collect, never shipped.
  set('pickup', o.pickup === true);
  set('is_late', kind === 'late');
  set('is_stalled', kind === 'stalled');
  set('also_late', kind === 'oversold' && facts.late === 'overdue');
  set('overdue', facts.shipBy !== null && facts.shipBy <= now);
  // Without a ship-by day nothing has been missed yet, but no day can be named either: the templates
  // speak of a ship-by day only when there is one.
  set('at_risk', kind === 'late' && facts.shipBy !== null && facts.shipBy > now);
  set('probably_lost', facts.stalled === 'probably_lost');
  const stall = stallKindOf(facts);
  set('stall_no_first_scan', stall === 'no_first_scan');
  set('stall_no_new_scan', stall === 'no_new_scan');
  set('stall_customs', stall === 'customs');
  set('stall_exception', stall === 'exception');
  set('ship_day', shipDayText(now, tz, lang, region));
  set('moving_again', subject.movingAgain === true);
  set('parcel_arrived', subject.movingAgain === true && subject.parcelArrived === true);
  if (subject.movingAgain === true && subject.earlierTrackingNumber) set('earlier_tracking_number', subject.earlierTrackingNumber);
  if (subject.replacedParcel) {
    set(subject.terms?.remedy === 'refund' ? 'replacement_stuck' : 'reship_again', true);
    set('previous_reship_tracking', subject.replacedParcel.trackingNumber);
  }
  set('first_word', subject.firstWord === true && subject.terms !== null);

  const t = facts.tracking;
  set('tracking_number', subject.trackingNumber ?? t?.trackingNumber ?? o.trackingNumber);
  const carrierName = (name: string | null | undefined) => (name ? carrierNameFor(name, lang) : name);
  set('carrier', carrierName(t?.carrier ?? o.carrier));
  // The carrier's and the shop's own words reach the customer only in a script they read: an
  // English scan event or substitute note is left out of a Chinese or Japanese message.
  if (t?.lastEvent && readsAs(t.lastEvent, lang)) set('last_event', t.lastEvent);
  // The carrier's last scan in the reader's own time, as the reply deadline is; the zone is named unless
  // the reader is known to share the shop's (an order with no country is the shop's own customer's):
  // a customer in a country of several zones, or one oos has no zone for, is not left guessing.
  if (t?.lastEventAt != null) {
    const shared = customerTz === tz && (!o.country?.trim() || countryZone(o.country) === tz);
    const zone = shared ? '' : lang === 'en' ? ` (${zoneLabel(customerTz, lang, t.lastEventAt)})` : `（${zoneLabel(customerTz, lang, t.lastEventAt)}）`;
    set('last_event_at', `${formatDayTime(t.lastEventAt, lang, customerTz, now, region)}${zone}`);
  }

  // A parcel message names that parcel: its number, its carrier and what is in it.
  if (subject.parcel) {
    set('tracking_number', subject.parcel.trackingNumber);
    if (subject.parcel.carrier) v.carrier = carrierNameFor(subject.parcel.carrier, lang);
    set('parcel_items', list(subject.parcel.items.map((i) => itemText(i, i.quantity, lang)), lang));
    if (subject.parcelDeliveredAt != null) {
      set('parcel_delivered', true);
      set('delivered_on', day(subject.parcelDeliveredAt));
    }
    if (subject.correctedNumber) set('wrong_tracking_number', subject.correctedNumber);
  }

  // The offer: as the ledger recorded it when there is one (a reminder repeats it exactly), else as it stands now.
  // A confirmation (terms) or a reminder (the recorded offer) drafts nothing: thousands are rendered in one follow-up run.
  const drafted = terms || subject.offer ? null : offerTerms(facts, options, config, now);
  const offered = new Set(subject.offer ? subject.offer.options.map((x) => x.remedy) : drafted ? statable(options, drafted) : options.filter((x) => x.offered).map((x) => x.remedy));
  if (!terms) {
    set('offer_wait', offered.has('wait'));
    set('offer_substitute', offered.has('substitute'));
    set('offer_split', offered.has('split'));
    set('offer_reship', offered.has('reship'));
    const count = offered.size + (offered.has('refund') ? 0 : 1);
    set('single_option', count <= 1);
    set('several_options', count > 1);
  }
  // A wait for the carrier ends in "a new parcel or a refund" only while there is stock to send a
  // new parcel: without it the customer is promised the refund alone, and asked again if stock comes.
  if (kind === 'stalled') set('can_reship', options.some((x) => x.remedy === 'reship' && x.available));
  if (kind === 'oversold') {
    set('no_substitute', !offered.has('substitute'));
    set('no_restock_date', knownRestockDate(facts.short) === null);
  }
  const reason = terms?.reason ?? subject.offer?.reason ?? null;
  // The operator's own words, their final full stop dropped: each template ends the sentence itself.
  set('reason', reason?.trim().replace(/[。．.！!]+$/u, '') || null);

  // The first notice shows each offered choice with its own terms; a confirmation shows the chosen one.
  const shown: Terms[] = terms ? [terms] : subject.offer ? subject.offer.options.flatMap((x) => (x.terms ? [x.terms] : [])) : drafted!;
  for (const s of shown) applyTerms(set, s, facts, lang, money, day, !terms);
  // After the terms: the coupon the ledger holds, never one drafted for the view.
  if (subject.couponOwed) {
    set('has_coupon', true);
    applyCoupon(set, subject.couponOwed, money, day, facts.order.channel);
    set('coupon_given_now', true);
  }
  // Which choices the offer's coupon comes with, as the ledger recorded it: a reminder must not move it.
  if (!terms && shown.some((s) => s.coupon)) {
    // "Whichever you choose" needs a choice: a lone option carries its coupon itself.
    const every = shown.length > 1 && shown.every((s) => s.coupon);
    set('coupon_every', every);
    // Otherwise each choice says whether it comes with one, as the offer recorded it (waiting and a
    // refund with, a split without, say): a sentence about "the refund only" dropped the wait's.
    for (const remedy of ['split', 'wait', 'substitute', 'reship', 'refund'] as const)
      set(`coupon_on_${remedy}`, !every && shown.some((s) => s.remedy === remedy && s.coupon !== null));
  }
  if (!terms && offered.has('wait') && v.wait_date === undefined) set('wait_date', day(defaultDate(facts, config, now)));
  if (!terms) set('wait_needs_yes', offered.has('wait') && offerWaitNeedsYes(facts, shown.find((x) => x.remedy === 'wait')?.date ?? defaultDate(facts, config, now), config));
  // A late notice whose wait needs no answer is, for a customer who stays silent, the last word
  // before the parcel: a coupon that comes with every choice is given in it, not only promised.
  if (!terms && kind === 'late' && v.coupon_every === true && v.wait_needs_yes !== true) set('coupon_given_now', true);
  if (terms) {
    set('customer_chose', terms.decidedBy === 'customer');
    set('shop_decided', terms.decidedBy !== 'customer');
  }
  if (subject.slipped) {
    set('old_date', day(subject.slipped.oldDate));
    if (subject.slipped.newDate !== null) {
      set('new_date', day(subject.slipped.newDate));
      set('has_new_date', true);
    }
    set('slipped_restock', subject.slipped.kind === 'restock');
    set('slipped_passed', subject.slipped.early !== true);
    set('slipped_moved', subject.slipped.early === true);
    set('slipped_ship', subject.slipped.kind === 'ship');
    set('slipped_carrier', subject.slipped.kind === 'carrier_answer');
  }
  const consentBy = subject.slipped?.consentBy ?? subject.consentBy ?? null;
  if (consentBy !== null) {
    set('consent_needed', true);
    // The end of that day where the customer is: the day alone says it.
    set('consent_by', formatDay(consentBy, lang, customerTz, now, region));
  }
  // What the delay notice said would happen without a yes is happening: said so, not as a change of plan.
  if (subject.noAnswerBy != null) set('no_answer_by', formatDay(subject.noAnswerBy, lang, customerTz, now, region));
  if (subject.refundStartedAt != null) set('refund_started', day(subject.refundStartedAt));
  set('refund_asked', subject.refundAsked === true);
  if (subject.previous && terms) {
    applyChange(set, subject.previous, terms, lang, money, day, refundMethodOf(facts.order.paymentMethod, facts.order.channel) === 'cod', refundMethodOf(facts.order.paymentMethod, facts.order.channel) === 'bank');
    // The day the earlier plan named came and went without it: the change note says sorry for that first.
    const was = subject.previous.terms;
    if (was.date !== null && (v.was_ship === true || v.was_wait === true) && daysBetween(was.date, now, tz) > 0) set('missed_day', day(was.date));
  }
  if (subject.offerChanged) {
    // The layout's change note, worded for choices rather than a plan: "this replaces our message of …".
    set('changed', true);
    set('offer_changed', true);
    set('changed_on', day(subject.offerChanged.toldAt));
    const gone = subject.offerChanged.goneSubstitutes;
    if (gone.length) {
      set('substitute_gone', true);
      set('gone_substitute', gone.map((s) => itemText(s, s.quantity, lang)).join(lang === 'en' ? ', ' : '、'));
    }
  }
  return v;
}

/**
 * The offered choices the customer can be told in full: a choice whose terms cannot be
 * drafted (a split whose part-refund needs prices the export lacks) is not offered at all,
 * rather than offered without its terms. The refund stays: its amount may be "to be confirmed".
 */
export function statable(options: RemedyOption[], drafted: Terms[]): Remedy[] {
  return options.filter((x) => x.offered && (x.remedy === 'refund' || drafted.some((t) => t.remedy === x.remedy))).map((x) => x.remedy);
}

/** The terms each offered choice would have today (the refund is always among them). */
export function offerTerms(facts: CaseFacts, options: RemedyOption[], config: Config, now: number, coupon?: Coupon | null, refundedEarlier = 0): Terms[] {
  const offered = new Set(options.filter((x) => x.offered).map((x) => x.remedy));
  const shown: Terms[] = [];
  for (const r of ['wait', 'substitute', 'split', 'reship', 'refund'] as const) {
    if (!offered.has(r) && r !== 'refund') continue;
    try {
      // The coupon an earlier offer promised comes back only with the choices that carry one: a split
      // or a swap that came without it then must not gain it when the offer is sent again by SMS,
      // or the two messages would differ and the customer would get a second reply-by.
      // Money the case's earlier plan refunded (a cheaper substitute's difference) is not offered again.
      const terms = draftTerms(facts, r, r === 'refund' && refundedEarlier > 0 ? { refundedEarlier } : {}, config, now);
      shown.push(terms.coupon && coupon ? { ...terms, coupon } : terms);
    } catch {
      /* a choice whose terms cannot be drafted (unknown amount) is shown without them */
    }
  }
  // A coupon issued with these choices lasts past the longest wait among them: every message names one
  // last day for it (the offer, its reminders, the confirmation), whichever the customer chooses.
  const due = shown.map(waitsUntil).filter((d): d is number => d !== null);
  if (!coupon && due.length) {
    const longest = Math.max(...due);
    return shown.map((t) => (t.coupon ? { ...t, coupon: lastingPast(t.coupon, longest, config) } : t));
  }
  return shown;
}

function applyTerms(
  set: (k: string, v: string | boolean | null | undefined) => void,
  t: Terms,
  facts: CaseFacts,
  lang: Lang,
  money: (n: number) => string,
  day: (n: number) => string,
  offer: boolean,
): void {
  if (t.date !== null && (t.remedy === 'wait' || t.remedy === 'split')) set('wait_date', day(t.date));
  if (t.remedy === 'substitute') {
    set('substitute', t.substitutes.map((s) => itemText(s, s.quantity, lang)).join(lang === 'en' ? ', ' : '、'));
    // What the customer will get instead is worth its few more characters than the item that ran out.
    set('substitute_short', shortItem(t.substitutes, lang, 16));
    set('substitute_note', [...new Set(t.substitutes.map((s) => s.note).filter((n): n is string => !!n && readsAs(n, lang)))].join(' / '));
    const diffs = t.substitutes.map((s) => s.priceDiff);
    const total = diffs.every((d) => d !== null) ? diffs.reduce<number>((a, d) => a + d!, 0) : null;
    set('price_higher', total !== null && total > 0);
    set('price_lower', total !== null && total < 0);
    set('price_same', total === null || total === 0);
    if (total !== null && total !== 0) set('price_diff', money(Math.abs(total)));
  }
  if (t.remedy === 'split') {
    set('ship_now_items', shipNowUnits(facts).map((u) => `${BULLET[lang]}${itemText(u.line, u.quantity, lang)}`).join('\n'));
    set('later_items', facts.short.map((s) => `${BULLET[lang]}${itemText(s, s.short, lang)}`).join('\n'));
    set('later_one', facts.short.length === 1 && facts.short[0]!.short === 1);
    set('rest_wait', t.splitRest === 'wait');
    set('rest_refund', t.splitRest === 'refund');
    if (t.refund !== null) set('split_refund_amount', money(t.refund));
  }
  // A wait for what is left of an order whose other items have shipped: giving up on it (or saying no
  // yes in time) cancels and refunds those items only, as the ledger holds it; never "a full refund" of the order.
  if (t.remedy === 'wait' && t.kind !== 'stalled' && !offer && facts.lines.some((l) => l.requiresShipping && l.fulfilledQuantity > 0) && facts.lines.some((l) => l.requiresShipping && l.fulfilledQuantity < l.quantity))
    set('rest_wait', true);
  if (t.refund !== null) {
    // In a notice the refund choice names its amount; a confirmation names what is refunded, and whether that is all of it.
    if (!offer || t.remedy === 'refund') {
      // By bank transfer an earlier plan's refund may not have been sent yet (the shop waits for the
      // customer's account, and nobody can tell): the message names one sum, all that is owed, which is
      // true either way; the operator is told what to send.
      const owedInOne = refundMethodOf(facts.order.paymentMethod, facts.order.channel) === 'bank' && !offer && t.refundEarlier ? t.refundEarlier : 0;
      set('refund_amount', money(t.refund + owedInOne));
      // Said outright: the earlier plan's transfer is inside that sum, not on top of it.
      if (owedInOne) {
        set('refund_with_transfer', money(owedInOne));
        set('refund_rest', money(t.refund));
      }
      // A choice offered after part was refunded already is "a refund of ¥149", not "a full refund of ¥149"
      // of a ¥199 order (the confirmation then says both amounts).
      const fullNow = t.refundFull === true && !(offer && t.refundEarlier);
      set('refund_full', fullNow);
      set('refund_partial', !fullNow);
      if (t.refundFull !== true && t.refundLines.length) set('refund_items', list(t.refundLines.map((l) => itemText(l, l.quantity, lang)), lang));
      if (t.refundEarlier && !owedInOne) {
        set('refund_earlier_amount', money(t.refundEarlier));
        set('refund_total_amount', money(t.refundEarlier + t.refund));
      }
      // What the SMS names in brackets: the whole order for a full refund ("Jasmine Pearls +2 more"),
      // not just the item that ran out. The first name is cut a little shorter to leave room for the count.
      if (t.refundLines.length) set('refund_items_short', shortItem(t.refundLines, lang, t.refundLines.length > 1 ? smsTitle(lang) - 4 : smsTitle(lang)));
    }
    if (!offer) set('has_refund', true);
  }
  if (t.coupon) applyCoupon(set, t.coupon, money, day, facts.order.channel);
  if (t.remedy === 'reship') {
    set('new_tracking_number', t.trackingNumber);
    // The new parcel's carrier, which the operator may have changed (--carrier), not the lost one's.
    if (t.trackingNumber !== null && t.carrier) set('carrier', carrierNameFor(t.carrier, lang));
    set('has_new_tracking', t.trackingNumber !== null);
    set('new_parcel_preparing', t.trackingNumber === null);
    set('carrier_claim', t.carrierClaim && facts.stalled === 'probably_lost');
  }
}

/** What the customer was told before and what of it still holds: the change note's facts. */
function applyChange(
  set: (k: string, v: string | boolean | null | undefined) => void,
  previous: { terms: Terms; toldAt: number | null; refunded?: number; withdrawn?: boolean },
  now: Terms,
  lang: Lang,
  money: (n: number) => string,
  day: (n: number) => string,
  payOnDelivery: boolean,
  /** A bank transfer is made once the customer sends an account: it may not have been made yet, so it is never "already refunded". */
  byBankTransfer: boolean,
): void {
  const was = previous.terms;
  set('changed', true);
  if (previous.toldAt !== null) set('changed_on', day(previous.toldAt));
  // A late order's wait is a later ship day, not a restock: it is told as one.
  if (was.remedy === 'wait' && was.kind === 'late') {
    set('was_ship', true);
    if (was.date !== null) set('was_ship_date', day(was.date));
  } else if (was.remedy === 'wait' && was.kind === 'stalled') {
    // A stuck parcel's wait is time for the carrier to find it, not for new stock.
    set('was_carrier', true);
    if (was.date !== null) set('was_carrier_date', day(was.date));
  } else if (was.remedy === 'split' && was.splitRest === 'refund') {
    // One parcel and a refund: never recalled as "two parts".
    set('was_split_refund', true);
  } else {
    set(`was_${was.remedy}`, true);
    if (was.date !== null && (was.remedy === 'wait' || was.remedy === 'split')) set('was_date', day(was.date));
  }
  if (was.remedy === 'substitute') set('was_substitute_item', was.substitutes.map((s) => itemText(s, s.quantity, lang)).join(lang === 'en' ? ', ' : '、'));
  if (was.refund !== null && (was.remedy === 'refund' || was.remedy === 'split')) set('was_refund_amount', money(was.refund));
  // Money the earlier plan refunded stays refunded (the ledger counts it): "this replaces that plan"
  // must not read as taking it back. A new refund says so itself ("after the ¥50 refunded earlier").
  // (All of it: a partial refund, then a swap's difference, is two refunds the customer has.)
  const refunded = previous.refunded ?? (was.refund ?? 0) + (was.refundEarlier ?? 0);
  // By bank transfer it may not have been sent yet: it is "still coming", never "already refunded".
  // Taken back (the goods it paid for are sent instead, before any transfer): it will not be made.
  if (refunded > 0 && !payOnDelivery && now.remedy !== 'refund') set(previous.withdrawn ? 'withdrawn_transfer' : byBankTransfer ? 'kept_transfer' : 'kept_refund', money(refunded));
  set('still_coupon', was.coupon !== null && now.coupon !== null && was.coupon.code === now.coupon.code);
}

function applyCoupon(set: (k: string, v: string | boolean) => void, c: Coupon, money: (n: number) => string, day: (n: number) => string, channel: string | null): void {
  set('has_coupon', true);
  set('coupon_amount', money(c.amount));
  set('coupon_expiry', day(c.expiresAt));
  // Taobao, Pinduoduo, JD: the shop issues the coupon into the buyer's account; there is no code to
  // type, so none is named (a template that still says {{coupon_code}} outside coupon_has_code fails loudly).
  if (platformRules(channel).coupon === 'account') set('coupon_to_account', true);
  else {
    set('coupon_has_code', true);
    set('coupon_code', c.code);
  }
}
