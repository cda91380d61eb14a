/**
 * What every command runs with: the config, the clock, the database path and
 * output settings, resolved once from flags, environment and the config file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { validateConfig, type Config } from './domain/config.js';
import { parseDateTime } from './domain/time.js';
import { dataError, noInputError, usageError } from './errors.js';
import { rememberedConfig } from './store/settings.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
  now?: string;
  json?: boolean;
  color?: boolean;
  debug?: boolean;
}

export interface Context {
  dbPath: string;
  configPath: string | null;
  config: Config;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
  now: number;
  json: boolean;
  color: boolean;
  /** Who is acting, for the audit trail. */
  actor: string;
  /** False when the reader has fallen behind (a pipe): wait for stdoutDrained() before writing much more. */
  stdout: (text: string) => boolean | void;
  stdoutDrained: () => Promise<void>;
  stderr: (text: string) => void;
}

export const DEFAULT_CONFIG_FILE = 'oos.config.json';

/** The outbox folder: `outbox` of the config, relative to the config file. */
export const outboxDir = (ctx: Context) => resolve(ctx.baseDir, ctx.config.outbox);

export function resolveDbPath(opts: GlobalOptions): string {
  return opts.db ?? process.env.OOS_DB ?? './oos.db';
}

export function loadConfigFile(path: string | null): { config: Config; path: string | null } {
  if (path === null) return validated(null, {});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw noInputError(`config file ${path}: ${code === 'ENOENT' ? 'not found' : `cannot be read (${code})`}`, 'create one with "oos init", or pass --config with the right path');
  }
  let raw: unknown;
  const json = text.replace(/^\ufeff/, '');
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw dataError(`config file ${path}${jsonErrorPlace(json, e as Error)} is not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, 'check for a missing or extra comma, quote or brace there');
  }
  return validated(path, raw);
}

/** ", line 4, column 2" for the position V8 reports: editors count lines, not characters. */
function jsonErrorPlace(text: string, e: Error): string {
  const at = /at position (\d+)/.exec(e.message);
  if (!at) return /end of JSON input/.test(e.message) ? `, line ${text.split('\n').length} (the end of the file)` : '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return `, line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

function validated(path: string | null, raw: unknown) {
  const { config, problems } = validateConfig(raw);
  if (problems.length) {
    throw dataError(`config file ${path}: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  - ${problems.join('\n  - ')}`, '"oos init --force" writes a fresh config with every key and its default');
  }
  return { config, path };
}

export function shouldColor(opts: GlobalOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (opts.json || opts.color === false) return false;
  // chalk 5 ignores NO_COLOR (no-color.org): a non-empty value turns colour off.
  if ((process.env.NO_COLOR ?? '') !== '') return false;
  if (process.env.TERM === 'dumb') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return stream.isTTY === true;
}

export function createContext(opts: GlobalOptions): Context {
  const explicit = opts.config ?? process.env.OOS_CONFIG;
  let configPath = explicit ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  // No settings here (cron runs outside the shop's folder): the ones the database was last used with,
  // never the built-in defaults for a shop that has its own.
  if (configPath === null) {
    const remembered = rememberedConfig(resolveDbPath(opts));
    if (remembered !== null && !existsSync(remembered))
      throw noInputError(
        `the database ${resolveDbPath(opts)} was last used with the settings ${remembered}, which are not there any more, and there is no ${DEFAULT_CONFIG_FILE} here`,
        'pass --config with the path of the shop\'s oos.config.json (or set OOS_CONFIG)',
      );
    configPath = remembered;
  }
  const { config } = loadConfigFile(configPath);
  const nowText = opts.now ?? process.env.OOS_NOW;
  let now = Date.now();
  if (nowText !== undefined && nowText !== '') {
    const parsed = parseDateTime(nowText, config.shop.timezone);
    if (parsed === null) throw usageError(`--now "${nowText}" is not a time`, 'use ISO 8601, e.g. --now 2026-11-22T09:00:00+08:00 (without an offset it is shop time)');
    now = parsed;
  }
  let actor = process.env.OOS_ACTOR ?? '';
  if (!actor) {
    try {
      actor = userInfo().username;
    } catch {
      actor = 'oos';
    }
  }
  return {
    dbPath: resolveDbPath(opts),
    configPath,
    config,
    baseDir: configPath ? dirname(resolve(configPath)) : process.cwd(),
    now,
    json: opts.json === true,
    color: shouldColor(opts),
    actor,
    stdout: (t) => process.stdout.write(t),
    stdoutDrained: () =>
      new Promise<void>((done) => {
        const go = () => {
          process.stdout.off('drain', go).off('close', go);
          done();
        };
        process.stdout.on('drain', go).on('close', go);
      }),
    stderr: (t) => process.stderr.write(t),
  };
}
