/**
 * test/reliability/CASES.md groups F, G and I where a real terminal matters (tmux): a
 * colleague's step landing while the walk-through waits at "Send it?", --json
 * on a terminal, and when colour is and is not written.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, exampleArgs, oos, query, tempDir } from '../helpers/run.js';
import { exampleShop, scanShop } from '../helpers/shop.js';
import { requireTmux, sleep, Tmux } from '../helpers/tmux.js';

const NOW = '2026-11-22T09:00';

beforeAll(requireTmux);

/** Runs a command in a fresh terminal and returns its screen (with colour escapes) once it has exited. */
async function inTerminal(command: string, cwd: string, env: Record<string, string> = {}): Promise<{ screen: string; code: number }> {
  const tmux = new Tmux();
  const exitFile = join(cwd, `exit-${tmux.session}`);
  tmux.start(`${command}; echo $? > ${exitFile}; sleep 30`, cwd, env);
  try {
    for (let i = 0; i < 150 && !existsSync(exitFile); i++) await sleep(100);
    await sleep(100);
    return { screen: tmux.screen(true), code: Number(readFileSync(exitFile, 'utf8').trim()) };
  } finally {
    tmux.kill();
  }
}

const oosCmd = (args: string) => `${process.execPath} ${BIN} ${args}`;

describe('[F5] a step recorded by someone else while the walk-through waits at "Send it?"', () => {
  it('is found before anything is written: the operator is told, sees the case as it is now, and the outbox holds only the other step', async () => {
    const shop = exampleShop();
    expect(scanShop(shop, NOW).code).toBe(0);
    const tmux = new Tmux();
    tmux.start(`env -u NO_COLOR OOS_ACTOR=tester ${oosCmd(`resolve --db ${shop.db} --config ${shop.config} --now 2026-11-22T09:30`)}; sleep 30`, shop.dir);
    try {
      await tmux.waitFor(/\? What now\?/);
      const order = /Order (#\d+)/.exec(tmux.screen())![1]!;
      tmux.keys('Enter');
      await tmux.waitFor(/\? Channel\?/);
      tmux.keys('Enter');
      await tmux.waitFor(/\? Language\?/);
      tmux.keys('Enter');
      await tmux.waitFor(/\? Send it\?/);

      // A colleague (or a script) offers the same case meanwhile.
      const other = shop.run(['resolve', '--order', order, '--offer', '--channel', 'sms'], '2026-11-22T09:31');
      expect(other.code, other.stderr).toBe(0);

      tmux.keys('Enter');
      const screen = await tmux.waitFor(/was changed by another oos run[\s\S]*Here it is as it is now[\s\S]*\? What now\?/);
      expect(screen).not.toMatch(/\n\s+at /);
      const messages = query<{ path: string; channel: string }>(shop.db, 'SELECT path, channel FROM messages');
      expect(messages).toEqual([expect.objectContaining({ channel: 'sms' })]);
      const files: string[] = [];
      const walk = (d: string) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f))));
      walk(shop.outbox);
      expect(files.filter((f) => /\.(txt|eml)$/.test(f))).toEqual([messages[0]!.path]);
    } finally {
      tmux.kill();
    }
  }, 60_000);
});

describe('[G7] --json on a terminal', () => {
  it('prints one JSON document, no colour and no prompt; resolve --json without an order is 64', async () => {
    const dir = tempDir();
    expect(oos([...exampleArgs(NOW), '--db', join(dir, 'oos.db')]).code).toBe(0);
    const cases = await inTerminal(oosCmd(`cases --json --db ${join(dir, 'oos.db')} --now ${NOW}`), dir, { FORCE_COLOR: '1' });
    expect(cases.code).toBe(0);
    expect(cases.screen).not.toContain('\x1b');
    const text = cases.screen.slice(cases.screen.indexOf('{'), cases.screen.lastIndexOf('}') + 1);
    expect((JSON.parse(text) as { cases: unknown[] }).cases.length).toBeGreaterThan(0);
    const resolve = await inTerminal(oosCmd(`resolve --json --db ${join(dir, 'oos.db')} --now ${NOW}`), dir);
    expect(resolve.code).toBe(64);
    expect(resolve.screen).not.toMatch(/\? What now/);
  }, 60_000);
});

describe('[I3] colour', () => {
  const dir = tempDir();
  const db = join(dir, 'oos.db');
  beforeAll(() => expect(oos([...exampleArgs(NOW), '--db', db]).code).toBe(0));
  const cases = (extra = '') => oosCmd(`cases --db ${db} --now ${NOW}${extra}`);
  const hasColour = (s: string) => /\x1b\[[0-9;]*m/.test(s);

  it.each([
    ['a terminal', '', {}, true],
    ['NO_COLOR=1 on a terminal (chalk alone would colour)', '', { NO_COLOR: '1' }, false],
    ['NO_COLOR set but empty (no-color.org: ignored)', '', { NO_COLOR: '' }, true],
    ['--no-color', ' --no-color', {}, false],
    ['TERM=dumb', '', { TERM: 'dumb' }, false],
    ['--json', ' --json', {}, false],
  ] as const)('%s', async (_name, extra, env, colour) => {
    // tmux sets TERM in the pane itself, so the variables are set on the command.
    const vars = 'NO_COLOR' in env ? `NO_COLOR=${env.NO_COLOR}` : 'TERM' in env ? `-u NO_COLOR TERM=${env.TERM}` : '-u NO_COLOR';
    const r = await inTerminal(`env ${vars} ${cases(extra)}`, dir);
    expect(r.code).toBe(0);
    expect(hasColour(r.screen)).toBe(colour);
  }, 30_000);

  it('through a pipe: plain, unless FORCE_COLOR=1 asks for it', () => {
    expect(hasColour(oos(['cases', '--db', db, '--now', NOW], { env: { NO_COLOR: undefined } }).stdout)).toBe(false);
    expect(hasColour(oos(['cases', '--db', db, '--now', NOW], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout)).toBe(true);
  });
});
