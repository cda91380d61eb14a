/**
 * The truth gate: every customer message passes here, after rendering and
 * before it is written. It checks what the message says against the case and
 * the promise ledger, and names each thing that would be false. A message with
 * a problem is not written: the operator is told what is missing instead.
 *
 * It reads the rendered text too, with a small phrase list per language, so a
 * shop's own templates are held to the same rules as the built-in ones.
 */
import type { Lang } from './config.js';
import type { View } from './message-view.js';
import type { RefundMethod } from './refund-method.js';
import { isStalledNumber, stalledNumbers, trackingKey, type Parcel } from './parcels.js';
import { orderValue, type CaseFacts, type Terms } from './remedies.js';
import { smsCost, SMS_MAX_SEGMENTS } from './sms.js';

/** What the operator must supply before the message can be true. */
export type GateNeed = 'tracking_number' | 'new_date' | 'template' | 'decision' | 'shorter';

export interface GateProblem {
  rule: string;
  detail: string;
  needs: GateNeed;
}

export interface GateInput {
  intent: string;
  lang: Lang;
  /** Everything the customer reads: subject and text. */
  text: string;
  /** The text of an SMS (null for other channels): it must fit the SMS budget whatever the template. */
  smsText?: string | null;
  view: View;
  facts: CaseFacts;
  /** The chosen remedy's terms (confirmations, follow-ups); null for notices and reminders. */
  terms: Terms | null;
  /** The terms each shown choice carries (notices and reminders). */
  shownTerms: Terms[];
  /** A reminder must repeat the offer the ledger holds: its choices' terms and its reply deadline. */
  ledgerOffer: { terms: Terms[]; replyBy: number } | null;
  replyBy: number | null;
  parcels: Parcel[];
  /** The parcel a "shipped" message announces. */
  parcel: Parcel | null;
  refundMethod: RefundMethod;
  /** The moment the message speaks from. */
  at: number;
  /** Whether a delay notice may go out before the ship-by time has passed (config). */
  atRiskNotices: boolean;
}

type Phrases = Record<Lang, RegExp>;

