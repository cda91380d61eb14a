/**
 * Two operators at the same case in the same second: each prepares a step on the case as it reads
 * it, and the second to commit must find the case changed, whatever the clock says. Times are stored
 * to the second, so a script with a fixed --now (or two people quick on the keys) used to pass the check.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.js';
import { CaseChangedError } from '../../src/errors.js';
import { TemplateSet } from '../../src/outbox/templates.js';
import { openDb } from '../../src/store/db.js';
import { commitStep, prepareStep } from '../../src/usecases/resolve-step.js';
import { EXAMPLES, oos, query, tempDir } from '../helpers/run.js';

describe('two steps prepared on the same case in the same second', () => {
  it('the second to commit is refused (CaseChangedError): one remedy, one confirmation', () => {
    const dir = tempDir('oos-race-');
    const db = join(dir, 'oos.db');
    const config = join(EXAMPLES, 'oos.config.json');
    const now = '2026-11-22T10:00';
    const args = ['--db', db, '--config', config, '--now', now];
    expect(oos(['scan', join(EXAMPLES, 'orders.csv'), '--inventory', join(EXAMPLES, 'inventory.csv'), '--tracking', join(EXAMPLES, 'tracking.csv'), ...args], { cwd: dir }).code).toBe(0);
    const order = (JSON.parse(oos(['cases', '--json', ...args], { cwd: dir }).stdout) as { cases: { order_id: string; kind: string }[] }).cases.find((c) => c.kind === 'oversold')!.order_id;
    // The offer first, at the same second as the two decisions that follow it.
    expect(oos(['resolve', '--order', order, '--offer', '--channel', 'chat', ...args], { cwd: dir, env: { OOS_ACTOR: 'a' } }).code).toBe(0);

    const ctx = { ...createContext({ db, config, now }), baseDir: dir };
    const templates = new TemplateSet(null);
    const conn = openDb(db, { create: false });
    try {
      const first = prepareStep(conn, ctx, templates, { orderId: order, type: 'remedy', remedy: 'refund', channel: 'chat' });
      const second = prepareStep(conn, ctx, templates, { orderId: order, type: 'remedy', remedy: 'wait', choices: { date: Date.parse('2026-11-28T00:00:00+08:00') }, channel: 'chat' });
      commitStep(conn, ctx, first);
      expect(() => commitStep(conn, ctx, second)).toThrow(CaseChangedError);
    } finally {
      conn.close();
    }
    expect(query(db, `SELECT remedy FROM cases WHERE order_id = ?`, order)).toEqual([{ remedy: 'refund' }]);
    expect(query<{ intent: string }>(db, `SELECT intent FROM messages WHERE order_id = ? AND intent LIKE 'confirm-%'`, order).map((m) => m.intent)).toEqual(['confirm-refund']);
  });
});
