/**
 * Money cells, read exactly: every form below is either the amount it says, in
 * integer minor units of the currency, or a refusal with a reason. Nothing is
 * read by dropping the characters that do not fit.
 */
import { describe, expect, it } from 'vitest';
import { readMoney } from '../../src/domain/money.js';

const READ: [text: string, currency: string, minor: number][] = [
  // Plain, as most exports write them (the fast path)
  ['1659.95', 'EUR', 165995],
  ['1234.56', 'USD', 123456],
  ['0.00', 'USD', 0],
  ['-0', 'USD', 0],
  ['12.5', 'USD', 1250],
  ['-5', 'CNY', -500],
  ['201.12', 'CNY', 20112],
  ['1280', 'JPY', 1280],
  ['1280.00', 'JPY', 1280],
  ['0.5', 'GBP', 50],
  ['1.234', 'KWD', 1234],
  // Signs and codes before or after
  ['¥1,280', 'JPY', 1280],
  ['¥1,280', 'CNY', 128000],
  ['￥1280', 'JPY', 1280],
  ['CN¥32.50', 'CNY', 3250],
  ['JP¥ 500', 'JPY', 500],
  ['JPY 1,280', 'JPY', 1280],
  ['1,280 JPY', 'JPY', 1280],
  ['1,280円', 'JPY', 1280],
  ['0元', 'CNY', 0],
  ['32.5元', 'CNY', 3250],
  ['RMB 88.00', 'CNY', 8800],
  ['88 rmb', 'CNY', 8800],
  ['$1,030.00', 'USD', 103000],
  ['US $12.34', 'USD', 1234],
  ['AU $3,000.00', 'AUD', 300000],
  ['C$ 15', 'CAD', 1500],
  ['$12.34 USD', 'USD', 1234],
  ['€5', 'EUR', 500],
  ['EUR 90,00', 'EUR', 9000],
  ['116,99 €', 'EUR', 11699],
  ['£24.50', 'GBP', 2450],
  ['£1,024.50', 'GBP', 102450],
  ['Rs. 1899', 'INR', 189900],
  ['Rs.1,899.50', 'INR', 189950],
  ['₹ 1,23,456.78', 'INR', 12345678],
  ['kr. 199', 'SEK', 19900],
  ['199 kr', 'DKK', 19900],
  ['199,50 kr', 'NOK', 19950],
  ['CHF 1\'234.56', 'CHF', 123456],
  ['Fr. 12.50', 'CHF', 1250],
  ['₩15,000', 'KRW', 15000],
  ['R$ 1.234,56', 'BRL', 123456],
  ['usd 7', 'USD', 700],
  // Separators by locale
  ['1,234.56', 'USD', 123456],
  ['1.234,56', 'EUR', 123456],
  ['1 234,56', 'EUR', 123456],
  ['1\u00a0234,56 €', 'EUR', 123456],
  ['1\u202f234,56', 'EUR', 123456],
  ["1'234.56", 'CHF', 123456],
  ['1,234,567', 'USD', 123456700],
  ['1.234.567', 'EUR', 123456700],
  ['1,234', 'USD', 123400],
  ['1.116 €', 'EUR', 111600],
  ['1,280', 'CNY', 128000],
  ['1.280', 'JPY', 1280],
  ['1,280', 'JPY', 1280],
  ['1 280', 'JPY', 1280],
  ['0,125', 'KWD', 125],
  ['12,5', 'EUR', 1250],
  ['1,23', 'USD', 123],
  ['12.5', 'EUR', 1250],
  ['12.3400', 'USD', 1234],
  // Negatives
  ['(12.50)', 'USD', -1250],
  ['($12.50)', 'USD', -1250],
  ['-$5.00', 'USD', -500],
  ['$-5.00', 'USD', -500],
  ['- 5', 'USD', -500],
  ['−5.00', 'USD', -500],
  ['+5', 'USD', 500],
  ['-116,99 €', 'EUR', -11699],
  ['▲1,000', 'JPY', -1000],
  ['△500円', 'JPY', -500],
  ['（１２．５０）', 'USD', -1250],
  // Full-width digits and separators
  ['１，２８０円', 'JPY', 1280],
  ['￥３２．５', 'CNY', 3250],
  ['１２３４．５６', 'CNY', 123456],
  ['－５', 'CNY', -500],
];

