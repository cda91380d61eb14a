/**
 * `oos resolve`: the walk-through on a terminal, or one step per call with
 * flags (docs/cli.md). Both build a StepRequest and go through the same
 * prepareStep/commitStep, so they record the same rows and write the same files.
 */
import { createContext, outboxDir, type Context, type GlobalOptions } from '../context.js';
import { LANGUAGES, parseLang, type Channel, type Lang } from '../domain/config.js';
import { policyCouponAmount } from '../domain/coupon.js';
import { channelAllowed, platformRules } from '../domain/platform-rules.js';
import { formatAmount } from '../domain/money.js';
import { assessRemedies, currencyOf, defaultDate, orderValue, primaryKind, REMEDIES, termsInBrief, type Remedy, type RemedyChoices } from '../domain/remedies.js';
import { optionsAfterRefunds } from '../domain/planner.js';
import { formatLocal, formatLocalDate, fromIso, parseDateTime } from '../domain/time.js';
import { CaseChangedError, ChoiceNeededError, OosError, usageError } from '../errors.js';
import type { TemplateSet } from '../outbox/templates.js';
import { listCases } from '../store/cases.js';
import { openDb, type Db } from '../store/db.js';
import { findOrderId } from '../store/cases.js';
import { loadCaseContext, type CaseContext } from '../store/resolutions.js';
import { remedyLabel, renderCaseDetail, renderOptions } from '../ui/case-detail.js';
import { palette, type Palette } from '../ui/color.js';
import { inquirerPrompter, type Choice, type Prompter } from '../ui/prompter.js';
import {
  commitStep,
  defaultChannel,
  defaultLang,
  parseChannel,
  prepareStep,
  templatesFor,
  type PreparedStep,
  type StepOutcome,
  type StepRequest,
} from '../usecases/resolve-step.js';

export interface ResolveOptions extends GlobalOptions {
  order?: string;
  offer?: boolean;
  remedy?: string;
  restockDate?: string;
  substitute?: string;
  coupon?: string;
  refundAmount?: string;
  trackingNumber?: string;
  carrier?: string;
  channel?: string;
  lang?: string;
  yes?: boolean;
  replied?: boolean;
  choice?: string;
  closed?: boolean;
  outcome?: string;
  shipped?: boolean;
  replaces?: string;
  reason?: string;
  decidedBy?: string;
}

export const OUTCOMES = ['satisfied', 'complained', 'cancelled', 'no_reply', 'compensated_again', 'other'] as const;

export async function runResolve(opts: ResolveOptions): Promise<void> {
  const actions = [opts.offer && '--offer', opts.remedy !== undefined && '--remedy', opts.shipped && '--shipped', opts.replied && '--replied', opts.closed && '--closed'].filter(Boolean) as string[];
  const interactive = opts.order === undefined && actions.length === 0;
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  // Checked before anything else: without a terminal the prompts would hang or exit 0 having done nothing.
  if (interactive && (!tty || opts.json))
    throw usageError(
      'oos resolve needs a terminal for the walk-through, or --order plus an action',
      "e.g. oos resolve --order '#1001' --offer   |   oos resolve --order '#1001' --remedy refund --yes",
    );
  if (!interactive && opts.order === undefined) throw usageError(`${actions.join(', ')} needs --order <id>`, "e.g. oos resolve --order '#1001' --offer");
  if (!interactive && actions.length !== 1)
    throw usageError(actions.length ? `choose one action, not ${actions.join(' and ')}` : `--order needs an action: --offer, --remedy <r>, --shipped, --replied or --closed`);
  const ctx = createContext(opts);
  const db = openDb(ctx.dbPath, { create: false });
  try {
    const templates = templatesFor(ctx);
    if (interactive) await walkThrough(db, ctx, templates, await inquirerPrompter());
    else await runFlags(db, ctx, templates, opts, tty ? await inquirerPrompter() : null);
  } finally {
    db.close();
  }
}

