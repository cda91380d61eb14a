/**
 * Long lists of numbers (an import's fingerprints: 8 bytes per order, 4 MB for a year of
 * orders) kept as many small blocks instead of one large array.
 *
 * Why small: glibc's malloc serves anything of 128 KiB or more with its own mmap, and when such
 * a block is freed it raises its thresholds to that size, for good: from then on every thread's
 * arena keeps up to twice that much freed memory instead of returning it. One 4 MB array,
 * sorted, stored and dropped at the end of an import, left a million-row scan 10-20 MiB larger
 * for the rest of its run. A block here is 64 KiB, under that limit; so is each row
 * the blocks are stored in.
 */

/** Numbers per block: 64 KiB. */
export const BLOCK = 8192;

/** Somewhere outside the JS heap to park full blocks until the list is read. */
export interface BlockStore {
  /** Keeps a copy of `block`; returns what `take` needs to get it back. */
  put(block: Float64Array): number;
  /** Copies numbers `from` … `from + into.length - 1` of a stored block into `into`. */
  read(handle: number, from: number, into: Float64Array): void;
}

/**
 * Numbers a merge reads of each stored block at a time: 8 KiB. Reading whole blocks put
 * every block of a large list in memory at once, 4 MB per list for a year of orders, and
 * that much malloc'ed beside SQLite's own reads grew the main heap by 12 MiB for the rest
 * of the scan.
 */
export const SLICE = 1024;

/**
 * Numbers appended in fixed blocks. With a `store`, each full block is sorted and parked
 * there, and only the one being filled stays in memory.
 */
export class GrowableFloat64 {
  /** Full blocks in the store, by handle, each sorted; then the blocks in memory. */
  private stored: number[] = [];
  private blocks: Float64Array[] = [];
  private n = 0;

  constructor(private readonly store?: BlockStore) {}

  get length(): number {
    return this.n;
  }

  push(x: number): void {
    const at = this.n % BLOCK;
    if (at === 0) {
      // The full block goes to the store, sorted, and its memory is filled again.
      const full = this.store && this.blocks.length ? this.blocks.pop()! : null;
      if (full) this.stored.push(this.store!.put(full.sort()));
      this.blocks.push(full ?? new Float64Array(BLOCK));
    }
    this.blocks[this.blocks.length - 1]![at] = x;
    this.n++;
  }

  /**
   * Every number in ascending order, as consecutive blocks of up to BLOCK numbers; empties
   * the list. Each block is sorted on its own, then all are merged, stored blocks read a
   * slice at a time: no array as long as the list is ever made. A yielded block is reused
   * for the next one, so use it before going on.
   */
  *sortedBlocks(): Generator<Float64Array> {
    const store = this.store;
    const runs: Run[] = store ? this.stored.map((handle) => storedRun(store, handle)) : [];
    const inMemory = this.n - this.stored.length * BLOCK;
    this.blocks.forEach((b, i) => runs.push(memoryRun(b.subarray(0, Math.min(BLOCK, inMemory - i * BLOCK)).sort())));
    this.stored = [];
    this.blocks = [];
    this.n = 0;
    yield* mergeRuns(runs.filter((r) => r.buffer.length > 0));
  }
}

/**
 * An ascending run being merged: `buffer` holds its numbers from `at` on (refilled by `refill`,
 * which returns false when the run is used up).
 */
interface Run {
  buffer: Float64Array;
  at: number;
  refill: () => boolean;
}

const memoryRun = (numbers: Float64Array): Run => ({ buffer: numbers, at: 0, refill: () => false });

function storedRun(store: BlockStore, handle: number): Run {
  let from = 0;
  const run: Run = {
    buffer: new Float64Array(SLICE),
    at: 0,
    refill: () => {
      if (from >= BLOCK) return false;
      store.read(handle, from, run.buffer);
      from += SLICE;
      run.at = 0;
      return true;
    },
  };
  run.refill();
  return run;
}

/** Merges ascending runs into ascending blocks of up to BLOCK numbers (one buffer, reused). */
function* mergeRuns(runs: Run[]): Generator<Float64Array> {
  if (runs.length === 0) return;
  const out = new Float64Array(BLOCK);
  let filled = 0;
  // A binary min-heap of runs, ordered by each run's next number.
  const heap = [...runs];
  const head = (i: number) => heap[i]!.buffer[heap[i]!.at]!;
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const c = l + 1 < heap.length && head(l + 1) < head(l) ? l + 1 : l;
      if (head(i) <= head(c)) return;
      [heap[i], heap[c]] = [heap[c]!, heap[i]!];
      i = c;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  while (heap.length) {
    const r = heap[0]!;
    out[filled++] = r.buffer[r.at++]!;
    if (filled === BLOCK) {
      yield out;
      filled = 0;
    }
    if (r.at === r.buffer.length && !r.refill()) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    siftDown(0);
  }
  if (filled) yield out.subarray(0, filled);
}

/** Whether ascending blocks hold any number twice. */
export function hasRepeat(sortedBlocks: Iterable<Float64Array>): boolean {
  let last = NaN;
  for (const b of sortedBlocks) {
    if (b.length && b[0] === last) return true;
    for (let i = 1; i < b.length; i++) if (b[i] === b[i - 1]) return true;
    if (b.length) last = b[b.length - 1]!;
  }
  return false;
}

/** Whether `x` is in `blocks`: ascending numbers split into ascending, non-empty blocks. */
export function containedIn(blocks: readonly Float64Array[], x: number): boolean {
  // The last block whose first number is at most x, then x within it.
  let lo = 0;
  let hi = blocks.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks[mid]![0]! <= x) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 0) return false;
  const b = blocks[at]!;
  lo = 0;
  hi = b.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = b[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
