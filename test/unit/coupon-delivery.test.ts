/**
 * How an apology coupon reaches the buyer decides how a message words it: a Taobao/Tmall, Pinduoduo
 * or JD shop issues it into the buyer's platform account (there is no code to type, and a made-up
 * SORRY- code would send the buyer looking for a box that does not exist), while an own shop or
 * Shopify gives a code. Every intent that carries a coupon, in every channel, in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, validateConfig } from '../../src/domain/config.js';
import { buildView } from '../../src/domain/message-view.js';
import { assessRemedies, draftTerms, type Remedy } from '../../src/domain/remedies.js';
import { DAY } from '../../src/domain/time.js';
import { sampleFacts, type SampleKind } from '../../src/outbox/template-samples.js';
import { TemplateSet, type Intent } from '../../src/outbox/templates.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config = validateConfig({
  shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', currency: 'CNY' },
  coupon: { validity_days: 15, tiers: [{ min_order_total: 0, amount: 20 }] },
}).config;
const templates = new TemplateSet(null);

/** Every intent that carries a coupon, with the case and remedy it is rendered for. */
const CASES: { intent: Intent; kind: SampleKind; remedy: Remedy | null; changedFrom?: Remedy; refundStarted?: boolean }[] = [
  { intent: 'notice-oversold', kind: 'oversold', remedy: null },
  { intent: 'notice-late', kind: 'late', remedy: null },
  { intent: 'notice-stalled', kind: 'lost', remedy: null },
  { intent: 'followup-reminder', kind: 'oversold', remedy: null },
  { intent: 'confirm-wait', kind: 'oversold', remedy: 'wait' },
  { intent: 'confirm-substitute', kind: 'oversold', remedy: 'substitute' },
  { intent: 'confirm-refund', kind: 'oversold', remedy: 'refund' },
  { intent: 'confirm-split', kind: 'oversold', remedy: 'split' },
  { intent: 'confirm-reship', kind: 'lost', remedy: 'reship' },
  // A change of remedy: the note says the earlier coupon still holds.
  { intent: 'confirm-refund', kind: 'oversold', remedy: 'refund', changedFrom: 'wait' },
  { intent: 'confirm-wait', kind: 'oversold', remedy: 'wait', changedFrom: 'refund' },
  { intent: 'followup-checkin', kind: 'oversold', remedy: 'refund', refundStarted: true },
];

function render(c: (typeof CASES)[number], channel: string) {
  const facts = sampleFacts(c.kind, 'zh', config, NOW);
  facts.order.channel = channel;
  const extra = (r: Remedy) => (r === 'reship' ? { trackingNumber: 'SF9876543210' } : {});
  const terms = c.remedy ? draftTerms(facts, c.remedy, { ...extra(c.remedy), couponMajor: 20 }, config, NOW) : null;
  const previous = c.changedFrom && terms ? { terms: draftTerms(facts, c.changedFrom, { ...extra(c.changedFrom), coupon: terms.coupon }, config, NOW - DAY), toldAt: NOW - DAY } : null;
  const view = buildView({ facts, terms, options: assessRemedies(facts, config, NOW), previous, refundStartedAt: c.refundStarted ? NOW - DAY : null }, 'zh', config, NOW);
  expect(view.has_coupon, `${c.intent} has a coupon`).toBe(true);
  return { view, messages: CHANNELS.map((ch) => ({ ch, text: templates.render(c.intent, ch, 'zh', view, 'card', '#1001').text })) };
}

describe('coupons: to the buyer\'s account on Taobao, a code on Shopify', () => {
  it.each(CASES.map((c) => [`${c.intent}${c.changedFrom ? ` (changing ${c.changedFrom})` : ''}`, c] as const))('%s', (_name, c) => {
    const shopify = render(c, 'shopify');
    const taobao = render(c, 'taobao');
    expect(taobao.view.coupon_to_account).toBe(true);
    expect(taobao.view.coupon_code).toBeUndefined();
    expect(shopify.view.coupon_has_code).toBe(true);
    const code = shopify.view.coupon_code as string;
    expect(code).toMatch(/^SORRY-/);
    for (const [i, { ch, text }] of taobao.messages.entries()) {
      expect(text, `taobao ${ch}`).not.toMatch(/SORRY-|券码|优惠码/);
      // Wherever the Shopify message gives the code, the Taobao one says the coupon is in the account.
      if (shopify.messages[i]!.text.includes(code)) expect(text, `taobao ${ch}`).toMatch(/账户/);
    }
    if (c.intent.startsWith('confirm-') || c.intent === 'followup-checkin' || c.intent === 'followup-reminder') {
      expect(shopify.messages.some((m) => m.text.includes(code)), 'the Shopify messages carry the code').toBe(true);
      expect(taobao.messages.some((m) => /账户/.test(m.text)), 'the Taobao messages say it is in the account').toBe(true);
    }
    if (c.changedFrom) {
      expect(shopify.messages.find((m) => m.ch === 'chat')!.text).toMatch(new RegExp(`之前给您的[^，。]+优惠券（券码${code}）照常可用`));
      expect(taobao.messages.find((m) => m.ch === 'chat')!.text).toMatch(/之前发放到您账户的¥\d+\.\d\d优惠券照常可用/);
    }
  });

  it('the confirmations say it in the account in the SMS too, and the Shopify SMS gives the code', () => {
    for (const c of CASES.filter((x) => x.intent === 'confirm-wait' || x.intent === 'confirm-refund' || x.intent === 'confirm-reship')) {
      const code = render(c, 'shopify').view.coupon_code as string;
      expect(render(c, 'shopify').messages.find((m) => m.ch === 'sms')!.text).toContain(code);
      expect(render(c, 'taobao').messages.find((m) => m.ch === 'sms')!.text).toMatch(/账户/);
    }
  });
});
