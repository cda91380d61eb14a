/**
 * For a file no format knows: what it looks like to a person, and a `columns`
 * mapping for the config guessed from its header, ready to paste. The guess
 * names the columns it found and marks the ones it could not, so the owner
 * only has to fill those in.
 */
import { normaliseHeader } from '../../import/formats/cells.js';

/** Roles of the generic orders format a file must have, and header words that usually mean them. */
const ROLES: { role: string; required: boolean; patterns: RegExp[] }[] = [
  { role: 'order_id', required: true, patterns: [/^(order|bestellung|commande|pedido)(id|no|nr|number|nummer|#|numero|número)?\.?$/, /order(id|no|nr|number|#)/, /bestell(nummer|nr)/, /注文番号|受注番号|订单(编号|号)/, /^name$/, /recordnumber|verkaufsprotokollnummer/] },
  { role: 'sku', required: true, patterns: [/sku/, /artikel(nummer|nr)|art\.?nr|itemcode|productcode|articleno|référence|reference/, /商品管理番号|商家编码|货号/, /customlabel|bestandseinheit/] },
  { role: 'quantity', required: true, patterns: [/^(qty|quantity|menge|anzahl|quantité|cantidad|count|pcs)$/, /qty|quantity|menge|anzahl/, /数量|個数/] },
  { role: 'paid_at', required: false, patterns: [/paid(at|on|date)?|paymentdate|datepaid|zahlungsdatum|bezahltam/, /支払日|付款时间|支付时间|付款時間|入金日/] },
  { role: 'placed_at', required: false, patterns: [/(order|created|purchase|sale)(date|at|on|time)|^(date|datum|created)$/, /注文日|下单时间|创建时间/] },
  { role: 'shipped_at', required: false, patterns: [/(shipped|dispatched|posted|fulfilled)(at|on|date)|versanddatum|dateshipped/, /^(発送日|出荷日|发货时间|發貨時間|出貨時間)$/, /(?<!承诺|预计|最晚|约定|預計|承諾|最晚)(発送日|发货时间|發貨時間|出貨時間)/] },
  { role: 'title', required: false, patterns: [/^(title|productname|itemname|product|artikel|artikelname|description|bezeichnung)$/, /productname|itemname|itemtitle/, /商品名|宝贝标题/] },
  { role: 'customer_name', required: false, patterns: [/^(customer|buyer|customername|buyername|fullname|kunde|kundenname|namedeskäufers)$/, /customername|buyername|shippingname|fullname/] },
  { role: 'email', required: false, patterns: [/e?mail/] },
];

export interface ColumnGuess {
  /** generic role → the file's column name, or null when no column looked like it. */
  columns: Record<string, string | null>;
  /** Required roles no column looked like. */
  unknown: string[];
}

export function guessColumns(names: string[]): ColumnGuess {
  const norm = names.map(normaliseHeader);
  const taken = new Set<number>();
  const columns: Record<string, string | null> = {};
  const unknown: string[] = [];
  for (const { role, required, patterns } of ROLES) {
    let found = -1;
    for (const p of patterns) {
      found = norm.findIndex((n, i) => !taken.has(i) && n !== '' && p.test(n));
      if (found >= 0) break;
    }
    if (found >= 0) {
      taken.add(found);
      columns[role] = names[found]!.trim();
    } else if (required) {
      columns[role] = null;
      unknown.push(role);
    }
  }
  if (columns.paid_at === undefined && columns.placed_at === undefined) {
    columns.paid_at = null;
    unknown.push('paid_at');
  }
  return { columns, unknown };
}

/** The `columns` block to paste into oos.config.json; what was not guessed says so in its value. */
export function columnsSnippet(guess: ColumnGuess): string {
  const entries = Object.entries(guess.columns).map(([role, name]) => `    ${JSON.stringify(role)}: ${JSON.stringify(name ?? `?? the column that holds the ${role.replace('_', ' ')}`)}`);
  return `  "columns": {\n${entries.join(',\n')}\n  }`;
}

/** Items packed into one cell per order: `name:Blue mug|sku:MUG-B|quantity:2` (WooCommerce export plugins). */
export function packedItemsColumn(names: string[]): string | null {
  return names.find((n) => /^(line_?items?|products?|order_?items?)(_?\d+)?$/i.test(n.trim())) ?? null;
}

const PLATFORM_HINTS: [RegExp, string][] = [
  [/^(billingfirstname|shippingfirstname|ordernumber|customernote|paymentmethodtitle)$/, 'a WooCommerce order export'],
  [/^lineitem/, 'a Shopify orders export'],
  [/^amazonorderid$/, 'an Amazon order report'],
  [/^salesrecordnumber$/, 'an eBay orders report'],
  [/^(saledate|transactionid)$/, 'an Etsy download'],
  [/订单编号|宝贝标题/, 'a Taobao or Tmall export'],
  [/注文番号|受注番号/, 'a Japanese marketplace order CSV'],
];

/** What an unknown header looks like, in a shop owner's words. */
export function looksLike(names: string[]): string {
  const norm = names.map(normaliseHeader);
  const platform = PLATFORM_HINTS.find(([p]) => norm.some((n) => p.test(n)))?.[1] ?? 'an orders export from a platform or plugin oos does not know';
  const packed = packedItemsColumn(names);
  if (packed) return `${platform} with one row per order, the items packed into one cell ("${packed.trim()}": name:…|sku:…|quantity:…)`;
  return platform;
}
