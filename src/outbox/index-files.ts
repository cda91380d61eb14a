/**
 * The outbox's index files, rebuilt from the database after every change so
 * they always match it: `<day>/messages.csv` for bulk SMS/chat tools, and
 * `schedule.csv` + `schedule.ics` with every pending follow-up.
 */
import { existsSync, opendirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { LANGUAGES, type Config } from '../domain/config.js';
import { formatLocal, fromIso } from '../domain/time.js';
import { calendarPieces } from './calendar.js';
import { faultPoint } from '../fault.js';
import { ensureDir, leftJournals, removeStaleTemps, writeFileAtomic } from './atomic-files.js';
import { csvPieces } from './write-csv.js';
import type { Db } from '../store/db.js';
import { messageNamesOfDay, messagesOfDay, recordedTwin } from '../store/resolutions.js';
import { eachPendingFollowup } from '../store/schedule.js';

/** What an interrupted run left behind and what became of it. */
export interface Leftovers {
  /** Unrecorded message files moved to `.interrupted/`: no recorded message says the same. */
  setAside: string[];
  /** Unrecorded message files removed because the rerun recorded the same message (`by`). */
  replaced: { file: string; by: string }[];
}

/**
 * Rebuilds the index files of `days`; call it under the write lock (writeTransaction).
 * Returns what it did with the files an interrupted run left unrecorded (see settleLeftover).
 */
export function refreshOutboxIndexes(db: Db, outbox: string, days: string[], config: Config, now: number): Leftovers {
  ensureDir(outbox);
  const tz = config.shop.timezone;
  const left: Leftovers = { setAside: [], replaced: [] };
  // A killed run's half-written index files.
  removeStaleTemps(outbox);
  // A killed run's journal: its unrecorded files are settled, and the days it wrote get their index.
  const recoveredDays = recoverJournals(db, outbox, left);
  faultPoint('after-recovery');
  // Each file is written from rows read one at a time (csvPieces, calendarPieces): a day of
  // 20,000 messages and a schedule of 40,000 follow-ups were 100 MiB at once.
  for (const day of new Set([...days, ...recoveredDays])) {
    ensureDir(join(outbox, day));
    removeStaleTemps(join(outbox, day));
    const recorded = messageNamesOfDay(db, day);
    const strays: string[] = [];
    for (const name of eachName(join(outbox, day))) if (MESSAGE_FILE.test(name) && !recorded.has(name)) strays.push(name);
    recorded.clear();
    for (const name of strays) settleLeftover(db, join(outbox, day, name), left);
    writeFileAtomic(
      join(outbox, day),
      'messages.csv',
      csvPieces(
        ['written_at', 'order_id', 'channel', 'lang', 'to', 'subject', 'text', 'template', 'file'],
        map(messagesOfDay(db, day), (m) => [formatLocal(fromIso(m.written_at), tz), m.order_id, m.channel, m.lang, m.recipient, m.subject, m.body, m.template, relative(outbox, m.path)]),
      ),
    );
    faultPoint('after-day-index');
  }
  writeFileAtomic(
    outbox,
    'schedule.csv',
    csvPieces(
      ['due_at', 'order_id', 'kind', 'channel', 'lang', 'planned_at'],
      map(eachPendingFollowup(db), (f) => [formatLocal(fromIso(f.due_at), tz), f.order_id, f.kind, f.channel, f.lang, formatLocal(fromIso(f.created_at), tz)]),
    ),
  );
  faultPoint('after-schedule-csv');
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
  return left;
}

/** The names in a folder one at a time (a day's folder may hold a hundred thousand files). */
function* eachName(dir: string): Generator<string> {
  const d = opendirSync(dir);
  try {
    for (let e = d.readSync(); e !== null; e = d.readSync()) yield e.name;
  } finally {
    d.closeSync();
  }
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

// The names deliver.ts gives message files: <order>-<hash>.<hhmm>.<intent>.<channel>.<lang>.txt|eml
// The language part comes from LANGUAGES, so a new language's files (`.zh-Hant.`) are never taken for strays.
const MESSAGE_FILE = new RegExp(`^([A-Za-z0-9._-]+-[0-9a-f]{8})\\.\\d{4}(?:-\\d+)?\\.([a-z-]+)\\.(sms|chat|email|phone)\\.(${LANGUAGES.join('|')})\\.(txt|eml)$`);

/** Whether a file in a day folder is a message file oos writes (and so may be settled when nothing recorded it). */
export const isMessageFileName = (name: string): boolean => MESSAGE_FILE.test(name);

/**
 * A message file no record holds was renamed into place by a run killed before it recorded it
 * (under the write lock every renamed file of a live run is already recorded). When the rerun
 * recorded a message for the same step (same order, intent, channel and language) at another minute
 * or day, that record stands for it. Either way the leftover goes to `.interrupted/`, out of the
 * folder people send from, so the customer's message exists there once; it is kept, not deleted,
 * because the rerun may have said something else (another date), and whoever sent the first must
 * be able to see what the customer was told.
 */
function settleLeftover(db: Db, file: string, left: Leftovers): void {
  const m = MESSAGE_FILE.exec(basename(file));
  if (!m) return;
  const twin = recordedTwin(db, m[1]!, m[2]!, m[3]!, m[4]!);
  const aside = join(dirname(file), '.interrupted');
  ensureDir(aside);
  renameSync(file, join(aside, basename(file)));
  if (twin !== null && twin !== file) left.replaced.push({ file: join(aside, basename(file)), by: twin });
  else left.setAside.push(join(aside, basename(file)));
}

/**
 * The journals of runs killed between renaming message files into place and rebuilding the
 * index (atomic-files.ts): every file they name that no record holds is settled, whichever
 * day's folder it is in, so a step redone on a later day is not sent twice; the days they
 * wrote are returned, for their `messages.csv` to be rebuilt. Call it under the write lock.
 */
function recoverJournals(db: Db, outbox: string, left: Leftovers): string[] {
  const days = new Set<string>();
  // The recorded names of each day, read once: a follow-up run journals thousands of files.
  const recorded = new Map<string, Set<string>>();
  const recordedOn = (day: string) => {
    if (!recorded.has(day)) recorded.set(day, messageNamesOfDay(db, day));
    return recorded.get(day)!;
  };
  for (const journal of leftJournals(outbox)) {
    // The killed run's temp files, made before any rename.
    for (const dir of new Set(journal.targets.map((t) => dirname(t)))) removeStaleTemps(dir);
    for (const target of journal.targets) {
      const dayDir = dirname(target);
      days.add(basename(dayDir));
      if (!existsSync(target) || recordedOn(basename(dayDir)).has(basename(target))) continue;
      settleLeftover(db, target, left);
    }
    rmSync(journal.path, { force: true });
  }
  return [...days];
}
