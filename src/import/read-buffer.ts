/**
 * The process's large read buffer, lent to one reader at a time and never freed. Freeing a
 * buffer of a megabyte or more makes glibc keep that much freed memory in every thread's
 * arena for the rest of the run (see number-blocks.ts); hashing and then importing a file each
 * dropped one, and a scan is a few MiB smaller for keeping the one buffer instead.
 */
let spare: Buffer | null = null;

/** Every reader gets at least this much, so the hash's buffer is the import's too. */
const SIZE = 2 << 20;

/** A buffer of at least `size` bytes; give it back with `returnReadBuffer` when done. */
export function borrowReadBuffer(size: number): Buffer {
  const lent = spare && spare.length >= size ? spare : null;
  if (lent) spare = null;
  // Only when two readers overlap, or a reader needs more: the buffer is then a new one.
  return lent ?? Buffer.allocUnsafeSlow(Math.max(size, SIZE));
}

/** Takes a borrowed buffer back for the next reader (the largest one seen is kept). */
export function returnReadBuffer(buf: Buffer): void {
  if (!spare || buf.length > spare.length) spare = buf;
}
