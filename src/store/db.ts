/**
 * Opening the database: the only module that imports better-sqlite3.
 * Pragmas are set on every open (WAL, busy timeout, FULL sync so a "sent"
 * mark survives power loss, foreign keys); the file and its -wal/-shm are
 * private (0600) because they hold customers' names, phones and addresses.
 */
import { closeSync, chmodSync, existsSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { cantCreateError, noInputError, OosError } from '../errors.js';
import { faultPoint, faultRequested } from '../fault.js';
import { translateSqliteError } from './sqlite-errors.js';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;
export type Statement = Database.Statement;

export interface OpenOptions {
  /** Commands that only read (cases, report) refuse to create an empty database. */
  create: boolean;
}

export const busyTimeoutMs = () => Number(process.env.OOS_BUSY_TIMEOUT_MS ?? 5000);

export function openDb(path: string, opts: OpenOptions): Db {
  const full = resolve(path);
  if (existsSync(full)) {
    if (statSync(full).isDirectory()) throw cantCreateError(`database path ${path} is a folder`, 'pass a file path with --db, e.g. --db ./oos.db');
  } else {
    if (!opts.create) throw noInputError(`no database at ${path}`, 'run "oos scan <orders.csv>" first, or pass --db with the right path');
    if (!existsSync(dirname(full))) throw cantCreateError(`cannot create the database ${path}: folder ${dirname(full)} does not exist`);
    try {
      // Created here with 0600 so SQLite's -wal and -shm files inherit the mode.
      closeSync(openSync(full, 'wx', 0o600));
    } catch (e) {
      // Another oos made it a moment ago (two first scans at once): it is opened like any other,
      // and the schema is made once under SQLite's lock.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw cantCreateError(`cannot create the database ${path} (${(e as NodeJS.ErrnoException).code})`, 'choose a writable folder with --db');
    }
  }
  let db: Db;
  try {
    db = new Database(full, { timeout: busyTimeoutMs() });
  } catch (e) {
    throw translateSqliteError(e, path);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs()}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    // Test hook (OOS_FAULT=disk-full): the disk fills up now, so the next new page is SQLITE_FULL.
    if (faultRequested('disk-full')) db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  } catch (e) {
    db.close();
    throw translateSqliteError(e, path);
  }
  try {
    chmodSync(full, 0o600);
  } catch {
    /* not ours to chmod (read-only share): the data is still readable */
  }
  return db;
}

function migrate(db: Db, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new OosError(66, `${path} was written by a newer version of oos (schema ${version}, this one knows ${MIGRATIONS.length})`, 'upgrade oos');
  }
  if (version === MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const now = db.pragma('user_version', { simple: true }) as number;
    for (let v = now; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * The statement for `sql`, compiled once per connection: a follow-up run executes
 * the same few queries for each of thousands of messages, and compiling them each
 * time cost more than running them. Not for statements used with iterate().
 */
export function stmt(db: Db, sql: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}

/** A statement whose rows come as plain objects made in JavaScript (see plainRows). */
export interface PlainRows<T> {
  iterate(...params: unknown[]): IterableIterator<T>;
  all(...params: unknown[]): T[];
  get(...params: unknown[]): T | undefined;
}

/**
 * `statement` in raw mode, each row array turned into an object here. better-sqlite3 builds
 * its row objects in C++, one property at a time, and for the readers that go through a whole
 * bad season (a hundred thousand case views, half a million open lines) that was half their
 * time: an object made here, in one shape V8 learns, costs a fraction of it (142,470 case views
 * with their lines: 2.7 s read one by one, 1.5 s this way).
 */
export function plainRows<T>(statement: Statement): PlainRows<T> {
  statement.raw(true);
  const names = statement.columns().map((c) => c.name);
  const toObject = (values: unknown[]): T => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    return row as T;
  };
  return {
    *iterate(...params) {
      for (const values of statement.iterate(...params) as IterableIterator<unknown[]>) yield toObject(values);
    },
    all: (...params) => (statement.all(...params) as unknown[][]).map(toObject),
    get: (...params) => {
      const values = statement.get(...params) as unknown[] | undefined;
      return values === undefined ? undefined : toObject(values);
    },
  };
}

/**
 * Runs `fn` in BEGIN IMMEDIATE: every read-modify-write takes the write lock first (no
 * SQLITE_BUSY_SNAPSHOT). Called inside an open transaction, `fn` simply joins it: an error
 * rolls the whole transaction back anyway, and a savepoint per nested call made SQLite copy
 * each page it touched into a sub-journal (a run of 20,000 follow-ups wrote ~1 GB of them).
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
}

/**
 * A scan's one write transaction, held across the file reads (this process is the
 * connection's only user): all of `fn`'s writes are committed together, or none.
 */
export async function bulkTransaction<T>(db: Db, dbPath: string, fn: () => Promise<T>): Promise<T> {
  try {
    // Foreign keys are checked by construction here (an order is written before its
    // lines); checking each of a million lines costs a seventh of the import.
    db.pragma('foreign_keys = OFF');
    // better-sqlite3's 16 MiB page cache fills up over a large import and buys it nothing: rows
    // arrive in file order, so the B-tree pages being written are few (memory).
    db.pragma('cache_size = -4096');
    // The scratch tables detection and the case sync park a bad season's open lines and cases in
    // (temp.*) are read in order too; with better-sqlite3's 16 MiB cache for them, a scan of
    // 130,000 open cases held 12-16 MiB more of them in memory.
    db.pragma('temp.cache_size = -2048');
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    throw translateSqliteError(e, dbPath);
  }
  try {
    const result = await fn();
    faultPoint('scan-before-commit');
    db.exec('COMMIT');
    faultPoint('scan-after-commit');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw translateSqliteError(e, dbPath);
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
