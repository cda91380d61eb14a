import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oos, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop, tree } from '../helpers/shop.js';

const HEADER = 'order_id,paid_at,status,customer_name,country,channel,shipped_at,carrier,tracking_number,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity';
const TRACK_HEADER = 'tracking_number,order_id,carrier,status,last_event_at,last_event,delivered_at';
const NOW = '2026-11-22T09:00:00+08:00';
const at = (hoursBeforeNow: number) => new Date(Date.parse(NOW) - hoursBeforeNow * 3_600_000).toISOString();

function shop(config: object = {}) {
  const dir = tempDir('oos-deadlines-');
  writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ shop: { timezone: 'Asia/Shanghai', country: 'CN', currency: 'CNY' }, ...config }));
  const run = (args: string[], now = NOW) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', now], { cwd: dir });
  return { dir, run };
}

/** The example shop's tracking export, once Japan Post has delivered #2016's parcel (reported lost) after all. */
const delivered2016 = (dir: string) => {
  const before = readFileSync(join(dir, 'tracking.csv'), 'utf8');
  const after = before.replace('JP100000001616,#2016,Japan Post,InTransit,2026-11-13 08:00,中継局に到着,', 'JP100000001616,#2016,Japan Post,Delivered,2026-11-24 14:00,お届け済み,2026-11-24 14:00');
  if (after === before) throw new Error('the example tracking export changed: #2016 not found');
  return after;
};

describe('stall clocks learned from the shop’s own parcels', () => {
  it('200 delivered SF parcels arriving within 60 h: their learned threshold is used and shown', () => {
    const s = shop();
    const orders = [HEADER];
    const tracking = [TRACK_HEADER];
    for (let i = 0; i < 200; i++) {
      // Transit times spread from 20 h to 60 h: the 95th percentile is 58 h.
      const shipped = 30 * 24 - i;
      const transit = 20 + (40 * i) / 199;
      orders.push(`P${i},${at(shipped + 5)},open,C,CN,taobao,${at(shipped)},SF Express,SFP${i},CNY,10.00,A,Tea,1,10.00,1`);
      tracking.push(`SFP${i},P${i},SF Express,Delivered,${at(shipped - transit)},signed,${at(shipped - transit)}`);
    }
    // Quiet for 62 h: within the 72 h default, past what this shop's SF parcels ever need.
    orders.push(`Q1,${at(80)},open,Quiet,CN,taobao,${at(70)},SF Express,SFQ1,CNY,10.00,A,Tea,1,10.00,1`);
    tracking.push(`SFQ1,Q1,SF Express,InTransit,${at(62)},hub,`);
    // The same quiet on another carrier keeps its default clock.
    orders.push(`Q2,${at(80)},open,Other,CN,taobao,${at(70)},ZTO Express,ZTQ2,CNY,10.00,A,Tea,1,10.00,1`);
    tracking.push(`ZTQ2,Q2,ZTO Express,InTransit,${at(62)},hub,`);
    writeFileSync(join(s.dir, 'orders.csv'), orders.join('\n') + '\n');
    writeFileSync(join(s.dir, 'tracking.csv'), tracking.join('\n') + '\n');
    const r = s.run(['scan', join(s.dir, 'orders.csv'), '--tracking', join(s.dir, 'tracking.csv'), '--json']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.cases.map((c: { order_id: string }) => c.order_id)).toEqual(['Q1']);
    expect(j.cases[0].clock).toMatchObject({ event: 'no_new_scan', threshold_hours: 58, learned: true });
    const text = s.run(['cases']).stdout;
    expect(text).toContain('clock: no_new_scan after 58 h (learned; domestic SF Express: 95% of the shop\'s last 200 delivered parcels arrived within 58 h)');
  });
});

