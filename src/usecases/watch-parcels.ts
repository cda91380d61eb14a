/**
 * Parcels a remedy sent (a reship, a substitute, a split's part) are watched like any order's:
 * a customer whose first parcel got lost must not wait in silence on a second one that is stuck
 * too. Each run names them to the operator until the carrier moves them or the case ends.
 */
import type { Context } from '../context.js';
import { judgeRemedyParcel } from '../domain/detect.js';
import { PARCEL_NAMES, stuckParcelAdvice, type ParcelOrigin } from '../domain/parcels.js';
import { formatLocal, fromIso } from '../domain/time.js';
import { recordLostParcelDelivered, type LostParcelDelivered } from '../store/claims.js';
import { writeTransaction, type Db } from '../store/db.js';
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

/**
 * A parcel a reship was to replace (given up for lost, or stuck), that the carrier delivered after all: the customer now has
 * two parcels, and a carrier claim for it (filed, or its folder written) would be a false claim. Its
 * claim reminder stops (the parcel is delivered); the operator is told once, with what to do.
 */
export function tellLostParcelsDelivered(db: Db, found: LostParcelDelivered[], ctx: Context, run: FollowupRun): void {
  writeTransaction(db, () => {
    for (const f of found) {
      run.alerts.push({ kind: 'parcel_turned_up', order_id: f.order_id, detail: lostParcelDeliveredDetail(f, ctx.config.shop.timezone) });
      recordLostParcelDelivered(db, f.caseId, ctx.now, ctx.actor, f.parcel);
    }
  });
}

function lostParcelDeliveredDetail(f: LostParcelDelivered, tz: string): string {
  const id = `'${f.order_id}'`;
  const carrier = f.carrier ?? 'the carrier';
  const when = f.delivered_at ? ` on ${formatLocal(fromIso(f.delivered_at), tz)}` : '';
  const reship = f.reship ? `the reship ${f.reship}` : 'the reship';
  const customer =
    f.reship_state === 'preparing'
      ? `${reship} has not left yet: do not send it; tell the customer their parcel arrived`
      : `${reship} went out too, so the customer now has two parcels: ask them to send one back (or to keep it and pay for it)`;
  const claim = f.claim_folder
    ? `Withdraw the ${carrier} claim for ${f.parcel} (evidence folder ${f.claim_folder}), or pay back any compensation already received: a claim for a delivered parcel is a false claim.`
    : `Do not file the ${carrier} claim for ${f.parcel}: it was not lost (its claim reminder stops).`;
  return `${f.order_id}: parcel ${f.parcel} (${carrier}), which a reship was to replace, was delivered${when} after all, and ${customer}; then record what you agreed with oos resolve --order ${id} --replied, or --closed. ${claim}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
