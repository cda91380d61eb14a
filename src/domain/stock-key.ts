/**
 * Matching order lines to stock rows. Real Shopify exports often have no SKU on
 * either side (docs/formats.md), so the fallback key is the product title
 * plus the variant, compared after normalising case, spaces and curly quotes.
 */

export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u2033]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Shopify names single-variant products' variant "Default Title"; it is not part of the line name. */
export function isDefaultVariant(variant: string | null | undefined): boolean {
  return !variant || /^default title$/i.test(variant.trim());
}

export function nameKey(title: string, variant: string | null | undefined): string {
  const base = normaliseName(title);
  return isDefaultVariant(variant) ? `title:${base}` : `title:${base} - ${normaliseName(variant!)}`;
}

export function skuKey(sku: string): string {
  return `sku:${sku.trim().toLowerCase()}`;
}

/**
 * The key a stock row is filed under: its SKU, else the platform's product
 * handle plus variant (titles are not unique: docs/formats.md), else its name.
 * Order lines still find it by name through an alias (see detect.ts).
 */
export function stockKeyOf(sku: string | null, title: string | null, variant: string | null, handle: string | null = null): string | null {
  if (sku) return skuKey(sku);
  if (handle) return `handle:${handle.trim().toLowerCase()}${isDefaultVariant(variant) ? '' : ` - ${normaliseName(variant!)}`}`;
  if (title) return nameKey(title, variant);
  return null;
}

/**
 * Candidate keys for an order line, best first. A line whose name already
 * contains the variant (`Title - Variant`, as Shopify's `Lineitem name`) is tried
 * as written and also split on its last ` - `.
 */
export function lineKeyCandidates(sku: string | null, title: string | null, variant: string | null): string[] {
  const keys: string[] = [];
  if (sku) keys.push(skuKey(sku));
  if (title) {
    keys.push(nameKey(title, variant));
    if (isDefaultVariant(variant)) {
      const at = title.lastIndexOf(' - ');
      if (at > 0) keys.push(nameKey(title.slice(0, at), title.slice(at + 3)));
    }
  }
  return keys;
}