/** "Nothing for you to do": only true when the customer has nothing to send. */
const NOTHING_TO_DO: Phrases = {
  en: /nothing (for you )?to do|(don't|do not) need to do anything|no action (is )?needed/i,
  zh: /无需(任何)?操作|不(用|需要)(做)?任何操作|您什么都不用做|无须操作/,
  'zh-Hant': /無(需|須)(任何)?操作|不(用|需要?)(做)?任何(操作|手續)|您什麼都不用做|不需(要)?另外(操作|辦理)/,
  ja: /お手続きは不要|ご対応は不要|何もしていただく必要はございません/,
};
/** Asking the customer for something (bank details, an account). */
const ASKS_FOR: Phrases = {
  en: /reply with your bank|account (name|number)/i,
  zh: /银行账户|收款账户|开户(行|名)|收款的银行|户名和账号/,
  'zh-Hant': /銀行帳戶|收款(帳戶|帳號)|開戶(行|名)|收款的銀行|戶名(和|及|與)帳號/,
  ja: /口座(番号|名義)|振込先/,
};
const FULL_REFUND: Phrases = {
  en: /full refund|refund (you )?in full|refund the full/i,
  zh: /全额退款|全款退/,
  'zh-Hant': /全額退(款|還)|全款退/,
  ja: /全額(を)?(ご)?返金/,
};
const CHOOSE_ONE: Phrases = {
  en: /pick the one|choose one|which (one )?(would you|you'd) prefer|one of the following/i,
  zh: /请选择|任选其一|以下(几|两)种方案/,
  'zh-Hant': /請選擇|任選其一|以下(幾|兩)種方案|從以下方式中選擇/,
  ja: /お選びください|いずれかをお選び|以下の中から/,
};
const RELATIVE_DAYS: Phrases = { en: /\b(yesterday|tomorrow)\b/i, zh: /昨天|明天/, 'zh-Hant': /昨天|明天|昨日|明日/, ja: /昨日|明日/ };
const THANKS_FOR_CHOOSING: Phrases = {
  en: /thanks? (you )?for (choosing|taking the swap|agreeing|your choice|waiting|bearing with us)/i,
  zh: /(感谢|谢谢)您(的)?(选择|同意|愿意)|谢谢您接受/,
  'zh-Hant': /(感謝|謝謝)您(的)?(選擇|同意|願意)|謝謝您接受/,
  ja: /(お選び|ご選択|ご了承|ご同意|ご承諾|ご快諾)いただき(まして)?、?(誠に)?ありがとう|お待ちいただけるとのこと/,
};
/** Causes a template might state as fact without anyone having said so. */
const GUESSED_REASON: Phrases = {
  en: /fell behind|behind on packing|stock count was wrong|warehouse backlog/i,
  zh: /打包积压|打包发货排不过来|库存(数据|数量)?(有误|出错|没有核对好)|仓库爆仓/,
  'zh-Hant': /打包積壓|(打包|出貨)(作業)?排不過來|庫存(資料|數量|數據)?(有誤|出錯|沒有核對好)|倉庫爆倉/,
  ja: /出荷作業が(遅れ|立て込)|在庫(数|管理)(に誤り|の不備)/,
};
const MISSED_SHIP_DATE: Phrases = {
  en: /missed its ship date|didn't ship by|did not ship by/i,
  zh: /未能在.*发货|没能按时发货|已超过.*发货/,
  'zh-Hant': /(未|沒)能在.*(發貨|出貨|寄出)|(未|沒)能(按時|如期)(發貨|出貨|寄出)|已超過.*(發貨|出貨)/,
  ja: /までに発送できず|発送が遅れており/,
};
const ALREADY_SENT: Phrases = {
  en: /we've sent (a new parcel|your order|it) again|new parcel (for order \S+ )?is on its way|it has shipped/i,
  zh: /已(经)?[^，。]{0,8}(寄出|发出)/,
  'zh-Hant': /已(經)?[^，。]{0,8}(寄出|發出|出貨)/,
  ja: /再送いたしました|お送りいたしました|発送いたしました|発送済み/,
};

/** Every problem with the message; empty when it may be written. */
export function checkMessage(g: GateInput): GateProblem[] {
  const problems: GateProblem[] = [];
  const no = (rule: string, detail: string, needs: GateNeed = 'template') => problems.push({ rule, detail, needs });
  const says = (p: Phrases) => p[g.lang].test(g.text);
  const stuck = stalledNumbers(g.parcels);
  const orderId = g.facts.order.orderId;

  // A custom template, or unusually long data, can make an SMS cost more than the budget: withheld, not sent in pieces.
  if (g.smsText) {
    const cost = smsCost(g.smsText);
    if (cost.segments > SMS_MAX_SEGMENTS) no('sms_length', `the SMS would be ${cost.segments} parts (${cost.units} ${cost.encoding} characters), more than ${SMS_MAX_SEGMENTS}`, 'shorter');
  }

  // "Shipped" only with a parcel that really left, never the stuck or lost one.
  if (g.intent === 'followup-shipped') {
    const told = typeof g.view.tracking_number === 'string' ? g.view.tracking_number : null;
    if (!g.parcel || !g.parcel.trackingNumber) no('shipped_needs_parcel', `no parcel of ${orderId} has left with a tracking number yet`, 'tracking_number');
    else if (isStalledNumber(stuck, g.parcel.trackingNumber) || (told !== null && isStalledNumber(stuck, told)))
      no('shipped_needs_parcel', `${told ?? g.parcel.trackingNumber} is the tracking number of the stuck or lost parcel of ${orderId}`, 'tracking_number');
    else if (told === null || trackingKey(told) !== trackingKey(g.parcel.trackingNumber)) no('shipped_needs_parcel', `the message names ${told ?? 'no tracking number'}, the parcel has ${g.parcel.trackingNumber}`);
    // The items listed are what is in that parcel: all of them when any is listed (an SMS may list none),
    // and never an item of the order that is not in it (the replaced one, the rest of a split).
    if (g.parcel) {
      const inside = g.parcel.items.map((i) => i.title).filter((t): t is string => !!t);
      const listed = inside.filter((t) => g.text.includes(t));
      if (listed.length && listed.length < inside.length) no('parcel_items', `"${inside.find((t) => !listed.includes(t))}" is in the parcel but not in the message`);
      for (const l of g.facts.lines)
        if (l.title && !inside.some((t) => t.includes(l.title!)) && g.text.includes(l.title)) no('parcel_items', `"${l.title}" is named in the message but is not in the parcel`);
    }
  }
  if (typeof g.view.new_tracking_number === 'string' && isStalledNumber(stuck, g.view.new_tracking_number))
    no('shipped_needs_parcel', `${g.view.new_tracking_number} is the stuck or lost parcel's number, not a new one`, 'tracking_number');
  if (g.intent === 'confirm-reship' && !g.view.has_new_tracking && says(ALREADY_SENT))
    no('shipped_needs_parcel', `the reship for ${orderId} has no tracking number yet, but the message says it was sent`, 'tracking_number');

  // Refund wording matches the amount: "full" only when it is the whole order.
  const refunds = (g.terms ? [g.terms] : g.shownTerms).filter((t) => t.refund !== null && (g.terms !== null || t.remedy === 'refund'));
  if (refunds.length && refunds.every((t) => t.refundFull !== true) && says(FULL_REFUND))
    no('refund_wording', `the refund of ${orderId} is part of the order's value, but the message calls it a full refund`);
  // Never more back than the order was worth: a price read in the wrong currency, or a discount the
  // line prices do not show, would have the shop promise money it never took.
  const worth = orderValue(g.facts);
  const over = worth === null ? undefined : (g.terms ? [g.terms] : g.shownTerms).find((t) => t.refund !== null && t.refund > worth);
  if (over) no('refund_amount', `the refund of ${orderId} (${over.refund} in minor units) is more than the order's value (${worth}): check the prices and currency in the export`, 'decision');
  if (says(NOTHING_TO_DO) && (says(ASKS_FOR) || (g.view.has_refund === true && g.refundMethod === 'bank')))
    no('nothing_to_do', 'the message says there is nothing to do and asks the customer for something');

  // A reminder repeats the offer exactly as the ledger recorded it.
  if (g.intent === 'followup-reminder') {
    if (!g.ledgerOffer) no('reminder_terms', `no offer of ${orderId} is recorded to remind of`, 'decision');
    else {
      if (JSON.stringify(g.shownTerms) !== JSON.stringify(g.ledgerOffer.terms)) no('reminder_terms', `the reminder's terms differ from the offer sent to ${orderId}`);
      if (g.replyBy !== g.ledgerOffer.replyBy) no('reminder_terms', `the reminder's reply deadline differs from the offer's`);
    }
  }

  if (g.view.single_option === true && says(CHOOSE_ONE)) no('one_option', 'only one option is offered, but the message asks the customer to choose one');
  if (says(RELATIVE_DAYS)) no('relative_days', 'the message says "yesterday" or "tomorrow"; a message can be read days later, so it names the date');
  if (typeof g.view.reply_by === 'string' && !/[（(][^）)]*[）)]$/.test(g.view.reply_by)) no('deadline_zone', 'the reply deadline does not name its time zone');

  // A delay notice: not before the ship-by time has passed unless at-risk notices are on, and never with a guessed reason.
  if (g.intent === 'notice-late' && g.facts.shipBy !== null && g.facts.shipBy > g.at) {
    if (!g.atRiskNotices) no('late_before_ship_by', `the ship-by time of ${orderId} has not passed yet; at-risk notices are off`, 'decision');
    else if (says(MISSED_SHIP_DATE)) no('late_before_ship_by', `the ship-by time of ${orderId} has not passed, but the message says it was missed`);
  }
  const reason = g.terms?.reason ?? null;
  if (reason === null && typeof g.view.reason !== 'string' && says(GUESSED_REASON)) no('guessed_reason', 'the message gives a reason for the problem that nobody supplied');

  // Thank the customer for a choice only when they made it.
  if (g.terms && g.terms.decidedBy !== 'customer' && says(THANKS_FOR_CHOOSING)) no('thanks_for_choice', `the shop decided the remedy for ${orderId}, but the message thanks the customer for choosing it`);
  return problems;
}
