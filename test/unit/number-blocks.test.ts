/**
 * An import's fingerprints live in blocks of 64 KiB, never in one array as long as the file
 * (src/import/number-blocks.ts): sorting merges the blocks, lookups search them.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK, containedIn, GrowableFloat64, hasRepeat, SLICE } from '../../src/rows/number-blocks.js';
import { rng } from '../helpers/random-csv.js';

const shuffled = (values: number[], seed: number) => {
  const r = rng(seed);
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

/** A store that keeps copies, as the database does, and counts what it holds. */
const mapStore = () => {
  const blocks = new Map<number, Float64Array>();
  const store = {
    blocks,
    /** The most numbers one read asked for. */
    largestRead: 0,
    put: (b: Float64Array) => (blocks.set(blocks.size, Float64Array.from(b)), blocks.size - 1),
    read: (h: number, from: number, into: Float64Array) => {
      store.largestRead = Math.max(store.largestRead, into.length);
      into.set(blocks.get(h)!.subarray(from, from + into.length));
    },
  };
  return store;
};

/** Reads sorted blocks out, copying each (a yielded block is reused for the next). */
const collect = (list: GrowableFloat64) => {
  const blocks: Float64Array[] = [];
  for (const b of list.sortedBlocks()) blocks.push(Float64Array.from(b));
  return blocks;
};

describe('fingerprint list', () => {
  it('gives every number back in ascending blocks of at most BLOCK, with or without a store', () => {
    for (const store of [undefined, mapStore()]) {
      const list = new GrowableFloat64(store);
      const r = rng(7);
      const values = Array.from({ length: 5 * BLOCK + 123 }, () => Math.floor(r() * 2 ** 53));
      for (const v of values) list.push(v);
      if (store) expect(store.blocks.size, 'the full blocks are parked, the one being filled is not').toBe(5);
      const blocks = collect(list);
      if (store) expect(store.largestRead, 'parked blocks are read back a slice at a time').toBe(SLICE);
      expect(blocks.map((b) => b.length)).toEqual([BLOCK, BLOCK, BLOCK, BLOCK, BLOCK, 123]);
      expect(blocks.flatMap((b) => Array.from(b))).toEqual(values.sort((a, b) => a - b));
      expect(list.length, 'reading empties the list').toBe(0);
      expect(collect(list), 'an emptied list gives nothing').toEqual([]);
    }
    expect(collect(new GrowableFloat64())).toEqual([]);
  });

  it('merges blocks whose ranges overlap in any way', () => {
    // Every full block holds numbers from all over the range, so the merge decides each place.
    const values = Array.from({ length: 3 * BLOCK }, (_, i) => i);
    const interleaved = values.map((_, i) => values[(i % 3) * BLOCK + Math.floor(i / 3)]!);
    const list = new GrowableFloat64(mapStore());
    for (const v of interleaved) list.push(v);
    expect(collect(list).flatMap((b) => Array.from(b))).toEqual(values);
  });

  it('finds a number pushed twice, wherever the two copies sit among the blocks', () => {
    const values = Array.from({ length: 3 * BLOCK + 500 }, (_, i) => i * 3 + 0.5);
    const last = values.length - 1;
    for (const [a, b] of [[0, last], [BLOCK + 7, 5], [BLOCK - 1, BLOCK], [2 * BLOCK, 2 * BLOCK - 1]] as const) {
      const copy = [...values];
      copy[b] = copy[a]!;
      const list = new GrowableFloat64(mapStore());
      for (const v of shuffled(copy, a + b)) list.push(v);
      expect(hasRepeat(list.sortedBlocks()), `${a} = ${b}`).toBe(true);
    }
    const distinct = new GrowableFloat64(mapStore());
    for (const v of shuffled(values, 1)) distinct.push(v);
    expect(hasRepeat(distinct.sortedBlocks())).toBe(false);
    // A repeat that straddles two yielded blocks: the last of one, the first of the next.
    expect(hasRepeat([Float64Array.of(1, 2), Float64Array.of(2, 3)])).toBe(true);
    expect(hasRepeat([Float64Array.of(1, 2), Float64Array.of(), Float64Array.of(3)])).toBe(false);
  });

  it('looks numbers up across blocks, the edges of each block included', () => {
    const list = new GrowableFloat64(mapStore());
    const values = Array.from({ length: 2 * BLOCK + 10 }, (_, i) => i * 2);
    for (const v of shuffled(values, 9)) list.push(v);
    const blocks = collect(list);
    for (const x of [0, 2 * (BLOCK - 1), 2 * BLOCK, 2 * (2 * BLOCK + 9)]) expect(containedIn(blocks, x), `${x}`).toBe(true);
    for (const x of [-2, 1, 2 * BLOCK - 1, 2 * BLOCK + 1, 2 * (2 * BLOCK + 10)]) expect(containedIn(blocks, x), `${x}`).toBe(false);
    expect(containedIn([], 0)).toBe(false);
  });
});
