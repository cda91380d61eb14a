/** Generated CSVs full of the cases a CSV splitter gets wrong, for tests that compare against csv-parse. */

/** A small seeded generator: the same files on every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'b c', '王', 'ｱ', '"q"', '""', ' ', '=""1""', "'0", '\t'];
const NEWLINES = ['\n', '\r\n', '\r'];

/** A CSV (rows of 1–4 fields, or all `fixedWidth` wide) with quoted fields holding delimiters, quotes and line breaks, blank lines, and stray quotes inside unquoted values. */
export function randomCsv(r: () => number, delimiter: string, fixedWidth?: number): string {
  const lines: string[] = [];
  const rows = 1 + Math.floor(r() * 12);
  const nl = NEWLINES[Math.floor(r() * 3)]!;
  for (let i = 0; i < rows; i++) {
    if (r() < 0.1) {
      lines.push('');
      continue;
    }
    const fields: string[] = [];
    const width = fixedWidth ?? 1 + Math.floor(r() * 4);
    for (let f = 0; f < width; f++) {
      const roll = r();
      if (roll < 0.35) {
        let inner = '';
        for (let k = 0; k < 3; k++) inner += [...PIECES, delimiter, '\n', '\r\n', '""'][Math.floor(r() * (PIECES.length + 4))];
        fields.push(`${r() < 0.2 ? ' ' : ''}"${inner.replaceAll('"', '""')}"${r() < 0.2 ? ' ' : ''}`);
      } else if (roll < 0.45) fields.push(`x"y`);
      else fields.push(PIECES[Math.floor(r() * PIECES.length)]!.replaceAll('"', '').replaceAll('\t', delimiter === '\t' ? '' : '\t'));
    }
    lines.push(fields.join(delimiter));
  }
  return lines.join(nl) + (r() < 0.5 ? nl : '');
}
