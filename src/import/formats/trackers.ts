/**
 * Parcel trackers' exports (docs/formats.md). Neither AfterShip's nor 17TRACK's CSV
 * header is published, so columns are matched by both their display names
 * (`Tracking number`, `Courier`, `Status`) and their API names (`tracking_number`,
 * `slug`, `tag`, `subtag`); statuses and sub-statuses map onto oos's own.
 */
import { mapTrackingStatus } from '../../domain/tracking-status.js';
import type { Header } from '../../import/formats/cells.js';
import { columnsOf, defineFormat, missingRoles, type Format } from '../../import/formats/format.js';

const AFTERSHIP = {
  number: ['tracking_number', 'Tracking number'],
  carrier: ['slug', 'Courier', 'Courier name', 'Carrier'],
  status: ['tag', 'Delivery status', 'Status'],
  subStatus: ['subtag', 'Sub-status', 'Delivery sub-status'],
  orderId: ['order_id', 'Order ID', 'order_number', 'Order number'],
  lastEventAt: ['last_updated_at', 'Last updated at', 'Last checkpoint time', 'Latest checkpoint time', 'Last update'],
  lastEvent: ['subtag_message', 'Last checkpoint message', 'Latest checkpoint', 'Last checkpoint'],
  deliveredAt: ['shipment_delivery_date', 'Delivered at', 'Delivery date'],
};

const SEVENTEEN = {
  number: ['Number', 'Tracking number', 'tracking_number'],
  carrier: ['Carrier', 'Carrier name', 'carrier'],
  status: ['Main status', 'Package status', 'latest_status', 'Status'],
  subStatus: ['Sub status', 'sub_status', 'Sub-status'],
  orderId: ['Order number', 'order_id', 'Order ID'],
  lastEventAt: ['Latest event time', 'latest_event_time', 'Last update time', 'Last updated'],
  lastEvent: ['Latest event', 'latest_event', 'Last event', 'Latest event info'],
  deliveredAt: ['Delivered time', 'delivered_time', 'Delivered at'],
};

function trackerFormat(id: string, label: string, where: string, names: typeof AFTERSHIP, recognise: (h: Header) => number): Format<'tracking'> {
  return defineFormat({
    id,
    label,
    kind: 'tracking',
    where,
    recognise,
    missing: (h) => missingRoles(h, names, ['number', 'status']),
    bind(h, cells) {
      const c = columnsOf(h, names);
      return (f, line) => {
        const trackingNumber = cells.id(f, c.number);
        if (trackingNumber === null) return null;
        const deliveredAt = cells.date(f, c.deliveredAt, line);
        // A sub-status is the more precise of the two (`Exception_004`: held in customs).
        const sub = mapTrackingStatus(cells.text(f, c.subStatus));
        const status = sub !== 'unknown' ? sub : cells.trackingStatus(f, c.status);
        return {
          line,
          trackingNumber,
          orderId: cells.id(f, c.orderId),
          carrier: cells.text(f, c.carrier),
          status: deliveredAt !== null ? 'delivered' : status,
          lastEventAt: cells.date(f, c.lastEventAt, line),
          lastEvent: cells.text(f, c.lastEvent),
          deliveredAt,
        };
      };
    },
  });
}

export const aftershipTracking = trackerFormat(
  'aftership',
  'AfterShip shipments export',
  'AfterShip admin › Shipments › Export (CSV)',
  AFTERSHIP,
  (h) => (h.find(...AFTERSHIP.number) >= 0 && (h.has('tag') || h.has('subtag') || h.has('slug') || h.has('Courier')) ? 110 : 0),
);

export const seventeenTrackTracking = trackerFormat(
  '17track',
  '17TRACK export',
  '17TRACK › Tracking management (my shipments) › Export',
  SEVENTEEN,
  (h) => (h.find(...SEVENTEEN.number) >= 0 && (h.has('Main status') || h.has('latest_status') || h.has('Sub status') || h.has('sub_status') || h.has('Package status')) ? 110 : 0),
);