/** Turns the flags into a request; every bad value is a usage error naming the flag. */
export function requestFromFlags(opts: ResolveOptions, ctx: Context): StepRequest {
  const tz = ctx.config.shop.timezone;
  const request: StepRequest = {
    orderId: opts.order!.trim(),
    type: opts.offer ? 'offer' : opts.remedy !== undefined ? 'remedy' : opts.shipped ? 'shipped' : opts.replied ? 'replied' : 'closed',
  };
  request.channel = parseChannel(opts.channel);
  if (opts.lang !== undefined) {
    const lang = parseLang(opts.lang);
    if (!lang) throw usageError(`--lang must be one of ${LANGUAGES.join(', ')} (found "${opts.lang}")`);
    request.lang = lang;
  }
  if (opts.remedy !== undefined) {
    if (!(REMEDIES as readonly string[]).includes(opts.remedy)) throw usageError(`--remedy must be one of ${REMEDIES.join(', ')} (found "${opts.remedy}")`);
    request.remedy = opts.remedy as Remedy;
  }
  const choices: RemedyChoices = {};
  if (opts.restockDate !== undefined) {
    const d = parseDateTime(opts.restockDate, tz);
    if (d === null) throw usageError(`--restock-date "${opts.restockDate}" is not a date`, 'use YYYY-MM-DD, e.g. --restock-date 2026-11-26');
    choices.date = d;
  }
  const amount = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError(`${flag} "${v}" is not an amount`, `give it in the shop currency's main unit, e.g. ${flag} 15`);
    return n;
  };
  choices.couponMajor = amount('--coupon', opts.coupon);
  choices.refundMajor = amount('--refund-amount', opts.refundAmount);
  if (opts.substitute !== undefined) choices.substituteSku = opts.substitute.trim();
  if (opts.trackingNumber !== undefined) choices.trackingNumber = opts.trackingNumber;
  if (opts.carrier !== undefined) choices.carrier = opts.carrier;
  if (opts.reason !== undefined) {
    if (!opts.reason.trim()) throw usageError('--reason needs the reason as text', 'e.g. --reason "our courier did not collect on Friday"');
    choices.reason = opts.reason;
  }
  if (opts.decidedBy !== undefined) {
    if (opts.decidedBy !== 'customer' && opts.decidedBy !== 'shop') throw usageError(`--decided-by must be customer or shop (found "${opts.decidedBy}")`);
    choices.decidedBy = opts.decidedBy;
  }
  for (const k of Object.keys(choices) as (keyof RemedyChoices)[]) if (choices[k] === undefined) delete choices[k];
  request.choices = choices;
  if (request.type === 'shipped') {
    if (!opts.trackingNumber?.trim()) throw usageError('--shipped needs --tracking-number <no>: the number of the parcel that left', `e.g. oos resolve --order '${request.orderId}' --shipped --tracking-number SF123456789`);
    request.trackingNumber = opts.trackingNumber;
    request.carrier = opts.carrier;
    if (opts.replaces !== undefined) {
      if (!opts.replaces.trim()) throw usageError('--replaces needs the wrong tracking number given before', `e.g. oos resolve --order '${request.orderId}' --shipped --tracking-number SF123456789 --replaces SF123456798`);
      request.replaces = opts.replaces;
    }
  } else if (opts.replaces !== undefined) {
    throw usageError('--replaces goes with --shipped --tracking-number: the wrong number it corrects');
  }
  if (opts.choice !== undefined) {
    if (!opts.replied) throw usageError('--choice goes with --replied');
    if (!(REMEDIES as readonly string[]).includes(opts.choice)) throw usageError(`--choice must be one of ${REMEDIES.join(', ')} (found "${opts.choice}")`);
    request.choice = opts.choice;
  }
  if (opts.outcome !== undefined) {
    if (!opts.closed) throw usageError('--outcome goes with --closed');
    if (!(OUTCOMES as readonly string[]).includes(opts.outcome)) throw usageError(`--outcome must be one of ${OUTCOMES.join(', ')} (found "${opts.outcome}")`);
    request.outcome = opts.outcome;
  }
  const remedyFlags = ['restockDate', 'substitute', 'coupon', 'refundAmount', 'trackingNumber', 'carrier', 'decidedBy'] as const;
  if (opts.reason !== undefined && request.type !== 'remedy' && request.type !== 'offer') throw usageError('--reason goes with --offer or --remedy');
  if (request.type !== 'remedy') {
    const stray = remedyFlags.filter((f) => opts[f] !== undefined && !(request.type === 'shipped' && (f === 'trackingNumber' || f === 'carrier')));
    if (stray.length) throw usageError(`--${stray[0]!.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)} only goes with --remedy`);
  }
  return request;
}