describe('platform deadlines and what is at stake', () => {
  it('a Pinduoduo order past 48 h shows its compensation; an Amazon order counts toward the late shipment rate in report', () => {
    const s = shop();
    writeFileSync(
      join(s.dir, 'orders.csv'),
      [
        HEADER,
        // Pinduoduo, paid 50 h ago, not shipped: past the platform's 48 h.
        `PDD-1,${at(50)},open,Li,CN,pinduoduo,,,,CNY,129.00,A,Tea,1,129.00,0`,
        // Amazon: one shipped on time, one shipped 30 h after its 48 h handling, one not shipped and overdue.
        `AMZ-1,${at(100)},open,Ann,CN,amazon,${at(80)},SF Express,SFA1,CNY,50.00,A,Tea,1,50.00,1`,
        `AMZ-2,${at(100)},open,Bob,CN,amazon,${at(22)},SF Express,SFA2,CNY,50.00,A,Tea,1,50.00,1`,
        `AMZ-3,${at(60)},open,Cy,CN,amazon,,,,CNY,50.00,A,Tea,1,50.00,0`,
      ].join('\n') + '\n',
    );
    const r = s.run(['scan', join(s.dir, 'orders.csv'), '--json']);
    expect(r.stderr).toBe('');
    const cases = Object.fromEntries(JSON.parse(r.stdout).cases.map((c: { order_id: string }) => [c.order_id, c]));
    expect(cases['PDD-1'].at_stake).toEqual({ rule: 'pinduoduo_late_shipment', amount: 12.9, currency: 'CNY' });
    expect(cases['PDD-1'].platform_deadline.at).toBe(at(2).replace('.000', ''));
    expect(cases['AMZ-3'].at_stake.rule).toMatch(/^amazon_late_shipment_rate/);
    for (const c of Object.values(cases) as { deadline: { kind: string } }[]) expect(['contact', 'ship', 'platform', 'claim']).toContain(c.deadline.kind);
    const text = s.run(['cases']).stdout;
    expect(text).toMatch(/PDD-1[^\n]*\n[^\n]*\n[^\n]*pinduoduo ship deadline [^\n]*passed 2h ago[^\n]*at stake: 12\.9 CNY \(pinduoduo_late_shipment\)/);

    const report = JSON.parse(s.run(['report', '--json']).stdout);
    const amazon = report.platforms.find((p: { platform: string }) => p.platform === 'amazon');
    expect(amazon).toMatchObject({ orders: 3, judged: 3, late: 2, late_unshipped: 1 });
    // Amazon counts late confirmed shipments of all confirmed ones: 1 of the 2 shipped (AMZ-3 counts once it ships).
    expect(amazon.metrics[0]).toMatchObject({ id: 'amazon_late_shipment_rate', rate: 0.5, threshold: 0.04, ok: false });
    const reportText = s.run(['report']).stdout;
    expect(reportText).toContain('amazon: 3 orders, 2 late of 3 judged (1 shipped late, 1 not shipped yet), 0 cancelled by the shop');
    expect(reportText).toContain('amazon_late_shipment_rate 50 % (under 4 %) OVER');
    expect(reportText).toContain('late-shipment compensation at risk (paid to buyers who complain): 12.9 CNY');

    // The customer is offered choices, then the order ships: the case stays open for what was
    // promised, but no ship or platform deadline is left to meet, and nothing is at stake.
    expect(s.run(['resolve', '--order', 'PDD-1', '--offer']).code).toBe(0);
    writeFileSync(join(s.dir, 'orders.csv'), readFileSync(join(s.dir, 'orders.csv'), 'utf8').replace(`pinduoduo,,,,CNY,129.00,A,Tea,1,129.00,0`, `pinduoduo,${at(-1)},SF Express,SFP1,CNY,129.00,A,Tea,1,129.00,1`));
    const later = new Date(Date.parse(NOW) + 2 * 3_600_000).toISOString();
    expect(s.run(['scan', join(s.dir, 'orders.csv')], later).code).toBe(0);
    const shipped = (JSON.parse(s.run(['cases', '--json'], later).stdout).cases as { order_id: string; problem_cleared_at: string | null }[]).find((c) => c.order_id === 'PDD-1')!;
    expect(shipped).toMatchObject({ state: 'offered', platform_deadline: null, at_stake: null });
    expect(shipped).not.toHaveProperty('deadline.kind', 'ship');
    expect(shipped).not.toHaveProperty('deadline.kind', 'platform');
    expect(shipped.problem_cleared_at).not.toBeNull();

    // One never contacted closes when it ships: a closed case has no deadline or money at stake either.
    writeFileSync(join(s.dir, 'orders.csv'), readFileSync(join(s.dir, 'orders.csv'), 'utf8').replace(`AMZ-3,${at(60)},open,Cy,CN,amazon,,,,CNY,50.00,A,Tea,1,50.00,0`, `AMZ-3,${at(60)},open,Cy,CN,amazon,${at(-1)},SF Express,SFA3,CNY,50.00,A,Tea,1,50.00,1`));
    expect(s.run(['scan', join(s.dir, 'orders.csv')], later).code).toBe(0);
    const closed = (JSON.parse(s.run(['cases', '--all', '--json'], later).stdout).cases as { order_id: string }[]).find((c) => c.order_id === 'AMZ-3')!;
    expect(closed).toMatchObject({ state: 'closed', close_reason: 'order shipped', platform_deadline: null, at_stake: null });
  });
});

