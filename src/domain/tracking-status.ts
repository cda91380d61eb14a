/**
 * Carrier and tracker statuses mapped onto oos's own (docs/formats.md). AfterShip
 * tags, 17TRACK statuses and sub-statuses (`Exception_Delayed`), Shopify's
 * display statuses and common Chinese/Japanese wordings all land here.
 */
import { TRACKING_STATUSES, type TrackingStatus } from './types.js';

/**
 * Read first, anywhere in the text: a parcel going back to the shop ("Delivered, To Original Sender",
 * 差出人に返送, 退签) or refused is no delivery, and a failed signature (签收失败) is a failed attempt.
 */
const BEFORE: [RegExp, TrackingStatus][] = [
  [/(失败|失敗|不在|持戻|持ち戻|undelivered)/, 'failed_attempt'],
  [/(originalsender|returntosender|returnedtosender|returntoshipper|returnedtoshipper|返送|退签|退簽|退回|退件|拒签|拒簽|拒收|受取拒否|疑难)/, 'exception'],
];

/** Shopify's fulfilment display statuses, whole (`LABEL_PRINTED`, `READY_FOR_PICKUP`): their first word alone says nothing. */
const SHOPIFY: Record<string, TrackingStatus> = {
  labelprinted: 'info_received',
  labelpurchased: 'info_received',
  carrierpickedup: 'in_transit',
  readyforpickup: 'available_for_pickup',
  attempteddelivery: 'failed_attempt',
  notdelivered: 'exception',
};

const TABLE: [RegExp, TrackingStatus][] = [
  // Anchored at the start, so "未签收", "no entregado" or "nicht zugestellt" are never read as delivered.
  [
    /^(delivered|signed|已签收|签收|本人签收|他人代签|代签收|代收点签收|驿站签收|快递柜签收|妥投|已妥投|已送达|送达|投递成功|已簽收|簽收|已送達|配達完了|配達済み?|お届け済み?|お届け完了|お届け先にお届け済み?|投函完了|窓口でお渡し|コンビニエンスストアに引渡|快件已签收|zugestellt|livré|distribué|entregado|entregue|consegnato)/,
    'delivered',
  ],
  [/^(outfordelivery|派送中|派件|配送中|配達中|持ち出し中|お届け中|inzustellung|enlivraison|enreparto|inconsegna)/, 'out_for_delivery'],
  [/^(availableforpickup|readyforpickup|pickup$|待取件|待自提|到达待取|已代收|投柜|店頭受取待ち|保管中)/, 'available_for_pickup'],
  [/^(attemptfail|failedattempt|deliveryfailure|attempteddelivery|投递失败|派送失败|不在持戻り?|持戻り)/, 'failed_attempt'],
  [/^(exception|alert|delayed|notdelivered|failure|returned|returning|lost|damaged|异常|问题件|退回|返品|調査中|事故)/, 'exception'],
  [/^(expired|过期|追跡期限切れ)/, 'expired'],
  [/^(intransit|shipping|transit|pickedup|departed|arrived|运输中|在途|已揽收|揽收|已揽件|揽件|转投|清关|輸送中|発送済み?|集荷|引受|到着|通過)/, 'in_transit'],
  [/^(inforeceived|informationreceived|labelcreated|labelprinted|preshipment|已发货|待揽收|出荷準備|伝票番号発行)/, 'info_received'],
  [/^(pending|notfound|查无|未查到|情報なし)/, 'pending'],
];

export function mapTrackingStatus(raw: string | null): TrackingStatus {
  if (!raw) return 'unknown';
  // oos's own names (the generic format, `in_transit`) before the tracker forms.
  const own = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if ((TRACKING_STATUSES as readonly string[]).includes(own)) return own as TrackingStatus;
  // Sagawa marks its latest row with an arrow (⇒配達完了).
  const text = raw.normalize('NFKC').replace(/^[\s⇒→>＞]+/, '');
  const whole = text.toLowerCase().replace(/[\s\-._,]/g, '');
  if (SHOPIFY[whole]) return SHOPIFY[whole];
  // Shopify's PICKED_UP: the customer collected the parcel (a carrier's pick-up is CARRIER_PICKED_UP, above).
  if (text.trim() === 'PICKED_UP') return 'delivered';
  for (const [re, status] of BEFORE) if (re.test(whole)) return status;
  // `Exception_Delayed`, `InTransit_PickedUp`: the part before the underscore is the status.
  const head = text.split(/[_/]/)[0] ?? text;
  const key = head.toLowerCase().replace(/[\s\-.]/g, '');
  for (const [re, status] of TABLE) if (re.test(key)) return status;
  return 'unknown';
}
