/**
 * Column projection (project-columns.ts) hands csv-parse only the columns a mapper reads.
 * It must never change what oos reads: the kept columns parse to exactly the cells csv-parse
 * finds in the whole file, and every platform export maps to the same rows, warnings and
 * errors with and without it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { recogniseFormat } from '../../src/import/formats/index.js';
import type { FileKind } from '../../src/rows/rows.js';
import { createBatchParser, csvOptions, type Batch, type BatchParserInit } from '../../src/import/parse-batch.js';
import { projectColumns, projectionOf } from '../../src/import/project-columns.js';
import { openCsv } from '../../src/import/read-csv.js';
import { RecordScanner } from '../../src/import/record-scanner.js';
import { FIXTURES, SHOPIFY_REAL } from '../helpers/run.js';
import { randomCsv, rng } from '../helpers/random-csv.js';

describe('projectColumns', () => {
  it('keeps exactly the cells csv-parse finds in those columns, or refuses the batch', () => {
    const r = rng(11);
    let projected = 0;
    let refused = 0;
    for (let n = 0; n < 4000; n++) {
      const delimiter = [',', ';', '\t'][n % 3]!;
      const width = 2 + (n % 5);
      const text = randomCsv(r, delimiter, width);
      const options = csvOptions(delimiter, true);
      const columns = Array.from({ length: width }, (_, i) => i).filter(() => r() < 0.5);
      const projection = projectionOf(columns, width);
      if (!projection) continue;
      const out = projectColumns(Buffer.from(text), projection, delimiter, true, options.trim === true);
      if (out === null) {
        refused++;
        continue;
      }
      let expected: string[][];
      try {
        expected = parse(text, options) as string[][];
      } catch {
        // csv-parse refuses the file: parsing the kept columns may not, but oos then parses whole (parse-batch.ts)
        continue;
      }
      projected++;
      const got = parse(out, options) as string[][];
      expect(got, JSON.stringify(text)).toEqual(expected.map((rec) => projection.columns.map((c) => rec[c])));
    }
    // Both paths are really exercised.
    expect(projected).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });

  it('copies the kept fields byte for byte, and refuses what it cannot split with certainty', () => {
    const p = projectionOf([0, 2], 4)!;
    const project = (t: string) => projectColumns(Buffer.from(t), p, ',', true, true)?.toString() ?? null;
    expect(project('a,b,c,d\r\n"e,1",f,"g""h\n",i')).toBe('a,c\n"e,1","g""h\n"\n');
    expect(project('x"y,b,="1",d\n')).toBe('x"y,="1"\n');
    expect(project('a,b,c,')).toBe('a,c\n');
    expect(project('a,b,c,d,\n')).toBeNull(); // wider than the header
    expect(project('a,b,c\n')).toBeNull(); // narrower
    expect(project('\n')).toBeNull(); // a blank line
    expect(project('a, "b",c,d\n')).toBeNull(); // trim reads a quoted value after the blank
    expect(project('"a"x,b,c,d\n')).toBeNull(); // text after a closing quote
    expect(project('a,b,c,d\rx,y,z,w\n')).toBeNull(); // a lone CR
    expect(project('a,"b,c,d\n')).toBeNull(); // a quote never closed
  });
});

/** Every UTF-8 export in the fixtures, good and malformed, with the kinds it is recognised as, that reaches the batch parser. */
function exports(): { path: string; kind: FileKind }[] {
  const roots = [join(FIXTURES, 'formats'), join(FIXTURES, 'ok'), join(FIXTURES, 'bad'), SHOPIFY_REAL];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(csv|tsv|txt)$/i.test(name)) files.push(path);
    }
  };
  roots.forEach(walk);
  const found: { path: string; kind: FileKind }[] = [];
  for (const path of files) {
    for (const kind of ['orders', 'inventory', 'tracking'] as FileKind[]) {
      try {
        const csv = openCsv(path, {});
        if (csv.encoding.encoding !== 'utf-8') break;
        recogniseFormat(path, csv.header, kind);
        // A file whose records cannot be cut (an unclosed quote) is refused before any parsing.
        new RecordScanner({ delimiter: csv.delimiter, quote: true, trim: true, keyColumn: -1 }).scan(readFileSync(path), 0, true, { line: 1 }, () => {});
        found.push({ path, kind });
      } catch {
        /* not this kind */
      }
    }
  }
  return found;
}

/** The file's data records as one batch, cut by the record scanner as the import pipeline does. */
function wholeFile(path: string, init: BatchParserInit, headerLine: number, bomLength: number): Batch {
  const buf = readFileSync(path).subarray(bomLength);
  const scanner = new RecordScanner({ delimiter: init.delimiter, quote: init.quote, trim: init.delimiter !== '\t', keyColumn: -1 });
  const lines: number[] = [];
  let first = -1;
  scanner.scan(buf, 0, true, { line: 1 }, (start, _end, line) => {
    if (line <= headerLine) return;
    if (first < 0) first = start;
    lines.push(line);
  });
  return { seq: 0, bytes: first < 0 ? new Uint8Array() : new Uint8Array(buf.subarray(first)), lines: Int32Array.from(lines) };
}

describe('batch parser with and without projection', () => {
  const files = exports();

  it('finds the platform exports to compare', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.path.includes('shopify') && f.kind === 'orders')).toBe(true);
  });

  function initFor(path: string, kind: FileKind) {
    const csv = openCsv(path, {});
    const { format, header } = recogniseFormat(path, csv.header, kind);
    const init: BatchParserInit = {
      file: path,
      kind,
      formatId: format.id,
      header: header.names,
      encoding: 'utf-8',
      delimiter: csv.delimiter,
      quote: format.quote ?? true,
      timeZone: format.timeZone ?? 'Asia/Tokyo',
      currency: format.currency ?? 'JPY',
    };
    return { init, batch: wholeFile(path, init, csv.headerLine, csv.encoding.bomLength) };
  }

  it.each(files.map((f) => [f.path.slice(FIXTURES.length - 'test/fixtures'.length), f.kind, f.path] as const))('%s as %s: same rows, warnings and errors', (_name, kind, path) => {
    const { init, batch } = initFor(path, kind);
    const whole = createBatchParser(init, { project: false })(batch);
    const projected = createBatchParser(init)(batch);
    expect(projected).toEqual(whole);
  });

  it('projects a good share of the exports (the comparisons above really exercise it)', () => {
    const projected = files.filter((f) => createBatchParser(initFor(f.path, f.kind).init).projection !== null);
    expect(projected.length).toBeGreaterThanOrEqual(10);
    expect(new Set(projected.map((f) => f.kind))).toEqual(new Set(['orders', 'inventory'])); // tracking files have few columns, all read
  });

  it('parses only the columns the Shopify orders mapper reads', () => {
    const path = join(SHOPIFY_REAL, 'orders_export.csv');
    const csv = openCsv(path, {});
    const { format, header } = recogniseFormat(path, csv.header, 'orders');
    const init = { file: path, kind: 'orders', formatId: format.id, header: header.names, encoding: 'utf-8', delimiter: ',', quote: true, timeZone: 'UTC', currency: 'USD' } as const;
    const columns = createBatchParser(init).projection?.columns.map((c) => header.names[c]);
    expect(header.names.length).toBeGreaterThan(70);
    expect(columns).toContain('Lineitem sku');
    expect(columns).not.toContain('Billing Street');
    expect(columns!.length).toBeLessThan(30);
    expect(createBatchParser(init, { project: false }).projection).toBeNull();
  });
});
