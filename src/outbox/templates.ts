/**
 * Message templates: one mustache file per message intent and language, with
 * a block per channel part, plus a per-language layout that frames the body
 * for chat, email and phone. Rendering is plain text (no HTML escaping), over
 * a data-only view, after a lint that allows only known variable names and
 * the two layout partials, and a walk that fails on any variable the rendered
 * branches need but the case does not have (mustache itself would print "").
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { LANGUAGES, type Channel, type Lang } from '../domain/config.js';
import { VIEW_VARIABLES, type View } from '../domain/message-view.js';
import type { RefundMethod } from '../domain/refund-method.js';
import { dataError, OosError } from '../errors.js';

export const INTENTS = [
  'notice-oversold',
  'notice-late',
  'notice-stalled',
  'confirm-wait',
  'confirm-substitute',
  'confirm-refund',
  'confirm-split',
  'confirm-reship',
  'followup-reminder',
  'followup-wait-update',
  'followup-shipped',
  'followup-refund-check',
  'followup-satisfaction',
  'followup-checkin',
  'followup-date-slipped',
] as const;
export type Intent = (typeof INTENTS)[number];

const INTENT_BLOCKS = ['sms', 'subject', 'body', 'phone'] as const;
const REQUIRED_INTENT_BLOCKS = ['sms', 'subject', 'body'];
const REQUIRED_LAYOUT_BLOCKS = ['chat', 'email', 'phone', 'refund_card', 'refund_bank', 'refund_points', 'refund_platform', 'refund_original'] as const;
/** The change note put before a confirmation that changes an earlier remedy; optional, so an older shop layout still loads. */
const CHANGE_BLOCKS = ['changed', 'changed_sms', 'changed_phone'] as const;
/** The refund wording an SMS uses when the layout has it (else the full one): two SMS are little room. */
const SMS_REFUND_BLOCKS = ['refund_card_sms', 'refund_bank_sms', 'refund_points_sms', 'refund_platform_sms', 'refund_original_sms'] as const;
/**
 * The wording for a customer who pays on delivery (nothing to send back). Optional: a shop layout
 * written before it existed gets the built-in one, never another method's ("reply with your account").
 */
const COD_BLOCKS = ['refund_cod', 'refund_cod_sms'] as const;
const LAYOUT_BLOCKS = [...REQUIRED_LAYOUT_BLOCKS, ...CHANGE_BLOCKS, ...SMS_REFUND_BLOCKS, ...COD_BLOCKS] as const;
const LAYOUT = '_layout';
/** The only partials: the layout frames an intent's `body` (and its phone `script`). */
const PARTIALS = new Set(['body', 'script']);
const ALLOWED = new Set([...Object.keys(VIEW_VARIABLES)]);

export const BUILTIN_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

interface Block {
  text: string;
  /** 1-based line of the block's first text line in its file. */
  line: number;
}

export interface TemplateFile {
  lang: Lang;
  name: string;
  path: string;
  builtin: boolean;
  blocks: Map<string, Block>;
}

export interface RenderedMessage {
  intent: Intent;
  channel: Channel;
  lang: Lang;
  /** `zh/notice-oversold`: which template wrote it. */
  template: string;
  subject: string | null;
  text: string;
}

/** Splits a template file into its `=== name ===` blocks. */
export function parseTemplateFile(text: string, path: string): Map<string, Block> {
  const blocks = new Map<string, Block>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let current: { name: string; line: number; body: string[] } | null = null;
  const close = () => {
    if (current) blocks.set(current.name, { text: current.body.join('\n').trim(), line: current.line });
  };
  lines.forEach((l, i) => {
    const m = /^===\s*([a-z_]+)\s*===\s*$/.exec(l);
    if (m) {
      close();
      if (blocks.has(m[1]!)) throw dataError(`template ${path}, line ${i + 1}: block "${m[1]}" appears twice`);
      current = { name: m[1]!, line: i + 2, body: [] };
    } else if (current) current.body.push(l);
    else if (l.trim() !== '' && !l.startsWith('#')) throw dataError(`template ${path}, line ${i + 1}: text before the first "=== block ===" line`, 'start the file with a line like "=== sms ==="');
  });
  close();
  return blocks;
}

