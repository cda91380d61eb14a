/**
 * Orders are counted once whatever order their rows come in: for every fixture of
 * test/fixtures/real-exports, the data rows are shuffled (the preamble, header and
 * footer stay where the platform puts them) and the scan must report exactly the
 * fixture's distinct order ids, each stored once with all its lines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, oos, query, tempDir } from '../helpers/run.js';

const DIR = join(FIXTURES, 'real-exports');

interface Fixture {
  name: string;
  files: string[];
  /** Lines before the first data row (blank first line, header, empty row) and after the last (footer). */
  head?: number;
  tail?: number;
  orders: number;
  lines: number;
  config?: object;
  extra?: string[];
}

const FIXTURES_ORDERS: Fixture[] = [
  { name: 'shopify-fulfilled', files: ['shopify-fulfilled/orders_export.csv'], orders: 4, lines: 6 },
  { name: 'shopify-pending', files: ['shopify-pending/orders_export.csv'], orders: 5, lines: 5 },
  { name: 'shopify-not-stocked', files: ['shopify-not-stocked/orders_export.csv'], orders: 2, lines: 3 },
  { name: 'shared-sku', files: ['shared-sku/orders_export.csv'], orders: 4, lines: 4 },
  { name: 'dates-excel-dmy', files: ['dates-excel-dmy/orders_export.csv'], orders: 3, lines: 3 },
  { name: 'dates-numbers-ymd', files: ['dates-numbers-ymd/orders_export.csv'], orders: 2, lines: 2 },
  { name: 'rakuten-158', files: ['rakuten-158/RMS_order_20261122.csv'], orders: 4, lines: 5, config: { shop: { timezone: 'Asia/Tokyo', language: 'ja', currency: 'JPY' } } },
  { name: 'etsy-resaved', files: ['etsy-resaved/EtsySoldOrders2026.csv', 'etsy-resaved/EtsySoldOrderItems2026.csv'], orders: 3, lines: 4 },
  { name: 'shopify-generations 71', files: ['shopify-generations/orders_export_71.csv'], orders: 2, lines: 3 },
  { name: 'amazon-in', files: ['amazon-in/orders.txt'], orders: 2, lines: 2 },
  { name: 'ebay-sales-history', files: ['ebay-sales-history/SalesHistory.csv'], head: 3, tail: 3, orders: 3, lines: 4 },
  {
    name: 'unknown-layout (mapped by columns)',
    files: ['unknown-layout/bestellungen.csv'],
    orders: 2,
    lines: 3,
    config: { columns: { order_id: 'Bestellnr.', sku: 'Artikelnummer', quantity: 'Menge', paid_at: 'Bezahlt am', placed_at: 'Datum' } },
  },
];

/** A small seeded generator: a failure names its seed and can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

/** The file with its data rows shuffled, bytes kept as they are (Shift_JIS stays Shift_JIS). */
function shuffled(path: string, head: number, tail: number, next: () => number): Buffer {
  const text = readFileSync(path).toString('latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const last = lines.pop()!; // '' after the final line break
  const body = lines.slice(head, lines.length - tail);
  for (let i = body.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [body[i], body[j]] = [body[j]!, body[i]!];
  }
  return Buffer.from([...lines.slice(0, head), ...body, ...lines.slice(lines.length - tail), last].join(eol), 'latin1');
}

/** Scans the fixture's files, shuffled by `next` (or as they are), in a folder of its own. */
function scanFixture(f: Fixture, next: (() => number) | null) {
  const cwd = tempDir('oos-shuffle-');
  writeFileSync(join(cwd, 'oos.config.json'), JSON.stringify(f.config ?? { shop: { timezone: 'America/Chicago', language: 'en', currency: 'USD' } }));
  const files = f.files.map((rel) => {
    if (!next) return join(DIR, rel);
    const out = join(cwd, basename(rel));
    writeFileSync(out, shuffled(join(DIR, rel), f.head ?? 1, f.tail ?? 0, next));
    return out;
  });
  const db = join(cwd, 'oos.db');
  const r = oos(['scan', ...files, '--db', db, '--now', '2026-11-22T10:00', '--json'], { cwd });
  // What is still to ship, and which orders are flagged for what.
  const open = () => query(db, 'SELECT order_id, sku, title, quantity - fulfilled_quantity AS open FROM order_lines WHERE fulfilled_quantity < quantity ORDER BY order_id, sku, title, open');
  const kinds = () => Object.fromEntries((JSON.parse(r.stdout) as { cases: { order_id: string; kinds: string[] }[] }).cases.map((c) => [c.order_id, c.kinds]));
  return { r, db, open, kinds };
}

describe.each(FIXTURES_ORDERS)('$name', (f) => {
  it.each([1, 2, 3])('rows shuffled with seed %i: orders reported = distinct order ids; what is left to ship and what is flagged are as in the file as exported', (seed) => {
    const { r, db, open, kinds } = scanFixture(f, random(seed * 7919 + f.name.length));
    expect(r.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { imported: { orders: number; lines: number } }).imported).toMatchObject({ orders: f.orders, lines: f.lines });
    expect(query(db, 'SELECT count(*) AS n FROM orders')).toEqual([{ n: f.orders }]);
    expect(query(db, 'SELECT count(*) AS n FROM order_lines')).toEqual([{ n: f.lines }]);
    // A fulfilled order whose "pending" line a re-sorted file moved away from the order's first row is not late.
    const asExported = scanFixture(f, null);
    expect(open()).toEqual(asExported.open());
    expect(kinds()).toEqual(asExported.kinds());
  });
});
