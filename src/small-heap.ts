/**
 * V8 settings that keep a scan's memory flat. A scan streams a large file through
 * the main thread in small batches whose objects die young, then holds only what detection
 * needs; V8's defaults are tuned for throughput instead:
 *
 * - The young generation doubles up to 2 × 16 MiB as the import goes on: 30 MiB of peak
 *   memory that buys nothing. V8 reads its growth factor at each resize, so 1 keeps the young
 *   generation at its start size.
 * - After each full collection the old generation may grow to up to four times what survived
 *   before the next one, and detection's short-lived objects (a few hundred bytes per open
 *   order line) filled that room: 20-30 MiB of garbage at the end of a scan. Growing by a
 *   tenth costs a few more collections of a heap that is small anyway.
 *
 * Starting a worker thread puts V8's flags back to their defaults, so the import pipeline
 * calls this again once its workers are up.
 */
import v8 from 'node:v8';

export function keepHeapSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  v8.setFlagsFromString('--heap-growing-percent=10');
}

/**
 * Past this many orders still to ship, detection and the case sync are a bad season's (a hundred
 * thousand cases to open), whose memory budget is larger than an everyday scan's (see below).
 */
export const MANY_ORDERS_TO_SHIP = 20_000;

/**
 * For what follows an import: detection and case sync allocate a few hundred bytes per open
 * order line, all short-lived, and V8 left 20-30 MiB of that garbage between collections.
 * --optimize-for-size collects sooner (a 1M-row scan's end: 8-15 MiB less at its peak).
 * Not during the import itself, which it slowed by a third; and not for a shop with many
 * orders to ship, where the extra collections were 2.5 s of a bad season's 35 s scan
 * (135,000 orders to ship: peak 151 MiB without it, against 134 MiB with it, within the
 * 160 MiB such a scan may take, where an everyday scan's end decides its 128 MiB peak).
 */
export function favourMemoryOverSpeed(ordersToShip: number): void {
  if (ordersToShip < MANY_ORDERS_TO_SHIP) v8.setFlagsFromString('--optimize-for-size');
}
