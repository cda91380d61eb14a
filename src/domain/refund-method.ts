/** How the customer paid, as refund wording needs it (playbook §6): read from the export's payment method. */

/** `cod`: the customer pays the courier (or the convenience store) on delivery, so nothing has been charged before then. */
export type RefundMethod = 'card' | 'bank' | 'points' | 'platform' | 'original' | 'cod';

/**
 * Marketplaces that take the customer's money themselves, a bank transfer included (Shopee's and
 * momo's ATM transfers, a Taobao order paid through a bank): the platform refunds it to the account
 * it knows. A message asking such a customer for their account number in the platform's chat breaks
 * its rules and reads as the refund scam buyers are warned about. (Rakuten is left out: under 楽天ペイ
 * it refunds a 銀行振込 itself, but the buyer registers the account through a guide Rakuten mails, so
 * neither the shop's request nor "nothing to do" would be true; the shop's request stays for now.)
 */
const PLATFORM_COLLECTS = /amazon|taobao|tmall|淘宝|天猫|pinduoduo|pdd|拼多多|^jd|jingdong|京东|京東|douyin|抖音|ebay|etsy|shopee|蝦皮|虾皮|momo|lazada/;

/** Refund wording depends on how the customer paid (playbook §6), and through whom: `channel` is the order's sales channel. */
export function refundMethodOf(paymentMethod: string | null, channel: string | null = null): RefundMethod {
  const method = paymentMethodKind(paymentMethod);
  return method === 'bank' && channel !== null && PLATFORM_COLLECTS.test(channel.toLowerCase()) ? 'platform' : method;
}

function paymentMethodKind(paymentMethod: string | null): RefundMethod {
  const p = (paymentMethod ?? '').toLowerCase();
  if (/point|ポイント|积分|點數|紅利|購物金/.test(p)) return 'points';
  // Paid on delivery: 代金引換 (代引き), 貨到付款, or at the convenience-store pickup (超商取貨付款). Nothing to
  // send back, so never the bank's "reply with your account". "COD" as a word only: a "QR code" payment is not one.
  // Spelled as exports do: "Cash-on-Delivery", "cash_on_delivery", "C.O.D.", 代金引き換え.
  if (/\bc\.?o\.?d\b|(cash|collect|pay(ment)?)[\s_-]*on[\s_-]*delivery|代金引き?[換替]え?|代引|貨到付款|货到付款|取貨付款|取货付款/.test(p)) return 'cod';
  // A bank card (银行卡, 借记卡, "bank card") is a card: its refund goes back to it, nobody asks for an account.
  if (/bank ?card|debit card|银行卡|銀行卡|借记卡|金融卡/.test(p)) return 'card';
  // Taiwan: 匯款/轉帳 (and ATM transfers); WooCommerce's direct bank transfer is "bacs"; 郵便振替 is Japan Post's.
  if (/bank|transfer|\bbacs\b|振込|振り込み|振替|银行|汇款|匯款|轉帳|转账|\batm\b/.test(p)) return 'bank';
  if (/card|visa|master|amex|jcb|credit|信用卡|クレジット|stripe|shopify payments/.test(p)) return 'card';
  if (/alipay|支付宝|wechat|微信|paypal|paypay|amazon|rakuten|楽天|d払い|au pay|line pay|街口|jko/.test(p)) return 'platform';
  return 'original';
}
