/**
 * A case's history (case_events): what happened to it, written one event at a time, and read by
 * what asks how its problem ended. Kept apart from the case sync (cases.ts), so that a command
 * that only records or asks (a follow-up run with nothing due) does not load detection with it.
 */
import { toIso } from '../domain/time.js';
import { stmt, type Db } from './db.js';

export function addEvent(db: Db, caseId: number, at: number, actor: string, type: string, data: object = {}): void {
  stmt(db, 'INSERT INTO case_events (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(caseId, toIso(at), actor, type, JSON.stringify(data));
}

/**
 * The case `c`'s lost parcel turned up: the latest scan that judged its problem cleared it, or closed
 * it, because the parcel moved again or was delivered. Any other end of the problem (the order
 * refunded, cancelled or closed on the platform, a substitute sent) is the customer's story: the
 * parcel is still lost, and the shop's claim against the carrier still stands.
 */
export const PARCEL_TURNED_UP = `EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type IN ('problem_cleared', 'auto_closed')
    AND json_extract(e.data, '$.reason') IN ('parcel delivered', 'parcel moving again')
    AND e.id = (SELECT max(x.id) FROM case_events x WHERE x.case_id = c.id AND x.type IN ('detected', 'reopened', 'problem_returned', 'problem_cleared', 'auto_closed')))`;
