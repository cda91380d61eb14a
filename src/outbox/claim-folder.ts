/**
 * The claim's evidence folder, written whole or not at all: into a private temporary folder
 * beside the target, renamed into place at the end, so a failure never leaves half a claim.
 * Customer names, addresses and messages are inside: folders 0700, files 0600.
 */
import { copyFileSync, chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cantCreateError, noInputError } from '../errors.js';
import { toCsv } from './write-csv.js';

export interface ClaimFiles {
  markdown: string;
  fields: [string, string][];
  itemColumns: string[];
  items: (string | number | null)[][];
  tracking: (string | number | null)[][];
  messages: { name: string; text: string; row: (string | number | null)[] }[];
  attachments: string[];
}

export const TRACKING_COLUMNS = ['at', 'source', 'status', 'event'];
export const MESSAGE_COLUMNS = ['file', 'written_at', 'intent', 'channel', 'lang', 'recipient', 'subject', 'outbox_path'];

/** Writes the folder at `target` (which must not exist yet); returns its absolute path and the files in it. */
export function writeClaimFolder(target: string, files: ClaimFiles): { path: string; files: string[] } {
  const path = resolve(target);
  if (existsSync(path) && readdirSync(path).length) throw cantCreateError(`${path} already exists and is not empty`, 'pass --out with a new folder, or move the old claim away');
  for (const a of files.attachments) if (!existsSync(a)) throw noInputError(`attachment ${a} does not exist`, 'check the path given to --attach');
  const parent = dirname(path);
  const tmp = join(parent, `.${basename(path)}.tmp-${process.pid}`);
  try {
    mkdirSync(parent, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(join(tmp, 'messages'), { recursive: true, mode: 0o700 });
    chmodSync(tmp, 0o700);
    const written: string[] = [];
    const put = (name: string, text: string) => {
      writeFileSync(join(tmp, name), text, { mode: 0o600, flag: 'wx' });
      written.push(name);
    };
    put('claim.md', files.markdown);
    put('claim.csv', toCsv(['field', 'value'], files.fields));
    put('order.csv', toCsv(files.itemColumns, files.items));
    put('tracking.csv', toCsv(TRACKING_COLUMNS, files.tracking));
    for (const m of files.messages) put(join('messages', m.name), m.text);
    put(join('messages', 'index.csv'), toCsv(MESSAGE_COLUMNS, files.messages.map((m) => m.row)));
    if (files.attachments.length) {
      mkdirSync(join(tmp, 'attachments'), { mode: 0o700 });
      for (const a of files.attachments) {
        const name = join('attachments', basename(a));
        copyFileSync(a, join(tmp, name));
        chmodSync(join(tmp, name), 0o600);
        written.push(name);
      }
    }
    if (existsSync(path)) rmSync(path, { recursive: true });
    renameSync(tmp, path);
    return { path, files: written.sort() };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if ((e as { exitCode?: number }).exitCode !== undefined) throw e;
    throw cantCreateError(`cannot write the claim folder ${path}: ${(e as Error).message}`, 'check the folder is writable, or pass --out <dir>');
  }
}
