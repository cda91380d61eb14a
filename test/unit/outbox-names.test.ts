/**
 * Outbox file names: the same message rewrites its own file (a rerun), and another message that
 * would get the same name (two of one kind for one order in one minute) gets a name of its own.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/domain/config.js';
import { OutboxBatch } from '../../src/outbox/atomic-files.js';
import { stageDelivery, type Delivery } from '../../src/outbox/deliver.js';
import { isMessageFileName } from '../../src/outbox/index-files.js';
import { tempDir } from '../helpers/run.js';

const config = validateConfig({ shop: { name: 'Jade Leaf', timezone: 'Asia/Shanghai', currency: 'CNY' } }).config;
const AT = Date.parse('2026-11-25T09:00:00+08:00');

function delivery(outbox: string, text: string, dedupeKey: string, taken?: (p: string) => boolean): Delivery {
  return {
    outbox,
    orderId: '#2015',
    message: { intent: 'followup-shipped', channel: 'chat', lang: 'en', template: 'en/followup-shipped', subject: null, text },
    recipient: { name: 'Sarah', email: null, phone: null },
    reference: AT,
    now: AT,
    dedupeKey,
    taken,
  };
}

describe('outbox file names', () => {
  it('a second message that would share a name gets -2, and both files stay whole', () => {
    const outbox = tempDir('oos-names-');
    const first = new OutboxBatch(outbox);
    const a = stageDelivery(delivery(outbox, 'first parcel: DHL1', 'followup:1:chat'), config, first);
    first.commitSync();
    const recorded = new Map([[a.path, 'followup:1:chat']]);
    const takenBy = (key: string) => (p: string) => recorded.has(p) && recorded.get(p) !== key;
    const second = new OutboxBatch(outbox);
    const b = stageDelivery(delivery(outbox, 'second parcel: DHL2', 'followup:2:chat', takenBy('followup:2:chat')), config, second);
    second.commitSync();
    expect(basename(a.path)).toMatch(/\.0900\.followup-shipped\.chat\.en\.txt$/);
    expect(basename(b.path)).toMatch(/\.0900-2\.followup-shipped\.chat\.en\.txt$/);
    expect(readFileSync(a.path, 'utf8')).toBe('first parcel: DHL1\n');
    expect(readFileSync(b.path, 'utf8')).toBe('second parcel: DHL2\n');
    // The day's index knows both as message files.
    expect(isMessageFileName(basename(a.path)) && isMessageFileName(basename(b.path))).toBe(true);
    // A rerun of the first message keeps its own name: the same file is rewritten, not copied.
    const again = new OutboxBatch(outbox);
    expect(stageDelivery(delivery(outbox, 'first parcel: DHL1', 'followup:1:chat', takenBy('followup:1:chat')), config, again).path).toBe(a.path);
    again.abort();
  });
});
