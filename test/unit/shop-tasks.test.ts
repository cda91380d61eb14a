/**
 * The operator's tasks say what the written message claims, no more and no less: checked on every
 * notice and confirmation the built-in templates render, in every language and channel.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, LANGUAGES, validateConfig } from '../../src/domain/config.js';
import type { Coupon } from '../../src/domain/coupon.js';
import { buildView } from '../../src/domain/message-view.js';
import { assessRemedies, draftTerms, REMEDIES } from '../../src/domain/remedies.js';
import { shopTasks } from '../../src/domain/shop-tasks.js';
import { sampleFacts, type SampleKind } from '../../src/outbox/template-samples.js';
import { TemplateSet, type Intent } from '../../src/outbox/templates.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config = validateConfig({ shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', currency: 'CNY' } }).config;
const builtin = new TemplateSet(null);

describe('shop tasks', () => {
  for (const channelOfOrder of ['shopify', 'taobao'])
    for (const kind of ['oversold', 'late', 'stalled', 'lost'] as SampleKind[])
      it(`${kind}, a ${channelOfOrder} order: a coupon code in the text has its task, and a task's code is in the text`, () => {
        let checked = 0;
        for (const lang of LANGUAGES) {
          const base = sampleFacts(kind, lang, config, NOW);
          const facts = { ...base, order: { ...base.order, channel: channelOfOrder, paymentMethod: 'card' } };
          const options = assessRemedies(facts, config, NOW);
          const remedies = [null, ...REMEDIES.filter((r) => options.some((o) => o.remedy === r && o.available))];
          for (const remedy of remedies) {
            const terms = remedy ? draftTerms(facts, remedy, remedy === 'reship' ? { trackingNumber: 'SF9876543210' } : {}, config, NOW) : null;
            const view = buildView({ facts, terms, options }, lang, config, NOW);
            const intent = (remedy ? `confirm-${remedy}` : `notice-${kind === 'lost' ? 'stalled' : kind}`) as Intent;
            // A notice's coupon, when it gives one, is the offer's: its code is the one the view shows.
            const offered: Coupon | null = typeof view.coupon_code === 'string' ? { amount: 1500, currency: 'CNY', code: view.coupon_code, expiresAt: NOW, basis: 'test' } : null;
            const coupon = terms?.coupon ?? (view.coupon_given_now === true ? offered : null);
            for (const channel of CHANNELS) {
              const text = builtin.render(intent, channel, lang, view, 'card', base.order.orderId).text;
              const tasks = shopTasks({ intent, view, terms, coupon, facts, claimBy: null, timezone: 'Asia/Shanghai', channel, text });
              const code = text.match(/SORRY-[A-Z0-9]+/)?.[0];
              const where = `${lang} ${intent} ${channel}`;
              if (code) expect(tasks.some((t) => t.includes(`create the coupon code ${code} `)), where).toBe(true);
              // A coupon handed over by a message that does not spell its code out: the operator sends the code.
              if (coupon && view.coupon_has_code === true && !text.includes(coupon.code) && channel !== 'phone')
                expect(tasks.some((t) => t.includes(`create the coupon code ${coupon.code} `) && t.includes('send the customer the code in writing today')), where).toBe(true);
              for (const t of tasks) {
                const named = t.match(/create the coupon code (\S+)/)?.[1];
                // The email and chat always give it.
                if (named && (channel === 'email' || channel === 'chat')) expect(text, where).toContain(named);
                // A call says the code follows in writing, and nothing else sends it: the operator is told to.
                if (named && channel === 'phone') expect(t, where).toContain('send the customer the code in writing after the call');
                // "The message gives them this code" only when it does.
                if (named && channel !== 'phone') expect(t.includes('the message gives them this code'), where).toBe(text.includes(named));
              }
              checked++;
            }
            const tasks = shopTasks({ intent, view, terms, coupon, facts, claimBy: null, timezone: 'Asia/Shanghai', channel: 'email' });
            if (remedy === 'refund') expect(tasks.filter((t) => t.startsWith('refund ')), `${lang} refund`).toHaveLength(1);
            if (!remedy && kind !== 'oversold' && kind !== 'late') expect(tasks.some((t) => t.startsWith('ask ')), `${lang} stalled notice`).toBe(true);
            if (!remedy && (kind === 'oversold' || kind === 'late')) expect(tasks.some((t) => t.startsWith('ask ')), `${lang} ${kind} notice`).toBe(false);
            if (remedy === 'reship') expect(tasks.some((t) => t.startsWith('file the claim')), `${lang} reship`).toBe(kind === 'lost');
          }
        }
        expect(checked).toBeGreaterThan(40);
      });
});

describe('a change of plan that withdraws or keeps a bank transfer', () => {
  // The SMS change note says only that the plan changed: the task must not claim it says more.
  const smsNoteNames = (lang: string) => {
    const layout = builtin.file(lang as never, '_layout');
    return layout.blocks.get('changed_sms')!.text;
  };
  for (const lang of LANGUAGES)
    it(`${lang}: the operator tells an SMS customer what its note leaves out, and is told the written messages say it`, () => {
      const base = sampleFacts('oversold', lang, config, NOW);
      const task = (channel: string, view: Record<string, string>) => shopTasks({ intent: 'confirm-wait', view, terms: null, coupon: null, facts: base, claimBy: null, timezone: 'Asia/Shanghai', channel }).join('\n');
      expect(smsNoteNames(lang)).not.toContain('withdrawn_transfer');
      expect(smsNoteNames(lang)).not.toContain('kept_transfer');
      expect(task('sms', { withdrawn_transfer: '¥136.00' })).toContain('tell the customer today (chat or a call) that it will not be made');
      expect(task('sms', { withdrawn_transfer: '¥136.00' })).not.toContain('the message says');
      expect(task('email', { withdrawn_transfer: '¥136.00' })).toContain('the message says it will not be made');
      expect(task('sms', { kept_transfer: '¥68.00' })).toContain('tell them it still comes: the SMS only says the plan changed');
      expect(task('chat', { kept_transfer: '¥68.00' })).toContain('the message says it still comes');
    });
});
