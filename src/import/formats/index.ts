/** The registry of supported export formats, and recognition by header. */
import { basename } from 'node:path';
import { dataError, usageError } from '../../errors.js';
import { columnsSnippet, guessColumns, looksLike, packedItemsColumn } from '../../import/formats/looks-like.js';
import { Header } from '../../import/formats/cells.js';
import type { Format } from '../../import/formats/format.js';
import { genericInventory, genericOrders, genericPurchaseOrders, genericSubstitutes, genericTracking } from '../../import/formats/generic.js';
import type { FileKind } from '../../rows/rows.js';
import { shopifyInventory, shopifyOrders, shopifyProducts } from '../../import/formats/shopify.js';
import { amazonAllOrders, amazonOrders } from '../../import/formats/amazon.js';
import { ebayOrders } from '../../import/formats/ebay.js';
import { etsyItems, etsyOrders } from '../../import/formats/etsy.js';
import { pinduoduoOrders, taobaoItems, taobaoOrders } from '../../import/formats/china.js';
import { rakutenOrders } from '../../import/formats/rakuten.js';
import { woocommerceAnalytics, woocommerceExport } from '../../import/formats/woocommerce.js';
import { aftershipTracking, seventeenTrackTracking } from '../../import/formats/trackers.js';

export const FORMATS: Format[] = [
  shopifyOrders,
  woocommerceAnalytics,
  woocommerceExport,
  amazonOrders,
  amazonAllOrders,
  ebayOrders,
  etsyOrders,
  etsyItems,
  taobaoOrders,
  taobaoItems,
  pinduoduoOrders,
  rakutenOrders,
  genericOrders,
  shopifyInventory,
  shopifyProducts,
  genericInventory,
  aftershipTracking,
  seventeenTrackTracking,
  genericTracking,
  genericSubstitutes,
  genericPurchaseOrders,
] as Format[];

export const formatIds = () => [...new Set(FORMATS.map((f) => f.id))];

/** Whether a platform's own format (not the generic one) knows this header. */
export const isPlatformHeader = (names: string[], kind: FileKind) =>
  FORMATS.some((f) => f.kind === kind && f.id !== 'generic' && f.recognise(new Header(names)) > 0);

const KIND_FLAG: Record<FileKind, string> = {
  orders: 'an orders file (the first arguments of oos scan)',
  inventory: '--inventory',
  tracking: '--tracking',
  substitutes: '--substitutes',
  purchase_orders: '--purchase-orders',
};

/**
 * Picks the format for a file given where it was passed (`kind`) and its header.
 * A header that fits another kind better gets a hint naming the right flag.
 */
