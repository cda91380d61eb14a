import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { walkThrough } from '../../src/commands/resolve.js';
import { templatesFor } from '../../src/usecases/resolve-step.js';
import { createContext, type Context } from '../../src/context.js';
import { openDb } from '../../src/store/db.js';
import { ScriptedPrompter, type Answer } from '../helpers/scripted-prompter.js';
import type { Choice } from '../../src/ui/prompter.js';
import { dumpDb, modeOf, noStack, oos, query } from '../helpers/run.js';
import { exampleShop, scanShop, tree, type Shop } from '../helpers/shop.js';

const AT = '2026-11-22T09:30';
const json = (s: string) => JSON.parse(s) as Record<string, any>;

function freshShop(): Shop {
  const shop = exampleShop();
  expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
  return shop;
}

describe('oos resolve without a terminal', () => {
  it('[G1] exits 64 at once with nothing on stdout when there is no TTY and no flags', () => {
    const shop = freshShop();
    const before = dumpDb(shop.db);
    const r = shop.run(['resolve'], AT);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/needs a terminal.*--order/s);
    expect(r.stderr).not.toMatch(/\x1b/);
    expect(dumpDb(shop.db)).toEqual(before);
  });

  it.each([
    [['--order', '#2008'], 64, /needs an action/],
    [['--offer'], 64, /needs --order/],
    [['--order', '#2008', '--offer', '--closed'], 64, /choose one action/],
    [['--order', '#2008', '--remedy', 'teleport'], 64, /--remedy must be one of/],
    [['--order', '#2008', '--offer', '--channel', 'fax'], 64, /--channel must be one of/],
    [['--order', '#2008', '--remedy', 'wait', '--restock-date', 'soon'], 64, /not a date/],
    [['--order', '#2008', '--remedy', 'refund', '--coupon', '-3'], 64, /not an amount/],
    [['--order', '#2008', '--remedy', 'reship'], 64, /does not apply/],
    [['--order', '#2012', '--remedy', 'wait'], 64, /no restock date/],
    [['--order', '#9999', '--offer'], 66, /not in the database/],
    [['--order', '#2002', '--offer'], 64, /has no case/],
    [['--order', '#2008', '--offer', '--coupon', '5'], 64, /only goes with --remedy/],
  ])('%j → %i and the database unchanged', (args, code, pattern) => {
    const shop = freshShop();
    const before = dumpDb(shop.db);
    const r = shop.run(['resolve', ...args], AT);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(pattern);
    expect(noStack(r.stderr)).toBe(true);
    expect(r.stdout).toBe('');
    expect(dumpDb(shop.db)).toEqual(before);
  });
});

describe('a parcel recorded before any plan', () => {
  it('--shipped on a case still waiting for the customer\'s choice: 64, nothing written, and the hint is the export, not a remedy that would tell a change of plan', () => {
    const shop = freshShop();
    expect(shop.run(['resolve', '--order', '#2008', '--offer', '--channel', 'email'], AT).code).toBe(0);
    const before = dumpDb(shop.db);
    const r = shop.run(['resolve', '--order', '#2008', '--shipped', '--tracking-number', 'SF2008000001'], '2026-11-22T11:00');
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/has no parcel waiting for a tracking number/);
    expect(r.stderr).toMatch(/has not chosen yet: scan the orders export that shows it shipped/);
    expect(r.stderr).not.toMatch(/record the remedy first/);
    expect(dumpDb(shop.db)).toEqual(before);
    // Before any offer, the hint is the remedy.
    expect(freshShop().run(['resolve', '--order', '#2008', '--shipped', '--tracking-number', 'SF2008000001'], AT).stderr).toMatch(/record the remedy first/);
  });
});

