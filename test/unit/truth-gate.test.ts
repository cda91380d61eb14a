/** The truth gate: each rule stops the message that would say something false, and lets a true one through. */
import { describe, expect, it } from 'vitest';
import { sampleFacts } from '../../src/outbox/template-samples.js';
import { validateConfig } from '../../src/domain/config.js';
import { buildView } from '../../src/domain/message-view.js';
import { parcelsForRemedy, type Parcel } from '../../src/domain/parcels.js';
import { assessRemedies, draftTerms } from '../../src/domain/remedies.js';
import { checkMessage, type GateInput } from '../../src/domain/truth-gate.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config = validateConfig({ shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', currency: 'CNY' } }).config;

function input(over: Partial<GateInput>, kind: 'oversold' | 'late' | 'stalled' | 'lost' = 'oversold'): GateInput {
  const facts = sampleFacts(kind, 'en', config, NOW);
  return {
    intent: 'confirm-wait',
    lang: 'en',
    text: 'Hello',
    view: buildView({ facts, terms: null, options: assessRemedies(facts, config, NOW) }, 'en', config, NOW),
    facts,
    terms: null,
    shownTerms: [],
    ledgerOffer: null,
    replyBy: null,
    parcels: [],
    parcel: null,
    refundMethod: 'card',
    at: NOW,
    atRiskNotices: true,
    ...over,
  };
}
const rules = (g: GateInput) => checkMessage(g).map((p) => p.rule);

