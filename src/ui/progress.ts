/** A one-line progress indicator on stderr, only when stderr is a terminal and the file is large. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

const NOOP: Progress = { update() {}, finish() {} };

export function createProgress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || total < 4 * 1024 * 1024) return NOOP;
  let last = -1;
  const width = 24;
  return {
    update(done) {
      const pct = Math.min(100, Math.floor((done / total) * 100));
      if (pct === last) return;
      last = pct;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%`);
    },
    finish() {
      if (last >= 0) process.stderr.write('\r\x1b[2K');
    },
  };
}
