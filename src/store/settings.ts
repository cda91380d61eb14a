/**
 * What a database remembers about the shop it belongs to: the settings file it was last used with.
 * A cron line that names the database but runs outside the shop's folder finds no ./oos.config.json;
 * with the built-in defaults its follow-ups went out at the wrong hour, into another folder, signed
 * "My Shop". It uses the shop's own settings instead (context.ts).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './db.js';

/** Remembers the settings file this command ran with (an absolute path). */
export function rememberConfig(db: Db, configPath: string): void {
  db.prepare(`INSERT INTO settings (key, value) VALUES ('config', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value`).run(resolve(configPath));
}

/** The settings file the database at `dbPath` was last used with, if it has one (read only; never creates it). */
export function rememberedConfig(dbPath: string): string | null {
  const full = resolve(dbPath);
  if (!existsSync(full)) return null;
  try {
    const db = new Database(full, { readonly: true, fileMustExist: true });
    try {
      const known = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'`).get();
      return known ? ((db.prepare(`SELECT value FROM settings WHERE key = 'config'`).pluck().get() as string | undefined) ?? null) : null;
    } finally {
      db.close();
    }
  } catch {
    // A database that cannot be read says so when the command opens it.
    return null;
  }
}
