/**
 * Carrier and tracker statuses mapped onto oos's own (docs/formats.md). AfterShip
 * tags, 17TRACK statuses and sub-statuses (`Exception_Delayed`), Shopify's
 * display statuses and common Chinese/Japanese wordings all land here.
 */
import { TRACKING_STATUSES, type TrackingStatus } from './types.js';

const TABLE: [RegExp, TrackingStatus][] = [
  // Anchored at the start, so "未签收", "no entregado" or "nicht zugestellt" are never read as delivered.
  [
    /^(delivered|signed|已签收|签收|本人签收|他人代签|代签收|代收点签收|驿站签收|快递柜签收|妥投|已妥投|已送达|送达|投递成功|已簽收|簽收|已送達|配達完了|配達済み?|お届け済み?|お届け完了|zugestellt|livré|distribué|entregado|entregue|consegnato)/,
    'delivered',
  ],
  [/^(outfordelivery|派送中|配送中|配達中|お届け中|inzustellung|enlivraison|enreparto|inconsegna)/, 'out_for_delivery'],
  [/^(availableforpickup|readyforpickup|待取件|待自提|到达待取|店頭受取待ち|保管中)/, 'available_for_pickup'],
  [/^(attemptfail|failedattempt|deliveryfailure|attempteddelivery|投递失败|派送失败|不在持戻り?|持戻り)/, 'failed_attempt'],
  [/^(exception|delayed|notdelivered|failure|returned|returning|lost|damaged|异常|问题件|退回|返品|調査中|事故)/, 'exception'],
  [/^(expired|过期|追跡期限切れ)/, 'expired'],
  [/^(intransit|shipping|transit|pickedup|departed|arrived|运输中|在途|已揽收|揽收|輸送中|発送済み?|集荷)/, 'in_transit'],
  [/^(inforeceived|informationreceived|labelcreated|labelprinted|preshipment|已发货|待揽收|出荷準備|伝票番号発行)/, 'info_received'],
  [/^(pending|notfound|查无|未查到|情報なし)/, 'pending'],
];

export function mapTrackingStatus(raw: string | null): TrackingStatus {
  if (!raw) return 'unknown';
  // oos's own names (the generic format, `in_transit`) before the tracker forms.
  const own = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if ((TRACKING_STATUSES as readonly string[]).includes(own)) return own as TrackingStatus;
  // `Exception_Delayed`, `InTransit_PickedUp`: the part before the underscore is the status.
  const head = raw.split(/[_/]/)[0] ?? raw;
  const key = head.normalize('NFKC').toLowerCase().replace(/[\s\-.]/g, '');
  for (const [re, status] of TABLE) if (re.test(key)) return status;
  return 'unknown';
}
