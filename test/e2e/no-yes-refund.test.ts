/**
 * A US customer asked to say yes to a second delay by a day, or have the order cancelled and refunded,
 * who said nothing: the refund the operator then records is what the notice said would happen. It was
 * worded as the shop's new decision and a change of plan ("Rather than keep you waiting … This message
 * replaces that plan"), contradicting the message before it.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';

function shop(lang: string) {
  const dir = tempDir('oos-no-yes-');
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple Tea Co', timezone: 'America/New_York', language: 'en', currency: 'USD', country: 'US', email: 'help@mapletea.example' }, outbox: join(dir, 'outbox') }));
  writeFileSync(
    join(dir, 'orders.csv'),
    `order_id,placed_at,paid_at,status,customer_name,email,phone,language,country,channel,currency,order_total,payment_method,sku,title,variant,quantity,unit_price,fulfilled_quantity\n#U2,2026-11-21 10:00,2026-11-21 10:00,open,Bob Brown,bob@example.com,+1 212 555 0102,${lang},US,shopify,USD,40.00,card,KETTLE,Glass Kettle,1 L,1,40.00,0\n`,
  );
  writeFileSync(join(dir, 'inventory.csv'), 'sku,title,variant,on_hand,unit_price\nKETTLE,Glass Kettle,1 L,0,40.00\n');
  writeFileSync(join(dir, 'po.csv'), 'sku,quantity,expected_at,supplier,po_number\nKETTLE,10,2026-11-27,Acme,PO-1\n');
  const run = (args: string[], now: string) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
  const scan = (now: string) => expect(run(['scan', 'orders.csv', '--inventory', 'inventory.csv', '--purchase-orders', 'po.csv'], now).code).toBe(0);
  const refundText = () => {
    const day = join(dir, 'outbox', '2026-11-28');
    const f = readdirSync(day).find((n) => n.includes('confirm-refund'))!;
    return readFileSync(join(day, f), 'utf8');
  };
  return { dir, run, scan, refundText };
}

describe('a refund after no yes to a second delay', () => {
  it('says it is what the notice said would happen, not a change of plan', () => {
    const s = shop('en');
    s.scan('2026-11-22T09:00');
    expect(s.run(['resolve', '--order', '#U2', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30').code).toBe(0);
    writeFileSync(join(s.dir, 'po.csv'), 'sku,quantity,expected_at,supplier,po_number\nKETTLE,10,2026-12-02,Acme,PO-1\n');
    s.scan('2026-11-24T08:30');
    s.run(['followup'], '2026-11-24T09:00');
    const alert = s.run(['followup'], '2026-11-28T09:00');
    expect(alert.stderr).toContain("refund it now with oos resolve --order '#U2' --remedy refund --yes");
    expect(s.run(['resolve', '--order', '#U2', '--remedy', 'refund', '--yes', '--channel', 'chat'], '2026-11-28T09:10').code).toBe(0);
    const text = s.refundText();
    expect(text).toContain("We didn't hear back from you by Friday, November 27, so as we said we would, we've cancelled your order #U2 and refunded it in full.");
    expect(text).not.toMatch(/Rather than keep you waiting|There's a change|replaces that plan/);
  });

  it('and a customer who did say yes, then asked for the refund, is not told they stayed silent', () => {
    const s = shop('en');
    s.scan('2026-11-22T09:00');
    expect(s.run(['resolve', '--order', '#U2', '--remedy', 'wait', '--decided-by', 'customer', '--channel', 'chat'], '2026-11-22T09:30').code).toBe(0);
    writeFileSync(join(s.dir, 'po.csv'), 'sku,quantity,expected_at,supplier,po_number\nKETTLE,10,2026-12-02,Acme,PO-1\n');
    s.scan('2026-11-24T08:30');
    s.run(['followup'], '2026-11-24T09:00');
    expect(s.run(['resolve', '--order', '#U2', '--replied', '--choice', 'wait'], '2026-11-25T09:00').code).toBe(0);
    expect(s.run(['resolve', '--order', '#U2', '--remedy', 'refund', '--decided-by', 'customer', '--yes', '--channel', 'chat'], '2026-11-28T09:10').code).toBe(0);
    expect(s.refundText()).not.toContain("didn't hear back");
  });
});
