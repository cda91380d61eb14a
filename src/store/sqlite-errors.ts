/** Mapping SQLite failure codes to exit codes; kept apart from db.ts so cli.ts can use it without loading better-sqlite3. */
import { busyError, cantCreateError, noInputError, OosError } from '../errors.js';

/** SQLite failures that are the user's situation, not a bug, become documented exit codes. */
export function translateSqliteError(e: unknown, path: string): unknown {
  if (e instanceof OosError) return e;
  const code = (e as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return busyError(`the database ${path} is busy (another oos command is writing to it)`, 'try again in a moment');
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return noInputError(`${path} is not an oos database, or it is damaged (${code})`, 'oos never overwrites it: restore a backup, or pass another path with --db');
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return cantCreateError(`cannot write the database ${path} (${code})`, 'check the folder is writable, or choose another path with --db');
  }
  if (code === 'SQLITE_FULL') return cantCreateError(`the disk is full while writing ${path}`, 'free some space and run again; nothing was changed');
  return e;
}

