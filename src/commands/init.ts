/** `oos init`: a starting config with every key and its default, ready to edit. */
import { existsSync, writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG_FILE, type GlobalOptions } from '../context.js';
import { parseLang, starterConfig, validateConfig } from '../domain/config.js';
import { cantCreateError, dataError, usageError } from '../errors.js';

interface InitOptions extends GlobalOptions {
  force?: boolean;
  name?: string;
  timezone?: string;
  language?: string;
  currency?: string;
}

export async function runInit(opts: InitOptions): Promise<void> {
  const path = opts.config ?? process.env.OOS_CONFIG ?? DEFAULT_CONFIG_FILE;
  if (existsSync(path) && !opts.force) throw usageError(`${path} already exists`, 'edit it, or run "oos init --force" to overwrite it with the defaults');
  const config = starterConfig(opts.currency?.toUpperCase());
  if (opts.name) config.shop.name = opts.name;
  if (opts.timezone) config.shop.timezone = opts.timezone;
  if (opts.language) config.shop.language = (parseLang(opts.language) ?? opts.language) as never;
  const { problems } = validateConfig(config);
  if (problems.length) throw dataError(`cannot write that config: ${problems.join('; ')}`);
  try {
    writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  } catch (e) {
    throw cantCreateError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code})`);
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ config: path }, null, 2)}\n`);
  else {
    // Only what was not given on the command line is left to set.
    const toSet = [!opts.name && 'shop name', !opts.timezone && 'timezone', !opts.language && 'language', !opts.currency && 'currency'].filter((x): x is string => !!x);
    const rest = toSet.length ? `Set your ${toSet.length > 1 ? `${toSet.slice(0, -1).join(', ')} and ${toSet.at(-1)}` : toSet[0]} there; the` : 'The';
    process.stdout.write(`Wrote ${path}. ${rest} README explains every key.\n`);
  }
}
