/**
 * Reading one export into canonical rows, fast and with memory that does not
 * grow with the file:
 *
 *   read 1 MiB → find records (record-scanner) → group an order's rows →
 *   skip groups whose bytes were imported last time → 128 KiB batches →
 *   split (string search on the projected columns, csv-parse for the rest) and map in worker threads (orders merged into runs, see
 *   order-runs.ts) → batches back in file order → the caller's writer.
 *
 * The main thread finds boundaries, fingerprints groups and writes to SQLite
 * while a worker parses (measured with scripts/bench.mjs: csv-parse is the bottleneck, and the machine
 * has two cores). Small files are parsed in-thread: starting a worker costs more than it saves.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { TextDecoder } from 'node:util';
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';
import { keepHeapSmall } from '../small-heap.js';
import { dataError, locatedDataError } from '../errors.js';
import { createBatchParser, deserializeError, MAX_RECORD_BYTES, type Batch, type BatchParserInit, type BatchResult } from './parse-batch.js';
import { unpackRows, type PackedRows } from './pack-rows.js';
import { RecordScanner, UnclosedQuote, type ScanState } from './record-scanner.js';
import { borrowReadBuffer, returnReadBuffer } from './read-buffer.js';
import { containedIn, GrowableFloat64, hasRepeat, type BlockStore } from '../rows/number-blocks.js';
import type { MangledIdRow } from '../rows/rows.js';

const CHUNK = 1 << 20;
/** An order's rows are parsed together; one this large means a broken id column. */
const MAX_GROUP_BYTES = 16 << 20;
/**
 * Below this size a worker costs more than parallel parsing saves: ~40 ms to start, and
 * 20 MiB of memory for a tracking or inventory file the main thread reads in a second.
 */
const PARALLEL_MIN_BYTES = 16 << 20;
/**
 * Batches are cut at about this size, not per 1 MiB read: a batch's records and rows then die
 * young in the parser's heap and the writer's, instead of being promoted and piling up in the
 * old generation until a full collection (1M-row peak RSS and GC time).
 */
const BATCH_BYTES = 128 << 10;
/** Batches queued at a worker before the reader waits: enough that it never runs dry. */
const IN_FLIGHT_PER_WORKER = 8;
/** A parse worker's young generation (see ParserPool). */
const WORKER_YOUNG_MB = 8;

export interface PipelineInput {
  path: string;
  size: number;
  encoding: string;
  bomLength: number;
  headerLine: number;
  init: BatchParserInit;
  /** Column whose raw bytes group an order's rows (batches never split an order); -1 for none. */
  keyColumn: number;
  /** Fingerprints of the groups the previous import wrote, in ascending blocks; null to import everything. */
  previous: readonly Float64Array[] | null;
  /** Mixed into every fingerprint: the same bytes read under other settings are not "unchanged". */
  seed: number;
  /** Where full blocks of fingerprints wait until the file is read; in memory when absent. */
  blocks?: BlockStore;
  /** A batch of rows in file order (BatchResult.rows), and how many rows it holds. */
  onRows: (rows: BatchResult['rows'], count: number) => void;
  onProgress?: (bytesRead: number) => void;
}

export interface PipelineResult {
  /** Data records read, blank lines and the footer excluded. */
  records: number;
  /** Groups (orders) whose bytes matched the previous import, and their records. */
  unchangedGroups: number;
  unchangedRecords: number;
  /**
   * Fingerprints of every group in this file, for the next import: ascending blocks, to be read
   * once, while the `blocks` store is still open (each block is reused for the next).
   */
  fingerprints: Iterable<Float64Array>;
  /**
   * Some order id heads two groups: its rows are not together (a file sorted by
   * product, say). Skipping one of its groups would lose lines, so such a file
   * is imported whole and leaves no fingerprints.
   */
  scattered: boolean;
  warnings: string[];
  mangled: MangledIdRow[];
}

