/** What one follow-up run did, for `oos followup` to print (text or --json). */
import type { ClaimClosing } from '../store/claims.js';
import type { OverdueList } from '../store/schedule.js';

export interface Written {
  order_id: string;
  kind: string;
  path: string;
}

/** The messages a run wrote, kept in a scratch table as they are recorded (a bad season's run writes a hundred thousand). */
export interface WrittenList extends Iterable<Written> {
  readonly length: number;
  push(w: Written): void;
}

export interface FollowupRun {
  written: WrittenList;
  cancelled: { order_id: string; kind: string; reason: string }[];
  postponed: { order_id: string; kind: string; to: string; reason: string }[];
  failed: { order_id: string; kind: string; error: string; code: number }[];
  deferred_quiet_hours: number;
  pending: number;
  /** Read while the database is open (a bad season has a hundred thousand). */
  overdue_contacts: OverdueList;
  /** Message files an interrupted run left unrecorded, moved to `.interrupted/`. */
  set_aside: string[];
  /** Message files an interrupted run left unrecorded that this run wrote and recorded again: removed, their record stands. */
  replaced: { file: string; by: string }[];
  /**
   * What the operator must act on: a broken promise, a message the truth gate withheld, choices nobody
   * answered, something a written message says the shop has done (shop_task: the coupon it hands over),
   * a lost parcel reshipped for that was delivered after all (parcel_turned_up: said once).
   */
  alerts: { kind: 'promise_broken' | 'promise_at_risk' | 'message_withheld' | 'no_reply' | 'parcel_stuck' | 'shop_task' | 'parcel_turned_up'; order_id: string; detail: string }[];
  /** Carrier claims whose window closes within a week: for the operator only, no customer message. */
  claim_reminders: ClaimClosing[];
}


/** Adds what the outbox index rebuild did with an interrupted run's files to the run's report. */
export function noteLeftovers(run: FollowupRun, left: { setAside: string[]; replaced: { file: string; by: string }[] }): void {
  run.set_aside.push(...left.setAside);
  run.replaced.push(...left.replaced);
}
