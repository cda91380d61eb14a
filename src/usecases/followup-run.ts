/** What one follow-up run did, for `oos followup` to print (text or --json). */
import type { ClaimClosing } from '../store/claims.js';
import type { OverdueList } from '../store/schedule.js';

export interface Written {
  order_id: string;
  kind: string;
  path: string;
}

export interface FollowupRun {
  written: Written[];
  cancelled: { order_id: string; kind: string; reason: string }[];
  postponed: { order_id: string; kind: string; to: string; reason: string }[];
  failed: { order_id: string; kind: string; error: string; code: number }[];
  deferred_quiet_hours: number;
  pending: number;
  /** Read while the database is open (a bad season has a hundred thousand). */
  overdue_contacts: OverdueList;
  /** Message files an interrupted run left unrecorded, moved to `.interrupted/`. */
  set_aside: string[];
  /** What the operator must act on: a broken promise, a message the truth gate withheld. */
  alerts: { kind: 'promise_broken' | 'promise_at_risk' | 'message_withheld'; order_id: string; detail: string }[];
  /** Carrier claims whose window closes within a week: for the operator only, no customer message. */
  claim_reminders: ClaimClosing[];
}

