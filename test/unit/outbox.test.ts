import { lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { buildCalendar, calendarPieces } from '../../src/outbox/calendar.js';
import { buildEml } from '../../src/outbox/email.js';
import { ensureDir, safeName, writeFileAtomic } from '../../src/outbox/atomic-files.js';
import { csvPieces, neutralise, toCsv } from '../../src/outbox/write-csv.js';
import { tempDir } from '../helpers/run.js';

describe('file names from order ids stay inside the outbox and stay distinct', () => {
  const ids = ['../../x', '..', '.', '', 'CON', 'con.txt', 'NUL', 'COM1', '#1001?', '#1001', 'A1001', 'a1001', 'x/y\\z', 'a\u202Eb\r\nc', '注文'.repeat(100), 'x'.repeat(300)];
  it('[H2 H3 H4 H5] each name is non-empty, safe, at most 255 bytes, and unique even ignoring case', () => {
    const names = ids.map(safeName);
    for (const n of names) {
      expect(n).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(n).not.toMatch(/^\./);
      expect(Buffer.byteLength(`${n}.0900.notice-oversold.email.ja.eml`)).toBeLessThanOrEqual(255);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(ids.length);
    expect(safeName('#1001')).toBe(safeName('#1001'));
  });

  it('[H1 F9] writes inside the folder whatever the id, 0600 in a 0700 folder', () => {
    const root = tempDir();
    const outbox = join(root, 'outbox');
    ensureDir(outbox);
    expect(statSync(outbox).mode & 0o777).toBe(0o700);
    for (const id of ids) writeFileAtomic(outbox, `${safeName(id)}.txt`, 'hello');
    expect(readdirSync(root)).toEqual(['outbox']);
    for (const f of readdirSync(outbox)) expect(statSync(join(outbox, f)).mode & 0o777).toBe(0o600);
    expect(() => writeFileAtomic(outbox, '../escape.txt', 'x')).toThrow(/outside/);
  });

  it('[H6 H8] replaces a planted symlink instead of writing through it, and a 0644 file becomes 0600', () => {
    const dir = tempDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const outbox = join(dir, 'out');
    ensureDir(outbox);
    symlinkSync(victim, join(outbox, 'msg.txt'));
    writeFileSync(join(outbox, 'old.txt'), 'old', { mode: 0o644 });
    writeFileAtomic(outbox, 'msg.txt', 'new message');
    writeFileAtomic(outbox, 'old.txt', 'new');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(join(outbox, 'msg.txt')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(outbox, 'msg.txt'), 'utf8')).toBe('new message');
    expect(statSync(join(outbox, 'old.txt')).mode & 0o777).toBe(0o600);
    expect(readdirSync(outbox).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('[H9] an outbox that cannot be created is exit 73 naming the path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => ensureDir(join(dir, 'file', 'outbox'))).toThrow(expect.objectContaining({ exitCode: 73, message: expect.stringContaining(join(dir, 'file', 'outbox')) }));
  });
});

describe('.eml drafts parse with a standard mail parser', () => {
  it.each([
    ['zh', '【茶馆】订单#2001缺货致歉，请您选择处理方式', '亲，您好！\n这是正文。\n王芳'],
    ['ja', '【茶の葉】【お詫び・ご確認のお願い】ご注文（#2008）商品欠品と今後のご対応について', '佐藤 美咲様\n\nあいにく在庫切れとなっております。①髙'],
    ['en', '[Shop] Order #2015: an apology and a question', 'Hi Emily,\n\nSorry.'],
  ])('%s subject and body survive intact', async (_lang, subject, body) => {
    const eml = buildEml({ fromName: '茶馆 Tea & Co', fromAddress: 'help@tea.example', toName: '王芳', toAddress: 'wang@example.cn', subject, body, date: Date.UTC(2026, 10, 22, 1), key: 'k' });
    const mail = await simpleParser(eml);
    expect(mail.subject).toBe(subject);
    expect(mail.text?.replace(/\r\n/g, '\n').trim()).toBe(body.trim());
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : null).toBe('wang@example.cn');
    expect(mail.from?.value[0]?.name).toBe('茶馆 Tea & Co');
    expect(mail.headers.get('x-unsent')).toBe('1');
  });

  it('[D11] CR/LF in customer data cannot add a header', async () => {
    const eml = buildEml({ fromName: 'Shop', fromAddress: null, toName: 'X\r\nBcc: evil@example.com', toAddress: 'x@example.com\r\nBcc: evil@example.com', subject: 'Hi\r\nBcc: evil@example.com', body: 'b', date: 0, key: 'k' });
    const head = eml.split('\r\n\r\n')[0]!;
    expect(head).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(eml);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe('Hi Bcc: evil@example.com');
  });
});

describe('schedule.ics parses with a standard calendar parser', () => {
  it('keeps every event, its time and its text (commas, semicolons, CJK, long lines)', () => {
    const start = Date.UTC(2026, 10, 23, 1, 0);
    const summary = 'oos follow-up: reminder for order #2008; 佐藤様, '.repeat(4);
    const ics = buildCalendar('Jade Leaf follow-ups', [{ uid: 'followup-1@oos', start, minutes: 15, summary, description: 'line1\nline2, with; marks' }], start);
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toBe(summary);
    expect(events[0]!.description).toBe('line1\nline2, with; marks');
    expect(events[0]!.startDate.toJSDate().getTime()).toBe(start);
    expect(events[0]!.uid).toBe('followup-1@oos');
  });
});

describe('[E1 E2 E3 E4] CSV for spreadsheets: formulas neutralised, phones kept', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+SUM(A1)', `'+SUM(A1)`],
    ['-5', `'-5`],
    ['@cmd', `'@cmd`],
    ['\t=1+1', `'\t=1+1`],
    [' =1+1', `' =1+1`],
    ['＝1+1', `'＝1+1`],
    ['+8613800000001', '+8613800000001'],
    ['+1 (613) 555-0127', '+1 (613) 555-0127'],
    ['王芳', '王芳'],
  ])('%j → %j', (cell, expected) => expect(neutralise(cell)).toBe(expected));

  it('[E5 E6] round-trips commas, quotes and newlines; BOM and CRLF for Excel; numbers stay numbers', () => {
    const csv = toCsv(['a', 'b', 'n'], [['x, "y"\nz', '=1', -5]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[1]).toEqual(['x, "y"\nz', "'=1", '-5']);
  });

  it('an index written a few hundred rows at a time is the very text of one CSV of all of them', () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => [`#${i}`, i % 7 ? `王芳 ${i}` : `=cmd ${i}\nline, "two"`, i % 5 ? i : null]);
    const pieces = [...csvPieces(['order', 'text', 'n'], rows)];
    expect(pieces.length).toBeGreaterThan(2);
    const whole = stringify([['order', 'text', 'n'], ...rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? c : neutralise(c))))], {
      bom: true,
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
    });
    expect(pieces.join('')).toBe(whole);
    expect(toCsv(['order', 'text', 'n'], rows)).toBe(whole);
  });
});