describe('oos resolve with flags: every remedy on the example shop', () => {
  let shop: Shop;
  beforeAll(() => {
    shop = freshShop();
  });

  it('--offer sends the recommended choices and plans a reminder', async () => {
    const r = shop.run(['resolve', '--order', '#2008', '--offer', '--channel', 'email', '--json'], AT);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ order_id: '#2008', state: 'offered', followups: [{ kind: 'reminder', due_at: '2026-11-22T12:00:00Z' }] });
    expect(out.messages).toEqual([{ path: expect.stringMatching(/outbox\/2026-11-22\/2008-[0-9a-f]{8}\.0930\.notice-oversold\.email\.ja\.eml$/), channel: 'email', lang: 'ja', template: 'ja/notice-oversold' }]);
    const mail = await simpleParser(readFileSync(out.messages[0].path));
    expect(mail.subject).toBe('【Jade Leaf Tea House】【お詫び・ご確認のお願い】ご注文（#2008）商品欠品と今後のご対応について');
    expect(mail.text).toContain('佐藤 美咲様');
    expect(mail.text).toContain('#2008');
    expect(modeOf(out.messages[0].path)).toBe(0o600);
    expect(modeOf(shop.outbox)).toBe(0o700);
    const [c] = query(shop.db, `SELECT state, first_contact_at, offered, channel, lang FROM cases WHERE order_id = '#2008'`);
    expect(c).toEqual({ state: 'offered', first_contact_at: '2026-11-22T01:30:00Z', offered: expect.stringContaining('refund'), channel: 'email', lang: 'ja' });
  });

  it.each([
    ['#2012', ['--remedy', 'refund', '--coupon', '15', '--lang', 'en'], 'en/confirm-refund', /refund of ¥|¥/],
    ['#2015', ['--remedy', 'split'], 'en/confirm-split', /ship today|Shipping today/],
    ['#2020', ['--remedy', 'substitute'], 'zh/confirm-substitute', /换成/],
    ['#2001', ['--remedy', 'wait', '--restock-date', '2026-11-24'], 'zh/confirm-wait', /11月24日/],
    ['#2016', ['--remedy', 'reship', '--tracking-number', 'JP123456789JP'], 'ja/confirm-reship', /JP123456789JP/],
  ])('%s %j writes %s and plans its follow-ups', async (order, args, template, text) => {
    const r = shop.run(['resolve', '--order', order, ...args, '--yes', '--json'], AT);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.state).toBe('remedy_chosen');
    expect(out.messages[0].template).toBe(template);
    const path: string = out.messages[0].path;
    expect(path.endsWith('.eml') ? (await simpleParser(readFileSync(path))).text : readFileSync(path, 'utf8')).toMatch(text);
    expect(out.followups.length).toBeGreaterThan(0);
    const events = query<{ type: string; actor: string; data: string }>(shop.db, `SELECT e.type, e.actor, e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = ? ORDER BY e.id`, order);
    const chosen = events.at(-1)!;
    expect(chosen).toMatchObject({ type: 'remedy_chosen', actor: 'tester' });
    expect(JSON.parse(chosen.data).terms.remedy).toBe(args[1]);
  });

  it('a reship sent with another carrier names that carrier beside the new number, not the lost parcel\'s', () => {
    const own = freshShop();
    const r = own.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--tracking-number', 'YMT4455667788', '--carrier', 'Yamato', '--lang', 'en', '--channel', 'chat', '--yes', '--json'], AT);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(json(r.stdout).messages[0].path, 'utf8');
    const line = text.split('\n').find((l) => l.includes('YMT4455667788'))!;
    expect(line).toContain('Yamato');
    expect(line).not.toContain('Japan Post');
  });

  it('records the promise: dates, amounts, coupon code and expiry', () => {
    const [refund] = query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#2012'`);
    const t = JSON.parse(refund!.terms);
    expect(t.refund).toBeGreaterThan(0);
    expect(t.coupon).toMatchObject({ amount: 1500, currency: 'CNY', code: expect.stringMatching(/^SORRY-/) });
    const [wait] = query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#2001'`);
    expect(new Date(JSON.parse(wait!.terms).date).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    const [reship] = query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#2016'`);
    expect(JSON.parse(reship!.terms)).toMatchObject({ trackingNumber: 'JP123456789JP', carrierClaim: true });
  });

  it('a remedy decided with no notice before opens with the apology, what happened and the reason given', () => {
    const fresh = exampleShop();
    expect(scanShop(fresh, '2026-11-22T09:00').code).toBe(0);
    const r = fresh.run(['resolve', '--order', '#2001', '--remedy', 'wait', '--reason', '仓库系统升级，拣货延误。', '--yes', '--json'], '2026-11-22T09:30');
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(JSON.parse(r.stdout).messages[0].path, 'utf8');
    // (The operator's own full stop is not doubled.)
    expect(text).toContain('非常抱歉，您的订单没能在承诺的11月21日（周六）前发货。原因是仓库系统升级，拣货延误。\n');
    // A change of remedy later is not the first word: no second apology for the same news.
    const change = fresh.run(['resolve', '--order', '#2001', '--remedy', 'refund', '--yes', '--json'], '2026-11-22T10:30');
    expect(change.code, change.stderr).toBe(0);
    expect(readFileSync(JSON.parse(change.stdout).messages[0].path, 'utf8')).not.toContain('没能在承诺的11月21日（周六）前发货');
  });

  it('--replied stops the reminder; --closed cancels everything pending', () => {
    const replied = shop.run(['resolve', '--order', '#2008', '--replied', '--choice', 'wait'], AT);
    expect(replied.code).toBe(0);
    // The operator sees what was recorded and the one command that answers the customer.
    expect(replied.stdout).toContain('reply recorded: the customer chose wait; no more reminders.');
    expect(replied.stdout).toContain(`next: confirm it with oos resolve --order '#2008' --remedy wait`);
    expect(query(shop.db, `SELECT state, cancel_reason FROM followups WHERE order_id = '#2008' AND kind = 'reminder'`)).toEqual([{ state: 'cancelled', cancel_reason: 'customer replied' }]);
    expect(shop.run(['resolve', '--order', '#2012', '--closed', '--outcome', 'satisfied'], AT).code).toBe(0);
    expect(query(shop.db, `SELECT count(*) AS n FROM followups WHERE order_id = '#2012' AND state = 'pending'`)).toEqual([{ n: 0 }]);
    expect(query(shop.db, `SELECT state, outcome FROM cases WHERE order_id = '#2012'`)).toEqual([{ state: 'closed', outcome: 'satisfied' }]);
    const r = shop.run(['resolve', '--order', '#2012', '--offer'], AT);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/closed/);
  });

  it('keeps schedule.csv, schedule.ics and the day\'s messages.csv in step with the database', () => {
    const pending = query<{ n: number }>(shop.db, `SELECT count(*) AS n FROM followups WHERE state = 'pending'`)[0]!.n;
    const schedule = readFileSync(join(shop.outbox, 'schedule.csv'), 'utf8').trim().split('\r\n');
    expect(schedule.length - 1).toBe(pending);
    expect(readFileSync(join(shop.outbox, 'schedule.ics'), 'utf8').match(/BEGIN:VEVENT/g)!.length).toBe(pending);
    const messages = readFileSync(join(shop.outbox, '2026-11-22', 'messages.csv'), 'utf8');
    expect(messages.startsWith('\uFEFF')).toBe(true);
    expect(query<{ n: number }>(shop.db, 'SELECT count(*) AS n FROM messages')[0]!.n).toBe(6);
    for (const f of readdirSync(join(shop.outbox, '2026-11-22'))) expect(modeOf(join(shop.outbox, '2026-11-22', f))).toBe(0o600);
  });
});

