/**
 * Fault injection for the crash and error-path tests (test/reliability):
 * OOS_FAULT=<point> or <point>:<n>. Unset in normal use, where each check is
 * one comparison. SIGKILL, not an exception, so no cleanup code gets to run:
 * exactly what a power cut or `kill -9` leaves behind.
 */
const [faultName = '', faultArg = ''] = (process.env.OOS_FAULT ?? '').split(':');
const faultCount = faultArg === '' ? 1 : Number(faultArg);
let passes = 0;

/**
 * Dies at `point`: the first time it is reached, or with a count (OOS_FAULT=after-rename:3) the
 * n-th time; a caller that counts for itself passes `reached` (OOS_FAULT=scan-rows:5000: rows).
 */
export function faultPoint(point: string, reached?: number): void {
  if (faultName !== point) return;
  if ((reached ?? ++passes) >= faultCount) process.kill(process.pid, 'SIGKILL');
}

/** Every named moment a test may kill a command at (test/reliability/durability.test.ts). */
export const FAULT_POINTS = [
  // Any outbox file (atomic-files.ts): each counted, message files and index files alike.
  'before-write',
  'after-temp-write',
  'after-sync',
  'after-journal',
  'after-rename',
  'after-dir-sync',
  // A resolve step or a follow-up batch (usecases/): the files are in place, the records are not yet, then are.
  'before-record',
  'before-commit',
  'after-commit',
  // The outbox index (index-files.ts), rebuilt under the write lock after each commit.
  'after-recovery',
  'after-day-index',
  'after-schedule-csv',
  'after-index',
  'after-settle',
  // A scan.
  'scan-rows',
  'scan-before-commit',
  'scan-after-commit',
] as const;

/** True when the test asked for a non-fatal fault at `point` (an injected bug, a rejected promise). */
export const faultRequested = (point: string): boolean => faultName === point;
