/**
 * [H7] The order of the calls that make an outbox write atomic and durable:
 * temp file opened exclusively → written → fsync → closed → renamed over the
 * target → the folder fsynced. The crash tests (followup, resolve) check what a
 * kill leaves; this pins the sequence that makes it so.
 */
import { vi, describe, expect, it } from 'vitest';

const calls: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const traced = <K extends 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync'>(name: K) =>
    ((...args: unknown[]) => {
      const label = name === 'openSync' ? `open ${String(args[1])}${String(args[0]).endsWith('.tmp') ? ' tmp' : ' dir'}` : name.replace('Sync', '');
      calls.push(label);
      return (fs[name] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof fs)[K];
  return { ...fs, default: fs, openSync: traced('openSync'), writeSync: traced('writeSync'), fsyncSync: traced('fsyncSync'), closeSync: traced('closeSync'), renameSync: traced('renameSync') };
});

const { writeFileAtomic, ensureDir } = await import('../../src/io/outbox.js');
const { tempDir } = await import('../helpers/run.js');

describe('[H7] an outbox write', () => {
  it('writes a private temp file, syncs it, renames it over the target, then syncs the folder', () => {
    const dir = tempDir();
    ensureDir(dir);
    calls.length = 0;
    writeFileAtomic(dir, 'msg.txt', 'hello');
    expect(calls).toEqual(['open wx tmp', 'write', 'fsync', 'close', 'rename', 'open r dir', 'fsync', 'close']);
  });
});
