/**
 * A scan streams a large file through the main thread in small batches whose objects die
 * young, yet V8 keeps doubling the young generation up to 2 × 16 MiB as the import goes on:
 * 30 MiB of peak memory that buys nothing (issue 6). V8 reads its growth factor at each
 * resize, so 1 keeps the young generation at its start size.
 *
 * Starting a worker thread puts V8's flags back to their defaults, so the import pipeline
 * calls this again once its workers are up.
 */
import v8 from 'node:v8';

export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
