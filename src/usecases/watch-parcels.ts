/**
 * Parcels a remedy sent (a reship, a substitute, a split's part) are watched like any order's:
 * a customer whose first parcel got lost must not wait in silence on a second one that is stuck
 * too. Each run names them to the operator until the carrier moves them or the case ends.
 */
import type { Context } from '../context.js';
import { judgeRemedyParcel } from '../domain/detect.js';
import { PARCEL_NAMES, stuckParcelAdvice, type ParcelOrigin } from '../domain/parcels.js';
import type { ParcelInTransit } from '../store/load.js';
import type { FollowupRun } from './followup-run.js';


export function watchRemedyParcels(parcels: ParcelInTransit[], ctx: Context, run: FollowupRun): void {
  for (const p of parcels) {
    const judged = judgeRemedyParcel(p.order, p.tracking, ctx.config, ctx.now);
    if (!judged) continue;
    run.alerts.push({
      kind: 'promise_at_risk',
      order_id: p.orderId,
      detail:
        `${PARCEL_NAMES[p.origin as ParcelOrigin] ?? 'the parcel'} for ${p.orderId} is stuck too: ${judged.reason}. ${capitalise(stuckParcelAdvice(p.origin, p.orderId))}`,
    });
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
