/** `oos templates`: list and check every template, or render one with sample data. */
import { createContext, type GlobalOptions } from '../context.js';
import { CHANNELS, LANGUAGES, parseLang, type Channel, type Lang } from '../domain/config.js';
import { VIEW_VARIABLES } from '../domain/message-view.js';
import { usageError } from '../errors.js';
import { INTENTS, type Intent } from '../outbox/templates.js';
import { palette } from '../ui/color.js';
import { parseChannel, templatesFor } from '../usecases/resolve-step.js';
import { sampleView } from '../outbox/template-samples.js';

export async function runTemplates(intent: string | undefined, opts: GlobalOptions & { lang?: string; channel?: string; vars?: boolean }): Promise<void> {
  const ctx = createContext(opts);
  const c = palette(ctx.color);
  const templates = templatesFor(ctx);
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
