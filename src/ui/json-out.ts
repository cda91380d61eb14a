/**
 * `--json` output written in pieces. A scan of a large shop lists a hundred thousand cases:
 * as one JSON.stringify string that is tens of MiB at the very end of the run, the largest
 * allocation of the whole scan (issue 6: peak memory). The text is exactly what
 * `JSON.stringify(value, null, 2) + "\n"` gives; arrays and objects are opened two levels
 * deep and everything below is stringified whole.
 */

const CHUNK = 64 << 10;
const DEPTH = 2;

export function writeJson(value: unknown, write: (text: string) => void): void {
  let pending = '';
  const out = (s: string) => {
    pending += s;
    if (pending.length >= CHUNK) {
      write(pending);
      pending = '';
    }
  };
  emit(value, '', DEPTH, out);
  write(`${pending}\n`);
}

function emit(value: unknown, indent: string, depth: number, out: (s: string) => void): void {
  const inner = `${indent}  `;
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    out('[');
    value.forEach((item, i) => {
      out(`${i ? ',' : ''}\n${inner}`);
      // JSON.stringify writes null for what it cannot represent inside an array.
      if (representable(item)) emit(item, inner, depth - 1, out);
      else out('null');
    });
    out(`\n${indent}]`);
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => representable(v));
    if (entries.length > 0) {
      out('{');
      entries.forEach(([key, v], i) => {
        out(`${i ? ',' : ''}\n${inner}${JSON.stringify(key)}: `);
        emit(v, inner, depth - 1, out);
      });
      out(`\n${indent}}`);
      return;
    }
  }
  out(JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`));
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const representable = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';

/** Objects without a toJSON of their own (a Date has one), whose entries are their JSON. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}