/** How many parse workers: OOS_IMPORT_THREADS overrides (0 parses in the main thread). */
export function workerCount(size: number): number {
  const env = process.env.OOS_IMPORT_THREADS;
  if (env !== undefined && env !== '') return Math.max(0, Math.min(8, Number(env) || 0));
  if (size < PARALLEL_MIN_BYTES) return 0;
  // One worker: a second one parsed a million rows a tenth faster, for 10-15 MiB more peak
  // memory.
  return availableParallelism() > 1 ? 1 : 0;
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const pool = new ParserPool(input.init, workerCount(input.size));
  let read: Read;
  try {
    read = await readAll(input, pool);
  } finally {
    await pool.close();
  }
  // Sorted once the workers are gone, group keys first; the fingerprints as they are read.
  const { result, prints, keyPrints } = read;
  result.scattered = hasRepeat(keyPrints.sortedBlocks());
  result.fingerprints = prints.sortedBlocks();
  return result;
}

/** What reading the file found: the result without its fingerprints, and the fingerprints unsorted. */
interface Read {
  result: PipelineResult;
  prints: GrowableFloat64;
  keyPrints: GrowableFloat64;
}

async function readAll(input: PipelineInput, pool: ParserPool): Promise<Read> {
  const { init } = input;
  const scanner = new RecordScanner({ delimiter: init.delimiter, quote: init.quote, trim: init.delimiter !== '\t', keyColumn: input.keyColumn });
  const reader = new ByteReader(input.path, input.encoding, input.bomLength);
  try {
    return await readRecords(input, pool, scanner, reader);
  } finally {
    reader.close();
  }
}

async function readRecords(input: PipelineInput, pool: ParserPool, scanner: RecordScanner, reader: ByteReader): Promise<Read> {
  const { init } = input;
  const state: ScanState = { line: 1 };
  const result: PipelineResult = { records: 0, unchangedGroups: 0, unchangedRecords: 0, fingerprints: [], scattered: false, warnings: [], mangled: [] };
  const prints = new GrowableFloat64(input.blocks);
  const keyPrints = new GrowableFloat64(input.blocks);
  let footer = false;
  let seq = 0;

  const deliver = (r: BatchResult) => {
    if (footer) return;
    if (r.error) throw deserializeError(r.error);
    result.records += r.records;
    for (const w of r.warnings) if (!result.warnings.includes(w)) result.warnings.push(w);
    result.mangled.push(...r.mangled);
    if (r.rowCount) input.onRows(r.rows, r.rowCount);
    if (r.footer) footer = true;
  };
  pool.onResult = deliver;

  // Records of the group being read, as offsets into the reader's buffer.
  let groupStart = -1;
  let groupKeyStart = -1;
  let groupKeyEnd = -1;
  let groupLines: number[] = [];
  // Ranges and lines of the batch being filled.
  let ranges: number[] = [];
  let batchLines: number[] = [];
  let batchBytes = 0;

  const closeGroup = (buf: Buffer, end: number) => {
    if (groupStart < 0) return;
    const fp = fingerprint(buf, groupStart, end, input.seed);
    prints.push(fp);
    if (input.keyColumn >= 0 && groupKeyStart >= 0) keyPrints.push(fingerprint(buf, groupKeyStart, groupKeyEnd, 0));
    if (input.previous && containedIn(input.previous, fp)) {
      result.unchangedGroups++;
      result.unchangedRecords += groupLines.length;
    } else {
      const last = ranges.length - 1;
      if (last > 0 && ranges[last] === groupStart) ranges[last] = end;
      else ranges.push(groupStart, end);
      for (const l of groupLines) batchLines.push(l);
      batchBytes += end - groupStart;
      if (batchBytes >= BATCH_BYTES) cutBatch(buf);
    }
    groupStart = -1;
    groupLines = [];
  };

  // Batches cut while scanning a read, submitted once the scan of that read returns.
  const cut: Batch[] = [];
  function cutBatch(buf: Buffer) {
    if (!batchLines.length) return;
    cut.push({ seq: seq++, bytes: copyOf(buf, ranges, batchBytes, pool.buffer(batchBytes)), lines: Int32Array.from(batchLines) });
    ranges = [];
    batchLines = [];
    batchBytes = 0;
  }
  const flushBatch = async (buf: Buffer) => {
    cutBatch(buf);
    for (const batch of cut.splice(0)) await pool.submit(batch);
  };

  for (;;) {
    const { buf, length, eof } = reader.next();
    input.onProgress?.(reader.bytesRead);
    let next = 0;
    try {
      next = scanner.scan(buf.subarray(0, length), 0, eof, state, (start, _end, line, ks, ke) => {
        if (line <= input.headerLine) return;
        if (input.keyColumn >= 0) {
          const sameGroup = groupStart >= 0 && (ks < 0 || (ke - ks === groupKeyEnd - groupKeyStart && buf.compare(buf, groupKeyStart, groupKeyEnd, ks, ke) === 0));
          if (!sameGroup) {
            closeGroup(buf, start);
            groupStart = start;
            groupKeyStart = ks;
            groupKeyEnd = ke;
          }
          if (ks >= 0 && groupKeyStart < 0) {
            groupKeyStart = ks;
            groupKeyEnd = ke;
          }
        } else {
          closeGroup(buf, start);
          groupStart = start;
        }
        groupLines.push(line);
      });
    } catch (e) {
      if (e instanceof UnclosedQuote) throw unclosedQuote(init.file, e.line);
      throw e;
    }
    if (eof) {
      closeGroup(buf, length);
      await flushBatch(buf);
      break;
    }
    // Everything before the open group is settled: batch it, then carry the open
    // group (and an incomplete last record) over to the next read and scan it again.
    if (length - next > MAX_RECORD_BYTES) throw oversizedRecord(init.file, state.line);
    const carryFrom = groupStart >= 0 ? groupStart : next;
    if (length - carryFrom > MAX_GROUP_BYTES) throw oversizedGroup(init.file, groupLines[0] ?? state.line);
    await flushBatch(buf);
    if (groupStart >= 0) {
      state.line = groupLines[0]!;
      groupStart = -1;
      groupLines = [];
    }
    reader.carry(carryFrom);
    if (footer) break;
  }
  await pool.drain();
  return { result, prints, keyPrints };
}

