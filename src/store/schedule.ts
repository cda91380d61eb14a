/**
 * The follow-up schedule as the hourly cron run reads it: what is due, what is
 * pending, who has not been contacted in time. Kept apart from the writing side
 * (followups.ts, resolutions.ts) so a run with nothing to do loads none of it.
 */
import { fromIso, toIso } from '../domain/time.js';
import { stmt, writeTransaction, type Db } from './db.js';
import { NO_LATER_DATE } from './schema.js';

export interface FollowupRow {
  id: number;
  case_id: number;
  order_id: string;
  kind: string;
  due_at: string;
  state: 'pending' | 'done' | 'cancelled';
  channel: string;
  lang: string;
  created_at: string;
  done_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

const PENDING = `SELECT * FROM followups WHERE state = 'pending' ORDER BY due_at, order_id, kind`;

export function pendingFollowups(db: Db): FollowupRow[] {
  return db.prepare(PENDING).all() as FollowupRow[];
}

/** pendingFollowups() one row at a time, for the outbox's schedule files; the query starts with the first row asked for. */
export function* eachPendingFollowup(db: Db): Generator<FollowupRow> {
  yield* db.prepare(PENDING).iterate() as IterableIterator<FollowupRow>;
}

/** The follow-ups due when a run starts, in the order they are written, read a page at a time (DueList). */
export interface DueList {
  readonly length: number;
  /** The `i`th due follow-up as it stood when the run started. */
  at(i: number): FollowupRow;
}

const DUE_PAGE = 500;

const NOTHING_DUE: DueList = {
  length: 0,
  at: (i) => {
    throw new RangeError(`no due follow-up ${i}`);
  },
};

/**
 * What is due at `now`, kept as the run found it: a run decides and renders each follow-up from
 * that row, so a rerun or an overlapping run writes the very same file. The rows wait in a scratch
 * table rather than in memory: 95,000 due at once (a bad season's reminders) were 50 MiB of row
 * objects held to the end of the run.
 */
export function dueFollowups(db: Db, now: number): DueList {
  const nowIso = toIso(now);
  // An hourly run with nothing due makes no scratch table.
  if (stmt(db, `SELECT 1 FROM followups WHERE state = 'pending' AND due_at <= ? LIMIT 1`).get(nowIso) === undefined) return NOTHING_DUE;
  db.exec('DROP TABLE IF EXISTS temp.due_snapshot');
  db.exec('CREATE TEMP TABLE due_snapshot AS SELECT * FROM followups WHERE 0');
  // Inserted in the run's order into a new table: the rowids are 1, 2, 3 … in that order.
  const length = db.prepare(`INSERT INTO temp.due_snapshot SELECT * FROM followups WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id`).run(nowIso).changes;
  const page = db.prepare('SELECT * FROM temp.due_snapshot WHERE rowid > ? ORDER BY rowid LIMIT ?');
  let first = -1;
  let rows: FollowupRow[] = [];
  return {
    length,
    at(i) {
      if (i < 0 || i >= length) throw new RangeError(`no due follow-up ${i}`);
      if (i < first || i >= first + rows.length) {
        first = i - (i % DUE_PAGE);
        rows = page.all(first, DUE_PAGE) as FollowupRow[];
      }
      return rows[i - first]!;
    },
  };
}

export function countPending(db: Db): number {
  return (stmt(db, `SELECT count(*) AS n FROM followups WHERE state = 'pending'`).get() as { n: number }).n;
}

export interface OverdueContact {
  order_id: string;
  contact_by: string;
  overdue_minutes: number;
  kind: string;
}

/** The overdue contacts as a list read when it is read: a bad season has a hundred thousand. */
export interface OverdueList extends Iterable<OverdueContact> {
  readonly length: number;
  /** The first `n`, most overdue first. */
  first(n: number): OverdueContact[];
}

export const NO_OVERDUE: OverdueList = { length: 0, first: () => [], *[Symbol.iterator]() {} };

/**
 * overdueContacts() as a list that is counted now and read, in the same order, only when it is
 * read (the database must still be open then): cron's run prints how many and the first five.
 */
export function overdueContactList(db: Db, now: number): OverdueList {
  const from = `FROM cases WHERE state = 'detected' AND first_contact_at IS NULL AND contact_by < ?`;
  const length = db.prepare(`SELECT count(*) ${from}`).pluck().get(toIso(now)) as number;
  const rows = db.prepare(`SELECT order_id, contact_by, kind ${from} ORDER BY contact_by LIMIT ?`);
  const overdue = (r: { order_id: string; contact_by: string; kind: string }): OverdueContact => ({ ...r, overdue_minutes: Math.floor((now - fromIso(r.contact_by)) / 60_000) });
  return {
    length,
    first: (n) => (rows.all(toIso(now), n) as { order_id: string; contact_by: string; kind: string }[]).map(overdue),
    *[Symbol.iterator]() {
      for (const r of rows.iterate(toIso(now), length) as IterableIterator<{ order_id: string; contact_by: string; kind: string }>) yield overdue(r);
    },
  };
}

/** Cases nobody has contacted although their contact-by time has passed. */
export function overdueContacts(db: Db, now: number): OverdueContact[] {
  const rows = db
    .prepare(`SELECT order_id, contact_by, kind FROM cases WHERE state = 'detected' AND first_contact_at IS NULL AND contact_by < ? ORDER BY contact_by`)
    .all(toIso(now)) as { order_id: string; contact_by: string; kind: string }[];
  return rows.map((r) => ({ ...r, overdue_minutes: Math.floor((now - fromIso(r.contact_by)) / 60_000) }));
}

export function recordRun(db: Db, command: string, actor: string, now: number, summary: object): void {
  writeTransaction(db, () => stmt(db, 'INSERT INTO runs (command, actor, at, summary) VALUES (?, ?, ?, ?)').run(command, actor, toIso(now), JSON.stringify(summary)));
}

/**
 * Whether a dated promise's time has come, a restock is still to come (a supplier may have
 * moved it since), an offer's reply deadline passed with no answer, or a parcel ever got stuck
 * mid-plan (checkStuckParcels says whether the customer still has not heard): a few index seeks, so an hourly run with nothing due stays cheap.
 */
export function hasPromisesToCheck(db: Db, now: number): boolean {
  return (
    stmt(
      db,
      // One index seek per kind (promises_open_kind), however many offers are open.
      `SELECT EXISTS (SELECT 1 FROM promises WHERE state = 'open' AND due_at IS NOT NULL AND kind = 'restock')
           OR EXISTS (SELECT 1 FROM promises WHERE state = 'open' AND due_at IS NOT NULL AND kind = 'ship' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM promises p JOIN cases c ON c.id = p.case_id WHERE p.state = 'open' AND p.due_at IS NOT NULL AND p.kind = 'ship' AND p.due_at > @now
                        AND c.state IN ('offered', 'remedy_chosen') AND c.problem_cleared_at IS NULL AND EXISTS (SELECT 1 FROM json_each(c.kinds) WHERE value = 'oversold'))
           OR EXISTS (SELECT 1 FROM promises WHERE state = 'open' AND due_at IS NOT NULL AND kind = 'carrier_answer' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM promises WHERE state = 'open' AND due_at IS NOT NULL AND kind = 'consent' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM promises p JOIN cases c ON c.id = p.case_id WHERE p.state = 'open' AND p.due_at IS NOT NULL AND p.kind = 'offer' AND p.due_at <= @now
                        AND c.state = 'offered' AND c.problem_cleared_at IS NULL AND (c.replied_at IS NULL OR c.replied_at < p.created_at) AND json_extract(p.data, '$.silenceWaits') IS NOT 1)
           OR EXISTS (SELECT 1 FROM case_events e CROSS JOIN cases c ON c.id = e.case_id WHERE e.type = 'parcel_stuck' AND c.state IN ('offered', 'remedy_chosen') AND c.problem_cleared_at IS NULL)
           OR EXISTS (SELECT 1 FROM promises p CROSS JOIN cases c ON c.id = p.case_id WHERE p.kind = 'offer' AND p.state = 'open' AND json_extract(p.data, '$.noRestockDate') = 1
                        AND c.state = 'offered' AND c.problem_cleared_at IS NULL)
           OR EXISTS (SELECT 1 FROM promises WHERE kind = 'restock' AND state = 'broken' AND settle_reason LIKE '${NO_LATER_DATE}%')
           OR EXISTS (SELECT 1 FROM promises WHERE state = 'broken' AND kind IN ('ship', 'carrier_answer'))`,
    )
      .pluck()
      .get({ now: toIso(now) }) === 1
  );
}

/**
 * The messages a follow-up run wrote, in the order they were recorded, in a scratch table: a run
 * writing 95,000 reminders held 20 MiB of their paths until it printed them. A message recorded in a
 * transaction that was rolled back (a crash, a full disk) leaves it again with that transaction.
 * Read it while the database is open.
 */
export function writtenLog(db: Db): { readonly length: number; push(w: { order_id: string; kind: string; path: string }): void } & Iterable<{ order_id: string; kind: string; path: string }> {
  let made = false;
  const make = () => {
    if (made) return;
    db.exec('CREATE TEMP TABLE IF NOT EXISTS run_written (seq INTEGER PRIMARY KEY, order_id TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL)');
    db.exec('DELETE FROM temp.run_written');
    made = true;
  };
  return {
    get length() {
      return made ? (db.prepare('SELECT count(*) FROM temp.run_written').pluck().get() as number) : 0;
    },
    push(w) {
      make();
      stmt(db, 'INSERT INTO temp.run_written (order_id, kind, path) VALUES (?, ?, ?)').run(w.order_id, w.kind, w.path);
    },
    *[Symbol.iterator]() {
      if (made) yield* db.prepare('SELECT order_id, kind, path FROM temp.run_written ORDER BY seq').iterate() as IterableIterator<{ order_id: string; kind: string; path: string }>;
    },
  };
}
