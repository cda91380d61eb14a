/** `oos cases`: the open (or all) cases, most urgent first. */
import { createContext, type GlobalOptions } from '../context.js';
import { listCases } from '../store/cases.js';
import { openDb } from '../store/db.js';
import { caseTableLines, summariseKinds } from '../ui/case-table.js';
import { palette } from '../ui/color.js';
import { jsonArray, stdoutOf, writeJson, writePieces } from '../ui/output.js';

export async function runCases(opts: GlobalOptions & { all?: boolean }): Promise<void> {
  const ctx = createContext(opts);
  const db = openDb(ctx.dbPath, { create: false });
  try {
    // Each case is read as it is written: the database stays open until the list is out.
    const cases = listCases(db, { all: opts.all === true, now: ctx.now, shopCurrency: ctx.config.shop.currency, config: ctx.config });
    if (ctx.json) {
      await writeJson({ cases: jsonArray(cases) }, stdoutOf(ctx));
      return;
    }
    const c = palette(ctx.color);
    if (!cases.length) {
      ctx.stdout(`${opts.all ? 'No cases yet.' : 'No open cases.'}\n`);
      return;
    }
    ctx.stdout(`${c.bold(summariseKinds(cases.open))}${opts.all ? c.dim(` (${cases.length - cases.open.total} finished or closed)`) : ''}\n\n`);
    await writePieces(caseTableLines(cases, ctx), stdoutOf(ctx));
  } finally {
    db.close();
  }
}