function unclosedQuote(file: string, line: number) {
  return locatedDataError(
    { file, line },
    'a quote opened on this line is never closed',
    'a value that contains the delimiter, a quote or a line break must be wrapped in double quotes, with inner quotes doubled ("")',
  );
}

function oversizedRecord(file: string, line: number) {
  return locatedDataError(
    { file, line },
    'a row is larger than 1 MiB: probably a quote opened on this line is never closed',
    'a value that contains the delimiter, a quote or a line break must be wrapped in double quotes, with inner quotes doubled ("")',
  );
}

function oversizedGroup(file: string, line: number) {
  return locatedDataError(
    { file, line },
    `the order starting on this line has more than ${MAX_GROUP_BYTES >> 20} MiB of rows`,
    'check the order id column: every row seems to carry the same id',
  );
}

/** Reads a file in chunks into one reusable buffer; UTF-16 is turned into UTF-8 first. */
class ByteReader {
  private readonly fd: number;
  private buf = borrowReadBuffer(CHUNK * 2);
  private length = 0;
  private eof = false;
  bytesRead = 0;
  /** UTF-16 is the one encoding whose bytes the scanner cannot read as ASCII. */
  private readonly transcoder: TextDecoder | null;
  private readonly scratch: Buffer;
  private skip: number;

  constructor(
    private readonly path: string,
    encoding: string,
    bomLength: number,
  ) {
    this.fd = openSync(path, 'r');
    this.transcoder = encoding.startsWith('utf-16') ? new TextDecoder(encoding, { fatal: true, ignoreBOM: false }) : null;
    this.scratch = Buffer.allocUnsafe(this.transcoder ? CHUNK : 0);
    this.skip = this.transcoder ? 0 : bomLength;
  }

  next(): { buf: Buffer; length: number; eof: boolean } {
    if (!this.eof) {
      if (this.transcoder) this.readTranscoded();
      else this.readBytes();
      if (this.eof) closeSync(this.fd);
    }
    return { buf: this.buf, length: this.length, eof: this.eof };
  }

  private readBytes(): void {
    if (this.buf.length - this.length < CHUNK) this.grow(this.length + CHUNK);
    const n = readSync(this.fd, this.buf, this.length, CHUNK, null);
    this.bytesRead += n;
    if (n === 0) {
      this.eof = true;
      return;
    }
    const skipped = Math.min(this.skip, n);
    if (skipped) this.buf.copy(this.buf, this.length, this.length + skipped, this.length + n);
    this.skip -= skipped;
    this.length += n - skipped;
  }

