// Preloaded with --import: records every module the process loads into $OOS_TRACE_FILE, ES
// modules (a resolve hook) and CommonJS ones (Module._load, which `require` and createRequire
// go through), so a test can prove that `oos --help` never loads better-sqlite3 or the prompt
// library, however either would be reached.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.OOS_TRACE_FILE;
const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(file)}, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exports = load.call(this, request, parent, isMain);
  let path = request;
  try {
    path = Module._resolveFilename(request, parent, isMain);
  } catch {
    // a built-in or an unresolvable name: the request as written is what we record
  }
  appendFileSync(file, `cjs:${path}\n`);
  return exports;
};