export class TemplateSet {
  private cache = new Map<string, TemplateFile>();
  constructor(
    /** The shop's override folder (config `templates`), or null. */
    readonly overrideDir: string | null,
    readonly builtinDir: string = BUILTIN_DIR,
  ) {}

  /** The file for (lang, name): the shop's own if it has one, else the built-in. */
  file(lang: Lang, name: string): TemplateFile {
    const key = `${lang}/${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const own = this.overrideDir ? join(this.overrideDir, lang, `${name}.mustache`) : null;
    const builtin = join(this.builtinDir, lang, `${name}.mustache`);
    const path = own && existsSync(own) ? own : builtin;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new OosError(66, `template ${key} is missing (looked for ${path})`, 'reinstall oos, or copy the template into your templates folder');
    }
    const file: TemplateFile = { lang, name, path, builtin: path === builtin, blocks: parseTemplateFile(text, path) };
    const allowed: readonly string[] = name === LAYOUT ? LAYOUT_BLOCKS : INTENT_BLOCKS;
    const required: readonly string[] = name === LAYOUT ? REQUIRED_LAYOUT_BLOCKS : REQUIRED_INTENT_BLOCKS;
    for (const b of file.blocks.keys()) if (!allowed.includes(b)) throw dataError(`template ${path}: unknown block "${b}"`, `blocks are: ${allowed.join(', ')}`);
    for (const b of required) if (!file.blocks.has(b)) throw dataError(`template ${path}: block "=== ${b} ===" is missing`);
    for (const [b, block] of file.blocks) lintBlock(block, path, b, name === LAYOUT);
    this.cache.set(key, file);
    return file;
  }

  private builtins: TemplateSet | null = null;

  /** The built-in layout, for a block a shop's older layout lacks. */
  private builtinLayout(lang: Lang): TemplateFile {
    this.builtins ??= new TemplateSet(null, this.builtinDir);
    return this.builtins.file(lang, LAYOUT);
  }

  /** Every template file, for `oos templates` and the full lint. */
  list(): TemplateFile[] {
    const out: TemplateFile[] = [];
    for (const lang of LANGUAGES) for (const name of [LAYOUT, ...INTENTS]) out.push(this.file(lang, name));
    return out;
  }

  /**
   * What in the override folder matches no template: a file name with a typo, a language folder
   * spelled otherwise (ZH, cn, zh-hant), or a configured folder that does not exist. Each would
   * otherwise be ignored silently, and the customer would get the built-in message.
   */
  strayOverrides(): string[] {
    if (!this.overrideDir) return [];
    if (!existsSync(this.overrideDir)) return [`${this.overrideDir} (the configured templates folder does not exist)`];
    const known = new Set([LAYOUT, ...INTENTS].map((n) => `${n}.mustache`));
    const stray: string[] = [];
    for (const lang of readdirSync(this.overrideDir)) {
      const dir = join(this.overrideDir, lang);
      if (!(LANGUAGES as readonly string[]).includes(lang)) {
        stray.push(`${dir} (language folders are ${LANGUAGES.join(', ')})`);
        continue;
      }
      for (const f of readdirSync(dir)) if (!known.has(f)) stray.push(join(dir, f));
    }
    return stray;
  }

  render(intent: Intent, channel: Channel, lang: Lang, view: View, refundMethod: RefundMethod, orderId: string): RenderedMessage {
    const file = this.file(lang, intent);
    const layout = this.file(lang, LAYOUT);
    const ctx = { orderId };
    const full: View = Object.assign(Object.create(null) as View, view);
    if (channel === 'phone') speakQuantities(full, lang);
    // refund_how depends on the payment method; rendered only when the message talks about a refund.
    const howLayout = layout.blocks.has(`refund_${refundMethod}`) ? layout : this.builtinLayout(lang);
    const howName = channel === 'sms' && howLayout.blocks.has(`refund_${refundMethod}_sms`) ? `refund_${refundMethod}_sms` : `refund_${refundMethod}`;
    const how = howLayout.blocks.get(howName)!;
    const howText = renderChecked(how, full, {}, howLayout.path, howName, ctx, true);
    if (howText !== null) full.refund_how = howText;
    // A confirmation that changes an earlier remedy opens with what changed (the layout's change note).
    const noteBlock = full.changed === true ? layout.blocks.get(channel === 'sms' ? 'changed_sms' : channel === 'phone' ? 'changed_phone' : 'changed') : undefined;
    const note = noteBlock ? tidy(renderChecked(noteBlock, full, {}, layout.path, channel === 'sms' ? 'changed_sms' : channel === 'phone' ? 'changed_phone' : 'changed', ctx)!) : '';
    if (note) full.change_note = note;
    const opening = (b: Block): Block => (note ? { text: `{{change_note}}\n\n${b.text}`, line: b.line - 2 } : b);

    const block = (name: string) => file.blocks.get(name)!;
    let subject: string | null = null;
    let text: string;
    switch (channel) {
      case 'sms':
        text = renderChecked(block('sms'), full, {}, file.path, 'sms', ctx)!;
        // An SMS keeps its opening (the shop's name); the change note closes it, unless the template
        // puts {{change_note}} where it belongs itself (an apology for a missed day comes first).
        if (note && !/\{\{\s*[#^]?\s*change_note\s*\}\}/.test(block('sms').text)) text = `${text}${lang === 'en' ? ' ' : ''}${note}`;
        break;
      case 'chat':
        text = renderChecked(layout.blocks.get('chat')!, full, { body: opening(block('body')) }, layout.path, 'chat', ctx, false, file.path)!;
        break;
      case 'email':
        // Subject is one line: customer data can never add a header (no CR/LF survives).
        subject = renderChecked(block('subject'), full, {}, file.path, 'subject', ctx)!.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
        text = renderChecked(layout.blocks.get('email')!, full, { body: opening(block('body')) }, layout.path, 'email', ctx, false, file.path)!;
        break;
      case 'phone':
        text = renderChecked(layout.blocks.get('phone')!, full, { body: opening(block('body')), script: opening(file.blocks.get('phone') ?? block('body')) }, layout.path, 'phone', ctx, false, file.path)!;
        break;
    }
    return { intent, channel, lang, template: `${lang}/${intent}`, subject, text: tidy(text) };
  }
}

/** Blank lines left by sections collapse; no trailing spaces. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type Token = [string, string, number, number, Token[]?, number?];

function tokens(block: Block, path: string, name: string): Token[] {
  try {
    return Mustache.parse(block.text) as Token[];
  } catch (e) {
    const message = (e as Error).message;
    const unclosed = /^Unclosed section "(.*)" at \d+$/.exec(message);
    // Mustache names where it gave up (the block's end) for a section never closed: the line to fix is the one that opened it.
    const opened = unclosed ? unclosedSectionAt(block.text, unclosed[1]!) : null;
    if (opened !== null) {
      const line = block.line + lineOf(block.text, opened) - 1;
      throw dataError(`template ${path}, block "${name}", line ${line}: section "${unclosed![1]}" is opened here and never closed`, `add {{/${unclosed![1]}}} where the section should end`);
    }
    const m = /at (\d+)/.exec(message);
    const line = m ? block.line + lineOf(block.text, Number(m[1])) - 1 : block.line;
    throw dataError(`template ${path}, block "${name}", line ${line}: ${message}`, 'every {{#section}} needs its {{/section}}, every {{ its }}');
  }
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Where the section `name` left open at the end of `text` was opened (the innermost such opening), or null. */
export function unclosedSectionAt(text: string, name: string): number | null {
  const open: { name: string; at: number }[] = [];
  for (const m of text.matchAll(/\{\{\s*([#^/])\s*([^}]*?)\s*\}\}/g)) {
    if (m[1] !== '/') open.push({ name: m[2]!, at: m.index });
    else if (open.at(-1)?.name === m[2]) open.pop();
  }
  return open.findLast((o) => o.name === name)?.at ?? null;
}

/** Only allowlisted names; partials only where the layout frames a body. Catches typos before anything is sent. */
function lintBlock(block: Block, path: string, name: string, isLayout: boolean): void {
  const walk = (ts: Token[]) => {
    for (const t of ts) {
      const [type, value, start] = t;
      const where = `template ${path}, block "${name}", line ${block.line + lineOf(block.text, start) - 1}`;
      if (type === 'name' || type === '&' || type === '#' || type === '^') {
        if (!ALLOWED.has(value))
          throw dataError(`${where}: unknown variable {{${value}}}`, 'run "oos templates --vars" for the names a template may use');
      } else if (type === '>') {
        if (!isLayout || !PARTIALS.has(value) || name.startsWith('refund_'))
          throw dataError(`${where}: partial {{>${value}}} is not allowed here`, 'only the layout may include {{>body}} (and {{>script}} in phone)');
      } else if (type === '=') {
        throw dataError(`${where}: changing delimiters is not supported`);
      }
      if (t[4]) walk(t[4]);
    }
  };
  walk(tokens(block, path, name));
}

const truthy = (v: unknown) => v === true || (typeof v === 'string' && v !== '');

/**
 * Renders a block, first walking the branches the view selects and failing on
 * any variable they need that the view lacks. `optional`: return null instead
 * of failing (used for refund_how, which is only needed by refund messages).
 */
function renderChecked(
  block: Block,
  view: View,
  partials: Record<string, Block>,
  path: string,
  name: string,
  ctx: { orderId: string },
  optional = false,
  partialPath = path,
): string | null {
  const check = (ts: Token[], b: Block, p: string, blockName: string): string | null => {
    for (const t of ts) {
      const [type, value, start] = t;
      if (type === 'name' || type === '&') {
        if (!truthy(view[value]))
          return `template ${p}, block "${blockName}", line ${b.line + lineOf(b.text, start) - 1}: {{${value}}} has no value for order ${ctx.orderId}`;
      } else if (type === '#') {
        if (truthy(view[value])) {
          const r = check(t[4] ?? [], b, p, blockName);
          if (r) return r;
        }
      } else if (type === '^') {
        if (!truthy(view[value])) {
          const r = check(t[4] ?? [], b, p, blockName);
          if (r) return r;
        }
      } else if (type === '>') {
        const partial = partials[value]!;
        const r = check(tokens(partial, partialPath, value), partial, partialPath, value === 'script' && partial === partials.script ? 'phone' : 'body');
        if (r) return r;
      }
    }
    return null;
  };
  const problem = check(tokens(block, path, name), block, path, name);
  if (problem) {
    if (optional) return null;
    throw dataError(problem, 'add the missing data to the export and scan again, or edit the template so it does not need it');
  }
  const texts: Record<string, string> = {};
  for (const [k, b] of Object.entries(partials)) texts[k] = `${b.text}\n`;
  // escape: String — plain text for SMS/chat/email: "A&B" stays "A&B", URLs keep their slashes.
  return Mustache.render(block.text, view, texts, { escape: String });
}

/** Where the shop's templates live: the config value resolved against the config's folder. */
export function templateDir(configured: string | null, baseDir: string): string | null {
  return configured === null ? null : resolve(baseDir, configured);
}

/** The view values that name items with their quantities ("Tea Cake（357 g） × 1"). */
const ITEM_VALUES = ['item', 'items', 'problem_items', 'order_items', 'parcel_items', 'substitute', 'gone_substitute', 'ship_now_items', 'later_items', 'refund_items', 'was_substitute_item'];

/**
 * A call script is read aloud: "Tea Cake（357 g） × 1" has the operator say "times one". Chinese and
 * Japanese say the count with its counter word (1件, 1点) after the item, as a shop assistant would.
 * Only the count itemText appends (the last " × n" of each item) changes; English keeps its "x 2".
 */
function speakQuantities(view: View, lang: Lang): void {
  if (lang === 'en') return;
  const counter = lang === 'ja' ? '点' : '件';
  for (const key of ITEM_VALUES) {
    const value = view[key];
    // After a Latin title a space keeps the count apart from it ("Green Tea 2件", not "Tea2件").
    if (typeof value === 'string')
      view[key] = value.replace(/(.) × (\d+)(?=$|[\n、，,]| 及| ほか)/gm, (_m, before: string, n: string) => `${before}${/[A-Za-z0-9]/.test(before) ? ' ' : ''}${n}${counter}`);
  }
}

