/**
 * Fault injection for the crash and error-path tests (test/reliability):
 * OOS_FAULT=<point> or <point>:<n>. Unset in normal use, where each check is
 * one comparison. SIGKILL, not an exception, so no cleanup code gets to run:
 * exactly what a power cut or `kill -9` leaves behind.
 */
const [faultName = '', faultArg = ''] = (process.env.OOS_FAULT ?? '').split(':');
const faultCount = faultArg === '' ? 0 : Number(faultArg);

/** Dies at `point`; with a count (OOS_FAULT=scan-rows:5000), once `reached` gets there. */
export function faultPoint(point: string, reached = 0): void {
  if (faultName === point && reached >= faultCount) process.kill(process.pid, 'SIGKILL');
}

/** True when the test asked for a non-fatal fault at `point` (an injected bug, a rejected promise). */
export const faultRequested = (point: string): boolean => faultName === point;
