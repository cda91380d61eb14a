/**
 * The house rules of src/ (docs/architecture.md), checked on the real import graph:
 * every static import, `import type` and dynamic `import()` between our own modules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm;

/** module (path under src/) → the modules it imports. */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const from = relative(SRC, file);
    const text = readFileSync(file, 'utf8');
    const to = [...text.matchAll(SPECIFIER)].map((m) => relative(SRC, resolve(dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
    graph.set(from, [...new Set(to)]);
  }
  return graph;
}

/** Every cycle's members (Tarjan's strongly connected components of more than one module, or a self-import). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const folder = (m: string) => (m.includes('/') ? m.slice(0, m.indexOf('/')) : m);

/** The arrows from modules in `from` to modules in any of `to`. */
function arrows(graph: Map<string, string[]>, from: string, to: string[]): string[] {
  const found: string[] = [];
  for (const [m, deps] of graph) if (folder(m) === from) for (const d of deps) if (to.includes(folder(d))) found.push(`${m} -> ${d}`);
  return found;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('is read from every module (the walk itself works)', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get('commands/scan.ts')).toContain('store/db.ts');
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker can fail)', () => {
    const g = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('store/ never reaches into import/, outbox/, usecases/, commands/ or ui/', () => {
    expect(arrows(graph, 'store', ['import', 'outbox', 'usecases', 'commands', 'ui'])).toEqual([]);
  });

  it('domain/ is pure: it imports only domain/ and the error types', () => {
    const out: string[] = [];
    for (const [m, deps] of graph) if (folder(m) === 'domain') for (const d of deps) if (folder(d) !== 'domain' && d !== 'errors.ts') out.push(`${m} -> ${d}`);
    expect(out).toEqual([]);
  });

  it('rows/ (the shapes handed from import/ to store/) imports nothing but itself and domain/', () => {
    const out: string[] = [];
    for (const [m, deps] of graph) if (folder(m) === 'rows') for (const d of deps) if (!['rows', 'domain'].includes(folder(d))) out.push(`${m} -> ${d}`);
    expect(out).toEqual([]);
  });

  it('import/ and outbox/ do not know each other, and neither knows a command', () => {
    expect(arrows(graph, 'import', ['outbox', 'commands', 'usecases'])).toEqual([]);
    expect(arrows(graph, 'outbox', ['import', 'commands', 'usecases'])).toEqual([]);
  });

  it('the store owns every SQL statement: no prepare, exec, pragma or savepoint in a command or a use case', () => {
    const out: string[] = [];
    for (const dir of ['commands', 'usecases'])
      for (const file of sources(join(SRC, dir)))
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/\.prepare\(|\.exec\(|\.pragma\(|SAVEPOINT/.test(line)) out.push(`${relative(SRC, file)}:${i + 1}`);
          });
    expect(out).toEqual([]);
  });

  it('a command is imported by nothing but program.ts', () => {
    const out: string[] = [];
    for (const [m, deps] of graph) for (const d of deps) if (folder(d) === 'commands' && m !== 'program.ts') out.push(`${m} -> ${d}`);
    expect(out).toEqual([]);
  });
});
