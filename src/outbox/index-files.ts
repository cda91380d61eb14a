/**
 * The outbox's index files, rebuilt from the database after every change so
 * they always match it: `<day>/messages.csv` for bulk SMS/chat tools, and
 * `schedule.csv` + `schedule.ics` with every pending follow-up.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { LANGUAGES, type Config } from '../domain/config.js';
import { formatLocal, fromIso } from '../domain/time.js';
import { calendarPieces } from './calendar.js';
import { ensureDir, leftJournals, writeFileAtomic } from './atomic-files.js';
import { csvPieces } from './write-csv.js';
import type { Db } from '../store/db.js';
import { messagePathsOfDay, messagesOfDay } from '../store/resolutions.js';
import { eachPendingFollowup } from '../store/schedule.js';

/**
 * Rebuilds the index files of `days`; call it under the write lock (writeTransaction).
 * Returns the message files it set aside (see setAsideUnrecorded).
 */
export function refreshOutboxIndexes(db: Db, outbox: string, days: string[], config: Config, now: number): string[] {
  ensureDir(outbox);
  const tz = config.shop.timezone;
  // A killed run's journal: its unrecorded files are set aside, and the days it wrote get their index.
  const recovered = recoverJournals(db, outbox);
  const setAside = recovered.setAside;
  // Each file is written from rows read one at a time (csvPieces, calendarPieces): a day of
  // 20,000 messages and a schedule of 40,000 follow-ups were 100 MiB at once.
  for (const day of new Set([...days, ...recovered.days])) {
    ensureDir(join(outbox, day));
    setAside.push(...setAsideUnrecorded(join(outbox, day), new Set(messagePathsOfDay(db, day).map((p) => basename(p)))));
    writeFileAtomic(
      join(outbox, day),
      'messages.csv',
      csvPieces(
        ['written_at', 'order_id', 'channel', 'lang', 'to', 'subject', 'text', 'template', 'file'],
        map(messagesOfDay(db, day), (m) => [formatLocal(fromIso(m.written_at), tz), m.order_id, m.channel, m.lang, m.recipient, m.subject, m.body, m.template, relative(outbox, m.path)]),
      ),
    );
  }
  writeFileAtomic(
    outbox,
    'schedule.csv',
    csvPieces(
      ['due_at', 'order_id', 'kind', 'channel', 'lang', 'planned_at'],
      map(eachPendingFollowup(db), (f) => [formatLocal(fromIso(f.due_at), tz), f.order_id, f.kind, f.channel, f.lang, formatLocal(fromIso(f.created_at), tz)]),
    ),
  );
  writeFileAtomic(
    outbox,
    'schedule.ics',
    calendarPieces(
      `${config.shop.name} follow-ups`,
      map(eachPendingFollowup(db), (f) => ({
        uid: `followup-${f.id}@oos`,
        start: fromIso(f.due_at),
        minutes: 15,
        summary: `oos follow-up: ${f.kind.replace('_', ' ')} for order ${f.order_id}`,
        description: `Run "oos followup" to write the ${f.channel} message (${f.lang}) for order ${f.order_id}.`,
      })),
      now,
    ),
  );
  return setAside;
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

// The names deliver.ts gives message files: <order>-<hash>.<hhmm>.<intent>.<channel>.<lang>.txt|eml
// The language part comes from LANGUAGES, so a new language's files (`.zh-Hant.`) are never taken for strays.
const MESSAGE_FILE = new RegExp(`^[A-Za-z0-9._-]+-[0-9a-f]{8}\\.\\d{4}\\.[a-z-]+\\.(sms|chat|email|phone)\\.(${LANGUAGES.join('|')})\\.(txt|eml)$`);

/** Whether a file in a day folder is a message file oos writes (and so may be set aside when nothing recorded it). */
export const isMessageFileName = (name: string): boolean => MESSAGE_FILE.test(name);

/**
 * A run killed between renaming a message into place and recording it leaves a
 * file nobody recorded; if the step is then redone at another minute, a second
 * file would sit beside it and the customer could get both. Under the write
 * lock every renamed file of a live run is already recorded, so a message file
 * the database does not know is such a leftover: it goes to `.interrupted/`,
 * kept for inspection but out of the folder people send from.
 */
/**
 * The journals of runs killed between renaming message files into place and rebuilding the
 * index (atomic-files.ts): every file they name that no record holds is set aside, whichever
 * day's folder it is in, so a step redone on a later day is not sent twice; the days they
 * wrote are returned, for their `messages.csv` to be rebuilt. Call it under the write lock:
 * then every file a live run has renamed is recorded already, and only its index may lag.
 */
function recoverJournals(db: Db, outbox: string): { setAside: string[]; days: string[] } {
  const moved: string[] = [];
  const days = new Set<string>();
  // The recorded names of each day, read once: a follow-up run journals thousands of files.
  const recorded = new Map<string, Set<string>>();
  const recordedOn = (day: string) => {
    if (!recorded.has(day)) recorded.set(day, new Set(messagePathsOfDay(db, day).map((p) => basename(p))));
    return recorded.get(day)!;
  };
  for (const journal of leftJournals(outbox)) {
    for (const target of journal.targets) {
      const dayDir = dirname(target);
      days.add(basename(dayDir));
      if (!existsSync(target) || recordedOn(basename(dayDir)).has(basename(target))) continue;
      const aside = join(dayDir, '.interrupted');
      ensureDir(aside);
      renameSync(target, join(aside, basename(target)));
      moved.push(join(aside, basename(target)));
    }
    rmSync(journal.path, { force: true });
  }
  return { setAside: moved, days: [...days] };
}

function setAsideUnrecorded(dayDir: string, recorded: Set<string>): string[] {
  const moved: string[] = [];
  for (const name of readdirSync(dayDir)) {
    if (!isMessageFileName(name) || recorded.has(name)) continue;
    const aside = join(dayDir, '.interrupted');
    ensureDir(aside);
    renameSync(join(dayDir, name), join(aside, name));
    moved.push(join(aside, name));
  }
  return moved;
}
