/**
 * The outbox: ready-to-send messages as files, written so that a crash never
 * leaves a half-written message under its real name (temp file opened with
 * O_EXCL, fsync, rename, directory fsync), with names made from order ids
 * that can never leave the folder, and 0600/0700 permissions because every
 * file holds a customer's personal data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, open, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, write, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cantCreateError } from '../errors.js';
import { faultPoint } from '../fault.js';

/** Allowlisted characters plus a hash of the raw id: `../../x`, `CON`, `A1` vs `a1` all get distinct, safe names. */
export function safeName(id: string): string {
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  let base = id.normalize('NFKC').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').replace(/[._]+$/, '');
  if (base.length > 60) base = base.slice(0, 60);
  return `${base || 'order'}-${hash}`;
}

/** Creates the outbox (0700) and any sub-folder; 73 with the path when it cannot. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    throw cantCreateError(`cannot create the outbox folder ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'set "outbox" in oos.config.json to a folder you can write to');
  }
}

/**
 * Atomically replaces `dir/name` with `data` (mode 0600). `name` must stay
 * inside `dir`: checked on the resolved path, whatever the name contains.
 */
export function writeFileAtomic(dir: string, name: string, data: Content): string {
  const batch = new OutboxBatch();
  const target = batch.stage(dir, name, data);
  batch.commitSync();
  return target;
}

/** A file's content: whole, or text in pieces written one after another (never all in memory). */
export type Content = string | Buffer | Iterable<string>;

interface Staged {
  dir: string;
  name: string;
  target: string;
  data: Buffer | Iterable<string>;
  /** The temp file, once created. */
  fd: number;
  tmp: string;
}

/**
 * Many outbox files made durable together. Each is written to a private temp
 * file (O_EXCL, 0600) and fsynced, then all are renamed over their targets and
 * each folder is fsynced once. A crash at any point leaves whole files or none
 * under the real names, plus temp files that the next write pass removes.
 *
 * `stage()` only takes the content; the files are created by `commitSync()`
 * (one message: plain calls) or by `sync()`, which creates, writes and fsyncs
 * them all on the thread pool while the caller prepares the next batch: a
 * follow-up run writes thousands of messages, and creating and syncing them
 * one after another on the main thread took seconds.
 */
export class OutboxBatch {
  private staged: Staged[] = [];
  private journal = '';

  /**
   * `journalRoot`: the outbox, for message files renamed into place inside a database
   * transaction. Their names are journaled there first, and `settle()` removes the journal
   * once the transaction has committed: a crash in between leaves files nobody recorded, in
   * whichever day's folder, and the journal names them for the next run to set aside.
   */
  constructor(private readonly journalRoot: string | null = null) {}

  get size(): number {
    return this.staged.length;
  }

  /** Takes the content for `dir/name`; returns the path the file will have once committed. */
  stage(dir: string, name: string, data: Content): string {
    const target = resolve(dir, name);
    if (dirname(target) !== resolve(dir)) throw cantCreateError(`refusing to write ${name}: it would land outside ${dir}`);
    this.staged.push({ dir, name, target, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data, fd: -1, tmp: '' });
    return target;
  }

  /** Creates and fsyncs every temp file with plain calls, then renames them into place. */
  commitSync(): void {
    for (const s of this.staged) {
      try {
        for (let attempt = 0; s.fd < 0; attempt++) {
          s.tmp = tempName(s);
          try {
            s.fd = openSync(s.tmp, 'wx', 0o600);
          } catch (e) {
            if (!plantedTemp(e, attempt)) throw e;
          }
        }
        faultPoint('before-write');
        for (const piece of buffers(s.data)) writeSync(s.fd, piece, 0, piece.length);
        faultPoint('after-temp-write');
        fsyncSync(s.fd);
      } catch (e) {
        this.abort();
        throw writeError(e, s.target);
      }
    }
    this.publish();
  }

