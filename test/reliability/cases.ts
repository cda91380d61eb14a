/**
 * The reliability cases of test/reliability/CASES.md ("Tests a trusted system
 * of this kind would run"), groups A–I. A test covers a case by carrying its
 * id in square brackets in its name, e.g. `it('[B4 B5] line endings …')`; the
 * reporter counts them at the end of `npm test`, and coverage.test.ts fails
 * when a case is neither tagged by a test nor explained in README.md.
 */
export const GROUPS = {
  A: { title: 'Install and platform', cases: 3 },
  B: { title: 'CSV import corpus', cases: 27 },
  C: { title: 'Encodings', cases: 8 },
  D: { title: 'Templates and messages', cases: 12 },
  E: { title: 'CSV export', cases: 6 },
  F: { title: 'SQLite durability and concurrency', cases: 15 },
  G: { title: 'Prompts and TTY', cases: 7 },
  H: { title: 'Files and outbox', cases: 10 },
  I: { title: 'Exit codes, cron and colour', cases: 5 },
} as const;

export type Group = keyof typeof GROUPS;

export const ALL_CASES: string[] = Object.entries(GROUPS).flatMap(([g, { cases }]) => Array.from({ length: cases }, (_, i) => `${g}${i + 1}`));

/** Case ids named by a test title: every `[X1 X2 …]` tag in it. */
export function casesIn(title: string): string[] {
  return [...title.matchAll(/\[((?:[A-I]\d{1,2}[ ,]*)+)\]/g)].flatMap((m) => m[1]!.split(/[ ,]+/).filter(Boolean));
}

/** The cases test/reliability/README.md explains under "## Not tested" (lines starting `- **C7**`). */
export function untestedCases(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Not tested')) ?? '';
  return [...section.matchAll(/^- \*\*([A-I]\d{1,2})\*\*/gm)].map((m) => m[1]!);
}