describe('outbox files written from pieces', () => {
  it('the pieces are written one after another; the calendar of many events reads back whole', () => {
    const dir = tempDir();
    const events = Array.from({ length: 300 }, (_, i) => ({ uid: `e${i}@oos`, start: Date.UTC(2026, 10, 22, 2, i), minutes: 15, summary: `跟进 ${i}`, description: `order #${i}, chat` }));
    writeFileAtomic(dir, 'schedule.ics', calendarPieces('Shop', events, Date.UTC(2026, 10, 22)));
    const text = readFileSync(join(dir, 'schedule.ics'), 'utf8');
    expect(text).toBe(buildCalendar('Shop', events, Date.UTC(2026, 10, 22)));
    const vevents = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(300);
    expect(vevents[299]!.getFirstPropertyValue('summary')).toBe('跟进 299');
  });

  it('a source that fails half-way leaves no file under the real name and no temp file', () => {
    const dir = tempDir();
    writeFileAtomic(dir, 'messages.csv', 'the previous index');
    function* failing() {
      yield 'a,b\r\n';
      throw new Error('the database went away');
    }
    expect(() => writeFileAtomic(dir, 'messages.csv', failing())).toThrow(/went away|cannot write/);
    expect(readdirSync(dir)).toEqual(['messages.csv']);
    expect(readFileSync(join(dir, 'messages.csv'), 'utf8')).toBe('the previous index');
  });
});

describe('message file names in a day folder', () => {
  it('every language oos writes is a message file, zh-Hant too; other files are not', async () => {
    const { isMessageFileName } = await import('../../src/outbox/index-files.js');
    for (const lang of ['zh', 'zh-Hant', 'ja', 'en'])
      for (const [channel, ext] of [['sms', 'txt'], ['chat', 'txt'], ['phone', 'txt'], ['email', 'eml']])
        expect(isMessageFileName(`2031-86a27e3a.0900.notice-oversold.${channel}.${lang}.${ext}`), `${channel} ${lang}`).toBe(true);
    for (const name of ['2031-86a27e3a.0900.notice-oversold.sms.zh-hant.txt', '2031-86a27e3a.0900.notice-oversold.sms.fr.txt', 'messages.csv', 'notes.txt', '2031-86a27e3a.0900.notice-oversold.sms.zh-Hant.txt.tmp'])
      expect(isMessageFileName(name), name).toBe(false);
  });
});
