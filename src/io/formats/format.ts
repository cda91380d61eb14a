/** What a supported export format provides: recognition from its header, and a row mapper. */
import type { Cells, Header } from './cells.js';
import type { FileKind, RowsByKind } from './rows.js';

export type RowMapper<K extends FileKind> = (fields: string[], line: number) => RowsByKind[K] | null;

export interface Format<K extends FileKind = FileKind> {
  /** What `--format` takes, e.g. `shopify`. */
  id: string;
  label: string;
  kind: K;
  /** 0 when the header is not this format; higher scores are better matches. */
  recognise(header: Header): number;
  /** Required columns this header lacks, all of them. */
  missing(header: Header): string[];
  bind(header: Header, cells: Cells): RowMapper<K>;
  /** false for flat files that do not quote (Amazon). */
  quote?: boolean;
  isFooter?: (fields: string[]) => boolean;
  /** The column holding the order id: an order's rows are kept together by its raw bytes. */
  groupColumn?: (header: Header) => number;
  /** Where the shop owner downloads this file (README and error hints). */
  where: string;
}

export const defineFormat = <K extends FileKind>(f: Format<K>): Format<K> => f;