describe("the platform's own ship-by for an order", () => {
  it("a Pinduoduo pre-sale order's promised ship time, not payment + 48 h, is its deadline, in the list and in the report", () => {
    const s = shop();
    writeFileSync(
      join(s.dir, 'orders.csv'),
      [
        'order_id,paid_at,channel,ship_by,currency,order_total,sku,title,quantity,unit_price,fulfilled_quantity',
        // Paid 50 h ago: a pre-sale order promised to ship in 24 h, and an ordinary one past its 48 h.
        `PRE-1,${at(50)},pinduoduo,${at(-24)},CNY,89.80,A,Tea,1,89.80,0`,
        `PDD-2,${at(50)},pinduoduo,,CNY,129.00,A,Tea,1,129.00,0`,
      ].join('\n') + '\n',
    );
    // One unit of stock for the two: the pre-sale order (served second) is oversold, so it is listed.
    writeFileSync(join(s.dir, 'inventory.csv'), 'sku,on_hand\nA,1\n');
    const r = s.run(['scan', join(s.dir, 'orders.csv'), '--inventory', join(s.dir, 'inventory.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const cases = Object.fromEntries((JSON.parse(r.stdout).cases as { order_id: string; platform_deadline: { at: string } | null }[]).map((c) => [c.order_id, c]));
    expect(cases['PRE-1']!.platform_deadline!.at).toBe(at(-24).replace('.000', ''));
    expect((cases['PRE-1']!.platform_deadline as unknown as { rule: string }).rule).toBe("ship by the date the platform's export gives for this order");
    expect(cases['PDD-2']!.platform_deadline!.at).toBe(at(2).replace('.000', ''));
    const pdd = (JSON.parse(s.run(['report', '--json']).stdout).platforms as { platform: string; late: number; compensation: { amount: number } | null }[]).find((p) => p.platform === 'pinduoduo')!;
    expect(pdd).toMatchObject({ late: 1, compensation: { amount: 12.9, currency: 'CNY' } });
  });
});

describe('an export without a total or a currency column still shows what is at stake', () => {
  it('the order is worth its lines, in the shop currency: a lost parcel\'s value to claim and a late Pinduoduo order\'s compensation', () => {
    const s = shop({ handling_hours: 72 });
    writeFileSync(
      join(s.dir, 'orders.csv'),
      [
        'order_id,paid_at,status,customer_name,country,channel,shipped_at,carrier,tracking_number,sku,title,quantity,unit_price,fulfilled_quantity',
        `NT1,${at(20 * 24)},open,Zhang,CN,taobao,${at(19 * 24)},DHL,DHLNT1,A,Tea,2,250.00,2`,
        // Paid 58 h ago: past Pinduoduo's 48 h though the shop allows itself 72.
        `NT2,${at(58)},open,Li,CN,pinduoduo,,,,B,Cup,3,80.00,0`,
      ].join('\n') + '\n',
    );
    writeFileSync(join(s.dir, 'tracking.csv'), `${TRACK_HEADER}\nDHLNT1,NT1,DHL,InTransit,${at(18 * 24)},Departed facility,\n`);
    const r = s.run(['scan', join(s.dir, 'orders.csv'), '--tracking', join(s.dir, 'tracking.csv'), '--json']);
    expect(r.stderr).toBe('');
    const cases = Object.fromEntries(JSON.parse(r.stdout).cases.map((c: { order_id: string }) => [c.order_id, c]));
    expect(cases.NT1.at_stake).toEqual({ rule: "DHL Express claim: the parcel's value until claim_by", amount: 500, currency: 'CNY' });
    expect(cases.NT2.kind).toBe('late');
    expect(cases.NT2.at_stake).toEqual({ rule: 'pinduoduo_late_shipment', amount: 24, currency: 'CNY' });
    expect(s.run(['report']).stdout).toContain('late-shipment compensation at risk (paid to buyers who complain): 24 CNY');
  });
});

describe('claims desk', () => {
  it('a parcel the carrier delivered after all: no claim as lost (65), and no claim reminder', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    const tracking = readFileSync(join(s.dir, 'tracking.csv'), 'utf8').replace('JP100000001616,#2016,Japan Post,InTransit,2026-11-13 08:00,中継局に到着,', 'JP100000001616,#2016,Japan Post,Delivered,2026-11-24 14:00,お届け済み,2026-11-24 14:00');
    writeFileSync(join(s.dir, 'tracking.csv'), tracking);
    expect(scanShop(s, '2026-11-25T09:00').code).toBe(0);
    const r = s.run(['claim', '2016', '--out', join(s.dir, 'claim-2016')], '2026-11-25T10:00');
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/^error: order #2016 has no parcel to claim for: parcel JP100000001616 was delivered on 2026-11-24, so it is not lost/);
    expect(existsSync(join(s.dir, 'claim-2016'))).toBe(false);
    const due = s.run(['followup', '--json'], '2027-05-05T10:00');
    expect(JSON.parse(due.stdout).claim_reminders).toEqual([]);
  });

  it('a lost parcel shows claim_by from its carrier window, the operator reminder a week before, and oos claim writes the folder', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    const lost = JSON.parse(s.run(['cases', '--json'], '2026-11-22T09:00').stdout).cases.find((c: { order_id: string }) => c.order_id === '#2016');
    // Japan Post, shipped 2026-11-12 09:00 shop time: 6 months, counted as the shortest six months can be (181 days),
    // to the end of that last day; the reminder from the start of the day a week before it.
    expect(lost.claim_by).toBe('2027-05-12T15:59:59Z');
    expect(lost.claim_reminder_at).toBe('2027-05-04T16:00:00Z');
    expect(lost.at_stake).toEqual({ rule: "Japan Post (international) claim: the parcel's value until claim_by", amount: 68, currency: 'CNY' });
    expect(s.run(['cases'], '2026-11-22T09:00').stdout).toContain('171 days left to claim, reminder 2027-05-05');

    // A message to the customer goes into the evidence.
    expect(s.run(['resolve', '--order', '#2016', '--offer', '--channel', 'email'], '2026-11-22T09:30').code).toBe(0);

    // The reminder is the operator's: nothing before it, one stderr line and exit 2 once it is due, no message written.
    const before = s.run(['followup'], '2027-05-04T10:00');
    expect(before.stderr).not.toContain('claim');
    const due = s.run(['followup', '--json'], '2027-05-05T10:00');
    expect(due.code).toBe(2);
    expect(due.stderr).toContain('the Japan Post (international) claim for #2016 must be filed by 2027-05-12 23:59 (7 days left); run "oos claim #2016"');
    // Only the customer follow-ups the offer planned are written; the claim adds none.
    expect(JSON.parse(due.stdout).written.filter((w: { kind: string }) => /claim/.test(w.kind))).toEqual([]);
    expect(JSON.parse(due.stdout).claim_reminders).toEqual([{ order_id: '#2016', carrier: 'Japan Post (international)', claim_by: '2027-05-12T15:59:59Z', reminder_at: '2027-05-04T16:00:00Z' }]);

    const r = s.run(['claim', '2016', '--out', join(s.dir, 'claim-2016'), '--note', 'Customer confirmed nothing arrived.'], '2026-11-25T10:00');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(s.dir, 'claim-2016'));
    const files = tree(join(s.dir, 'claim-2016'));
    // Every message sent to the customer: the notice (the first follow-up run came months after its
    // reply deadline, so its reminder was dropped, not sent asking for an answer by a day long gone).
    expect(Object.keys(files).sort()).toEqual(['claim.csv', 'claim.md', 'messages/01-notice-stalled-email.txt', 'messages/index.csv', 'order.csv', 'tracking.csv']);
    for (const f of Object.keys(files)) expect(statSync(join(s.dir, 'claim-2016', f)).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.dir, 'claim-2016')).mode & 0o777).toBe(0o700);
    expect(files['claim.md']).toContain('- **File by:** 2027-05-12 (168 days left)');
    // A yuan amount on a Japan Post claim says so: ¥ alone reads as yen there.
    expect(files['claim.md']).toContain('| TEA-OOLONG-250 · Tieguanyin Oolong Tea · 250 g | 1 | CN¥68.00 | CN¥68.00 |');
    expect(files['claim.md']).toContain('Customer confirmed nothing arrived.');
    expect(files['claim.csv']).toContain('tracking_number,JP100000001616');
    expect(files['claim.csv']).toContain('declared_value,68.00');
    expect(files['tracking.csv']).toContain('中継局に到着');
    // The folder written, its reminder is gone from the case list too (the claim date stays: it is still to be filed).
    const claimed = JSON.parse(s.run(['cases', '--json'], '2026-11-25T10:05').stdout).cases.find((c: { order_id: string }) => c.order_id === '#2016');
    expect(claimed).toMatchObject({ claim_by: '2027-05-12T15:59:59Z', claim_reminder_at: null });
    expect(s.run(['cases'], '2026-11-25T10:05').stdout).not.toContain('reminder 2027-05-05');
    expect(files['messages/01-notice-stalled-email.txt']).toContain('to: suzuki@example.jp');
    expect(files['claim.md']).toContain('the 1 message sent to the customer');
    // The folder is written: the claim is in hand, and the hourly reminder stops.
    expect(s.run(['followup'], '2027-05-06T10:00').stderr).not.toContain('claim for #2016');
  });

  it('a lost parcel of an order the export shipped in part is worth the shipped units: a claim never declares goods that did not leave', () => {
    const s = shop();
    writeFileSync(join(s.dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple Goods', timezone: 'America/New_York', language: 'en', currency: 'USD', country: 'US' } }));
    // The $20 cup left in USPS 9400…0101; the $500 lamp never did (none in stock). The parcel is lost.
    writeFileSync(
      join(s.dir, 'orders.csv'),
      [HEADER, 'P1,2026-10-01 10:00,open,Pat,US,shopify,2026-10-02 15:00,USPS,9400100000000000000101,USD,520.00,CUP,Cup,1,20.00,1', 'P1,,,,,,,,,,,LAMP,Lamp,1,500.00,0'].join('\n') + '\n',
    );
    writeFileSync(join(s.dir, 'inventory.csv'), 'sku,title,on_hand\nCUP,Cup,10\nLAMP,Lamp,0\n');
    writeFileSync(join(s.dir, 'tracking.csv'), [TRACK_HEADER, '9400100000000000000101,P1,USPS,InTransit,2026-10-04 09:00,Departed USPS facility,'].join('\n') + '\n');
    const now = '2026-10-20T09:00';
    expect(s.run(['scan', join(s.dir, 'orders.csv'), '--inventory', join(s.dir, 'inventory.csv'), '--tracking', join(s.dir, 'tracking.csv')], now).code).toBe(0);
    const lost = JSON.parse(s.run(['cases', '--json'], now).stdout).cases.find((c: { order_id: string }) => c.order_id === 'P1');
    expect(lost.at_stake).toEqual({ rule: "USPS claim: the parcel's value until claim_by", amount: 20, currency: 'USD' });
    const r = s.run(['claim', 'P1', '--out', join(s.dir, 'claim-P1')], now);
    expect(r.code).toBe(0);
    const files = tree(join(s.dir, 'claim-P1'));
    expect(files['claim.csv']).toContain('declared_value,20.00');
    expect(files['claim.csv']).toContain('description,Cup × 1');
    expect(files['claim.md']).not.toContain('Lamp');
  });

  it('a lost parcel stays claimable when the export puts the shop\'s resend on the order: its delivery is not the lost one\'s', () => {
    const s = shop();
    writeFileSync(join(s.dir, 'oos.config.json'), JSON.stringify({ shop: { name: 'Maple Goods', timezone: 'America/New_York', language: 'en', currency: 'USD', country: 'US' } }));
    const orders = (shipped: string, number: string) => [HEADER, `F1,2026-10-01 10:00,open,Frank,US,shopify,${shipped},FedEx,${number},USD,300.00,VASE,Vase,1,300.00,1`].join('\n') + '\n';
    writeFileSync(join(s.dir, 'orders.csv'), orders('2026-10-02 15:00', '700000000001'));
    writeFileSync(join(s.dir, 'tracking.csv'), [TRACK_HEADER, '700000000001,F1,FedEx,InTransit,2026-10-04 09:00,Departed FedEx hub,'].join('\n') + '\n');
    const scan = (now: string) => s.run(['scan', join(s.dir, 'orders.csv'), '--tracking', join(s.dir, 'tracking.csv')], now);
    expect(scan('2026-10-20T09:00').code).toBe(0);
    const lost = JSON.parse(s.run(['cases', '--json'], '2026-10-20T09:00').stdout).cases.find((c: { order_id: string }) => c.order_id === 'F1');
    expect(lost.claim_by).not.toBeNull();
    // The shop sent another vase, outside oos; the export now shows its number, delivered. The first is still lost.
    writeFileSync(join(s.dir, 'orders.csv'), orders('2026-11-10 15:00', '700000000009'));
    writeFileSync(join(s.dir, 'tracking.csv'), [TRACK_HEADER, '700000000009,F1,FedEx,Delivered,2026-11-12 09:00,Delivered,2026-11-12 09:00', '700000000001,F1,FedEx,InTransit,2026-10-04 09:00,Departed FedEx hub,'].join('\n') + '\n');
    expect(scan('2026-11-20T09:00').code).toBe(0);
    const after = JSON.parse(s.run(['cases', '--all', '--json'], '2026-11-20T09:00').stdout).cases.find((c: { order_id: string }) => c.order_id === 'F1');
    expect(after.claim_by).toBe(lost.claim_by);
    expect(after.at_stake).toMatchObject({ amount: 300, currency: 'USD' });
    const r = s.run(['claim', 'F1', '--out', join(s.dir, 'claim-F1')], '2026-11-20T09:00');
    expect(r.stderr).toBe('');
    expect(tree(join(s.dir, 'claim-F1'))['claim.csv']).toContain('tracking_number,700000000001');
  });

  it('a case closed for the customer still has the shop\'s claim: reminded until the folder is written; "days left" said one way; a closed window says so', () => {
    const s = exampleShop();
    scanShop(s, '2026-11-22T09:00');
    expect(s.run(['resolve', '--order', '#2016', '--remedy', 'refund', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2016', '--closed'], '2026-11-25T09:30').code).toBe(0);
    // Seven hours before the window closes (the end of its last day): hours, not "1 day".
    const due = s.run(['followup'], '2027-05-12T17:00');
    expect(due.code).toBe(2);
    expect(due.stderr).toContain('the Japan Post (international) claim for #2016 must be filed by 2027-05-12 23:59 (7 hours left); run "oos claim #2016"');
    expect(s.run(['cases', '--all'], '2027-05-12T17:00').stdout).toContain('7 hours left to claim');
    // At 10:00 of the last day the claim is still on time: no "window closed" while the carrier still takes it.
    expect(s.run(['cases', '--all'], '2027-05-12T10:00').stdout).toContain('14 hours left to claim');
    // Past the window: nothing to remind, and the claim folder says the window has closed.
    expect(s.run(['followup'], '2027-05-13T10:00').stderr).not.toContain('claim for #2016');
    const r = s.run(['claim', '2016', '--out', join(s.dir, 'late-claim')], '2027-05-13T10:00');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: the claim window for #2016 closed on 2027-05-12: the carrier may refuse the claim');
    expect(readFileSync(join(s.dir, 'late-claim', 'claim.md'), 'utf8')).toContain('- **File by:** 2027-05-12 (the window has closed: the carrier may refuse the claim)');
  });

  it('a lost parcel refunded, then shown cancelled by the next export: the claim date, its value and the reminder stay until the parcel turns up', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2016', '--remedy', 'refund', '--yes'], '2026-11-22T09:30').code).toBe(0);
    // The platform's next export shows the order refunded (the generic file's "cancelled"; Shopify's
    // refunded, Taobao's 交易关闭 and Pinduoduo's 退款成功 read the same): the customer's story is over,
    // the parcel is still lost, and the carrier still owes the shop its value.
    const orders = readFileSync(join(s.dir, 'orders.csv'), 'utf8');
    const refunded = orders.replace('#2016,2026-11-11 10:00,2026-11-11 10:00,open,', '#2016,2026-11-11 10:00,2026-11-11 10:00,cancelled,');
    expect(refunded).not.toBe(orders);
    writeFileSync(join(s.dir, 'orders-refunded.csv'), refunded);
    expect(scanShop(s, '2026-11-24T09:00', 'orders-refunded.csv').code).toBe(0);
    const lost = JSON.parse(s.run(['cases', '--all', '--json'], '2026-11-24T09:00').stdout).cases.find((c: { order_id: string }) => c.order_id === '#2016');
    expect(lost.problem_cleared_at).not.toBeNull();
    expect(lost.claim_by).toBe('2027-05-12T15:59:59Z');
    expect(lost.claim_reminder_at).toBe('2027-05-04T16:00:00Z');
    expect(lost.at_stake).toEqual({ rule: "Japan Post (international) claim: the parcel's value until claim_by", amount: 68, currency: 'CNY' });
    expect(JSON.parse(s.run(['followup', '--list', '--json'], '2026-11-24T09:30').stdout).claim_reminders.map((r: { order_id: string }) => r.order_id)).toContain('#2016');
    const due = s.run(['followup', '--json'], '2027-05-05T10:00');
    expect(due.code).toBe(2);
    expect(due.stderr).toContain('the Japan Post (international) claim for #2016 must be filed by 2027-05-12 23:59 (7 days left); run "oos claim #2016"');
    expect(JSON.parse(due.stdout).claim_reminders).toEqual([{ order_id: '#2016', carrier: 'Japan Post (international)', claim_by: '2027-05-12T15:59:59Z', reminder_at: '2027-05-04T16:00:00Z' }]);
    // Delivered after all: nothing is left to claim, whatever the order's status.
    writeFileSync(join(s.dir, 'tracking.csv'), delivered2016(s.dir));
    expect(scanShop(s, '2026-11-26T09:00', 'orders-refunded.csv').code).toBe(0);
    expect(JSON.parse(s.run(['followup', '--json'], '2027-05-05T11:00').stdout).claim_reminders).toEqual([]);
    expect(JSON.parse(s.run(['cases', '--all', '--json'], '2026-11-26T09:00').stdout).cases.find((c: { order_id: string }) => c.order_id === '#2016').claim_by).toBeNull();
  });

  it('a lost parcel found moving again before anyone was contacted: no claim reminder for it', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    const tracking = readFileSync(join(s.dir, 'tracking.csv'), 'utf8').replace('JP100000001616,#2016,Japan Post,InTransit,2026-11-13 08:00,中継局に到着,', 'JP100000001616,#2016,Japan Post,InTransit,2026-11-22 12:00,国際交換局から発送,');
    writeFileSync(join(s.dir, 'tracking.csv'), tracking);
    expect(scanShop(s, '2026-11-22T13:00').code).toBe(0);
    expect(JSON.parse(s.run(['followup', '--list', '--json'], '2026-11-22T13:30').stdout).claim_reminders).toEqual([]);
  });

  it('a lost parcel reshipped for and claimed, delivered after all: the operator is told once to settle the second parcel and withdraw the claim', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--tracking-number', 'JP200000002026', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(s.run(['claim', '#2016', '--out', join(s.dir, 'claim-2016')], '2026-11-22T10:00').code).toBe(0);
    expect(s.run(['followup'], '2026-11-22T11:00').stderr).not.toContain('JP100000001616');
    writeFileSync(join(s.dir, 'tracking.csv'), delivered2016(s.dir));
    expect(scanShop(s, '2026-11-25T09:00').code).toBe(0);
    const first = s.run(['followup', '--json'], '2026-11-25T10:00');
    expect(first.code).toBe(2);
    const alerts = JSON.parse(first.stdout).alerts.filter((a: { order_id: string }) => a.order_id === '#2016');
    expect(alerts).toEqual([{ kind: 'parcel_turned_up', order_id: '#2016', detail: expect.stringContaining('#2016: parcel JP100000001616 (Japan Post), which a reship was to replace, was delivered on 2026-11-24 14:00 after all') }]);
    const detail = alerts[0].detail as string;
    expect(detail).toContain('the reship JP200000002026 went out too, so the customer now has two parcels');
    expect(detail).toContain("oos resolve --order '#2016' --replied");
    expect(detail).toContain(`Withdraw the Japan Post claim for JP100000001616 (evidence folder ${join(s.dir, 'claim-2016')}), or pay back any compensation already received`);
    expect(first.stderr).toContain(`oos: ${detail}\n`);
    // Once: the next run does not say it again, and no claim reminder comes for the delivered parcel.
    expect(s.run(['followup'], '2026-11-25T11:00').stderr).not.toContain('JP100000001616');
    expect(JSON.parse(s.run(['followup', '--json'], '2027-05-05T10:00').stdout).claim_reminders).toEqual([]);
  });

  it('a lost parcel reshipped for, no claim yet, delivered after all: told not to file it, and its claim reminder stops', () => {
    const s = exampleShop();
    expect(scanShop(s, '2026-11-22T09:00').code).toBe(0);
    expect(s.run(['resolve', '--order', '#2016', '--remedy', 'reship', '--tracking-number', 'JP200000002026', '--yes'], '2026-11-22T09:30').code).toBe(0);
    expect(JSON.parse(s.run(['followup', '--list', '--json'], '2026-11-22T11:00').stdout).claim_reminders.map((r: { order_id: string }) => r.order_id)).toContain('#2016');
    writeFileSync(join(s.dir, 'tracking.csv'), delivered2016(s.dir));
    expect(scanShop(s, '2026-11-25T09:00').code).toBe(0);
    const run = s.run(['followup', '--json'], '2026-11-25T10:00');
    const alert = JSON.parse(run.stdout).alerts.find((a: { order_id: string; kind: string }) => a.order_id === '#2016' && a.kind === 'parcel_turned_up');
    expect(alert, run.stderr).toBeDefined();
    expect(alert.detail).toContain('Do not file the Japan Post claim for JP100000001616: it was not lost');
    expect(JSON.parse(s.run(['followup', '--list', '--json'], '2026-11-25T11:00').stdout).claim_reminders).toEqual([]);
  });

  it('exits 65 with the database unchanged when the order has no parcel to claim for', () => {
    const s = exampleShop();
    scanShop(s, '2026-11-22T09:00');
    const before = readFileSync(s.db);
    for (const [order, why] of [['#2001', 'never shipped'], ['#2014', 'not lost or damaged']] as const) {
      const r = s.run(['claim', order, '--out', join(s.dir, 'x')], '2026-11-22T09:00');
      expect(r.code).toBe(65);
      expect(r.stderr).toContain(why);
      expect(existsSync(join(s.dir, 'x'))).toBe(false);
    }
    // Wrong usage and a missing photo are told apart from bad data.
    expect(s.run(['claim', '#2016', '--problem', 'stolen'], '2026-11-22T09:00').code).toBe(64);
    const missing = s.run(['claim', '#2016', '--attach', join(s.dir, 'no-such.jpg'), '--out', join(s.dir, 'x')], '2026-11-22T09:00');
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('no-such.jpg');
    expect(existsSync(join(s.dir, 'x'))).toBe(false);
    expect(readFileSync(s.db).equals(before)).toBe(true);
    // A parcel the customer received damaged: the operator says so.
    const damaged = s.run(['claim', '#2014', '--problem', 'damaged', '--out', join(s.dir, 'd'), '--json'], '2026-11-22T09:00');
    expect(damaged.code).toBe(0);
    expect(JSON.parse(damaged.stdout)).toMatchObject({ order_id: '#2014', problem: 'damaged', claim_by: null });
  });
});
