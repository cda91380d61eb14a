/**
 * `oos formats`: the exports oos knows and how each is recognised.
 * `oos formats detect <file>`: how one file would be read, in a shop owner's words:
 * which format, which of its columns oos reads, what it lacks, and the date order.
 */
import { basename } from 'node:path';
import { createContext, type GlobalOptions } from '../context.js';
import { OosError } from '../errors.js';
import { Cells, Header } from '../import/formats/cells.js';
import { FORMATS, isPlatformHeader, recogniseFormat } from '../import/formats/index.js';
import { columnsSnippet, guessColumns, looksLike, packedItemsColumn } from '../import/formats/looks-like.js';
import type { Format } from '../import/formats/format.js';
import type { FileKind } from '../rows/rows.js';
import { sniffDateOrder, type DateOrderEvidence } from '../import/date-order.js';
import { describeCsv, openCsv } from '../import/read-csv.js';
import { shopEncoding } from '../import/decode.js';
import { applyColumnNames } from '../import/formats/cells.js';

const KIND_NAMES: Record<FileKind, string> = { orders: 'orders', inventory: 'stock (--inventory)', tracking: 'tracking (--tracking)', substitutes: 'substitutes (--substitutes)', purchase_orders: 'purchase orders (--purchase-orders)' };

/** The columns a format cannot do without: what recognising it comes down to. */
const requiredOf = (f: Format) => f.missing(new Header([]));

export async function runFormats(opts: GlobalOptions): Promise<void> {
  const ctx = createContext(opts);
  if (ctx.json) {
    const formats = FORMATS.map((f) => ({ id: f.id, kind: f.kind, label: f.label, needs: requiredOf(f), where: f.where, companion: f.companion?.file ?? null }));
    return void ctx.stdout(`${JSON.stringify({ formats }, null, 2)}\n`);
  }
  const out: string[] = [];
  for (const kind of Object.keys(KIND_NAMES) as FileKind[]) {
    out.push(`${KIND_NAMES[kind]} files:`);
    for (const f of FORMATS.filter((x) => x.kind === kind)) {
      out.push(`  ${f.id.padEnd(18)} ${f.label}`);
      out.push(`  ${''.padEnd(18)} recognised by its columns ${requiredOf(f).map((n) => `"${n}"`).join(', ')}`);
      out.push(`  ${''.padEnd(18)} from: ${f.where}`);
      if (f.companion) out.push(`  ${''.padEnd(18)} pass ${f.companion.file} in the same scan for ${f.companion.adds}`);
    }
    out.push('');
  }
  out.push('Any other CSV is read once "columns" in oos.config.json says which of its columns is which; `oos formats detect <file>` suggests the mapping.');
  ctx.stdout(`${out.join('\n')}\n`);
}

interface Detected {
  file: string;
  kind: FileKind | null;
  format: string | null;
  label: string | null;
  encoding: string;
  where: string | null;
  read: string[];
  ignored: number;
  /** The main columns by the generic format's names (order_id, sku, …), as the recognised format reads them. */
  main: Record<string, string> | null;
  missing: string[];
  looks_like: string | null;
  problem: string | null;
  columns_snippet: string | null;
  how_to_go_on: string | null;
  date_order: { found: string; example: string | null };
}

export async function runFormatsDetect(file: string, opts: GlobalOptions): Promise<void> {
  const ctx = createContext(opts);
  const csv = openCsv(file, { prefer: shopEncoding(ctx.config.shop) });
  const dates = sniffDateOrder(csv.path, csv.encoding.bomLength, csv.encoding.encoding);
  const result: Detected = {
    file,
    kind: null,
    format: null,
    label: null,
    encoding: describeCsv(csv),
    where: null,
    read: [],
    ignored: 0,
    main: null,
    missing: [],
    looks_like: null,
    problem: null,
    columns_snippet: null,
    how_to_go_on: null,
    date_order: dateOrderOf(dates, ctx.config.date_order),
  };
  // The kind the header fits: orders first, as `oos scan` reads its first arguments.
  let recognised: { format: Format; header: Header } | null = null;
  let problem: OosError | null = null;
  for (const kind of ['orders', 'inventory', 'tracking', 'substitutes', 'purchase_orders'] as FileKind[]) {
    const mapped = isPlatformHeader(csv.header, kind) ? { names: csv.header } : applyColumnNames(csv.header, ctx.config.columns);
    try {
      recognised = recogniseFormat(file, mapped.names, kind);
      break;
    } catch (e) {
      if (!(e instanceof OosError)) throw e;
      problem ??= e;
    }
  }
  if (recognised) {
    const { format } = recognised;
    // A fresh header: recognition looked at columns of every candidate format, binding only at this one's.
    const header = new Header(recognised.header.names);
    format.bind(header, new Cells({ file, timeZone: ctx.config.shop.timezone, currency: ctx.config.shop.currency, header, warn: () => {} }));
    const read = header.columnsRead() ?? header.names.map((_, i) => i);
    result.kind = format.kind;
    result.format = format.id;
    result.label = format.label;
    result.where = format.where;
    result.read = read.sort((a, b) => a - b).map((i) => csv.header[i]!.trim());
    result.ignored = csv.header.length - read.length;
    result.main = mainColumns(format, csv.header);
  } else {
    result.looks_like = looksLike(csv.header);
    result.problem = problem ? `${problem.message}` : null;
    const short = (problem as { missingColumns?: { label: string; columns: string[] } } | null)?.missingColumns;
    if (short) {
      // A known export with columns taken out: no mapping can add what the file does not have.
      result.looks_like = `a ${short.label} without ${short.columns.join(', ')}`;
      result.how_to_go_on = 'export it again with all its columns (a columns mapping cannot add what the file does not have)';
    } else if (packedItemsColumn(csv.header)) {
      // No mapping can split a cell into lines: the way on is another export.
      result.how_to_go_on = problem?.hint ?? null;
    } else {
      result.missing = guessColumns(csv.header).unknown;
      result.columns_snippet = columnsSnippet(guessColumns(csv.header));
    }
  }
  if (ctx.json) return void ctx.stdout(`${JSON.stringify(result, null, 2)}\n`);
  ctx.stdout(`${describe(result, csv.header.length).join('\n')}\n`);
}

