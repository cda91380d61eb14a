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

export function buildCalendar(name: string, events: CalendarEvent[], now: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//oos//follow-ups//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART:${stamp(e.start)}`,
      `DURATION:PT${e.minutes}M`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
