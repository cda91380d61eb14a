/** `oos templates`: list and check every template, or render one with sample data. */
import { createContext, type Context, type GlobalOptions } from '../context.js';
import { CHANNELS, LANGUAGES, parseLang, type Channel, type Lang } from '../domain/config.js';
import { VIEW_VARIABLES } from '../domain/message-view.js';
import type { RefundMethod } from '../domain/refund-method.js';
import type { Remedy } from '../domain/remedies.js';
import { firstNonGsm, smsCost, SMS_MAX_SEGMENTS, type SmsCost } from '../domain/sms.js';
import { OosError, usageError } from '../errors.js';
import { INTENTS, type Intent, type RenderedMessage, type TemplateSet } from '../outbox/templates.js';
import { formatLocal } from '../domain/time.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { palette, type Palette } from '../ui/color.js';
import { parseChannel, templatesFor } from '../usecases/resolve-step.js';
import { earlierRemedyFor, SAMPLE_FOR, sampleKindsFor, sampleView, type SampleOptions } from '../outbox/template-samples.js';

export async function runTemplates(
  intent: string | undefined,
  opts: GlobalOptions & { lang?: string; channel?: string; vars?: boolean; check?: boolean; renderAll?: boolean; out?: string },
): Promise<void> {
  const ctx = createContext(opts);
  const c = palette(ctx.color);
  const templates = templatesFor(ctx);
  if (opts.check) {
    // A misspelt folder or file is not checked because it is not used: said, so nobody believes their template passed.
    for (const f of templates.strayOverrides()) ctx.stderr(`warning: not used, matches no template: ${f}\n`);
    return checkSms(ctx, templates, c);
  }
  if (opts.renderAll) return renderAll(ctx, templates, opts.out);
  if (opts.out !== undefined) throw usageError('--out goes with --render-all');
  if (opts.vars) {
    const rows = Object.entries(VIEW_VARIABLES);
    if (ctx.json) return void ctx.stdout(`${JSON.stringify({ variables: VIEW_VARIABLES }, null, 2)}\n`);
    const w = Math.max(...rows.map(([k]) => k.length));
    ctx.stdout(`${rows.map(([k, v]) => `${k.padEnd(w)}  ${c.dim(v)}`).join('\n')}\n`);
    return;
  }
  const lang = opts.lang === undefined ? null : parseLang(opts.lang);
  if (opts.lang !== undefined && !lang) throw usageError(`--lang must be one of ${LANGUAGES.join(', ')} (found "${opts.lang}")`);
  const langs: Lang[] = lang ? [lang] : [...LANGUAGES];
  const channels: Channel[] = opts.channel ? [parseChannel(opts.channel)!] : [...CHANNELS];

  // Listing checks everything: every file parses and lints, and renders for every language and channel with sample data.
  const files = templates.list();
  if (intent === undefined) {
    for (const i of INTENTS) for (const l of LANGUAGES) for (const ch of CHANNELS) templates.render(i, ch, l, sampleView(i, l, ctx.config, ctx.now), 'card', '#1001');
    const stray = templates.strayOverrides();
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify({ templates: files.map((f) => ({ lang: f.lang, name: f.name, path: f.path, builtin: f.builtin, blocks: [...f.blocks.keys()] })), unused_files: stray }, null, 2)}\n`);
      return;
    }
    const out: string[] = [];
    for (const lang of LANGUAGES) {
      out.push(c.bold(lang));
      for (const f of files.filter((x) => x.lang === lang)) out.push(`  ${f.name.padEnd(24)} ${f.builtin ? c.dim('built-in') : c.green(f.path)}`);
    }
    if (stray.length) out.push(c.yellow(`\nThese files in your templates folder match no template and are not used:\n  ${stray.join('\n  ')}`));
    out.push(c.dim(`\nAll ${files.length} files checked: every variable known, every message renders.\nRender one: oos templates notice-oversold --lang ja --channel email`));
    ctx.stdout(`${out.join('\n')}\n`);
    return;
  }
  if (!(INTENTS as readonly string[]).includes(intent)) throw usageError(`no template "${intent}"`, `templates are: ${INTENTS.join(', ')}`);
  const rendered = langs.flatMap((l) => channels.map((ch) => templates.render(intent as Intent, ch, l, sampleView(intent as Intent, l, ctx.config, ctx.now), 'card', '#1001')));
  if (ctx.json) return void ctx.stdout(`${JSON.stringify({ messages: rendered }, null, 2)}\n`);
  ctx.stdout(
    `${rendered
      .map((m) => `${c.bold(`── ${m.template} · ${m.channel} ──`)}\n${m.subject ? `${c.dim('Subject:')} ${m.subject}\n\n` : ''}${m.text}`)
      .join('\n\n')}\n`,
  );
}

const REFUND_METHODS: RefundMethod[] = ['card', 'bank', 'points', 'platform', 'original', 'cod'];

/**
 * `oos templates --check`: every SMS of every template and language, rendered with the longest
 * real values (a 19-digit Taobao order id, long titles) for every refund wording, and, for a
 * confirmation, also as the change of an earlier remedy: each must fit SMS_MAX_SEGMENTS, and an
 * English one must stay GSM-7. Prints the cost of each; 65 when any is over.
 */
/**
 * The sample cases each intent is checked in: every problem kind it is written for; a
 * confirmation also as the change of another remedy; a slipped date for a whole order and for
 * the rest of a split, passed or moved early, with and without asking for consent.
 */
function sampleVariants(intent: Intent, ctx: Context): SampleOptions[] {
  const variants = kindVariants(intent, ctx);
  if (!PICKUP_INTENTS.includes(intent)) return variants;
  // An out-of-stock order the customer collects: the same cases, worded "ready to collect".
  const collectable = variants.filter((v) => (v.kind ?? SAMPLE_FOR[intent].kind) === 'oversold' && v.remedy !== 'split');
  return [...variants, ...collectable.map((v) => ({ ...v, pickup: true }))];
}

/** The messages an out-of-stock order the customer collects (local pickup) can get that speak of when it comes. */
export const PICKUP_INTENTS: readonly Intent[] = ['notice-oversold', 'confirm-wait', 'confirm-substitute', 'followup-reminder', 'followup-wait-update', 'followup-date-slipped'];

function kindVariants(intent: Intent, ctx: Context): SampleOptions[] {
  const kinds = sampleKindsFor(intent, ctx.config, ctx.now);
  if (intent.startsWith('confirm-'))
    return kinds.flatMap((kind) => {
      const earlier = earlierRemedyFor(intent, kind, ctx.config, ctx.now);
      // A reship sent again after the first replacement got stuck too.
      // A refund instead of a replacement that got stuck too.
      const again: SampleOptions[] = intent === 'confirm-reship' || (intent === 'confirm-refund' && (kind === 'stalled' || kind === 'lost')) ? [{ kind, reshipAgain: true }] : [];
      // A refund of the rest after a cheaper substitute's difference went back already.
      if (intent === 'confirm-refund') again.push({ kind, refundedEarlier: true });
      // A split with no restock date: what is in stock ships, the rest is refunded (one parcel).
      if (intent === 'confirm-split') again.push({ kind, restRefunded: true });
      // A new day after the one told passed unmet (with the reason given), a US shop asking for a yes to it, and not.
      if (intent === 'confirm-wait' && (kind === 'late' || kind === 'oversold')) again.push({ kind, changedFrom: 'wait', missed: true, consent: true }, { kind, changedFrom: 'wait', missed: true });
      // Any other plan after a missed day: the change note says sorry for it, with the reason.
      else if ((kind === 'late' || kind === 'oversold') && SAMPLE_FOR[intent].remedy !== 'wait') again.push({ kind, changedFrom: 'wait', missed: true });
      return earlier ? [{ kind }, { kind, changedFrom: earlier }, ...again] : [{ kind }, ...again];
    });
  if (intent === 'followup-date-slipped')
    return (['wait', 'split'] as const).flatMap((remedy) => [false, true].flatMap((moved) => [false, true].map((consent) => ({ remedy, moved, consent }))));
  if (intent === 'notice-late') return kinds.flatMap((kind) => [{ kind }, { kind, waitNeedsYes: true }, { kind, remedy: null, offerChanged: true }]);
  // A notice that replaces the one before, whose swap has sold out since.
  if (intent === 'notice-oversold' || intent === 'notice-stalled') return kinds.flatMap((kind) => [{ kind }, { kind, remedy: null, offerChanged: true }, { kind, restRefunded: true }]);
  if (intent === 'followup-reminder') return kinds.flatMap((kind) => [{ kind }, { kind, restRefunded: true }]);
  if (intent === 'followup-shipped') return kinds.flatMap((kind) => [{ kind }, { kind, delivered: true }, { kind, corrected: true }]);
  if (intent === 'followup-wait-update')
    return [
      ...kinds.map((kind) => ({ kind })),
      ...kinds.filter((k) => k === 'stalled').flatMap((kind) => [
        { kind, movingAgain: true },
        // The export shows another number for the parcel than the one the customer was told.
        { kind, movingAgain: true, corrected: true },
        // Asked to choose (no remedy yet): the coupon promised with every choice comes with the news.
        { kind, remedy: null, movingAgain: true, couponOwed: true },
        { kind, remedy: null, movingAgain: true, parcelArrived: true, couponOwed: true },
      ]),
    ];
  return kinds.map((kind) => ({ kind }));
}

function checkSms(ctx: Context, templates: TemplateSet, c: Palette): void {
  const rows: { intent: Intent; lang: Lang; variant: string; cost: SmsCost; why: string | null }[] = [];
  for (const intent of INTENTS)
    for (const lang of LANGUAGES) {
      let worst: (typeof rows)[number] | null = null;
      for (const variant of sampleVariants(intent, ctx))
        for (const method of REFUND_METHODS) {
          const { changedFrom, consent } = variant;
          const view = sampleView(intent, lang, ctx.config, ctx.now, { long: true, ...variant, ...(variant.missed ? { reason: REASON[lang] } : {}), payOnDelivery: method === 'cod', byBank: method === 'bank' });
          const text = templates.render(intent, 'sms', lang, view, method, '#3912345678901234567').text;
          const cost = smsCost(text);
          const unrendered = /\{\{|\}\}/.test(text) ? 'a {{variable}} left unrendered' : null;
          const notGsm = lang === 'en' && cost.encoding !== 'GSM-7' ? `"${firstNonGsm(text)}" makes it UCS-2` : null;
          const row = { intent, lang, variant: `${variant.kind && variant.kind !== SAMPLE_FOR[intent].kind ? `${variant.kind}, ` : ''}${changedFrom ? `changing ${changedFrom}, ` : ''}${variant.remedy === 'split' ? 'rest of a split, ' : ''}${variant.moved ? 'moved early, ' : ''}${variant.movingAgain ? (variant.parcelArrived ? 'delivered before a choice, ' : 'moving again, ') : ''}${variant.couponOwed ? 'coupon owed, ' : ''}${variant.reshipAgain ? 'reship again, ' : ''}${variant.refundedEarlier ? 'rest after an earlier refund, ' : ''}${variant.restRefunded ? 'rest refunded, ' : ''}${variant.delivered ? 'delivered before its number came, ' : ''}${variant.corrected ? (variant.movingAgain ? 'number changed, ' : 'wrong number corrected, ') : ''}${variant.missed ? 'its day missed, with a reason, ' : ''}${variant.pickup ? 'collected at the shop, ' : ''}${variant.waitNeedsYes ? 'wait needs a yes (US), ' : ''}${consent ? 'asking consent (US), ' : ''}${method} refund wording`, cost, why: unrendered ?? notGsm };
          if (!worst || cost.segments > worst.cost.segments || cost.units > worst.cost.units || (row.why && !worst.why)) worst = row;
        }
      rows.push(worst!);
    }
  const over = rows.filter((r) => r.cost.segments > SMS_MAX_SEGMENTS || r.why);
  if (ctx.json) ctx.stdout(`${JSON.stringify({ max_segments: SMS_MAX_SEGMENTS, sms: rows.map((r) => ({ template: `${r.lang}/${r.intent}`, longest: r.variant, encoding: r.cost.encoding, units: r.cost.units, segments: r.cost.segments, problem: r.why })) }, null, 2)}\n`);
  else {
    const lines = rows.map((r) => {
      const bad = r.cost.segments > SMS_MAX_SEGMENTS || r.why;
      const mark = bad ? c.red('OVER') : c.green('ok  ');
      return `${mark} ${`${r.lang}/${r.intent}`.padEnd(32)} ${String(r.cost.segments).padStart(2)} SMS  ${String(r.cost.units).padStart(4)} ${r.cost.encoding.padEnd(5)}  ${c.dim(`longest: ${r.variant}`)}${r.why ? `  ${c.red(r.why)}` : ''}`;
    });
    ctx.stdout(`${lines.join('\n')}\n${c.dim(`Each SMS rendered with the longest real values; the budget is ${SMS_MAX_SEGMENTS} SMS (160/153 GSM-7 characters, 70/67 UCS-2).`)}\n`);
  }
  if (over.length)
    throw new OosError(65, `${over.length} SMS template${over.length === 1 ? '' : 's'} over the budget: ${over.map((r) => `${r.lang}/${r.intent} (${r.why ?? `${r.cost.segments} SMS`})`).join(', ')}`, 'shorten the sms block (or use {{item_short}}), then run oos templates --check again');
}

/** A reason an operator might give, in the customer's language (reasons are typed by the operator in it). */
const REASON: Record<Lang, string> = { en: 'our courier did not collect on Friday', zh: '快递周五没有来揽收', 'zh-Hant': '物流週五沒有來收件', ja: '金曜日に配送業者の集荷がありませんでした' };

/** The one sample order every message of the whole set is rendered for (see template-samples.ts). */
const SAMPLE_ORDER = '#1001';

/**
 * `oos templates --render-all`: every template in every channel and language, for one sample
 * order, as Markdown a reviewer reads in one sitting: one file per language with `--out <dir>`
 * (docs/messages/ is this, for the example shop), else all on stdout.
 */
function renderAll(ctx: Context, templates: TemplateSet, out: string | undefined): void {
  const files = LANGUAGES.map((lang) => ({ lang, text: renderLanguage(ctx, templates, lang) }));
  if (out === undefined) return void ctx.stdout(files.map((f) => f.text).join('\n'));
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, `${f.lang}.md`), f.text);
  ctx.stdout(`${files.map((f) => join(dir, `${f.lang}.md`)).join('\n')}\n`);
}

function renderLanguage(ctx: Context, templates: TemplateSet, lang: Lang): string {
  const tz = ctx.config.shop.timezone;
  const parts = [
    `# Every message in ${lang}\n`,
    `Rendered by \`oos templates --render-all\` for the sample order ${SAMPLE_ORDER} of ${ctx.config.shop.name}, ` +
      `at ${formatLocal(ctx.now, tz)} (${tz}); card payment unless the section says otherwise. Do not edit: render again.\n`,
  ];
  const block = (title: string, m: RenderedMessage) =>
    `### ${title}\n\n${m.subject ? `Subject: ${m.subject}\n\n` : ''}\`\`\`text\n${m.text}\n\`\`\`\n`;
  for (const intent of INTENTS) {
    parts.push(`## ${intent}\n`);
    for (const ch of CHANNELS) parts.push(block(ch, templates.render(intent, ch, lang, sampleView(intent, lang, ctx.config, ctx.now), 'card', SAMPLE_ORDER)));
    if (intent.startsWith('confirm-')) {
      const from: Remedy = SAMPLE_FOR[intent].remedy === 'refund' ? 'wait' : 'refund';
      const view = sampleView(intent, lang, ctx.config, ctx.now, { changedFrom: from });
      for (const ch of ['sms', 'email'] as const) parts.push(block(`${ch}, changing an earlier ${from}`, templates.render(intent, ch, lang, view, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-wait') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { changedFrom: 'refund', byBank: true });
      parts.push(block('email, paid by bank transfer, changing an earlier part refund that may not have been sent yet', templates.render(intent, 'email', lang, view, 'bank', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-refund') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'late', changedFrom: 'wait' });
      for (const ch of ['chat', 'email'] as const) parts.push(block(`${ch}, late: the notice said the order ships on its new day unless the customer answers; the shop refunds instead`, templates.render(intent, ch, lang, view, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-reship') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'stalled', changedFrom: 'wait' });
      parts.push(block('email, stalled: the customer was to give the carrier a few days; the shop reships instead', templates.render(intent, 'email', lang, view, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'followup-date-slipped') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { consent: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, a US shop: the second delay needs the customer's yes`, templates.render(intent, ch, lang, view, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-wait')
      for (const kind of ['oversold', 'late'] as const) {
        const view = sampleView(intent, lang, ctx.config, ctx.now, { kind, firstWord: true, reason: kind === 'late' ? REASON[lang] : undefined });
        parts.push(block(`email, ${kind}, decided by the shop with no notice before: the first word says sorry, what happened and why`, templates.render(intent, 'email', lang, view, 'card', SAMPLE_ORDER)));
      }
    if (intent === 'confirm-wait') {
      // The day told before passed unmet: sorry for it first, with the reason; a US shop asks for a yes to the new one.
      const late = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'late', changedFrom: 'wait', missed: true, consent: true, reason: REASON[lang] });
      for (const ch of CHANNELS) parts.push(block(`${ch}, late: the ship day told before passed unshipped; a new one, with the reason, and a US shop asks for the customer's yes`, templates.render(intent, ch, lang, late, 'card', SAMPLE_ORDER)));
      const oversold = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'oversold', changedFrom: 'wait', missed: true, reason: REASON[lang] });
      for (const ch of ['sms', 'email'] as const) parts.push(block(`${ch}, oversold: the stock due on the day told before did not arrive; a new day, with the reason`, templates.render(intent, ch, lang, oversold, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'notice-late') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { waitNeedsYes: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, a US shop: a new date more than 30 days late needs the customer's yes`, templates.render(intent, ch, lang, view, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'followup-wait-update') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'stalled', movingAgain: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, a stuck parcel waited for moves again (told once)`, templates.render(intent, ch, lang, view, 'card', SAMPLE_ORDER)));
      const arrived = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'stalled', remedy: null, movingAgain: true, parcelArrived: true, couponOwed: true });
      for (const ch of CHANNELS)
        parts.push(block(`${ch}, a stuck parcel the customer was asked about is delivered before they chose (told once, with the coupon promised)`, templates.render(intent, ch, lang, arrived, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'followup-shipped') {
      const delivered = sampleView(intent, lang, ctx.config, ctx.now, { delivered: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, the tracking number came only after the parcel was delivered`, templates.render(intent, ch, lang, delivered, 'card', SAMPLE_ORDER)));
      const corrected = sampleView(intent, lang, ctx.config, ctx.now, { corrected: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, the tracking number sent before was wrong (oos resolve --shipped --replaces)`, templates.render(intent, ch, lang, corrected, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-reship') {
      const again = sampleView(intent, lang, ctx.config, ctx.now, { reshipAgain: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, sent again because the first replacement got stuck too`, templates.render(intent, ch, lang, again, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-refund') {
      const stuck = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'lost', reshipAgain: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, instead of a replacement that got stuck too`, templates.render(intent, ch, lang, stuck, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'notice-oversold') {
      const replaced = sampleView(intent, lang, ctx.config, ctx.now, { remedy: null, offerChanged: true });
      for (const ch of ['chat', 'phone'] as const) parts.push(block(`${ch}, replacing the notice of the day before, whose swap has sold out since`, templates.render(intent, ch, lang, replaced, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-split') {
      const one = sampleView(intent, lang, ctx.config, ctx.now, { restRefunded: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, no restock date: what is in stock ships, the rest is refunded`, templates.render(intent, ch, lang, one, 'card', SAMPLE_ORDER)));
      const cod = sampleView(intent, lang, ctx.config, ctx.now, { restRefunded: true, payOnDelivery: true });
      parts.push(block('sms, no restock date, paid on delivery', templates.render(intent, 'sms', lang, cod, 'cod', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-refund') {
      const rest = sampleView(intent, lang, ctx.config, ctx.now, { refundedEarlier: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, the rest of the order's value after a cheaper substitute's difference was refunded`, templates.render(intent, ch, lang, rest, 'card', SAMPLE_ORDER)));
    }
    if (intent === 'confirm-refund')
      for (const method of ['bank', 'points', 'platform'] as const)
        parts.push(block(`sms, paid by ${method}`, templates.render(intent, 'sms', lang, sampleView(intent, lang, ctx.config, ctx.now), method, SAMPLE_ORDER)));
    // Paid by bank transfer: the refund is sent once the customer has replied with their account.
    if (intent === 'followup-refund-check') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { byBank: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, paid by bank transfer`, templates.render(intent, ch, lang, view, 'bank', SAMPLE_ORDER)));
    }
    // Paid on delivery: nothing was charged, so the refund is a cancellation with nothing to pay.
    if (intent === 'confirm-refund' || intent === 'followup-checkin') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { payOnDelivery: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, paid on delivery`, templates.render(intent, ch, lang, view, 'cod', SAMPLE_ORDER)));
    }
    if (['confirm-reship', 'confirm-split', 'confirm-substitute', 'notice-oversold', 'notice-late', 'notice-stalled', 'followup-reminder', 'followup-date-slipped'].includes(intent)) {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { payOnDelivery: true });
      for (const ch of intent === 'confirm-reship' ? (['sms', 'chat', 'phone'] as const) : intent.startsWith('confirm-') ? (['chat'] as const) : (['chat', 'phone'] as const))
        parts.push(block(`${ch}, paid on delivery`, templates.render(intent, ch, lang, view, 'cod', SAMPLE_ORDER)));
    }
    // A lost parcel paid on delivery: the reship is offered with its postage on the shop, paid on delivery as before.
    if (intent === 'followup-reminder') {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { kind: 'lost', payOnDelivery: true });
      for (const ch of ['sms', 'chat', 'phone'] as const) parts.push(block(`${ch}, a lost parcel paid on delivery`, templates.render(intent, ch, lang, view, 'cod', SAMPLE_ORDER)));
    }
    // The customer collects the order at the shop: it is made ready to collect, never shipped.
    if (PICKUP_INTENTS.includes(intent)) {
      const view = sampleView(intent, lang, ctx.config, ctx.now, { pickup: true });
      for (const ch of CHANNELS) parts.push(block(`${ch}, collected at the shop (local pickup)`, templates.render(intent, ch, lang, view, 'card', SAMPLE_ORDER)));
    }
  }
  return parts.join('\n');
}