  private readTranscoded(): void {
    const n = readSync(this.fd, this.scratch, 0, CHUNK, null);
    this.bytesRead += n;
    let text: string;
    try {
      text = n === 0 ? this.transcoder!.decode() : this.transcoder!.decode(this.scratch.subarray(0, n), { stream: true });
    } catch {
      throw dataError(`${this.path}: invalid UTF-16 text near byte ${this.bytesRead}`, 'check the file was not re-saved in another program, or try --encoding utf-8');
    }
    if (n === 0) this.eof = true;
    const bytes = Buffer.byteLength(text);
    if (this.buf.length - this.length < bytes) this.grow(this.length + bytes);
    this.length += this.buf.write(text, this.length);
  }

  /** Keeps buf[from, length) and moves it to the front. */
  carry(from: number): void {
    this.buf.copy(this.buf, 0, from, this.length);
    this.length -= from;
  }

  private grow(min: number): void {
    const bigger = borrowReadBuffer(Math.max(min, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.length);
    returnReadBuffer(this.buf);
    this.buf = bigger;
  }

  close(): void {
    if (!this.eof) {
      this.eof = true;
      closeSync(this.fd);
    }
    returnReadBuffer(this.buf);
    this.buf = Buffer.alloc(0);
    this.length = 0;
  }
}

/**
 * A 53-bit fingerprint of buf[s, e) (cyrb53's mixing, four bytes at a time).
 * It depends only on the bytes, not on where they sit in the buffer.
 */
export function fingerprint(buf: Buffer, s: number, e: number, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  let i = s;
  for (const last = e - 3; i < last; i += 4) {
    const k = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
    h1 = Math.imul(h1 ^ k, 2654435761);
    h2 = Math.imul(h2 ^ k, 1597334677);
  }
  for (; i < e; i++) {
    h1 = Math.imul(h1 ^ buf[i]!, 2654435761);
    h2 = Math.imul(h2 ^ buf[i]!, 1597334677);
  }
  h1 ^= e - s;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A seed from a settings string, so fingerprints change when the settings do. */
export function seedOf(text: string): number {
  const b = Buffer.from(text);
  return fingerprint(b, 0, b.length, 0) % 0x7fffffff;
}

/** The batch's bytes, copied into `into` (a recycled buffer at least `total` long). */
function copyOf(buf: Buffer, ranges: number[], total: number, into: ArrayBuffer): Uint8Array {
  const out = new Uint8Array(into, 0, total);
  let at = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    out.set(buf.subarray(ranges[i]!, ranges[i + 1]!), at);
    at += ranges[i + 1]! - ranges[i]!;
  }
  return out;
}

/**
 * Batch buffers, recycled. A batch's bytes live until it is parsed, long enough for V8 to move
 * them to the old generation, and old buffers are freed only by a full collection: every batch
 * in a new buffer left 40-60 MiB of dead batches in memory at any time of a 1M-row import
 * (heaptrack). Workers send each batch's buffer back with its rows, so a few dozen
 * buffers carry the whole file. Sizes are rounded up to 64 KiB so they fit the next batch.
 */
class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();

  take(size: number): ArrayBuffer {
    const capacity = Math.max(1, Math.ceil(size / SIZE_CLASS)) * SIZE_CLASS;
    return this.free.get(capacity)?.pop() ?? new ArrayBuffer(capacity);
  }

  give(buffer: ArrayBuffer): void {
    // A detached buffer (length 0) has nothing left to give.
    if (!buffer.byteLength) return;
    let list = this.free.get(buffer.byteLength);
    if (!list) this.free.set(buffer.byteLength, (list = []));
    if (list.length < MAX_FREE_PER_SIZE) list.push(buffer);
  }
}
const MAX_FREE_PER_SIZE = 64;
const SIZE_CLASS = 64 << 10;

