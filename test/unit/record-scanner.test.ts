/**
 * The record scanner must cut files exactly where csv-parse ends records, or a
 * batch parsed on its own would start inside a quoted value. Checked against
 * csv-parse itself on thousands of generated files full of the awkward cases.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/import/formats/cells.js';
import { csvOptions, optionsFor, parseRecords, type BatchParserInit } from '../../src/import/parse-batch.js';
import { RecordScanner, UnclosedQuote } from '../../src/import/record-scanner.js';
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
      let expected: (string | null)[][] | Error;
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
