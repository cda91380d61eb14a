/**
 * schedule.ics: the planned follow-ups as calendar events (RFC 5545), so the
 * owner sees them in any calendar app. Text is escaped and lines folded at 75
 * octets without cutting a UTF-8 character.
 */
export interface CalendarEvent {
  uid: string;
  start: number;
  minutes: number;
  summary: string;
  description: string;
}

const stamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace('.000', '');
const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

function fold(line: string): string {
  // Most lines are short ASCII: nothing to fold.
  if (line.length <= 75 && !/[^\x00-\x7f]/.test(line)) return line;
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
      limit = 74; // continuation lines start with a space
    }
    cur += ch;
    bytes += size;
  }
  out.push(cur);
  return out.join('\r\n ');
}

export function buildCalendar(name: string, events: Iterable<CalendarEvent>, now: number): string {
  return [...calendarPieces(name, events, now)].join('');
}

/** The same text as buildCalendar, an event at a time: a schedule can hold tens of thousands. */
export function* calendarPieces(name: string, events: Iterable<CalendarEvent>, now: number): Generator<string> {
  const lines = (ls: string[]) => ls.map((l) => `${fold(l)}\r\n`).join('');
  yield lines(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//oos//follow-ups//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`]);
  const dtstamp = `DTSTAMP:${stamp(now)}`;
  for (const e of events) {
    yield lines([
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      dtstamp,
      `DTSTART:${stamp(e.start)}`,
      `DURATION:PT${e.minutes}M`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      'END:VEVENT',
    ]);
  }
  yield lines(['END:VCALENDAR']);
}
