/**
 * Parcels a remedy sent (a reship, a substitute, a split's part) are watched like any order's:
 * a customer whose first parcel got lost must not wait in silence on a second one that is stuck
 * too. Each run names them to the operator until the carrier moves them or the case ends.
 */
import type { Context } from '../context.js';
import { judgeRemedyParcel } from '../domain/detect.js';
import type { ParcelInTransit } from '../store/load.js';
import type { FollowupRun } from './followup-run.js';

const WHAT: Record<string, string> = { reship: 'the reship', substitute: 'the parcel with the substitute', split_now: 'the first part of the split', split_rest: 'the rest of the split', wait: 'the parcel' };

export function watchRemedyParcels(parcels: ParcelInTransit[], ctx: Context, run: FollowupRun): void {
  for (const p of parcels) {
    const judged = judgeRemedyParcel(p.order, p.tracking, ctx.config, ctx.now);
    if (!judged) continue;
    const id = `'${p.orderId}'`;
    run.alerts.push({
      kind: 'promise_at_risk',
      order_id: p.orderId,
      detail:
        `${WHAT[p.origin] ?? 'the parcel'} for ${p.orderId} is stuck too: ${judged.reason}. Chase the carrier and tell the customer; ` +
        `if it is lost, refund with oos resolve --order ${id} --remedy refund --yes, or send again with --remedy reship --tracking-number <no> --yes`,
    });
  }
}
