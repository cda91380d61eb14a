/**
 * Turning a rendered message into a file in the outbox: `<outbox>/<day>/
 * <order>.<hhmm>.<intent>.<channel>.<lang>.txt|eml`. The name depends only on
 * the order, the reference time and the message, so a rerun rewrites the
 * same file instead of adding a copy. A file another recorded message already
 * has is never overwritten: the new one is `<hhmm>-2`, `-3` … (two "shipped"
 * messages of a split written in the same minute, say).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../domain/config.js';
import { formatLocalDate, wallClock } from '../domain/time.js';
import type { MessageRecord } from '../domain/types.js';
import { buildEml } from './email.js';
import { ensureDir, OutboxBatch, removeStaleTemps, safeName } from './atomic-files.js';
import type { RenderedMessage } from './templates.js';

export interface Recipient {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface Delivery {
  outbox: string;
  orderId: string;
  message: RenderedMessage;
  recipient: Recipient;
  /** The time the message belongs to: now for resolve, the due time for a follow-up. */
  reference: number;
  now: number;
  dedupeKey: string;
  /** Whether another recorded message already has this file (the caller asks its records). */
  taken?: (path: string) => boolean;
}

export const dayOf = (ms: number, config: Config) => formatLocalDate(ms, config.shop.timezone);

/**
 * Writes one message into place, journaled: call it inside the transaction that records it,
 * and `settle()` each batch in `pending` once that transaction has committed.
 */
export function deliver(d: Delivery, config: Config, pending: OutboxBatch[]): MessageRecord {
  const batch = new OutboxBatch(d.outbox);
  const record = stageDelivery(d, config, batch);
  pending.push(batch);
  batch.commitSync();
  return record;
}

// Each folder is created and swept of a killed run's temp files once per process, not once per
// message: a day folder can hold thousands of files, and listing it each time made a big
// follow-up run quadratic.
const prepared = new Set<string>();

function prepareDir(dir: string): void {
  if (prepared.has(dir)) return;
  ensureDir(dir);
  removeStaleTemps(dir);
  prepared.add(dir);
}

/** Writes the message to a temp file of `batch`; it reaches its real name when the batch commits. */
export function stageDelivery(d: Delivery, config: Config, batch: OutboxBatch): MessageRecord {
  const day = dayOf(d.reference, config);
  const dir = join(d.outbox, day);
  prepareDir(d.outbox);
  prepareDir(dir);
  const w = wallClock(d.reference, config.shop.timezone);
  const hhmm = `${String(w.hour).padStart(2, '0')}${String(w.minute).padStart(2, '0')}`;
  const m = d.message;
  // An .eml draft needs the shop's address for From and Reply-To; without one the email is a text
  // draft (subject on its first line) to paste into the shop's mail program.
  const eml = m.channel === 'email' && config.shop.email !== null;
  const ext = eml ? 'eml' : 'txt';
  const nameAt = (n: number) => `${safeName(d.orderId)}.${hhmm}${n > 1 ? `-${n}` : ''}.${m.intent}.${m.channel}.${m.lang}.${ext}`;
  let n = 1;
  while (d.taken?.(join(dir, nameAt(n)))) n++;
  const name = nameAt(n);
  const content = !eml
    ? m.channel === 'email'
      ? `Subject: ${m.subject ?? ''}\n\n${m.text}\n`
      : `${m.text}\n`
    : buildEml({
          fromName: config.shop.name,
          fromAddress: config.shop.email,
          toName: d.recipient.name,
          toAddress: d.recipient.email,
          subject: m.subject ?? '',
          body: m.text,
          date: d.now,
          key: d.dedupeKey,
        });
  const path = batch.stage(dir, name, content);
  return {
    intent: m.intent,
    channel: m.channel,
    lang: m.lang,
    template: m.template,
    recipient: m.channel === 'email' ? d.recipient.email : m.channel === 'sms' ? d.recipient.phone : d.recipient.name,
    subject: m.subject,
    body: m.text,
    path,
    sha256: createHash('sha256').update(content).digest('hex'),
    day,
    dedupeKey: d.dedupeKey,
  };
}