async function runFlags(db: Db, ctx: Context, templates: TemplateSet, opts: ResolveOptions, prompter: Prompter | null): Promise<void> {
  const request = requestFromFlags(opts, ctx);
  // `--order 2008` for `#2008`: an unquoted # starts a shell comment, so people leave it off.
  request.orderId = findOrderId(db, request.orderId) ?? request.orderId;
  let step: PreparedStep;
  try {
    step = prepareStep(db, ctx, templates, request);
  } catch (e) {
    // The remedy needs a choice: say which flag gives it.
    if (e instanceof ChoiceNeededError)
      throw usageError(e.message, e.needs === 'date' ? `give the date you can keep, e.g. --restock-date 2026-11-26` : `give the amount, e.g. --refund-amount 120`);
    throw e;
  }
  const c = palette(ctx.color);
  const change = changeLine(step, ctx);
  // Changing what the customer was told is never done by accident: on a terminal it is shown and
  // asked; a script says so with --yes.
  if (change && !opts.yes && (!prompter || ctx.json))
    throw usageError(`${change}; the customer gets one message saying what changed`, `to change it, run the same command with --yes`);
  if (!opts.yes && prompter && !ctx.json && step.messages.length) {
    if (change) ctx.stdout(`${c.yellow('!')} ${change}.\n`);
    ctx.stdout(`${renderPreview(step, c)}\n`);
    const go = await prompter.select('Write this message to the outbox and record it?', [
      { value: 'yes', name: 'Yes' },
      { value: 'no', name: 'No, change nothing' },
    ]);
    if (go !== 'yes') {
      ctx.stdout('Nothing recorded.\n');
      return;
    }
  }
  const outcome = commitStep(db, ctx, step);
  const unsaid = reasonLeftOut(opts.reason, step);
  if (unsaid) ctx.stderr(`warning: ${unsaid}\n`);
  if (ctx.json) return void ctx.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
  ctx.stdout(`${renderOutcome(outcome, ctx, c)}\n`);
  if (request.type === 'replied' && !outcome.already_recorded) ctx.stdout(`${repliedLines(outcome, request.choice)}\n`);
}

/**
 * The operator gave a reason that the message does not carry (a confirmation the customer asked
 * for answers their reply and does not repeat the problem): say so, so nobody believes it was told.
 */
function reasonLeftOut(reason: string | undefined, step: PreparedStep): string | null {
  const said = reason?.trim().replace(/[。．.！!]+$/u, '');
  if (!said || !step.messages.length || step.messages.some((m) => m.text.includes(said))) return null;
  return `the reason you gave is not in this message (it answers the customer's choice and does not go over the problem again); tell them yourself if they have not heard it`;
}

/** What recording a reply did and, while the offer is open, the one command that answers it. */
function repliedLines(o: StepOutcome, choice: string | undefined): string {
  const said = `  reply recorded${choice ? `: the customer chose ${choice}` : ''}`;
  if (o.state !== 'offered' && o.state !== 'detected') return `${said}.`;
  const id = `'${o.order_id}'`;
  return choice
    ? `${said}; no more reminders.\n  next: confirm it with oos resolve --order ${id} --remedy ${choice}`
    : `${said}; no more reminders.\n  next: when they choose, oos resolve --order ${id} --remedy <remedy>`;
}