describe('the truth gate', () => {
  const lost = sampleFacts('lost', 'en', config, NOW);
  const reship = draftTerms(lost, 'reship', {}, config, NOW);
  const parcels = parcelsForRemedy(reship, lost).map((p, i) => ({ ...p, id: i + 1 }));
  const newParcel: Parcel = { ...parcels.find((p) => p.origin === 'reship')!, trackingNumber: 'SFNEW1', state: 'shipped' };

  it('"shipped" only with a parcel that left, never the stuck one, naming its items', () => {
    const view = { tracking_number: 'SFNEW1' };
    const text = 'on its way: SFNEW1\n- Jasmine Pearl Green Tea (100 g) × 2\n- Aged Pu-erh Tea Cake (357 g) × 1';
    expect(rules(input({ intent: 'followup-shipped', view, text, parcels, parcel: newParcel }, 'lost'))).toEqual([]);
    expect(rules(input({ intent: 'followup-shipped', view, text, parcels, parcel: null }, 'lost'))).toEqual(['shipped_needs_parcel']);
    const old = { ...newParcel, trackingNumber: 'SF1234567890' };
    expect(rules(input({ intent: 'followup-shipped', view: { tracking_number: 'SF1234567890' }, text, parcels, parcel: old }, 'lost'))).toContain('shipped_needs_parcel');
    // An SMS may name no item; a message that lists items lists all of the parcel's, and only those.
    expect(rules(input({ intent: 'followup-shipped', view, text: 'on its way: SFNEW1', parcels, parcel: newParcel }, 'lost'))).toEqual([]);
    expect(rules(input({ intent: 'followup-shipped', view, text: 'SFNEW1\n- Jasmine Pearl Green Tea (100 g) × 2', parcels, parcel: newParcel }, 'lost'))).toEqual(['parcel_items']);
    const onlyTea = { ...newParcel, items: newParcel.items.filter((i) => i.title === 'Jasmine Pearl Green Tea') };
    expect(rules(input({ intent: 'followup-shipped', view, text, parcels, parcel: onlyTea }, 'lost'))).toEqual(['parcel_items']);
    expect(rules(input({ intent: 'confirm-reship', view: {}, text: "We've sent your order again.", parcels }, 'lost'))).toEqual(['shipped_needs_parcel']);
    expect(rules(input({ intent: 'confirm-reship', view: { new_tracking_number: 'SF1234567890', has_new_tracking: true }, text: 'x', parcels }, 'lost'))).toEqual(['shipped_needs_parcel']);
  });

  it('refund wording matches the amount, and "nothing to do" never comes with a request', () => {
    const facts = sampleFacts('oversold', 'en', config, NOW);
    const partial = draftTerms(facts, 'refund', { refundMajor: 30 }, config, NOW);
    expect(partial.refundFull).toBe(false);
    expect(rules(input({ intent: 'confirm-refund', terms: partial, text: 'We have started a full refund of ¥30.00.' }))).toEqual(['refund_wording']);
    expect(rules(input({ intent: 'confirm-refund', terms: partial, text: 'A refund of ¥30.00 for part of your order.' }))).toEqual([]);
    const full = draftTerms(facts, 'refund', {}, config, NOW);
    expect(rules(input({ intent: 'confirm-refund', terms: full, text: 'A full refund of ¥305.00.' }))).toEqual([]);
    // Never more back than the order was worth (a price read in the wrong currency).
    const tooMuch = { ...full, refund: full.refund! + 1, refundFull: false };
    expect(rules(input({ intent: 'confirm-refund', terms: tooMuch, text: 'A refund of ¥305.01 for part of your order.' }))).toEqual(['refund_amount']);
    expect(rules(input({ intent: 'notice-oversold', shownTerms: [tooMuch], text: 'Or a refund of ¥305.01.' }))).toEqual(['refund_amount']);
    expect(rules(input({ text: "You don't need to do anything. Please reply with your bank, account name and account number." }))).toEqual(['nothing_to_do']);
    expect(rules(input({ text: "You don't need to do anything.", view: { has_refund: true }, refundMethod: 'bank' }))).toEqual(['nothing_to_do']);
    expect(rules(input({ lang: 'zh', text: '您不需要做任何操作。麻烦您回复收款的银行账户。' }))).toEqual(['nothing_to_do']);
  });

  it('a reminder repeats the recorded offer exactly', () => {
    const facts = sampleFacts('oversold', 'en', config, NOW);
    const offered = [draftTerms(facts, 'wait', {}, config, NOW)];
    const replyBy = NOW + 86_400_000;
    expect(rules(input({ intent: 'followup-reminder', shownTerms: offered, ledgerOffer: { terms: offered, replyBy }, replyBy }))).toEqual([]);
    const other = [draftTerms(facts, 'wait', {}, config, NOW + 3_600_000)];
    expect(rules(input({ intent: 'followup-reminder', shownTerms: other, ledgerOffer: { terms: offered, replyBy }, replyBy }))).toEqual(['reminder_terms']);
    expect(rules(input({ intent: 'followup-reminder', shownTerms: offered, ledgerOffer: { terms: offered, replyBy }, replyBy: replyBy + 1 }))).toEqual(['reminder_terms']);
    expect(rules(input({ intent: 'followup-reminder', shownTerms: offered, ledgerOffer: null }))).toEqual(['reminder_terms']);
  });

  it('one option is not "choose one"; no yesterday or tomorrow; deadlines name their zone', () => {
    expect(rules(input({ view: { single_option: true }, text: 'Please choose one of the following.' }))).toEqual(['one_option']);
    expect(rules(input({ lang: 'ja', view: { single_option: true }, text: '以下の中からお選びください。' }))).toEqual(['one_option']);
    expect(rules(input({ view: { several_options: true }, text: 'Please choose one of the following.' }))).toEqual([]);
    expect(rules(input({ text: 'We started your refund yesterday.' }))).toEqual(['relative_days']);
    expect(rules(input({ lang: 'zh', text: '明天发货' }))).toEqual(['relative_days']);
    expect(rules(input({ view: { reply_by: 'Monday 23 November, 09:00' }, text: 'x' }))).toEqual(['deadline_zone']);
    expect(rules(input({ view: { reply_by: 'Monday 23 November, 09:00 (China Standard Time)' }, text: 'x' }))).toEqual([]);
  });

  it('no late notice before the ship-by time unless at-risk notices are on, and then never "missed"', () => {
    const facts = { ...sampleFacts('late', 'en', config, NOW), shipBy: NOW + 3_600_000 };
    expect(rules(input({ intent: 'notice-late', facts, text: 'may not ship by', atRiskNotices: false }))).toEqual(['late_before_ship_by']);
    expect(rules(input({ intent: 'notice-late', facts, text: 'Your order missed its ship date of Sunday.' }))).toEqual(['late_before_ship_by']);
    expect(rules(input({ intent: 'notice-late', facts, text: 'Your order may not ship by Sunday.' }))).toEqual([]);
  });

  it('no reason nobody gave; no thanks for a choice the shop made', () => {
    expect(rules(input({ text: 'Everything is in stock; we fell behind on packing.' }))).toEqual(['guessed_reason']);
    expect(rules(input({ text: 'we fell behind on packing', view: { reason: 'we fell behind on packing' } }))).toEqual([]);
    const facts = sampleFacts('oversold', 'en', config, NOW);
    const shop = draftTerms(facts, 'wait', { decidedBy: 'shop' }, config, NOW);
    const customer = { ...shop, decidedBy: 'customer' as const };
    expect(rules(input({ terms: shop, text: 'Thanks for choosing to wait.' }))).toEqual(['thanks_for_choice']);
    expect(rules(input({ terms: customer, text: 'Thanks for choosing to wait.' }))).toEqual([]);
    expect(rules(input({ lang: 'ja', terms: shop, text: 'お待ちいただけるとのこと、誠にありがとうございます。' }))).toEqual(['thanks_for_choice']);
  });

  // Traditional Chinese (Taiwan) wording is held to each rule too: the gate reads the rendered text.
  it('zh-Hant: each phrase rule catches the Traditional wording and lets the true text through', () => {
    const zt = (over: Partial<GateInput>, kind?: 'oversold' | 'late' | 'stalled' | 'lost') => rules(input({ lang: 'zh-Hant', ...over }, kind));
    // "nothing to do" with a request for bank details
    expect(zt({ text: '您不需要做任何操作。麻煩您回覆收款的銀行名稱、戶名和帳號。' })).toEqual(['nothing_to_do']);
    expect(zt({ text: '您無需任何操作。', view: { has_refund: true }, refundMethod: 'bank' })).toEqual(['nothing_to_do']);
    expect(zt({ text: '您不需要做任何操作。' })).toEqual([]);
    // "full" only for the whole order
    const facts = sampleFacts('oversold', 'en', config, NOW);
    const partial = draftTerms(facts, 'refund', { refundMajor: 30 }, config, NOW);
    expect(zt({ intent: 'confirm-refund', terms: partial, text: '我們已為您辦理全額退款人民幣30.00元。' })).toEqual(['refund_wording']);
    expect(zt({ intent: 'confirm-refund', terms: partial, text: '我們已為您辦理部分退款人民幣30.00元。' })).toEqual([]);
    // one option is not "choose one"
    expect(zt({ view: { single_option: true }, text: '您可以從以下方式中選擇：' })).toEqual(['one_option']);
    expect(zt({ view: { single_option: true }, text: '請選擇您要的處理方式。' })).toEqual(['one_option']);
    expect(zt({ view: { several_options: true }, text: '請選擇您要的處理方式。' })).toEqual([]);
    // no yesterday or tomorrow
    expect(zt({ text: '明天出貨' })).toEqual(['relative_days']);
    expect(zt({ text: '我們昨天已經為您辦理退款。' })).toEqual(['relative_days']);
    expect(zt({ text: '明日寄出' })).toEqual(['relative_days']);
    expect(zt({ text: '訂單#1001今日進度' })).toEqual([]);
    // a deadline names its zone
    expect(zt({ view: { reply_by: '11月23日（週一）09:00' }, text: 'x' })).toEqual(['deadline_zone']);
    expect(zt({ view: { reply_by: '11月23日（週一）09:00（台灣時間）' }, text: 'x' })).toEqual([]);
    // "missed" only after the ship-by time
    const late = { ...sampleFacts('late', 'en', config, NOW), shipBy: NOW + 3_600_000 };
    expect(zt({ intent: 'notice-late', facts: late, text: '您的訂單沒能在11月22日（週日）前寄出。' })).toEqual(['late_before_ship_by']);
    expect(zt({ intent: 'notice-late', facts: late, text: '您的訂單未能按時出貨。' })).toEqual(['late_before_ship_by']);
    expect(zt({ intent: 'notice-late', facts: late, text: '您的訂單可能趕不上約定的11月22日（週日）出貨。' })).toEqual([]);
    // no reason nobody gave
    expect(zt({ text: '最近訂單太多，打包積壓。' })).toEqual(['guessed_reason']);
    expect(zt({ text: '倉庫的庫存數量有誤。' })).toEqual(['guessed_reason']);
    expect(zt({ text: '打包積壓', view: { reason: '打包積壓' } })).toEqual([]);
    // no thanks for a choice the shop made
    const shop = draftTerms(facts, 'wait', { decidedBy: 'shop' }, config, NOW);
    const customer = { ...shop, decidedBy: 'customer' as const };
    expect(zt({ terms: shop, text: '謝謝您願意等待！' })).toEqual(['thanks_for_choice']);
    expect(zt({ terms: shop, text: '謝謝您接受換貨。' })).toEqual(['thanks_for_choice']);
    expect(zt({ terms: customer, text: '謝謝您願意等待！' })).toEqual([]);
    expect(zt({ terms: shop, text: '感謝您對本店的支持與愛護。' })).toEqual([]);
    // a reship is "sent" only with its new tracking number
    const lost = sampleFacts('lost', 'en', config, NOW);
    const reship = draftTerms(lost, 'reship', {}, config, NOW);
    const parcels = parcelsForRemedy(reship, lost).map((p, i) => ({ ...p, id: i + 1 }));
    expect(zt({ intent: 'confirm-reship', view: {}, text: '新包裹已經寄出。', parcels }, 'lost')).toEqual(['shipped_needs_parcel']);
    expect(zt({ intent: 'confirm-reship', view: {}, text: '新包裹已出貨。', parcels }, 'lost')).toEqual(['shipped_needs_parcel']);
    expect(zt({ intent: 'confirm-reship', view: {}, text: '新包裹正在包裝中，寄出後會第一時間把新的物流單號傳給您。', parcels }, 'lost')).toEqual([]);
  });
});
