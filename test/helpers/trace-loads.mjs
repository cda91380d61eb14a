// Preloaded with --import: records every module URL the process resolves into $OOS_TRACE_FILE,
// so a test can prove that `oos --help` never loads better-sqlite3 or the prompt library.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.OOS_TRACE_FILE)}, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