/** "order #2015 already has the remedy wait (until 2026-11-28), told on 2026-11-22; this records refund (…) instead". */
function changeLine(step: PreparedStep, ctx: Context): string | null {
  const was = step.plan.changes;
  if (!was || step.action.type !== 'remedy') return null;
  const tz = ctx.config.shop.timezone;
  const id = step.cc.row.order_id;
  const told =
    step.cc.row.state === 'remedy_chosen'
      ? `order ${id} already has the remedy ${termsInBrief(was.terms, tz)}`
      : was.offered
        ? `the notice offered order ${id} a wait until ${was.terms.date === null ? 'the stock comes' : formatLocalDate(was.terms.date, tz)}`
        : `the notice told order ${id} that without an answer it ships ${was.terms.date === null ? 'as soon as it can' : `on ${formatLocalDate(was.terms.date, tz)}`}`;
  return `${told}; this records ${termsInBrief(step.action.terms, tz)} instead`;
}

export function renderPreview(step: PreparedStep, c: Palette): string {
  const messages = step.messages.map((m) => {
    const head = c.bold(`── ${m.template} · ${m.channel} ──`);
    const subject = m.subject ? `${c.dim('Subject:')} ${m.subject}\n\n` : '';
    return `${head}\n${subject}${m.text}\n${c.dim('─'.repeat(40))}`;
  });
  // Before the operator confirms: what sending this commits the shop to.
  if (step.tasks.length) messages.push(`${c.bold('Sending this commits you to:')}\n${step.tasks.map((t) => `  - ${t}`).join('\n')}`);
  return messages.join('\n');
}

/** What the shop must do for the message to be true, one line each. */
const taskLines = (tasks: string[], c: Palette) => tasks.map((t) => `  ${c.yellow('to do:')} ${t}`);

function renderOutcome(o: StepOutcome, ctx: Context, c: Palette): string {
  const tz = ctx.config.shop.timezone;
  const lines = [`${c.bold(`Order ${o.order_id}`)}: ${o.state.replace('_', ' ')}`];
  if (o.already_recorded) lines.push(`  ${o.already_recorded}`);
  for (const m of o.messages) lines.push(`  wrote ${m.channel} (${m.lang}) ${m.path}`);
  if (o.followups.length) lines.push(`  follow-ups: ${o.followups.map((f) => `${f.kind.replace('_', ' ')} ${formatLocal(fromIso(f.due_at), tz)}`).join(', ')}`);
  lines.push(...taskLines(o.tasks, c));
  return lines.join('\n');
}

type Next = 'offer' | 'remedy' | 'shipped' | 'replied' | 'closed' | 'skip' | 'quit';

