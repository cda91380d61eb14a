/** Runs the built binary as a user would: a child process, a temp folder, a fixed clock. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/oos.js');
export const EXAMPLES = join(ROOT, 'examples');
/** Real Shopify exports copied in with their provenance (shopify-real/SOURCES.md). */
export const SHOPIFY_REAL = resolve(ROOT, 'test/fixtures/shopify-real');
export const FIXTURES = join(ROOT, 'test/fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const made: string[] = [];

/** A fresh folder under the system temp dir; removed after its test file (test/setup.ts). */
export function tempDir(prefix = 'oos-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file: the tests hold customer-like data. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function oos(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, OOS_DB: undefined, OOS_CONFIG: undefined, OOS_NOW: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? tempDir(),
    env: env as NodeJS.ProcessEnv,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024, // a scan of a big file answers with megabytes of --json
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same as oos(), without blocking the test worker: for long suites of runs,
 * where a blocked worker misses vitest's own messages ("Timeout calling onTaskUpdate").
 */
export function oosAsync(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, OOS_DB: undefined, OOS_CONFIG: undefined, OOS_NOW: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? tempDir(), env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every table's rows, for "the database is unchanged" assertions. */
export function dumpDb(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

export function query<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const exampleArgs = (now = '2026-11-22T09:00') => [
  'scan',
  join(EXAMPLES, 'orders.csv'),
  '--inventory',
  join(EXAMPLES, 'inventory.csv'),
  '--tracking',
  join(EXAMPLES, 'tracking.csv'),
  '--substitutes',
  join(EXAMPLES, 'substitutes.csv'),
  '--config',
  join(EXAMPLES, 'oos.config.json'),
  '--now',
  now,
];

export const modeOf = (p: string) => statSync(p).mode & 0o777;
export const read = (p: string) => readFileSync(p, 'utf8');
export const ls = (p: string) => readdirSync(p);

export const noStack = (stderr: string) => !/\n\s+at .+\(.*:\d+:\d+\)/.test(stderr);
