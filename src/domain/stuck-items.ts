/** What a stuck parcel carried, which a notice about it or a reship of it names (a pure leaf: parcels and remedies both ask it). */
import type { OrderLine } from './types.js';

export interface StuckItem {
  sku: string | null;
  title: string | null;
  variant: string | null;
  quantity: number;
}

/**
 * What the stuck parcel carried: the recorded parcel's items (the orchid box sent in place of the
 * lotus box, only the first part of a split), else every line that ships. A notice naming the item
 * the customer was told would not come, or a reship of it, would tell them a second story.
 */
export function stuckItems(facts: { lines: OrderLine[]; stuckParcel?: { items: StuckItem[] } | null }): StuckItem[] {
  if (facts.stuckParcel?.items.length) return facts.stuckParcel.items;
  return facts.lines.filter((l) => l.requiresShipping).map((l) => ({ sku: l.sku, title: l.title, variant: l.variant, quantity: l.quantity }));
}