/** The walk-through: every open case, most urgent first; nothing is recorded until the operator confirms a step. */
export async function walkThrough(db: Db, ctx: Context, templates: TemplateSet, prompter: Prompter): Promise<void> {
  const c = palette(ctx.color);
  const ids = listCases(db, { all: false, now: ctx.now, shopCurrency: ctx.config.shop.currency }).orderIds();
  if (!ids.length) {
    ctx.stdout('No open cases. Run "oos scan" with today\'s exports first.\n');
    return;
  }
  ctx.stdout(`${c.bold(`${ids.length} open case${ids.length === 1 ? '' : 's'}`)}, most urgent first. Ctrl+C stops at any time; a step is recorded only when you confirm it.\n`);
  let recorded = 0;
  outer: for (const [i, id] of ids.entries()) {
    let cc = loadCaseContext(db, id, ctx.config, ctx.now);
    let last: StepRequest | null = null;
    for (;;) {
      ctx.stdout(`\n${renderCaseDetail(cc, ctx, c, `${i + 1}/${ids.length}`)}\n${renderOptions(assessOptions(cc, ctx), c)}\n`);
      const next: Next = last?.type ?? (await prompter.select<Next>('What now?', nextChoices(cc, ctx), cc.row.state === 'detected' ? 'offer' : assessOptions(cc, ctx).some((o) => o.available) ? 'remedy' : 'closed'));
      if (next === 'skip') continue outer;
      if (next === 'quit') break outer;
      const request: StepRequest = { ...(await askRequest(cc, ctx, prompter, next, last)), shownVersion: cc.row.version };
      let step: PreparedStep;
      try {
        step = prepareStep(db, ctx, templates, request);
      } catch (e) {
        if (e instanceof CaseChangedError) {
          // Changed while on screen: the colleague's step stands; show what it is now and ask again.
          const before = cc.row;
          cc = loadCaseContext(db, id, ctx.config, ctx.now);
          ctx.stdout(`${c.yellow('!')} ${e.message}: ${describeChange(before, cc.row)}. Here it is as it is now.\n`);
          last = null;
          continue;
        }
        // A refused choice (64) or a message the truth gate stopped (65): say why, nothing recorded.
        if (!(e instanceof OosError) || (e.exitCode !== 64 && e.exitCode !== 65)) throw e;
        ctx.stdout(`${c.yellow('!')} ${e.message}${e.hint ? `\n  ${c.dim(e.hint)}` : ''}\n`);
        last = null;
        continue;
      }
      const change = changeLine(step, ctx);
      if (change) ctx.stdout(`\n${c.yellow('!')} ${change}.`);
      if (step.messages.length) ctx.stdout(`\n${renderPreview(step, c)}\n`);
      const confirm = await prompter.select<'send' | 'edit' | 'skip' | 'quit'>(step.messages.length ? 'Send it?' : 'Record it?', [
        { value: 'send', name: step.messages.length ? 'Confirm: write it to the outbox and record it' : 'Confirm: record it' },
        { value: 'edit', name: 'Edit: change the choices' },
        { value: 'skip', name: 'Skip this case for now' },
        { value: 'quit', name: 'Quit' },
      ]);
      if (confirm === 'skip') continue outer;
      if (confirm === 'quit') break outer;
      if (confirm === 'edit') {
        last = request;
        continue;
      }
      let outcome: StepOutcome;
      try {
        outcome = commitStep(db, ctx, step);
      } catch (e) {
        if (!(e instanceof CaseChangedError)) throw e;
        // Someone else (a colleague, or a flags run) recorded a step on this case meanwhile: show it as it is now.
        const before = cc.row;
        cc = loadCaseContext(db, id, ctx.config, ctx.now);
        ctx.stdout(`${c.yellow('!')} ${e.message}: ${describeChange(before, cc.row)}. Here it is as it is now.\n`);
        last = null;
        continue;
      }
      recorded++;
      ctx.stdout(`${c.green('✓')} ${renderOutcome(outcome, ctx, c)}\n`);
      if (outcome.state === 'closed' || request.type === 'remedy') continue outer;
      // After an offer or a reply the case stays open: offer the next step on it right away.
      cc = loadCaseContext(db, id, ctx.config, ctx.now);
      last = null;
      const again = await prompter.select<'next' | 'stay' | 'quit'>('This case is waiting for the customer. Next?', [
        { value: 'next', name: 'Next case' },
        { value: 'stay', name: 'Stay on this case (the customer already answered)' },
        { value: 'quit', name: 'Quit' },
      ]);
      if (again === 'next') continue outer;
      if (again === 'quit') break outer;
    }
  }
  ctx.stdout(recorded ? `\n${recorded} step${recorded === 1 ? '' : 's'} recorded. Messages are in ${outboxDir(ctx)}\n` : '\nNothing recorded, no message written.\n');
}

/** What another run changed on a case, in a few words for the operator. */
function describeChange(before: CaseContext['row'], now: CaseContext['row']): string {
  const parts: string[] = [];
  if (before.state !== now.state) parts.push(`now ${now.state.replace('_', ' ')} (was ${before.state.replace('_', ' ')})`);
  if (before.remedy !== now.remedy) parts.push(now.remedy ? `remedy ${now.remedy} recorded` : 'remedy removed');
  if (before.replied_at !== now.replied_at) parts.push('the customer\'s reply was recorded');
  return parts.length ? parts.join(', ') : 'a step was recorded';
}

const assessOptions = (cc: CaseContext, ctx: Context) => optionsAfterRefunds(assessRemedies(cc.facts, ctx.config, ctx.now), cc.facts, cc.promises, ctx.config);