const REFUSED: [text: string, currency: string, why: RegExp][] = [
  // What the letter-deleting reader turned into other amounts
  ['Rs. 1899', 'CNY', /INR.*but the amounts here are CNY/],
  ['kr. 199', 'INR', /SEK or NOK or DKK or ISK/],
  ['1e400', 'USD', /not a currency sign/],
  ['5 to 6', 'USD', /text around its digits|not a currency sign/],
  ['5-6', 'USD', /not a currency sign|text around/],
  ['12.34.56', 'USD', /do not group digits by three/],
  ['1.2.3.4', 'USD', /do not group digits by three/],
  ['free', 'USD', /no digits/],
  ['N/A', 'USD', /no digits/],
  ['about 5', 'USD', /not a currency sign/],
  ['5 pcs', 'USD', /not a currency sign/],
  ['0x1F', 'USD', /not a currency sign|text around/],
  ['1,5e3', 'EUR', /not a currency sign|text around/],
  ['Infinity', 'USD', /no digits/],
  ['NaN', 'USD', /no digits/],
  // The wrong currency
  ['$12.00', 'JPY', /but the amounts here are JPY/],
  ['€5', 'USD', /EUR.*USD/],
  ['£5', 'EUR', /GBP.*EUR/],
  ['USD 5', 'CNY', /USD.*CNY/],
  ['5円', 'CNY', /JPY.*CNY/],
  ['5元', 'JPY', /CNY.*JPY/],
  ['XYZ 5', 'USD', /not a currency sign/],
  // Ambiguous or impossible separators
  ['1.234', 'USD', /could be 1234 or 1\.234/],
  ['1,234', 'EUR', /could be 1234 or 1\.234/],
  ['12.500', 'USD', /could be 12500 or 12\.500/],
  ['12.345', 'USD', /could be/],
  ['12.3456', 'USD', /4 decimals, more than USD has \(2\)/],
  ['0.125', 'USD', /3 decimals/],
  ['1280.5', 'JPY', /1 decimals, more than JPY has \(0\)/],
  ['1.234.56', 'USD', /do not group|wrong places/],
  ['1,234.567.8', 'USD', /wrong places|do not group|mixes/],
  ["1'234,567.8", 'USD', /mixes|wrong places/],
  ['12,34,5', 'USD', /do not group/],
  ['01,234', 'USD', /do not group/],
  ['5 6', 'USD', /do not group/],
  ['1,2345.00', 'USD', /do not group/],
  // Signs that do not add up
  ['(12.50', 'USD', /unmatched parenthesis/],
  ['12.50)', 'USD', /unmatched parenthesis/],
  ['-(5)', 'USD', /text around|sign|parenthes/],
  ['--5', 'USD', /text around|sign/],
  ['-$-5', 'USD', /more than one sign/],
  ['(-5)', 'USD', /more than one sign/],
  ['5-', 'USD', /not a currency sign/],
  ['$ 5 $ 6', 'USD', /text around|not a currency sign/],
  ['5.', 'USD', /not a currency sign/],
  ['.5', 'USD', /not a currency sign/],
  // Too large to hold exactly
  ['99999999999999999', 'USD', /too large/],
];

describe('money cells, read exactly', () => {
  it.each(READ)('%j in %s is %d minor units', (text, currency, minor) => expect(readMoney(text, currency)).toBe(minor));

  it.each(REFUSED)('%j in %s is refused', (text, currency, why) => {
    const got = readMoney(text, currency);
    expect(typeof got).toBe('string');
    expect(got).toMatch(why);
  });

  it('a blank cell is no amount, not zero', () => {
    expect(readMoney('', 'USD')).toBeNull();
    expect(readMoney('   ', 'USD')).toBeNull();
  });

  it('holds at least 60 forms', () => expect(READ.length + REFUSED.length).toBeGreaterThanOrEqual(60));
});