function dateOrderOf(d: DateOrderEvidence, configured: string): Detected['date_order'] {
  if (d.dayFirst && d.monthFirst) return { found: 'mixed: some dates are day first, some month first (oos scan refuses the file)', example: `${d.dayFirst.text} (line ${d.dayFirst.line}) and ${d.monthFirst.text} (line ${d.monthFirst.line})` };
  if (d.dayFirst) return { found: 'day first (day/month/year)', example: `${d.dayFirst.text} (line ${d.dayFirst.line})` };
  if (d.monthFirst) return { found: 'month first (month/day/year)', example: `${d.monthFirst.text} (line ${d.monthFirst.line})` };
  if (d.numeric) {
    return {
      found:
        configured === 'auto'
          ? 'cannot tell: every day and month is 12 or less; pass --date-order dmy or mdy to oos scan, or set "date_order" in oos.config.json (Etsy files are read month first)'
          : `cannot tell from the file; read as ${configured} (date_order in oos.config.json)`,
      example: null,
    };
  }
  return { found: 'not needed: dates are written year first (2026-11-20) or with the month in words', example: null };
}

/** The columns a person looks for first, as the format itself reads them (null when it does not say). */
function mainColumns(format: Format, names: string[]): Record<string, string> | null {
  if (!format.main) return null;
  const header = new Header(names);
  const out: Record<string, string> = {};
  for (const [role, alts] of Object.entries(format.main)) {
    const i = header.find(...alts);
    if (i >= 0) out[role] = names[i]!.trim();
  }
  return out;
}

const ROLE_WORDS: Record<string, string> = {
  order_id: 'order number', sku: 'SKU', quantity: 'quantity', paid_at: 'paid', placed_at: 'ordered', shipped_at: 'shipped',
  title: 'product', customer_name: 'customer', email: 'email',
};

function describe(r: Detected, width: number): string[] {
  const out = [basename(r.file)];
  if (r.format) {
    out.push(`  This is: ${r.label} (${r.encoding}, ${width} columns); oos reads it as ${KIND_NAMES[r.kind!]}.`);
    out.push(`  Where it comes from: ${r.where}`);
    const roles = Object.entries(r.main ?? guessColumns(r.read).columns).filter(([, name]) => name !== null);
    if (roles.length) out.push(`  The main ones: ${roles.map(([role, name]) => `${ROLE_WORDS[role] ?? role} ← "${name}"`).join(', ')}`);
    out.push(`  Columns oos reads (${r.read.length}): ${r.read.map((n) => `"${n}"`).join(', ')}`);
    out.push(`  Columns left aside: ${r.ignored} (addresses, taxes, notes and the like do not change what a customer is owed)`);
    out.push('  Required columns: all present');
  } else {
    out.push(`  oos does not recognise this file (${r.encoding}, ${width} columns). It looks like ${r.looks_like}.`);
    if (r.how_to_go_on) out.push(`  How to go on: ${r.how_to_go_on}`);
    else {
      out.push('  To read it, add this to oos.config.json' + (r.missing.length ? ` and replace each "??" with your column's name (${r.missing.join(', ')})` : '') + ':');
      out.push(...`{\n${r.columns_snippet}\n}`.split('\n').map((l) => `    ${l}`));
    }
  }
  out.push(`  Dates: ${r.date_order.found}${r.date_order.example ? `, e.g. ${r.date_order.example}` : ''}`);
  return out;
}
