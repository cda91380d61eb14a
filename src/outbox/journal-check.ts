/**
 * Whether a killed run left a journal in the outbox (atomic-files.ts): one readdir, and nothing
 * else loaded, so cron's idle follow-up run stays light.
 */
import { readdirSync } from 'node:fs';

export function hasJournals(outbox: string): boolean {
  try {
    return readdirSync(outbox).some((n) => n.startsWith('.journal-'));
  } catch {
    return false;
  }
}
