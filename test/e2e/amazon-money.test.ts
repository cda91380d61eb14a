/**
 * What an Amazon customer is told they get back, through a real scan of an Amazon order report:
 * its item-price is the line's total (quantity × price) less the item's promotion, and a refund
 * names exactly that, never a unit price rounded to the cent times the quantity.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, query, tempDir } from '../helpers/run.js';

const HEADER = ['order-id', 'order-item-id', 'purchase-date', 'payments-date', 'promise-date', 'buyer-email', 'buyer-name', 'sku', 'product-name', 'quantity-purchased', 'quantity-shipped', 'currency', 'item-price', 'item-promotion-discount', 'ship-country'];

/** An Amazon shop with one order report and an inventory; `run` runs oos in it. */
function amazonShop(items: [orderItem: string, sku: string, title: string, quantity: number, price: string, promotion: string][], stock: string) {
  const dir = tempDir('oos-amazon-money-');
  const rows = items.map(([item, sku, title, quantity, price, promotion]) =>
    ['111-0000001-0000001', item, '2026-11-20T08:00:00+00:00', '2026-11-20T08:05:00+00:00', '2026-11-23T08:00:00+00:00', 'pat@marketplace.amazon.example', 'Pat Doe', sku, title, quantity, 0, 'USD', price, promotion, 'US'].join('\t'),
  );
  writeFileSync(join(dir, 'orders.txt'), [HEADER.join('\t'), ...rows].join('\n') + '\n');
  writeFileSync(join(dir, 'inventory.csv'), `sku,title,on_hand\n${stock}`);
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Leaf & Co', timezone: 'America/New_York', language: 'en', currency: 'USD', email: 'help@leafco.example' }, outbox: './outbox' }));
  const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
  const scan = run(['scan', join(dir, 'orders.txt'), '--inventory', join(dir, 'inventory.csv')], '2026-11-22T09:00');
  expect(scan.code, scan.stderr).toBe(0);
  const body = () => query<{ body: string }>(join(dir, 'oos.db'), "SELECT body FROM messages WHERE order_id = '111-0000001-0000001' ORDER BY id DESC LIMIT 1")[0]!.body;
  return { run, body };
}

describe('Amazon refunds name what the customer paid', () => {
  it('3 mugs for $50.00 refunded whole: $50.00, not 3 × $16.67 = $50.01', () => {
    const shop = amazonShop([['1001', 'MUG', 'Stoneware mug', 3, '50.00', '']], 'MUG,Stoneware mug,0\n');
    const r = shop.run(['resolve', '--order', '111-0000001-0000001', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T10:00');
    expect(r.code, r.stderr).toBe(0);
    expect(shop.body()).toContain('$50.00');
    expect(shop.body()).not.toContain('$50.01');
  });

  it('a pair of scarves listed at $39.98 with $5.00 off is refunded $34.98, what was paid', () => {
    const shop = amazonShop([['1001', 'SCARF', 'Wool scarf', 2, '39.98', '-5.00']], 'SCARF,Wool scarf,0\n');
    const r = shop.run(['resolve', '--order', '111-0000001-0000001', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T10:00');
    expect(r.code, r.stderr).toBe(0);
    expect(shop.body()).toContain('$34.98');
    expect(shop.body()).not.toContain('$39.98');
  });

  it('1 of 3 mugs short, split off and refunded: its share $16.67; the rest of the order later: $38.33 (the 2 mugs $33.33, the saucer $5.00)', () => {
    const shop = amazonShop(
      [
        ['1001', 'MUG', 'Stoneware mug', 3, '50.00', ''],
        ['1002', 'SAUCER', 'Saucer', 1, '5.00', ''],
      ],
      'MUG,Stoneware mug,2\nSAUCER,Saucer,1\n',
    );
    const split = shop.run(['resolve', '--order', '111-0000001-0000001', '--remedy', 'split', '--channel', 'email', '--yes'], '2026-11-22T10:00');
    expect(split.code, split.stderr).toBe(0);
    expect(shop.body()).toContain('$16.67');
    const rest = shop.run(['resolve', '--order', '111-0000001-0000001', '--remedy', 'refund', '--channel', 'email', '--yes'], '2026-11-22T11:00');
    expect(rest.code, rest.stderr).toBe(0);
    // The rest of the order: $55.00 less the $16.67 refunded before.
    expect(shop.body()).toContain('$38.33');
  });
});

describe('what an Amazon case puts at stake', () => {
  it('an oversold order the customer agreed to wait for risks the late shipment rate, not the cancel rate', () => {
    const shop = amazonShop([['1001', 'MUG', 'Stoneware mug', 1, '16.00', '']], 'MUG,Stoneware mug,0\n');
    const stake = () => (JSON.parse(shop.run(['cases', '--json'], '2026-11-22T12:00').stdout) as { cases: { at_stake: { rule: string } | null }[] }).cases[0]!.at_stake?.rule;
    expect(stake()).toMatch(/^amazon_pre_fulfilment_cancel_rate/);
    const r = shop.run(['resolve', '--order', '111-0000001-0000001', '--remedy', 'wait', '--restock-date', '2026-11-26', '--decided-by', 'customer', '--channel', 'email', '--yes'], '2026-11-22T10:00');
    expect(r.code, r.stderr).toBe(0);
    expect(stake()).toMatch(/^amazon_late_shipment_rate/);
  });
});
