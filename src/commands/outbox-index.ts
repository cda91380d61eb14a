/**
 * The outbox's index files, rebuilt from the database after every change so
 * they always match it: `<day>/messages.csv` for bulk SMS/chat tools, and
 * `schedule.csv` + `schedule.ics` with every pending follow-up.
 */
import { join, relative } from 'node:path';
import type { Config } from '../domain/config.js';
import { formatLocal, fromIso } from '../domain/time.js';
import { buildCalendar } from '../io/calendar.js';
import { ensureDir, writeFileAtomic } from '../io/outbox.js';
import { toCsv } from '../io/write-csv.js';
import type { Db } from '../store/db.js';
import { messagesOfDay } from '../store/resolutions.js';
import { pendingFollowups } from '../store/schedule.js';

export function refreshOutboxIndexes(db: Db, outbox: string, days: string[], config: Config, now: number): void {
  ensureDir(outbox);
  const tz = config.shop.timezone;
  for (const day of new Set(days)) {
    const rows = messagesOfDay(db, day);
    ensureDir(join(outbox, day));
    writeFileAtomic(
      join(outbox, day),
      'messages.csv',
      toCsv(
        ['written_at', 'order_id', 'channel', 'lang', 'to', 'subject', 'text', 'template', 'file'],
        rows.map((m) => [formatLocal(fromIso(m.written_at), tz), m.order_id, m.channel, m.lang, m.recipient, m.subject, m.body, m.template, relative(outbox, m.path)]),
      ),
    );
  }
  const pending = pendingFollowups(db);
  writeFileAtomic(
    outbox,
    'schedule.csv',
    toCsv(
      ['due_at', 'order_id', 'kind', 'channel', 'lang', 'planned_at'],
      pending.map((f) => [formatLocal(fromIso(f.due_at), tz), f.order_id, f.kind, f.channel, f.lang, formatLocal(fromIso(f.created_at), tz)]),
    ),
  );
  writeFileAtomic(
    outbox,
    'schedule.ics',
    buildCalendar(
      `${config.shop.name} follow-ups`,
      pending.map((f) => ({
        uid: `followup-${f.id}@oos`,
        start: fromIso(f.due_at),
        minutes: 15,
        summary: `oos follow-up: ${f.kind.replace('_', ' ')} for order ${f.order_id}`,
        description: `Run "oos followup" to write the ${f.channel} message (${f.lang}) for order ${f.order_id}.`,
      })),
      now,
    ),
  );
}