describe('hostile order ids and customer data', () => {
  it('[H1 E1] ids like ../../x and CON write inside the outbox; formula cells are neutralised', () => {
    const shop = exampleShop();
    const header = 'order_id,paid_at,customer_name,email,phone,sku,title,quantity,unit_price,currency,order_total';
    writeFileSync(
      join(shop.dir, 'hostile.csv'),
      `${header}\n../../x,2026-11-22 08:00,=HYPERLINK("http://evil/"),a@example.com,+8613800000009,SET-GIFT-A,Gift Set,1,100,CNY,100\nCON,2026-11-22 08:00,@SUM(A1),b@example.com,13800000001,SET-GIFT-A,Gift Set,1,100,CNY,100\n`,
    );
    expect(shop.run(['scan', join(shop.dir, 'hostile.csv'), '--inventory', join(shop.dir, 'inventory.csv')], '2026-11-22T09:00').code).toBe(0);
    for (const id of ['../../x', 'CON']) {
      const r = shop.run(['resolve', '--order', id, '--offer', '--channel', 'sms', '--lang', 'en', '--json'], AT);
      expect(r.code).toBe(0);
      expect(json(r.stdout).messages[0].path.startsWith(`${shop.outbox}/2026-11-22/`)).toBe(true);
    }
    expect(readdirSync(shop.dir).filter((f) => !f.startsWith('oos.db')).sort()).toEqual(['hostile.csv', 'inventory.csv', 'oos.config.json', 'orders.csv', 'outbox', 'substitutes.csv', 'tracking.csv']);
    const csv = readFileSync(join(shop.outbox, '2026-11-22', 'messages.csv'), 'utf8');
    expect(csv).not.toMatch(/(^|,)"?[=@]/m);
    expect(csv).toContain('+8613800000009');
  });
});

/** The walk-through, in process, with a scripted prompter; output collected. */
async function walk(shop: Shop, script: Answer[], now = AT): Promise<{ out: string; prompter: ScriptedPrompter }> {
  process.env.OOS_ACTOR = 'tester';
  const ctx: Context = createContext({ db: shop.db, config: shop.config, now });
  let out = '';
  ctx.stdout = (t) => void (out += t);
  const db = openDb(shop.db, { create: false });
  const prompter = new ScriptedPrompter(script);
  try {
    await walkThrough(db, ctx, templatesFor(ctx), prompter);
  } finally {
    db.close();
  }
  return { out, prompter };
}

const casesOrder = (shop: Shop) => (json(shop.run(['cases', '--json'], AT).stdout).cases as { order_id: string }[]).map((c) => c.order_id);
const strip = (shop: Shop, value: unknown) => JSON.parse(JSON.stringify(value).split(shop.dir).join('<shop>'));

describe('the walk-through (scripted prompter)', () => {
  it('[G5] gives the same rows and files as the flags for the same choices', async () => {
    const a = freshShop();
    const b = freshShop();
    const [first, second] = casesOrder(a);
    const { prompter, out } = await walk(a, [
      { ask: /What now/ }, // default: offer
      { ask: /Channel/ },
      { ask: /Language/ },
      { ask: /Send it/, answer: 'send' },
      { ask: /waiting for the customer/, answer: 'next' },
      { ask: /What now/, answer: 'remedy' },
      { ask: /Which remedy/ }, // default: the recommended one
      ...(await paramAnswers(a, second!)),
      { ask: /Channel/ },
      { ask: /Language/ },
      { ask: /Send it/, answer: 'send' },
      { ask: /What now/, answer: 'skip' },
      { ask: /What now/, answer: 'quit' },
    ]);
    expect(prompter.done).toBe(true);
    expect(out).toContain(`Order ${first}`);
    const remedy = query<{ remedy: string }>(a.db, 'SELECT remedy FROM cases WHERE order_id = ?', second)[0]!.remedy;
    expect(b.run(['resolve', '--order', first!, '--offer'], AT).code).toBe(0);
    expect(b.run(['resolve', '--order', second!, '--remedy', remedy, '--yes'], AT).code).toBe(0);
    const rows = (s: Shop) => {
      const d = dumpDb(s.db);
      return strip(s, { cases: d.cases, case_events: d.case_events, followups: d.followups, messages: d.messages });
    };
    expect(rows(a)).toEqual(rows(b));
    expect(tree(a.outbox)).toEqual(tree(b.outbox));
  });

  it('edit goes back to the choices, a refused step is explained and asked again, Ctrl+C-like quit records nothing', async () => {
    const shop = freshShop();
    const before = dumpDb(shop.db);
    const [first] = casesOrder(shop);
    const { out } = await walk(shop, [
      { ask: /What now/, answer: 'offer' },
      { ask: /Channel/, answer: 'sms' },
      { ask: /Language/, answer: 'en' },
      { ask: /Send it/, answer: 'edit' },
      { ask: /Channel/, answer: 'chat' },
      { ask: /Language/, answer: 'en' },
      { ask: /Send it/, answer: 'quit' },
    ]);
    expect(dumpDb(shop.db)).toEqual(before);
    // Nothing was written, and it says so (not "Messages are in" a folder that may not exist).
    expect(out).toContain('Nothing recorded, no message written.');
    expect(out).not.toContain('Messages are in');
    expect(first).toBeDefined();
  });

  it('offers no SMS or call to a customer whose number the export does not give: it would be refused after every answer', async () => {
    const shop = exampleShop();
    // The same export with its phone column emptied (column 7).
    const lines = readFileSync(join(shop.dir, 'orders.csv'), 'utf8').split('\n');
    const blank = lines.map((l, i) => (i === 0 || !l ? l : l.split(',').map((c, j) => (j === 6 ? '' : c)).join(',')));
    writeFileSync(join(shop.dir, 'orders.csv'), blank.join('\n'));
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    const channels: Choice<string>[] = [];
    const seeing = new ScriptedPrompter([{ ask: /What now/, answer: 'offer' }, { ask: /Channel/, answer: 'chat' }]);
    const select = seeing.select.bind(seeing);
    seeing.select = async <T extends string>(message: string, choices: Choice<T>[], defaultValue?: T) => {
      if (/Channel/.test(message)) channels.push(...choices);
      return select(message, choices, defaultValue);
    };
    const db = openDb(shop.db, { create: false });
    const ctx: Context = createContext({ db: shop.db, config: shop.config, now: AT });
    ctx.stdout = () => {};
    await expect(walkThrough(db, ctx, templatesFor(ctx), seeing)).rejects.toThrow(/unexpected question/);
    db.close();
    expect(channels.find((c) => c.value === 'sms')?.disabled).toBe('no phone number in the export');
    expect(channels.find((c) => c.value === 'phone')?.disabled).toBe('no phone number in the export');
    expect(channels.find((c) => c.value === 'chat')?.disabled).toBeFalsy();
  });

  it('records a reply, then the remedy, then closes the case, all on one case', async () => {
    const shop = freshShop();
    const [first] = casesOrder(shop);
    const { prompter } = await walk(shop, [
      { ask: /What now/, answer: 'offer' },
      { ask: /Channel/ },
      { ask: /Language/ },
      { ask: /Send it/, answer: 'send' },
      { ask: /waiting for the customer/, answer: 'stay' },
      { ask: /What now/, answer: 'replied' },
      { ask: /What did the customer say/, answer: 'refund' },
      { ask: /Record it/, answer: 'send' },
      { ask: /waiting for the customer/, answer: 'stay' },
      { ask: /What now/, answer: 'closed' },
      { ask: /How did it end/, answer: 'cancelled' },
      { ask: /Record it/, answer: 'send' },
      { ask: /What now/, answer: 'quit' },
    ]);
    expect(prompter.done).toBe(true);
    const types = query<{ type: string }>(shop.db, `SELECT e.type FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = ? ORDER BY e.id`, first).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['offered', 'replied', 'closed']);
    expect(query(shop.db, 'SELECT state, choice, outcome FROM cases WHERE order_id = ?', first)).toEqual([{ state: 'closed', choice: 'refund', outcome: 'cancelled' }]);
  });

  it('a remedy that cannot be drafted is explained and the case is asked again', async () => {
    const shop = freshShop();
    const order = casesOrder(shop);
    // #2012 is oversold with no restock date: waiting needs a date the operator types; a past date is refused by the prompt.
    const idx = order.indexOf('#2012');
    const skips: Answer[] = order.slice(0, idx).map(() => ({ ask: /What now/, answer: 'skip' }));
    const { out, prompter } = await walk(shop, [
      ...skips,
      { ask: /What now/, answer: 'remedy' },
      { ask: /Which remedy/, answer: 'wait' },
      { ask: /Restock date/, answer: '2026-11-27' },
      { ask: /Apology coupon/, answer: '0' },
      { ask: /Channel/ },
      { ask: /Language/, answer: 'en' },
      { ask: /Send it/, answer: 'send' },
      { ask: /What now/, answer: 'quit' },
    ]);
    expect(prompter.done).toBe(true);
    expect(out).toContain('Friday 27 November');
    const terms = JSON.parse(query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#2012'`)[0]!.terms);
    expect(terms).toMatchObject({ remedy: 'wait', coupon: null });
  });
});

describe('the walk-through: remaining branches', () => {
  it('reship with a typed tracking number, offering again on another channel, and changing a recorded remedy', async () => {
    const shop = freshShop();
    expect(shop.run(['resolve', '--order', '#2008', '--offer'], AT).code).toBe(0);
    // (A part of the money back for the delay: a full refund would leave nothing for a wait to send.)
    expect(shop.run(['resolve', '--order', '#2001', '--remedy', 'refund', '--refund-amount', '10', '--yes'], AT).code).toBe(0);
    const order = casesOrder(shop);
    const script: Answer[] = [];
    for (const id of order) {
      if (id === '#2008') script.push({ ask: /What now/, answer: 'offer' }, { ask: /Channel/, answer: 'sms' }, { ask: /Language/ }, { ask: /Send it/, answer: 'send' }, { ask: /waiting for the customer/, answer: 'next' });
      else if (id === '#2001')
        script.push({ ask: /What now/, answer: 'remedy' }, { ask: /Which remedy/, answer: 'wait' }, { ask: /New ship date/, answer: '2026-11-24' }, { ask: /Apology coupon/ }, { ask: /Channel/ }, { ask: /Language/ }, { ask: /Send it/, answer: 'send' });
      else if (id === '#2016')
        script.push({ ask: /What now/, answer: 'remedy' }, { ask: /Which remedy/ }, { ask: /Apology coupon/, answer: '30' }, { ask: /Tracking number/, answer: 'JP555' }, { ask: /Channel/ }, { ask: /Language/ }, { ask: /Send it/, answer: 'send' });
      else script.push({ ask: /What now/, answer: 'skip' });
    }
    const { prompter } = await walk(shop, script);
    expect(prompter.done).toBe(true);
    expect(query(shop.db, `SELECT channel FROM messages WHERE order_id = '#2008' ORDER BY id`)).toEqual([{ channel: 'email' }, { channel: 'sms' }]);
    const changed = query<{ type: string }>(shop.db, `SELECT e.type FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.order_id = '#2001' ORDER BY e.id`).map((e) => e.type);
    expect(changed.slice(-2)).toEqual(['remedy_chosen', 'remedy_changed']);
    expect(query(shop.db, `SELECT kind, state, cancel_reason FROM followups WHERE order_id = '#2001' AND kind IN ('refund_check', 'checkin') ORDER BY kind`)).toEqual([
      { kind: 'checkin', state: 'cancelled', cancel_reason: 'remedy changed' },
      { kind: 'refund_check', state: 'cancelled', cancel_reason: 'remedy changed' },
    ]);
    const reship = JSON.parse(query<{ terms: string }>(shop.db, `SELECT terms FROM cases WHERE order_id = '#2016'`)[0]!.terms);
    expect(reship).toMatchObject({ remedy: 'reship', trackingNumber: 'JP555', coupon: { amount: 3000 } });
  });
});

describe('the walk-through after a full refund', () => {
  it('offers no remedy for the case: each says the whole order was refunded, and closing is the default', async () => {
    const shop = freshShop();
    expect(shop.run(['resolve', '--order', '#2001', '--remedy', 'refund', '--yes'], AT).code).toBe(0);
    const offered = new Map<string, string[]>();
    let current = '';
    class Recording extends ScriptedPrompter {
      override async select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T> {
        if (/What now/.test(message)) offered.set(current, [...choices.filter((c) => !c.disabled).map((c) => c.value), `default:${defaultValue}`]);
        return super.select(message, choices, defaultValue);
      }
    }
    const order = casesOrder(shop);
    const script: Answer[] = order.map(() => ({ ask: /What now/, answer: 'skip' }));
    process.env.OOS_ACTOR = 'tester';
    const ctx: Context = createContext({ db: shop.db, config: shop.config, now: AT });
    let out = '';
    ctx.stdout = (t) => {
      out += t;
      current = order.find((id) => t.includes(`Order ${id}`) || t.includes(` ${id} `)) ?? current;
    };
    const db = openDb(shop.db, { create: false });
    try {
      await walkThrough(db, ctx, templatesFor(ctx), new Recording(script));
    } finally {
      db.close();
    }
    expect(offered.get('#2001')).toBeDefined();
    expect(offered.get('#2001')).not.toContain('remedy');
    expect(offered.get('#2001')).toContain('default:closed');
    expect(out).toMatch(/✗ Wait +the whole order was refunded under an earlier plan/);
  });
});

/** The parameter questions the recommended remedy of `order` asks, all answered with their defaults. */
async function paramAnswers(shop: Shop, order: string): Promise<Answer[]> {
  const { assessRemedies } = await import('../../src/domain/remedies.js');
  const { loadCaseContext } = await import('../../src/store/resolutions.js');
  const ctx = createContext({ db: shop.db, config: shop.config, now: AT });
  const db = openDb(shop.db, { create: false });
  try {
    const cc = loadCaseContext(db, order, ctx.config, ctx.now);
    const r = assessRemedies(cc.facts, ctx.config, ctx.now).find((o) => o.recommended)!.remedy;
    const out: Answer[] = [];
    if (r === 'wait' || (r === 'split' && cc.facts.short.every((s) => s.restockDate !== null))) out.push({ ask: /date/ });
    if (r === 'wait' || r === 'refund' || r === 'reship') out.push({ ask: /coupon/ });
    if (r === 'reship') out.push({ ask: /Tracking number/ });
    return out;
  } finally {
    db.close();
  }
}

describe('oos templates', () => {
  it('lists and checks every template, and renders one with sample data', () => {
    const r = oos(['templates', '--now', AT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All 64 files checked/); // 16 files × zh, zh-Hant, ja, en
    const one = oos(['templates', 'confirm-refund', '--lang', 'en', '--channel', 'sms', '--now', AT]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/full refund of CN¥305\.00 for your order #1001/);
    expect(oos(['templates', 'nope']).code).toBe(64);
  });
});