function nextChoices(cc: CaseContext, ctx: Context): Choice<Next>[] {
  const s = cc.row.state;
  const choices: Choice<Next>[] = [];
  if (s === 'detected') choices.push({ value: 'offer', name: 'Send the customer the choices (first notice)' });
  // (None left once the whole order was refunded: the case is closed, not given another remedy.)
  if (assessOptions(cc, ctx).some((o) => o.available))
    choices.push({ value: 'remedy', name: s === 'remedy_chosen' ? 'Change the remedy' : s === 'offered' ? 'The customer chose: record their remedy' : 'Decide the remedy now (no choice needed)' });
  if (cc.parcels.some((p) => p.state === 'preparing')) choices.push({ value: 'shipped', name: 'The new parcel has left: enter its tracking number' });
  if (s === 'offered') {
    choices.push({ value: 'replied', name: 'The customer answered but has not chosen yet' });
    choices.push({ value: 'offer', name: 'Send the choices again (another channel)' });
  }
  choices.push({ value: 'closed', name: 'Close the case (finished)' });
  choices.push({ value: 'skip', name: 'Skip for now' });
  choices.push({ value: 'quit', name: 'Quit' });
  return choices;
}

async function askRequest(cc: CaseContext, ctx: Context, p: Prompter, type: Exclude<Next, 'skip' | 'quit'>, last: StepRequest | null): Promise<StepRequest> {
  const { facts, row } = cc;
  const request: StepRequest = { orderId: row.order_id, type };
  if (type === 'replied') {
    const offered = JSON.parse(row.offered ?? '[]') as string[];
    const choice = await p.select<string>('What did the customer say?', [
      { value: '-', name: 'No choice yet (questions, asked for time)' },
      ...offered.map((r) => ({ value: r, name: `Leaning to ${remedyLabel(r)}` })),
    ]);
    if (choice !== '-') request.choice = choice;
    return request;
  }
  if (type === 'shipped') {
    request.trackingNumber = (await p.input('Tracking number of the parcel that left?', { validate: (v) => (v.trim() ? true : 'Enter the tracking number') })).trim();
    const carrier = (await p.input('Carrier (blank: as before)?', { default: '' })).trim();
    if (carrier) request.carrier = carrier;
    return request;
  }
  if (type === 'closed') {
    request.outcome = await p.select<string>('How did it end?', OUTCOMES.map((o) => ({ value: o, name: o.replace(/_/g, ' ') })), last?.outcome);
    return request;
  }
  if (type === 'remedy') {
    const options = assessOptions(cc, ctx);
    const remedy = await p.select<Remedy>(
      'Which remedy?',
      options.map((o) => ({
        value: o.remedy,
        name: `${remedyLabel(o.remedy)}${o.recommended ? ' (recommended)' : ''}`,
        description: o.reason,
        disabled: o.available ? false : o.reason,
      })),
      last?.remedy ?? options.find((o) => o.recommended)?.remedy,
    );
    request.remedy = remedy;
    request.choices = await askChoices(cc, ctx, p, remedy, last?.remedy === remedy ? last.choices : undefined);
    // "The customer chose" on an offered case: their choice, thanked for; otherwise the shop decided.
    if (row.state === 'offered') request.choices.decidedBy = 'customer';
  }
  const recorded = last?.channel ?? (row.channel as Channel | null);
  const channelDefault = recorded && channelAllowed(recorded, facts.order.channel) ? recorded : defaultChannel(facts.order);
  // Amazon's buyers are reached only through its Buyer-Seller Messaging: no SMS, no call.
  const via = platformRules(facts.order.channel).onlyVia;
  const offPlatform = (ch: Channel) => (channelAllowed(ch, facts.order.channel) ? false : `only ${via}`);
  // A text or a call needs the customer's number: without one the step would be refused (64) after every answer was given.
  const unreachable = (ch: Channel) => offPlatform(ch) || (facts.order.phone ? false : 'no phone number in the export');
  const channel = await p.select<Channel>(
    'Channel?',
    [
      { value: 'chat', name: 'chat (platform messages, Wangwang/Qianniu, LINE…)' },
      { value: 'email', name: `email${facts.order.email ? ` (${facts.order.email})` : ' (no address on file)'}` },
      { value: 'sms', name: `sms${facts.order.phone ? ` (${facts.order.phone})` : ''}`, disabled: unreachable('sms') },
      { value: 'phone', name: `phone (a call script${facts.order.phone ? `, ${facts.order.phone}` : ''})`, disabled: unreachable('phone') },
    ],
    channelDefault,
  );
  if (channel !== channelDefault || last?.channel) request.channel = channel;
  const langDefault = last?.lang ?? (row.lang as Lang | null) ?? defaultLang(ctx, facts.order);
  const lang = await p.select<Lang>('Language?', [
    { value: 'zh', name: '简体中文 (zh)' },
    { value: 'zh-Hant', name: '繁體中文 (zh-Hant)' },
    { value: 'ja', name: '日本語 (ja)' },
    { value: 'en', name: 'English (en)' },
  ], langDefault);
  if (lang !== langDefault || last?.lang) request.lang = lang;
  // Same choices as the flags would give: defaults stay unset, so both paths record identical terms.
  if (request.channel === ((row.channel as Channel | null) ?? defaultChannel(facts.order))) delete request.channel;
  if (request.lang === ((row.lang as Lang | null) ?? defaultLang(ctx, facts.order))) delete request.lang;
  return request;
}

