/**
 * Amazon lets a seller reach a buyer only through Buyer-Seller Messaging, and a message there may not
 * give the seller's own phone number or email address (docs/domain.md §8): the view leaves them out,
 * so no template's signature, in any language, gives them, and only email (to the relay address) and
 * chat may reach the buyer. Other channels keep the signature and every way in.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, LANGUAGES, validateConfig } from '../../src/domain/config.js';
import { buildView } from '../../src/domain/message-view.js';
import { channelAllowed } from '../../src/domain/platform-rules.js';
import { assessRemedies } from '../../src/domain/remedies.js';
import { sampleFacts } from '../../src/outbox/template-samples.js';
import { TemplateSet } from '../../src/outbox/templates.js';
import { defaultChannel } from '../../src/usecases/resolve-step.js';

const NOW = Date.parse('2026-11-22T09:00:00+08:00');
const config = validateConfig({ shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', currency: 'CNY', email: 'hello@jadeleaf.example', phone: '+86 571 8765 4321', staff: 'Lin' } }).config;
const templates = new TemplateSet(null);

/** The first notice of an oversold order from `orderChannel`, as an email in `lang`. */
function notice(lang: (typeof LANGUAGES)[number], orderChannel: string) {
  const facts = sampleFacts('oversold', lang, config, NOW);
  facts.order.channel = orderChannel;
  const view = buildView({ facts, terms: null, options: assessRemedies(facts, config, NOW) }, lang, config, NOW);
  return { view, text: templates.render('notice-oversold', 'email', lang, view, 'card', '#1001').text };
}

describe("an Amazon message gives no contact details of the shop's own", () => {
  it.each(LANGUAGES)('%s: the email is signed without the shop phone and email', (lang) => {
    for (const amazon of ['amazon', 'Amazon.co.uk', 'amazon.co.jp']) {
      const { view, text } = notice(lang, amazon);
      expect(view.shop_phone).toBeUndefined();
      expect(view.shop_email).toBeUndefined();
      expect(text).toContain('Jade Leaf');
      expect(text).not.toMatch(/8765 4321|hello@jadeleaf\.example/);
    }
    // Elsewhere the signature gives both, as before.
    const { text } = notice(lang, 'shopify');
    expect(text).toContain('+86 571 8765 4321');
    expect(text).toContain('hello@jadeleaf.example');
  });
});

describe('the channels that may reach a buyer', () => {
  it('Amazon: email (its relay address) and chat, never an SMS or a call, not even by default; elsewhere every channel', () => {
    for (const amazon of ['amazon', 'Amazon.de', 'AMAZON']) {
      expect(CHANNELS.filter((ch) => channelAllowed(ch, amazon)).sort(), amazon).toEqual(['chat', 'email']);
      // Only a phone number in the export: chat, not the SMS another shop's order would get.
      const order = { ...sampleFacts('oversold', 'en', config, NOW).order, channel: amazon, email: null, phone: '+44 7700 900201' };
      expect(defaultChannel(order), amazon).toBe('chat');
      expect(defaultChannel({ ...order, email: 'x7k2m9q@marketplace.amazon.co.uk' }), amazon).toBe('email');
      expect(defaultChannel({ ...order, channel: 'shopify' })).toBe('sms');
    }
    for (const other of ['shopify', 'ebay', 'taobao', 'rakuten', null]) expect(CHANNELS.filter((ch) => channelAllowed(ch, other)), String(other)).toEqual([...CHANNELS]);
  });
});
