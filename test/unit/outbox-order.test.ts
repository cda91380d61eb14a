/**
 * [H7] The order of the calls that make an outbox write atomic and durable:
 * temp file opened exclusively → written → fsync → closed → renamed over the
 * target → the folder fsynced. The crash tests (followup, resolve) check what a
 * kill leaves; this pins the sequence that makes it so, for both ways a batch
 * is committed: plain calls (one message) and the thread pool (follow-ups).
 */
import { vi, describe, expect, it } from 'vitest';

const calls: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const label = (name: string, args: unknown[]) =>
    name.startsWith('open') ? `open ${String(args[1])}${String(args[0]).endsWith('.tmp') ? ' tmp' : ' dir'}` : name.replace('Sync', '');
  const traced = <K extends 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'open' | 'write' | 'fsync'>(name: K) =>
    ((...args: unknown[]) => {
      const callback = typeof args.at(-1) === 'function' ? (args.pop() as (...r: unknown[]) => void) : null;
      if (!callback) {
        calls.push(label(name, args));
        return (fs[name] as (...a: unknown[]) => unknown)(...args);
      }
      // Recorded when the operation completes: that is the order the disk sees.
      return (fs[name] as (...a: unknown[]) => unknown)(...args, (...r: unknown[]) => {
        calls.push(label(name, args));
        callback(...r);
      });
    }) as (typeof fs)[K];
  const names = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'open', 'write', 'fsync'] as const;
  return { ...fs, default: fs, ...Object.fromEntries(names.map((n) => [n, traced(n)])) };
});

const { writeFileAtomic, ensureDir, OutboxBatch } = await import('../../src/outbox/atomic-files.js');
const { tempDir } = await import('../helpers/run.js');

describe('[H7] an outbox write', () => {
  it('writes a private temp file, syncs it, renames it over the target, then syncs the folder', () => {
    const dir = tempDir();
    ensureDir(dir);
    calls.length = 0;
    writeFileAtomic(dir, 'msg.txt', 'hello');
    expect(calls).toEqual(['open wx tmp', 'write', 'fsync', 'close', 'rename', 'open r dir', 'fsync', 'close']);
  });

  it('on the thread pool: every file written and synced before any is renamed, the folder synced last', async () => {
    const dir = tempDir();
    ensureDir(dir);
    const batch = new OutboxBatch();
    batch.stage(dir, 'a.txt', 'one');
    batch.stage(dir, 'b.txt', 'two');
    calls.length = 0;
    await batch.sync();
    expect(calls.filter((c) => c.startsWith('rename'))).toEqual([]);
    // Per file: open, then write, then fsync; the two files' steps may interleave.
    expect(calls.filter((c) => c === 'open wx tmp')).toHaveLength(2);
    expect(calls.filter((c) => c === 'fsync')).toHaveLength(2);
    expect(calls.indexOf('write')).toBeGreaterThan(calls.indexOf('open wx tmp'));
    expect(calls.lastIndexOf('fsync')).toBeGreaterThan(calls.lastIndexOf('write'));
    calls.length = 0;
    batch.publish();
    expect(calls).toEqual(['close', 'rename', 'close', 'rename', 'open r dir', 'fsync', 'close']);
  });
});
