/**
 * One resolution step (offer, remedy, reply, close) in two halves shared by
 * the flag path and the interactive walk-through: `prepareStep` decides and
 * renders everything without writing (so a preview, a refusal or Ctrl+C
 * leaves no trace), `commitStep` writes the message files and records the
 * step in one transaction. Same request, same now: same rows and files.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { CHANNELS, type Channel, type Lang } from '../domain/config.js';
import { planAfterOffer, planAfterRemedy, type PlannedFollowup } from '../domain/followups.js';
import { customerLanguage } from '../domain/locale.js';
import { buildView, refundMethodOf } from '../domain/message-view.js';
import { assessRemedies, draftTerms, primaryKind, type RemedyChoices, type RemedyOption, type Remedy, type Terms } from '../domain/remedies.js';
import { toIso } from '../domain/time.js';
import type { Order } from '../domain/types.js';
import { usageError } from '../errors.js';
import { dayOf, deliver } from '../io/deliver.js';
import { TemplateSet, templateDir, type Intent, type RenderedMessage } from '../io/templates.js';
import { writeTransaction, type Db } from '../store/db.js';
import { assertCaseUnchanged, loadCaseContext, recordResolution, type Action, type CaseContext, type ResolutionResult } from '../store/resolutions.js';
import { refreshOutboxIndexes } from './outbox-index.js';

export type StepType = 'offer' | 'remedy' | 'replied' | 'closed';

export interface StepRequest {
  orderId: string;
  type: StepType;
  remedy?: Remedy;
  choices?: RemedyChoices;
  channel?: Channel;
  lang?: Lang;
  /** --replied --choice: what the customer picked, when not yet recorded as a remedy. */
  choice?: string;
  /** --closed --outcome */
  outcome?: string;
}

export interface PreparedStep {
  request: StepRequest;
  cc: CaseContext;
  channel: Channel;
  lang: Lang;
  options: RemedyOption[];
  terms: Terms | null;
  action: Action;
  followups: PlannedFollowup[];
  messages: RenderedMessage[];
  eventData: Record<string, unknown>;
}

export interface StepOutcome extends ResolutionResult {
  order_id: string;
  messages: { path: string; channel: string; lang: string; template: string }[];
}

export const outboxDir = (ctx: Context) => resolve(ctx.baseDir, ctx.config.outbox);
export const templatesFor = (ctx: Context) => new TemplateSet(templateDir(ctx.config.templates, ctx.baseDir));

/** Chat for marketplace orders (Taobao, Pinduoduo… where the platform's messenger is the way in), else email, else SMS. */
export function defaultChannel(order: Order): Channel {
  const ch = (order.channel ?? '').toLowerCase();
  if (/taobao|tmall|pinduoduo|pdd|jd|1688|douyin|xianyu|淘宝|天猫|拼多多|京东|抖音/.test(ch)) return 'chat';
  if (order.email) return 'email';
  if (order.phone) return 'sms';
  return 'chat';
}

export const defaultLang = (ctx: Context, order: Order): Lang => customerLanguage(order.language, order.country, ctx.config.shop.language);

function termsForAudit(t: Terms): Record<string, unknown> {
  return {
    ...t,
    date: t.date === null ? null : toIso(t.date),
    coupon: t.coupon ? { ...t.coupon, expiresAt: toIso(t.coupon.expiresAt) } : null,
  };
}

