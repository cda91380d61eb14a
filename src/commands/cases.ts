/** `oos cases`: the open (or all) cases, most urgent first. */
import { createContext, type GlobalOptions } from '../context.js';
import { listCases } from '../store/cases.js';
import { openDb } from '../store/db.js';
import { caseTableLines, summariseKinds } from '../ui/case-table.js';
import { palette } from '../ui/color.js';
import { stdoutOf, writeJson, writePieces } from '../ui/output.js';

export async function runCases(opts: GlobalOptions & { all?: boolean }): Promise<void> {
  const ctx = createContext(opts);
  const db = openDb(ctx.dbPath, { create: false });
  let cases;
  try {
    cases = listCases(db, { all: opts.all === true, now: ctx.now });
  } finally {
    db.close();
  }
  if (ctx.json) {
    await writeJson({ cases }, stdoutOf(ctx));
    return;
  }
  const c = palette(ctx.color);
  if (!cases.length) {
    ctx.stdout(`${opts.all ? 'No cases yet.' : 'No open cases.'}\n`);
    return;
  }
  const open = cases.filter((k) => k.state === 'detected' || k.state === 'offered' || k.state === 'remedy_chosen');
  ctx.stdout(`${c.bold(summariseKinds(open))}${opts.all ? c.dim(` (${cases.length - open.length} finished or closed)`) : ''}\n\n`);
  await writePieces(caseTableLines(cases, ctx), stdoutOf(ctx));
}
