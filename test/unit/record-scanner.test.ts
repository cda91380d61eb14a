/**
 * The record scanner must cut files exactly where csv-parse ends records, or a
 * batch parsed on its own would start inside a quoted value. Checked against
 * csv-parse itself on thousands of generated files full of the awkward cases.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/io/formats/cells.js';
import { csvOptions, optionsFor, parseRecords, type BatchParserInit } from '../../src/io/parse-batch.js';
import { GrowableFloat64, hasRepeat } from '../../src/io/import-pipeline.js';
import { RecordScanner, UnclosedQuote } from '../../src/io/record-scanner.js';
import { randomCsv, rng } from '../helpers/random-csv.js';

function scanAll(text: string, delimiter: string, chunk: number) {
  const buf = Buffer.from(text);
  const scanner = new RecordScanner({ delimiter, quote: true, trim: delimiter !== '\t', keyColumn: 0 });
  const records: { text: string; line: number; key: string }[] = [];
  const state = { line: 1 };
  // Feed growing prefixes like the pipeline does: unfinished records are scanned again.
  let from = 0;
  for (let end = Math.min(chunk, buf.length); ; end = Math.min(end + chunk, buf.length)) {
    const final = end === buf.length;
    const view = buf.subarray(0, end);
    const saved = state.line;
    const batch: typeof records = [];
    const next = scanner.scan(view, from, final, state, (s, e, line, ks, ke) => {
      batch.push({ text: view.toString('utf8', s, e), line, key: ks < 0 ? '' : view.toString('utf8', ks, ke) });
    });
    records.push(...batch);
    void saved;
    from = next;
    if (final) break;
  }
  return records;
}

describe('record scanner', () => {
  it('[B19] ends records exactly where csv-parse does, for 3000 generated files and any chunk size', () => {
    const r = rng(7);
    for (let n = 0; n < 3000; n++) {
      const delimiter = [',', ';', '\t'][n % 3]!;
      const text = randomCsv(r, delimiter);
      const options = csvOptions(delimiter, true);
      let expected: string[][];
      try {
        expected = parse(text, options) as string[][];
      } catch {
        continue; // a file csv-parse rejects is rejected by the batch parser too
      }
      const chunk = 1 + Math.floor(r() * 40);
      const records = scanAll(text, delimiter, chunk);
      // A last line of spaces without a line break is no record to csv-parse (nor to oos: blank).
      if (records.length === expected.length + 1 && records.at(-1)!.text.trim() === '') records.pop();
      expect(records.length, JSON.stringify(text)).toBe(expected.length);
      // Each record parsed alone gives the fields csv-parse found in the whole file.
      records.forEach((rec, i) => {
        // (A whitespace-only last line yields no record when parsed alone, [''] in a file.)
        const alone = (parse(`${rec.text}\n`, options) as string[][])[0] ?? [''];
        expect(alone, JSON.stringify(text)).toEqual(expected[i]);
      });
    }
  });

  it('counts lines as people do: a CRLF inside a quoted value is one line break', () => {
    const text = 'h1,h2\r\n"a\r\nb",c\r\n\r\nd,e\r\n';
    const records = scanAll(text, ',', 1 << 20);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  it('groups by the raw bytes of the key column, quoted or not', () => {
    const records = scanAll('id,x\n"#1",a\n#2,"b\nc"\n#2,d\n', ',', 5);
    expect(records.map((r) => r.key)).toEqual(['id', '"#1"', '#2', '#2']);
  });

  it('throws UnclosedQuote naming the line the quote opened on', () => {
    expect(() => scanAll('a,b\nc,"d\ne,f\n', ',', 1 << 20)).toThrow(UnclosedQuote);
    try {
      scanAll('a,b\nc,"d\ne,f\n', ',', 3);
    } catch (e) {
      expect((e as UnclosedQuote).line).toBe(2);
    }
  });
});

describe('options chosen per batch', () => {
  it('batches parsed without trim or without the CR delimiters, where optionsFor drops them, read the same cells and fail the same way, as text or as bytes', () => {
    const clean = (rows: string[][]) => rows.map((r) => r.map((v) => cleanText(v))).filter((r) => r.some((v) => v !== null));
    const r = rng(99);
    let cheaper = 0;
    for (let n = 0; n < 3000; n++) {
      const delimiter = [',', ';'][n % 2]!;
      // Half the files lose their spaces next to quotes, so that trim is really dropped.
      const raw = randomCsv(r, delimiter);
      let text = n % 4 < 2 ? raw.replace(/ (?=")|(?<=") /g, '') : raw;
      // Some files get a value whose closing quote is followed by text (`"Wang"Fang`), which only trim refuses.
      if (n % 7 === 0) text = `"Wang"Fang${delimiter}${text}`;
      const full = csvOptions(delimiter, true);
      if (optionsFor(text, full) !== full) cheaper++;
      // parseRecords as the workers run it, against csv-parse with the full options.
      const batch = { seq: 0, bytes: new Uint8Array(), lines: Int32Array.of(2) };
      const init = { file: 'f.csv' } as unknown as BatchParserInit;
      let expected: string[][] | Error;
      try {
        expected = clean(parse(text, full) as string[][]);
      } catch (e) {
        expected = e as Error;
      }
      // Valid UTF-8 batches reach csv-parse as bytes: both inputs must read alike.
      for (const input of [text, Buffer.from(text)]) {
        expect(optionsFor(input, full), text).toEqual(optionsFor(text, full));
        if (expected instanceof Error) expect(() => parseRecords(input, batch, init, full), text).toThrow();
        else expect(clean(parseRecords(input, batch, init, full)), JSON.stringify(text)).toEqual(expected);
      }
    }
    expect(cheaper).toBeGreaterThan(500);
  });
});

describe('fingerprint list', () => {
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
    return {
      blocks,
      put: (b: Float64Array) => (blocks.set(blocks.size, Float64Array.from(b)), blocks.size - 1),
      take: (h: number, into: Float64Array) => into.set(blocks.get(h)!),
    };
  };

  it('keeps every number across its fixed blocks and sorts them', () => {
    const list = new GrowableFloat64();
    const r = rng(7);
    const values = Array.from({ length: 200_001 }, () => Math.floor(r() * 2 ** 53));
    for (const v of values) list.push(v);
    expect(Array.from(list.sortedInto())).toEqual(values.sort((a, b) => a - b));
    expect(list.length, 'reading empties the list').toBe(0);
    expect(new GrowableFloat64().sortedInto().length).toBe(0);
  });

  it('with a store, holds only the block being filled and reads the stored ones back in place', () => {
    const store = mapStore();
    const list = new GrowableFloat64(store);
    const values = shuffled(Array.from({ length: 3 * 65_536 + 10 }, (_, i) => i * 2), 3);
    for (const v of values) list.push(v);
    expect(store.blocks.size, 'three full blocks parked').toBe(3);
    const into = new Float64Array(values.length + 5).fill(-1);
    const sorted = list.sortedInto(into);
    expect(sorted.buffer).toBe(into.buffer);
    expect(Array.from(sorted)).toEqual(values.sort((a, b) => a - b));
    expect(() => new GrowableFloat64().sortedInto(new Float64Array(0)), 'empty fits anywhere').not.toThrow();
    const big = new GrowableFloat64();
    big.push(1);
    big.push(2);
    expect(() => big.sortedInto(new Float64Array(1))).toThrow(RangeError);
  });

  it('finds a number pushed twice, wherever the two copies sit among the blocks', () => {
    const values = Array.from({ length: 150_000 }, (_, i) => i * 3 + 0.5);
    for (const [a, b] of [[0, 149_999], [70_000, 5], [65_535, 65_536], [131_072, 131_071]] as const) {
      const copy = [...values];
      copy[b] = copy[a]!;
      const list = new GrowableFloat64(mapStore());
      for (const v of shuffled(copy, a + b)) list.push(v);
      expect(hasRepeat(list.sortedInto()), `${a} = ${b}`).toBe(true);
    }
    const distinct = new GrowableFloat64(mapStore());
    for (const v of values) distinct.push(v);
    expect(hasRepeat(distinct.sortedInto())).toBe(false);
  });
});
