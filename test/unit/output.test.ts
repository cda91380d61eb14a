import { describe, expect, it } from 'vitest';
import { chunked, jsonArray, jsonChunks, writeJson, writePieces } from '../../src/ui/output.js';

const written = (value: unknown) => [...jsonChunks(value)];

describe('writeJson', () => {
  const samples: unknown[] = [
    { now: '2026-11-22T02:00:00.000Z', cases: [{ order_id: '#1', lines: [{ sku: 'A', qty: 2 }], note: null }, { order_id: '#2', lines: [] }], empty: {}, none: [] },
    { a: undefined, b: () => 1, c: [undefined, () => 1, 1], d: new Date(0), e: { f: { g: [1, { h: 'i' }] } }, 'quote"key': '中文\n"x"' },
    [],
    {},
    'text',
    42,
    null,
    [[1, [2, [3]]], { x: [] }],
  ];
  it.each(samples.map((s) => [JSON.stringify(s) ?? String(s), s]))('writes exactly what JSON.stringify(value, null, 2) does: %s', (_name, value) => {
    expect(written(value).join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('writes a list read one item at a time (jsonArray) as the array it holds, at any depth, one compact item a line', () => {
    const items = [{ order_id: '#1', reasons: ['a', 'b'] }, { order_id: '#2', reasons: [] }, undefined];
    let made = 0;
    const lazy = () =>
      jsonArray(
        (function* () {
          for (const item of items) {
            made++;
            yield item;
          }
        })(),
      );
    for (const [value, plain] of [
      [{ cases: lazy(), after: 1 }, { cases: items, after: 1 }],
      [{ cases: jsonArray([]) }, { cases: [] }],
      [{ a: { b: { cases: lazy() } } }, { a: { b: { cases: items } } }],
      [lazy(), items],
    ] as const) {
      const text = written(value).join('');
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plain)));
    }
    const lines = written({ cases: lazy() }).join('').split('\n');
    expect(lines).toEqual(['{', '  "cases": [', '    {"order_id":"#1","reasons":["a","b"]},', '    {"order_id":"#2","reasons":[]},', '    null', '  ]', '}', '']);
    expect(made).toBe(12);
  });

  it('writes a long list in pieces of bounded size', () => {
    const cases = Array.from({ length: 20_000 }, (_, i) => ({ order_id: `#${i}`, customer: '王芳', lines: [{ sku: `SKU-${i}`, quantity: 1 }] }));
    const parts = written({ cases });
    expect(parts.join('')).toBe(`${JSON.stringify({ cases }, null, 2)}\n`);
    expect(parts.length).toBeGreaterThan(10);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(80 << 10);
  });

  it('waits for a slow reader instead of queueing the text: no write while the last one is still pending', async () => {
    const cases = Array.from({ length: 5_000 }, (_, i) => ({ order_id: `#${i}`, note: 'x'.repeat(100) }));
    const parts: string[] = [];
    let waiting = false;
    let waits = 0;
    await writeJson(
      { cases },
      {
        write: (text) => {
          expect(waiting).toBe(false);
          parts.push(text);
          return parts.length % 2 === 0; // the reader falls behind on every other piece
        },
        drained: async () => {
          waiting = true;
          waits++;
          await new Promise((r) => setTimeout(r, 1));
          waiting = false;
        },
      },
    );
    expect(parts.join('')).toBe(`${JSON.stringify({ cases }, null, 2)}\n`);
    expect(waits).toBe(Math.floor(parts.length / 2) + (parts.length % 2));
  });
});

describe('writePieces (the text tables of scan and cases)', () => {
  const lines = Array.from({ length: 30_000 }, (_, i) => `#${i} 王芳 LATE not shipped; ship-by passed ${i}h ago\n`);

  it('joins small pieces into chunks of about 64 KiB, losing and reordering nothing', () => {
    const chunks = [...chunked(lines)];
    expect(chunks.join('')).toBe(lines.join(''));
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(64 << 10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan((64 << 10) + 100);
    expect([...chunked([])]).toEqual([]);
  });

  it('asks for the next line only after a slow reader has drained', async () => {
    let pulled = 0;
    let waiting = false;
    const source = (function* () {
      for (const l of lines) {
        expect(waiting).toBe(false);
        pulled++;
        yield l;
      }
    })();
    const parts: string[] = [];
    await writePieces(source, {
      write: (text) => {
        parts.push(text);
        return false; // always behind
      },
      drained: async () => {
        waiting = true;
        await new Promise((r) => setTimeout(r, 1));
        waiting = false;
      },
    });
    expect(pulled).toBe(lines.length);
    expect(parts.join('')).toBe(lines.join(''));
  });
});