  /**
   * Creates, writes and fsyncs every temp file on the thread pool; `publish()` once it
   * resolves. Every file operation has settled when it returns, even after an error.
   */
  async sync(): Promise<void> {
    const results = await Promise.allSettled(this.staged.map((s) => createAndSync(s)));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const target = this.staged[failed]!.target;
      this.abort();
      throw writeError((results[failed] as PromiseRejectedResult).reason, target);
    }
  }

  /** Closes and removes every temp file not yet committed. */
  abort(): void {
    for (const s of this.staged) discard(s.fd, s.tmp);
    this.staged = [];
  }

  /** Renames the synced temp files over their targets, then fsyncs each folder once. */
  publish(): void {
    const dirs = new Set<string>();
    const staged = this.staged;
    this.staged = [];
    try {
      if (this.journalRoot !== null && staged.length) this.journal = writeJournal(this.journalRoot, staged.map((s) => s.target));
      for (const [i, s] of staged.entries()) {
        closeSync(s.fd);
        s.fd = -1;
        // rename() replaces a symlink at the target instead of writing through it, and the
        // target becomes the temp file's inode: created 0600, whatever mode an old file had.
        renameSync(s.tmp, s.target);
        if (i === 0) faultPoint('after-rename');
        dirs.add(s.dir);
      }
    } catch (e) {
      for (const s of staged) if (s.fd >= 0 || existsSync(s.tmp)) discard(s.fd, s.tmp);
      throw writeError(e, staged[0]?.target ?? '');
    }
    for (const dir of dirs) syncDir(dir);
  }

  /** The files are recorded (or removed): the journal has nothing left to say. */
  settle(): void {
    if (!this.journal) return;
    try {
      unlinkSync(this.journal);
    } catch {
      /* a later run already read it */
    }
    this.journal = '';
  }
}

const JOURNAL = /^\.journal-\d+-[0-9a-f]{8}$/;

function writeJournal(root: string, targets: string[]): string {
  const path = join(root, `.journal-${process.pid}-${tempSuffix()}`);
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${targets.join('\n')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDir(root);
  return path;
}

/** Journals a killed run left in the outbox: each with the message files it had renamed into place. */
export function leftJournals(root: string): { path: string; targets: string[] }[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => JOURNAL.test(n))
    .map((n) => ({ path: join(root, n), targets: readFileSync(join(root, n), 'utf8').split('\n').filter(Boolean) }));
}

const openAsync = promisify(open);
const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);

/** The thread-pool twin of one commitSync() step: the same calls in the same order. */
async function createAndSync(s: Staged): Promise<void> {
  for (let attempt = 0; s.fd < 0; attempt++) {
    s.tmp = tempName(s);
    try {
      s.fd = await openAsync(s.tmp, 'wx', 0o600);
    } catch (e) {
      if (!plantedTemp(e, attempt)) throw e;
    }
  }
  faultPoint('before-write');
  for (const piece of buffers(s.data)) await writeAsync(s.fd, piece, 0, piece.length);
  faultPoint('after-temp-write');
  await fsyncAsync(s.fd);
}

function* buffers(data: Buffer | Iterable<string>): Generator<Buffer> {
  if (Buffer.isBuffer(data)) yield data;
  else for (const piece of data) yield Buffer.from(piece, 'utf8');
}

const tempName = (s: Staged) => join(s.dir, `.${s.name}.${process.pid}.${tempSuffix()}.tmp`);

/** A planted file or symlink at the temp name: never follow it, pick another name (a few times). */
const plantedTemp = (e: unknown, attempt: number) => (e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5;

function discard(fd: number, tmp: string): void {
  if (fd >= 0) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }
  try {
    if (tmp) unlinkSync(tmp);
  } catch {
    /* already renamed or never created */
  }
}

// Unguessable per process (a planted temp file cannot be prepared in advance), then counted:
// one random draw per message cost more than the write itself in a big follow-up run.
const tempBase = randomBytes(4).readUInt32BE(0);
let tempCount = 0;
const tempSuffix = () => ((tempBase + tempCount++) >>> 0).toString(16).padStart(8, '0');

function writeError(e: unknown, target: string): unknown {
  if ((e as { exitCode?: number }).exitCode) return e;
  return cantCreateError(`cannot write ${target} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check that the outbox folder is writable and the disk is not full');
}

function syncDir(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some filesystems refuse fsync on a directory; the rename is still atomic */
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Temp files left by a killed run: never read, removed on the next write pass. */
export function removeStaleTemps(dir: string): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const f of names) {
    // Another run's temp file is in flight while its process lives: only a dead writer's temp is stale.
    const pid = Number(/\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(f)?.[1]);
    if (f.startsWith('.') && f.endsWith('.tmp') && !(pid && isAlive(pid))) {
      try {
        unlinkSync(join(dir, f));
        n++;
      } catch {
        /* gone already */
      }
    }
  }
  return n;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