/**
 * Parses batches in worker threads (or, without workers, in this thread) and hands results
 * back in submission order. With a worker, this thread only reads, writes and waits: it used
 * to parse a batch itself whenever the worker had a full queue, which made a 1M-row scan a
 * tenth faster but filled this thread's heap with the parser's short-lived rows, 8-12 MiB
 * more at the peak (131-139 MiB against 122-126 MiB without).
 */
class ParserPool {
  onResult: (r: BatchResult) => void = () => {};
  private readonly workers: Worker[] = [];
  private readonly inFlight: number[] = [];
  private parseHere: ((b: Batch) => BatchResult) | null = null;
  private readonly ready = new Map<number, BatchResult>();
  private nextToDeliver = 0;
  private submitted = 0;
  private failure: unknown = null;
  private wake: (() => void) | null = null;
  private readonly buffers = new BufferPool();

  constructor(
    private readonly init: BatchParserInit,
    count: number,
  ) {
    // Starting a worker puts V8's flags back to their defaults, and the main thread's setting
    // that keeps its own young generation small (small-heap.ts) would also stop the
    // workers' from growing to the size they parse fastest at. So workers start at that size,
    // and the setting comes back once they are all up (main thread: 32 → 4 MiB).
    if (count) v8.setFlagsFromString(`--min-semi-space-size=${WORKER_YOUNG_MB / 2}`);
    let online = 0;
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('./parse-worker.js', import.meta.url), {
        workerData: init,
        // Small heaps keep the process's memory flat, but the worker's collections cost: at 4 MiB
        // they were 3.7 s of a 1M-row import; 8 MiB parses visibly faster for ~2 MiB more peak,
        // 16 MiB a little faster again for ~6 MiB.
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: 64 },
      });
      const index = i;
      w.on('message', (r: Omit<BatchResult, 'rows'> & { rows: PackedRows; bytes: Uint8Array }) => {
        this.inFlight[index]!--;
        this.buffers.give(r.bytes.buffer as ArrayBuffer);
        this.arrived({ ...r, rows: unpackRows(r.rows) });
      });
      w.on('error', (e) => this.fail(e));
      w.once('online', () => {
        if (++online < count) return;
        v8.setFlagsFromString('--min-semi-space-size=0');
        keepHeapSmall();
      });
      this.workers.push(w);
      this.inFlight.push(0);
    }
  }

  /** A buffer for a batch of `size` bytes; it comes back here once the batch is parsed. */
  buffer(size: number): ArrayBuffer {
    return this.buffers.take(size);
  }

  async submit(batch: Batch): Promise<void> {
    if (this.workers.length) {
      // To the least busy worker, once one has room: the queues bound the memory in flight.
      const leastBusy = () => this.inFlight.indexOf(Math.min(...this.inFlight));
      while (this.inFlight[leastBusy()]! >= IN_FLIGHT_PER_WORKER) await this.waitForProgress();
      const w = leastBusy();
      this.submitted++;
      this.inFlight[w]!++;
      this.workers[w]!.postMessage(batch, [batch.bytes.buffer as ArrayBuffer]);
    } else {
      this.submitted++;
      this.parseHere ??= createBatchParser(this.init);
      this.ready.set(batch.seq, this.parseHere(batch));
      this.buffers.give(batch.bytes.buffer as ArrayBuffer);
      this.deliverReady();
    }
    this.throwIfFailed();
  }

  async drain(): Promise<void> {
    while (this.nextToDeliver < this.submitted) await this.waitForProgress();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private arrived(r: BatchResult): void {
    // After a failure nothing more reaches the writer: SQLite may already have rolled the
    // transaction back (SQLITE_FULL), and a later write would then commit on its own.
    if (this.failure) return;
    this.ready.set(r.seq, r);
    try {
      this.deliverReady();
    } catch (e) {
      this.fail(e);
    }
    this.wake?.();
  }

  private deliverReady(): void {
    for (let r = this.ready.get(this.nextToDeliver); r; r = this.ready.get(this.nextToDeliver)) {
      this.ready.delete(this.nextToDeliver);
      this.nextToDeliver++;
      this.onResult(r);
    }
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.wake?.();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private async waitForProgress(): Promise<void> {
    this.throwIfFailed();
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    this.throwIfFailed();
  }
}
