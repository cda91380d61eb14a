/**
 * `oos templates --check`: every built-in SMS, rendered with the longest real values, fits 2 SMS;
 * a shop's own over-long template makes it fail with exit 65, naming the template.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, oos, tempDir } from '../helpers/run.js';

const NOW = '2026-11-22T09:00';

describe('oos templates --check', () => {
  // Late December too: a coupon or restock day in January is written then, and its year made
  // eight SMS three parts long (refused at the counter in the busiest weeks).
  it.each([NOW, '2026-12-28T09:00'])('passes for every built-in template and language at %s, each at most 2 SMS', (now) => {
    const r = oos(['templates', '--check', '--config', join(EXAMPLES, 'oos.config.json'), '--now', now]);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^(ok|OVER) /.test(l));
    expect(rows).toHaveLength(60); // 15 message templates × zh, zh-Hant, ja, en (the layouts have no SMS)
    for (const row of rows) {
      expect(row).toMatch(/^ok /);
      const segments = Number(/ (\d+) SMS /.exec(row)![1]);
      expect(segments, row).toBeLessThanOrEqual(2);
    }
  });

  it('fails with 65 and names a shop template that is too long', () => {
    const dir = tempDir();
    const templates = join(dir, 'my-templates');
    mkdirSync(join(templates, 'zh'), { recursive: true });
    // The built-in file with its SMS padded far past two parts.
    const builtin = readFileSync(join(EXAMPLES, '..', 'templates', 'zh', 'followup-satisfaction.mustache'), 'utf8');
    writeFileSync(join(templates, 'zh', 'followup-satisfaction.mustache'), builtin.replace(/^=== sms ===\n/m, `=== sms ===\n${'非常感谢您的耐心等待，'.repeat(20)}`));
    const config = JSON.parse(readFileSync(join(EXAMPLES, 'oos.config.json'), 'utf8'));
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ ...config, outbox: join(dir, 'outbox'), templates }));
    const r = oos(['templates', '--check', '--config', join(dir, 'oos.config.json'), '--now', NOW]);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/^OVER zh\/followup-satisfaction +\d+ SMS/m);
    expect(r.stderr).toMatch(/1 SMS template over the budget: zh\/followup-satisfaction \(\d+ SMS\)/);
    // The other 59 still pass.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok '))).toHaveLength(59);
  });

  it('a language folder spelt otherwise, or a templates folder that does not exist, is said, not silently ignored', () => {
    const dir = tempDir();
    const templates = join(dir, 'my-templates');
    mkdirSync(join(templates, 'ZH'), { recursive: true });
    writeFileSync(join(templates, 'ZH', 'notice-oversold.mustache'), readFileSync(join(EXAMPLES, '..', 'templates', 'zh', 'notice-oversold.mustache'), 'utf8'));
    const config = JSON.parse(readFileSync(join(EXAMPLES, 'oos.config.json'), 'utf8'));
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ ...config, outbox: join(dir, 'outbox'), templates }));
    const list = oos(['templates', '--config', join(dir, 'oos.config.json'), '--now', NOW]);
    expect(list.stdout).toContain(`${join(templates, 'ZH')} (language folders are zh, zh-Hant, ja, en)`);
    const check = oos(['templates', '--check', '--config', join(dir, 'oos.config.json'), '--now', NOW]);
    expect(check.stderr).toContain(`warning: not used, matches no template: ${join(templates, 'ZH')}`);
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ ...config, outbox: join(dir, 'outbox'), templates: join(dir, 'no-such-folder') }));
    expect(oos(['templates', '--check', '--config', join(dir, 'oos.config.json'), '--now', NOW]).stderr).toContain('the configured templates folder does not exist');
  });

  it('an SMS a shop template makes too long is never written: resolve exits 65, says why and what to do, and writes nothing', () => {
    const dir = tempDir();
    const templates = join(dir, 'my-templates');
    mkdirSync(join(templates, 'zh'), { recursive: true });
    const builtin = readFileSync(join(EXAMPLES, '..', 'templates', 'zh', 'notice-oversold.mustache'), 'utf8');
    writeFileSync(join(templates, 'zh', 'notice-oversold.mustache'), builtin.replace(/^=== sms ===\n/m, `=== sms ===\n${'非常抱歉让您久等了，'.repeat(12)}`));
    const config = JSON.parse(readFileSync(join(EXAMPLES, 'oos.config.json'), 'utf8'));
    writeFileSync(join(dir, 'oos.config.json'), JSON.stringify({ ...config, outbox: join(dir, 'outbox'), templates }));
    const run = (args: string[]) => oos([...args, '--db', join(dir, 'oos.db'), '--config', join(dir, 'oos.config.json'), '--now', NOW]);
    expect(run(['scan', join(EXAMPLES, 'orders.csv'), '--inventory', join(EXAMPLES, 'inventory.csv')]).code).toBe(0);
    const r = run(['resolve', '--order', '#2012', '--offer', '--channel', 'sms']);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/the notice-oversold message for #2012 was not written: the SMS would be \d parts \(\d+ UCS-2 characters\), more than 2/);
    expect(r.stderr).toContain('send it by another channel (--channel chat or email)');
    expect(existsSync(join(dir, 'outbox'))).toBe(false);
    // Another channel goes through.
    expect(run(['resolve', '--order', '#2012', '--offer', '--channel', 'chat']).code).toBe(0);
  });
});
