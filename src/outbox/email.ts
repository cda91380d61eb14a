/**
 * Plain-text emails as .eml files a mail client opens as a draft. Headers are
 * built here from customer data, so every header value is folded to one line
 * (no CR/LF: a name like "X\r\nBcc: …" cannot add a header) and non-ASCII text
 * is RFC 2047 encoded; the body is UTF-8 in base64.
 */
import { createHash } from 'node:crypto';

export interface EmailDraft {
  fromName: string;
  fromAddress: string | null;
  toName: string | null;
  toAddress: string | null;
  subject: string;
  body: string;
  date: number;
  /** Stable id source: the same message gets the same Message-ID. */
  key: string;
}

const oneLine = (s: string) => s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '').trim();
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);
const EMAIL_RE = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** RFC 2047 encoded-words, split so no encoded word exceeds 75 characters and no UTF-8 sequence is cut. */
export function encodeWord(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function mailbox(name: string | null, address: string): string {
  const n = name ? oneLine(name) : '';
  if (!n) return `<${address}>`;
  const display = isAscii(n) ? `"${n.replace(/["\\]/g, '')}"` : encodeWord(n);
  return `${display} <${address}>`;
}

export function buildEml(d: EmailDraft): string {
  const headers: string[] = [];
  // Only ever the shop's own address (deliver.ts writes no .eml without one): a reply must reach the shop.
  const from = d.fromAddress && EMAIL_RE.test(d.fromAddress) ? d.fromAddress : 'shop@example.invalid';
  headers.push(`From: ${mailbox(d.fromName, from)}`);
  headers.push(`Reply-To: ${mailbox(d.fromName, from)}`);
  const to = d.toAddress ? oneLine(d.toAddress) : '';
  if (to && EMAIL_RE.test(to)) headers.push(`To: ${mailbox(d.toName, to)}`);
  headers.push(`Subject: ${encodeWord(oneLine(d.subject))}`);
  headers.push(`Date: ${new Date(d.date).toUTCString().replace('GMT', '+0000')}`);
  headers.push(`Message-ID: <${createHash('sha256').update(d.key).digest('hex').slice(0, 24)}@oos.invalid>`);
  headers.push('MIME-Version: 1.0');
  headers.push('Content-Type: text/plain; charset=UTF-8');
  headers.push('Content-Transfer-Encoding: base64');
  // Outlook and Thunderbird open an .eml with X-Unsent as a draft ready to send.
  headers.push('X-Unsent: 1');
  const body = Buffer.from(d.body.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n`;
}
