/** A copy of the example shop in a temp folder: its own config, outbox and database. */
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXAMPLES, oos, oosAsync, tempDir, type RunResult } from './run.js';

export interface Shop {
  dir: string;
  db: string;
  config: string;
  outbox: string;
  run: (args: string[], now: string, env?: Record<string, string | undefined>) => RunResult;
  /** run() without blocking the test worker, for long sequences of runs. */
  runAsync: (args: string[], now: string, env?: Record<string, string | undefined>) => Promise<RunResult>;
}

export function exampleShop(configOverrides: Record<string, unknown> = {}): Shop {
  const dir = tempDir('oos-shop-');
  for (const f of ['orders.csv', 'inventory.csv', 'tracking.csv', 'substitutes.csv']) copyFileSync(join(EXAMPLES, f), join(dir, f));
  const config = JSON.parse(readFileSync(join(EXAMPLES, 'oos.config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ ...config, outbox: './outbox', ...configOverrides }, null, 2));
  const shop: Shop = {
    dir,
    db: join(dir, 'oos.db'),
    config: join(dir, 'oos.config.json'),
    outbox: join(dir, 'outbox'),
    run: (args, now, env = {}) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir, env: { OOS_ACTOR: 'tester', ...env } }),
    runAsync: (args, now, env = {}) => oosAsync([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir, env: { OOS_ACTOR: 'tester', ...env } }),
  };
  return shop;
}

export function scanShop(shop: Shop, now: string, orders = 'orders.csv'): RunResult {
  return shop.run(['scan', join(shop.dir, orders), '--inventory', join(shop.dir, 'inventory.csv'), '--tracking', join(shop.dir, 'tracking.csv'), '--substitutes', join(shop.dir, 'substitutes.csv')], now);
}

/** Every file under a folder, by relative path, with its content. */
export function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}
