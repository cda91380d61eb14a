/**
 * A late order whose new ship day passes unshipped, and the operator gives the customer another day,
 * through the built binary on the example shop (#2001: ship-by 21 November, not shipped):
 * - a US shop may not take the customer's silence as a yes to that second delay (FTC Mail Order Rule):
 *   the message asks for WAIT by a day, or the order is cancelled and refunded, and once that day is
 *   over with no answer every run tells the operator to refund;
 * - the message opens by saying sorry for the day that was missed, with the reason the operator gave.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, query, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop, type Shop } from '../helpers/shop.js';

const REASON = 'our courier did not collect on Tuesday';

function shopIn(country: string): Shop {
  const base = JSON.parse(readFileSync(join(exampleShop().dir, 'oos.config.json'), 'utf8')) as { shop: Record<string, unknown> };
  return exampleShop({ shop: { ...base.shop, country } });
}

/** The message file of one step (day folder, template, channel). */
function message(shop: Shop, day: string, template: string, channel: string): string {
  const files = readdirSync(join(shop.outbox, day)).filter((f) => f.startsWith('2001') && f.includes(`.${template}.${channel}.`));
  expect(files, `${template} by ${channel} on ${day}`).toHaveLength(1);
  return readFileSync(join(shop.outbox, day, files[0]!), 'utf8');
}

/** #2001 is told it ships on Tuesday 24 November; that day passes unshipped; on the 25th the operator gives Friday 27 November. */
function secondDate(shop: Shop, channel: string, lang: string, extra: string[] = []) {
  expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
  const first = shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-24', '--channel', channel, '--lang', lang, '--yes'], '2026-11-22T09:30');
  expect(first.code, first.stderr).toBe(0);
  const missed = shop.run(['followup'], '2026-11-25T10:00');
  expect(missed.stderr).toContain('#2001 was promised to ship by Tuesday 24 November and has not shipped');
  const again = shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-27', '--channel', channel, '--lang', lang, ...extra, '--yes'], '2026-11-25T10:30');
  expect(again.code, again.stderr).toBe(0);
  return { first: message(shop, '2026-11-22', 'confirm-wait', channel), again: message(shop, '2026-11-25', 'confirm-wait', channel), stderr: again.stderr };
}