async function askChoices(cc: CaseContext, ctx: Context, p: Prompter, remedy: Remedy, previous?: RemedyChoices): Promise<RemedyChoices> {
  const { facts } = cc;
  const tz = ctx.config.shop.timezone;
  const choices: RemedyChoices = {};
  const kind = primaryKind(facts);
  if (remedy === 'wait' || (remedy === 'split' && facts.short.every((s) => s.restockDate !== null))) {
    const def = formatLocalDate(previous?.date ?? defaultDate(facts, ctx.config, ctx.now), tz);
    const label = kind === 'oversold' ? 'Restock date you can keep' : kind === 'late' ? 'New ship date' : 'Decide by (date)';
    const text = await p.input(`${label} (YYYY-MM-DD)?`, {
      default: def,
      validate: (v) => {
        const d = parseDateTime(v, tz);
        if (d === null) return 'Use YYYY-MM-DD, e.g. 2026-11-26';
        if (formatLocalDate(d, tz) < formatLocalDate(ctx.now, tz)) return 'That day has passed';
        return true;
      },
    });
    if (text.trim() !== formatLocalDate(defaultDate(facts, ctx.config, ctx.now), tz) || previous?.date !== undefined) choices.date = parseDateTime(text, tz)!;
    if (choices.date !== undefined && formatLocalDate(choices.date, tz) === formatLocalDate(defaultDate(facts, ctx.config, ctx.now), tz)) delete choices.date;
  }
  if (remedy === 'substitute') {
    const shortSkus = new Set(facts.short.map((s) => s.sku));
    const candidates = facts.substitutes.filter((s) => shortSkus.has(s.forSku));
    const distinct = [...new Set(candidates.map((s) => s.sku))];
    if (distinct.length > 1) {
      const sku = await p.select<string>(
        'Which substitute?',
        candidates.map((s) => ({ value: s.sku, name: `${s.sku} ${s.title ?? ''}${s.variant ? ` / ${s.variant}` : ''}`, description: `${s.free} free${s.note ? ` · ${s.note}` : ''}` })),
        previous?.substituteSku,
      );
      if (sku !== candidates[0]!.sku) choices.substituteSku = sku;
    }
  }
  if (remedy === 'wait' || remedy === 'refund' || remedy === 'reship') {
    const cur = currencyOf(facts, ctx.config);
    const policy = formatAmount(policyCouponAmount(orderValue(facts), facts.order.tags, cur, ctx.config).amount, cur);
    const text = await p.input(`Apology coupon in ${cur} (policy: ${policy}; 0 = none)?`, {
      default: previous?.couponMajor !== undefined ? String(previous.couponMajor) : policy,
      validate: (v) => (v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0 ? true : 'Enter an amount, e.g. 15, or 0 for none'),
    });
    if (Number(text) !== Number(policy)) choices.couponMajor = Number(text);
  }
  if (remedy === 'reship') {
    const t = await p.input('Tracking number of the new parcel (blank if not known yet)?', { default: previous?.trackingNumber ?? '' });
    if (t.trim()) choices.trackingNumber = t.trim();
  }
  return choices;
}