export function prepareStep(db: Db, ctx: Context, templates: TemplateSet, request: StepRequest): PreparedStep {
  const { config, now } = ctx;
  const cc = loadCaseContext(db, request.orderId, config, now);
  const { row, facts } = cc;
  if (row.state === 'closed' || row.state === 'done')
    throw usageError(`the case of order ${row.order_id} is ${row.state}${row.close_reason ? ` (${row.close_reason})` : ''}; nothing to resolve`, 'see the open cases with "oos cases"');
  const channel = request.channel ?? (row.channel as Channel | null) ?? defaultChannel(facts.order);
  const lang = request.lang ?? (row.lang as Lang | null) ?? defaultLang(ctx, facts.order);
  const options = assessRemedies(facts, config, now);
  const kind = primaryKind(facts);
  let terms: Terms | null = null;
  let action: Action;
  let followups: PlannedFollowup[] = [];
  let intent: Intent | null = null;
  const eventData: Record<string, unknown> = { channel, lang };

  switch (request.type) {
    case 'offer': {
      if (row.state === 'remedy_chosen')
        throw usageError(`order ${row.order_id} already has a remedy (${row.remedy}); choices are not offered again`, `record a different choice with --remedy, or finish it with --closed`);
      const offered = options.filter((o) => o.offered).map((o) => o.remedy);
      action = { type: 'offer', offered };
      followups = planAfterOffer(now, config);
      intent = `notice-${kind}`;
      Object.assign(eventData, { offered, recommended: options.find((o) => o.recommended)?.remedy ?? null });
      break;
    }
    case 'remedy': {
      if (!request.remedy) throw usageError('--remedy needs one of wait, substitute, refund, split, reship');
      terms = draftTerms(facts, request.remedy, request.choices ?? {}, config, now);
      action = { type: 'remedy', terms };
      followups = planAfterRemedy(terms, now, config);
      intent = `confirm-${request.remedy}`;
      Object.assign(eventData, { remedy: request.remedy, terms: termsForAudit(terms), previous_remedy: row.remedy });
      break;
    }
    case 'replied':
      action = { type: 'replied', choice: request.choice ?? null };
      Object.assign(eventData, { choice: request.choice ?? null });
      break;
    case 'closed':
      action = { type: 'closed', outcome: request.outcome ?? null };
      Object.assign(eventData, { outcome: request.outcome ?? null });
      break;
  }

  const messages: RenderedMessage[] = [];
  if (intent) {
    const view = buildView({ facts, terms, options }, lang, config, now);
    messages.push(templates.render(intent, channel, lang, view, refundMethodOf(facts.order.paymentMethod), row.order_id));
  }
  if (messages.length) eventData.templates = messages.map((m) => m.template);
  return { request, cc, channel, lang, options, terms, action, followups, messages, eventData };
}

export function commitStep(db: Db, ctx: Context, step: PreparedStep): StepOutcome {
  const outbox = outboxDir(ctx);
  const { row, facts } = step.cc;
  const recipient = { name: facts.order.customerName, email: facts.order.email, phone: facts.order.phone };
  // One write transaction around the check, the files and the record: a second oos run on the same
  // case waits, then finds it changed before it writes a single file, so no message is ever in the
  // outbox without being recorded, nor overwritten by a step that lost the race.
  const { written, result } = writeTransaction(db, () => {
    assertCaseUnchanged(db, row.order_id, row.updated_at);
    const written = step.messages.map((message) =>
      deliver(
        { outbox, orderId: row.order_id, message, recipient, reference: ctx.now, now: ctx.now, dedupeKey: `resolve:${row.id}:${message.intent}:${message.channel}:${toIso(ctx.now)}` },
        ctx.config,
      ),
    );
    if (written.length) step.eventData.messages = written.map((m) => m.path);
    try {
      const result = recordResolution(
        db,
        {
          orderId: row.order_id,
          expectUpdatedAt: row.updated_at,
          action: step.action,
          channel: step.action.type === 'offer' || step.action.type === 'remedy' ? step.channel : row.channel,
          lang: step.action.type === 'offer' || step.action.type === 'remedy' ? step.lang : row.lang,
          followups: step.followups,
          messages: written,
          eventData: step.eventData,
        },
        ctx.now,
        ctx.actor,
      );
      return { written, result };
    } catch (e) {
      for (const m of written) rmSync(m.path, { force: true });
      throw e;
    }
  });
  // Under the write lock, so no other run is between renaming a file and recording it.
  const setAside = writeTransaction(db, () => refreshOutboxIndexes(db, outbox, written.length ? [dayOf(ctx.now, ctx.config)] : [], ctx.config, ctx.now));
  warnSetAside(ctx, setAside);
  return {
    order_id: row.order_id,
    state: result.state,
    messages: written.map((m) => ({ path: m.path, channel: m.channel, lang: m.lang, template: m.template })),
    followups: result.followups,
  };
}

/** One line per message file an interrupted run left unrecorded (outbox-index.ts). */
export function warnSetAside(ctx: Context, files: string[]): void {
  for (const f of files) ctx.stderr(`warning: ${f} was written by an interrupted oos run but never recorded; it was moved aside so it is not sent twice\n`);
}

export function parseChannel(value: string | undefined): Channel | undefined {
  if (value === undefined) return undefined;
  if (!(CHANNELS as readonly string[]).includes(value)) throw usageError(`--channel must be one of ${CHANNELS.join(', ')} (found "${value}")`);
  return value as Channel;
}
