/** What one scan read and found: printed by ui/scan-view.ts, or as --json. */
import type { DetectionResult } from '../domain/detect.js';
import type { FileKind } from '../rows/rows.js';
import type { CaseList, SyncSummary } from '../store/cases.js';

export type DetectionSummary = Omit<DetectionResult, 'findings' | 'stockLevels'>;

export interface FileReport {
  file: string;
  kind: FileKind;
  format: string;
  format_label: string;
  encoding: string;
  outcome: 'imported' | 'unchanged';
  rows: number;
  /** Order rows skipped because their order is byte for byte what the last scan imported. */
  unchanged_rows: number;
  orders: number;
  lines: number;
  items: number;
}

export interface ScanResult {
  now: number;
  files: FileReport[];
  imported: { orders: number; lines: number; inventory: number; tracking: number; substitutes: number; purchase_orders: number };
  /** What detection found besides the cases themselves (those are in `sync` and `cases`). */
  detection: DetectionSummary;
  sync: SyncSummary;
  /** Read while the database is still open: each view is made as the list reaches it. */
  cases: CaseList;
  warnings: string[];
}