describe("a US shop's late order given a second ship day (Mail Order Rule)", () => {
  it('asks for the customer\'s yes by a day instead of "just reply if you\'d rather not wait", and without it the operator is told to refund', () => {
    const shop = shopIn('US');
    const { first, again } = secondDate(shop, 'chat', 'en');
    // The first delay may take silence as a yes.
    expect(first).toContain("If you'd rather not wait, just reply and we'll cancel and refund you instead.");
    expect(first).not.toContain('reply WAIT');
    // The second may not: WAIT by the end of the day before the new ship day (so the yes comes before it ships), or a full refund.
    expect(again).toContain("As we've had to move the date again, we'll only keep your order if you tell us you still want it: please reply WAIT by the end of Thursday 26 November.");
    expect(again).toContain("If we haven't heard from you by then, we'll cancel your order and give you a full refund of CN¥189.00.");
    expect(again).not.toContain("If you'd rather not wait, just reply and we'll");
    expect(query(shop.db, `SELECT due_at, state FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([{ due_at: '2026-11-26T15:59:00Z', state: 'open' }]);
    expect(shop.run(['cases'], '2026-11-26T10:00').stdout).toMatch(/waiting for the customer's yes to the new date until 2026-11-26 23:59/);
    // The day is over with no answer recorded: every run says to refund, as the message said.
    const late = shop.run(['followup'], '2026-11-28T10:00');
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/#2001 was asked to agree to a second delay \(new date Friday 27 November\) by Thursday 26 November and no answer is recorded.*--remedy refund --yes/);
    // The new day passed unshipped too: that alert says the same (refund), never "tell the customer a new date".
    expect(late.stderr).toContain('#2001 was promised to ship by Friday 27 November and has not shipped: the customer never agreed to waiting (asked by Thursday 26 November), so a US shop must cancel what has not shipped and refund it');
    expect(late.stderr).not.toMatch(/27 November and has not shipped: tell the customer a new date/);
  });

  it('asks for it by SMS too, within two parts', () => {
    const shop = shopIn('US');
    const { again } = secondDate(shop, 'sms', 'en');
    expect(again).toContain('To keep your order, reply WAIT by end of Thursday 26 November. Otherwise we\'ll cancel it for a full refund.');
    expect(again).not.toContain('Rather have a refund? Just reply.');
  });

  it('never sends a late notice again with a later day and "no need to reply": the new day is recorded, and its message asks', () => {
    const shop = shopIn('US');
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--offer', '--channel', 'chat', '--lang', 'en', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(message(shop, '2026-11-22', 'notice-late', 'chat')).toContain("WAIT - you don't need to reply. We'll ship on Monday 23 November.");
    // The 23rd passes unshipped; the same notice again would name the 26th, and say again that silence is a yes.
    const again = shop.run(['resolve', '--order', '#2001', '--offer', '--channel', 'chat', '--lang', 'en', '--yes'], '2026-11-25T10:30');
    expect(again.code).toBe(64);
    expect(again.stderr).toMatch(/was told it ships on 2026-11-23 unless the customer answers; a later day \(2026-11-26\) is a second delay.*FTC Mail Order Rule/);
    expect(again.stderr).toContain("--remedy wait --restock-date YYYY-MM-DD --yes");
    expect(readdirSync(shop.outbox)).not.toContain('2026-11-25');
    const day = shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-27', '--reason', REASON, '--channel', 'chat', '--lang', 'en', '--yes'], '2026-11-25T10:40');
    expect(day.code, day.stderr).toBe(0);
    const text = message(shop, '2026-11-25', 'confirm-wait', 'chat');
    expect(text).toContain("I'm sorry: your order #2001 didn't ship on Monday 23 November as we told you on Sunday 22 November. The reason: our courier did not collect on Tuesday.");
    expect(text).toContain('please reply WAIT by the end of Thursday 26 November');
    expect(query(shop.db, `SELECT state FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([{ state: 'open' }]);
  });

  it('asks nothing of a customer who chose the later day themselves, nor outside the US', () => {
    const chose = shopIn('US');
    secondDate(chose, 'chat', 'en', ['--decided-by', 'customer']);
    expect(query(chose.db, `SELECT id FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([]);
    const cn = shopIn('CN');
    const { again } = secondDate(cn, 'chat', 'en');
    expect(again).not.toContain('reply WAIT');
    expect(query(cn.db, `SELECT id FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([]);
  });
});

describe("a US shop's second ship day too near for the customer to say yes first", () => {
  it('is refused, naming the way on: a later day, or the yes they already gave', () => {
    const shop = shopIn('US');
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-24', '--yes'], '2026-11-22T09:30').code).toBe(0);
    // Tomorrow: "ships on the 26th; reply WAIT by the end of the 27th, or it is refunded" could not both be kept.
    const r = shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-26', '--yes'], '2026-11-25T10:30');
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("must have the customer's yes to a second delay before the order ships");
    expect(r.stderr).toContain('--decided-by customer');
    expect(query(shop.db, `SELECT count(*) AS n FROM promises WHERE order_id = '#2001' AND kind = 'consent'`)).toEqual([{ n: 0 }]);
  });
});

describe("a US shop's wait more than 30 days late, after a remedy was recorded", () => {
  it('is refused with a way on that works: ask the customer and record their yes, not --offer (refused once a remedy exists)', () => {
    const shop = shopIn('US');
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-24', '--yes'], '2026-11-22T09:30').code).toBe(0);
    const r = shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-12-28', '--yes'], '2026-11-25T10:00');
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("more than 30 days past the ship date promised");
    expect(r.stderr).toContain("--decided-by customer --yes");
    expect(r.stderr).not.toContain('--offer');
    // The way it names is open: with the customer's yes, the later day is recorded.
    const yes = shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-12-28', '--decided-by', 'customer', '--yes'], '2026-11-25T10:05');
    expect(yes.code, yes.stderr).toBe(0);
  });
});

describe('a new plan after the promised ship day passed unshipped', () => {
  it('opens with the apology for that day and the reason the operator gave', () => {
    const shop = exampleShop();
    const { again, stderr } = secondDate(shop, 'chat', 'en', ['--reason', REASON]);
    expect(again).toMatch(
      /^Hi 王芳,\n\nI'm sorry: your order #2001 didn't ship on Tuesday 24 November as we told you on Sunday 22 November\. The reason: our courier did not collect on Tuesday\. This message replaces that plan\./,
    );
    expect(again).toContain('It will ship on Friday 27 November');
    expect(stderr).not.toContain('the reason you gave is not in this message');
  });

  it('in the SMS, first, within two parts', () => {
    const shop = exampleShop();
    const { again } = secondDate(shop, 'sms', 'en', ['--reason', REASON]);
    expect(again).toMatch(/^Jade Leaf Tea House: sorry, order #2001 didn't ship on Tuesday 24 November as we said \(our courier did not collect on Tuesday\)\. New ship date: Friday 27 November\./);
  });

  it("in the customer's own language", () => {
    const shop = exampleShop();
    const { again } = secondDate(shop, 'chat', 'zh', ['--reason', '快递周二没有来揽收']);
    expect(again).toContain('非常抱歉，跟您说好11月24日（周二）发货，订单#2001却没能按时发出，给您添麻烦了。原因是快递周二没有来揽收。');
  });

  it('says no sorry for a day that has not come yet', () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-24', '--channel', 'chat', '--lang', 'en', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(shop.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--restock-date', '2026-11-27', '--channel', 'chat', '--lang', 'en', '--yes'], '2026-11-23T10:30').code).toBe(0);
    const moved = message(shop, '2026-11-23', 'confirm-wait', 'chat');
    expect(moved).toContain("There's a change to what we told you on Sunday 22 November: we had planned to ship your order on Tuesday 24 November.");
    expect(moved).not.toContain("I'm sorry");
  });
});

describe("a US shop's second delay of what is left of an order, part of which has shipped", () => {
  // Q1's mug left on 20 November; its bowl waits for stock due 25 November, then 28 November.
  const ORDERS = `order_id,paid_at,customer_name,email,country,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity
Q1,2026-11-20 10:00,Quinn Roe,quinn@example.com,US,2026-11-20 15:00,UPS,1ZQ1,USD,60.00,MUG-1,Blue Mug,1,30.00,1
Q1,,,,,,,,,,BOWL-1,Bowl,1,30.00,0
`;
  const inventory = (day: string) => `sku,title,on_hand,incoming,restock_date\nMUG-1,Blue Mug,5,,\nBOWL-1,Bowl,0,3,${day}\n`;

  /** Q1 waits for its bowl; the supplier moves the delivery, and the customer is asked for their yes by 25 November. */
  function consentAsked() {
    const dir = tempDir('oos-us-rest-');
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple Goods', timezone: 'America/New_York', language: 'en', currency: 'USD', country: 'US', email: 'hi@maple.example' } }));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
    writeFileSync(join(dir, 'inventory.csv'), inventory('2026-11-25'));
    const run = (args: string[], now: string) => {
      const r = oos([...args, '--now', now], { cwd: dir });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBeLessThan(64);
      return r;
    };
    run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-21T09:00');
    run(['resolve', '--order', 'Q1', '--offer', '--channel', 'email'], '2026-11-21T09:10');
    run(['resolve', '--order', 'Q1', '--replied', '--choice', 'wait'], '2026-11-21T10:00');
    run(['resolve', '--order', 'Q1', '--remedy', 'wait'], '2026-11-21T10:05');
    // The notice offered a refund of the bowl alone ($30.00): what has not shipped.
    const notice = emails(dir, '2026-11-21', 'notice-oversold');
    expect(notice).toContain("a refund of $30.00 for everything that hasn't shipped");
    writeFileSync(join(dir, 'inventory.csv'), inventory('2026-11-28'));
    run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-23T09:00');
    const followup = run(['followup'], '2026-11-23T10:00');
    return { dir, run, followup };
  }

  it('asks for the yes or cancels and refunds only what has not shipped: never "a full refund" of the whole order', () => {
    const { dir, run, followup } = consentAsked();
    const slipped = emails(dir, '2026-11-23', 'followup-date-slipped');
    expect(slipped).toContain('please reply WAIT by the end of Wednesday, November 25');
    expect(slipped).toContain("If we haven't heard from you by then, we'll cancel the items that haven't shipped yet and refund you for them.");
    expect(slipped).not.toMatch(/full refund|\$60\.00|in full/);
    expect(followup.stderr).not.toMatch(/refund(ed)? in full/);
    // No yes by the day: the operator is told to refund what has not shipped, and that refund is the bowl's $30.00.
    const lapsed = run(['followup'], '2026-11-26T10:00');
    expect(lapsed.stderr).toContain('a US shop must cancel what has not shipped and refund it (Mail Order Rule)');
    run(['resolve', '--order', 'Q1', '--remedy', 'refund', '--yes'], '2026-11-26T10:30');
    expect(emails(dir, '2026-11-26', 'confirm-refund')).toContain('$30.00');
  });

  it('once the rest has shipped, nobody is asked to wait for a yes or to refund', () => {
    const { dir, run } = consentAsked();
    // The bowl came early after all and left on the 24th, before any answer.
    writeFileSync(join(dir, 'orders.csv'), ORDERS.replace('BOWL-1,Bowl,1,30.00,0', 'BOWL-1,Bowl,1,30.00,1'));
    run(['scan', 'orders.csv', '--inventory', 'inventory.csv'], '2026-11-24T09:00');
    const cases = run(['cases', '--all'], '2026-11-24T10:00').stdout;
    expect(cases).toContain('Q1');
    expect(cases).not.toContain("waiting for the customer's yes");
    const later = run(['cases', '--all'], '2026-11-26T09:00').stdout;
    expect(later).not.toMatch(/no yes to the new date|cancel and refund/);
    expect(run(['followup'], '2026-11-26T10:00').stderr).not.toMatch(/Q1 was asked to agree|refund it now/);
  });
});

/** The text of the one .eml of an intent written on a day (UTF-8 in base64 after the headers). */
function emails(dir: string, day: string, intent: string): string {
  const names = readdirSync(join(dir, 'outbox', day)).filter((f) => f.includes(`.${intent}.email.`) && f.endsWith('.eml'));
  expect(names, `${intent} on ${day}`).toHaveLength(1);
  const eml = readFileSync(join(dir, 'outbox', day, names[0]!), 'utf8');
  return Buffer.from(eml.slice(eml.indexOf('\r\n\r\n') + 4), 'base64').toString('utf8').replace(/\r\n/g, '\n');
}