export function recogniseFormat(file: string, names: string[], kind: FileKind, forced?: string, encodingNote = ''): { format: Format; header: Header } {
  const header = new Header(names);
  const dup = header.duplicates()[0];
  if (dup) {
    const [a, b] = dup;
    throw dataError(
      `${file}, line 1: duplicate column "${names[b]}" (columns ${a + 1} and ${b + 1} mean the same field)`,
      'delete or rename one of the two columns',
    );
  }
  const candidates = FORMATS.filter((f) => f.kind === kind);
  if (forced) {
    // `--format etsy` covers both Etsy files: the family's member that fits the header best.
    const family = candidates.filter((f) => f.id === forced.toLowerCase() || f.id.startsWith(`${forced.toLowerCase()}-`));
    const format = family.map((f) => ({ f, score: f.recognise(header) })).sort((a, b) => b.score - a.score)[0]?.f;
    if (!format) {
      throw usageError(`--format ${forced} is not a known ${kind} format`, `known: ${[...new Set(candidates.map((f) => f.id))].join(', ')}`);
    }
    requireColumns(file, format, header);
    return { format, header };
  }
  const scored = candidates.map((f) => ({ f, score: f.recognise(header) })).filter((x) => x.score > 0);
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0]?.f;
  if (kind === 'orders' && (!best || best.id === 'generic') && packedItemsColumn(names)) {
    throw dataError(
      `${file}, line 1: this looks like ${looksLike(names)}; oos reads orders with one row per item, so it cannot tell what each order is owed`,
      "export the orders again with one row per item (the export plugin's layout that puts each product on its own row), " +
        'or download WooCommerce › Analytics › Orders, and scan that file',
    );
  }
  if (best && kind !== 'orders') {
    // An orders file carries tracking (and item) columns too, so it can pass for a tracking or stock
    // file: read that way, every order line would become a parcel or a stock row. An orders file
    // has a quantity and a payment time; tracking and stock files never do.
    const orders = FORMATS.find((f) => f.kind === 'orders' && f.recognise(header) > 0 && f.missing(header).length === 0);
    if (orders && orders.recognise(header) > best.recognise(header)) {
      throw dataError(
        `${file}: this looks like a ${orders.label} (it has ${['order_id', 'quantity', 'paid_at'].filter((c) => header.has(c)).join(', ') || 'the orders columns'}), not ${kind === 'inventory' ? 'an' : 'a'} ${kind} file`,
        `pass it as the orders file (the first file after "oos scan"), and give ${KIND_FLAG[kind]} the ${kind} export`,
      );
    }
  }
  if (best) {
    if (best.id === 'generic' && kind === 'orders' && best.missing(header).length) throw unknownOrders(file, names, `for the generic format it lacks: ${best.missing(header).join(', ')}`);
    requireColumns(file, best, header);
    return { format: best, header };
  }
  const other = FORMATS.find((f) => f.kind !== kind && f.recognise(header) > 0);
  if (other) {
    throw dataError(
      `${file}: this looks like a ${other.label}, not ${kind === 'orders' ? 'an orders file' : kind === 'inventory' ? 'an inventory file' : `a ${kind} file`}`,
      `pass it with ${KIND_FLAG[other.kind]}`,
    );
  }
  const generic = candidates.find((f) => f.id === 'generic')!;
  if (kind === 'orders' && !encodingNote) throw unknownOrders(file, names, `for the generic format it lacks: ${generic.missing(header).join(', ')}`);
  const shown = names.slice(0, 6).map((n) => JSON.stringify(n)).join(', ');
  throw dataError(
    `${file}, line 1: the header is not one oos recognises as ${kind} (it starts ${shown}${names.length > 6 ? ', …' : ''}); ` +
      `for the generic format it lacks: ${generic.missing(header).join(', ')}`,
    encodingNote ||
      `supported ${kind} exports: ${[...new Set(candidates.map((f) => f.label))].join('; ')}. Rename the columns to the generic names (README), or use --format`,
  );
}

function requireColumns(file: string, format: Format, header: Header): void {
  const missing = format.missing(header);
  if (missing.length) {
    // (Said by `oos formats detect` as what it is: a known export short of columns no mapping can add.)
    throw Object.assign(
      dataError(`${file}, line 1: missing required column${missing.length > 1 ? 's' : ''} for the ${format.label}: ${missing.join(', ')}`, 'export the file again with all columns, or add the missing columns'),
      format.id === 'generic' ? {} : { missingColumns: { label: format.label, columns: missing } },
    );
  }
}

/** An orders header no format knows: what it looks like, and a `columns` mapping to paste into the config. */
function unknownOrders(file: string, names: string[], lacks: string): Error {
  const shown = names.slice(0, 6).map((n) => JSON.stringify(n)).join(', ');
  const guess = guessColumns(names);
  const fill = guess.unknown.length ? ` and replace each "??" with the name of your column for it (${guess.unknown.join(', ')})` : '';
  return dataError(
    `${file}, line 1: the header is not one oos recognises as orders (it starts ${shown}${names.length > 6 ? ', …' : ''}); it looks like ${looksLike(names)}; ${lacks}`,
    `tell oos which column is which: add this to oos.config.json${fill}, then scan again (oos formats detect ${basename(file)} shows how it will be read):\n{\n${columnsSnippet(guess)}\n}`,
  );
}
