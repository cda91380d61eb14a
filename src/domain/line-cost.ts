/**
 * What some units of an order line cost. An export that gives a line's total (Amazon's
 * `item-price` is quantity × price, less its promotion) is kept as that total: a unit price
 * rounded to the cent cannot give it back (a line of 3 for 50.00 is 3 × 16.67 = 50.01). Units
 * are priced as shares of the total, each share rounded where it ends (the first n units cost
 * round(total × n / quantity)), so the parts of a line refunded one after another add up to
 * exactly what the customer paid for it, never a cent more or less.
 */

export interface PricedLine {
  quantity: number;
  unitPrice: number | null;
  /** What the whole line cost the customer, when the export says it; else unitPrice × quantity. */
  lineTotal?: number | null;
}

/**
 * What `units` units of the line cost, in minor units: the units after the first `after` of it
 * (refunding 1 of 3 units of 50.00 is 16.67; the 2 after it, 33.33). Null when no price is known.
 */
export function unitsCost(line: PricedLine, units: number, after = 0): number | null {
  if (units === 0) return 0;
  const total = line.lineTotal ?? null;
  if (total !== null && line.quantity > 0) return firstUnits(total, line.quantity, after + units) - firstUnits(total, line.quantity, after);
  return line.unitPrice === null ? null : line.unitPrice * units;
}

/** The whole line's cost. */
export const lineCost = (line: PricedLine): number | null => unitsCost(line, line.quantity);

/** The first n units' share of the line total. */
const firstUnits = (total: number, quantity: number, n: number): number => (n === quantity ? total : Math.round((total * n) / quantity));
