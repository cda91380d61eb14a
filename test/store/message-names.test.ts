/**
 * The names of a day's message files, as the outbox index compares them with the files in the day's
 * folder: a name read wrong would make a recorded message look like an interrupted run's leftover,
 * and it would be moved out of the folder people send from.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { messageNamesOfDay } from '../../src/store/resolutions.js';

describe('messageNamesOfDay', () => {
  it('is the part of each path after its last separator, POSIX or Windows, for that day only', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE messages (id INTEGER PRIMARY KEY, path TEXT NOT NULL, day TEXT NOT NULL)');
    const add = db.prepare('INSERT INTO messages (path, day) VALUES (?, ?)');
    add.run('/home/shop/outbox/2026-11-22/1001-ab12cd34.0900.notice-oversold.email.en.eml', '2026-11-22');
    add.run('C:\\Users\\shop\\outbox\\2026-11-22\\1002-ab12cd34.0905.confirm-wait.sms.zh.txt', '2026-11-22');
    // A folder named like the file's own start, and a path with no folder at all.
    add.run('/srv/1003/1003-ab12cd34.0910.followup-shipped.chat.ja.txt', '2026-11-22');
    add.run('1004-ab12cd34.0915.followup-reminder.chat.en.txt', '2026-11-22');
    add.run('/home/shop/outbox/2026-11-23/1005-ab12cd34.0900.notice-late.email.en.eml', '2026-11-23');
    expect([...messageNamesOfDay(db, '2026-11-22')].sort()).toEqual([
      '1001-ab12cd34.0900.notice-oversold.email.en.eml',
      '1002-ab12cd34.0905.confirm-wait.sms.zh.txt',
      '1003-ab12cd34.0910.followup-shipped.chat.ja.txt',
      '1004-ab12cd34.0915.followup-reminder.chat.en.txt',
    ]);
  });
});
