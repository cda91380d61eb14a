/** `oos cases`: the open (or all) cases, most urgent first. */
import { createContext, type GlobalOptions } from '../context.js';
import { listCases } from '../store/cases.js';
import { openDb } from '../store/db.js';
import { renderCaseTable, summariseKinds } from '../ui/case-table.js';
import { palette } from '../ui/color.js';
import { writeJson } from '../ui/json-out.js';

export async function runCases(opts: GlobalOptions & { all?: boolean }): Promise<void> {
  const ctx = createContext(opts);
  const db = openDb(ctx.dbPath, { create: false });
  let cases;
  try {
    cases = listCases(db, { all: opts.all === true });
  } finally {
    db.close();
  }
  if (ctx.json) {
    await writeJson({ cases }, { write: ctx.stdout, drained: ctx.stdoutDrained });
    return;
  }
  const c = palette(ctx.color);
  if (!cases.length) {
    ctx.stdout(`${opts.all ? 'No cases yet.' : 'No open cases.'}\n`);
    return;
  }
  const open = cases.filter((k) => k.state === 'detected' || k.state === 'offered' || k.state === 'remedy_chosen');
  ctx.stdout(`${c.bold(summariseKinds(open))}${opts.all ? c.dim(` (${cases.length - open.length} finished or closed)`) : ''}\n\n${renderCaseTable(cases, ctx)}`);
}
