/**
 * The walk-through in a real pseudo-terminal (tmux): keys typed at the real
 * @inquirer prompts, the screen read back, Ctrl+C at a prompt.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, query } from '../helpers/run.js';
import { exampleShop, scanShop } from '../helpers/shop.js';
import { lastPrompt, requireTmux, sleep, Tmux } from '../helpers/tmux.js';

describe('oos resolve in a real terminal (tmux; .ci/run installs it)', () => {
  beforeAll(requireTmux);

  it('[F3 G3 I1] walks through a notice and a remedy, lets cron run meanwhile, and Ctrl+C exits 130 leaving the open case untouched', async () => {
    const shop = exampleShop();
    expect(scanShop(shop, '2026-11-22T09:00').code).toBe(0);
    const exitFile = join(shop.dir, 'exit-code');
    const tmux = new Tmux();
    const cmd = `env -u NO_COLOR OOS_ACTOR=tester ${process.execPath} ${BIN} resolve --db ${shop.db} --config ${shop.config} --now 2026-11-22T09:30; echo $? > ${exitFile}; sleep 30`;
    tmux.start(cmd, shop.dir);
    try {
      // Case 1: send the choices with every default.
      await tmux.waitFor(/\? What now\?/);
      const first = /Order (#\d+)/.exec(tmux.screen())![1]!;
      tmux.keys('Enter');
      await tmux.waitFor(/\? Channel\?/);
      tmux.keys('Enter');
      await tmux.waitFor(/\? Language\?/);
      tmux.keys('Enter');
      const preview = await tmux.waitFor(/\? Send it\?/);
      expect(preview).toContain(first);
      tmux.keys('Enter');
      await tmux.waitFor(/waiting for the customer/);
      tmux.keys('Enter'); // next case

      // Case 2: record the recommended remedy, accepting each default.
      await tmux.waitFor(/── 2\/\d+ {2}Order #\d+[\s\S]*\? What now\?/);
      const screen2 = tmux.screen();
      const second = [...screen2.matchAll(/Order (#\d+)/g)].at(-1)![1]!;
      expect(second).not.toBe(first);
      tmux.keys('Down', 'Enter');
      await tmux.waitFor(/\? Which remedy\?/);
      tmux.keys('Enter');
      for (let i = 0; i < 5 && !/\? Channel\?/.test(lastPrompt(tmux.screen())); i++) {
        await sleep(300);
        if (/\? Channel\?/.test(lastPrompt(tmux.screen()))) break;
        tmux.keys('Enter');
      }
      await tmux.waitFor(/\? Channel\?/);
      tmux.keys('Enter');
      await tmux.waitFor(/\? Language\?/);
      tmux.keys('Enter');
      await tmux.waitFor(/\? Send it\?/);
      tmux.keys('Enter');

      // Case 3 waits at a prompt: cron runs meanwhile, and nothing holds a snapshot open.
      await tmux.waitFor(/── 3\/\d+ {2}Order #\d+[\s\S]*\? What now\?/);
      const t0 = Date.now();
      const cron = spawnSync(process.execPath, [BIN, 'followup', '--db', shop.db, '--config', shop.config, '--now', '2026-11-22T10:00'], { encoding: 'utf8' });
      expect(cron.status).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
      // The morning scan from cron as well: it takes the write lock the prompt does not hold.
      const t1 = Date.now();
      expect(scanShop(shop, '2026-11-22T10:00').code).toBe(0);
      expect(Date.now() - t1).toBeLessThan(5000);
      const db = new Database(shop.db);
      const [cp] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      db.close();
      expect(cp!.log).toBe(cp!.checkpointed);

      const before = query(shop.db, 'SELECT * FROM cases ORDER BY id');
      tmux.keys('Down', 'Enter'); // start a remedy on case 3 …
      await tmux.waitFor(/\? Which remedy\?/);
      tmux.keys('C-c'); // … and give up halfway
      for (let i = 0; i < 100 && !existsSync(exitFile); i++) await sleep(100);
      expect(readFileSync(exitFile, 'utf8').trim()).toBe('130');
      const screen = tmux.screen();
      expect(screen).toMatch(/aborted/);
      expect(screen).not.toMatch(/ExitPromptError|\n\s+at /);
      // The prompt hid the cursor; Ctrl+C must give it back.
      expect(tmux.display('#{cursor_flag}')).toBe('1');
      expect(query(shop.db, 'SELECT * FROM cases ORDER BY id')).toEqual(before);
      expect(query(shop.db, 'SELECT state FROM cases WHERE order_id = ?', first)).toEqual([{ state: 'offered' }]);
      expect(query(shop.db, 'SELECT state FROM cases WHERE order_id = ?', second)).toEqual([{ state: 'remedy_chosen' }]);
      expect(query<{ n: number }>(shop.db, 'SELECT count(*) AS n FROM messages')[0]!.n).toBe(2);
    } finally {
      tmux.kill();
    }
  }, 120_000);
});
